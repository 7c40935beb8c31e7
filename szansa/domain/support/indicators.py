"""Indicators and effectiveness of a project computed from participant data (docs/indicators.md,
docs/support-path.md).

Every figure comes with the people it counts (the drill-down an auditor checks it against) and the
evidence that makes each of them count (the outcome, its date and document). Rules shared by every
indicator (docs/at-risk.md, docs/support-path.md):

* only main participants count: the participant's environment (otoczenie) is never counted — Szansa
  keeps no flag "eligible in their own right", so the exception of docs/at-risk.md is not applied;
* a participant who resigned before the start never took part and is not counted;
* "supported" means enrolled and started (start date reached);
* a participant counts once per indicator, however many outcomes they have.

Which outcome counts when (within 4 weeks of exit for result indicators, within 3 months for
effectiveness, what is "employment") is decided by szansa.domain.support.outcomes and only imported here.

Cost: one `Cohort` loads the project's participants, their outcomes, the kinds of support they
received and their disability situations in a constant number of queries (no per-participant query);
every indicator is then computed in Python from that one load.
"""

import datetime
import json
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path

from django.db.models import Exists, OuterRef, Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from szansa.domain.people.enums import DisabilityDegree, SituationKind
from szansa.domain.people.models import Situation
from szansa.domain.projects.models import ZERO, Call, Project, ProjectIndicator, percent
from szansa.domain.recruitment.models import Participant
from szansa.domain.support import enums
from szansa.domain.support.models import Attendance, Internship, Outcome, PlannedSupport
from szansa.domain.support.outcomes.rules import (
    counts_as_employment,
    counts_as_social_progress,
    within_3_months,
    within_4_weeks,
)

ADULT_AGE = 18
ONE_PLACE = Decimal("0.1")
HUNDRED = Fraction(100)
THRESHOLDS_FILE = Path(__file__).parent / "data" / "effectiveness_thresholds.json"

OUTPUT = "output"
RESULT = "result"
RATIO = "ratio"


def to_decimal(value: Fraction | int | None) -> Decimal | None:
    """A fraction shown with one decimal place (half up); the exact fraction is kept by the caller."""
    if value is None:
        return None
    value = Fraction(value)
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(ONE_PLACE, rounding=ROUND_HALF_UP)


# --- the cohort: one load per project ------------------------------------------------------------------


@dataclass
class Cohort:
    """The project's counted main participants and what the indicators need to know about them."""

    project: Project
    today: datetime.date
    participants: list[Participant]
    social: set[int] = field(default_factory=set)  # participant ids with social activation
    vocational: set[int] = field(default_factory=set)  # … with vocational activation
    severe: set[int] = field(default_factory=set)  # … in the "severe disability" group

    @property
    def started(self) -> list[Participant]:
        return [p for p in self.participants if p.start_date <= self.today]

    @property
    def ended(self) -> list[Participant]:
        return [p for p in self.participants if p.end_date is not None]

    @property
    def in_progress(self) -> list[Participant]:
        """Enrolled or active, not yet ended (including those whose start is still ahead)."""
        return [p for p in self.participants if p.end_date is None]


def counted_participants(project: Project):
    """Main participants of the project who did not resign before the start (docs/at-risk.md,
    docs/support-path.md)."""
    return Participant.objects.filter(project=project).main().counted()


def load_cohort(project: Project, today: datetime.date | None = None) -> Cohort:
    """Six queries whatever the size of the project: participants with their people, outcomes,
    attendance and planned support by kind of instrument, internships, disability situations."""
    today = today or timezone.localdate()
    participants = list(
        counted_participants(project)
        .select_related("person")
        .prefetch_related(Prefetch("outcomes", queryset=Outcome.objects.order_by("achieved_on", "pk")))
        .order_by("person__last_name", "person__first_name", "pk")
    )
    cohort = Cohort(project=project, today=today, participants=participants)
    in_project = {"participant__project": project}

    # Who attended at least once, by kind of instrument: per participant an EXISTS that stops at the
    # first present attendance (index on attendance(participant, session)), not a DISTINCT over every
    # attendance row of the project (a million in a city).
    def present_in(instrument):
        return Exists(
            Attendance.objects.filter(
                participant_id=OuterRef("pk"),
                status=enums.AttendanceStatus.PRESENT,
                session__cancelled=False,
                session__activity__form__instrument=instrument,
            )
        )

    attended = []
    for participant_id, social, vocational in (
        Participant.objects.filter(project=project)
        .annotate(
            social=present_in(enums.InstrumentKind.SOCIAL),
            vocational=present_in(enums.InstrumentKind.VOCATIONAL),
        )
        .values_list("pk", "social", "vocational")
    ):
        if social:
            attended.append((participant_id, enums.InstrumentKind.SOCIAL))
        if vocational:
            attended.append((participant_id, enums.InstrumentKind.VOCATIONAL))
    planned = (
        PlannedSupport.objects.filter(plan__participant__project=project)
        .values_list("plan__participant_id", "form__instrument")
        .distinct()
    )
    for participant_id, instrument in [*attended, *planned]:
        if instrument == enums.InstrumentKind.SOCIAL:
            cohort.social.add(participant_id)
        elif instrument == enums.InstrumentKind.VOCATIONAL:
            cohort.vocational.add(participant_id)
    cohort.vocational.update(Internship.objects.filter(**in_project).values_list("participant_id", flat=True))
    cohort.severe = _severe_group(participants)
    return cohort


