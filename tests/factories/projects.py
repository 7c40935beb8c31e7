"""Projects: factories for calls, applications, projects and their records; make_project and add_line
build a 2014-2020 project and its budget lines through the services (as the users do)."""

import datetime
from decimal import Decimal

import factory

from szansa.domain.projects import enums, services
from szansa.domain.projects.models import (
    BudgetLine,
    BudgetTask,
    Call,
    Expenditure,
    FundingApplication,
    IndicatorDefinition,
    ManagingBody,
    Measure,
    Project,
    ProjectIndicator,
    ProjectStaff,
    TargetGroup,
    line_amount,
)
from tests.factories.accounts import UserFactory


def measure_911():
    """Measure 9.1.1 of RPO WM 2014-2020 (reference data loaded by the migrations)."""
    return Measure.objects.get(programme__code="RPO WM 2014-2020", code="9.1.1")


class CallFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Call

    number = factory.Sequence(lambda n: f"RPMP.09.01.01-IZ.00-12-{n:03d}/18")
    title = "Aktywna integracja"
    body = factory.LazyFunction(
        lambda: ManagingBody.objects.get(name="Małopolskie Centrum Przedsiębiorczości")
    )
    measure = factory.LazyFunction(measure_911)
    announced_on = datetime.date(2018, 3, 1)
    deadline = datetime.date(2018, 4, 30)


class FundingApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FundingApplication

    call = factory.SubFactory(CallFactory)
    title = "Projekt testowy"
    applicant = "OPS Testowo"
    requested_amount = Decimal("106250.00")


class ProjectFactory(factory.django.DjangoModelFactory):
    """Eligible 125 000 zł = co-financing 106 250 zł + own contribution 18 750 zł, in 2019."""

    class Meta:
        model = Project

    number = factory.Sequence(lambda n: f"F-{n + 1}")
    title = "Projekt testowy"
    beneficiary = "OPS Testowo"
    measure = factory.LazyFunction(measure_911)
    start = datetime.date(2019, 1, 1)
    end = datetime.date(2019, 12, 31)
    total_value = Decimal("125000.00")
    eligible_costs = Decimal("125000.00")
    cofinancing = Decimal("106250.00")
    own_contribution = Decimal("18750.00")


class BudgetTaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BudgetTask

    project = factory.SubFactory(ProjectFactory)
    number = factory.Sequence(lambda n: n + 1)
    name = "Szkolenia"


class BudgetLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BudgetLine

    task = factory.SubFactory(BudgetTaskFactory)
    category = enums.CostCategory.SERVICES
    name = "Doradztwo"
    unit = "godz."
    quantity = Decimal("40.00")
    unit_price = Decimal("100.00")
    amount = factory.LazyAttribute(lambda line: line_amount(line.quantity, line.unit_price))


class ExpenditureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Expenditure

    line = factory.SubFactory(BudgetLineFactory)
    date = datetime.date(2019, 3, 15)
    document_number = factory.Sequence(lambda n: f"FV/{n + 1}/2019")
    supplier = "Centrum Szkoleniowe sp. z o.o."
    amount = Decimal("400.00")
    entered_by = factory.SubFactory(UserFactory)


class TargetGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TargetGroup

    project = factory.SubFactory(ProjectFactory)
    year = factory.LazyAttribute(lambda group: group.project.start.year)
    name = "Osoby zagrożone"
    planned_total = 10


class ProjectIndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProjectIndicator

    project = factory.SubFactory(ProjectFactory)
    definition = factory.LazyFunction(lambda: IndicatorDefinition.objects.get(code="PI9i-P-01"))
    target = Decimal("12")


class ProjectStaffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProjectStaff

    project = factory.SubFactory(ProjectFactory)
    user = factory.SubFactory(UserFactory)
    role = enums.StaffRole.COORDINATOR
    valid_from = factory.LazyAttribute(lambda staff: staff.project.start)


# --- built through the services ----------------------------------------------------------------------------


def make_project(
    admin, number="T-1", eligible=Decimal("125000.00"), cofinancing=Decimal("106250.00"), **extra
):
    fields = {
        "number": number,
        "title": "Projekt testowy",
        "beneficiary": "OPS Testowo",
        "measure": Measure.objects.get(programme__code="RPO WM 2014-2020", code="9.1.1"),
        "start": datetime.date(2019, 1, 1),
        "end": datetime.date(2019, 12, 31),
        "total_value": eligible,
        "eligible_costs": eligible,
        "cofinancing": cofinancing,
        "own_contribution": eligible - cofinancing,
    }
    fields.update(extra)
    return services.project_save(actor=admin, project=Project(**fields))


def staffed_project(admin, staff, **fields):
    """A project (make_project's fields) with `staff` — (user, StaffRole) pairs — on it from its start."""
    project = make_project(admin, **fields)
    for user, role in staff:
        services.project_record_save(
            actor=admin,
            record=ProjectStaff(project=project, user=user, role=role, valid_from=project.start),
        )
    return project


def add_line(admin, task, name, quantity, unit_price, category=enums.CostCategory.SERVICES):
    line = BudgetLine(
        task=task,
        category=category,
        name=name,
        unit="szt.",
        quantity=Decimal(quantity),
        unit_price=Decimal(unit_price),
    )
    return services.budget_line_save(actor=admin, line=line)
