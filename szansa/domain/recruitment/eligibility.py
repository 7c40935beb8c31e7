"""Evaluating a person against a target group's eligibility rules and scoring criteria.

`evaluate` serves the pages, the API and verification; `propose_candidates` and `rank_candidates`
evaluate the whole registry: the database first keeps only the people who can pass every rule
(`narrow`, docs/recruitment.md#candidates-from-the-registry), then the rules are evaluated in Python on
those, in chunks (facts loaded in bulk by `load_facts`, a constant number of queries per chunk). Both
build every judgement from the registry's own assessment (szansa.domain.people.assessment), so the
reasons a person reads are the ones the person file shows.

With `documents=None` proofs are not checked (a pre-screening of the registry); with a list of
ApplicationDocument rows (verification of an application) a criterion that needs a proof and has no
document valid on the day is *unproven*, which does not pass.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.db.models import (
    Count,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, Lower, Trim
from django.utils.translation import get_language, gettext_noop
from django.utils.translation import gettext as _

from szansa.domain.people import assessment as people_assessment
from szansa.domain.people.enums import DisabilityDegree, LabourMarketStatus, SituationKind
from szansa.domain.people.models import IncomeCriterion, IncomeRecord, Person, Situation
from szansa.domain.projects.models import TargetGroup
from szansa.domain.recruitment import enums
from szansa.domain.recruitment.models import (
    ApplicationDocument,
    Criterion,
    EligibilityRule,
    Participant,
    RuleCriterion,
    ScoringCriterion,
)
from szansa.lib.money import to_money
from szansa.lib.translatable import Bilingual, Joined, Message, Month, Pln, decode, encode, label

DEGREE_ORDER = [DisabilityDegree.MILD, DisabilityDegree.MODERATE, DisabilityDegree.SEVERE]


@dataclass(frozen=True)
class Fact:
    """One piece of a reason; `sensitive` marks health data (hidden without people.view_health)."""

    message: Message | Joined
    sensitive: bool = False

    @property
    def text(self) -> str:
        return self.message.render()

    def as_dict(self) -> dict:
        return {"message": encode(self.message), "sensitive": self.sensitive}


@dataclass
class CriterionResult:
    criterion: Criterion
    parameters: dict
    outcome: str
    facts: list[Fact]
    points: int = 0

    @property
    def passed(self) -> bool:
        return self.outcome == enums.Outcome.PASSED

    @property
    def sensitive(self) -> bool:
        return self.criterion.sensitive or any(f.sensitive for f in self.facts)

    def reason(self, show_health: bool = True) -> str:
        return _reason_text(
            self.criterion.sensitive, [(f.text, f.sensitive) for f in self.facts], show_health
        )

    def as_dict(self) -> dict:
        """The stored form (Application.results): the criterion's names in both languages and the
        facts as messages with their parameters, translated when shown (`stored_reason`), so a reader
        sees them in their own language whoever verified; `sensitive` lets pages hide them."""
        return {
            "code": self.criterion.code,
            "names": {"pl": self.criterion.name_pl, "en": self.criterion.name_en},
            "outcome": self.outcome,
            "facts": [fact.as_dict() for fact in self.facts],
            "criterion_sensitive": self.criterion.sensitive,
            "sensitive": self.sensitive,
            "points": self.points,
        }


def _reason_text(criterion_sensitive: bool, facts: list[tuple[str, bool]], show_health: bool) -> str:
    if criterion_sensitive and not show_health:
        return _("details hidden (health data)")
    texts = [text for text, sensitive in facts if show_health or not sensitive]
    if len(texts) < len(facts):
        texts.append(_("further details hidden (health data)"))
    return "; ".join(texts)


def stored_name(row: dict) -> str:
    """A stored result's criterion name in the active language (older rows kept one `name`)."""
    names = row.get("names")
    if names:
        return names.get("en") if get_language() == "en" else names.get("pl")
    return row.get("name", row.get("code", ""))


# The outcome of a criterion on a health attribute as a reader without health access sees it.
HIDDEN = "hidden"


