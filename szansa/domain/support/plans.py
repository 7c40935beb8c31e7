"""Diagnosis, individual plan (IPD) and social contract: writes (services) and reads (selectors).

Pages (views_plans), the API (api/support_plans_views) and the demo (demo_plans) call these functions;
nothing here is repeated elsewhere. Who may do what is szansa.domain.support.access:
* support.change_path: diagnoses (a specialist who serves the participant may diagnose);
* support.approve_path: plans (draw up, revise, accept) and social contracts.

A plan is never edited: a revision is a new version with the goals and support it is given (nothing is
copied behind the user's back), the previous version gets `superseded_on` and otherwise stays as it
was, so the history shows what was agreed when.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, DurationField, ExpressionWrapper, F, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils.translation import gettext as _

from szansa.domain.accounts.enums import Role
from szansa.domain.projects.models import ProjectStaff
from szansa.domain.recruitment.access import scope_participants
from szansa.domain.recruitment.models import Participant
from szansa.domain.support import enums
from szansa.domain.support.access import served_participants
from szansa.domain.support.models import (
    ActivityParticipant,
    Attendance,
    Diagnosis,
    DiagnosisArea,
    IndividualPlan,
    Internship,
    Outcome,
    PlanGoal,
    PlannedSupport,
    SocialContract,
)

ZERO_HOURS = Decimal("0.0")
CHANGE = "support.change_path"
APPROVE = "support.approve_path"


def _day(value: datetime.date | None) -> str:
    return f"{value:%d.%m.%Y}" if value else "…"


def _require(actor, perm: str, obj) -> None:
    if actor is None or not actor.has_perm(perm, obj):
        raise PermissionDenied(_("You may not change this participant's support path."))


def _save(actor, instance):
    instance.full_clean()
    with set_actor(actor):
        instance.save()
    return instance


def participation_period(participant: Participant) -> tuple[datetime.date, datetime.date]:
    """The days support can be planned on: the participation within the project's period."""
    project = participant.project
    start = max(participant.start_date, project.start)
    end = min(participant.end_date or project.end, project.end)
    return start, end


# --- diagnosis ---------------------------------------------------------------------------------------------


def _clean_areas(areas: list[dict]) -> tuple[list[dict], dict]:
    errors, seen, cleaned = {}, set(), []
    for index, row in enumerate(areas):
        area = row.get("area")
        if area not in enums.DiagnosisArea.values:
            errors[f"areas.{index}.area"] = [_("Choose an area.")]
            continue
        if area in seen:
            errors[f"areas.{index}.area"] = [_("This area is already in the diagnosis.")]
            continue
        level = row.get("need_level", enums.NeedLevel.NONE)
        if level not in enums.NeedLevel.values:
            errors[f"areas.{index}.need_level"] = [_("Choose a need level.")]
            continue
        seen.add(area)
        cleaned.append({**row, "need_level": int(level)})
    if not cleaned and not errors:
        errors["areas"] = [_("Describe at least one area of the diagnosis.")]
    return cleaned, errors


