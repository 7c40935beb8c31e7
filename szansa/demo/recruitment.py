"""Demo recruitment: "Nowa szansa" (Olkusz, 2019) recruits its 12 participants from a larger pool
and keeps a waiting list; the Andrychów project has participants in its 2019 and 2020 groups.

Everything goes through the services (rules, applications, documents, verification, ranking,
enrolment), so the demo shows what a coordinator would see. Idempotent: a target group that already
has a demo round is left alone. Works with an empty registry (nothing to recruit, nothing done).

The demo registry is dated around 2026 (szansa.demo.people.REFERENCE_DATE) while the seed projects ran
in 2019-2021. So that the 2019 assessment has an income to read, each Olkusz applicant's household gets
the income statement of the month before the application: its latest monthly income, scaled by the
ratio of the income criterion then to the criterion in the latest month (synthetic data, never real).
"""

import datetime
import random
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Max

from szansa.demo.people import ensure_demo_accounts
from szansa.demo.projects import seed_projects
from szansa.domain.people.enums import ConsentKind
from szansa.domain.people.models import Consent, IncomeCriterion, IncomeRecord, Person
from szansa.domain.people.services import record_save
from szansa.domain.projects.models import Project, TargetGroup
from szansa.domain.recruitment import eligibility, enums, services
from szansa.domain.recruitment.models import (
    Criterion,
    DocumentKind,
    EligibilityRule,
    RecruitmentRound,
    RuleCriterion,
    ScoringCriterion,
)
from szansa.lib.money import to_money

NOWA_SZANSA = "RPMP.09.01.01-12-0201/18"
ANDRYCHOW = "RPMP.09.01.01-12-0015/17"

SCORING = [
    ("multiple_exclusion", {}, 10),
    ("food_aid", {}, 5),
    ("disability", {"min_degree": "moderate"}, 5),
    ("revitalisation_area", {}, 3),
]


@dataclass
class Plan:
    project: str
    year: int
    gmina: str
    round_name: str
    opens: datetime.date
    closes: datetime.date
    verified_on: datetime.date
    start: datetime.date
    rules: list = field(default_factory=list)  # [(mode, [(code, parameters)])]
    eligible: int = 12
    not_eligible: int = 3
    backdate_income: bool = False
    resign_one: bool = False


def _age_rule(gmina):
    return (
        enums.RuleMode.ALL_OF,
        [("resident_gmina", {"gmina": gmina}), ("age_range", {"min": 18, "max": 64})],
    )


PLANS = [
    Plan(
        NOWA_SZANSA,
        2019,
        "Olkusz",
        "Nabór uczestników 2019",
        datetime.date(2019, 1, 2),
        datetime.date(2019, 1, 31),
        datetime.date(2019, 2, 5),
        datetime.date(2019, 2, 18),
        rules=[_age_rule("Olkusz"), (enums.RuleMode.ALL_OF, [("at_risk", {}), ("not_in_other_project", {})])],
        eligible=20,
        not_eligible=4,
        backdate_income=True,
        resign_one=True,
    ),
    Plan(
        ANDRYCHOW,
        2019,
        "Andrychów",
        "Nabór 2019",
        datetime.date(2019, 1, 7),
        datetime.date(2019, 2, 15),
        datetime.date(2019, 2, 20),
        datetime.date(2019, 3, 4),
        rules=[_age_rule("Andrychów")],
        eligible=10,
        not_eligible=2,
    ),
    Plan(
        ANDRYCHOW,
        2020,
        "Andrychów",
        "Nabór 2020",
        datetime.date(2020, 1, 7),
        datetime.date(2020, 2, 14),
        datetime.date(2020, 2, 19),
        datetime.date(2020, 3, 2),
        rules=[_age_rule("Andrychów")],
        eligible=10,
        not_eligible=2,
    ),
]


def _criterion(code):
    return Criterion.objects.get(code=code)


def _rules(plan: Plan, target_group: TargetGroup, admin) -> None:
    for position, (mode, criteria) in enumerate(plan.rules):
        rule = services.recruitment_record_save(
            actor=admin, record=EligibilityRule(target_group=target_group, mode=mode, position=position)
        )
        for order, (code, parameters) in enumerate(criteria):
            services.recruitment_record_save(
                actor=admin,
                record=RuleCriterion(
                    rule=rule, criterion=_criterion(code), parameters=parameters, position=order
                ),
            )
    for order, (code, parameters, points) in enumerate(SCORING):
        services.recruitment_record_save(
            actor=admin,
            record=ScoringCriterion(
                target_group=target_group,
                criterion=_criterion(code),
                parameters=parameters,
                points=points,
                position=order,
            ),
        )


def _criterion_value(day, single):
    row = IncomeCriterion.objects.on(day).order_by("-valid_from").first()
    return row.single_person if single else row.per_person


