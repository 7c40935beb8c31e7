"""Writes to tasks, cases and time records. Every write names its actor, checks the permission,
validates fully and leaves an audit trail (django-auditlog's actor is set around the save).

Routing (`route`): social work and social services about a person go to the person's responsible
worker; administrative work goes to the queue of its role (and, for a social-worker queue, the team)
with nobody assigned, so a social worker is never the default owner of administrative work.
"""

import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from szansa.domain.accounts.enums import Role
from szansa.domain.accounts.models import User
from szansa.domain.work import decisions as rules
from szansa.domain.work import enums
from szansa.domain.work.deadlines import deadline, due_date
from szansa.domain.work.models import (
    Case,
    Decision,
    DecisionRegister,
    Notification,
    Task,
    TaskKind,
    TimeRecord,
)
from szansa.lib.services import require, save_validated

logger = logging.getLogger(__name__)


def _moment(on: datetime.date | None) -> datetime.datetime:
    """Now, or the afternoon of a past day when work done earlier is recorded afterwards."""
    now = timezone.now()
    if on is None or on >= timezone.localdate(now):
        return now
    return timezone.make_aware(datetime.datetime.combine(on, datetime.time(15, 0)))


def _kind(kind) -> TaskKind:
    return kind if isinstance(kind, TaskKind) else TaskKind.objects.get(code=kind)


# --- routing ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    role: str
    team_id: int | None
    assignee: User | None


def route(kind: TaskKind, *, person=None, team=None) -> Route:
    """Where a new task goes (see the module docstring)."""
    if not kind.is_administrative and person is not None:
        worker = person.responsible_worker
        return Route(role=kind.default_role, team_id=worker.team_id, assignee=worker)
    team_id = None
    if kind.default_role == Role.SOCIAL_WORKER:
        team_id = person.responsible_worker.team_id if person is not None else getattr(team, "pk", team)
    return Route(role=kind.default_role, team_id=team_id, assignee=None)


def queue_members(task: Task):
    """Active users who hold the task's queue."""
    users = User.objects.filter(is_active=True, groups__name=task.role)
    if task.role == Role.SOCIAL_WORKER:
        users = users.filter(team_id=task.team_id)
    return users.distinct()


# --- notifications ------------------------------------------------------------------------------------


def _notify(users, task: Task, kind: str, message: str) -> list[Notification]:
    created = []
    for user in users:
        try:
            with transaction.atomic():
                notification = Notification.objects.create(user=user, task=task, kind=kind, message=message)
        except IntegrityError:
            continue  # already told about this task in this way
        created.append(notification)
        if user.email:
            send_mail(
                subject=f"Szansa: {message}"[:150],
                message=f"{message}\n{task.title}\n"
                + (_("Due on %(day)s.") % {"day": f"{task.due_on:%d.%m.%Y}"} if task.due_on else ""),
                from_email=settings.DEFAULT_FROM_EMAIL,
                recipient_list=[user.email],
                fail_silently=True,
            )
    return created


def recipients(task: Task):
    """The assignee, or everyone in the queue while nobody is assigned."""
    return [task.assignee] if task.assignee_id else list(queue_members(task))


def notify_new_task(task: Task) -> list[Notification]:
    return _notify(
        recipients(task), task, enums.NotificationKind.NEW, _("New task: %(title)s") % {"title": task.title}
    )


def notify_due_and_overdue(today: datetime.date) -> int:
    """Tell assignees (or queues) about active tasks due today and overdue ones; each once.

    Returns the number of notifications created. Run daily by Celery beat (work.tasks).
    """
    count = 0
    active = Task.objects.active().select_related("assignee")
    for task in active.filter(due_on=today):
        message = _("Due today: %(title)s") % {"title": task.title}
        count += len(_notify(recipients(task), task, enums.NotificationKind.DUE, message))
    for task in active.filter(due_on__lt=today):
        message = _("Overdue since %(day)s: %(title)s") % {
            "day": f"{task.due_on:%d.%m.%Y}",
            "title": task.title,
        }
        count += len(_notify(recipients(task), task, enums.NotificationKind.OVERDUE, message))
    return count


