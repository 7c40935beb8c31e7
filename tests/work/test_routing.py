"""Routing: social work and social services go to the person's worker; administrative work goes to
its role's queue with nobody assigned; a manager reassigns."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from szansa.domain.accounts.enums import Role
from szansa.domain.work import enums, services
from szansa.domain.work.models import Notification, Task, TaskKind

pytestmark = pytest.mark.django_db

MONDAY = datetime.date(2025, 3, 3)
SOCIAL = ["community_interview", "social_contract_review", "care_visit", "followup_3_months", "end_of_stay"]
ADMINISTRATIVE = {
    "register_request": Role.ADMINISTRATIVE_CLERK,
    "payment_order": Role.ADMINISTRATIVE_CLERK,
    "office_administration": Role.ADMINISTRATIVE_CLERK,
}


def test_the_seeded_kinds_carry_their_class_role_and_deadline_rule():
    interview = TaskKind.objects.get(code="community_interview")
    assert (interview.work_class, interview.deadline_kind) == ("social_work", "working_days")
    assert (interview.deadline_amount, interview.urgent_amount) == (14, 2)
    approval = TaskKind.objects.get(code="approve_decision")
    assert (approval.work_class, approval.default_role) == ("administrative", Role.CENTRE_MANAGER)
    assert (approval.deadline_amount, approval.complex_amount) == (1, 2)
    assert TaskKind.objects.get(code="care_visit").work_class == "social_service"
    assert TaskKind.objects.get(code="appeal_watch").deadline_amount == 14


@pytest.mark.parametrize("code", SOCIAL)
def test_social_work_on_a_person_goes_to_the_persons_worker(cast, code):
    task = services.task_create(actor=cast.referent, kind=code, person=cast.person_a, start_on=MONDAY)
    assert task.assignee == cast.pracownik
    assert (task.role, task.team) == (Role.SOCIAL_WORKER, cast.team_a)


@pytest.mark.parametrize("code", ADMINISTRATIVE)
def test_administrative_work_waits_in_its_role_queue_with_nobody_assigned(cast, code):
    task = services.task_create(actor=cast.pracownik, kind=code, person=cast.person_a, start_on=MONDAY)
    assert task.assignee is None
    assert task.role == ADMINISTRATIVE[code]
    assert task.team is None


@pytest.mark.parametrize("code", [*ADMINISTRATIVE, "draft_decision", "issue_decision"])
def test_a_social_worker_is_never_the_default_owner_of_administrative_work(cast, code):
    kind = TaskKind.objects.get(code=code)
    where = services.route(kind, person=cast.person_a)
    assert where.assignee is None
    assert where.role != Role.SOCIAL_WORKER


def test_every_active_administrative_kind_routes_away_from_social_workers():
    for kind in TaskKind.objects.filter(work_class=enums.WorkClass.ADMINISTRATIVE, active=True):
        assert kind.default_role != Role.SOCIAL_WORKER, kind.code


def test_manager_approval_goes_to_the_managers_queue(cast):
    approval = TaskKind.objects.get(code="approve_decision")
    where = services.route(approval, person=cast.person_a)
    assert (where.role, where.assignee, where.team_id) == (Role.CENTRE_MANAGER, None, None)


def test_a_social_work_task_without_a_person_goes_to_the_team_queue(cast):
    kind = TaskKind.objects.get(code="social_contract_review")
    kind.required_fields = []
    kind.save()
    task = services.task_create(actor=cast.kierownik, kind=kind, team=cast.team_b, start_on=MONDAY)
    assert (task.assignee, task.role, task.team) == (None, Role.SOCIAL_WORKER, cast.team_b)


def test_a_kind_refuses_a_task_without_the_fields_it_needs(cast):
    with pytest.raises(ValidationError) as error:
        services.task_create(actor=cast.kierownik, kind="care_visit", start_on=MONDAY)
    assert "person" in error.value.message_dict


def test_an_inactive_kind_cannot_be_used(cast):
    TaskKind.objects.filter(code="care_visit").update(active=False)
    with pytest.raises(ValidationError):
        services.task_create(actor=cast.kierownik, kind="care_visit", person=cast.person_a)


def test_deadlines_follow_the_kind_and_urgency(cast):
    normal = services.task_create(
        actor=cast.referent, kind="community_interview", person=cast.person_a, start_on=MONDAY
    )
    urgent = services.task_create(
        actor=cast.referent, kind="community_interview", person=cast.person_a, start_on=MONDAY, urgent=True
    )
    none = services.task_create(actor=cast.referent, kind="office_administration", start_on=MONDAY)
    assert normal.due_on == datetime.date(2025, 3, 21)
    assert urgent.due_on == datetime.date(2025, 3, 5)
    assert none.due_on is None


def test_a_social_worker_cannot_create_a_task_about_someone_outside_their_team(cast):
    with pytest.raises(PermissionDenied):
        services.task_create(actor=cast.pracownik, kind="care_visit", person=cast.person_b)


def test_the_auditor_creates_no_tasks(cast):
    with pytest.raises(PermissionDenied):
        services.task_create(actor=cast.audytor, kind="office_administration")


def test_only_a_manager_or_administrator_reassigns(cast, clerk2):
    task = services.task_create(actor=cast.pracownik, kind="payment_order", person=cast.person_a)
    for user in (cast.referent, cast.pracownik, cast.audytor, cast.koordynator):
        with pytest.raises(PermissionDenied):
            services.task_reassign(actor=user, task=task, assignee=clerk2)
    services.task_reassign(actor=cast.kierownik, task=task, assignee=clerk2)
    task.refresh_from_db()
    assert task.assignee == clerk2
    assert Notification.objects.filter(user=clerk2, task=task, kind="new").exists()
    services.task_reassign(actor=cast.admin, task=task, assignee=None)
    task.refresh_from_db()
    assert task.assignee is None


def test_a_task_is_not_reassigned_to_someone_who_may_not_see_its_person(cast):
    task = services.task_create(actor=cast.referent, kind="care_visit", person=cast.person_a)
    with pytest.raises(ValidationError) as error:
        services.task_reassign(actor=cast.kierownik, task=task, assignee=cast.pracownik2)
    assert "assignee" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.task_reassign(actor=cast.kierownik, task=task, assignee=cast.audytor)


def test_taking_a_task_from_the_queue_assigns_it_and_completing_records_minutes(cast, clerk2):
    task = services.task_create(actor=cast.pracownik, kind="payment_order", person=cast.person_a)
    services.task_start(actor=clerk2, task=task)
    task.refresh_from_db()
    assert (task.assignee, task.status) == (clerk2, enums.TaskStatus.IN_PROGRESS)
    with pytest.raises(PermissionDenied):
        services.task_complete(actor=cast.referent, task=task, minutes=5)
    services.task_complete(actor=clerk2, task=task, minutes=25, note="przelew")
    task.refresh_from_db()
    assert (task.status, task.completed_by) == (enums.TaskStatus.DONE, clerk2)
    assert [(r.user, r.minutes) for r in task.time_records.all()] == [(clerk2, 25)]
    with pytest.raises(ValidationError):
        services.task_complete(actor=clerk2, task=task, minutes=5)


def test_a_time_record_needs_at_least_one_minute(cast):
    task = services.task_create(actor=cast.referent, kind="care_visit", person=cast.person_a)
    with pytest.raises(ValidationError):
        services.time_record_add(actor=cast.pracownik, task=task, minutes=0)
    record = services.time_record_add(actor=cast.pracownik, task=task, minutes=30, date=MONDAY)
    assert record.minutes == 30
    with pytest.raises(PermissionDenied):
        services.time_record_add(actor=cast.pracownik2, task=task, minutes=30)


def test_the_first_task_of_a_kind_gets_a_readable_title(cast):
    task = services.task_create(actor=cast.referent, kind="care_visit", person=cast.person_a)
    assert cast.person_a.full_name in task.title
    assert Task.objects.count() == 1
