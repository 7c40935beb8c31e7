"""Social (ES) and employment (EZ) effectiveness of a project (docs/indicators.md), against the call's
thresholds, two ways: `compute_effectiveness` on the loaded cohort, each ratio with the people in its
numerator (and their evidence) and denominator (the API); and, for the page, `effectiveness_figures` — every
ratio counted in one aggregate — with `ratio_participants`, the people of one ratio paged in the database,
and `explain_page`, why each person of a page counts or not."""

import datetime
import json
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from django.db.models import (
    BooleanField,
    Case,
    Count,
    ExpressionWrapper,
    Prefetch,
    Q,
    Value,
    When,
    prefetch_related_objects,
)
from django.utils.translation import gettext

from szansa.domain.projects.models import Call, Project
from szansa.domain.recruitment.models import Participant
from szansa.domain.support import enums
from szansa.domain.support.indicators import figures as indicator_figures
from szansa.domain.support.indicators.cohort import Cohort, counted_participants, load_cohort
from szansa.domain.support.indicators.rules import Counted, to_decimal
from szansa.domain.support.models import Outcome
from szansa.domain.support.outcomes.rules import (
    EFFECTIVENESS_DAYS,
    counts_as_employment,
    counts_as_social_progress,
    effectiveness_day,
    social_progress_form,
    within_effectiveness_window,
)

HUNDRED = Fraction(100)
THRESHOLDS_FILE = Path(__file__).parent.parent / "data" / "effectiveness_thresholds.json"


def _load_group_thresholds() -> dict:
    with THRESHOLDS_FILE.open(encoding="utf-8") as handle:
        return json.load(handle)


class _AgainstThreshold:
    """The exact percentage of a ratio (from `_sizes()`: numerator, denominator), its rounded figure and
    whether it meets the threshold; shared by the ratio of listed people and the ratio of counts."""

    threshold: Decimal | None

    def _sizes(self) -> tuple[int, int]:
        raise NotImplementedError

    @property
    def exact(self) -> Fraction | None:
        """The exact percentage (None while nobody is in the denominator)."""
        numerator, denominator = self._sizes()
        if not denominator:
            return None
        return Fraction(numerator, denominator) * HUNDRED

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
class Ratio(_AgainstThreshold):
    """One effectiveness ratio: numerator (with evidence) over denominator, against a threshold."""

    kind: str  # "social" or "employment"
    group: str  # "at_risk" or "severe_disability"
    numerator: list[Counted]
    denominator: list[Participant]
    threshold: Decimal | None
    # Why each participant of the denominator counts or not (participant id -> sentence).
    reasons: dict = field(default_factory=dict, compare=False)

    def _sizes(self) -> tuple[int, int]:
        return len(self.numerator), len(self.denominator)


SEPARATE = "separate"  # social (ES) and employment (EZ) effectiveness, each with its threshold
COMBINED = (
    "combined"  # one social-and-employment ratio, with employment as a part of it (before the revision)
)


@dataclass(frozen=True)
class Effectiveness:
    social: Ratio
    employment: Ratio
    social_severe: Ratio
    employment_severe: Ratio
    call: Call | None
    method: str = SEPARATE
    # The combined social-and-employment ratio of each group (method COMBINED only).
    combined: Ratio | None = None
    combined_severe: Ratio | None = None

    @property
    def ratios(self) -> list[Ratio]:
        if self.method == COMBINED:
            return [
                self.combined,
                self.social,
                self.employment,
                self.combined_severe,
                self.social_severe,
                self.employment_severe,
            ]
        return [self.social, self.employment, self.social_severe, self.employment_severe]


def _social_progress(participant: Participant) -> tuple[Outcome, ...]:
    return tuple(
        o
        for o in participant.outcomes.all()
        if counts_as_social_progress(o) and within_effectiveness_window(o)
    )


def _employment(participant: Participant) -> tuple[Outcome, ...]:
    return tuple(
        o for o in participant.outcomes.all() if counts_as_employment(o) and within_effectiveness_window(o)
    )


def _day_text(outcome: Outcome) -> str:
    return gettext("%(outcome)s on %(date)s, day %(day)s after the end") % {
        "outcome": social_progress_form(outcome)
        if counts_as_social_progress(outcome)
        else outcome.get_kind_display(),
        "date": f"{outcome.achieved_on:%d.%m.%Y}",
        "day": effectiveness_day(outcome),
    }


