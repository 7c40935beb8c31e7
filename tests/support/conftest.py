"""A 2019 project (coordinator on its staff, the specialist on its staff) with a target group and
three enrolled participants of team A; helpers shared by the support tests."""

import datetime

import pytest

from szansa.domain.projects import enums as project_enums
from szansa.domain.projects import services as project_services
from szansa.domain.projects.models import ProjectStaff, TargetGroup
from szansa.domain.recruitment import services as recruitment_services
from szansa.domain.support.models import SupportForm
from tests.factories import PersonFactory
from tests.recruitment.conftest import with_consent

START = datetime.date(2019, 2, 1)


def support_form(code: str) -> SupportForm:
    return SupportForm.objects.get(code=code)


@pytest.fixture
def project(cast):
    from tests.projects.conftest import make_project

    project = make_project(cast.admin, number="S-1", participant_limit=12)
    for user, role in (
        (cast.koordynator, project_enums.StaffRole.COORDINATOR),
        (cast.specjalista, project_enums.StaffRole.SPECIALIST),
    ):
        project_services.project_record_save(
            actor=cast.admin,
            record=ProjectStaff(project=project, user=user, role=role, valid_from=project.start),
        )
    return project


@pytest.fixture
def target_group(project, cast):
    return project_services.project_record_save(
        actor=cast.admin,
        record=TargetGroup(project=project, year=2019, name="Osoby zagrożone", planned_total=12),
    )


def enrol(cast, project, target_group, person=None, start=START, **person_fields):
    person = person or PersonFactory(responsible_worker=cast.pracownik, **person_fields)
    with_consent(person)
    return recruitment_services.participant_enrol(
        actor=cast.koordynator, person=person, project=project, start_date=start, target_group=target_group
    )


@pytest.fixture
def participants(cast, project, target_group):
    """Three participants of team A (responsible worker: pracownik)."""
    return [enrol(cast, project, target_group, last_name=f"Uczestnik{i}") for i in range(3)]


@pytest.fixture
def participant(participants):
    return participants[0]