@transaction.atomic
def diagnosis_create(
    *,
    actor,
    participant: Participant,
    made_on: datetime.date,
    kind: str = enums.DiagnosisKind.INITIAL,
    summary: str = "",
    areas: list[dict],
) -> Diagnosis:
    """Record a diagnosis of needs and potential, area by area. The first is the initial diagnosis;
    every later one is a re-diagnosis kept beside it (progress compares the two)."""
    _require(actor, CHANGE, participant)
    Participant.objects.select_for_update().get(pk=participant.pk)  # one diagnosis at a time
    earlier = Diagnosis.objects.filter(participant=participant).order_by("-made_on", "-pk").first()
    errors = {}
    if kind == enums.DiagnosisKind.INITIAL and earlier is not None:
        errors["kind"] = [
            _("The participant already has a diagnosis of %(day)s; record a re-diagnosis.")
            % {"day": _day(earlier.made_on)}
        ]
    elif kind == enums.DiagnosisKind.REDIAGNOSIS:
        if earlier is None:
            errors["kind"] = [_("A re-diagnosis needs an initial diagnosis first.")]
        elif made_on <= earlier.made_on:
            errors["made_on"] = [
                _("A re-diagnosis must come after the previous diagnosis (%(day)s).")
                % {"day": _day(earlier.made_on)}
            ]
    end = participation_period(participant)[1]
    if made_on > end:
        errors.setdefault("made_on", []).append(
            _("The diagnosis cannot be made after the end of participation (%(day)s).") % {"day": _day(end)}
        )
    cleaned, area_errors = _clean_areas(areas)
    errors.update(area_errors)
    if errors:
        raise ValidationError(errors)
    diagnosis = _save(
        actor,
        Diagnosis(
            participant=participant, kind=kind, made_on=made_on, made_by=actor, summary=summary.strip()
        ),
    )
    for row in cleaned:
        _save(
            actor,
            DiagnosisArea(
                diagnosis=diagnosis,
                area=row["area"],
                need_level=row["need_level"],
                finding=(row.get("finding") or "").strip(),
                strengths=(row.get("strengths") or "").strip(),
            ),
        )
    return diagnosis


@dataclass(frozen=True)
class AreaProgress:
    area: str
    label: str
    first: int | None
    latest: int | None

    @property
    def change(self) -> int | None:
        """Negative: the need dropped (progress); positive: it grew."""
        if self.first is None or self.latest is None:
            return None
        return self.latest - self.first

    @property
    def verdict(self) -> str:
        if self.change is None:
            return _("not compared")
        if self.change < 0:
            return _("improved")
        if self.change > 0:
            return _("worse")
        return _("no change")


@dataclass(frozen=True)
class Progress:
    first: Diagnosis | None
    latest: Diagnosis | None
    areas: list[AreaProgress] = field(default_factory=list)

    @property
    def compared(self) -> bool:
        return self.first is not None and self.latest is not None and self.first.pk != self.latest.pk

    @property
    def improved(self) -> int:
        return sum(1 for row in self.areas if row.change is not None and row.change < 0)


def diagnosis_progress(participant: Participant) -> Progress:
    """Need levels area by area in the first and the latest diagnosis of the participant."""
    diagnoses = list(
        Diagnosis.objects.filter(participant=participant).order_by("made_on", "pk").prefetch_related("areas")
    )
    if not diagnoses:
        return Progress(None, None)
    first, latest = diagnoses[0], diagnoses[-1]
    if first.pk == latest.pk:
        return Progress(first, None)
    before = {row.area: row.need_level for row in first.areas.all()}
    after = {row.area: row.need_level for row in latest.areas.all()}
    rows = [
        AreaProgress(area, label, before.get(area), after.get(area))
        for area, label in enums.DiagnosisArea.choices
        if area in before or area in after
    ]
    return Progress(first, latest, rows)


# --- individual plan ---------------------------------------------------------------------------------------


def may_be_specialist(user, participant: Participant) -> bool:
    """The responsible specialist: a user with the specialist role or on the project's staff."""
    if user is None or not user.is_active:
        return False
    return (
        Role.SPECIALIST in user.roles
        or ProjectStaff.objects.filter(project_id=participant.project_id, user=user).exists()
    )


def _clean_goals(goals: list[dict], drawn_up_on: datetime.date) -> dict:
    errors = {}
    for index, goal in enumerate(goals):
        if not (goal.get("description") or "").strip():
            errors[f"goals.{index}.description"] = [_("Describe the goal.")]
        if not (goal.get("measure") or "").strip():
            errors[f"goals.{index}.measure"] = [_("Say how the goal is measured.")]
        target = goal.get("target_date")
        if target is None:
            errors[f"goals.{index}.target_date"] = [_("Give the target date.")]
        elif target < drawn_up_on:
            errors[f"goals.{index}.target_date"] = [
                _("The target date cannot be earlier than the plan (%(day)s).") % {"day": _day(drawn_up_on)}
            ]
    if not goals:
        errors["goals"] = [_("A plan needs at least one goal.")]
    return errors