def _reason(kind: str, participant: Participant, evidence: tuple[Outcome, ...]) -> str:
    """Why a participant of a denominator counts in the numerator or not."""
    if evidence:
        return gettext("counts: %(outcomes)s") % {"outcomes": "; ".join(_day_text(o) for o in evidence)}
    qualifies = counts_as_social_progress if kind == "social" else counts_as_employment
    candidates = [o for o in participant.outcomes.all() if qualifies(o)]
    if candidates:
        return gettext("does not count: outside the %(days)s days after the end: %(outcomes)s") % {
            "days": EFFECTIVENESS_DAYS,
            "outcomes": "; ".join(_day_text(o) for o in candidates),
        }
    if kind == "employment" and any(
        o.kind in (enums.OutcomeKind.EMPLOYMENT, enums.OutcomeKind.SELF_EMPLOYMENT)
        for o in participant.outcomes.all()
    ):
        return gettext(
            "does not count: the employment recorded is not at least ½ FTE for 3 months, a civil-law "
            "contract for 3 months or an own business"
        )
    if kind == "social":
        return gettext("does not count: no form of social progress within %(days)s days after the end") % {
            "days": EFFECTIVENESS_DAYS
        }
    return gettext("does not count: no employment within %(days)s days after the end") % {
        "days": EFFECTIVENESS_DAYS
    }


def _ratio(kind, group, participants, activated: set[int], achieved, threshold) -> Ratio:
    denominator = [p for p in participants if p.pk in activated]
    numerator = []
    reasons = {}
    for participant in denominator:
        evidence = achieved(participant)
        if evidence:
            numerator.append(Counted(participant, evidence))
        reasons[participant.pk] = _reason(kind, participant, evidence)
    return Ratio(kind, group, numerator, denominator, threshold, reasons)


def _combined_progress(participant: Participant) -> tuple[Outcome, ...]:
    return _social_progress(participant) + _employment(participant)


def combined_cut_off() -> datetime.date:
    """Calls announced before this day are measured by the combined ratio (data, marked verify)."""
    return datetime.date.fromisoformat(
        _load_group_thresholds()["combined_before_revision"]["announced_before"]
    )


def effectiveness_method(call: Call | None) -> str:
    """COMBINED for a call announced before the revision of the social-inclusion guideline (the cut-off
    date is data, `combined_before_revision.announced_before`, marked verify), else SEPARATE; a project
    without a call is measured by the current rules (docs/indicators.md#effectiveness-thresholds)."""
    if call is None:
        return SEPARATE
    cut_off = datetime.date.fromisoformat(
        _load_group_thresholds()["combined_before_revision"]["announced_before"]
    )
    return COMBINED if call.announced_on < cut_off else SEPARATE


def project_call(project: Project) -> Call | None:
    return Call.objects.filter(applications__project=project).first()


def group_thresholds(call: Call | None) -> dict[str, dict[str, Decimal | None]]:
    """The thresholds of each group (docs/indicators.md#effectiveness-thresholds), as data: the at-risk
    group's from the call; the severe/intellectual/multiple disability group's from the call when given,
    else the guideline's values (support/data/effectiveness_thresholds.json)."""
    defaults = _load_group_thresholds()["severe_disability"]

    def severe(value, default):
        return value if value is not None else Decimal(default)

    return {
        "at_risk": {
            "social": call.social_effectiveness_min if call else None,
            "employment": call.employment_effectiveness_min if call else None,
        },
        "severe_disability": {
            "social": severe(call.severe_social_effectiveness_min if call else None, defaults["social"]),
            "employment": severe(
                call.severe_employment_effectiveness_min if call else None, defaults["employment"]
            ),
        },
    }


