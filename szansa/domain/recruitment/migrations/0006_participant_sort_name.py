"""The participant's copy of the person's name for the order by name (issue 14): two columns, and the
triggers that keep them, their backfill and the Polish-order index of recruitment.name_copy."""

from django.db import migrations, models


def create(apps, schema_editor):
    from szansa.domain.recruitment import name_copy

    name_copy.create(schema_editor.connection)


def drop(apps, schema_editor):
    from szansa.domain.recruitment import name_copy

    name_copy.drop(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("recruitment", "0005_participant_entry_flags"),
        ("people", "0007_person_name_polish_order_idx"),
    ]

    operations = [
        migrations.AddField(
            model_name="participant",
            name="sort_first_name",
            field=models.CharField(default="", editable=False, max_length=100),
        ),
        migrations.AddField(
            model_name="participant",
            name="sort_last_name",
            field=models.CharField(default="", editable=False, max_length=100),
        ),
        migrations.RunPython(create, drop),
    ]