def _clean_supports(supports: list[dict], participant: Participant) -> dict:
    errors = {}
    start, end = participation_period(participant)
    for index, row in enumerate(supports):
        key = f"supports.{index}."
        if row.get("form") is None:
            errors[key + "form"] = [_("Choose the form of support.")]
        hours = row.get("hours")
        if hours is None or Decimal(hours) <= 0:
            errors[key + "hours"] = [_("The hours planned must be more than zero.")]
        starts_on, ends_on = row.get("starts_on"), row.get("ends_on")
        if starts_on is None or ends_on is None:
            errors[key + "starts_on"] = [_("Give the period of the support.")]
        elif ends_on < starts_on:
            errors[key + "ends_on"] = [_("The end date cannot be earlier than the start date.")]
        elif starts_on < start or ends_on > end:
            errors[key + "starts_on"] = [
                _("The support must fall within the participation, from %(start)s to %(end)s.")
                % {"start": _day(start), "end": _day(end)}
            ]
        specialist = row.get("specialist")
        if specialist is not None and not may_be_specialist(specialist, participant):
            errors[key + "specialist"] = [
                _("%(name)s is neither a specialist nor on the project's staff.") % {"name": specialist}
            ]
    if not supports:
        errors["supports"] = [_("A plan needs at least one form of support.")]
    return errors


def _check_plan(participant, drawn_up_on, diagnosis, goals, supports) -> None:
    errors = {}
    start, end = participation_period(participant)
    if drawn_up_on > end:
        errors["drawn_up_on"] = [
            _("The plan cannot be drawn up after the end of participation (%(day)s).") % {"day": _day(end)}
        ]
    if diagnosis is not None:
        if diagnosis.participant_id != participant.pk:
            errors["diagnosis"] = [_("The diagnosis is of another participant.")]
        elif diagnosis.made_on > drawn_up_on:
            errors["diagnosis"] = [_("The plan cannot be based on a later diagnosis.")]
    errors.update(_clean_goals(goals, drawn_up_on))
    errors.update(_clean_supports(supports, participant))
    if errors:
        raise ValidationError(errors)


def _store_plan(actor, plan: IndividualPlan, goals, supports) -> IndividualPlan:
    _save(actor, plan)
    for position, goal in enumerate(goals):
        _save(
            actor,
            PlanGoal(
                plan=plan,
                description=goal["description"].strip(),
                measure=goal["measure"].strip(),
                target_date=goal["target_date"],
                achieved_on=goal.get("achieved_on"),
                position=position,
            ),
        )
    for row in supports:
        _save(
            actor,
            PlannedSupport(
                plan=plan,
                form=row["form"],
                hours=Decimal(row["hours"]),
                specialist=row.get("specialist"),
                starts_on=row["starts_on"],
                ends_on=row["ends_on"],
                note=(row.get("note") or "").strip(),
            ),
        )
    return plan


@transaction.atomic
def plan_create(
    *,
    actor,
    participant: Participant,
    drawn_up_on: datetime.date,
    diagnosis: Diagnosis | None = None,
    goals: list[dict],
    supports: list[dict],
) -> IndividualPlan:
    """Draw up the first version of the participant's individual plan.

    goals: [{description, measure, target_date, achieved_on?}];
    supports: [{form, hours, specialist?, starts_on, ends_on, note?}]."""
    _require(actor, APPROVE, participant)
    Participant.objects.select_for_update().get(pk=participant.pk)
    if IndividualPlan.objects.filter(participant=participant).exists():
        raise ValidationError(_("The participant already has a plan; revise it instead."), code="plan_exists")
    _check_plan(participant, drawn_up_on, diagnosis, goals, supports)
    plan = IndividualPlan(
        participant=participant, version=1, drawn_up_on=drawn_up_on, drawn_up_by=actor, diagnosis=diagnosis
    )
    return _store_plan(actor, plan, goals, supports)


