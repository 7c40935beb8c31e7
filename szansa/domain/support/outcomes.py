"""Outcomes of participants (docs/indicators.md): recorded at exit and at the follow-up, each with its
evidence, and the classification the indicators read.

Writes: `outcome_record`, `qualification_from_exam`. Reads: `outcomes_of`, `qualification_offered`.
Classification (plain functions of one Outcome, used by the indicators; they read the participant's
dates, so pass outcomes with `participant` loaded, e.g. from `outcomes_of` or select_related):

* `within_4_weeks(outcome)`: counts "upon leaving" for the immediate-result indicators (§5.2, EECR01-04).
* `within_3_months(outcome)`: counts for efektywność społeczna / zatrudnieniowa (§5.3).
* `counts_as_employment(outcome)`: the outcome is "employment" for efektywność zatrudnieniowa (§5.3).
* `counts_as_social_progress(outcome)`: the outcome is progress for efektywność społeczna (§5.3).

Which indicator an outcome feeds follows its kind (`RESULT_INDICATOR_KINDS`); age limits (under-18s
excluded from job-seeking and working) and the participant's support (social / vocational) are the
indicators' business, not this module's.
"""

import datetime
from decimal import Decimal

from auditlog.context import set_actor
from dateutil.relativedelta import relativedelta
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from szansa.domain.recruitment.models import Participant
from szansa.domain.support import enums
from szansa.domain.support.models import ActivityParticipant, Outcome

RESULT_WINDOW = datetime.timedelta(days=28)  # "up to 4 weeks after leaving" (§5.2)
EFFECTIVENESS_MONTHS = 3  # "within 3 months after ending participation" (§5.3, verify)
EMPLOYMENT_KINDS = (enums.OutcomeKind.EMPLOYMENT, enums.OutcomeKind.SELF_EMPLOYMENT)
MIN_MONTHS = 3
MIN_FTE = Decimal("0.5")

# The immediate-result indicator each kind feeds (docs/indicators.md; codes from memory, verify).
RESULT_INDICATOR_KINDS = {
    enums.OutcomeKind.JOB_SEEKING: "EECR01",
    enums.OutcomeKind.EDUCATION: "EECR02",
    enums.OutcomeKind.QUALIFICATION: "EECR03",
    enums.OutcomeKind.EMPLOYMENT: "EECR04",
    enums.OutcomeKind.SELF_EMPLOYMENT: "EECR04",
}


def _require(actor, perm: str, obj) -> None:
    if actor is None or not actor.has_perm(perm, obj):
        raise PermissionDenied(_("You may not record outcomes of this participant."))


def _save(actor, instance):
    instance.full_clean()
    with set_actor(actor):
        instance.save()
    return instance


# --- classification (the indicators call these) ------------------------------------------------------------


def within_4_weeks(outcome: Outcome) -> bool:
    """True when the outcome counts "upon leaving" for the immediate-result indicators (§5.2): the
    participant has left (end_date set), and the outcome was achieved no later than end_date + 28 days
    (day 28 counts, day 29 does not) and not before the participation started.

    Decided: an outcome achieved during participation counts when it still holds at exit, e.g. a
    qualification gained in the project's training, being in education, job seeking, social progress.
    An outcome with a duration (a contract for `contract_months`) holds at exit only if it has not run
    out by end_date (achieved_on + contract_months > end_date): a 1-month job in the first month of a
    year-long participation is not "working upon leaving"."""
    end = outcome.participant.end_date
    if end is None or outcome.achieved_on < outcome.participant.start_date:
        return False
    if outcome.achieved_on > end + RESULT_WINDOW:
        return False
    if outcome.achieved_on <= end and outcome.contract_months:
        return outcome.achieved_on + relativedelta(months=outcome.contract_months) > end
    return True


def within_3_months(outcome: Outcome) -> bool:
    """True when the outcome counts for effectiveness (§5.3): achieved after the participation ended
    and no later than the same day 3 calendar months after end_date (end 31.01 → until 30.04 inclusive;
    relativedelta clips to the month's last day). Achieved on end_date itself or earlier does not count
    (the Wytyczne count what follows the end of participation; verify against the call)."""
    end = outcome.participant.end_date
    if end is None:
        return False
    return end < outcome.achieved_on <= end + relativedelta(months=EFFECTIVENESS_MONTHS)


def counts_as_employment(outcome: Outcome) -> bool:
    """True when the outcome is "employment" for efektywność zatrudnieniowa (§5.3, **verify** against the
    Wytyczne version of the call): an employment contract of at least ½ FTE for at least 3 months, a
    civil-law contract for at least 3 months (the PO KL condition "worth ≥ 3× the minimum wage" is not
    recorded here; check the evidence), or starting one's own business (self-employment)."""
    if outcome.kind not in EMPLOYMENT_KINDS:
        return False
    months = outcome.contract_months or 0
    if outcome.contract_type == enums.ContractType.EMPLOYMENT_CONTRACT:
        return outcome.fte is not None and outcome.fte >= MIN_FTE and months >= MIN_MONTHS
    if outcome.contract_type == enums.ContractType.CIVIL_LAW:
        return months >= MIN_MONTHS
    return outcome.contract_type == enums.ContractType.BUSINESS


def counts_as_social_progress(outcome: Outcome) -> bool:
    """True when the outcome is progress in social activation for efektywność społeczna (§5.3): the
    SOCIAL_PROGRESS kind, confirmed by a specialist (recording requires it). Education or training is a
    separate kind; whether a call counts it as social progress is the indicators' decision (verify)."""
    return outcome.kind == enums.OutcomeKind.SOCIAL_PROGRESS and bool(outcome.confirmed_by)


