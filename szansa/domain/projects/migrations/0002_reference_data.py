"""Loads the reference data from projects/data/*.json: bodies, programmes, measures, the indirect-cost
flat rates and the indicator definitions (editable afterwards in admin; values marked 'verify' in notes)."""

import json
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data"


def _rows(name):
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def load(apps, schema_editor):
    ManagingBody = apps.get_model("projects", "ManagingBody")
    Programme = apps.get_model("projects", "Programme")
    Measure = apps.get_model("projects", "Measure")
    IndirectCostRate = apps.get_model("projects", "IndirectCostRate")
    IndicatorDefinition = apps.get_model("projects", "IndicatorDefinition")
    for row in _rows("bodies.json"):
        ManagingBody.objects.update_or_create(name=row.pop("name"), defaults=row)
    for row in _rows("programmes.json"):
        body = row.pop("managing_body")
        row["managing_body"] = ManagingBody.objects.get(name=body) if body else None
        Programme.objects.update_or_create(code=row.pop("code"), defaults=row)
    for row in _rows("measures.json"):
        programme = Programme.objects.get(code=row.pop("programme"))
        Measure.objects.update_or_create(programme=programme, code=row.pop("code"), defaults=row)
    for row in _rows("indirect_cost_rates.json"):
        IndirectCostRate.objects.update_or_create(
            period=row.pop("period"), direct_costs_up_to=row.pop("direct_costs_up_to"), defaults=row
        )
    for row in _rows("indicators.json"):
        IndicatorDefinition.objects.update_or_create(code=row.pop("code"), defaults=row)


class Migration(migrations.Migration):
    dependencies = [("projects", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
