"""Loads the filing-plan categories and the retention rules from privacy/data/*.json (editable afterwards
in the admin)."""

import json
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data"


def load(apps, schema_editor):
    FilingCategory = apps.get_model("privacy", "FilingCategory")
    RetentionRule = apps.get_model("privacy", "RetentionRule")
    for row in json.loads((DATA / "filing_categories.json").read_text(encoding="utf-8")):
        FilingCategory.objects.update_or_create(symbol=row.pop("symbol"), defaults=row)
    for row in json.loads((DATA / "retention_rules.json").read_text(encoding="utf-8")):
        symbol = row.pop("filing_category")
        row["filing_category"] = FilingCategory.objects.get(symbol=symbol) if symbol else None
        RetentionRule.objects.update_or_create(
            record_class=row.pop("record_class"), valid_from=row.pop("valid_from"), defaults=row
        )


class Migration(migrations.Migration):
    dependencies = [("privacy", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
