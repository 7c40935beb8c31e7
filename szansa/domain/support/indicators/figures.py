"""A project's indicator figures counted in the database: one aggregate query whatever the size of the
project, kept per project and day (`kept_figures`; szansa.domain.support.indicators.kept marks the copy
stale when an input changes), so the project's page, the indicators page, the API and the reports read one
row.

The rules are those of szansa.domain.support.indicators.rules, asked of the participant's columns: each
condition's `q`; `at_risk_at_entry` and `disability_group`, kept on the participant by
szansa.domain.recruitment.entry; the kinds of activation, kept by szansa.domain.support.activation; an
outcome "upon leaving" (`within_4_weeks`), "within the effectiveness window", "employment" and "social
progress" (szansa.domain.support.outcomes.rules) as conditions on the outcome's columns, each a subquery
over the project's outcomes. The people behind a figure are listed by the drill-down, which explains each
one in Python (szansa.domain.support.indicators.selectors); the tests check that both give the same
figures on every worked example of docs/indicators.md.
"""

import datetime
from dataclasses import dataclass, replace
from decimal import Decimal
from fractions import Fraction

from django.db import connections, transaction
from django.db.models import BooleanField, Case, Count, DateField, ExpressionWrapper, F, Q, Value, When
from django.utils import timezone

from szansa.domain.people.enums import Sex
from szansa.domain.projects.models import ZERO, Project, ProjectIndicator, percent
from szansa.domain.support import enums
from szansa.domain.support.indicators import kept
from szansa.domain.support.indicators.cohort import counted_participants
from szansa.domain.support.indicators.rules import (
    EECO_CODES,
    OUTPUT,
    OUTPUT_FORECAST,
    P2021,
    RATIO,
    RATIO_FORECAST,
    RESULT,
    RESULT_FORECAST,
    RULES,
    Rule,
    to_decimal,
)
from szansa.domain.support.models import Outcome
from szansa.domain.support.outcomes.rules import (
    EFFECTIVENESS_DAYS,
    EMPLOYMENT_KINDS,
    MIN_FTE,
    MIN_MONTHS,
    RESULT_WINDOW,
)

HUNDRED = Fraction(100)
SEXES = (("", Q()), ("women", Q(person__sex=Sex.FEMALE)), ("men", Q(person__sex=Sex.MALE)))


class AgainstTarget:
    """What an indicator's value and its rule give besides the value: the forecast method's text and the
    value as a percentage of the project's target (for `Figure` and `selectors.IndicatorValue`)."""

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


@dataclass(frozen=True)
class Figure(AgainstTarget):
    """One indicator of a project as figures: its value (and each sex's), the forecast, the target."""

    code: str
    rule: Rule | None
    value: Decimal | None
    forecast: Decimal | None
    women: Decimal | None = None
    men: Decimal | None = None
    count: int = 0  # people counted (for a ratio: in its numerator)
    exact: Fraction | None = None
    indicator: ProjectIndicator | None = None


# --- outcomes as conditions on their columns (szansa.domain.support.outcomes.rules) ---------------------


# The participant's columns as an outcome's subquery sees them (the outcome's own participant).
END = F("participant__end_date")


def _after_end(days: int | datetime.timedelta) -> ExpressionWrapper:
    delta = days if isinstance(days, datetime.timedelta) else datetime.timedelta(days=days)
    return ExpressionWrapper(END + delta, output_field=DateField())


def upon_leaving() -> Q:
    """`within_4_weeks`: achieved not before the start, no later than the end + 28 days, and a contract
    taken up before the end still running at the end."""
    return (
        Q(achieved_on__gte=F("participant__start_date"))
        & Q(achieved_on__lte=_after_end(RESULT_WINDOW))
        & (Q(achieved_on__gt=END) | Q(holds_until__isnull=True) | Q(holds_until__gt=END))
    )


def in_effectiveness_window() -> Q:
    """`within_effectiveness_window`: day 1 to day 90 after the end of participation."""
    return Q(achieved_on__gt=END) & Q(achieved_on__lte=_after_end(EFFECTIVENESS_DAYS))


