"""Funding arithmetic, rounding for display and every rule a project's financing must keep."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from szansa.domain.projects.models import Project, TargetGroup, percent
from szansa.lib.money import format_pln
from tests.factories.projects import make_project

pytestmark = pytest.mark.django_db

ANDRYCHOW = {"eligible": Decimal("1216630.61"), "cofinancing": Decimal("1031544.93")}


def codes(error: ValidationError) -> set[str]:
    return (
        {e.code for errors in error.error_dict.values() for e in errors}
        if hasattr(error, "error_dict")
        else {e.code for e in error.error_list}
    )


def test_andrychow_co_financing_rate_is_84_79_and_own_contribution_185_085_68(admin):
    project = make_project(admin, **ANDRYCHOW)
    assert project.own_contribution == Decimal("185085.68")
    assert format_pln(project.own_contribution) == "185 085,68 zł"
    assert project.cofinancing_rate == Decimal("84.79")
    assert project.own_contribution_rate == Decimal("15.21")
    assert project.non_eligible_costs == Decimal("0.00")


def test_rates_round_half_up_to_two_places_only_for_display():
    assert percent(Decimal("1031544.93"), Decimal("1216630.61")) == Decimal("84.79")  # 84.787…
    assert percent(Decimal("1"), Decimal("8")) == Decimal("12.50")
    assert percent(Decimal("0.125"), Decimal("1")) == Decimal("12.50")
    assert percent(Decimal("0.12345"), Decimal("1")) == Decimal("12.35")  # half-up, not banker's
    assert percent(Decimal("5"), Decimal("0")) is None


def _invalid(admin, **fields):
    project = Project(
        number="X",
        title="x",
        beneficiary="x",
        measure=make_project(admin, number="base").measure,
        start=datetime.date(2019, 1, 1),
        end=datetime.date(2019, 12, 31),
        total_value=Decimal("100.00"),
        eligible_costs=Decimal("100.00"),
        cofinancing=Decimal("85.00"),
        own_contribution=Decimal("15.00"),
    )
    for name, value in fields.items():
        setattr(project, name, value)
    with pytest.raises(ValidationError) as caught:
        project.full_clean()
    return project, codes(caught.value)


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        (
            {
                "cofinancing": Decimal("120.00"),
                "own_contribution": Decimal("-20.00"),
                "total_value": Decimal("130"),
            },
            "project_cofinancing_within_eligible",
        ),
        (
            {"total_value": Decimal("90.00")},
            "project_eligible_within_total",
        ),
        (
            {"own_contribution": Decimal("10.00")},
            "project_eligible_is_cofinancing_plus_own",
        ),
        (
            {"eu_share": Decimal("70.00"), "state_budget_share": Decimal("10.00")},
            "project_cofinancing_split_adds_up",
        ),
        (
            {"end": datetime.date(2018, 12, 31)},
            "project_period_ordered",
        ),
        (
            {"end": datetime.date(2024, 6, 30)},
            "outside_eligibility",
        ),
        (
            {"start": datetime.date(2013, 12, 31)},
            "outside_eligibility",
        ),
    ],
)
def test_each_financing_rule_is_refused_with_its_code(admin, fields, code):
    project, found = _invalid(admin, **fields)
    assert code in found


def test_the_split_may_stay_unknown_and_when_given_must_add_up(admin):
    project = make_project(admin, number="A", eu_share=None, state_budget_share=None)
    assert project.eu_rate is None
    project.eu_share, project.state_budget_share = Decimal("90312.50"), Decimal("15937.50")
    project.full_clean()


def test_the_database_itself_refuses_an_inconsistent_project(admin):
    project = make_project(admin, number="DB")
    with pytest.raises(IntegrityError), transaction.atomic():
        Project.objects.filter(pk=project.pk).update(own_contribution=Decimal("1.00"))


def test_money_is_decimal_with_two_places_after_a_round_trip(admin):
    make_project(admin, number="RT", **ANDRYCHOW)
    project = Project.objects.get(number="RT")
    assert isinstance(project.cofinancing, Decimal)
    assert project.cofinancing.as_tuple().exponent == -2


def test_a_target_group_year_lies_in_the_project_and_its_sexes_add_up(admin):
    project = make_project(admin, number="TG")
    group = TargetGroup(project=project, year=2020, name="x", planned_total=10)
    with pytest.raises(ValidationError) as caught:
        group.full_clean()
    assert "year_outside_project" in codes(caught.value)
    group = TargetGroup(
        project=project, year=2019, name="x", planned_total=10, planned_women=6, planned_men=3
    )
    with pytest.raises(ValidationError) as caught:
        group.full_clean()
    assert "target_group_sexes_add_up" in codes(caught.value)
