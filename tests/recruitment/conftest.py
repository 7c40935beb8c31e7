"""A 2019 project with a coordinator on its staff, a target group with rules, and helpers."""

import datetime
from decimal import Decimal

import pytest

from szansa.domain.people import enums as people_enums
from szansa.domain.projects import enums as project_enums
from szansa.domain.projects import services as project_services
from szansa.domain.projects.models import ProjectStaff, TargetGroup
from szansa.domain.recruitment import enums
from szansa.domain.recruitment.models import (
    Criterion,
    DocumentKind,
    EligibilityRule,
    RecruitmentRound,
    RuleCriterion,
    ScoringCriterion,
)
from tests.factories import ConsentFactory, IncomeRecordFactory, PersonFactory, SituationFactory
from tests.projects.conftest import make_project

ON = datetime.date(2019, 2, 1)  # evaluation day; income month: January 2019 (criterion 701 / 528 zł)
JANUARY = datetime.date(2019, 1, 1)
DECEMBER = datetime.date(2018, 12, 1)  # the month before applications submitted in January 2019


def criterion(code: str) -> Criterion:
    return Criterion.objects.get(code=code)


def document_kind(code: str) -> DocumentKind:
    return DocumentKind.objects.get(code=code)


def add_rule(target_group, mode=enums.RuleMode.ALL_OF, **criteria):
    """add_rule(tg, resident_gmina={"gmina": "Andrychów"}, at_risk={})"""
    rule = EligibilityRule.objects.create(target_group=target_group, mode=mode)
    for position, (code, parameters) in enumerate(criteria.items()):
        RuleCriterion.objects.create(
            rule=rule, criterion=criterion(code), parameters=parameters, position=position
        )
    return rule


def add_scoring(target_group, code, points, **parameters):
    return ScoringCriterion.objects.create(
        target_group=target_group, criterion=criterion(code), points=points, parameters=parameters
    )


def person_with_income(amount, month=JANUARY, **fields):
    """A person living alone (no household) with one income in a month (default January 2019)."""
    person = PersonFactory(**fields)
    IncomeRecordFactory(person=person, month=month, net_amount=Decimal(amount))
    return person


def with_consent(person, given_on=datetime.date(2018, 12, 1)):
    ConsentFactory(person=person, kind=people_enums.ConsentKind.EU_PROJECT_DATA, given_on=given_on)
    return person


def situation(person, kind, **fields):
    fields.setdefault("valid_from", datetime.date(2018, 1, 1))
    return SituationFactory(person=person, kind=kind, **fields)


@pytest.fixture
def project(cast):
    project = make_project(cast.admin, number="R-1", participant_limit=10)
    project_services.project_record_save(
        actor=cast.admin,
        record=ProjectStaff(
            project=project,
            user=cast.koordynator,
            role=project_enums.StaffRole.COORDINATOR,
            valid_from=project.start,
        ),
    )
    return project


@pytest.fixture
def target_group(project, cast):
    return project_services.project_record_save(
        actor=cast.admin,
        record=TargetGroup(project=project, year=2019, name="Osoby zagrożone", planned_total=5),
    )


@pytest.fixture
def round_(target_group):
    return RecruitmentRound.objects.create(
        target_group=target_group,
        name="Nabór I",
        opens_on=datetime.date(2019, 1, 15),
        closes_on=datetime.date(2019, 2, 15),
    )
