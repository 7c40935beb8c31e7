"""A request for assistance followed to the decision: each step closes its task and opens the next,
with the statutory deadlines, by the right role."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from szansa.domain.accounts.enums import Role
from szansa.domain.work import enums, selectors, services
from szansa.domain.work.models import Task, TimeRecord

pytestmark = pytest.mark.django_db

D = datetime.date


def _open(cast, **extra):
    return services.case_open(
        actor=cast.referent,
        person=cast.person_a,
        benefit="zasiłek okresowy",
        opened_on=D(2025, 4, 14),
        minutes=20,
        **extra,
    )


def test_a_request_runs_from_registration_to_a_closed_case_with_a_payment_order(cast):
    case = _open(cast)
    register, interview = case.tasks.order_by("pk")
    assert (register.kind.code, register.status, register.completed_by) == (
        "register_request",
        "done",
        cast.referent,
    )
    assert interview.kind.code == "community_interview"
    assert interview.assignee == cast.pracownik
    # 14 working days from Monday 14 April 2025 skip Easter Monday (21 April) and 1 May.
    assert interview.due_on == D(2025, 5, 6)
    assert case.decision_due_on == D(2025, 5, 14)

    proposal = services.case_record_interview(actor=cast.pracownik, case=case, on=D(2025, 4, 24), minutes=120)
    assert (proposal.kind.code, proposal.assignee, proposal.due_on) == (
        "propose_support",
        cast.pracownik,
        D(2025, 5, 14),
    )

    draft = services.case_propose_support(
        actor=cast.pracownik, case=case, proposal="zasiłek 600 zł", on=D(2025, 4, 25)
    )
    assert (draft.kind.code, draft.role, draft.assignee) == (
        "draft_decision",
        Role.ADMINISTRATIVE_CLERK,
        None,
    )
    assert draft.due_on == D(2025, 5, 14)
    with pytest.raises(PermissionDenied):
        services.case_draft_decision(actor=cast.pracownik, case=case, outcome="grant", on=D(2025, 4, 28))

    approval = services.case_draft_decision(
        actor=cast.referent, case=case, outcome="grant", on=D(2025, 4, 28)
    )
    assert (approval.kind.code, approval.role) == ("approve_decision", Role.CENTRE_MANAGER)
    with pytest.raises(PermissionDenied):
        services.case_approve_decision(actor=cast.referent, case=case, on=D(2025, 4, 29))

    issue = services.case_approve_decision(actor=cast.kierownik, case=case, on=D(2025, 4, 29))
    assert (issue.kind.code, issue.role) == ("issue_decision", Role.ADMINISTRATIVE_CLERK)

    watch = services.case_issue_decision(actor=cast.referent, case=case, on=D(2025, 4, 30), minutes=10)
    case.refresh_from_db()
    # The appeal deadline runs from delivery, which is not known at issue.
    assert case.appeal_deadline is None and watch.due_on is None
    assert case.status == enums.CaseStatus.DECISION_ISSUED
    with pytest.raises(ValidationError):
        services.case_close(actor=cast.referent, case=case, on=D(2025, 5, 20))

    services.case_record_delivery(
        actor=cast.referent, case=case, method="in_person", delivered_on=D(2025, 4, 30), today=D(2025, 4, 30)
    )
    case.refresh_from_db()
    watch.refresh_from_db()
    # Delivered 30 April + 14 days = 14 May (a Wednesday).
    assert case.appeal_deadline == D(2025, 5, 14) == watch.due_on
    # The decision grants the request in full: enforceable at once (art. 130 § 4 KPA), so the payment
    # order does not wait for the appeal deadline.
    payment = case.tasks.get(kind__code="payment_order")
    assert (payment.role, payment.assignee, payment.start_on) == (
        Role.ADMINISTRATIVE_CLERK,
        None,
        D(2025, 4, 30),
    )

    with pytest.raises(ValidationError):
        services.case_close(actor=cast.referent, case=case, on=D(2025, 5, 14))
    assert services.case_close(actor=cast.referent, case=case, on=D(2025, 5, 15)) == payment
    case.refresh_from_db()
    assert case.status == enums.CaseStatus.CLOSED
    assert list(case.tasks.active()) == [payment]
    assert case.decisions.get().final_on == D(2025, 5, 15)
    assert TimeRecord.objects.filter(task__case=case).count() == 3
    steps = selectors.case_steps(case, D(2025, 5, 15))
    assert [s.done for s in steps] == [True] * 7
    assert not any(s.overdue for s in steps)


def test_an_urgent_request_has_its_interview_within_two_working_days(cast):
    case = services.case_open(
        actor=cast.referent,
        person=cast.person_a,
        benefit="zasiłek celowy",
        opened_on=D(2025, 4, 30),
        urgent=True,
    )
    interview = case.tasks.get(kind__code="community_interview")
    # 1 May and 3 May are holidays, 3-4 May a weekend: Friday 2 May, then Monday 5 May.
    assert interview.due_on == D(2025, 5, 5)
    assert interview.urgent


def test_a_complex_case_has_two_months_for_the_decision(cast):
    case = _open(cast, complex=True)
    assert case.decision_due_on == D(2025, 6, 16)  # 14 June is a Saturday
    services.case_record_interview(actor=cast.pracownik, case=case, on=D(2025, 4, 24))
    draft = services.case_propose_support(
        actor=cast.pracownik, case=case, proposal="usługi", on=D(2025, 4, 25)
    )
    assert draft.due_on == D(2025, 6, 16)


def test_a_step_cannot_be_skipped(cast):
    case = _open(cast)
    with pytest.raises(ValidationError):
        services.case_draft_decision(actor=cast.referent, case=case, outcome="grant", on=D(2025, 4, 20))
    with pytest.raises(ValidationError):
        services.case_propose_support(actor=cast.pracownik, case=case, proposal="", on=D(2025, 4, 20))


def test_a_social_worker_of_another_team_cannot_carry_out_the_interview(cast):
    case = _open(cast)
    with pytest.raises(PermissionDenied):
        services.case_record_interview(actor=cast.pracownik2, case=case, on=D(2025, 4, 24))


def test_only_clerks_managers_and_administrators_register_requests(cast):
    for user in (cast.pracownik, cast.audytor, cast.specjalista):
        with pytest.raises(PermissionDenied):
            services.case_open(actor=user, person=cast.person_a, benefit="zasiłek")


def test_an_overdue_interview_is_flagged_in_the_case_steps(cast):
    case = _open(cast)
    steps = selectors.case_steps(case, D(2025, 5, 7))
    interview = steps[1]
    assert interview.status == "interview" and interview.current and interview.overdue
    assert Task.objects.overdue(D(2025, 5, 7)).get() == interview.task
    assert not Task.objects.overdue(D(2025, 5, 6)).exists()
