"""The README's table of demo accounts says what each role sees in the registry; this checks it against
what `seed_demo` (300 people, seed 1, the default reference date, every app) produces (issue 16)."""

import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command

from szansa.domain.people.access import scope_persons
from szansa.domain.people.models import Person
from szansa.domain.work.models import Task

README = (Path(settings.BASE_DIR) / "README.md").read_text(encoding="utf-8")


def _claims() -> dict[str, str]:
    table = README.split("| login | role | sees in the registry |")[1].split("\n\n")[0]
    rows = re.findall(r"^\| `(\w+)` \| [^|]+ \| ([^|]+) \|$", table, re.M)
    return {login: text.strip() for login, text in rows}


@pytest.mark.slow
def test_each_demo_account_sees_what_the_readme_says(db):
    # the default reference date (1 Nov 2026): the same registry on any day
    call_command("seed_demo", "--i-know-this-is-not-production", people=300, seed=1, verbosity=0)
    users = {u.username: u for u in get_user_model().objects.all()}
    everyone = Person.objects.count()
    claims = _claims()
    assert set(claims) == {
        "admin",
        "kierownik",
        "koordynator",
        "pracownik",
        "pracownik2",
        "specjalista",
        "referent",
        "audytor",
    }
    for login, text in claims.items():
        seen = scope_persons(Person.objects.all(), users[login]).count()
        if text.startswith("everyone"):
            assert seen == everyone, (login, seen, everyone)
        elif login == "pracownik":
            assert (
                seen
                == Person.objects.filter(responsible_worker__team__name__contains="Andrychów").count()
                > 0
            )
        elif login == "pracownik2":
            assert (
                seen == Person.objects.filter(responsible_worker__team__name__contains="Olkusz").count() > 0
            )
        else:
            [number] = re.findall(r"(\d+) people with the default reference date", text)
            assert seen == int(number), (login, seen, text)
    # "Demo data": pracownik, pracownik2 and referent have tasks overdue, due on the reference date and
    # due the week after
    reference = datetime.date(2026, 11, 1)
    for login in ("pracownik", "pracownik2", "referent"):
        tasks = Task.objects.filter(assignee=users[login]).active()
        assert tasks.overdue(reference).exists(), login
        # 1 Nov 2026 is a Sunday (and All Saints' Day): a task due then falls due on Monday 2 Nov
        assert tasks.filter(due_on__range=(reference, reference + datetime.timedelta(days=1))).exists(), login
        week_after = (reference + datetime.timedelta(days=5), reference + datetime.timedelta(days=10))
        assert tasks.filter(due_on__range=week_after).exists(), login
