"""Classification of outcomes (the package docstring lists it): which outcome counts "upon leaving", for
effectiveness, as employment or as social progress. Plain functions of one Outcome with its participant
loaded; the indicators call them."""

import datetime
from decimal import Decimal

from dateutil.relativedelta import relativedelta

from szansa.domain.support import enums
from szansa.domain.support.models import Outcome

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