def compute_effectiveness(cohort: Cohort, call: Call | None = None) -> Effectiveness:
    """Social (ES) and employment (EZ) effectiveness, docs/indicators.md.

    * ES = participants who ended participation, received social activation (attended at least one
      session of an activity of a social instrument, or had social support planned) and showed progress
      in social activation — starting education, or another form of the guideline's list confirmed by a
      specialist — within 90 calendar days after the end ÷ those who ended and received social activation.
    * EZ = the same with employment (outcomes.counts_as_employment) within 90 days and vocational
      activation (a vocational instrument attended or planned, or an internship).
    * A participant counts in each ratio by the support received (both when they had both kinds).
    * Two groups, each against its own thresholds (`group_thresholds`): persons at risk of poverty or
      social exclusion at entry, and persons with a severe degree of disability, an intellectual
      disability or multiple disabilities (measured apart, not in the first). A participant neither at
      risk at entry nor in the second group is in no ratio.
    * A call announced before the guideline's revision (`effectiveness_method`) is measured by one
      combined ratio per group: those who ended after social or vocational activation and showed social
      progress or took up employment within the 90 days ÷ those who ended after either activation,
      against the combined threshold; employment is then a part with its own threshold and social
      progress has none (docs/indicators.md#effectiveness-thresholds; the data is marked verify).
    """
    call = call if call is not None else project_call(cohort.project)
    method = effectiveness_method(call)
    limits = ratio_thresholds(call, method)
    ended = cohort.ended
    at_risk = [p for p in ended if p.pk not in cohort.severe and p.pk in cohort.at_risk]
    severe = [p for p in ended if p.pk in cohort.severe]
    combined = combined_severe = None
    if method == COMBINED:
        activated = cohort.social | cohort.vocational
        combined = _ratio(
            COMBINED, "at_risk", at_risk, activated, _combined_progress, limits[(COMBINED, "at_risk")]
        )
        combined_severe = _ratio(
            COMBINED,
            "severe_disability",
            severe,
            activated,
            _combined_progress,
            limits[(COMBINED, "severe_disability")],
        )
    return Effectiveness(
        social=_ratio(
            "social", "at_risk", at_risk, cohort.social, _social_progress, limits[("social", "at_risk")]
        ),
        employment=_ratio(
            "employment",
            "at_risk",
            at_risk,
            cohort.vocational,
            _employment,
            limits[("employment", "at_risk")],
        ),
        social_severe=_ratio(
            "social",
            "severe_disability",
            severe,
            cohort.social,
            _social_progress,
            limits[("social", "severe_disability")],
        ),
        employment_severe=_ratio(
            "employment",
            "severe_disability",
            severe,
            cohort.vocational,
            _employment,
            limits[("employment", "severe_disability")],
        ),
        call=call,
        method=method,
        combined=combined,
        combined_severe=combined_severe,
    )


def ratio_thresholds(call: Call | None, method: str) -> dict[tuple[str, str], Decimal | None]:
    """The threshold of each ratio, by (kind, group): `group_thresholds`; with the COMBINED method the
    combined ratio's of the time, social progress without one and employment as the part of the combined
    ratio with the call's threshold, else the guideline's of the time
    (docs/indicators.md#effectiveness-thresholds; the data is marked verify)."""
    thresholds = group_thresholds(call)
    at_risk_min, severe_min = thresholds["at_risk"], thresholds["severe_disability"]
    found = {}
    if method == COMBINED:
        old = _load_group_thresholds()["combined_before_revision"]
        found[(COMBINED, "at_risk")] = Decimal(old["at_risk"]["combined"])
        found[(COMBINED, "severe_disability")] = Decimal(old["severe_disability"]["combined"])
        at_risk_min = {
            "social": None,
            "employment": _or(at_risk_min["employment"], old["at_risk"]["employment"]),
        }
        severe_min = {
            "social": None,
            "employment": _or(
                call.severe_employment_effectiveness_min, old["severe_disability"]["employment"]
            ),
        }
    for kind in ("social", "employment"):
        found[(kind, "at_risk")] = at_risk_min[kind]
        found[(kind, "severe_disability")] = severe_min[kind]
    return found


def _or(value: Decimal | None, default: str) -> Decimal:
    return value if value is not None else Decimal(default)


def project_effectiveness(project: Project, today: datetime.date | None = None) -> Effectiveness:
    return compute_effectiveness(load_cohort(project, today))


# --- counted in the database (the effectiveness page) ------------------------------------------------------
#
# The same ratios as `compute_effectiveness`, asked of the participant's kept columns (at_risk_at_entry,
# disability_group, activation) and of the outcomes' columns (the conditions of
# szansa.domain.support.indicators.figures, the twins of szansa.domain.support.outcomes.rules): one
# aggregate for every ratio, and the people of one ratio paged in the database, only the page explained
# (`explain_page`). tests/support/test_effectiveness_in_database.py checks both give the same figures.