def stored_outcome(row: dict, show_health: bool) -> str:
    """A stored result's outcome as the reader may see it: a criterion on a health attribute (the
    criterion is sensitive, e.g. disability) is HIDDEN, not "passed", for a reader without health access
    (people.access.can_view_health_data), or the outcome alone would tell the health fact."""
    sensitive = row.get("criterion_sensitive", False) if "facts" in row else row.get("sensitive", False)
    return HIDDEN if sensitive and not show_health else row["outcome"]


def stored_reason(row: dict, show_health: bool) -> str:
    """A stored result's reason in the active language, health facts hidden without access. Rows
    stored before the facts were kept as messages carry their writer's text, shown as it is."""
    if "facts" not in row:
        return row["reason"] if show_health or not row.get("sensitive") else row["public_reason"]
    facts = [(decode(fact["message"]).render(), fact.get("sensitive", False)) for fact in row["facts"]]
    return _reason_text(row.get("criterion_sensitive", False), facts, show_health)


@dataclass
class RuleResult:
    rule: EligibilityRule
    results: list[CriterionResult]

    @property
    def satisfied(self) -> bool:
        passed = [r.passed for r in self.results]
        if self.rule.mode == enums.RuleMode.ANY_OF:
            return any(passed)
        return all(passed)


@dataclass
class Evaluation:
    person: Person
    target_group: TargetGroup
    on: datetime.date
    assessment: people_assessment.Assessment
    rules: list[RuleResult] = field(default_factory=list)
    scoring: list[CriterionResult] = field(default_factory=list)

    @property
    def eligible(self) -> bool:
        return all(rule.satisfied for rule in self.rules)

    @property
    def score(self) -> int:
        return sum(r.points for r in self.scoring if r.passed)

    @property
    def income_per_person(self) -> Decimal:
        return self.assessment.income_per_person

    @property
    def results(self) -> list[CriterionResult]:
        return [r for rule in self.rules for r in rule.results]

    def stored_results(self) -> list[dict]:
        return [r.as_dict() | {"scoring": False} for r in self.results] + [
            r.as_dict() | {"scoring": True} for r in self.scoring
        ]


@dataclass
class Facts:
    """What the registry says about a person on a day, loaded once per person."""

    person: Person
    on: datetime.date
    assessment: people_assessment.Assessment
    situations: list[Situation]
    other_projects: list[str]

    @property
    def active(self) -> list[Situation]:
        return [s for s in self.situations if s.is_active_on(self.on)]


# --- loading facts ------------------------------------------------------------------------------------


def default_income_month(on: datetime.date) -> datetime.date:
    """Income of the month preceding the application (art. 8 ust. 3)."""
    return (on - relativedelta(months=1)).replace(day=1)


def _criterion_on(on):
    return IncomeCriterion.objects.on(on).order_by("-valid_from").first()


def _build_assessment(person, members, household_income, criterion, situations, on, income_month):
    """The registry's assessment from preloaded rows (mirrors people.assessment.assess)."""
    size = max(members, 1)
    per_person = to_money(household_income / size)
    active = [s for s in situations if s.is_active_on(on)]
    long_term = people_assessment.is_long_term_unemployed(person, situations, on)
    partial = people_assessment.Assessment(
        on, income_month, size, household_income, per_person, criterion, size == 1
    )
    reasons = people_assessment._reasons(partial, active, long_term)
    return people_assessment.Assessment(
        on, income_month, size, household_income, per_person, criterion, size == 1, reasons, long_term
    )


def _other_projects(project, on, person_ids=None) -> dict[int, list[str]]:
    """Per person: numbers of other projects of the same measure they take part in on `on`."""
    current = _current_elsewhere(project, on)
    if person_ids is not None:
        current = current.filter(person_id__in=person_ids)
    found = defaultdict(list)
    for person_id, number in current.values_list("person_id", "project__number"):
        found[person_id].append(number)
    return found


def _current_elsewhere(project, on):
    """Current participations, on `on`, in the other projects of the project's measure."""
    return (
        Participant.objects.filter(
            status__in=enums.CURRENT_STATUSES,
            project__measure_id=project.measure_id,
            start_date__lte=on,
        )
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=on))
        .exclude(project_id=project.pk)
    )


