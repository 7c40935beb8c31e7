"""Loads the date-effective reference tables from people/data/*.json (editable afterwards in admin)."""

import json
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data"


def load(apps, schema_editor):
    IncomeCriterion = apps.get_model("people", "IncomeCriterion")
    Art7Reason = apps.get_model("people", "Art7Reason")
    for row in json.loads((DATA / "income_criteria.json").read_text(encoding="utf-8")):
        IncomeCriterion.objects.update_or_create(valid_from=row.pop("valid_from"), defaults=row)
    for row in json.loads((DATA / "art7_reasons.json").read_text(encoding="utf-8")):
        Art7Reason.objects.update_or_create(code=row.pop("code"), defaults=row)


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
