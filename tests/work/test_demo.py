"""The work demo: Olkusz's social worker spends about 45 % of her time on administrative work before
July 2018 and about 15 % after; cases are at every step; seeding twice adds nothing."""

import datetime
from decimal import Decimal

import pytest

from szansa.demo import people as people_demo
from szansa.demo.work import REORGANISATION, seed_work
from szansa.domain.work import selectors
from szansa.domain.work.models import Case, Task, TimeRecord

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2025, 3, 19)


@pytest.fixture
def registry():
    people_demo.seed(40, 1)


def test_the_demo_shows_the_admin_share_falling_after_july_2018(registry):
    summary = seed_work(rng_seed=1, today=TODAY)
    assert summary.seeded
    assert Decimal("41") <= summary.admin_share_before <= Decimal("49")
    assert Decimal("11") <= summary.admin_share_after <= Decimal("19")
    share = selectors.admin_share(datetime.date(2018, 1, 1), datetime.date(2019, 6, 30), REORGANISATION)
    assert len(share.months) == 18
    assert all(m.total_minutes > 0 for m in share.months)
    assert max(m.percent for m in share.months if m.month >= REORGANISATION) < min(
        m.percent for m in share.months if m.month < REORGANISATION
    )


def test_the_demo_has_cases_at_several_steps_and_something_overdue(registry):
    seed_work(rng_seed=1, today=TODAY)
    statuses = set(Case.objects.values_list("status", flat=True))
    assert {
        "closed",
        "decision_issued",
        "decision_drafted",
        "support_proposed",
        "request_registered",
    } <= statuses
    assert Task.objects.overdue(TODAY).exists()
    olkusz = people_demo.OLKUSZ.team
    assert (
        not Task.objects.exclude(person__isnull=True)
        .exclude(person__responsible_worker__team__name=olkusz)
        .exists()
    )


def test_seeding_twice_adds_nothing(registry):
    first = seed_work(rng_seed=1, today=TODAY)
    counts = (Task.objects.count(), TimeRecord.objects.count())
    second = seed_work(rng_seed=1, today=TODAY)
    assert not second.seeded
    assert (Task.objects.count(), TimeRecord.objects.count()) == counts
    assert (second.tasks, second.time_records) == (first.tasks, first.time_records)


def test_an_empty_registry_seeds_no_work():
    summary = seed_work(rng_seed=1, today=TODAY)
    assert (summary.seeded, summary.tasks) == (False, 0)
    assert not Task.objects.exists()


def test_without_a_day_the_cases_are_dated_from_the_seed_reference_date_not_the_real_today(registry):
    seed_work(rng_seed=1)
    # the first case opens 45 days before the day the demo is seeded for (back(45 - 0 * 9)),
    # the last 45 - 4 * 9 = 9 days before it
    opened = sorted(Case.objects.values_list("opened_on", flat=True))
    assert opened[0] == people_demo.REFERENCE_DATE - datetime.timedelta(days=45)
    assert opened[-1] == people_demo.REFERENCE_DATE - datetime.timedelta(days=9)
