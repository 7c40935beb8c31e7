"""What each indicator counts (docs/indicators.md): its kind (output, result, ratio), the participants it
is measured on, the outcomes that make one of them count, its description, and the forecast method of
each kind. Pure: no queries (the cohort is loaded by szansa.domain.support.indicators.cohort)."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.utils.translation import gettext_lazy as _

from szansa.domain.recruitment.models import Participant
from szansa.domain.support import enums
from szansa.domain.support.models import Outcome
from szansa.domain.support.outcomes.rules import within_4_weeks

ADULT_AGE = 18
ONE_PLACE = Decimal("0.1")

OUTPUT = "output"
RESULT = "result"
RATIO = "ratio"


def to_decimal(value: Fraction | int | None) -> Decimal | None:
    """A fraction shown with one decimal place (half up); the exact fraction is kept by the caller."""
    if value is None:
        return None
    value = Fraction(value)
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(ONE_PLACE, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Counted:
    """One person counted in a figure and the outcomes that make them count (none for outputs)."""

    participant: Participant
    evidence: tuple[Outcome, ...] = ()


@dataclass(frozen=True)
class Rule:
    """How an indicator is computed. `population` are the participants it is measured on; `counts`
    returns the outcomes that make one of them count (a non-empty tuple), or () when they do not."""

    kind: str
    description: str
    population: object  # Callable[[Participant], bool]
    counts: object = None  # Callable[[Participant], tuple[Outcome, ...]] for result indicators
    disability_only: bool = False


def _adult(participant: Participant) -> bool:
    return participant.age_at_start >= ADULT_AGE


def _anyone(participant: Participant) -> bool:
    return True


def _with_disability(participant: Participant) -> bool:
    return participant.disability is True


def _outcomes_within_4_weeks(*kinds):
    def counts(participant: Participant) -> tuple[Outcome, ...]:
        if participant.end_date is None:
            return ()
        return tuple(o for o in participant.outcomes.all() if o.kind in kinds and within_4_weeks(o))

    return counts


JOB_SEEKING = _outcomes_within_4_weeks(enums.OutcomeKind.JOB_SEEKING)
WORKING = _outcomes_within_4_weeks(enums.OutcomeKind.EMPLOYMENT, enums.OutcomeKind.SELF_EMPLOYMENT)
QUALIFICATION = _outcomes_within_4_weeks(enums.OutcomeKind.QUALIFICATION)
EDUCATION = _outcomes_within_4_weeks(enums.OutcomeKind.EDUCATION)

RULES: dict[str, Rule] = {
    "PI9i-P-01": Rule(
        OUTPUT,
        _(
            "Main participants enrolled who have started their participation (Wytyczne w zakresie "
            "realizacji przedsięwzięć w obszarze włączenia społecznego i zwalczania ubóstwa z wykorzystaniem "
            "środków EFS i EFRR na lata 2014–2020); every participant was verified as at risk of poverty or "
            "social exclusion at recruitment. The environment and those who resigned before the start are "
            "not counted."
        ),
        _anyone,
    ),
    "PI9i-P-02": Rule(
        OUTPUT,
        _(
            "Main participants who have started and declared a disability in the participant data at "
            "entry (SL2014 participant data; Regulation (EU) No 1304/2013, Annex I)."
        ),
        _with_disability,
    ),
    "PI9i-R-01": Rule(
        RESULT,
        _(
            "Participants 18 or older at entry who left and were seeking a job up to 4 weeks after "
            "leaving (Wspólna Lista Wskaźników Kluczowych 2014–2020; Regulation (EU) No 1304/2013, Annex I); "
            "under-18s at entry are excluded."
        ),
        _adult,
        JOB_SEEKING,
    ),
    "PI9i-R-02": Rule(
        RESULT,
        _(
            "Participants 18 or older at entry who left and were in employment or self-employed up to 4 "
            "weeks after leaving (Wspólna Lista Wskaźników Kluczowych 2014–2020; Regulation (EU) No "
            "1304/2013, Annex I); under-18s at entry are excluded."
        ),
        _adult,
        WORKING,
    ),
    "PI9i-R-03": Rule(
        RESULT,
        _(
            "Participants who left and gained a qualification up to 4 weeks after leaving (Wspólna Lista "
            "Wskaźników Kluczowych 2014–2020; Regulation (EU) No 1304/2013, Annex I); under-18s are "
            "included."
        ),
        _anyone,
        QUALIFICATION,
    ),
    "PI9i-R-04": Rule(
        RESULT,
        _(
            "Participants who left and were in education or training up to 4 weeks after leaving "
            "(Wspólna Lista Wskaźników Kluczowych 2014–2020; Regulation (EU) No 1304/2013, Annex I)."
        ),
        _anyone,
        EDUCATION,
    ),
    "EECR01": Rule(
        RESULT,
        _(
            "Participants who left and were searching for a job up to 4 weeks after leaving (Regulation "
            "(EU) 2021/1057, Annex I)."
        ),
        _anyone,
        JOB_SEEKING,
    ),
    "EECR02": Rule(
        RESULT,
        _(
            "Participants who left and were in education or training up to 4 weeks after leaving "
            "(Regulation (EU) 2021/1057, Annex I)."
        ),
        _anyone,
        EDUCATION,
    ),
    "EECR03": Rule(
        RESULT,
        _(
            "Participants who left and gained a qualification up to 4 weeks after leaving (Regulation (EU) "
            "2021/1057, Annex I)."
        ),
        _anyone,
        QUALIFICATION,
    ),
    "EECR04": Rule(
        RESULT,
        _(
            "Participants who left and were in employment, including self-employment, up to 4 weeks after "
            "leaving (Regulation (EU) 2021/1057, Annex I)."
        ),
        _anyone,
        WORKING,
    ),
    "EFS-ES": Rule(
        RATIO,
        _(
            "Social effectiveness: see the effectiveness page (Wytyczne w zakresie realizacji przedsięwzięć "
            "w obszarze włączenia społecznego i zwalczania ubóstwa z wykorzystaniem środków EFS i EFRR na "
            "lata 2014–2020)."
        ),
        _anyone,
    ),
    "EFS-EZ": Rule(
        RATIO,
        _(
            "Employment effectiveness: see the effectiveness page (Wytyczne w zakresie realizacji "
            "przedsięwzięć w obszarze włączenia społecznego i zwalczania ubóstwa z wykorzystaniem środków "
            "EFS i EFRR na lata 2014–2020)."
        ),
        _anyone,
    ),
}

OUTPUT_FORECAST = _(
    "Forecast: those counted so far plus the participants enrolled whose start is still ahead."
)
RESULT_FORECAST = _(
    "Forecast: those counted so far plus the participants still in progress multiplied by the rate "
    "achieved so far among those who have left (counted ÷ left)."
)
RATIO_FORECAST = _(
    "Forecast: participants still in progress are expected at the rate achieved so far, which leaves "
    "the ratio as it is."
)
