"""Who may see and work on which task and case: the one place where work scoping is decided.

* Centre manager and administrator see every task and case and may reassign tasks.
* The auditor reads every task and case and changes nothing.
* Anyone else sees the tasks assigned to them and the queues of their roles; a social worker sees
  the social-worker queue of their own team only.
* On top of that, a task or case about a person is visible only when the person is
  (`people.access.person_scope`): a social worker never sees a task about someone outside their team.
* Working on a task (start, complete, record time): its assignee; or, while nobody is assigned,
  anyone who holds its queue; managers and administrators always. Never the auditor.
"""

import rules
from django.db.models import Q

from szansa.domain.accounts.enums import Role
from szansa.domain.people.access import person_scope
from szansa.domain.people.models import Person
from szansa.domain.work.models import Case, Task
from szansa.lib.roles import has_any_role, user_roles

SEE_ALL = (Role.ADMINISTRATOR, Role.CENTRE_MANAGER, Role.AUDITOR)
MANAGE = (Role.ADMINISTRATOR, Role.CENTRE_MANAGER)
# Who registers requests for assistance (opens cases).
OPEN_CASES = (*MANAGE, Role.ADMINISTRATIVE_CLERK)
# Who creates tasks by hand (the auditor never does).
CREATE_TASKS = (
    *MANAGE,
    Role.ADMINISTRATIVE_CLERK,
    Role.SOCIAL_WORKER,
    Role.SPECIALIST,
    Role.PROJECT_COORDINATOR,
)
# Who reads the workload dashboard.
WORKLOAD = (*SEE_ALL, Role.PROJECT_COORDINATOR)


def _person_filter(user, prefix: str) -> Q | None:
    scope = person_scope(user)
    if scope is None:
        return None
    return Q(**{f"{prefix}__isnull": True}) | Q(**{f"{prefix}__in": Person.objects.filter(scope)})


def queue_filter(user) -> Q:
    """The queues the user holds: their roles; the social-worker queue only of their team."""
    roles = user_roles(user)
    query = Q(pk__in=[])
    others = [role for role in roles if role != Role.SOCIAL_WORKER]
    if others:
        query |= Q(role__in=others)
    if Role.SOCIAL_WORKER in roles and user.team_id:
        query |= Q(role=Role.SOCIAL_WORKER, team_id=user.team_id)
    return query


def task_scope(user) -> Q | None:
    """A filter on Task for what the user may see; None means every task."""
    roles = user_roles(user)
    if not roles:
        return Q(pk__in=[])
    if roles.intersection(SEE_ALL):
        return None
    query = Q(assignee_id=user.pk) | queue_filter(user)
    people = _person_filter(user, "person")
    return query if people is None else query & people


def scope_tasks(queryset, user):
    scope = task_scope(user)
    return queryset if scope is None else queryset.filter(scope)


def case_scope(user) -> Q | None:
    """Cases: everyone who sees all tasks; others see the cases of people they may see and of whom
    they hold a task."""
    roles = user_roles(user)
    if not roles:
        return Q(pk__in=[])
    if roles.intersection(SEE_ALL):
        return None
    visible = scope_tasks(Task.objects.filter(case__isnull=False), user).values("case_id")
    query = Q(pk__in=visible)
    people = _person_filter(user, "person")
    return query if people is None else query & people


def scope_cases(queryset, user):
    scope = case_scope(user)
    return queryset if scope is None else queryset.filter(scope)


def scope_decisions(queryset, user):
    """Decisions: as their cases (case_scope)."""
    scope = case_scope(user)
    if scope is None:
        return queryset
    return queryset.filter(case__in=scope_cases(Case.objects.all(), user))


def holds_queue(user, task) -> bool:
    roles = user_roles(user)
    if task.role not in roles:
        return False
    return task.role != Role.SOCIAL_WORKER or (user.team_id is not None and user.team_id == task.team_id)


sees_all = has_any_role(*SEE_ALL)
manages = has_any_role(*MANAGE)
opens_cases = has_any_role(*OPEN_CASES)
creates_tasks = has_any_role(*CREATE_TASKS)
reads_workload = has_any_role(*WORKLOAD)
# Who drafts and edits the decision document: the administrative clerk, managers.
drafts_decisions = has_any_role(*OPEN_CASES)


@rules.predicate
def can_see_task(user, task) -> bool:
    if task is None:
        return False
    return scope_tasks(type(task).objects.filter(pk=task.pk), user).exists()


@rules.predicate
def works_on_task(user, task) -> bool:
    if task is None or not user_roles(user):
        return False
    if task.assignee_id is not None:
        return task.assignee_id == user.pk
    return holds_queue(user, task)


@rules.predicate
def can_see_case(user, case) -> bool:
    if case is None:
        return False
    return scope_cases(type(case).objects.filter(pk=case.pk), user).exists()


rules.add_perm("work.view_task", can_see_task)
rules.add_perm("work.add_task", creates_tasks)
rules.add_perm("work.change_task", manages | (can_see_task & works_on_task))
rules.add_perm("work.reassign_task", manages)
rules.add_perm("work.view_case", can_see_case)
rules.add_perm("work.add_case", opens_cases)
rules.add_perm("work.view_workload", reads_workload)


@rules.predicate
def can_see_decision(user, decision) -> bool:
    return decision is not None and can_see_case(user, decision.case)


rules.add_perm("work.view_decision", can_see_decision)
rules.add_perm("work.change_decision", can_see_decision & drafts_decisions)
