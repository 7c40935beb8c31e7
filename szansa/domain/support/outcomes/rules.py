"""Classification of outcomes (the package docstring lists it): which outcome counts "upon leaving", for
effectiveness, as employment or as social progress. Plain functions of one Outcome with its participant
loaded; the indicators call them."""

import datetime
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.utils.translation import gettext as _

from szansa.domain.support import enums
from szansa.domain.support.models import Outcome

RESULT_WINDOW = datetime.timedelta(days=28)  # "up to 4 weeks after leaving" (§5.2)
# Effectiveness is measured in a period of at least 90 calendar days after the end of participation
# (guideline on monitoring EFS effectiveness 2014–2020; docs/indicators.md#effectiveness-window).
EFFECTIVENESS_DAYS = 90
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


def effectiveness_day(outcome: Outcome) -> int | None:
    """The calendar day after the end of participation on which the outcome was achieved (the day after
    the end date is day 1), or None when the participant has not left."""
    end = outcome.participant.end_date
    if end is None:
        return None
    return (outcome.achieved_on - end).days


def within_effectiveness_window(outcome: Outcome) -> bool:
    """True when the outcome counts for effectiveness: achieved after the participation ended, within
    the 90 calendar days that follow the end date (day 1 = the day after the end date; day 90 counts,
    day 91 does not; the end date itself is day 0 and does not count);
    docs/indicators.md#effectiveness-window."""
    day = effectiveness_day(outcome)
    return day is not None and 1 <= day <= EFFECTIVENESS_DAYS


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
    """True when the outcome is progress in social activation for efektywność społeczna
    (docs/indicators.md#what-counts-as-social-progress): one of the forms the guideline lists —
    starting education first (an outcome "in education or training", proved by its document), then the
    others (motivation, self-confidence, problem solving, treatment, therapy, less isolation,
    volunteering, health, fewer addictions), recorded as "progress in social activation" confirmed by a
    specialist (recording requires the confirming person)."""
    if outcome.kind == enums.OutcomeKind.EDUCATION:
        return True
    return outcome.kind == enums.OutcomeKind.SOCIAL_PROGRESS and bool(outcome.confirmed_by)


def social_progress_form(outcome: Outcome) -> str:
    """The form of social progress an outcome stands for, in the reader's language."""
    if outcome.kind == enums.OutcomeKind.EDUCATION:
        return str(enums.SocialProgressForm.EDUCATION.label)
    if outcome.progress_form:
        return str(enums.SocialProgressForm(outcome.progress_form).label)
    return _("progress in social activation (form not given)")