def is_employment() -> Q:
    """`counts_as_employment`."""
    return Q(kind__in=EMPLOYMENT_KINDS) & (
        Q(
            contract_type=enums.ContractType.EMPLOYMENT_CONTRACT,
            fte__gte=MIN_FTE,
            contract_months__gte=MIN_MONTHS,
        )
        | Q(contract_type=enums.ContractType.CIVIL_LAW, contract_months__gte=MIN_MONTHS)
        | Q(contract_type=enums.ContractType.BUSINESS)
    )


def is_social_progress() -> Q:
    """`counts_as_social_progress`."""
    return Q(kind=enums.OutcomeKind.EDUCATION) | (
        Q(kind=enums.OutcomeKind.SOCIAL_PROGRESS) & ~Q(confirmed_by="")
    )


def _outcome(project: Project, *conditions: Q) -> ExpressionWrapper:
    """Whether the participant has an outcome meeting `conditions`: one subquery over the project's
    outcomes (a few per participant who left), hashed once, not a lookup per participant."""
    ids = Outcome.objects.filter(*conditions, participant__project=project).values("participant_id")
    return ExpressionWrapper(Q(pk__in=ids), output_field=BooleanField())


# --- the one aggregate ---------------------------------------------------------------------------------

ENDED = Q(end_date__isnull=False)
# Kept per participant by szansa.domain.support.activation.
SOCIAL = Q(activation__social=True)
VOCATIONAL = Q(activation__vocational=True)
# The at-risk effectiveness group: at risk at entry and not in the second (severe disability) group.
AT_RISK_GROUP = Q(at_risk_at_entry=True, disability_group="")


def _annotated(project: Project):
    """The project's counted main participants, each with what the rules ask of their outcomes. DISTINCT
    makes the aggregate read them from a subquery, so each is worked out once per participant."""
    annotations = {
        "social_progress": _outcome(project, is_social_progress(), in_effectiveness_window()),
        "employed": _outcome(project, is_employment(), in_effectiveness_window()),
    }
    for kinds in {rule.outcome_kinds for rule in RULES.values() if rule.kind == RESULT}:
        annotations[_result_alias(kinds)] = _outcome(project, Q(kind__in=kinds), upon_leaving())
    return counted_participants(project).values("pk").annotate(**annotations).distinct()


def _result_alias(kinds: tuple[str, ...]) -> str:
    return "upon_leaving_" + "_".join(sorted(kinds))


def _counts(codes: list[str], today: datetime.date) -> dict[str, Count]:
    """The COUNTs the figures of `codes` need, by name: "<n>_<part><sex>"."""
    started = Q(start_date__lte=today)
    counts = {}

    def add(name, condition):
        for sex, of_sex in SEXES:
            counts[f"{name}{sex}"] = Count("pk", filter=condition & of_sex)

    for n, code in enumerate(codes):
        rule = RULES[code]
        population = rule.population_q
        if rule.kind == OUTPUT:
            add(f"f{n}_value", started & population)
            counts[f"f{n}_forecast"] = Count("pk", filter=population)
        elif rule.kind == RESULT:
            add(f"f{n}_value", ENDED & population & Q(**{_result_alias(rule.outcome_kinds): True}))
            counts[f"f{n}_left"] = Count("pk", filter=ENDED & population)
            counts[f"f{n}_progress"] = Count("pk", filter=~ENDED & population)
        else:
            activated, achieved = (
                (SOCIAL, Q(social_progress=True)) if code == "EFS-ES" else (VOCATIONAL, Q(employed=True))
            )
            add(f"f{n}_denominator", ENDED & AT_RISK_GROUP & activated)
            add(f"f{n}_value", ENDED & AT_RISK_GROUP & activated & achieved)
    return counts


def _figure(n: int, code: str, row: dict) -> Figure:
    rule = RULES[code]
    counted = row[f"f{n}_value"]
    if rule.kind == OUTPUT:
        return Figure(
            code,
            rule,
            Decimal(counted),
            Decimal(row[f"f{n}_forecast"]),
            Decimal(row[f"f{n}_valuewomen"]),
            Decimal(row[f"f{n}_valuemen"]),
            counted,
        )
    if rule.kind == RESULT:
        left, in_progress = row[f"f{n}_left"], row[f"f{n}_progress"]
        # The forecast of selectors._result: counted + counted / left × those still in progress.
        exact = None
        if left:
            exact = counted + Fraction(counted, left) * in_progress
        elif not in_progress:
            exact = Fraction(0)
        return Figure(
            code,
            rule,
            Decimal(counted),
            to_decimal(exact),
            Decimal(row[f"f{n}_valuewomen"]),
            Decimal(row[f"f{n}_valuemen"]),
            counted,
            exact,
        )

    def ratio(sex):
        denominator = row[f"f{n}_denominator{sex}"]
        if not denominator:
            return None
        return Fraction(row[f"f{n}_value{sex}"], denominator) * HUNDRED

    exact = ratio("")
    value = to_decimal(exact)
    return Figure(
        code,
        rule,
        value,
        value,
        to_decimal(ratio("women")) if exact is not None else None,
        to_decimal(ratio("men")) if exact is not None else None,
        counted,
        exact,
    )


