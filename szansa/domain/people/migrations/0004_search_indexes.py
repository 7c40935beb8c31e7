"""Indexes for a city-sized registry (issue 8): pg_trgm and a GIN trigram index for the name search
(`search_text LIKE '%word%'`), a prefix index for PESEL search and one matching the list's order.

The trigram and pattern-ops indexes exist on PostgreSQL only; on SQLite they are in the migration
state but not created (the SQLite path has no use for them)."""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models


class AddIndexOnPostgres(migrations.AddIndex):
    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0003_message"),
    ]

    operations = [
        TrigramExtension(),  # CreateExtension does nothing outside PostgreSQL
        migrations.AddIndex(
            model_name="person",
            index=models.Index(fields=["last_name", "first_name", "id"], name="person_name_order_idx"),
        ),
        AddIndexOnPostgres(
            model_name="person",
            index=GinIndex(fields=["search_text"], opclasses=["gin_trgm_ops"], name="person_search_trgm"),
        ),
        AddIndexOnPostgres(
            model_name="person",
            index=models.Index(
                fields=["pesel"], opclasses=["varchar_pattern_ops"], name="person_pesel_prefix_idx"
            ),
        ),
    ]