def load_facts(people, on: datetime.date, project, income_month=None) -> list[Facts]:
    """Facts for every person of a queryset in a constant number of queries (no per-person reads)."""
    income_month = income_month or default_income_month(on)
    people = people.select_related("household").prefetch_related(
        Prefetch("situations", queryset=Situation.objects.select_related("assistance_reason"))
    )
    persons = list(people)
    household_ids = {p.household_id for p in persons if p.household_id}
    sizes = defaultdict(int)
    member_household = {}
    for pk, household_id in Person.objects.filter(household_id__in=household_ids).values_list(
        "pk", "household_id"
    ):
        sizes[household_id] += 1
        member_household[pk] = household_id
    incomes = defaultdict(Decimal)
    income_rows = (
        IncomeRecord.objects.filter(month=income_month, counts_as_income=True)
        # The loaded people's keys, not the queryset as a subquery: a subquery of a chunk's key list is
        # planned as a loop over every income record of the month (seconds at 20 000 people).
        .filter(Q(person_id__in=[p.pk for p in persons]) | Q(person__household_id__in=household_ids))
        .values("person_id")
        .annotate(total=Sum("net_amount"))
    )
    for row in income_rows:
        key = member_household.get(row["person_id"]) or ("p", row["person_id"])
        incomes[key] += row["total"]
    criterion = _criterion_on(on)
    others = _other_projects(project, on, [p.pk for p in persons])
    facts = []
    for person in persons:
        key = person.household_id or ("p", person.pk)
        size = sizes[person.household_id] if person.household_id else 1
        situations = list(person.situations.all())
        found = _build_assessment(
            person, size, to_money(incomes[key]), criterion, situations, on, income_month
        )
        facts.append(Facts(person, on, found, situations, others.get(person.pk, [])))
    return facts


def facts_for(person: Person, on: datetime.date, project, income_month=None) -> Facts:
    return load_facts(Person.objects.filter(pk=person.pk), on, project, income_month)[0]


# --- the criteria ---------------------------------------------------------------------------------------


def _names(value) -> list[str]:
    return [value] if isinstance(value, str) else list(value or [])


def _in_place(actual: str, wanted: list[str]) -> bool:
    return actual.strip().casefold() in {w.strip().casefold() for w in wanted}


def _m(msgid: str, **params) -> Message:
    """A fact's message: the msgid (marked with gettext_noop where it is written) and its parameters."""
    return Message(msgid, params)


def check_resident_gmina(facts: Facts, params: dict):
    wanted = _names(params.get("gmina"))
    actual = facts.person.gmina
    if _in_place(actual, wanted):
        return True, [Fact(_m(gettext_noop("resides in gmina %(gmina)s"), gmina=actual))]
    return False, [
        Fact(
            _m(
                gettext_noop("resides in gmina %(actual)s, not in %(wanted)s"),
                actual=actual,
                wanted=", ".join(wanted),
            )
        )
    ]


def check_resident_powiat(facts: Facts, params: dict):
    wanted = _names(params.get("powiat"))
    actual = facts.person.powiat
    if _in_place(actual, wanted):
        return True, [Fact(_m(gettext_noop("resides in powiat %(powiat)s"), powiat=actual))]
    return False, [
        Fact(
            _m(
                gettext_noop("resides in powiat %(actual)s, not in %(wanted)s"),
                actual=actual,
                wanted=", ".join(wanted),
            )
        )
    ]


def check_age_range(facts: Facts, params: dict):
    day = datetime.date.fromisoformat(params["on"]) if params.get("on") else facts.on
    age = facts.person.age_on(day)
    low, high = params.get("min"), params.get("max")
    passed = (low is None or age >= low) and (high is None or age <= high)
    bounds = f"{low if low is not None else ''}–{high if high is not None else ''}"
    if passed:
        return True, [
            Fact(
                _m(
                    gettext_noop("age %(age)s on %(date)s, within %(bounds)s"),
                    age=age,
                    date=day,
                    bounds=bounds,
                )
            )
        ]
    return False, [
        Fact(
            _m(gettext_noop("age %(age)s on %(date)s, outside %(bounds)s"), age=age, date=day, bounds=bounds)
        )
    ]