def count(project: Project, codes: list[str], today: datetime.date) -> dict[str, Figure]:
    """The figures of the indicators `codes` (those with a rule) counted now: the one aggregate query."""
    codes = [code for code in dict.fromkeys(codes) if code in RULES]
    if not codes:
        return {}
    queryset = _annotated(project)
    with transaction.atomic(using=queryset.db):
        connection = connections[queryset.db]
        if connection.vendor == "postgresql":
            # One aggregate of some hundred COUNTs: once its estimated cost crosses jit_above_cost,
            # PostgreSQL spends seconds compiling what runs in milliseconds (an earlier form of this
            # query at 10 000 participants: 4.2 s with JIT, 1.4 s without).
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL jit = off")
        row = queryset.aggregate(**_counts(codes, today))
    return {code: _figure(n, code, row) for n, code in enumerate(codes)}


def full_count(project: Project, today: datetime.date) -> dict[str, Figure]:
    """Every indicator with a rule, counted now (what the kept copy holds)."""
    return count(project, list(RULES), today)


def kept_figures(project: Project, today: datetime.date | None = None) -> dict[str, Figure]:
    """Every indicator with a rule for `today`: the kept copy when it is current (one query), otherwise
    counted by the aggregate and kept (kept.py: a count that raced a write is not kept)."""
    today = today or timezone.localdate()
    row = kept.read(project.pk)
    # A copy kept before a rule was added (a new release) lacks its code: counted again.
    if kept.is_current(row, today) and RULES.keys() <= row.figures.keys():
        return decode(row.figures)
    return _count_and_keep(project, row, today)[0]


def refresh_kept(project: Project, today: datetime.date | None = None) -> bool:
    """Count the project's figures for `today` and keep them, whether or not the kept copy was current
    (the nightly recount for the new day). False when a write raced the count (nothing kept)."""
    today = today or timezone.localdate()
    return _count_and_keep(project, kept.read(project.pk), today)[1]


def _count_and_keep(project: Project, row, today: datetime.date) -> tuple[dict[str, Figure], bool]:
    """Every figure counted now, and whether it was kept: `row` is the project's kept row read before
    counting (None: none yet), whose generation guards the store against a racing write."""
    found = full_count(project, today)
    stored = kept.store(project.pk, row.generation if row is not None else None, today, encode(found))
    return found, stored


def figures(project: Project, codes: list[str], today: datetime.date | None = None) -> dict[str, Figure]:
    """The figures of the indicators `codes` (those with a rule) for the project, from the kept copy of
    all of them (`kept_figures`)."""
    if not any(code in RULES for code in codes):
        return {}
    found = kept_figures(project, today)
    return {code: found[code] for code in dict.fromkeys(codes) if code in found}


