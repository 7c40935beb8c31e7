"""The 3-month follow-up as a work task: created at exit for the responsible worker, completed when
the result is recorded, and created by the daily job for exited participants that have none."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation

from szansa.domain.recruitment import enums, selectors, services
from szansa.domain.recruitment import tasks as recruitment_tasks
from szansa.domain.recruitment.models import ExitSituation, Participant
from szansa.domain.work import enums as work_enums
from szansa.domain.work import services as work_services
from szansa.domain.work.models import Notification, Task, TaskKind
from tests.factories import PersonFactory
from tests.factories.recruitment import with_consent

START = datetime.date(2019, 3, 1)
EXIT = datetime.date(2019, 10, 15)  # a Tuesday; three months later: Wednesday 15.01.2020
DUE = datetime.date(2020, 1, 15)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def enrol(cast, project, target_group, person=None, **kwargs):
    return services.participant_enrol(
        actor=cast.koordynator,
        person=person or with_consent(PersonFactory(responsible_worker=cast.pracownik)),
        project=project,
        target_group=target_group,
        start_date=START,
        **kwargs,
    )


def leave(cast, participant, end_date=EXIT):
    return services.participant_exit(
        actor=cast.koordynator,
        participant=participant,
        end_date=end_date,
        exit_reason=enums.ExitReason.COMPLETED,
        completed_path=True,
        exit_situation_1=ExitSituation.objects.get(code="job_seeking"),
    )


def test_an_exit_creates_a_follow_up_task_for_the_responsible_worker_due_three_months_later(
    cast, project, target_group
):
    participant = leave(cast, enrol(cast, project, target_group))
    task = Task.objects.get(pk=participant.follow_up_task_id)
    assert task.kind.code == "followup_3_months"
    assert (task.person, task.assignee, task.team) == (participant.person, cast.pracownik, cast.team_a)
    assert (task.start_on, task.due_on) == (EXIT, DUE)
    assert participant.follow_up_due == DUE
    assert task.status == work_enums.TaskStatus.OPEN
    assert "R-1" in task.title
    assert Notification.objects.filter(task=task, user=cast.pracownik).exists()


def test_a_follow_up_due_on_a_saturday_is_due_on_the_next_working_day(cast, project, target_group):
    participant = leave(cast, enrol(cast, project, target_group), end_date=datetime.date(2019, 11, 30))
    assert participant.follow_up_due == datetime.date(2020, 2, 29)  # a Saturday
    assert participant.follow_up_task.due_on == datetime.date(2020, 3, 2)


def test_the_environment_gets_no_follow_up_task(cast, project, target_group):
    main = enrol(cast, project, target_group)
    carer = enrol(cast, project, None, role=enums.ParticipantRole.ENVIRONMENT, linked_to=main)
    services.participant_exit(
        actor=cast.koordynator,
        participant=carer,
        end_date=EXIT,
        exit_reason=enums.ExitReason.COMPLETED,
        completed_path=True,
    )
    assert carer.follow_up_task is None
    assert not Task.objects.exists()


def test_recording_the_follow_up_by_the_coordinator_completes_the_task(cast, project, target_group):
    participant = leave(cast, enrol(cast, project, target_group))
    services.participant_record_follow_up(
        actor=cast.koordynator, participant=participant, on=DUE, result="employment"
    )
    task = Task.objects.get(pk=participant.follow_up_task_id)
    assert task.status == work_enums.TaskStatus.DONE
    assert task.completed_by == cast.koordynator
    assert not task.is_overdue(DUE + datetime.timedelta(days=10))


def test_the_worker_holding_the_task_records_the_follow_up_and_completes_it(cast, project, target_group):
    participant = leave(cast, enrol(cast, project, target_group))
    services.participant_record_follow_up(
        actor=cast.pracownik, participant=participant, on=DUE, result="job_seeking"
    )
    participant.refresh_from_db()
    assert (participant.follow_up_on, participant.follow_up_result) == (DUE, "job_seeking")
    task = participant.follow_up_task
    assert (task.status, task.completed_by) == (work_enums.TaskStatus.DONE, cast.pracownik)


def test_a_worker_without_the_task_may_not_record_the_follow_up(cast, project, target_group):
    participant = leave(cast, enrol(cast, project, target_group))
    with pytest.raises(PermissionDenied):
        services.participant_record_follow_up(
            actor=cast.pracownik2, participant=participant, on=DUE, result="employment"
        )
    participant.refresh_from_db()
    assert participant.follow_up_on is None


def test_the_daily_job_creates_the_missing_tasks_once(cast, project, target_group):
    without_task = leave(cast, enrol(cast, project, target_group))
    Task.objects.filter(pk=without_task.follow_up_task_id).delete()  # as if exited before tasks existed
    recorded = leave(cast, enrol(cast, project, target_group))
    services.participant_record_follow_up(
        actor=cast.koordynator, participant=recorded, on=DUE, result="employment"
    )
    Participant.objects.filter(pk=recorded.pk).update(follow_up_task=None)
    later = leave(cast, enrol(cast, project, target_group), end_date=datetime.date(2019, 12, 20))
    Task.objects.filter(pk=later.follow_up_task_id).delete()
    enrol(cast, project, target_group)  # still taking part

    created = services.create_missing_follow_up_tasks(datetime.date(2019, 11, 1))

    assert [task.person for task in created] == [without_task.person]
    without_task.refresh_from_db()
    assert without_task.follow_up_task == created[0]
    assert (created[0].assignee, created[0].due_on, created[0].created_by) == (
        cast.pracownik,
        DUE,
        cast.koordynator,
    )
    assert services.create_missing_follow_up_tasks(datetime.date(2019, 11, 1)) == []
    assert [t.person for t in services.create_missing_follow_up_tasks(datetime.date(2020, 1, 1))] == [
        later.person
    ]


def test_the_daily_job_is_a_celery_task_by_its_name(cast, project, target_group):
    participant = leave(cast, enrol(cast, project, target_group))
    Task.objects.filter(pk=participant.follow_up_task_id).delete()
    job = recruitment_tasks.create_missing_follow_up_tasks
    assert job.name == "recruitment.create_missing_follow_up_tasks"
    assert job.apply(args=["2019-11-01"]).get() == 1
    assert job.apply(args=["2019-11-01"]).get() == 0


def test_no_task_is_created_while_the_follow_up_kind_is_switched_off(cast, project, target_group):
    TaskKind.objects.filter(code="followup_3_months").update(active=False)
    participant = leave(cast, enrol(cast, project, target_group))
    assert participant.follow_up_task is None
    assert services.create_missing_follow_up_tasks(DUE) == []


def test_overdue_follow_ups_are_listed_until_recorded(cast, project, target_group):
    participant = leave(cast, enrol(cast, project, target_group))
    after = DUE + datetime.timedelta(days=1)
    assert list(selectors.follow_ups_overdue(on=after, user=cast.koordynator, project=project)) == [
        participant
    ]
    assert list(selectors.follow_ups_overdue(on=after, user=cast.pracownik2)) == []
    services.participant_record_follow_up(
        actor=cast.pracownik, participant=participant, on=after, result="none"
    )
    assert list(selectors.follow_ups_overdue(on=after, user=cast.koordynator)) == []


def test_a_worker_who_completed_the_task_first_may_still_record_the_result(cast, project, target_group):
    participant = leave(cast, enrol(cast, project, target_group))
    work_services.task_complete(actor=cast.pracownik, task=participant.follow_up_task, on=DUE)
    services.participant_record_follow_up(
        actor=cast.pracownik, participant=participant, on=DUE, result="social_progress"
    )
    participant.refresh_from_db()
    assert participant.follow_up_result == "social_progress"
    with pytest.raises(PermissionDenied):
        services.participant_record_follow_up(
            actor=cast.pracownik2, participant=participant, on=DUE, result="none"
        )
