"""Evaluating a person against a target group's eligibility rules and scoring criteria.

`evaluate` serves the pages, the API and verification; `propose_candidates` evaluates the whole
registry (a constant number of queries: facts are loaded in bulk by `load_facts`). Both build every
judgement from the registry's own assessment (szansa.domain.people.assessment), so the reasons a person
reads are the ones the person file shows.

With `documents=None` proofs are not checked (a pre-screening of the registry); with a list of
ApplicationDocument rows (verification of an application) a criterion that needs a proof and has no
document valid on the day is *unproven*, which does not pass.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.db.models import Prefetch, Q, Sum
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
    current = Participant.objects.filter(
        status__in=enums.CURRENT_STATUSES,
        project__measure_id=project.measure_id,
        start_date__lte=on,
    ).filter(Q(end_date__isnull=True) | Q(end_date__gte=on))
    current = current.exclude(project_id=project.pk)
    if person_ids is not None:
        current = current.filter(person_id__in=person_ids)
    found = defaultdict(list)
    for person_id, number in current.values_list("person_id", "project__number"):
        found[person_id].append(number)
    return found


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
        .filter(Q(person__in=people.values("pk")) | Q(person__household_id__in=household_ids))
        .values("person_id")
        .annotate(total=Sum("net_amount"))
    )
    for row in income_rows:
        key = member_household.get(row["person_id"]) or ("p", row["person_id"])
        incomes[key] += row["total"]
    criterion = _criterion_on(on)
    others = _other_projects(project, on)
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


def propose_candidates(
    target_group: TargetGroup, on: datetime.date, people=None, income_month=None
) -> list[Evaluation]:
    """Evaluate every person of the registry (or of `people`) and return the eligible ones who have
    neither applied in a round of the group nor joined its project, best score first."""
    project = target_group.project
    people = Person.objects.all() if people is None else people
    people = people.exclude(
        recruitment_applications__round__target_group=target_group,
    ).exclude(participations__project=project)
    rules = load_rules(target_group)
    found = [evaluate_facts(rules, facts) for facts in load_facts(people, on, project, income_month)]
    eligible = [e for e in found if e.eligible]
    return sorted(eligible, key=lambda e: (-e.score, e.income_per_person, e.person.last_name, e.person.pk))


def documents_of(application) -> list[ApplicationDocument]:
    return list(application.documents.select_related("kind"))
