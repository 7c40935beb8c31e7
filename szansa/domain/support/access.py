"""Who may see and work on support paths: the one place where it is decided.

* A participant's path (diagnoses, plans, contracts, activities, attendance, outcomes) is read by whoever
  reads the participant (recruitment.view on the project and people.view_person on the person). A
  specialist reads the participants they serve: named in a current plan as responsible for a form of
  support, running an activity the participant is assigned to, or holding a session booked for them
  (`served_participants`); people.access widens the registry scope by the same rule.
* The path is written (diagnosis, plan, contract, outcomes) by whoever runs the project's recruitment
  (administrator, centre manager, the project's coordinator), by the participant's social worker (their
  team) and by a specialist who serves the participant (diagnosis and sessions, not the plan's approval).
* Activities and their schedules are run by whoever may change the project; attendance is recorded by
  them and by the specialist of the activity or of the session.
* The auditor reads everything and writes nothing.
"""

import rules
from django.db.models import Exists, OuterRef, Q

from szansa.domain.accounts.enums import Role
from szansa.domain.projects.access import can_change_project, can_view_project
from szansa.domain.recruitment.access import manages_recruitment
from szansa.lib.roles import user_roles


def served_participants(user):
    """Participants the user serves as a specialist (a queryset of Participant)."""
    from szansa.domain.recruitment.models import Participant
    from szansa.domain.support.models import ActivityParticipant, PlannedSupport, Session

    if not user or not user.is_authenticated:
        return Participant.objects.none()
    planned = PlannedSupport.objects.filter(
        specialist_id=user.pk, plan__superseded_on__isnull=True, plan__participant_id=OuterRef("pk")
    )
    in_activity = ActivityParticipant.objects.filter(
        activity__specialist_id=user.pk, participant_id=OuterRef("pk")
    )
    booked = Session.objects.filter(specialist_id=user.pk, participant_id=OuterRef("pk"))
    return Participant.objects.filter(Q(Exists(planned)) | Q(Exists(in_activity)) | Q(Exists(booked)))


def specialist_person_scope(user) -> Q:
    """Registry filter for a specialist: the people whose participations they serve."""
    return Q(Exists(served_participants(user).filter(person_id=OuterRef("pk"))))


def serves(user, participant) -> bool:
    if participant is None or Role.SPECIALIST not in user_roles(user):
        return False
    return served_participants(user).filter(pk=participant.pk).exists()


def participant_of(obj):
    """The participant of a diagnosis, plan, goal, planned support, contract, outcome or internship."""
    from szansa.domain.recruitment.models import Participant
    from szansa.domain.support import models

    if obj is None or isinstance(obj, Participant):
        return obj
    if isinstance(obj, models.DiagnosisArea):
        return obj.diagnosis.participant
    if isinstance(obj, models.PlanGoal | models.PlannedSupport):
        return obj.plan.participant
    if isinstance(obj, models.InternshipMonth):
        return obj.internship.participant
    return getattr(obj, "participant", None)


@rules.predicate
def reads_path(user, obj) -> bool:
    participant = participant_of(obj)
    if participant is None:
        return False
    if user.has_perm("recruitment.view", participant) and user.has_perm(
        "people.view_person", participant.person
    ):
        return True
    return serves(user, participant)


@rules.predicate
def writes_path(user, obj) -> bool:
    participant = participant_of(obj)
    if participant is None:
        return False
    if manages_recruitment(user, participant):
        return True
    if Role.SOCIAL_WORKER in user_roles(user) and user.has_perm("people.change_person", participant.person):
        return True
    return serves(user, participant)


@rules.predicate
def approves_path(user, obj) -> bool:
    """Draw up, revise and accept a plan, conclude a contract, record outcomes: not a specialist."""
    participant = participant_of(obj)
    if participant is None:
        return False
    if manages_recruitment(user, participant):
        return True
    return Role.SOCIAL_WORKER in user_roles(user) and user.has_perm(
        "people.change_person", participant.person
    )


def activity_project(obj):
    from szansa.domain.support import models

    if isinstance(obj, models.Activity):
        return obj.project
    if isinstance(obj, models.Session | models.ActivityParticipant | models.Internship):
        return obj.activity.project
    return getattr(obj, "project", obj)


@rules.predicate
def reads_activities(user, obj) -> bool:
    project = activity_project(obj)
    if project is not None and can_view_project(user, project):
        return True
    return runs_session(user, obj)


@rules.predicate
def runs_activities(user, obj) -> bool:
    project = activity_project(obj)
    return project is not None and can_change_project(user, project)


@rules.predicate
def runs_session(user, obj) -> bool:
    """The specialist of the activity or of the session."""
    from szansa.domain.support import models

    if obj is None or not user.is_authenticated:
        return False
    if isinstance(obj, models.Session):
        return user.pk in (obj.specialist_id, obj.activity.specialist_id)
    if isinstance(obj, models.Activity):
        return obj.specialist_id == user.pk
    return False


rules.add_perm("support.view_path", reads_path)
rules.add_perm("support.change_path", writes_path)
rules.add_perm("support.approve_path", approves_path)
rules.add_perm("support.view_activity", reads_activities)
rules.add_perm("support.manage_activity", runs_activities)
rules.add_perm("support.record_attendance", runs_activities | runs_session)