def check_at_risk(facts: Facts, params: dict):
    reasons = facts.assessment.reasons
    if reasons:
        return True, [Fact(r.message, r.sensitive) for r in reasons]
    return False, [Fact(_m(gettext_noop("no reason of risk of poverty or social exclusion in the registry")))]


def check_income(facts: Facts, params: dict):
    found = facts.assessment
    if found.income_criterion is None:
        return False, [Fact(_m(gettext_noop("no income criterion in force on %(date)s"), date=facts.on))]
    percent = Decimal(str(params.get("percent", 100)))
    limit = to_money(found.income_criterion * percent / 100)
    values = {
        "income": Pln(found.income_per_person),
        "criterion": Pln(limit),
        "percent": f"{percent.normalize():f}",
        "base": Pln(found.income_criterion),
        "month": Month(found.income_month),
    }
    passed = found.income_per_person <= limit
    if percent == 100:
        values.pop("percent")
        values.pop("base")
        msgid = (
            gettext_noop("income per person %(income)s ≤ criterion %(criterion)s (%(month)s)")
            if passed
            else gettext_noop("income per person %(income)s > criterion %(criterion)s (%(month)s)")
        )
    else:
        msgid = (
            gettext_noop(
                "income per person %(income)s ≤ %(percent)s%% of the criterion %(base)s = %(criterion)s "
                "(%(month)s)"
            )
            if passed
            else gettext_noop(
                "income per person %(income)s > %(percent)s%% of the criterion %(base)s = %(criterion)s "
                "(%(month)s)"
            )
        )
    return passed, [Fact(Message(msgid, values))]


def _active(facts: Facts, kind: str) -> list[Situation]:
    return [s for s in facts.active if s.kind == kind]


def check_disability(facts: Facts, params: dict):
    minimum = params.get("min_degree")
    found = _active(facts, SituationKind.DISABILITY)
    if minimum:
        found = [s for s in found if DEGREE_ORDER.index(s.disability_degree) >= DEGREE_ORDER.index(minimum)]
    if found:
        return True, [Fact(s.describe_message(), sensitive=True) for s in found]
    if minimum:
        message = _m(
            gettext_noop("no disability certificate of at least %(degree)s degree in force"),
            degree=label(DisabilityDegree(minimum).label),
        )
    else:
        message = _m(gettext_noop("no disability certificate in force"))
    return False, [Fact(message, sensitive=True)]


def check_registered_unemployed(facts: Facts, params: dict):
    found = [
        s
        for s in _active(facts, SituationKind.LABOUR_MARKET)
        if s.labour_status == LabourMarketStatus.REGISTERED_UNEMPLOYED
    ]
    if found:
        return True, [
            Fact(_m(gettext_noop("registered unemployed since %(since)s"), since=found[0].valid_from))
        ]
    return False, [Fact(_m(gettext_noop("not registered as unemployed on %(date)s"), date=facts.on))]


def check_long_term_unemployed(facts: Facts, params: dict):
    since = people_assessment.unemployed_since(facts.situations, facts.on)
    months = 6 if facts.person.age_on(facts.on) < 25 else 12
    if facts.assessment.long_term_unemployed:
        return True, [
            Fact(
                _m(
                    gettext_noop("unemployed since %(since)s, more than %(months)s months"),
                    since=since,
                    months=months,
                )
            )
        ]
    if since:
        return False, [
            Fact(
                _m(
                    gettext_noop("unemployed since %(since)s, not more than %(months)s months"),
                    since=since,
                    months=months,
                )
            )
        ]
    return False, [Fact(_m(gettext_noop("not unemployed on %(date)s"), date=facts.on))]


def check_food_aid(facts: Facts, params: dict):
    found = _active(facts, SituationKind.FOOD_AID)
    if found:
        return True, [
            Fact(
                _m(
                    gettext_noop("uses the food-aid programme (PO PŻ) since %(since)s"),
                    since=found[0].valid_from,
                )
            )
        ]
    return False, [Fact(_m(gettext_noop("does not use the food-aid programme (PO PŻ)")))]