def notification_mark_read(*, actor, notification: Notification) -> Notification:
    if notification.user_id != actor.pk:
        raise PermissionDenied(_("This is not your notification."))
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


# --- tasks --------------------------------------------------------------------------------------------


def _check_required(kind: TaskKind, values: dict) -> None:
    missing = [name for name in kind.required_fields if not values.get(name)]
    if missing:
        raise ValidationError(
            {name: _("A task of the kind %(kind)s needs this.") % {"kind": kind.label()} for name in missing},
            code="required",
        )


def _new_task(
    *,
    actor,
    kind: TaskKind,
    person=None,
    case=None,
    team=None,
    title="",
    urgent=False,
    complex=False,
    notes="",
    start_on=None,
    assignee=None,
) -> Task:
    """Create a routed task with its deadline (no permission check: callers check)."""
    if not kind.active:
        raise ValidationError(_("This kind of task is no longer used."), code="inactive_kind")
    _check_required(kind, {"person": person, "case": case})
    start_on = start_on or timezone.localdate()
    where = route(kind, person=person, team=team)
    count_from = (
        case.opened_on if case is not None and kind.deadline_from == enums.DeadlineFrom.CASE else start_on
    )
    task = Task(
        kind=kind,
        title=title or (f"{kind.label()}: {person.full_name}" if person else kind.label()),
        person=person,
        case=case,
        team_id=where.team_id,
        role=where.role,
        assignee=assignee or where.assignee,
        urgent=urgent,
        complex=complex,
        start_on=start_on,
        due_on=due_date(kind, count_from, urgent=urgent, complex=complex),
        created_by=actor,
        notes=notes,
    )
    return save_validated(actor, task)


@transaction.atomic
def task_create(
    *,
    actor,
    kind,
    person=None,
    case=None,
    team=None,
    title="",
    urgent=False,
    complex=False,
    notes="",
    start_on=None,
) -> Task:
    """Create a task by hand; it is routed (nobody chooses its owner here) and its queue is notified."""
    kind = _kind(kind)
    require(actor, "work.add_task", message=_("You may not do this with this task."))
    if person is not None:
        require(actor, "people.view_person", person, message=_("You may not create tasks about this person."))
    task = _new_task(
        actor=actor,
        kind=kind,
        person=person,
        case=case,
        team=team,
        title=title,
        urgent=urgent,
        complex=complex,
        notes=notes,
        start_on=start_on,
    )
    notify_new_task(task)
    return task


@transaction.atomic
def task_reassign(*, actor, task: Task, assignee: User | None) -> Task:
    """Give a task to someone else or put it back in its queue (centre manager or administrator)."""
    require(actor, "work.reassign_task", task, message=_("You may not do this with this task."))
    task = Task.objects.select_for_update().get(pk=task.pk)
    if not task.is_active:
        raise ValidationError(_("Only an open task can be reassigned."), code="not_active")
    if assignee is not None:
        roles = assignee.roles - {Role.AUDITOR}
        if not assignee.is_active or not roles:
            raise ValidationError({"assignee": _("This user cannot work on tasks.")}, code="cannot_work")
        if task.person_id and not assignee.has_perm("people.view_person", task.person):
            raise ValidationError(
                {"assignee": _("%(user)s may not see the person this task is about.") % {"user": assignee}},
                code="person_out_of_scope",
            )
    task.assignee = assignee
    save_validated(actor, task)
    if assignee is not None:
        Notification.objects.filter(task=task, kind=enums.NotificationKind.NEW, user=assignee).delete()
    notify_new_task(task)
    return task


def _workable(actor, task: Task) -> Task:
    require(actor, "work.change_task", task, message=_("You may not do this with this task."))
    if not task.is_active:
        raise ValidationError(_("This task is already closed."), code="not_active")
    return task


@transaction.atomic
def task_start(*, actor, task: Task) -> Task:
    """Start a task; taking it from the queue assigns it to the actor."""
    task = _workable(actor, Task.objects.select_for_update().get(pk=task.pk))
    if task.assignee_id is None:
        task.assignee = actor
    task.status = enums.TaskStatus.IN_PROGRESS
    return save_validated(actor, task)