def _current(plan: IndividualPlan) -> IndividualPlan:
    """The plan locked and reloaded; refused unless it is the current version."""
    Participant.objects.select_for_update().get(pk=plan.participant_id)
    plan = IndividualPlan.objects.select_related("participant__project").get(pk=plan.pk)
    if not plan.is_current:
        raise ValidationError(
            _("Version %(version)s was superseded on %(day)s; only the current version can be changed.")
            % {"version": plan.version, "day": _day(plan.superseded_on)},
            code="not_current",
        )
    return plan


_KEEP = object()


@transaction.atomic
def plan_revise(
    *,
    actor,
    plan: IndividualPlan,
    reason: str,
    goals: list[dict],
    supports: list[dict],
    on: datetime.date,
    diagnosis=_KEEP,
) -> IndividualPlan:
    """A new version n+1 from `on` with the goals and support given; the revised version is marked
    superseded on that day and otherwise left as it was. The new version is based on the same
    diagnosis unless another one (or None) is given."""
    _require(actor, APPROVE, plan)
    previous = _current(plan)
    participant = previous.participant
    if diagnosis is _KEEP:
        diagnosis = previous.diagnosis
    errors = {}
    if not (reason or "").strip():
        errors["reason"] = [_("Give the reason for the revision.")]
    if on < previous.drawn_up_on:
        errors["on"] = [
            _("The revision cannot come before version %(version)s (%(day)s).")
            % {"version": previous.version, "day": _day(previous.drawn_up_on)}
        ]
    try:
        _check_plan(participant, on, diagnosis, goals, supports)
    except ValidationError as error:
        errors.update(
            {("on" if key == "drawn_up_on" else key): value for key, value in error.message_dict.items()}
        )
    if errors:
        raise ValidationError(errors)
    previous.superseded_on = on
    _save(actor, previous)
    revision = IndividualPlan(
        participant=participant,
        version=previous.version + 1,
        drawn_up_on=on,
        drawn_up_by=actor,
        diagnosis=diagnosis,
        revision_reason=reason.strip(),
    )
    return _store_plan(actor, revision, goals, supports)


@transaction.atomic
def plan_accept(
    *,
    actor,
    plan: IndividualPlan,
    by_participant_on: datetime.date | None = None,
    by_worker_on: datetime.date | None = None,
) -> IndividualPlan:
    """Record that the participant and/or the worker accepted (signed) the current version."""
    _require(actor, APPROVE, plan)
    plan = _current(plan)
    errors = {}
    if by_participant_on is None and by_worker_on is None:
        raise ValidationError(_("Give the day of at least one acceptance."), code="no_date")
    for name, value, already in (
        ("by_participant_on", by_participant_on, plan.accepted_by_participant_on),
        ("by_worker_on", by_worker_on, plan.accepted_by_worker_on),
    ):
        if value is None:
            continue
        if already is not None:
            errors[name] = [_("Already accepted on %(day)s.") % {"day": _day(already)}]
        elif value < plan.drawn_up_on:
            errors[name] = [
                _("The plan cannot be accepted before it was drawn up (%(day)s).")
                % {"day": _day(plan.drawn_up_on)}
            ]
    if errors:
        raise ValidationError(errors)
    if by_participant_on is not None:
        plan.accepted_by_participant_on = by_participant_on
    if by_worker_on is not None:
        plan.accepted_by_worker_on = by_worker_on
    return _save(actor, plan)


@dataclass(frozen=True)
class HoursRow:
    support: PlannedSupport
    planned: Decimal
    delivered: Decimal

    @property
    def remaining(self) -> Decimal:
        return max(self.planned - self.delivered, ZERO_HOURS)

    @property
    def percent(self) -> int | None:
        return round(100 * self.delivered / self.planned) if self.planned else None


