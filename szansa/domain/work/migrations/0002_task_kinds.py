"""Loads the task kinds from work/data/task_kinds.json (editable afterwards in admin)."""

import json
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data"


def load(apps, schema_editor):
    TaskKind = apps.get_model("work", "TaskKind")
    for row in json.loads((DATA / "task_kinds.json").read_text(encoding="utf-8")):
        TaskKind.objects.update_or_create(code=row.pop("code"), defaults=row)


class Migration(migrations.Migration):
    dependencies = [("work", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