@transaction.atomic
def time_record_add(
    *, actor, task: Task, minutes: int, date: datetime.date | None = None, note=""
) -> TimeRecord:
    """Record minutes the actor spent on a task (open, or closed by them)."""
    if task.is_active:
        require(actor, "work.change_task", task, message=_("You may not do this with this task."))
    elif task.completed_by_id != actor.pk:
        raise PermissionDenied(_("Only the person who completed a closed task records time on it."))
    record = TimeRecord(task=task, user=actor, date=date or timezone.localdate(), minutes=minutes, note=note)
    return save_validated(actor, record)


@transaction.atomic
def task_complete(
    *, actor, task: Task, minutes: int = 0, note: str = "", on: datetime.date | None = None
) -> Task:
    """Close a task, recording the minutes spent on it (none when `minutes` is 0)."""
    task = _workable(actor, Task.objects.select_for_update().get(pk=task.pk))
    if minutes < 0:
        raise ValidationError({"minutes": _("Minutes cannot be negative.")}, code="negative")
    if task.assignee_id is None:
        task.assignee = actor
    if minutes:
        record = TimeRecord(
            task=task, user=actor, date=on or timezone.localdate(), minutes=minutes, note=note
        )
        save_validated(actor, record)
    task.status = enums.TaskStatus.DONE
    task.completed_at = _moment(on)
    task.completed_by = actor
    return save_validated(actor, task)


@transaction.atomic
def task_cancel(*, actor, task: Task, reason: str) -> Task:
    require(actor, "work.reassign_task", task, message=_("You may not do this with this task."))
    task = _workable(actor, Task.objects.select_for_update().get(pk=task.pk))
    task.status = enums.TaskStatus.CANCELLED
    task.notes = (task.notes + "\n" if task.notes else "") + reason
    return save_validated(actor, task)


# --- cases --------------------------------------------------------------------------------------------


def _step_task(case: Case, code: str) -> Task:
    task = case.tasks.active().filter(kind__code=code).first()
    if task is None:
        raise ValidationError(
            _("The case is at the step %(step)s; this step is not open.")
            % {"step": case.get_status_display()},
            code="wrong_step",
        )
    return task


def _advance(
    *,
    actor,
    case: Case,
    done_code: str,
    next_code: str | None,
    status: str,
    minutes: int,
    on: datetime.date,
    **changes,
) -> Task | None:
    """Complete the current step's task, move the case on and create the next step's task."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    current = _step_task(case, done_code)
    task_complete(actor=actor, task=current, minutes=minutes, on=on)
    for name, value in changes.items():
        setattr(case, name, value)
    case.status = status
    save_validated(actor, case)
    if next_code is None:
        return None
    task = _new_task(
        actor=actor,
        kind=_kind(next_code),
        person=case.person,
        case=case,
        urgent=case.urgent,
        complex=case.complex,
        start_on=on,
    )
    notify_new_task(task)
    return task


@transaction.atomic
def case_open(
    *,
    actor,
    person,
    benefit: str,
    opened_on: datetime.date | None = None,
    request_text="",
    urgent=False,
    complex=False,
    minutes: int = 0,
) -> Case:
    """Register a request for assistance: the registration task (done by the actor) and the community
    interview task for the person's worker, due in 14 working days (2 when urgent)."""
    require(actor, "work.add_case", message=_("You may not do this with this task."))
    require(actor, "people.view_person", person, message=_("You may not open a case for this person."))
    opened_on = opened_on or timezone.localdate()
    decision_months = 2 if complex else 1
    case = Case(
        person=person,
        opened_on=opened_on,
        benefit=benefit,
        request_text=request_text,
        urgent=urgent,
        complex=complex,
        created_by=actor,
        decision_due_on=deadline(enums.DeadlineKind.MONTHS, decision_months, opened_on),
    )
    save_validated(actor, case)
    register = _new_task(
        actor=actor,
        kind=_kind("register_request"),
        person=person,
        case=case,
        start_on=opened_on,
        assignee=actor,
    )
    task_complete(actor=actor, task=register, minutes=minutes, on=opened_on)
    interview = _new_task(
        actor=actor,
        kind=_kind("community_interview"),
        person=person,
        case=case,
        urgent=urgent,
        start_on=opened_on,
    )
    notify_new_task(interview)
    return case


