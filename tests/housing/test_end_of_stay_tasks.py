"""Stays ending within 30 days become one task for the resident's social worker (issue 6 × issue 7)."""

import datetime

import pytest

from szansa.domain.housing import enums, services
from szansa.domain.housing.tasks import end_of_stay_tasks, end_of_stay_tasks_create
from szansa.domain.work import enums as work_enums
from szansa.domain.work.models import Task
from tests.factories import PersonFactory
from tests.factories.housing import refer

pytestmark = pytest.mark.django_db
D = datetime.date
REASON = enums.EndReason.INDEPENDENT_LIVING


def test_a_stay_ending_within_30_days_gets_one_task_for_the_social_worker(cast, places, resident):
    stay = refer(cast.admin, resident, places[0], D(2025, 1, 1), D(2025, 6, 30))
    assert end_of_stay_tasks_create(D(2025, 5, 30)) == []  # 31 days before the end: not yet
    [task] = end_of_stay_tasks_create(D(2025, 5, 31))
    assert task.kind.code == "end_of_stay"
    assert task.kind.work_class == work_enums.WorkClass.SOCIAL_WORK
    assert task.person == resident
    assert task.assignee == cast.pracownik
    assert task.due_on <= stay.occupied_to
    assert end_of_stay_tasks_create(D(2025, 6, 10)) == []  # idempotent
    assert Task.objects.filter(kind__code="end_of_stay").count() == 1


def test_an_extension_opens_a_new_window_and_an_ended_stay_gets_none(cast, places, resident):
    stay = refer(cast.admin, resident, places[0], D(2025, 1, 1), D(2025, 6, 30))
    end_of_stay_tasks_create(D(2025, 6, 1))
    services.stay_extend(
        actor=cast.admin,
        stay=stay,
        decision_number="OPS.8311.X.2025",
        decision_date=D(2025, 6, 15),
        new_planned_end=D(2025, 12, 31),
    )
    assert end_of_stay_tasks_create(D(2025, 7, 1)) == []
    assert len(end_of_stay_tasks_create(D(2025, 12, 1))) == 1
    other = refer(
        cast.admin, PersonFactory(responsible_worker=cast.pracownik), places[1], D(2025, 1, 1), D(2025, 3, 31)
    )
    services.stay_end(actor=cast.admin, stay=other, on=D(2025, 3, 1), reason=REASON)
    assert end_of_stay_tasks_create(D(2025, 3, 15)) == []


def test_the_celery_job_runs_the_service(cast, places, resident):
    refer(cast.admin, resident, places[0], D(2025, 1, 1), D(2025, 6, 30))
    assert end_of_stay_tasks.delay("2025-06-20").get() == 1