def _severe_group(participants: list[Participant]) -> set[int]:
    """Participants with a severe degree of disability in the registry on their start date.

    docs/indicators.md (social effectiveness) names the group "severe, intellectual or multiple
    disabilities". The registry records the degree of a disability (mild, moderate, severe) but not its
    kind, so intellectual and multiple disabilities of a lower degree cannot be recognised: the group is
    the severe degree only.
    """
    by_person = {p.person_id: p for p in participants}
    situations = Situation.objects.filter(
        person_id__in=by_person,
        kind=SituationKind.DISABILITY,
        disability_degree=DisabilityDegree.SEVERE,
    )
    return {
        by_person[s.person_id].pk for s in situations if s.is_active_on(by_person[s.person_id].start_date)
    }


# --- indicators ------------------------------------------------------------------------------------------


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


@dataclass(frozen=True)
class IndicatorValue:
    """One indicator of a project: its value, the people counted and a forecast."""

    code: str
    rule: Rule | None
    counted: list[Counted]
    value: Decimal | None
    forecast: Decimal | None
    indicator: ProjectIndicator | None = None
    exact: Fraction | None = None  # the exact value (a ratio, or the forecast of a result indicator)

    @property
    def method(self):
        if self.rule is None:
            return ""
        return {OUTPUT: OUTPUT_FORECAST, RESULT: RESULT_FORECAST, RATIO: RATIO_FORECAST}[self.rule.kind]

    @property
    def percent_of_target(self) -> Decimal | None:
        if self.indicator is None or self.value is None:
            return None
        return percent(self.value, self.indicator.target)

    @property
    def participants(self) -> list[Participant]:
        return [c.participant for c in self.counted]


def _output(code: str, rule: Rule, cohort: Cohort) -> IndicatorValue:
    counted = [Counted(p) for p in cohort.started if rule.population(p)]
    expected = sum(1 for p in cohort.participants if rule.population(p))
    return IndicatorValue(code, rule, counted, Decimal(len(counted)), Decimal(expected))


def _result(code: str, rule: Rule, cohort: Cohort) -> IndicatorValue:
    counted = []
    for participant in cohort.ended:
        if rule.population(participant):
            evidence = rule.counts(participant)
            if evidence:
                counted.append(Counted(participant, evidence))
    left = sum(1 for p in cohort.ended if rule.population(p))
    in_progress = sum(1 for p in cohort.in_progress if rule.population(p))
    exact = None
    if left:
        exact = len(counted) + Fraction(len(counted), left) * in_progress
    elif not in_progress:
        exact = Fraction(0)
    return IndicatorValue(code, rule, counted, Decimal(len(counted)), to_decimal(exact), exact=exact)


def compute(code: str, cohort: Cohort, effectiveness: "Effectiveness | None" = None) -> IndicatorValue:
    """The value of one indicator (by its definition code) for a loaded cohort."""
    rule = RULES.get(code)
    if rule is None:
        return IndicatorValue(code, None, [], None, None)
    if rule.kind == OUTPUT:
        return _output(code, rule, cohort)
    if rule.kind == RESULT:
        return _result(code, rule, cohort)
    effectiveness = effectiveness or compute_effectiveness(cohort)
    ratio = effectiveness.social if code == "EFS-ES" else effectiveness.employment
    return IndicatorValue(code, rule, ratio.numerator, ratio.percent, ratio.percent, exact=ratio.exact)


def project_indicators(project: Project, today: datetime.date | None = None) -> list[IndicatorValue]:
    """Every indicator of the project with its value, the people counted and the forecast
    (a constant number of queries: the indicators, the cohort, the call)."""
    cohort = load_cohort(project, today)
    indicators = ProjectIndicator.objects.filter(project=project).select_related("definition")
    effectiveness = None
    results = []
    for indicator in indicators:
        code = indicator.definition.code
        if code in ("EFS-ES", "EFS-EZ") and effectiveness is None:
            effectiveness = compute_effectiveness(cohort)
        value = compute(code, cohort, effectiveness)
        results.append(
            IndicatorValue(
                value.code, value.rule, value.counted, value.value, value.forecast, indicator, value.exact
            )
        )
    return results


def project_indicator(project: Project, code: str, today: datetime.date | None = None) -> IndicatorValue:
    """One indicator by its code (the drill-down), whether or not the project has set a target."""
    indicator = (
        ProjectIndicator.objects.filter(project=project, definition__code=code)
        .select_related("definition")
        .first()
    )
    value = compute(code, load_cohort(project, today))
    return IndicatorValue(
        value.code, value.rule, value.counted, value.value, value.forecast, indicator, value.exact
    )


