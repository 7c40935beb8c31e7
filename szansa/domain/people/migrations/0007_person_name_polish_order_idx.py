"""The registry's order by name in Polish order (issue 14, lib.filters.polish_order): an index on the names
with the ICU collation "pl-x-icu", so that a page of the registry sorted by name reads the index instead of
sorting every person (the C-collated person_name_order_idx cannot serve a collated ORDER BY).

PostgreSQL only, and only when it has the collation (built with ICU); elsewhere the list sorts as the
database does and needs no such index. The index is not in the model's state: Django cannot describe an
index whose collation may be missing."""

from django.db import migrations

INDEX = "person_name_pl_order_idx"


def create_index(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_collation WHERE collname = 'pl-x-icu'")
        if cursor.fetchone() is None:
            return
        cursor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON people_person "
            '(last_name COLLATE "pl-x-icu", first_name COLLATE "pl-x-icu", id)'
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("people", "0006_search_text_without_diacritics")]

    operations = [migrations.RunPython(create_index, drop_index)]
