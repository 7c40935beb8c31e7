"""Who may see and change which EU project: the one place where project scoping is decided.

Pages, the API and exports call `scope_projects` (querysets) and the `rules` permissions below
(single objects); services check the same permissions before they write.

Decisions (documented in the tests' role matrix):
* Read all projects: administrator, centre manager, project coordinator, administrative clerk,
  auditor and social workers (they recruit and support participants in every project).
* A specialist reads only the projects they are assigned to (ProjectStaff, any dates: a past
  assignment still lets them read what they worked on). Anyone on a project's staff reads it.
* Change a project (its data, budget lines, target groups, indicators, staff): administrator and
  centre manager for every project; a project coordinator only for projects where they are on the
  staff *as coordinator* with an assignment running today. Least privilege: a coordinator runs
  their own project, the manager assigns them.
* Record expenditures and payment claims: the administrative clerk (they book the invoices) for
  every project, plus whoever may change the project (administrator, manager, its coordinator).
* Shift money between budget lines: the project's coordinator, or administrator / centre manager.
  The clerk books but does not re-plan.
* The auditor changes nothing.
"""

import datetime

import rules
from django.db.models import Exists, OuterRef, Q

from szansa.domain.accounts.enums import Role
from szansa.domain.projects.enums import StaffRole
from szansa.domain.projects.models import BudgetLine, BudgetTask, Expenditure, Project, ProjectStaff
from szansa.lib.roles import has_any_role, user_roles

READ_ALL = (
    Role.ADMINISTRATOR,
    Role.CENTRE_MANAGER,
    Role.PROJECT_COORDINATOR,
    Role.ADMINISTRATIVE_CLERK,
    Role.AUDITOR,
    Role.SOCIAL_WORKER,
)
CHANGE_ALL = (Role.ADMINISTRATOR, Role.CENTRE_MANAGER)
EXPENDITURE_ALL = (*CHANGE_ALL, Role.ADMINISTRATIVE_CLERK)
# Who keeps the register of calls and funding applications.
CALLS = (*CHANGE_ALL, Role.PROJECT_COORDINATOR)


def _assignments(user):
    return ProjectStaff.objects.filter(user_id=user.pk)


def project_scope(user) -> Q | None:
    """A filter on Project for what the user may see; None means every project."""
    roles = user_roles(user)
    if roles.intersection(READ_ALL):
        return None
    if not roles:
        return Q(pk__in=[])
    return Q(Exists(_assignments(user).filter(project_id=OuterRef("pk"))))


def scope_projects(queryset, user):
    scope = project_scope(user)
    return queryset if scope is None else queryset.filter(scope)


def _project_of(obj):
    """Permissions accept a project or any object that belongs to one (line, task, expenditure)."""
    if obj is None or isinstance(obj, Project):
        return obj
    if isinstance(obj, BudgetTask):
        return obj.project
    if isinstance(obj, BudgetLine):
        return obj.task.project
    if isinstance(obj, Expenditure):
        return obj.line.task.project
    return getattr(obj, "project", None)


@rules.predicate
def on_staff(user, obj) -> bool:
    project = _project_of(obj)
    if project is None or not user_roles(user):
        return False
    return _assignments(user).filter(project=project).exists()


@rules.predicate
def is_its_coordinator(user, obj) -> bool:
    """A project coordinator assigned to this project as coordinator, with the assignment running today."""
    project = _project_of(obj)
    if project is None or Role.PROJECT_COORDINATOR not in user_roles(user):
        return False
    today = datetime.date.today()
    return (
        _assignments(user)
        .filter(project=project, role=StaffRole.COORDINATOR, valid_from__lte=today)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))
        .exists()
    )


reads_all = has_any_role(*READ_ALL)
changes_all = has_any_role(*CHANGE_ALL)
books_all = has_any_role(*EXPENDITURE_ALL)
keeps_calls = has_any_role(*CALLS)

can_view_project = reads_all | on_staff
can_change_project = changes_all | is_its_coordinator
can_record_expenditure = books_all | is_its_coordinator
can_shift_budget = changes_all | is_its_coordinator

rules.add_perm("projects.view_project", can_view_project)
rules.add_perm("projects.add_project", changes_all)
rules.add_perm("projects.change_project", can_change_project)
rules.add_perm("projects.record_expenditure", can_record_expenditure)
rules.add_perm("projects.shift_budget", can_shift_budget)
rules.add_perm("projects.view_call", reads_all)
rules.add_perm("projects.change_call", keeps_calls)