def check_multi_problem_family(facts: Facts, params: dict):
    household = facts.person.household
    if household is not None and household.multi_problem_family:
        return True, [Fact(_m(gettext_noop("member of a multi-problem family")))]
    return False, [Fact(_m(gettext_noop("not recorded as a member of a multi-problem family")))]


def check_multiple_exclusion(facts: Facts, params: dict):
    found = facts.assessment
    count = len(found.categories)
    facts_list = [Fact(r.message, r.sensitive) for r in found.reasons]
    if found.multiple_exclusion:
        return True, [
            Fact(_m(gettext_noop("%(count)s distinct reasons of exclusion"), count=count)),
            *facts_list,
        ]
    return False, [
        Fact(_m(gettext_noop("%(count)s distinct reasons of exclusion (at least 2 needed)"), count=count)),
        *facts_list,
    ]


def check_revitalisation_area(facts: Facts, params: dict):
    if facts.person.revitalisation_area:
        return True, [Fact(_m(gettext_noop("address in a revitalisation area")))]
    return False, [Fact(_m(gettext_noop("address outside the revitalisation area")))]


def check_not_in_other_project(facts: Facts, params: dict):
    if facts.other_projects:
        return False, [
            Fact(
                _m(
                    gettext_noop("takes part in another project of the same measure: %(projects)s"),
                    projects=", ".join(facts.other_projects),
                )
            )
        ]
    return True, [Fact(_m(gettext_noop("takes part in no other project of the same measure")))]


CHECKS = {
    enums.CriterionKind.RESIDENT_GMINA: check_resident_gmina,
    enums.CriterionKind.RESIDENT_POWIAT: check_resident_powiat,
    enums.CriterionKind.AGE_RANGE: check_age_range,
    enums.CriterionKind.AT_RISK: check_at_risk,
    enums.CriterionKind.INCOME: check_income,
    enums.CriterionKind.DISABILITY: check_disability,
    enums.CriterionKind.REGISTERED_UNEMPLOYED: check_registered_unemployed,
    enums.CriterionKind.LONG_TERM_UNEMPLOYED: check_long_term_unemployed,
    enums.CriterionKind.FOOD_AID: check_food_aid,
    enums.CriterionKind.MULTI_PROBLEM_FAMILY: check_multi_problem_family,
    enums.CriterionKind.MULTIPLE_EXCLUSION: check_multiple_exclusion,
    enums.CriterionKind.REVITALISATION_AREA: check_revitalisation_area,
    enums.CriterionKind.NOT_IN_OTHER_PROJECT: check_not_in_other_project,
}


def _proof_fact(criterion: Criterion, documents, on) -> Fact | None:
    """None when the criterion's proof is at hand on `on`; else the fact that says what is missing."""
    kind = criterion.proof
    own = [d for d in documents if d.kind_id == kind.pk]
    if any(d.proves_on(on) for d in own):
        return None
    expired = [d for d in own if d.valid_until is not None and d.valid_until < on]
    if expired:
        last = max(d.valid_until for d in expired)
        return Fact(
            _m(
                gettext_noop("the proof (%(document)s) expired on %(date)s"),
                document=Bilingual(kind.name_pl, kind.name_en),
                date=last,
            )
        )
    return Fact(
        _m(gettext_noop("no valid proof: %(document)s"), document=Bilingual(kind.name_pl, kind.name_en))
    )


def judge(criterion: Criterion, parameters: dict, facts: Facts, documents=None, points=0) -> CriterionResult:
    """One criterion on the facts; with `documents` given, an unproven pass becomes unproven."""
    passed, found = CHECKS[criterion.kind](facts, parameters or {})
    outcome = enums.Outcome.PASSED if passed else enums.Outcome.FAILED
    if passed and documents is not None and criterion.proof_id:
        missing = _proof_fact(criterion, documents, facts.on)
        if missing is not None:
            outcome = enums.Outcome.UNPROVEN
            found = [*found, missing]
    return CriterionResult(criterion, parameters or {}, outcome, found, points)


# --- evaluation -------------------------------------------------------------------------------------------


@dataclass
class Rules:
    """A target group's rules and scoring criteria, loaded once (two queries)."""

    target_group: TargetGroup
    rules: list[EligibilityRule]
    scoring: list[ScoringCriterion]