def case_record_interview(*, actor, case: Case, on: datetime.date, minutes: int = 0) -> Task:
    with transaction.atomic():
        return _advance(
            actor=actor,
            case=case,
            done_code="community_interview",
            next_code="propose_support",
            status=enums.CaseStatus.INTERVIEW,
            minutes=minutes,
            on=on,
            interview_on=on,
        )


def case_propose_support(*, actor, case: Case, proposal: str, on: datetime.date, minutes: int = 0) -> Task:
    if not proposal.strip():
        raise ValidationError({"proposal": _("Describe the proposed support.")}, code="required")
    with transaction.atomic():
        return _advance(
            actor=actor,
            case=case,
            done_code="propose_support",
            next_code="draft_decision",
            status=enums.CaseStatus.SUPPORT_PROPOSED,
            minutes=minutes,
            on=on,
            support_proposal=proposal,
        )


DOCUMENT_FIELDS = (
    "authority",
    "place",
    "parties",
    "legal_basis",
    "operative_part",
    "justification_facts",
    "justification_law",
    "appeal_instruction",
    "signatory",
    "recipients",
)


def _field_error(name: str, message: str, code: str) -> ValidationError:
    """A refusal that names its field and keeps its code (a dict of plain messages would lose it)."""
    return ValidationError({name: ValidationError(message, code=code)})


def current_decision(case: Case) -> Decision | None:
    return case.decisions.order_by("-pk").first()


def _decision_for_update(case: Case) -> Decision:
    decision = Decision.objects.select_for_update().filter(case=case).order_by("-pk").first()
    if decision is None:
        raise ValidationError(_("The case has no decision yet."), code="no_decision")
    return decision


def decision_defaults(case: Case, outcome: str) -> dict[str, str]:
    """The texts a new draft starts with: parties and benefit from the case, the centre's authority and
    place from settings, the standard legal basis and appeal instruction (szansa/domain/work/decisions.py)."""
    person = case.person
    texts = rules.default_texts(
        outcome=outcome,
        party=person.full_name,
        address=person.address_line if person.town else "",
        benefit=case.benefit,
        proposal=case.support_proposal,
        authority=settings.DECISION_SIGNATORY,
    )
    return {"authority": settings.DECISION_AUTHORITY, "place": settings.DECISION_PLACE, **texts}


def case_draft_decision(
    *,
    actor,
    case: Case,
    outcome: str,
    on: datetime.date,
    minutes: int = 0,
    document: dict | None = None,
) -> Task:
    """Draft the decision: the document is pre-filled from the case (decision_defaults) and overlaid with
    what the clerk wrote (`document`); the manager's approval task follows."""
    if outcome not in enums.DecisionOutcome.values:
        raise _field_error("outcome", _("Choose whether the decision grants or refuses."), "invalid")
    case = Case.objects.select_related("person").get(pk=case.pk)
    texts = decision_defaults(case, outcome)
    texts.update({name: value for name, value in (document or {}).items() if name in DOCUMENT_FIELDS})
    with transaction.atomic():
        task = _advance(
            actor=actor,
            case=case,
            done_code="draft_decision",
            next_code="approve_decision",
            status=enums.CaseStatus.DECISION_DRAFTED,
            minutes=minutes,
            on=on,
            decision_outcome=outcome,
            decision_drafted_on=on,
        )
        save_validated(actor, Decision(case=case, outcome=outcome, drafted_on=on, drafted_by=actor, **texts))
        return task


@transaction.atomic
def decision_update(*, actor, decision: Decision, outcome: str, document: dict) -> Decision:
    """Edit a draft before the manager approves it (the clerk who may draft, or a manager)."""
    decision = Decision.objects.select_for_update().select_related("case").get(pk=decision.pk)
    require(actor, "work.change_decision", decision, message=_("You may not edit this decision."))
    if decision.approved_on is not None:
        raise ValidationError(
            _("The decision is already approved; its text can no longer be changed."), code="approved"
        )
    if outcome not in enums.DecisionOutcome.values:
        raise _field_error("outcome", _("Choose whether the decision grants or refuses."), "invalid")
    for name in DOCUMENT_FIELDS:
        if name in document:
            setattr(decision, name, document[name])
    decision.outcome = outcome
    save_validated(actor, decision)
    case = decision.case
    case.decision_outcome = outcome
    save_validated(actor, case)
    return decision


