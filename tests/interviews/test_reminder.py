"""The reminder of an update of the interview: a community-interview task for each person still supported
whose last confirmed interview is at least the questionnaire's interval (6 months) old; idempotent."""

import datetime

import pytest

from szansa.domain.interviews import selectors, services, tasks
from szansa.domain.interviews.enums import InterviewKind, InterviewStatus
from szansa.domain.people.enums import SituationKind
from szansa.domain.people.models import Art7Reason
from szansa.domain.work.models import Task
from tests.factories import PersonFactory, SituationFactory
from tests.factories.interviews import InterviewFactory, rws_2021

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 1, 5)
# 6 months before 5 Jan 2026 is 5 Jul 2025: an interview conducted on or before that day is due for update


def supported(person):
    SituationFactory(
        person=person,
        kind=SituationKind.ASSISTANCE_REASON,
        assistance_reason=Art7Reason.objects.get(code="1"),
        valid_from=datetime.date(2024, 1, 1),
    )
    return person


def confirmed(person, on):
    return InterviewFactory(
        person=person, worker=person.responsible_worker, conducted_on=on, status=InterviewStatus.CONFIRMED
    )


@pytest.fixture
def people(cast):
    worker = cast.pracownik
    due = supported(cast.person_a)
    confirmed(due, datetime.date(2025, 3, 1))
    confirmed(due, datetime.date(2025, 7, 5))  # the last confirmed one: exactly 6 months before TODAY
    recent = supported(PersonFactory(responsible_worker=worker))
    confirmed(recent, datetime.date(2025, 7, 6))  # one day short of 6 months
    unsupported = PersonFactory(responsible_worker=worker)  # no reason for assistance, no open case
    confirmed(unsupported, datetime.date(2024, 1, 1))
    under_way = supported(PersonFactory(responsible_worker=worker))
    confirmed(under_way, datetime.date(2024, 1, 1))
    InterviewFactory(person=under_way, worker=worker, conducted_on=datetime.date(2025, 12, 1))  # a draft
    never = supported(PersonFactory(responsible_worker=worker))  # no confirmed interview: not an update
    return {"due": due, "recent": recent, "unsupported": unsupported, "under_way": under_way, "never": never}


def test_only_the_supported_person_with_an_old_interview_is_due(people):
    due = list(selectors.interviews_due_for_update(TODAY))
    assert due == [people["due"]]
    assert due[0].last_interview_on == datetime.date(2025, 7, 5)


def test_the_reminder_creates_one_task_and_is_idempotent(cast, people):
    created = services.update_tasks_create(TODAY)
    assert len(created) == 1
    task = created[0]
    assert (task.kind.code, task.person, task.assignee) == (
        "community_interview",
        people["due"],
        cast.pracownik,
    )
    assert task.title == f"Aktualizacja wywiadu środowiskowego: {people['due'].full_name}"
    assert services.update_tasks_create(TODAY) == []
    # the next day the interview of 6 Jul 2025 is 6 months old too: its person gets a task, no one twice
    next_day = services.update_tasks_create(TODAY + datetime.timedelta(days=1))
    assert [t.person for t in next_day] == [people["recent"]]
    assert Task.objects.filter(kind__code="community_interview").count() == 2
    # the interview started from the task is an update (the person has a confirmed interview)
    interview = services.interview_start(task, cast.pracownik, TODAY)
    assert interview.kind == InterviewKind.UPDATE
    assert "IV.A.3" in interview.answers and "I.A.1" not in interview.answers


def test_the_beat_task_runs_the_same_service(people, monkeypatch):
    monkeypatch.setattr(tasks.timezone, "localdate", lambda: TODAY)
    assert tasks.update_reminders() == 1
    assert tasks.update_reminders() == 0


def test_the_interval_is_the_questionnaires_data(people):
    questionnaire = rws_2021()
    questionnaire.update_interval_months = 12
    questionnaire.save()
    # 12 months before 5 Jan 2026 is 5 Jan 2025: the interview of 5 Jul 2025 is not due yet
    assert list(selectors.interviews_due_for_update(TODAY)) == []
