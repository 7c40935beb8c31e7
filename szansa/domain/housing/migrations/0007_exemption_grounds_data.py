"""Loads the catalogue of exemption grounds and the fee bands by scope of services from
housing/data/exemption_grounds.json and fee_bands_by_scope.json (editable in admin afterwards; demo values
marked 'verify')."""

import json
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data"


def _rows(name):
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def load(apps, schema_editor):
    ExemptionGround = apps.get_model("housing", "ExemptionGround")
    FeeTable = apps.get_model("housing", "FeeTable")
    FeeBand = apps.get_model("housing", "FeeBand")
    for row in _rows("exemption_grounds.json"):
        ExemptionGround.objects.update_or_create(code=row.pop("code"), defaults=row)
    for row in _rows("fee_bands_by_scope.json"):
        table = FeeTable.objects.filter(valid_from=row["table_valid_from"]).first()
        if table is None:
            continue
        table.bands.filter(scope=row["scope"]).delete()
        for band in row["bands"]:
            FeeBand.objects.create(table=table, scope=row["scope"], **band)
        if row["note"] not in table.notes:
            table.notes = f"{table.notes}\n{row['note']}".strip()
            table.save(update_fields=["notes"])


class Migration(migrations.Migration):
    dependencies = [("housing", "0006_exemption_grounds_and_scope")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
