"""What each indicator counts (docs/indicators.md): its kind (output, result, ratio), the participants it
is measured on (the conditions of its definition), the outcomes that make one of them count, its
description, the programme period it belongs to, and the forecast method of each kind; `explain` says for
one participant why they count or do not (the drill-down). Pure: no queries (the cohort is loaded by
szansa.domain.support.indicators.cohort; `at_risk_at_entry` is kept on each participant by
szansa.domain.recruitment.entry). The same rules are counted in the database by
szansa.domain.support.indicators.figures."""

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from szansa.domain.recruitment import enums as recruitment_enums
from szansa.domain.recruitment.models import Participant
from szansa.domain.support import enums
from szansa.domain.support.models import Outcome
from szansa.domain.support.outcomes.rules import RESULT_WINDOW, within_4_weeks

ADULT_AGE = 18
YOUNG_MAX_AGE = 29  # EECO07: 18–29
OLDER_MIN_AGE = 55  # EECO08: 55 and over
ONE_PLACE = Decimal("0.1")

OUTPUT = "output"
RESULT = "result"
RATIO = "ratio"

P2014 = "2014-2020"
P2021 = "2021-2027"

UNEMPLOYED = (
    recruitment_enums.LabourStatus.REGISTERED_UNEMPLOYED,
    recruitment_enums.LabourStatus.UNREGISTERED_UNEMPLOYED,
)


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
class Condition:
    """One condition of an indicator's population: `test(participant)`, `reason(participant)`, the
    sentence that says why a participant who fails it is not counted, and `q`, the same test on the
    participant's columns for the database (szansa.domain.support.indicators.figures; the two are checked
    equal on every worked example)."""

    test: object  # Callable[[Participant], bool]
    reason: object  # Callable[[Participant], str]
    q: Q


@dataclass(frozen=True)
class Explained:
    """One row of a drill-down: a participant, whether they count, and why (in the reader's language)."""

    participant: Participant
    counts: bool
    reason: str
    evidence: tuple[Outcome, ...] = ()


@dataclass(frozen=True)
class Rule:
    """How an indicator is computed. The participants it is measured on are those who meet every one of
    its `conditions` (`population`); `counts` returns the outcomes that make one of them count (a
    non-empty tuple) or () when they do not (result indicators); `period` is the programme period the
    indicator belongs to (None: both)."""

    kind: str
    description: str
    conditions: tuple[Condition, ...] = ()
    counts: object = None  # Callable[[Participant], tuple[Outcome, ...]] for result indicators
    period: str | None = None
    outcome_kinds: tuple[str, ...] = field(default=())

    def population(self, participant: Participant) -> bool:
        return all(condition.test(participant) for condition in self.conditions)

    @property
    def population_q(self) -> Q:
        """The population as a condition on the participant's columns (for the database)."""
        q = Q()
        for condition in self.conditions:
            q &= condition.q
        return q

    def exclusion(self, participant: Participant) -> str:
        """Why the participant is outside the population ("" when inside)."""
        for condition in self.conditions:
            if not condition.test(participant):
                return condition.reason(participant)
        return ""


def _date(day: datetime.date) -> str:
    return f"{day:%d.%m.%Y}"


def _labour_status(participant: Participant) -> str:
    if not participant.labour_status:
        return gettext("labour-market status at entry not recorded")
    return str(participant.get_labour_status_display())


ADULT = Condition(
    lambda p: p.age_at_start >= ADULT_AGE,
    lambda p: (
        gettext("under 18 at entry (aged %(age)s on %(day)s)")
        % {"age": p.age_at_start, "day": _date(p.start_date)}
    ),
    Q(age_at_start__gte=ADULT_AGE),
)
AT_RISK = Condition(
    lambda p: p.at_risk_at_entry,
    lambda p: (
        gettext(
            "not at risk of poverty or social exclusion at entry: no reason in the registry on %(day)s, "
            "none in "
            "the participant data, no at-risk criterion passed at recruitment"
        )
        % {"day": _date(p.start_date)}
    ),
    Q(at_risk_at_entry=True),
)
INACTIVE = Condition(
    lambda p: p.labour_status == recruitment_enums.LabourStatus.INACTIVE,
    lambda p: gettext("not inactive at entry (%(status)s)") % {"status": _labour_status(p)},
    Q(labour_status=recruitment_enums.LabourStatus.INACTIVE),
)
WITH_DISABILITY = Condition(
    lambda p: p.disability is True,
    lambda p: gettext("no disability declared in the participant data at entry"),
    Q(disability=True),
)


def _status(*statuses):
    return Condition(
        lambda p: p.labour_status in statuses,
        lambda p: gettext("labour-market status at entry: %(status)s") % {"status": _labour_status(p)},
        Q(labour_status__in=statuses),
    )