def _hours(duration: datetime.timedelta | None) -> Decimal:
    if not duration:
        return ZERO_HOURS
    return (Decimal(duration.total_seconds()) / Decimal(3600)).quantize(Decimal("0.1"))


def hours_delivered_vs_planned(plan: IndividualPlan) -> list[HoursRow]:
    """Per planned support: the hours planned and the hours delivered, i.e. the length of the
    sessions (not cancelled) of activities of the same form of support, held within the support's
    period, that the participant attended (present). A group session counts through the attendance
    list; an individual one only when booked for this participant."""
    supports = list(plan.supports.select_related("form", "specialist"))
    participant_id = plan.participant_id
    attended = Attendance.objects.filter(
        participant_id=participant_id,
        status=enums.AttendanceStatus.PRESENT,
        session__cancelled=False,
        session__activity__form_id__in={s.form_id for s in supports},
    ).filter(Q(session__participant__isnull=True) | Q(session__participant_id=participant_id))
    length = ExpressionWrapper(F("session__ends_at") - F("session__starts_at"), output_field=DurationField())
    rows = attended.values("session__activity__form_id", "session__starts_at__date").annotate(
        duration=Sum(length)
    )
    by_form_day: dict[int, list[tuple[datetime.date, datetime.timedelta]]] = {}
    for row in rows:
        by_form_day.setdefault(row["session__activity__form_id"], []).append(
            (row["session__starts_at__date"], row["duration"])
        )
    result = []
    for support in supports:
        total = sum(
            (
                d
                for day, d in by_form_day.get(support.form_id, [])
                if support.starts_on <= day <= support.ends_on
            ),
            datetime.timedelta(),
        )
        result.append(HoursRow(support, support.hours, _hours(total)))
    return result


# --- social contract ---------------------------------------------------------------------------------------


def may_approve_contract(user, *, person, participant=None) -> bool:
    """With a participant: support.approve_path. Without one (the centre's own social work): a social
    worker who may change the person, or an administrator / centre manager."""
    if participant is not None:
        return user.has_perm(APPROVE, participant)
    if not user.has_perm("people.change_person", person):
        return False
    return user.has_role(Role.SOCIAL_WORKER, Role.ADMINISTRATOR, Role.CENTRE_MANAGER)


def _lines_required(values: dict) -> dict:
    return {
        name: [_("Write at least one line.")] for name, text in values.items() if not (text or "").strip()
    }


@transaction.atomic
def contract_conclude(
    *,
    actor,
    person,
    participant: Participant | None = None,
    number: str,
    variant: str,
    worker,
    concluded_on: datetime.date,
    starts_on: datetime.date,
    ends_on: datetime.date,
    goals: str,
    client_obligations: str,
    centre_obligations: str,
    schedule: str = "",
) -> SocialContract:
    """Conclude a social contract (art. 108) between a social worker and a person, optionally as
    part of the person's participation in a project."""
    if actor is None or not may_approve_contract(actor, person=person, participant=participant):
        raise PermissionDenied(_("You may not conclude a social contract with this person."))
    errors = _lines_required(
        {"goals": goals, "client_obligations": client_obligations, "centre_obligations": centre_obligations}
    )
    if participant is not None and participant.person_id != person.pk:
        errors["participant"] = [_("The participation is of another person.")]
    if worker is None or Role.SOCIAL_WORKER not in worker.roles:
        errors["worker"] = [_("The contract is concluded by a social worker.")]
    if ends_on < starts_on:
        errors["ends_on"] = [_("The end date cannot be earlier than the start date.")]
    if concluded_on > starts_on:
        errors["concluded_on"] = [_("The contract must be concluded before it starts.")]
    if errors:
        raise ValidationError(errors)
    contract = SocialContract(
        person=person,
        participant=participant,
        number=number.strip(),
        variant=variant,
        worker=worker,
        concluded_on=concluded_on,
        starts_on=starts_on,
        ends_on=ends_on,
        goals=goals.strip(),
        client_obligations=client_obligations.strip(),
        centre_obligations=centre_obligations.strip(),
        schedule=schedule.strip(),
    )
    return _save(actor, contract)