def load_rules(target_group: TargetGroup) -> Rules:
    rules = list(
        target_group.eligibility_rules.prefetch_related(
            Prefetch("criteria", queryset=RuleCriterion.objects.select_related("criterion__proof"))
        )
    )
    scoring = list(target_group.scoring_criteria.select_related("criterion__proof"))
    return Rules(target_group, rules, scoring)


def evaluate_facts(rules: Rules, facts: Facts, documents=None) -> Evaluation:
    evaluation = Evaluation(facts.person, rules.target_group, facts.on, facts.assessment)
    for rule in rules.rules:
        results = [judge(rc.criterion, rc.parameters, facts, documents) for rc in rule.criteria.all()]
        evaluation.rules.append(RuleResult(rule, results))
    evaluation.scoring = [
        judge(sc.criterion, sc.parameters, facts, documents, points=sc.points) for sc in rules.scoring
    ]
    return evaluation


def evaluate(
    person: Person,
    target_group: TargetGroup,
    on: datetime.date,
    documents=None,
    income_month: datetime.date | None = None,
) -> Evaluation:
    """Evaluate a person against a target group on a day: per criterion passed / failed / unproven
    with a reason, whether every rule is satisfied, and the score."""
    if documents is not None:
        documents = list(documents)
    facts = facts_for(person, on, target_group.project, income_month)
    return evaluate_facts(load_rules(target_group), facts, documents)


# --- candidates from the registry ---------------------------------------------------------------------

# People evaluated at once in Python after the database narrowed them: the facts of one chunk are held in
# memory, never the whole registry's.
CHUNK = 1000
# One cent more than any per-person income that rounds (to_money, half up) to the limit: the database
# compares the household's total with (limit + CENT) × size, which keeps everyone whose rounded income
# per person is within the limit (and a few just above, whom Python then rejects).
CENT = Decimal("0.01")


def _situation_exists(on: datetime.date, kind: str, **conditions) -> Q:
    """Someone with a situation of `kind` in force on `on` (SituationQuerySet.on, the twin of
    Situation.is_active_on)."""
    return Q(Exists(Situation.objects.on(on).filter(person_id=OuterRef("pk"), kind=kind, **conditions)))


def _place_q(column: str, value) -> Q | None:
    """`_in_place` in SQL: the trimmed name, case-insensitively (PostgreSQL's lower(), equal to Python's
    casefold for the letters of Polish place names). A wanted name whose casefold is not its lower case
    (ß, ligatures) is not narrowed."""
    wanted = {name.strip() for name in _names(value)}
    if any(name.casefold() != name.lower() for name in wanted):
        return None
    return Q(**{f"{column}_key__in": {name.lower() for name in wanted}})


def _age_q(on: datetime.date, params: dict) -> Q:
    """`check_age_range` as bounds of the birth date, one day wider on each side so that the rule of
    Kodeks cywilny art. 112 for those born on 29 February (lib.dates.age_on) stays inside; Python then
    decides exactly."""
    day = datetime.date.fromisoformat(params["on"]) if params.get("on") else on
    low, high = params.get("min"), params.get("max")
    found = Q()
    if low is not None:
        found &= Q(birth_date__lte=day - relativedelta(years=low) + datetime.timedelta(days=1))
    if high is not None:
        found &= Q(birth_date__gte=day - relativedelta(years=high + 1) - datetime.timedelta(days=1))
    return found


def _income_q(criterion: IncomeCriterion | None, percent) -> Q:
    """`check_income` (and the poverty reason of the assessment): the household's income of the month
    does not exceed the limit × its size. The higher of the two criteria (single person, per person) is
    taken: Python then applies the one that fits the household."""
    if criterion is None:
        return Q(pk__in=[])
    base = max(criterion.single_person, criterion.per_person)
    limit = to_money(base * Decimal(str(percent)) / 100) + CENT
    return Q(
        income_total__lte=ExpressionWrapper(
            Value(limit) * F("household_size"), output_field=DecimalField(max_digits=14, decimal_places=2)
        )
    )


