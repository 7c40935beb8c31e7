"""Who may see and change what in sheltered housing: the one place where housing scoping is decided.

Pages, the API and commands call `scope_stays` / `scope_apartments` (querysets) and the `rules`
permissions below (single objects); services check the same permissions before they write.

Decisions:
* Read every apartment and stay: administrator, centre manager, project coordinator, auditor and the
  administrative clerk (the clerk keeps the fees). A social worker reads the stays of the people of
  their team. A specialist (e.g. a carer) reads only the stays in the apartments they serve
  (ApartmentStaff) whose period meets their assignment's period.
* Support plans and visit notes: every reader of the stay except the administrative clerk (and a
  clerk who is nothing else).
* Run apartments (data, rooms, places, kinds, staff, standards, fee tables): administrator and centre
  manager. Refer, extend and end stays, draw up support plans: administrator, centre manager and the
  social worker of the resident's team.
* Log a visit: administrator, centre manager, the resident's social worker, and a specialist who
  serves the apartment on the day of the visit (checked in the service with the date).
* Fees (statements, payments): administrator, centre manager, administrative clerk; fee exemptions
  (a decision): administrator and centre manager.
* The auditor reads and changes nothing.
"""

import datetime

import rules
from django.db.models import Exists, OuterRef, Q

from szansa.domain.accounts.enums import Role
from szansa.domain.housing.models import ApartmentStaff, Stay
from szansa.domain.people.models import Person
from szansa.lib.roles import has_any_role, user_roles

READ_ALL = (
    Role.ADMINISTRATOR,
    Role.CENTRE_MANAGER,
    Role.PROJECT_COORDINATOR,
    Role.AUDITOR,
    Role.ADMINISTRATIVE_CLERK,
)
CHANGE_ALL = (Role.ADMINISTRATOR, Role.CENTRE_MANAGER)
FEES = (*CHANGE_ALL, Role.ADMINISTRATIVE_CLERK)
NO_SUPPORT_NOTES = (Role.ADMINISTRATIVE_CLERK,)
SUPPORT_ALL = (Role.ADMINISTRATOR, Role.CENTRE_MANAGER, Role.PROJECT_COORDINATOR, Role.AUDITOR)


def _assignments(user):
    return ApartmentStaff.objects.filter(user_id=user.pk)


def _served_stays(user) -> Q:
    """Stays in apartments the user serves whose period meets the assignment's period."""
    meets = _assignments(user).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=OuterRef("occupied_from")),
        apartment_id=OuterRef("place__room__apartment_id"),
    )
    return Q(Exists(meets.filter(valid_from__lte=OuterRef("occupied_to")))) | (
        Q(occupied_to__isnull=True) & Q(Exists(meets))
    )


def stay_scope(user) -> Q | None:
    """A filter on Stay for what the user may see; None means every stay."""
    roles = user_roles(user)
    if roles.intersection(READ_ALL):
        return None
    scope = Q(pk__in=[])
    if Role.SOCIAL_WORKER in roles and user.team_id:
        scope |= Q(person__responsible_worker__team_id=user.team_id)
    if roles:
        scope |= _served_stays(user)
    return scope


def scope_stays(queryset, user):
    scope = stay_scope(user)
    return queryset if scope is None else queryset.filter(scope)


def scope_apartments(queryset, user):
    """Apartments are not personal data: staff who work with stays see them all; a specialist sees
    the ones they serve (any period)."""
    roles = user_roles(user)
    if roles.intersection((*READ_ALL, Role.SOCIAL_WORKER)):
        return queryset
    if not roles:
        return queryset.none()
    return queryset.filter(Exists(_assignments(user).filter(apartment_id=OuterRef("pk"))))


def serves_on(user, apartment, day: datetime.date) -> bool:
    return _assignments(user).filter(apartment=apartment).on(day).exists()


def _stay_of(obj):
    if obj is None or isinstance(obj, Stay):
        return obj
    return getattr(obj, "stay", None)


@rules.predicate
def can_see_stay(user, obj) -> bool:
    stay = _stay_of(obj)
    if stay is None or stay.pk is None:
        return False
    return scope_stays(type(stay).objects.filter(pk=stay.pk), user).exists()


@rules.predicate
def in_own_team(user, obj) -> bool:
    person = obj if isinstance(obj, Person) else getattr(_stay_of(obj), "person", None)
    if person is None:
        return False
    return (
        Role.SOCIAL_WORKER in user_roles(user)
        and user.team_id is not None
        and person.responsible_worker.team_id == user.team_id
    )


@rules.predicate
def serves_apartment_of(user, obj) -> bool:
    stay = _stay_of(obj)
    if stay is None or stay.pk is None or not user_roles(user):
        return False
    return _assignments(user).filter(apartment_id=stay.place.room.apartment_id).exists()


@rules.predicate
def can_see_apartment(user, apartment) -> bool:
    if apartment is None:
        return False
    return scope_apartments(type(apartment).objects.filter(pk=apartment.pk), user).exists()


reads_all = has_any_role(*READ_ALL)
changes_all = has_any_role(*CHANGE_ALL)
keeps_fees = has_any_role(*FEES)
reads_all_support = has_any_role(*SUPPORT_ALL)
is_specialist = has_any_role(Role.SPECIALIST)

can_view_stay = can_see_stay
can_change_stay = changes_all | in_own_team
can_view_support = reads_all_support | (can_see_stay & (in_own_team | serves_apartment_of))
can_log_visit = changes_all | in_own_team | (is_specialist & serves_apartment_of)
can_view_fees = can_see_stay & (reads_all | in_own_team)

rules.add_perm("housing.view_apartment", can_see_apartment)
rules.add_perm("housing.change_apartment", changes_all)
rules.add_perm("housing.view_stay", can_view_stay)
rules.add_perm("housing.add_stay", changes_all | in_own_team)
rules.add_perm("housing.change_stay", can_change_stay)
rules.add_perm("housing.view_support", can_view_support)
rules.add_perm("housing.change_support", can_change_stay)
rules.add_perm("housing.log_visit", can_log_visit)
rules.add_perm("housing.view_fees", can_view_fees)
rules.add_perm("housing.manage_fees", keeps_fees)
rules.add_perm("housing.grant_exemption", changes_all)
rules.add_perm("housing.change_fee_table", changes_all)
