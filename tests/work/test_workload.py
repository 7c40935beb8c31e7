"""Workload figures: the monthly share of social workers' time spent on administrative work, the
week by class, caseloads and queue loads, on constructed records."""

import datetime
from decimal import Decimal

import pytest

from szansa.domain.accounts.enums import Role
from szansa.domain.people.services import household_add_member, household_create
from szansa.domain.work import selectors, services
from szansa.domain.work.models import Task, TaskKind, TimeRecord
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def _task(cast, code, person=None):
    kind = TaskKind.objects.get(code=code)
    return Task.objects.create(
        kind=kind,
        title=code,
        person=person,
        role=kind.default_role,
        start_on=D(2018, 1, 1),
        created_by=cast.admin,
    )


def _record(task, user, day, minutes):
    TimeRecord.objects.create(task=task, user=user, date=day, minutes=minutes)


def test_the_admin_share_is_the_administrative_part_of_social_workers_minutes_per_month(cast):
    office = _task(cast, "office_administration")
    visit = _task(cast, "care_visit", cast.person_a)
    interview = _task(cast, "community_interview", cast.person_b)
    # June 2018: 90 admin of 200 min; July: 30 of 300; August: nothing recorded.
    _record(office, cast.pracownik, D(2018, 6, 4), 60)
    _record(visit, cast.pracownik, D(2018, 6, 5), 50)
    _record(office, cast.pracownik2, D(2018, 6, 30), 30)
    _record(interview, cast.pracownik2, D(2018, 6, 12), 60)
    _record(office, cast.pracownik, D(2018, 7, 2), 30)
    _record(visit, cast.pracownik, D(2018, 7, 3), 270)
    # A clerk's administrative minutes do not count: the indicator is about social workers.
    _record(office, cast.referent, D(2018, 7, 3), 480)
    # Outside the period.
    _record(office, cast.pracownik, D(2018, 5, 31), 500)

    result = selectors.admin_share(D(2018, 6, 1), D(2018, 8, 31), reorganisation=D(2018, 7, 1))

    assert [(m.month, m.admin_minutes, m.total_minutes) for m in result.months] == [
        (D(2018, 6, 1), 90, 200),
        (D(2018, 7, 1), 30, 300),
        (D(2018, 8, 1), 0, 0),
    ]
    assert [m.percent for m in result.months] == [Decimal("45.0"), Decimal("10.0"), None]
    assert result.before == Decimal("45.0")
    assert result.after == Decimal("10.0")


def test_without_a_reorganisation_date_there_is_no_before_and_after(cast):
    result = selectors.admin_share(D(2018, 1, 1), D(2018, 1, 31))
    assert (result.before, result.after, len(result.months)) == (None, None, 1)


def test_a_workers_week_shows_minutes_by_class(cast):
    office = _task(cast, "office_administration")
    visit = _task(cast, "care_visit", cast.person_a)
    interview = _task(cast, "community_interview", cast.person_a)
    _record(office, cast.pracownik, D(2025, 3, 3), 40)  # Monday
    _record(visit, cast.pracownik, D(2025, 3, 9), 90)  # Sunday, same week
    _record(interview, cast.pracownik, D(2025, 3, 5), 120)
    _record(interview, cast.pracownik, D(2025, 3, 10), 999)  # next week

    rows = selectors.week_by_class(D(2025, 3, 6))

    assert len(rows) == 1
    row = rows[0]
    assert row.worker == cast.pracownik
    assert (row.of("administrative"), row.of("social_work"), row.of("social_service")) == (40, 120, 90)
    assert row.total == 250


def test_caseload_counts_people_and_households_per_social_worker(cast):
    partner = PersonFactory(responsible_worker=cast.pracownik)
    household_create(actor=cast.admin, head=cast.person_a)
    household_add_member(
        actor=cast.admin, household=cast.person_a.household, person=partner, relation="spouse"
    )
    PersonFactory(responsible_worker=cast.pracownik)  # lives alone

    rows = {row.worker.username: (row.people, row.households) for row in selectors.caseload()}

    assert rows["pracownik"] == (3, 2)
    assert rows["pracownik2"] == (1, 1)


def test_queue_load_counts_open_and_overdue_tasks_per_queue(cast, clerk2):
    services.task_create(
        actor=cast.pracownik, kind="payment_order", person=cast.person_a, start_on=D(2025, 3, 3)
    )
    services.task_create(
        actor=cast.pracownik, kind="payment_order", person=cast.person_a, start_on=D(2025, 4, 1)
    )
    done = services.task_create(
        actor=cast.referent, kind="care_visit", person=cast.person_b, start_on=D(2025, 3, 3)
    )
    services.task_complete(actor=cast.pracownik2, task=done, minutes=10)

    rows = selectors.queue_load(D(2025, 3, 20))

    assert [(r.role, r.team, r.open, r.overdue) for r in rows] == [(Role.ADMINISTRATIVE_CLERK, "", 2, 1)]
