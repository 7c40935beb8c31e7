# ESF+ common output indicators (EECO01–EECO17, Regulation (EU) 2021/1057, Annex I) and the corrected
# definitions of PI9i-R-01 / EECR01 (inactive at entry) and of the effectiveness window (90 days), from
# data/indicators.json (docs/indicators.md). Existing rows are updated by their code.

import json
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "indicators.json"
CODES = {"PI9i-R-01", "EECR01", "EFS-ES", "EFS-EZ"} | {f"EECO{n:02d}" for n in range(1, 18)}


def load(apps, schema_editor):
    IndicatorDefinition = apps.get_model("projects", "IndicatorDefinition")
    for row in json.loads(DATA.read_text(encoding="utf-8")):
        if row["code"] in CODES:
            IndicatorDefinition.objects.update_or_create(code=row.pop("code"), defaults=row)


class Migration(migrations.Migration):
    dependencies = [("projects", "0006_call_severe_employment_effectiveness_min_and_more")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