def _flag(name, label):
    return Condition(
        lambda p: getattr(p, name) is True,
        lambda p: gettext("%(flag)s: not declared at entry") % {"flag": label},
        Q(**{name: True}),
    )


def _age(low, high):
    def test(p):
        return (low is None or p.age_at_start >= low) and (high is None or p.age_at_start <= high)

    q = Q()
    if low is not None:
        q &= Q(age_at_start__gte=low)
    if high is not None:
        q &= Q(age_at_start__lte=high)
    return Condition(test, lambda p: gettext("aged %(age)s at entry") % {"age": p.age_at_start}, q)


def _education(*levels):
    def reason(p):
        if not p.education:
            return gettext("education at entry not recorded")
        return gettext("education at entry: %(level)s") % {"level": p.get_education_display()}

    return Condition(lambda p: p.education in levels, reason, Q(education__in=levels))


LONG_TERM = Condition(
    lambda p: p.labour_substatus == recruitment_enums.LabourSubstatus.LONG_TERM_UNEMPLOYED,
    lambda p: gettext("not long-term unemployed at entry (%(status)s)") % {"status": _labour_status(p)},
    Q(labour_substatus=recruitment_enums.LabourSubstatus.LONG_TERM_UNEMPLOYED),
)
RURAL = Condition(
    lambda p: p.degurba == recruitment_enums.Degurba.THIN,
    lambda p: gettext("DEGURBA at entry: %(degurba)s") % {"degurba": p.get_degurba_display() or "—"},
    Q(degurba=recruitment_enums.Degurba.THIN),
)


def _outcomes_within_4_weeks(*kinds):
    def counts(participant: Participant) -> tuple[Outcome, ...]:
        if participant.end_date is None:
            return ()
        return tuple(o for o in participant.outcomes.all() if o.kind in kinds and within_4_weeks(o))

    return counts


JOB_SEEKING_KINDS = (enums.OutcomeKind.JOB_SEEKING,)
WORKING_KINDS = (enums.OutcomeKind.EMPLOYMENT, enums.OutcomeKind.SELF_EMPLOYMENT)
QUALIFICATION_KINDS = (enums.OutcomeKind.QUALIFICATION,)
EDUCATION_KINDS = (enums.OutcomeKind.EDUCATION,)
JOB_SEEKING = _outcomes_within_4_weeks(*JOB_SEEKING_KINDS)
WORKING = _outcomes_within_4_weeks(*WORKING_KINDS)
QUALIFICATION = _outcomes_within_4_weeks(*QUALIFICATION_KINDS)
EDUCATION = _outcomes_within_4_weeks(*EDUCATION_KINDS)

WLWK = "Wspólna Lista Wskaźników Kluczowych 2014–2020"
ANNEX_2021 = "Regulation (EU) 2021/1057, Annex I"


def _result(description, conditions, kinds, period):
    return Rule(RESULT, description, conditions, _outcomes_within_4_weeks(*kinds), period, kinds)


def _eeco(description, *conditions):
    return Rule(OUTPUT, description, tuple(conditions), period=P2021)