# --- effectiveness (docs/indicators.md) --------------------------------------------------------------------


def _load_group_thresholds() -> dict:
    with THRESHOLDS_FILE.open(encoding="utf-8") as handle:
        return json.load(handle)


@dataclass(frozen=True)
class Ratio:
    """One effectiveness ratio: numerator (with evidence) over denominator, against a threshold."""

    kind: str  # "social" or "employment"
    group: str  # "at_risk" or "severe_disability"
    numerator: list[Counted]
    denominator: list[Participant]
    threshold: Decimal | None

    @property
    def exact(self) -> Fraction | None:
        """The exact percentage (None while nobody is in the denominator)."""
        if not self.denominator:
            return None
        return Fraction(len(self.numerator), len(self.denominator)) * HUNDRED

    @property
    def percent(self) -> Decimal | None:
        return to_decimal(self.exact)

    @property
    def met(self) -> bool | None:
        """Compared exactly (not the rounded figure); None without a threshold or a denominator."""
        if self.threshold is None or self.exact is None:
            return None
        return self.exact >= Fraction(self.threshold)


@dataclass(frozen=True)
class Effectiveness:
    social: Ratio
    employment: Ratio
    social_severe: Ratio
    employment_severe: Ratio
    call: Call | None

    @property
    def ratios(self) -> list[Ratio]:
        return [self.social, self.employment, self.social_severe, self.employment_severe]


def _social_progress(participant: Participant) -> tuple[Outcome, ...]:
    return tuple(o for o in participant.outcomes.all() if counts_as_social_progress(o) and within_3_months(o))


def _employment(participant: Participant) -> tuple[Outcome, ...]:
    return tuple(o for o in participant.outcomes.all() if counts_as_employment(o) and within_3_months(o))


def _ratio(kind, group, participants, activated: set[int], achieved, threshold) -> Ratio:
    denominator = [p for p in participants if p.pk in activated]
    numerator = []
    for participant in denominator:
        evidence = achieved(participant)
        if evidence:
            numerator.append(Counted(participant, evidence))
    return Ratio(kind, group, numerator, denominator, threshold)


def project_call(project: Project) -> Call | None:
    return Call.objects.filter(applications__project=project).first()


def compute_effectiveness(cohort: Cohort, call: Call | None = None) -> Effectiveness:
    """Social (ES) and employment (EZ) effectiveness, docs/indicators.md.

    * ES = participants who ended participation, received social activation (attended at least one
      session of an activity of a social instrument, or had social support planned) and showed progress
      in social activation within 3 months after ending ÷ those who ended and received social activation.
    * EZ = the same with employment (outcomes.counts_as_employment) within 3 months and vocational
      activation (a vocational instrument attended or planned, or an internship).
    * A participant counts in each ratio by the support received (both when they had both kinds).
    * Two groups, each against its own thresholds: persons at risk (the call's thresholds) and persons
      with a severe disability (docs/indicators.md, the second row of thresholds; not stored per call,
      so taken from support/data/effectiveness_thresholds.json). The severe group is measured apart, not
      in the first.
    * The combined social-and-employment variant of calls before the October 2016 revision is not
      stored and not computed.
    """
    call = call if call is not None else project_call(cohort.project)
    severe_thresholds = _load_group_thresholds()["severe_disability"]
    ended = cohort.ended
    at_risk = [p for p in ended if p.pk not in cohort.severe]
    severe = [p for p in ended if p.pk in cohort.severe]
    social_min = call.social_effectiveness_min if call else None
    employment_min = call.employment_effectiveness_min if call else None
    return Effectiveness(
        social=_ratio("social", "at_risk", at_risk, cohort.social, _social_progress, social_min),
        employment=_ratio("employment", "at_risk", at_risk, cohort.vocational, _employment, employment_min),
        social_severe=_ratio(
            "social",
            "severe_disability",
            severe,
            cohort.social,
            _social_progress,
            Decimal(severe_thresholds["social"]),
        ),
        employment_severe=_ratio(
            "employment",
            "severe_disability",
            severe,
            cohort.vocational,
            _employment,
            Decimal(severe_thresholds["employment"]),
        ),
        call=call,
    )


def project_effectiveness(project: Project, today: datetime.date | None = None) -> Effectiveness:
    return compute_effectiveness(load_cohort(project, today))


# --- progress shown on the project's page and in the API -----------------------------------------------


@dataclass(frozen=True)
class IndicatorProgress:
    indicator: ProjectIndicator
    achieved: Decimal
    forecast: Decimal | None = None

    @property
    def target(self) -> Decimal:
        return self.indicator.target

    @property
    def percent_achieved(self) -> Decimal:
        return percent(self.achieved, self.indicator.target) or ZERO


def indicator_progress(project: Project) -> list[IndicatorProgress]:
    """Each indicator of the project with its target, what has been achieved and the forecast
    (computed from participant data by `project_indicators`); an indicator without a rule shows 0."""
    return [
        IndicatorProgress(value.indicator, value.value if value.value is not None else ZERO, value.forecast)
        for value in project_indicators(project)
    ]
