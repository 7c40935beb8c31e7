"""Who sees and changes which project: every demo role against a project they coordinate / are
assigned to and one they are not, and the queryset scope agrees with the object rule."""

import pytest

from szansa.domain.projects import enums, services
from szansa.domain.projects.access import scope_projects
from szansa.domain.projects.models import Project, ProjectStaff
from tests.factories.projects import make_project

pytestmark = pytest.mark.django_db

# role -> (sees own, sees other, changes own, records expenditure on own, shifts own)
# "own" = the project where koordynator is coordinator and specjalista is the specialist.
MATRIX = {
    "admin": (True, True, True, True, True),
    "kierownik": (True, True, True, True, True),
    "koordynator": (True, True, True, True, True),
    "pracownik": (True, True, False, False, False),
    "pracownik2": (True, True, False, False, False),
    "specjalista": (True, False, False, False, False),
    "referent": (True, True, False, True, False),
    "audytor": (True, True, False, False, False),
}


@pytest.fixture
def projects(cast):
    own = make_project(cast.admin, number="OWN")
    other = make_project(cast.admin, number="OTHER")
    for user, role in (
        (cast.koordynator, enums.StaffRole.COORDINATOR),
        (cast.specjalista, enums.StaffRole.SPECIALIST),
    ):
        services.project_record_save(
            actor=cast.admin, record=ProjectStaff(project=own, user=user, role=role, valid_from=own.start)
        )
    return own, other


@pytest.mark.parametrize("role", MATRIX)
def test_each_role_sees_and_changes_exactly_its_scope(cast, projects, role):
    own, other = projects
    user = getattr(cast, role)
    sees_own, sees_other, changes, books, shifts = MATRIX[role]
    assert user.has_perm("projects.view_project", own) is sees_own
    assert user.has_perm("projects.view_project", other) is sees_other
    assert user.has_perm("projects.change_project", own) is changes
    assert user.has_perm("projects.record_expenditure", own) is books
    assert user.has_perm("projects.shift_budget", own) is shifts
    visible = set(scope_projects(Project.objects.all(), user))
    assert (own in visible, other in visible) == (sees_own, sees_other)


def test_a_coordinator_changes_only_the_projects_they_coordinate(cast, projects):
    own, other = projects
    assert not cast.koordynator.has_perm("projects.change_project", other)
    assert not cast.koordynator.has_perm("projects.shift_budget", other)
    assert cast.koordynator.has_perm("projects.record_expenditure", own)
    assert not cast.koordynator.has_perm("projects.record_expenditure", other)


def test_a_coordinator_whose_assignment_ended_no_longer_changes_the_project(cast, projects):
    own, _ = projects
    ProjectStaff.objects.filter(user=cast.koordynator).update(valid_to=own.end)
    assert not cast.koordynator.has_perm("projects.change_project", own)
    assert cast.koordynator.has_perm("projects.view_project", own)


def test_the_auditor_and_the_clerk_change_no_project_data(cast, projects):
    own, _ = projects
    for user in (cast.audytor, cast.referent):
        assert not user.has_perm("projects.change_project", own)
        assert not user.has_perm("projects.add_project")
    assert not cast.audytor.has_perm("projects.change_call")


def test_an_inactive_user_sees_no_project(cast, projects):
    cast.kierownik.is_active = False
    assert not scope_projects(Project.objects.all(), cast.kierownik).exists()
    assert not cast.kierownik.has_perm("projects.view_project", projects[0])


@pytest.mark.parametrize("role", MATRIX)
def test_queryset_scope_and_object_rule_agree(cast, projects, role):
    user = getattr(cast, role)
    visible = set(scope_projects(Project.objects.all(), user))
    for project in Project.objects.all():
        assert (project in visible) is user.has_perm("projects.view_project", project)
