"""A 2019 project with a coordinator on its staff, a target group and a recruitment round (the helpers that
add rules, incomes and consents are in tests.factories.recruitment)."""

import datetime

import pytest

from szansa.domain.projects import enums as project_enums
from szansa.domain.projects import services as project_services
from szansa.domain.projects.models import TargetGroup
from szansa.domain.recruitment.models import RecruitmentRound
from tests.factories.projects import staffed_project


@pytest.fixture
def project(cast):
    staff = ((cast.koordynator, project_enums.StaffRole.COORDINATOR),)
    return staffed_project(cast.admin, staff, number="R-1", participant_limit=10)


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