RULES: dict[str, Rule] = {
    "PI9i-P-01": Rule(
        OUTPUT,
        _(
            "Main participants who have started and were at risk of poverty or social exclusion at entry: a "
            "reason in the registry on the start date (docs/at-risk.md), the participant data (homeless, "
            "with "
            "disabilities) or an at-risk criterion passed at recruitment (Wytyczne w zakresie realizacji "
            "przedsięwzięć w obszarze włączenia społecznego i zwalczania ubóstwa z wykorzystaniem środków "
            "EFS "
            "i EFRR na lata 2014–2020; Wspólna Lista Wskaźników Kluczowych 2014–2020). The environment and "
            "those who resigned before the start are not counted."
        ),
        (AT_RISK,),
        period=P2014,
    ),
    "PI9i-P-02": Rule(
        OUTPUT,
        _(
            "Main participants who have started and declared a disability in the participant data at "
            "entry (SL2014 participant data; Regulation (EU) No 1304/2013, Annex I)."
        ),
        (WITH_DISABILITY,),
        period=P2014,
    ),
    "PI9i-R-01": _result(
        _(
            "Participants at risk of poverty or social exclusion and inactive (bierni zawodowo) at entry, 18 "
            "or older at entry, who left and were seeking a job up to 4 weeks after leaving (Wspólna Lista "
            "Wskaźników Kluczowych 2014–2020; Regulation (EU) No 1304/2013, Annex I: inactive participants "
            "engaged in job searching upon leaving); unemployed or employed participants at entry and "
            "under-18s are not counted."
        ),
        (AT_RISK, ADULT, INACTIVE),
        JOB_SEEKING_KINDS,
        P2014,
    ),
    "PI9i-R-02": _result(
        _(
            "Participants at risk of poverty or social exclusion at entry, 18 or older at entry, who left "
            "and were in employment or self-employed up to 4 weeks after leaving (Wspólna Lista Wskaźników "
            "Kluczowych 2014–2020; Regulation (EU) No 1304/2013, Annex I); under-18s at entry are excluded."
        ),
        (AT_RISK, ADULT),
        WORKING_KINDS,
        P2014,
    ),
    "PI9i-R-03": _result(
        _(
            "Participants at risk of poverty or social exclusion at entry who left and gained a "
            "qualification "
            "up to 4 weeks after leaving (Wspólna Lista Wskaźników Kluczowych 2014–2020; Regulation (EU) No "
            "1304/2013, Annex I); under-18s are included."
        ),
        (AT_RISK,),
        QUALIFICATION_KINDS,
        P2014,
    ),
    "PI9i-R-04": _result(
        _(
            "Participants at risk of poverty or social exclusion at entry who left and were in education or "
            "training up to 4 weeks after leaving (Wspólna Lista Wskaźników Kluczowych 2014–2020; Regulation "
            "(EU) No 1304/2013, Annex I)."
        ),
        (AT_RISK,),
        EDUCATION_KINDS,
        P2014,
    ),
    "EECR01": _result(
        _(
            "Participants inactive (bierni zawodowo) at entry who left and were searching for a job up to 4 "
            "weeks after leaving (Regulation (EU) 2021/1057, Annex I: inactive participants engaged in job "
            "searching upon leaving); unemployed or employed participants at entry are not counted."
        ),
        (INACTIVE,),
        JOB_SEEKING_KINDS,
        None,
    ),
    "EECR02": _result(
        _(
            "Participants who left and were in education or training up to 4 weeks after leaving "
            "(Regulation (EU) 2021/1057, Annex I)."
        ),
        (),
        EDUCATION_KINDS,
        None,
    ),
    "EECR03": _result(
        _(
            "Participants who left and gained a qualification up to 4 weeks after leaving (Regulation (EU) "
            "2021/1057, Annex I)."
        ),
        (),
        QUALIFICATION_KINDS,
        None,
    ),
    "EECR04": _result(
        _(
            "Participants who left and were in employment, including self-employment, up to 4 weeks after "
            "leaving (Regulation (EU) 2021/1057, Annex I)."
        ),
        (),
        WORKING_KINDS,
        None,
    ),
    # ESF+ common output indicators on participants, Regulation (EU) 2021/1057, Annex I point 1.1
    # (docs/indicators.md#esf-common-indicators-2021-2027): counted at entry, on the participant data.
    "EECO01": _eeco(
        _(
            "Total number of participants: every main participant who has started (Regulation (EU) "
            "2021/1057, Annex I)."
        )
    ),
    "EECO02": _eeco(
        _(
            "Unemployed persons, including long-term unemployed, at entry (Regulation (EU) 2021/1057, "
            "Annex I)."
        ),
        _status(*UNEMPLOYED),
    ),
    "EECO03": _eeco(_("Long-term unemployed at entry (Regulation (EU) 2021/1057, Annex I)."), LONG_TERM),
    "EECO04": _eeco(
        _("Inactive persons at entry (Regulation (EU) 2021/1057, Annex I)."),
        _status(recruitment_enums.LabourStatus.INACTIVE),
    ),
    "EECO05": _eeco(
        _("Employed, including self-employed, at entry (Regulation (EU) 2021/1057, Annex I)."),
        _status(recruitment_enums.LabourStatus.EMPLOYED),
    ),
    "EECO06": _eeco(
        _("Children below 18 years of age at entry (Regulation (EU) 2021/1057, Annex I)."),
        _age(None, ADULT_AGE - 1),
    ),
    "EECO07": _eeco(
        _("Young people between 18 and 29 years of age at entry (Regulation (EU) 2021/1057, Annex I)."),
        _age(ADULT_AGE, YOUNG_MAX_AGE),
    ),
    "EECO08": _eeco(
        _("Participants 55 years of age and above at entry (Regulation (EU) 2021/1057, Annex I)."),
        _age(OLDER_MIN_AGE, None),
    ),
    "EECO09": _eeco(
        _(
            "Participants with lower secondary education or less (ISCED 0-2) at entry (Regulation (EU) "
            "2021/1057, Annex I)."
        ),
        _education("0", "1", "2"),
    ),
    "EECO10": _eeco(
        _(
            "Participants with upper secondary (ISCED 3) or post-secondary (ISCED 4) education at entry "
            "(Regulation (EU) 2021/1057, Annex I)."
        ),
        _education("3", "4"),
    ),
    "EECO11": _eeco(
        _("Participants with tertiary education (ISCED 5-8) at entry (Regulation (EU) 2021/1057, Annex I)."),
        _education("5-8"),
    ),
    "EECO12": _eeco(
        _("Participants with disabilities, as declared at entry (Regulation (EU) 2021/1057, Annex I)."),
        WITH_DISABILITY,
    ),
    "EECO13": _eeco(
        _("Third-country nationals, as declared at entry (Regulation (EU) 2021/1057, Annex I)."),
        _flag("third_country_national", _("third-country national")),
    ),
    "EECO14": _eeco(
        _(
            "Participants with a foreign background, as declared at entry (Regulation (EU) 2021/1057, "
            "Annex I)."
        ),
        _flag("foreign_background", _("foreign background")),
    ),
    "EECO15": _eeco(
        _(
            "Minorities (including marginalised communities such as the Roma), as declared at entry "
            "(Regulation (EU) 2021/1057, Annex I)."
        ),
        _flag("minority", _("national or ethnic minority")),
    ),
    "EECO16": _eeco(
        _("Homeless or affected by housing exclusion at entry (Regulation (EU) 2021/1057, Annex I)."),
        _flag("homeless", _("homeless or excluded from housing")),
    ),
    "EECO17": _eeco(
        _(
            "Participants from rural areas: DEGURBA 3, thinly populated, at entry (Regulation (EU) "
            "2021/1057, Annex I)."
        ),
        RURAL,
    ),
    "EFS-ES": Rule(
        RATIO,
        _(
            "Social effectiveness: see the effectiveness page (Wytyczne w zakresie realizacji przedsięwzięć "
            "w obszarze włączenia społecznego i zwalczania ubóstwa z wykorzystaniem środków EFS i EFRR na "
            "lata 2014–2020)."
        ),
        period=P2014,
    ),
    "EFS-EZ": Rule(
        RATIO,
        _(
            "Employment effectiveness: see the effectiveness page (Wytyczne w zakresie realizacji "
            "przedsięwzięć w obszarze włączenia społecznego i zwalczania ubóstwa z wykorzystaniem środków "
            "EFS i EFRR na lata 2014–2020)."
        ),
        period=P2014,
    ),
}

