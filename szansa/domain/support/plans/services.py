"""Writes of the support path: diagnoses, individual plans and social contracts. Each names its actor,
checks the permission of szansa.domain.support.access (`rules.CHANGE`, `rules.APPROVE`), validates, and
saves with the actor in the audit log.

A plan is never edited: a revision is a new version with the goals and support it is given (nothing is
copied behind the user's back), the previous version gets `superseded_on` and otherwise stays as it
was, so the history shows what was agreed when.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from szansa.domain.accounts.enums import Role
from szansa.domain.recruitment.models import Participant
from szansa.domain.support import enums
from szansa.domain.support.models import (
    Diagnosis,
    DiagnosisArea,
    IndividualPlan,
    PlanGoal,
    PlannedSupport,
    SocialContract,
)
from szansa.domain.support.plans.rules import (
    APPROVE,
    CHANGE,
    may_approve_contract,
    may_be_specialist,
    participation_period,
)
from szansa.lib.services import require, save_validated


def _day(value: datetime.date | None) -> str:
    return f"{value:%d.%m.%Y}" if value else "…"


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
    require(actor, CHANGE, participant, message=_("You may not change this participant's support path."))
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
    diagnosis = save_validated(
        actor,
        Diagnosis(
            participant=participant, kind=kind, made_on=made_on, made_by=actor, summary=summary.strip()
        ),
    )
    for row in cleaned:
        save_validated(
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


# --- individual plan ---------------------------------------------------------------------------------------


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
    save_validated(actor, plan)
    for position, goal in enumerate(goals):
        save_validated(
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
        save_validated(
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
    require(actor, APPROVE, participant, message=_("You may not change this participant's support path."))
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
    require(actor, APPROVE, plan, message=_("You may not change this participant's support path."))
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
    save_validated(actor, previous)
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
    require(actor, APPROVE, plan, message=_("You may not change this participant's support path."))
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
    return save_validated(actor, plan)


# --- social contract ---------------------------------------------------------------------------------------


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
    return save_validated(actor, contract)


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
    return save_validated(actor, contract)
