"""Loads the reference data from recruitment/data/*.json: document kinds (with how long each proves
anything), criteria (with the document that proves them), DEGURBA classes of gminas and the situations
at exit. Editable afterwards in admin; values marked 'verify' in notes are unconfirmed."""

import json
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data"


def _rows(name):
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def load(apps, schema_editor):
    DocumentKind = apps.get_model("recruitment", "DocumentKind")
    Criterion = apps.get_model("recruitment", "Criterion")
    DegurbaArea = apps.get_model("recruitment", "DegurbaArea")
    ExitSituation = apps.get_model("recruitment", "ExitSituation")
    for row in _rows("document_kinds.json"):
        DocumentKind.objects.update_or_create(code=row.pop("code"), defaults=row)
    for row in _rows("criteria.json"):
        proof = row.pop("proof")
        row["proof"] = DocumentKind.objects.get(code=proof) if proof else None
        Criterion.objects.update_or_create(code=row.pop("code"), defaults=row)
    for row in _rows("degurba.json"):
        DegurbaArea.objects.update_or_create(gmina=row.pop("gmina"), powiat=row.pop("powiat"), defaults=row)
    for row in _rows("exit_situations.json"):
        ExitSituation.objects.update_or_create(code=row.pop("code"), defaults=row)


class Migration(migrations.Migration):
    dependencies = [("recruitment", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
