"""The demo holds the three seed projects with the figures the articles report."""

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from szansa.demo.projects import seed_projects
from szansa.domain.projects import services
from szansa.domain.projects.models import BudgetShift, Expenditure, PaymentClaim, Project
from szansa.domain.projects.selectors import project_execution

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    return seed_projects(rng_seed=1)


def test_the_andrychow_project_has_the_reported_figures(seeded):
    project = Project.objects.get(title="Wykorzystaj swoją szansę")
    assert project.total_value == Decimal("1216630.61")
    assert project.cofinancing == Decimal("1031544.93")
    assert project.own_contribution == Decimal("185085.68")
    assert project.cofinancing_rate == Decimal("84.79")
    application = project.application
    assert application.call.body.name == "Małopolskie Centrum Przedsiębiorczości"
    assert application.call.announced_on.strftime("%Y-%m") == "2017-11"
    assert (application.rank_position, application.rank_of) == (15, 56)
    with translation.override("en"):
        assert str(application.ranking_display) == "15 of 56"
    groups = [(g.year, g.name) for g in project.target_groups.all()]
    assert groups == [
        (2019, "Osoby z niepełnosprawnościami"),
        (2020, "Osoby bezrobotne"),
        (2021, "Rodziny wieloproblemowe"),
    ]
    assert "sheltered apartments" in project.notes


def test_the_olkusz_po_wer_project_is_fully_external_with_the_estimated_split_noted(seeded):
    project = Project.objects.get(title="Nowa jakość - nowe możliwości")
    assert project.measure.code == "2.5" and project.measure.programme.code == "PO WER 2014-2020"
    assert project.measure.name == "Skuteczna pomoc społeczna"
    assert project.total_value == project.cofinancing == Decimal("370000.00")
    assert project.own_contribution == Decimal("0.00")
    assert (project.eu_rate, project.state_budget_rate) == (Decimal("84.28"), Decimal("15.72"))
    assert "estimate" in project.notes.lower() and "84,28" in project.notes
    assert (project.start, project.end) == (datetime.date(2018, 7, 1), datetime.date(2019, 6, 30))


def test_the_olkusz_nowa_szansa_project_has_the_reported_figures_and_flags_its_estimate(seeded):
    project = Project.objects.get(title__startswith="Nowa szansa")
    assert project.measure.code == "9.1.1" and project.measure.programme.code == "RPO WM 2014-2020"
    assert project.cofinancing == Decimal("165000.00")
    assert project.total_value == Decimal("194117.65") < Decimal("200000")
    assert "Estimate: total value 194 117,65" in project.notes
    assert project.participant_limit == 12
    assert (project.start, project.end) == (datetime.date(2019, 1, 1), datetime.date(2019, 12, 31))


def test_every_demo_budget_is_consistent_and_has_spending_and_claims(seeded):
    assert len(seeded) == 5
    for project in seeded:
        assert services.budget_check(project) == []
        execution = project_execution(project)
        assert execution.planned == project.eligible_costs
        assert Decimal("0") < execution.spent <= execution.plan
        assert PaymentClaim.objects.filter(project=project).exists()
    assert BudgetShift.objects.filter(project__title="Wykorzystaj swoją szansę").count() == 1


def test_seeding_twice_adds_nothing(seeded):
    counts = (Project.objects.count(), Expenditure.objects.count(), PaymentClaim.objects.count())
    seed_projects(rng_seed=1)
    assert (Project.objects.count(), Expenditure.objects.count(), PaymentClaim.objects.count()) == counts
