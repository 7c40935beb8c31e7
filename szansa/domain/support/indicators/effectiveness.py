"""Social (ES) and employment (EZ) effectiveness of a project (docs/indicators.md), each ratio with the
people in its numerator (and their evidence) and denominator, against the call's thresholds."""

import datetime
import json
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from szansa.domain.projects.models import Call, Project
from szansa.domain.recruitment.models import Participant
from szansa.domain.support.indicators.cohort import Cohort, load_cohort
from szansa.domain.support.indicators.rules import Counted, to_decimal
from szansa.domain.support.models import Outcome
from szansa.domain.support.outcomes.rules import (
    counts_as_employment,
    counts_as_social_progress,
    within_3_months,
)

HUNDRED = Fraction(100)
THRESHOLDS_FILE = Path(__file__).parent.parent / "data" / "effectiveness_thresholds.json"


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
