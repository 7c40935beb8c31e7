"""A small 2014-2020 project with two tasks and a coordinator, built through the services."""

from decimal import Decimal

import pytest

from szansa.domain.accounts.enums import Role
from szansa.domain.projects import enums, services
from szansa.domain.projects.models import BudgetLine, BudgetTask, ProjectStaff
from tests.factories import UserFactory
from tests.factories.projects import add_line, make_project


@pytest.fixture
def admin(db):
    return UserFactory(username="p-admin", role=Role.ADMINISTRATOR)


@pytest.fixture
def coordinator(db):
    return UserFactory(username="p-koordynator", role=Role.PROJECT_COORDINATOR)


@pytest.fixture
def clerk(db):
    return UserFactory(username="p-referent", role=Role.ADMINISTRATIVE_CLERK)


@pytest.fixture
def project(admin, coordinator):
    """Eligible 125 000 zł = direct 100 000 zł + 25 % flat-rate indirect 25 000 zł."""
    project = make_project(admin)
    services.project_record_save(
        actor=admin,
        record=ProjectStaff(
            project=project, user=coordinator, role=enums.StaffRole.COORDINATOR, valid_from=project.start
        ),
    )
    task1 = services.project_record_save(
        actor=admin, record=BudgetTask(project=project, number=1, name="Szkolenia")
    )
    task2 = services.project_record_save(
        actor=admin, record=BudgetTask(project=project, number=2, name="Pośrednie")
    )
    add_line(admin, task1, "Szkolenie zawodowe", "10", "6000.00")
    add_line(admin, task1, "Doradztwo", "400", "100.00")
    services.budget_line_save(
        actor=admin,
        line=BudgetLine(
            task=task2,
            category=enums.CostCategory.INDIRECT,
            kind=enums.LineKind.INDIRECT_FLAT_RATE,
            name="Koszty pośrednie",
            quantity=Decimal("1"),
            unit_price=Decimal("0"),
            amount=Decimal("0"),
            flat_rate=Decimal("25.00"),
        ),
    )
    services.indirect_costs_apply(actor=admin, project=project)
    return project


@pytest.fixture
def training(project):
    return BudgetLine.objects.get(task__project=project, name="Szkolenie zawodowe")


@pytest.fixture
def counselling(project):
    return BudgetLine.objects.get(task__project=project, name="Doradztwo")
