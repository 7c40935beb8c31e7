"""Who may see and change which person: the one place where registry scoping is decided.

Pages, the API and commands call `scope_persons` (querysets) and the `rules` permissions below
(single objects). Both read the same role sets, and tests check that they agree for every role.
"""

import rules
from django.db.models import Exists, OuterRef, Q

from szansa.domain.accounts.enums import Role
from szansa.domain.people.models import Person
from szansa.lib.roles import has_any_role, has_only_roles, user_roles

# The one import upwards (the allowed exception in the import-linter contract): a specialist sees the
# people they serve, and only szansa.domain.support knows whom that is (its participations and
# assignments). So `person_scope` and `serves_person` import szansa.domain.support.access lazily,
# inside the function, when a specialist asks: support builds on people, and people must not load
# support (or its models) when it is imported itself.

# Roles that read the whole registry.
READ_ALL = (
    Role.ADMINISTRATOR,
    Role.CENTRE_MANAGER,
    Role.PROJECT_COORDINATOR,
    Role.ADMINISTRATIVE_CLERK,
    Role.AUDITOR,
)
# Roles that change any person's identity, address, income and consents.
CHANGE_ALL = (Role.ADMINISTRATOR, Role.CENTRE_MANAGER, Role.ADMINISTRATIVE_CLERK)
# Roles that may register a new person.
CREATE = (*CHANGE_ALL, Role.SOCIAL_WORKER, Role.PROJECT_COORDINATOR)
# Roles that may import people in bulk from the old system's files (szansa.domain.people.imports).
IMPORT = (Role.ADMINISTRATOR, Role.CENTRE_MANAGER)
# Roles that record situations (social work): disability, labour status, art. 7 reasons.
SITUATIONS_ALL = (Role.ADMINISTRATOR, Role.CENTRE_MANAGER)
# Health and disability details (GDPR art. 9) are withheld from these roles.
NO_HEALTH = (Role.ADMINISTRATIVE_CLERK,)


def person_scope(user) -> Q | None:
    """A filter on Person for what the user may see; None means the whole registry."""
    roles = user_roles(user)
    if roles.intersection(READ_ALL):
        return None
    if Role.SOCIAL_WORKER in roles and user.team_id:
        return Q(responsible_worker__team_id=user.team_id)
    if Role.SPECIALIST in roles:
        # Specialists see the participants they serve (szansa.domain.support decides who that is).
        from szansa.domain.support.access import specialist_person_scope

        return specialist_person_scope(user)
    return Q(pk__in=[])


def scope_persons(queryset, user):
    scope = person_scope(user)
    return queryset if scope is None else queryset.filter(scope)


def scope_households(queryset, user):
    """A household is visible when at least one of its members is."""
    scope = person_scope(user)
    if scope is None:
        return queryset
    visible_members = Person.objects.filter(scope, household=OuterRef("pk"))
    return queryset.filter(Exists(visible_members))


@rules.predicate
def serves_person(user, person) -> bool:
    """A specialist serving one of the person's participations (szansa.domain.support)."""
    if person is None or Role.SPECIALIST not in user_roles(user):
        return False
    from szansa.domain.support.access import specialist_person_scope

    return type(person).objects.filter(specialist_person_scope(user), pk=person.pk).exists()


@rules.predicate
def in_own_team(user, person) -> bool:
    if person is None:
        return False
    return (
        Role.SOCIAL_WORKER in user_roles(user)
        and user.team_id is not None
        and person.responsible_worker.team_id == user.team_id
    )


reads_all = has_any_role(*READ_ALL)
changes_all = has_any_role(*CHANGE_ALL)
may_create = has_any_role(*CREATE)
may_import = has_any_role(*IMPORT)
records_all_situations = has_any_role(*SITUATIONS_ALL)
without_health = has_any_role(*NO_HEALTH)
is_auditor_only = has_only_roles(Role.AUDITOR)

can_view_person = reads_all | in_own_team | serves_person
can_change_person = changes_all | in_own_team
# The one predicate of least privilege (GDPR arts. 5(1)(c), 9, 10, 25): may this user see health data
# (disability, its certificate and pension, illness, addiction) and art. 10 data (release from prison)?
# Pages, the API, PDFs, exports, recruitment criteria, target-group names and histories all ask it
# (docs/data-protection.md#who-sees-what).
can_view_health_data = rules.is_authenticated & ~without_health
can_view_health = can_view_person & can_view_health_data
can_record_situations = records_all_situations | in_own_team

# Income sources that tell a health fact (a disability pension: renta z tytułu niezdolności do pracy).
HEALTH_INCOME_SOURCES = frozenset({"disability_pension"})
HIDDEN = "hidden"


def income_source_for(record, user) -> str:
    """The income record's source code as `user` may see it: HIDDEN for a health-telling source without
    health access (the amount still counts and shows: the income test needs it)."""
    if record.source in HEALTH_INCOME_SOURCES and (user is None or not can_view_health_data(user)):
        return HIDDEN
    return record.source


def income_source_display(record, user) -> str:
    from django.utils.translation import gettext

    source = income_source_for(record, user)
    return gettext("hidden") if source == HIDDEN else record.get_source_display()


rules.add_perm("people.view_person", can_view_person)
rules.add_perm("people.add_person", may_create)
rules.add_perm("people.import_people", may_import)
rules.add_perm("people.change_person", can_change_person)
rules.add_perm("people.view_health", can_view_health)
rules.add_perm("people.record_situations", can_record_situations)


@rules.predicate
def can_view_household(user, household) -> bool:
    if household is None:
        return False
    return scope_households(type(household).objects.filter(pk=household.pk), user).exists()


@rules.predicate
def can_change_household(user, household) -> bool:
    if household is None:
        return False
    if changes_all(user):
        return True
    return any(in_own_team(user, member) for member in household.members.all())


rules.add_perm("people.view_household", can_view_household)
rules.add_perm("people.change_household", can_change_household)
rules.add_perm("people.add_household", may_create)
