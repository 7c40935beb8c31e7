"""Who may see and run recruitment: the one place where it is decided.

* Run recruitment of a project (rules, rounds, verification, ranking, enrolment, exit, follow-up):
  whoever may change the project: administrator, centre manager, and the project's own coordinator
  (projects.access: assigned as coordinator, assignment running today).
* Register an application: the same, plus a social worker for a person of their team (a referral).
* Read applications and participants: whoever reads the project (projects.view_project), limited to
  the people they may see in the registry (a social worker: their team). The auditor reads, never writes.
* Health-derived reasons (disability, health art. 7 points) only with people.view_health on the person;
  with neither, a criterion on a health attribute reads "hidden", the participant's disability flag and
  the documents proving a health criterion (the disability certificate) are left out, and a target group
  named after a health attribute is shown by a neutral name (`target_group_label`).
"""

import rules
from django.db.models import Q

from szansa.domain.people.access import person_scope
from szansa.domain.people.models import Person
from szansa.domain.projects.access import can_change_project, can_view_project, scope_projects
from szansa.domain.projects.models import Project, TargetGroup
from szansa.domain.projects.privacy import names_health, target_group_label  # noqa: F401 - used by surfaces
from szansa.domain.recruitment.models import (
    Application,
    Criterion,
    Participant,
    RecruitmentRound,
)

# The EU data set's flags that are health data (GDPR art. 9).
HEALTH_FLAGS = ("disability",)


def project_of(obj):
    """A project, or the project of a target group, round, rule, scoring criterion, application or
    participant."""
    if obj is None or isinstance(obj, Project):
        return obj
    if isinstance(obj, TargetGroup | Participant):
        return obj.project
    if isinstance(obj, RecruitmentRound):
        return obj.target_group.project
    if isinstance(obj, Application):
        return obj.round.target_group.project
    if getattr(obj, "target_group_id", None) is not None:  # eligibility rule, scoring criterion
        return obj.target_group.project
    return getattr(obj, "project", None)


@rules.predicate
def manages_recruitment(user, obj) -> bool:
    project = project_of(obj)
    return project is not None and can_change_project(user, project)


@rules.predicate
def reads_recruitment(user, obj) -> bool:
    project = project_of(obj)
    return project is not None and can_view_project(user, project)


rules.add_perm("recruitment.manage", manages_recruitment)
rules.add_perm("recruitment.view", reads_recruitment)


def may_submit_application(user, round_, person) -> bool:
    """Coordinators register any application; a social worker refers a person they may change."""
    return user.has_perm("recruitment.manage", round_) or (
        user.has_perm("recruitment.view", round_) and user.has_perm("people.change_person", person)
    )


def may_record_follow_up(user, participant) -> bool:
    """The 3-month follow-up: whoever runs the recruitment, or whoever may work on the participant's
    open follow-up task (its assignee, the responsible worker) or completed it."""
    if user.has_perm("recruitment.manage", participant):
        return True
    task = participant.follow_up_task if participant.follow_up_task_id else None
    if task is None:
        return False
    if task.is_active:
        return user.has_perm("work.change_task", task)
    return task.completed_by_id is not None and task.completed_by_id == user.pk


def _scope(queryset, user, project_path: str):
    visible_projects = scope_projects(Project.objects.all(), user)
    queryset = queryset.filter(**{f"{project_path}__in": visible_projects})
    people = person_scope(user)
    if people is None:
        return queryset
    return queryset.filter(person__in=_people(people))


def _people(scope: Q):
    return Person.objects.filter(scope)


def scope_applications(queryset, user):
    return _scope(queryset, user, "round__target_group__project")


def scope_participants(queryset, user):
    return _scope(queryset, user, "project")


def show_health(user, person) -> bool:
    return user.has_perm("people.view_health", person)


def health_document_kind_ids() -> set[int]:
    """The document kinds that prove a criterion on a health attribute (the disability certificate)."""
    return set(
        Criterion.objects.filter(sensitive=True).exclude(proof=None).values_list("proof_id", flat=True)
    )


def visible_documents(user, person, documents):
    """An application's documents as `user` may see them: without health access the proofs of health
    criteria are left out (their kind alone tells the fact)."""
    if show_health(user, person):
        return list(documents)
    hidden = health_document_kind_ids()
    return [document for document in documents if document.kind_id not in hidden]
