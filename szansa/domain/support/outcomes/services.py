"""Writes of outcomes: recording what a participant achieved, with its evidence, and a qualification
from a passed exam."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from szansa.domain.recruitment.models import Participant
from szansa.domain.support import enums
from szansa.domain.support.models import ActivityParticipant, Outcome
from szansa.domain.support.outcomes.rules import EMPLOYMENT_KINDS
from szansa.lib.services import require, save_validated


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
    progress_form: str = "",
) -> Outcome:
    """Record what a participant achieved, with the document that proves it. Recorded by whoever runs the
    project's recruitment or by the participant's social worker (support.approve_path), not a specialist.

    Employment needs the form of employment and its months (an employment contract also its FTE);
    self-employment is an own business for some months; social progress needs the specialist who
    confirms it; other kinds carry no contract details."""
    require(
        actor,
        "support.approve_path",
        participant,
        message=_("You may not record outcomes of this participant."),
    )
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
    if progress_form and kind != enums.OutcomeKind.SOCIAL_PROGRESS:
        refuse(
            "progress_form",
            _("The form of social progress is given only for progress in social activation."),
            "progress_form_not_applicable",
        )
    if progress_form == enums.SocialProgressForm.EDUCATION:
        refuse(
            "progress_form",
            _('Starting education is recorded as the outcome "in education or training".'),
            "progress_form_education",
        )
    if errors:
        raise ValidationError(errors)
    return save_validated(
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
            progress_form=progress_form or "",
            note=(note or "").strip(),
            recorded_by=actor,
        ),
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
