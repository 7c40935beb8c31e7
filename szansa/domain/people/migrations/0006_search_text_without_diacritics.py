"""The name search ignores diacritics (issue 14): search_text is recomputed with the folding of
szansa.lib.text.fold ("Białczyk" -> "bialczyk"); the trigram index on it stays as it is."""

from django.db import migrations

from szansa.lib.text import fold

BATCH = 5000


def refold(apps, schema_editor):
    Person = apps.get_model("people", "Person")
    changed = []
    for person in Person.objects.only("id", "first_name", "last_name", "search_text").iterator(
        chunk_size=BATCH
    ):
        key = fold(f"{person.last_name} {person.first_name}")
        if key != person.search_text:
            person.search_text = key
            changed.append(person)
        if len(changed) >= BATCH:
            Person.objects.bulk_update(changed, ["search_text"])
            changed = []
    if changed:
        Person.objects.bulk_update(changed, ["search_text"])


class Migration(migrations.Migration):
    dependencies = [("people", "0005_situation_disability_causes")]

    operations = [migrations.RunPython(refold, migrations.RunPython.noop)]