def case_approve_decision(*, actor, case: Case, on: datetime.date, minutes: int = 0) -> Task:
    with transaction.atomic():
        task = _advance(
            actor=actor,
            case=case,
            done_code="approve_decision",
            next_code="issue_decision",
            status=enums.CaseStatus.DECISION_APPROVED,
            minutes=minutes,
            on=on,
            decision_approved_on=on,
        )
        decision = _decision_for_update(case)
        decision.approved_on = on
        decision.approved_by = actor
        save_validated(actor, decision)
        return task


def _next_register_number(year: int) -> int:
    """The next number of the year's register, one at a time (the register row is locked)."""
    DecisionRegister.objects.bulk_create([DecisionRegister(year=year)], ignore_conflicts=True)
    register = DecisionRegister.objects.select_for_update().get(year=year)
    register.last_number += 1
    register.save(update_fields=["last_number"])
    return register.last_number


def case_issue_decision(*, actor, case: Case, on: datetime.date, minutes: int = 0) -> Task:
    """Issue the decision: it gets the next number of the year's register. The appeal deadline is not
    known yet: it runs from delivery (case_record_delivery)."""
    with transaction.atomic():
        task = _advance(
            actor=actor,
            case=case,
            done_code="issue_decision",
            next_code="appeal_watch",
            status=enums.CaseStatus.DECISION_ISSUED,
            minutes=minutes,
            on=on,
            decision_issued_on=on,
            appeal_deadline=None,
        )
        decision = _decision_for_update(case)
        decision.year = on.year
        decision.sequence = _next_register_number(on.year)
        decision.number = rules.register_number(settings.DECISION_NUMBER_PREFIX, decision.sequence, on.year)
        decision.issued_on = on
        save_validated(actor, decision)
        # Until delivery the watch task has no real deadline; it is set when the delivery is recorded.
        task.due_on = None
        save_validated(actor, task)
        return task


def _payment_order(actor, case: Case, on: datetime.date) -> Task | None:
    """The payment order of a granted benefit, once per case."""
    if case.tasks.filter(kind__code="payment_order").exists():
        return None
    task = _new_task(actor=actor, kind=_kind("payment_order"), person=case.person, case=case, start_on=on)
    notify_new_task(task)
    return task


def _watch_task(actor, case: Case) -> Task:
    task = _step_task(case, "appeal_watch")
    return _workable(actor, Task.objects.select_for_update().get(pk=task.pk))