def _at_risk_q(on: datetime.date, criterion: IncomeCriterion | None) -> Q:
    """A reason of risk (people.assessment._reasons) needs the income criterion met or a situation in
    force (not every situation gives a reason: Python decides)."""
    any_situation = Q(Exists(Situation.objects.on(on).filter(person_id=OuterRef("pk"))))
    return _income_q(criterion, 100) | any_situation


def _criterion_q(kind: str, params: dict, on: datetime.date, project, criterion) -> Q | None:
    """A condition on the person's columns and rows that everyone who passes the criterion meets (a
    superset: Python still judges), or None when the criterion is not narrowed in the database
    (long-term unemployment, which needs the whole labour-market history)."""
    kinds = enums.CriterionKind
    if kind == kinds.RESIDENT_GMINA:
        return _place_q("gmina", params.get("gmina"))
    if kind == kinds.RESIDENT_POWIAT:
        return _place_q("powiat", params.get("powiat"))
    if kind == kinds.AGE_RANGE:
        return _age_q(on, params)
    if kind == kinds.INCOME:
        return _income_q(criterion, params.get("percent", 100))
    if kind in (kinds.AT_RISK, kinds.MULTIPLE_EXCLUSION):
        return _at_risk_q(on, criterion)
    if kind == kinds.DISABILITY:
        minimum = params.get("min_degree")
        degrees = DEGREE_ORDER[DEGREE_ORDER.index(minimum) :] if minimum else None
        conditions = {"disability_degree__in": degrees} if degrees else {}
        return _situation_exists(on, SituationKind.DISABILITY, **conditions)
    if kind == kinds.REGISTERED_UNEMPLOYED:
        return _situation_exists(
            on, SituationKind.LABOUR_MARKET, labour_status=LabourMarketStatus.REGISTERED_UNEMPLOYED
        )
    if kind == kinds.FOOD_AID:
        return _situation_exists(on, SituationKind.FOOD_AID)
    if kind == kinds.MULTI_PROBLEM_FAMILY:
        return Q(household__multi_problem_family=True)
    if kind == kinds.REVITALISATION_AREA:
        return Q(revitalisation_area=True)
    if kind == kinds.NOT_IN_OTHER_PROJECT:
        others = _current_elsewhere(project, on)
        return ~Q(pk__in=others.values("person_id"))
    return None


def _rule_q(rule: EligibilityRule, on, project, criterion) -> Q:
    """ALL_OF: every narrowed criterion; ANY_OF: one of them, and no narrowing when any criterion of the
    rule is not narrowed (a person may pass by it)."""
    found = [
        _criterion_q(rc.criterion.kind, rc.parameters or {}, on, project, criterion)
        for rc in rule.criteria.all()
    ]
    if rule.mode == enums.RuleMode.ANY_OF:
        if not found or any(q is None for q in found):
            # An ANY_OF rule without criteria is never satisfied (any([]) is False).
            return Q(pk__in=[]) if not found else Q()
        combined = Q(pk__in=[])
        for q in found:
            combined |= q
        return combined
    combined = Q()
    for q in found:
        if q is not None:
            combined &= q
    return combined


def narrow(people, rules: Rules, on: datetime.date, income_month=None):
    """Only the people of `people` who can satisfy every eligibility rule of `rules` on `on`: each rule
    as a condition in SQL that everyone who passes it meets (residence, age, income against the
    criterion, situations in force, the household's flags, other projects). Those kept are still
    evaluated in Python, which alone decides; so the eligible are exactly those of a full evaluation
    (tests/recruitment/test_candidates.py compares the two)."""
    project = rules.target_group.project
    income_month = income_month or default_income_month(on)
    criterion = _criterion_on(on)
    money = DecimalField(max_digits=14, decimal_places=2)
    incomes = IncomeRecord.objects.filter(month=income_month, counts_as_income=True)
    household_total = (
        incomes.filter(person__household_id=OuterRef("household_id"))
        .values("person__household_id")
        .annotate(total=Sum("net_amount"))
        .values("total")
    )
    own_total = (
        incomes.filter(person_id=OuterRef("pk"))
        .values("person_id")
        .annotate(total=Sum("net_amount"))
        .values("total")
    )
    members = (
        Person.objects.filter(household_id=OuterRef("household_id"))
        .values("household_id")
        .annotate(count=Count("pk"))
        .values("count")
    )
    condition = Q()
    for rule in rules.rules:
        condition &= _rule_q(rule, on, project, criterion)
    return people.alias(
        gmina_key=Lower(Trim("gmina")),
        powiat_key=Lower(Trim("powiat")),
        income_total=Coalesce(
            Subquery(household_total, output_field=money),
            Subquery(own_total, output_field=money),
            Value(Decimal(0)),
            output_field=money,
        ),
        household_size=Coalesce(Subquery(members, output_field=IntegerField()), Value(1)),
    ).filter(condition)


