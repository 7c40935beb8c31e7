"""Who may conduct, read and confirm community interviews (docs/community-interview.md#permissions).

- The social worker conducts and reads the interviews of the people of their own team (the person's
  responsible worker is in the team); the centre manager and the administrator read and change all.
- The administrative clerk reads every interview, to draft the decision, but never the questions flagged
  `health` (selectors.visible_answers / visible_structure strip them); the clerk changes nothing.
- Specialists, coordinators, auditors and anyone else: no access (lists answer 403, an interview 404).

Querysets: `scope_interviews`; single objects: the `rules` permissions below.
"""

import rules

from szansa.domain.accounts.enums import Role
from szansa.domain.interviews.enums import InterviewStatus
from szansa.domain.people.access import can_view_health_data, in_own_team
from szansa.lib.roles import has_any_role, user_roles

# Read and change every interview.
ALL = (Role.ADMINISTRATOR, Role.CENTRE_MANAGER)
# Read every interview without its health questions.
READ_WITHOUT_HEALTH = (Role.ADMINISTRATIVE_CLERK,)
# Conduct interviews (of their own team's people unless in ALL).
CONDUCT = (Role.SOCIAL_WORKER, Role.CENTRE_MANAGER)


def scope_interviews(queryset, user):
    roles = user_roles(user)
    if roles.intersection(ALL) or roles.intersection(READ_WITHOUT_HEALTH):
        return queryset
    if Role.SOCIAL_WORKER in roles and user.team_id:
        return queryset.filter(person__responsible_worker__team_id=user.team_id)
    return queryset.none()


reads_all = has_any_role(*ALL)
clerk = has_any_role(*READ_WITHOUT_HEALTH)
may_conduct = has_any_role(*CONDUCT)
social_worker = has_any_role(Role.SOCIAL_WORKER)


@rules.predicate
def own_team_interview(user, interview) -> bool:
    return interview is not None and in_own_team(user, interview.person)


@rules.predicate
def own_team_person(user, person) -> bool:
    return person is not None and in_own_team(user, person)


@rules.predicate
def not_confirmed(user, interview) -> bool:
    return interview is not None and interview.status != InterviewStatus.CONFIRMED


may_list = reads_all | clerk | social_worker
can_view_interview = reads_all | clerk | (social_worker & own_team_interview)
can_change_interview = (reads_all | (social_worker & own_team_interview)) & not_confirmed
# Health questions: whoever reads the interview and may see health data (not the clerk).
can_view_health_answers = can_view_interview & can_view_health_data & ~clerk
# Start an interview about a person (the object is the person).
can_start_interview = may_conduct & (reads_all | own_team_person)

rules.add_perm("interviews.conduct_interview", may_conduct)
rules.add_perm("interviews.list_interviews", may_list)
rules.add_perm("interviews.view_interview", can_view_interview)
rules.add_perm("interviews.change_interview", can_change_interview)
rules.add_perm("interviews.view_health_answers", can_view_health_answers)
rules.add_perm("interviews.start_interview", can_start_interview)