@transaction.atomic
def contract_evaluate(
    *, actor, contract: SocialContract, on: datetime.date, status: str, evaluation: str
) -> SocialContract:
    """Evaluate a contract in force: fulfilled, broken, ended early, or still in force (an interim
    evaluation). An evaluated contract that is no longer in force is closed."""
    contract = (
        SocialContract.objects.select_for_update(of=("self",))
        .select_related("person", "participant")
        .get(pk=contract.pk)
    )
    if not may_approve_contract(actor, person=contract.person, participant=contract.participant):
        raise PermissionDenied(_("You may not evaluate this social contract."))
    if contract.status != enums.ContractStatus.IN_FORCE:
        raise ValidationError(
            _("The contract is already closed (%(status)s).") % {"status": contract.get_status_display()},
            code="closed",
        )
    errors = {}
    if not (evaluation or "").strip():
        errors["evaluation"] = [_("Write the evaluation.")]
    if status not in enums.ContractStatus.values:
        errors["status"] = [_("Choose the status.")]
    if on < contract.starts_on:
        errors["on"] = [
            _("The evaluation cannot come before the contract starts (%(day)s).")
            % {"day": _day(contract.starts_on)}
        ]
    if errors:
        raise ValidationError(errors)
    contract.status = status
    contract.evaluated_on = on
    contract.evaluation = evaluation.strip()
    return _save(actor, contract)


# --- selectors ---------------------------------------------------------------------------------------------


def path_participants(user):
    """Participants whose path the user reads: those they read in recruitment and in the registry,
    plus those they serve as a specialist (support.access.reads_path, as a queryset)."""
    scoped = scope_participants(Participant.objects.all(), user).values("pk")
    served = served_participants(user).values("pk")
    return Participant.objects.filter(Q(pk__in=scoped) | Q(pk__in=served))