# --- writes ------------------------------------------------------------------------------------------------


@transaction.atomic
def outcome_record(
    *,
    actor,
    participant: Participant,
    kind: str,
    achieved_on: datetime.date,
    evidence: str,
    contract_type: str = "",
    contract_months: int | None = None,
    fte: Decimal | None = None,
    confirmed_by: str = "",
    note: str = "",
) -> Outcome:
    """Record what a participant achieved, with the document that proves it. Recorded by whoever runs the
    project's recruitment or by the participant's social worker (support.approve_path), not a specialist.

    Employment needs the form of employment and its months (an employment contract also its FTE);
    self-employment is an own business for some months; social progress needs the specialist who
    confirms it; other kinds carry no contract details."""
    _require(actor, "support.approve_path", participant)
    errors: dict[str, list] = {}

    def refuse(field, message, code):
        errors.setdefault(field, []).append(ValidationError(message, code=code))

    if achieved_on and achieved_on < participant.start_date:
        refuse(
            "achieved_on",
            _("An outcome cannot come before the start of participation (%(day)s).")
            % {"day": f"{participant.start_date:%d.%m.%Y}"},
            "before_participation",
        )
    if achieved_on and achieved_on > datetime.date.today():
        refuse("achieved_on", _("An outcome cannot be recorded ahead of time."), "in_future")
    if not (evidence or "").strip():
        refuse("evidence", _("Name the document that proves the outcome."), "evidence_required")
    if kind in EMPLOYMENT_KINDS:
        if kind == enums.OutcomeKind.SELF_EMPLOYMENT:
            contract_type = contract_type or enums.ContractType.BUSINESS
            if contract_type != enums.ContractType.BUSINESS:
                refuse("contract_type", _("Self-employment is an own business."), "self_employment_business")
        elif contract_type not in (enums.ContractType.EMPLOYMENT_CONTRACT, enums.ContractType.CIVIL_LAW):
            refuse(
                "contract_type",
                _("Give the form of employment: an employment contract or a civil-law contract."),
                "contract_type_required",
            )
        if not contract_months:
            refuse("contract_months", _("Give for how many months."), "months_required")
        if contract_type == enums.ContractType.EMPLOYMENT_CONTRACT:
            if fte is None:
                refuse("fte", _("Give the working time (FTE) of the employment contract."), "fte_required")
            elif not Decimal("0") < fte <= Decimal("1"):
                refuse("fte", _("The working time is more than 0 and at most 1 FTE."), "fte_range")
        elif fte is not None:
            refuse("fte", _("The working time applies only to an employment contract."), "fte_not_applicable")
    elif contract_type or contract_months or fte is not None:
        refuse(
            "contract_type",
            _("The form of employment is given only for employment or self-employment."),
            "contract_not_applicable",
        )
    if kind == enums.OutcomeKind.SOCIAL_PROGRESS and not (confirmed_by or "").strip():
        refuse(
            "confirmed_by",
            _("Progress in social activation must be confirmed by a specialist: name them."),
            "confirmation_required",
        )
    if errors:
        raise ValidationError(errors)
    return _save(
        actor,
        Outcome(
            participant=participant,
            kind=kind,
            achieved_on=achieved_on,
            evidence=evidence.strip(),
            contract_type=contract_type or "",
            contract_months=contract_months,
            fte=fte,
            confirmed_by=(confirmed_by or "").strip(),
            note=(note or "").strip(),
            recorded_by=actor,
        ),
    )


def qualification_offered(member: ActivityParticipant) -> bool:
    """Whether a page should offer recording a qualification for this member of an activity: the exam is
    passed, the certificate has a number, the form of support gives a qualification, and no
    qualification outcome is recorded yet for the exam day."""
    return (
        member.exam_result == enums.ExamResult.PASSED
        and bool(member.certificate_number)
        and member.exam_on is not None
        and member.activity.form.gives_qualification
        and not Outcome.objects.filter(
            participant_id=member.participant_id,
            kind=enums.OutcomeKind.QUALIFICATION,
            achieved_on=member.exam_on,
        ).exists()
    )


def qualification_from_exam(*, actor, member: ActivityParticipant) -> Outcome:
    """Record a QUALIFICATION outcome from a passed exam of a vocational training whose form gives a
    qualification (offered on a page, never recorded automatically): achieved on the exam day, the
    certificate as evidence. Same permission and checks as `outcome_record`."""
    if member.exam_result != enums.ExamResult.PASSED:
        raise ValidationError(_("Only a passed exam gives a qualification."), code="exam_not_passed")
    if not member.activity.form.gives_qualification:
        raise ValidationError(
            _("This form of support does not give a qualification."), code="no_qualification"
        )
    if not member.certificate_number or member.exam_on is None:
        raise ValidationError(
            _("Enter the exam day and the certificate number first."), code="certificate_required"
        )
    evidence = _("Certificate no. %(number)s (%(activity)s)") % {
        "number": member.certificate_number,
        "activity": member.activity.title,
    }
    return outcome_record(
        actor=actor,
        participant=member.participant,
        kind=enums.OutcomeKind.QUALIFICATION,
        achieved_on=member.exam_on,
        evidence=evidence[:255],
    )


# --- reads -------------------------------------------------------------------------------------------------


def outcomes_of(participant: Participant):
    """A participant's outcomes by date, with the participant (for the classification) and the recorder."""
    return (
        Outcome.objects.filter(participant=participant)
        .select_related("participant", "recorded_by")
        .order_by("achieved_on", "pk")
    )
