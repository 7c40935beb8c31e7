"""Loads the standards of sheltered flats and the fee tables from housing/data/*.json (editable in
admin afterwards; values marked 'verify' in the notes)."""

import json
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data"


def _rows(name):
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def load(apps, schema_editor):
    HousingStandard = apps.get_model("housing", "HousingStandard")
    FeeTable = apps.get_model("housing", "FeeTable")
    FeeBand = apps.get_model("housing", "FeeBand")
    for row in _rows("standards.json"):
        HousingStandard.objects.update_or_create(valid_from=row.pop("valid_from"), defaults=row)
    for row in _rows("fee_tables.json"):
        bands = row.pop("bands")
        table, _ = FeeTable.objects.update_or_create(valid_from=row.pop("valid_from"), defaults=row)
        table.bands.all().delete()
        for band in bands:
            FeeBand.objects.create(table=table, **band)


class Migration(migrations.Migration):
    dependencies = [("housing", "0002_stay_no_overlap")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
