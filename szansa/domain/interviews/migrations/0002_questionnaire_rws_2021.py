"""Loads the questionnaire of 2021 from interviews/data/rws-2021.json (a new version or a correction is
loaded afterwards with `manage.py load_questionnaire`, docs/community-interview.md)."""

import json
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data"


def load(apps, schema_editor):
    Questionnaire = apps.get_model("interviews", "Questionnaire")
    row = json.loads((DATA / "rws-2021.json").read_text(encoding="utf-8"))
    Questionnaire.objects.update_or_create(code=row.pop("code"), defaults=row)


class Migration(migrations.Migration):
    dependencies = [("interviews", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