def path_participant_get(*, user, pk) -> Participant:
    try:
        return path_participants(user).select_related("person", "project", "target_group").get(pk=pk)
    except (Participant.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def path_read(*, user, participant: Participant, what: str) -> LogEntry:
    """Access-log a read of the participant's path (a page or a document) on the person."""
    return LogEntry.objects.log_create(
        participant.person,
        action=LogEntry.Action.ACCESS,
        actor=user,
        force_log=True,
        changes=None,
        additional_data={"support": what},
    )


def diagnosis_list(*, user):
    return (
        Diagnosis.objects.filter(participant__in=path_participants(user))
        .select_related("participant__person", "made_by")
        .prefetch_related("areas")
    )


def diagnosis_get(*, user, pk) -> Diagnosis:
    try:
        return diagnosis_list(user=user).get(pk=pk)
    except (Diagnosis.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def plan_list(*, user):
    return (
        IndividualPlan.objects.filter(participant__in=path_participants(user))
        .select_related("participant__person", "participant__project", "drawn_up_by", "diagnosis")
        .prefetch_related("goals", "supports__form", "supports__specialist")
    )


def plan_get(*, user, pk) -> IndividualPlan:
    try:
        return plan_list(user=user).get(pk=pk)
    except (IndividualPlan.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def plan_history(plan: IndividualPlan):
    return IndividualPlan.objects.filter(participant_id=plan.participant_id).select_related("drawn_up_by")


def contract_list(*, user):
    """Contracts of the participants whose path the user reads, and contracts outside projects of the
    people the user may see in the registry."""
    from szansa.domain.people.access import person_scope

    scope = person_scope(user)
    own = Q(participant__isnull=True)
    if scope is not None:
        from szansa.domain.people.models import Person

        own &= Q(person__in=Person.objects.filter(scope))
    return SocialContract.objects.filter(Q(participant__in=path_participants(user)) | own).select_related(
        "person", "participant__project", "worker"
    )


def contract_get(*, user, pk) -> SocialContract:
    try:
        return contract_list(user=user).get(pk=pk)
    except (SocialContract.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def contract_next_number(on: datetime.date) -> str:
    """A suggestion: KS/<year>/<n+1> after the contracts of that year."""
    count = SocialContract.objects.filter(number__startswith=f"KS/{on.year}/").count()
    return f"KS/{on.year}/{count + 1}"


def activity_attendance(participant: Participant):
    """The participant's activities with their attendance: sessions recorded for them, of which
    present (one query; the rate is present / recorded)."""
    mine = Attendance.objects.filter(
        participant_id=participant.pk, session__activity_id=OuterRef("activity_id")
    )
    recorded = mine.values("session__activity_id").annotate(n=Count("pk")).values("n")
    present = (
        mine.filter(status=enums.AttendanceStatus.PRESENT)
        .values("session__activity_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        ActivityParticipant.objects.filter(participant_id=participant.pk)
        .select_related("activity__form", "activity__specialist")
        .annotate(
            sessions_recorded=Coalesce(Subquery(recorded), 0),
            sessions_present=Coalesce(Subquery(present), 0),
        )
        .order_by("activity__starts_on", "pk")
    )


@dataclass(frozen=True)
class Event:
    day: datetime.date
    kind: str
    label: str
    url: str = ""


def path_overview(participant: Participant) -> dict:
    """Everything of the path page in a fixed number of queries: the timeline and its sections."""
    diagnoses = list(
        Diagnosis.objects.filter(participant=participant).select_related("made_by").prefetch_related("areas")
    )
    plans = list(
        IndividualPlan.objects.filter(participant=participant)
        .select_related("drawn_up_by")
        .prefetch_related("goals", "supports__form", "supports__specialist")
    )
    contracts = list(
        SocialContract.objects.filter(
            Q(participant=participant) | Q(person_id=participant.person_id, participant__isnull=True)
        ).select_related("worker")
    )
    activities = list(activity_attendance(participant))
    for place in activities:
        place.attendance_rate = (
            round(100 * place.sessions_present / place.sessions_recorded) if place.sessions_recorded else None
        )
    internships = list(Internship.objects.filter(participant=participant).select_related("activity"))
    outcomes = list(Outcome.objects.filter(participant=participant))
    events = [Event(participant.start_date, "enrolment", _("Start of participation"))]
    events += [Event(d.made_on, "diagnosis", str(d), d.get_absolute_url()) for d in diagnoses]
    for plan in plans:
        label = str(plan) + (f": {plan.revision_reason}" if plan.revision_reason else "")
        events.append(Event(plan.drawn_up_on, "plan", label, plan.get_absolute_url()))
    events += [Event(c.concluded_on, "contract", str(c), c.get_absolute_url()) for c in contracts]
    events += [Event(p.activity.starts_on, "activity", p.activity.title) for p in activities]
    events += [Event(i.starts_on, "internship", f"{_('Internship')}: {i.employer}") for i in internships]
    events += [Event(o.achieved_on, "outcome", str(o)) for o in outcomes]
    if participant.end_date:
        events.append(Event(participant.end_date, "exit", _("End of participation")))
    if participant.follow_up_on:
        events.append(Event(participant.follow_up_on, "follow_up", _("Follow-up 3 months after exit")))
    events.sort(key=lambda event: event.day)
    current = next((plan for plan in plans if plan.is_current), None)
    return {
        "events": events,
        "diagnoses": diagnoses,
        "progress": diagnosis_progress(participant),
        "plans": plans,
        "current_plan": current,
        "hours": hours_delivered_vs_planned(current) if current else [],
        "contracts": contracts,
        "activities": activities,
        "internships": internships,
        "outcomes": outcomes,
    }