def _backdate_incomes(person: Person, month: datetime.date, admin) -> None:
    """The household's income statement for `month`: its latest month, scaled to that month's criterion."""
    members = (
        list(Person.objects.filter(household_id=person.household_id)) if person.household_id else [person]
    )
    ids = [m.pk for m in members]
    if IncomeRecord.objects.filter(person_id__in=ids, month=month).exists():
        return
    latest = IncomeRecord.objects.filter(person_id__in=ids).aggregate(last=Max("month"))["last"]
    if latest is None:
        return
    single = len(members) == 1
    ratio = _criterion_value(month, single) / _criterion_value(latest, single)
    for record in IncomeRecord.objects.filter(person_id__in=ids, month=latest):
        record_save(
            actor=admin,
            record=IncomeRecord(
                person_id=record.person_id,
                month=month,
                source=record.source,
                net_amount=to_money(record.net_amount * ratio),
                counts_as_income=record.counts_as_income,
                note="oświadczenie o dochodach do rekrutacji (dane demonstracyjne)",
            ),
        )


def _pool(plan: Plan, rng: random.Random) -> list[Person]:
    adults = Person.objects.filter(
        birth_date__lte=plan.opens.replace(year=plan.opens.year - 18),
        birth_date__gt=plan.opens.replace(year=plan.opens.year - 65),
    ).order_by("last_name", "first_name", "birth_date", "pesel")
    people = list(adults.exclude(participations__project__number=plan.project))
    rng.shuffle(people)
    return people


def _documents_for(evaluation) -> set[str]:
    codes = {"participation_declaration", "gdpr_consent"}
    for result in [*evaluation.results, *evaluation.scoring]:
        if result.passed and result.criterion.proof_id:
            codes.add(result.criterion.proof.code)
    return codes


def _ensure_consent(person: Person, on: datetime.date, admin) -> None:
    if not person.consents.active_on(on).filter(kind=ConsentKind.EU_PROJECT_DATA).exists():
        record_save(
            actor=admin,
            record=Consent(
                person=person, kind=ConsentKind.EU_PROJECT_DATA, given_on=on, note="deklaracja uczestnictwa"
            ),
        )


def _recruit(plan: Plan, users, rng: random.Random) -> int:
    project = Project.objects.filter(number=plan.project).first()
    target_group = TargetGroup.objects.filter(project=project, year=plan.year).first() if project else None
    if target_group is None or RecruitmentRound.objects.filter(target_group=target_group).exists():
        return 0
    admin, coordinator = users["admin"], users["koordynator"]
    _rules(plan, target_group, admin)
    round_ = services.recruitment_record_save(
        actor=admin,
        record=RecruitmentRound(
            target_group=target_group, name=plan.round_name, opens_on=plan.opens, closes_on=plan.closes
        ),
    )
    income_month = eligibility.default_income_month(plan.opens)
    chosen = defaultdict(list)
    rules = eligibility.load_rules(target_group)
    days = (plan.closes - plan.opens).days
    for person in _pool(plan, rng):
        if len(chosen[True]) >= plan.eligible and len(chosen[False]) >= plan.not_eligible:
            break
        if plan.backdate_income and person.gmina == plan.gmina:
            _backdate_incomes(person, income_month, admin)
        submitted = plan.opens + datetime.timedelta(days=rng.randint(0, days))
        facts = eligibility.facts_for(
            person, plan.verified_on, project, eligibility.default_income_month(submitted)
        )
        evaluation = eligibility.evaluate_facts(rules, facts)
        wanted = plan.eligible if evaluation.eligible else plan.not_eligible
        if len(chosen[evaluation.eligible]) < wanted:
            chosen[evaluation.eligible].append((person, submitted, evaluation))
    applicants = sorted(chosen[True] + chosen[False], key=lambda row: (row[1], row[0].last_name))
    for person, submitted, evaluation in applicants:
        application = services.application_submit(
            actor=coordinator,
            person=person,
            round=round_,
            submitted_on=submitted,
            channel=rng.choice(list(enums.Channel)),
        )
        for code in sorted(_documents_for(evaluation)):
            services.document_receive(
                actor=coordinator,
                application=application,
                kind=DocumentKind.objects.get(code=code),
                received_on=submitted,
            )
        services.application_verify(actor=coordinator, application=application, on=plan.verified_on)
        if evaluation.eligible:
            _ensure_consent(person, submitted, admin)
    services.round_rank(actor=coordinator, round=round_)
    enrolled = services.round_enrol(actor=coordinator, round=round_, start_date=plan.start)
    if plan.resign_one and enrolled:
        services.participant_resign_before_start(
            actor=coordinator, participant=enrolled[-1], on=plan.start - datetime.timedelta(days=3)
        )
    return len(applicants)


@transaction.atomic
def seed_recruitment(rng_seed: int = 1) -> dict[str, int]:
    """Run the demo recruitment rounds that do not exist yet; returns applications per round name."""
    users = ensure_demo_accounts()
    seed_projects(rng_seed=rng_seed)
    done = {}
    for plan in PLANS:
        rng = random.Random(f"{rng_seed}-{plan.project}-{plan.year}")
        done[f"{plan.project} {plan.year}"] = _recruit(plan, users, rng)
    return done