ENDED = Q(end_date__isnull=False)
GROUPS = {
    # At risk at entry and not in the second group.
    "at_risk": Q(at_risk_at_entry=True, disability_group=""),
    "severe_disability": ~Q(disability_group=""),
}
ACTIVATED = {
    "social": Q(activation__social=True),
    "employment": Q(activation__vocational=True),
    COMBINED: Q(activation__social=True) | Q(activation__vocational=True),
}
ACHIEVED = {
    "social": Q(social_progress=True),
    "employment": Q(employed=True),
    COMBINED: Q(social_progress=True) | Q(employed=True),
}
EVIDENCE = {"social": _social_progress, "employment": _employment, COMBINED: _combined_progress}


def _outcome_exists(project: Project, *conditions: Q) -> ExpressionWrapper:
    """Whether the participant has an outcome meeting `conditions` (one subquery over the project's
    outcomes, as the figures count)."""
    ids = Outcome.objects.filter(*conditions, participant__project=project).values("participant_id")
    return ExpressionWrapper(Q(pk__in=ids), output_field=BooleanField())


def _with_outcomes(project: Project):
    window = indicator_figures.in_effectiveness_window()
    return counted_participants(project).annotate(
        social_progress=_outcome_exists(project, indicator_figures.is_social_progress(), window),
        employed=_outcome_exists(project, indicator_figures.is_employment(), window),
    )


def ratio_keys(method: str) -> list[tuple[str, str]]:
    """The ratios of a method, (kind, group), in the order of `Effectiveness.ratios`."""
    kinds = [COMBINED, "social", "employment"] if method == COMBINED else ["social", "employment"]
    return [(kind, group) for group in GROUPS for kind in kinds]


@dataclass(frozen=True)
class RatioFigure(_AgainstThreshold):
    """One effectiveness ratio as counts: numerator over denominator, against a threshold."""

    kind: str
    group: str
    numerator: int
    denominator: int
    threshold: Decimal | None

    @property
    def key(self) -> str:
        return f"{self.kind}-{self.group}"

    def _sizes(self) -> tuple[int, int]:
        return self.numerator, self.denominator


@dataclass(frozen=True)
class EffectivenessFigures:
    ratios: list[RatioFigure]
    call: Call | None
    method: str

    def ratio(self, key: str) -> RatioFigure | None:
        return next((r for r in self.ratios if r.key == key), None)


def effectiveness_figures(project: Project, call: Call | None = None) -> EffectivenessFigures:
    """Every ratio of the project counted in the database: the call (one query) and one aggregate."""
    call = call if call is not None else project_call(project)
    method = effectiveness_method(call)
    limits = ratio_thresholds(call, method)
    keys = ratio_keys(method)
    counts = {}
    for n, (kind, group) in enumerate(keys):
        population = ENDED & GROUPS[group] & ACTIVATED[kind]
        counts[f"d{n}"] = Count("pk", filter=population)
        counts[f"n{n}"] = Count("pk", filter=population & ACHIEVED[kind])
    row = _with_outcomes(project).aggregate(**counts)
    ratios = [
        RatioFigure(kind, group, row[f"n{n}"], row[f"d{n}"], limits[(kind, group)])
        for n, (kind, group) in enumerate(keys)
    ]
    return EffectivenessFigures(ratios, call, method)


def ratio_participants(project: Project, kind: str, group: str):
    """The denominator of one ratio, each participant annotated with `counts` (in the numerator), the
    counted first, then by name: the page pages this in the database and explains only the page."""
    achieved = Case(When(ACHIEVED[kind], then=Value(True)), default=Value(False), output_field=BooleanField())
    return (
        _with_outcomes(project)
        .filter(ENDED & GROUPS[group] & ACTIVATED[kind])
        .annotate(counts=achieved)
        .select_related("person")
        .order_by("-counts", "person__last_name", "person__first_name", "pk")
    )


@dataclass(frozen=True)
class Explained:
    participant: Participant
    counted: bool
    evidence: tuple
    reason: str


def explain_page(kind: str, participants) -> list[Explained]:
    """Why each participant of a page of a ratio's denominator counts or not, with the outcomes that
    count (their outcomes read in one query)."""
    participants = list(participants)
    prefetch_related_objects(
        participants, Prefetch("outcomes", queryset=Outcome.objects.order_by("achieved_on", "pk"))
    )
    found = []
    for participant in participants:
        evidence = EVIDENCE[kind](participant)
        found.append(Explained(participant, bool(evidence), evidence, _reason(kind, participant, evidence)))
    return found
