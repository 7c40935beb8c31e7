"""The embedded SQLite path (the default DATABASE_URL) migrates, seeds and assesses."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

CHECK = """
import datetime, json
from django.db import connection
from szansa.domain.people.assessment import assess
from szansa.domain.people.models import Household, Person
person = Person.objects.filter(income_records__isnull=False).first()
result = assess(person, datetime.date(2026, 11, 1))
print("RESULT " + json.dumps({
    "people": Person.objects.count(),
    "households": Household.objects.count(),
    "vendor": connection.vendor,
    "criterion": str(result.income_criterion),
    "income_per_person": str(result.income_per_person),
}))
"""


@pytest.mark.slow
def test_the_sqlite_path_migrates_seeds_and_assesses(tmp_path):
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env.update(
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="localhost",
    )

    def manage(*args):
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    manage("migrate", "--no-input", "-v0")
    seeded = manage("seed_demo", "--people", "20", "--seed", "3", "--i-know-this-is-not-production")
    output = manage("shell", "-c", CHECK)

    assert "Seeded 20 people" in seeded
    assert (tmp_path / "db.sqlite3").stat().st_size > 0
    result = json.loads(output.split("RESULT ", 1)[1])
    assert result["vendor"] == "sqlite"
    assert result["people"] == 20
    assert result["households"] > 0
    assert result["criterion"] in {"823.00", "1010.00"}
    assert float(result["income_per_person"]) > 0
