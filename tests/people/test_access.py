"""Who sees whom: every demo role against a person in and out of their scope, and the queryset
scoping agrees with the object rules (one rule, two shapes)."""

import pytest

from szansa.domain.people.access import scope_households, scope_persons
from szansa.domain.people.models import Household, Person
from szansa.domain.people.services import household_create

pytestmark = pytest.mark.django_db

# role -> (sees person_a, sees person_b, changes person_a, sees health)
MATRIX = {
    "admin": (True, True, True, True),
    "kierownik": (True, True, True, True),
    "koordynator": (True, True, False, True),
    "pracownik": (True, False, True, True),
    "pracownik2": (False, True, False, False),
    "specjalista": (False, False, False, False),
    "referent": (True, True, True, False),
    "audytor": (True, True, False, True),
}


@pytest.mark.parametrize("role", MATRIX)
def test_each_role_sees_and_changes_exactly_its_scope(cast, role):
    user = getattr(cast, role)
    sees_a, sees_b, changes_a, health_a = MATRIX[role]
    assert user.has_perm("people.view_person", cast.person_a) is sees_a
    assert user.has_perm("people.view_person", cast.person_b) is sees_b
    assert user.has_perm("people.change_person", cast.person_a) is changes_a
    assert user.has_perm("people.view_health", cast.person_a) is (health_a and sees_a)
    visible = set(scope_persons(Person.objects.all(), user))
    assert (cast.person_a in visible) is sees_a
    assert (cast.person_b in visible) is sees_b


@pytest.mark.parametrize("role", MATRIX)
def test_queryset_scope_and_object_rule_agree(cast, role):
    user = getattr(cast, role)
    visible = set(scope_persons(Person.objects.all(), user))
    for person in Person.objects.all():
        assert (person in visible) is user.has_perm("people.view_person", person)


def test_the_auditor_changes_nothing(cast):
    auditor = cast.audytor
    for perm in ("change_person", "add_person", "record_situations", "add_household"):
        assert not auditor.has_perm(f"people.{perm}", cast.person_a)


def test_a_social_worker_records_situations_only_in_their_team(cast):
    assert cast.pracownik.has_perm("people.record_situations", cast.person_a)
    assert not cast.pracownik.has_perm("people.record_situations", cast.person_b)
    assert not cast.referent.has_perm("people.record_situations", cast.person_a)


def test_an_inactive_or_anonymous_user_sees_nobody(cast):
    from django.contrib.auth.models import AnonymousUser

    cast.kierownik.is_active = False
    assert not scope_persons(Person.objects.all(), cast.kierownik).exists()
    assert not scope_persons(Person.objects.all(), AnonymousUser()).exists()


def test_households_are_visible_through_their_members(cast):
    household = household_create(actor=cast.pracownik, head=cast.person_a)
    assert household in scope_households(Household.objects.all(), cast.pracownik)
    assert household not in scope_households(Household.objects.all(), cast.pracownik2)
    assert cast.pracownik.has_perm("people.view_household", household)
    assert not cast.pracownik2.has_perm("people.view_household", household)
    assert cast.pracownik.has_perm("people.change_household", household)
    assert not cast.audytor.has_perm("people.change_household", household)


def test_a_household_is_named_after_its_head_only_for_a_reader_who_may_see_the_head(cast):
    """people.selectors.household_label: person_a (team A) heads a household that person_b (team B)
    joins. Team A's worker sees the head: "Household of <name>"; team B's worker serves a member but not
    the head: the number only; without a head, everyone gets the number."""
    from django.utils import translation

    from szansa.domain.people.selectors import household_label
    from szansa.domain.people.services import household_add_member

    household = household_create(actor=cast.admin, head=cast.person_a)
    household_add_member(actor=cast.admin, household=household, person=cast.person_b, relation="child")
    with translation.override("en"):
        assert household_label(household, cast.pracownik) == f"Household of {cast.person_a.full_name}"
        assert household_label(household, cast.kierownik) == f"Household of {cast.person_a.full_name}"
        assert household_label(household, cast.pracownik2) == f"Household no. {household.pk}"
        Person.objects.filter(pk=cast.person_a.pk).update(household_relation="spouse")
        assert household_label(household, cast.pracownik) == f"Household no. {household.pk}"
