"""Rules of the support path used by its services, its selectors and the pages: the permissions that guard
it, the days support can be planned on, who may be a participant's specialist and who may conclude a
social contract."""

import datetime

from szansa.domain.accounts.enums import Role
from szansa.domain.projects.models import ProjectStaff
from szansa.domain.recruitment.models import Participant

CHANGE = "support.change_path"
APPROVE = "support.approve_path"


def participation_period(participant: Participant) -> tuple[datetime.date, datetime.date]:
    """The days support can be planned on: the participation within the project's period."""
    project = participant.project
    start = max(participant.start_date, project.start)
    end = min(participant.end_date or project.end, project.end)
    return start, end


def may_be_specialist(user, participant: Participant) -> bool:
    """The responsible specialist: a user with the specialist role or on the project's staff."""
    if user is None or not user.is_active:
        return False
    return (
        Role.SPECIALIST in user.roles
        or ProjectStaff.objects.filter(project_id=participant.project_id, user=user).exists()
    )


def may_approve_contract(user, *, person, participant=None) -> bool:
    """With a participant: support.approve_path. Without one (the centre's own social work): a social
    worker who may change the person, or an administrator / centre manager."""
    if participant is not None:
        return user.has_perm(APPROVE, participant)
    if not user.has_perm("people.change_person", person):
        return False
    return user.has_role(Role.SOCIAL_WORKER, Role.ADMINISTRATOR, Role.CENTRE_MANAGER)
