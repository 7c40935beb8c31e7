"""The values of a project's indicators, each with the people counted and a forecast (the indicator
pages, the drill-down, the project's page and the API read these)."""

import datetime
from dataclasses import dataclass, replace
from decimal import Decimal
from fractions import Fraction

from django.db.models import Prefetch, prefetch_related_objects
from django.utils import timezone

from szansa.domain.people.enums import Sex
from szansa.domain.projects.models import Project, ProjectIndicator
from szansa.domain.recruitment import entry
from szansa.domain.recruitment.models import Participant
from szansa.domain.support.indicators import figures
from szansa.domain.support.indicators.cohort import Cohort, load_cohort
from szansa.domain.support.indicators.effectiveness import (
    HUNDRED,
    Effectiveness,
    Ratio,
    compute_effectiveness,
)
from szansa.domain.support.indicators.figures import AgainstTarget
from szansa.domain.support.indicators.rules import (
    EECO_CODES,
    OUTPUT,
    P2021,
    RESULT,
    RULES,
    Counted,
    Explained,
    Rule,
    explain,
    to_decimal,
)
from szansa.domain.support.models import Outcome


@dataclass(frozen=True)
class IndicatorValue(AgainstTarget):
    """One indicator of a project: its value, the people counted and a forecast."""

    code: str
    rule: Rule | None
    counted: list[Counted]
    value: Decimal | None
    forecast: Decimal | None
    indicator: ProjectIndicator | None = None
    exact: Fraction | None = None  # the exact value (a ratio, or the forecast of a result indicator)
    ratio: Ratio | None = None  # an effectiveness indicator's ratio (numerator and denominator)

    # --- split by sex (K/M), as the reports to the managing body give every value ----------------------

    def _of_sex(self, sex: str) -> Decimal | None:
        """The value counting only women (K) or only men (M), by the person's sex in the registry: the
        people counted of that sex; for a ratio, that sex's numerator over that sex's denominator."""
        if self.value is None:
            return None
        if self.ratio is not None:
            denominator = sum(1 for p in self.ratio.denominator if p.person.sex == sex)
            if not denominator:
                return None
            numerator = sum(1 for c in self.ratio.numerator if c.participant.person.sex == sex)
            return to_decimal(Fraction(numerator, denominator) * HUNDRED)
        return Decimal(sum(1 for c in self.counted if c.participant.person.sex == sex))

    @property
    def women(self) -> Decimal | None:
        return self._of_sex(Sex.FEMALE)

    @property
    def men(self) -> Decimal | None:
        return self._of_sex(Sex.MALE)

    @property
    def participants(self) -> list[Participant]:
        return [c.participant for c in self.counted]

    @property
    def count(self) -> int:
        """How many people are counted (for a ratio: in its numerator), as `figures.Figure.count`."""
        return len(self.counted)


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


def compute(code: str, cohort: Cohort, effectiveness: Effectiveness | None = None) -> IndicatorValue:
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
    return IndicatorValue(
        code, rule, ratio.numerator, ratio.percent, ratio.percent, exact=ratio.exact, ratio=ratio
    )


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
        results.append(replace(compute(code, cohort, effectiveness), indicator=indicator))
    return results


def indicator_drilldown(
    project: Project, code: str, today: datetime.date | None = None
) -> tuple[figures.Figure, list[Explained]]:
    """One indicator by its code (its figures, whether or not the project set a target) with every counted
    main participant of the project, whether they count and why, the counted first: the whole list, as the
    pages and the API read it a page at a time (`figures.drilldown_participants`, `explain_participants`)."""
    participants = list(figures.drilldown_participants(project, code, today))
    return figures.figure(project, code, today), explain_participants(code, participants, today)


def eeco_values(project: Project, today: datetime.date | None = None) -> list[IndicatorValue]:
    """The ESF+ common output indicators (EECO01–EECO17, Regulation (EU) 2021/1057, Annex I) of a
    2021–2027 project, each with the people counted, whether or not the project set a target for it;
    [] for a project of another period (docs/indicators.md#esf-common-indicators-2021-2027)."""
    cohort = load_cohort(project, today)
    if cohort.period != P2021:
        return []
    targets = figures.eeco_targets(project)
    values = []
    for code in EECO_CODES:
        values.append(replace(_output(code, RULES[code], cohort), indicator=targets.get(code)))
    return values


def explain_participants(
    code: str, participants: list[Participant], today: datetime.date | None = None
) -> list[Explained]:
    """Why each of `participants` (a page of the drill-down, with their people and applications loaded)
    counts in the indicator or not, in their order: their outcomes and their reasons for being at risk at
    entry are read for them only (three queries and the at-risk check's five, whatever the project's size)."""
    today = today or timezone.localdate()
    rule = RULES[code]
    prefetch_related_objects(
        participants, Prefetch("outcomes", queryset=Outcome.objects.order_by("achieved_on", "pk"))
    )
    texts = entry.at_risk_reasons(participants)
    for participant in participants:
        participant.at_risk_reasons = texts[participant.pk]
    return [explain(rule, participant, today) for participant in participants]