@transaction.atomic
def case_record_delivery(
    *,
    actor,
    case: Case,
    method: str,
    delivered_on: datetime.date | None = None,
    notice_on: datetime.date | None = None,
    today: datetime.date | None = None,
    minutes: int = 0,
) -> Decision:
    """Record how and when the decision reached the party: the appeal deadline runs from that day.
    A decision granting the request in full is enforceable at once: its payment order is created now."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    watch = _watch_task(actor, case)
    decision = _decision_for_update(case)
    today = today or timezone.localdate()
    if method not in enums.DeliveryMethod.values:
        raise _field_error("method", _("Choose how the decision was delivered."), "invalid")
    if method == enums.DeliveryMethod.IN_PERSON and delivered_on is None:
        raise _field_error("delivered_on", _("Give the day the party signed for the decision."), "required")
    if delivered_on is None and notice_on is None:
        raise _field_error(
            "delivered_on", _("Give the day of delivery, or the day the first notice was left."), "required"
        )
    for name, day in (("delivered_on", delivered_on), ("notice_on", notice_on)):
        if day is not None and day < decision.issued_on:
            message = _("This day is before the decision was issued (%(day)s).") % {
                "day": date_format(decision.issued_on)
            }
            raise _field_error(name, message, "before_issue")
        if day is not None and day > today:
            raise _field_error(name, _("This day is in the future."), "future")
    day, deemed = rules.delivery_date(method, delivered_on=delivered_on, notice_on=notice_on)
    if day > today:
        message = _(
            "The 14 days from the notice have not passed yet: delivery will be deemed made on %(day)s."
        ) % {"day": date_format(day)}
        raise _field_error("notice_on", message, "not_yet_deemed")
    decision.delivery_method = method
    decision.notice_on = notice_on
    decision.delivered_on = day
    decision.deemed_delivery = deemed
    decision.appeal_deadline = rules.appeal_deadline(day)
    decision.enforceable_from = rules.enforceable_from(outcome=decision.outcome, delivered_on=day, final=None)
    save_validated(actor, decision)
    case.appeal_deadline = decision.appeal_deadline
    save_validated(actor, case)
    watch.start_on = day
    watch.due_on = decision.appeal_deadline
    save_validated(actor, watch)
    if minutes:
        time_record_add(actor=actor, task=watch, minutes=minutes, date=today)
    if decision.enforceable_from is not None:
        _payment_order(actor, case, decision.enforceable_from)
    return decision


@transaction.atomic
def case_record_appeal(*, actor, case: Case, on: datetime.date) -> Decision:
    """Record that the party appealed (the case then waits for the appeal board)."""
    _watch_task(actor, case)
    decision = _decision_for_update(case)
    if decision.delivered_on is None:
        raise ValidationError(_("Record the delivery of the decision first."), code="not_delivered")
    if on < decision.delivered_on:
        raise _field_error("on", _("An appeal cannot precede the delivery."), "before_delivery")
    decision.appeal_lodged_on = on
    save_validated(actor, decision)
    return decision


@transaction.atomic
def case_waive_appeal(*, actor, case: Case, on: datetime.date) -> Decision:
    """The party waived the appeal (art. 127a KPA): the decision is final from the day the waiver
    reached the centre."""
    _watch_task(actor, case)
    decision = _decision_for_update(case)
    if decision.delivered_on is None:
        raise ValidationError(_("Record the delivery of the decision first."), code="not_delivered")
    if decision.appeal_lodged_on is not None:
        raise ValidationError(_("An appeal was already lodged."), code="appealed")
    if on < decision.delivered_on or on > decision.appeal_deadline:
        raise _field_error(
            "on", _("A waiver counts only between the delivery and the appeal deadline."), "out_of_period"
        )
    decision.appeal_waived_on = on
    decision.final_on = on
    decision.enforceable_from = decision.enforceable_from or on
    save_validated(actor, decision)
    return decision


def case_close(*, actor, case: Case, on: datetime.date, minutes: int = 0) -> None:
    """Close a case once its decision is final (the appeal deadline passed with no appeal, or the appeal
    was waived); a granted benefit gets its payment order if it has none yet."""
    decision = current_decision(case)
    if decision is None:
        raise ValidationError(_("The case has no decision yet."), code="no_decision")
    if decision.delivered_on is None:
        raise ValidationError(
            _("Record the delivery of the decision first: the appeal deadline runs from it."),
            code="not_delivered",
        )
    if decision.appeal_lodged_on is not None:
        raise ValidationError(
            _("An appeal was lodged: the case waits for the appeal board's decision."), code="appealed"
        )
    final = rules.final_on(
        appeal_deadline=decision.appeal_deadline,
        appeal_lodged_on=None,
        appeal_waived_on=decision.appeal_waived_on,
    )
    if on < final:
        raise ValidationError(
            _("The appeal deadline runs until %(day)s.") % {"day": date_format(decision.appeal_deadline)},
            code="appeal_running",
        )
    with transaction.atomic():
        _advance(
            actor=actor,
            case=case,
            done_code="appeal_watch",
            next_code=None,
            status=enums.CaseStatus.CLOSED,
            minutes=minutes,
            on=on,
            closed_on=on,
        )
        decision = _decision_for_update(case)
        decision.final_on = final
        decision.enforceable_from = rules.enforceable_from(
            outcome=decision.outcome, delivered_on=decision.delivered_on, final=final
        )
        save_validated(actor, decision)
        if decision.outcome in (enums.DecisionOutcome.GRANT, enums.DecisionOutcome.PARTIAL):
            return _payment_order(actor, case, on) or case.tasks.filter(kind__code="payment_order").first()
        return None