EECO_CODES = tuple(code for code in RULES if code.startswith("EECO"))

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


def _outcome_text(outcome: Outcome) -> str:
    day = (outcome.achieved_on - outcome.participant.end_date).days
    if day < 0:
        when = gettext("during participation")
    elif day == 0:
        when = gettext("on the day of leaving")
    else:
        when = gettext("day %(day)s after leaving") % {"day": day}
    return gettext("%(outcome)s on %(date)s (%(when)s)") % {
        "outcome": outcome.get_kind_display(),
        "date": _date(outcome.achieved_on),
        "when": when,
    }


def explain(rule: Rule, participant: Participant, today: datetime.date) -> Explained:
    """Whether one participant counts in an indicator and why, for the drill-down."""
    if rule.kind == OUTPUT:
        if participant.start_date > today:
            return Explained(
                participant,
                False,
                gettext("has not started yet (starts on %(day)s): counted in the forecast only")
                % {"day": _date(participant.start_date)},
            )
        excluded = rule.exclusion(participant)
        if excluded:
            return Explained(participant, False, excluded)
        reasons = getattr(participant, "at_risk_reasons", None)
        if AT_RISK in rule.conditions and reasons:
            return Explained(
                participant,
                True,
                gettext("started on %(day)s; at risk at entry: %(reasons)s")
                % {"day": _date(participant.start_date), "reasons": "; ".join(reasons)},
            )
        return Explained(
            participant, True, gettext("started on %(day)s") % {"day": _date(participant.start_date)}
        )
    excluded = rule.exclusion(participant)
    if excluded:
        return Explained(participant, False, excluded)
    if participant.end_date is None:
        return Explained(participant, False, gettext("has not left yet: counted in the forecast only"))
    evidence = rule.counts(participant) if rule.counts else ()
    if evidence:
        return Explained(
            participant,
            True,
            gettext("left on %(day)s; %(outcomes)s")
            % {"day": _date(participant.end_date), "outcomes": "; ".join(_outcome_text(o) for o in evidence)},
            evidence,
        )
    late = [o for o in participant.outcomes.all() if o.kind in rule.outcome_kinds]
    if late:
        return Explained(
            participant,
            False,
            gettext(
                "left on %(day)s; no outcome of this kind up to 4 weeks (%(days)s days) after leaving: "
                "%(outcomes)s"
            )
            % {
                "day": _date(participant.end_date),
                "days": RESULT_WINDOW.days,
                "outcomes": "; ".join(_outcome_text(o) for o in late),
            },
        )
    return Explained(
        participant,
        False,
        gettext("left on %(day)s; no outcome of this kind recorded") % {"day": _date(participant.end_date)},
    )