# --- the kept copy as JSON ------------------------------------------------------------------------------


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _number(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def encode(found: dict[str, Figure]) -> dict:
    """Figures as JSON (decimals as their text, an exact fraction as [numerator, denominator]), enough to
    rebuild each `Figure` as counted (`decode`)."""
    return {
        code: {
            "value": _text(f.value),
            "forecast": _text(f.forecast),
            "women": _text(f.women),
            "men": _text(f.men),
            "count": f.count,
            "exact": None if f.exact is None else [f.exact.numerator, f.exact.denominator],
        }
        for code, f in found.items()
    }


def decode(data: dict) -> dict[str, Figure]:
    """The figures `encode` wrote (codes whose rule has gone since are left out)."""
    return {
        code: Figure(
            code,
            RULES[code],
            _number(f["value"]),
            _number(f["forecast"]),
            _number(f["women"]),
            _number(f["men"]),
            f["count"],
            None if f["exact"] is None else Fraction(*f["exact"]),
        )
        for code, f in data.items()
        if code in RULES
    }


def figure(project: Project, code: str, today: datetime.date | None = None) -> Figure:
    """One indicator by its code with its figures and the project's target, if it set one (the
    drill-down's heading)."""
    indicator = (
        ProjectIndicator.objects.filter(project=project, definition__code=code)
        .select_related("definition")
        .first()
    )
    found = figures(project, [code], today).get(code) or Figure(code, None, None, None)
    return _with_indicator(found, indicator)


def drilldown_participants(project: Project, code: str, today: datetime.date | None = None):
    """The project's counted main participants, each annotated with `counts` — whether they count in the
    indicator, by the same conditions as its figure — the counted first, then by name: the drill-down
    pages this in the database and explains only the page (selectors.explain_participants). None for an
    effectiveness ratio (its own page lists the people of each ratio)."""
    rule = RULES.get(code)
    if rule is None or rule.kind == RATIO:
        return counted_participants(project).none()
    today = today or timezone.localdate()
    annotations = {}
    if rule.kind == OUTPUT:
        condition = Q(start_date__lte=today) & rule.population_q
    else:
        alias = _result_alias(rule.outcome_kinds)
        annotations[alias] = _outcome(project, Q(kind__in=rule.outcome_kinds), upon_leaving())
        condition = ENDED & rule.population_q & Q(**{alias: True})
    return (
        counted_participants(project)
        .annotate(**annotations)
        # CASE, not the bare condition: a condition on an unanswered flag (NULL) is unknown in SQL, and the
        # participant must be listed as not counted, not left out of both lists.
        .annotate(
            counts=Case(When(condition, then=Value(True)), default=Value(False), output_field=BooleanField())
        )
        .select_related("person", "application")
        .order_by("-counts", "person__last_name", "person__first_name", "pk")
    )


def project_figures(project: Project, today: datetime.date | None = None) -> list[Figure]:
    """Every indicator the project has set a target for, with its figures (two queries: the indicators
    and the aggregate). An indicator without a rule has no value."""
    indicators = list(ProjectIndicator.objects.filter(project=project).select_related("definition"))
    found = figures(project, [i.definition.code for i in indicators], today)
    return [
        _with_indicator(found.get(i.definition.code) or Figure(i.definition.code, None, None, None), i)
        for i in indicators
    ]


def eeco_figures(project: Project, today: datetime.date | None = None) -> list[Figure]:
    """The ESF+ common output indicators (EECO01–EECO17) of a 2021–2027 project, whether or not the project
    set a target for them; [] for a project of another period."""
    period = (
        Project.objects.filter(pk=project.pk).values_list("measure__programme__period", flat=True).first()
    )
    if period != P2021:
        return []
    targets = eeco_targets(project)
    found = figures(project, list(EECO_CODES), today)
    return [_with_indicator(found[code], targets.get(code)) for code in EECO_CODES]


def eeco_targets(project: Project) -> dict[str, ProjectIndicator]:
    """The targets the project set among the EECO codes, by code."""
    indicators = ProjectIndicator.objects.filter(project=project, definition__code__in=EECO_CODES)
    return {i.definition.code: i for i in indicators.select_related("definition")}


def _with_indicator(figure: Figure, indicator: ProjectIndicator | None) -> Figure:
    return replace(figure, indicator=indicator)


@dataclass(frozen=True)
class IndicatorProgress:
    """An indicator of the project's page: its target, what has been achieved and the forecast."""

    indicator: ProjectIndicator
    achieved: Decimal
    forecast: Decimal | None = None

    @property
    def target(self) -> Decimal:
        return self.indicator.target

    @property
    def percent_achieved(self) -> Decimal:
        return percent(self.achieved, self.indicator.target) or ZERO


def indicator_progress(project: Project, today: datetime.date | None = None) -> list[IndicatorProgress]:
    """Each indicator of the project with its target, what has been achieved and the forecast; an
    indicator without a rule shows 0."""
    return [
        IndicatorProgress(
            figure.indicator, figure.value if figure.value is not None else ZERO, figure.forecast
        )
        for figure in project_figures(project, today)
    ]