def _not_yet_candidates(target_group: TargetGroup, people):
    """Those who have neither applied in a round of the group nor joined its project."""
    people = Person.objects.all() if people is None else people
    return people.exclude(recruitment_applications__round__target_group=target_group).exclude(
        participations__project=target_group.project
    )


def evaluate_in_chunks(rules: Rules, people, on: datetime.date, income_month=None, chunk=CHUNK):
    """Every person of `people` evaluated, a chunk of `chunk` people at a time (their keys read once,
    ordered, then each chunk's facts loaded in bulk): the memory holds one chunk's facts."""
    project = rules.target_group.project
    keys = list(people.order_by("pk").values_list("pk", flat=True).distinct())
    for start in range(0, len(keys), chunk):
        part = Person.objects.filter(pk__in=keys[start : start + chunk]).order_by("pk")
        for facts in load_facts(part, on, project, income_month):
            yield evaluate_facts(rules, facts)


# The orders of the candidates' list: a sort key of an evaluation, best first.
ORDERS = {
    "score": lambda e: (-e.score, e.income_per_person, e.person.last_name, e.person.pk),
    "income": lambda e: (e.income_per_person, -e.score, e.person.last_name, e.person.pk),
    "name": lambda e: (e.person.last_name, e.person.first_name, e.person.pk),
}


@dataclass(frozen=True)
class Ranked:
    """An eligible candidate as the ranking keeps them: the key and the figures, not the facts."""

    person_id: int
    score: int
    income_per_person: Decimal
    key: tuple


def rank_candidates(
    target_group: TargetGroup, on: datetime.date, people=None, income_month=None, order: str = "score"
) -> list[Ranked]:
    """The eligible people of the registry (or of `people`) who have not applied to the group nor joined
    its project, in `order` (ORDERS): narrowed in the database, evaluated in chunks, only each eligible
    one's key kept. The page then evaluates again only the people it shows (`evaluate_people`)."""
    rules = load_rules(target_group)
    people = narrow(_not_yet_candidates(target_group, people), rules, on, income_month)
    sort_key = ORDERS[order]
    found = [
        Ranked(e.person.pk, e.score, e.income_per_person, sort_key(e))
        for e in evaluate_in_chunks(rules, people, on, income_month)
        if e.eligible
    ]
    return sorted(found, key=lambda r: r.key)


def evaluate_people(target_group: TargetGroup, on: datetime.date, person_ids, people=None, income_month=None):
    """The evaluations of the people `person_ids` (of `people`, with its related rows), in that order."""
    people = Person.objects.all() if people is None else people
    rules = load_rules(target_group)
    found = {
        f.person.pk: evaluate_facts(rules, f)
        for f in load_facts(people.filter(pk__in=list(person_ids)), on, target_group.project, income_month)
    }
    return [found[pk] for pk in person_ids if pk in found]


def propose_candidates(
    target_group: TargetGroup, on: datetime.date, people=None, income_month=None, order: str = "score"
) -> list[Evaluation]:
    """Every eligible person of the registry (or of `people`) who has neither applied in a round of the
    group nor joined its project, best score first (narrowed in the database, then evaluated)."""
    rules = load_rules(target_group)
    people = narrow(_not_yet_candidates(target_group, people), rules, on, income_month)
    eligible = [e for e in evaluate_in_chunks(rules, people, on, income_month) if e.eligible]
    return sorted(eligible, key=ORDERS[order])


def documents_of(application) -> list[ApplicationDocument]:
    return list(application.documents.select_related("kind"))
