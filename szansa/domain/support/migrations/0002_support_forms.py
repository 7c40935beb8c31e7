"""Loads the catalogue of support forms from support/data/support_forms.json (editable afterwards)."""

import json
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data"


def load(apps, schema_editor):
    SupportForm = apps.get_model("support", "SupportForm")
    for row in json.loads((DATA / "support_forms.json").read_text(encoding="utf-8")):
        SupportForm.objects.update_or_create(code=row.pop("code"), defaults=row)


class Migration(migrations.Migration):
    dependencies = [("support", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
