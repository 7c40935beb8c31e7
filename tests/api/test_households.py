"""The households API: scoping, create/update through the services, adding members."""

import pytest
from auditlog.models import LogEntry
from rest_framework.test import APIClient

from szansa.domain.people import enums
from szansa.domain.people.models import Household, Person
from tests.factories import HouseholdFactory, PersonFactory

LIST_URL = "/api/v1/households/"
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def detail_url(household):
    return f"/api/v1/households/{household.pk}/"


def members_url(household):
    return f"/api/v1/households/{household.pk}/members/"


@pytest.fixture
def api_for():
    def make(user):
        client = APIClient()
        client.force_login(user)
        return client

    return make


def make_household(head, *others):
    household = HouseholdFactory()
    Person.objects.filter(pk=head.pk).update(
        household=household, household_relation=enums.HouseholdRelation.HEAD
    )
    for person, relation in others:
        Person.objects.filter(pk=person.pk).update(household=household, household_relation=relation)
    return household


@pytest.fixture
def household_a(cast):
    return make_household(cast.person_a)


@pytest.fixture
def household_b(cast):
    return make_household(cast.person_b)


@pytest.mark.parametrize(
    ("username", "sees_a", "sees_b"),
    [
        ("admin", True, True),
        ("kierownik", True, True),
        ("koordynator", True, True),
        ("pracownik", True, False),
        ("pracownik2", False, True),
        ("specjalista", False, False),
        ("referent", True, True),
        ("audytor", True, True),
    ],
)
def test_each_role_sees_the_households_of_the_people_in_its_scope(
    cast, api_for, household_a, household_b, username, sees_a, sees_b
):
    client = api_for(getattr(cast, username))

    listed = {row["id"] for row in client.get(LIST_URL).json()["results"]}

    assert (household_a.pk in listed) is sees_a
    assert (household_b.pk in listed) is sees_b
    assert client.get(detail_url(household_a)).status_code == (200 if sees_a else 404)
    assert client.get(detail_url(household_b)).status_code == (200 if sees_b else 404)


def test_the_detail_lists_members_with_their_relation(cast, api_for):
    child = PersonFactory(responsible_worker=cast.pracownik)
    household = make_household(cast.person_a, (child, enums.HouseholdRelation.CHILD))

    body = api_for(cast.pracownik).get(detail_url(household)).json()

    assert body["head"] == cast.person_a.pk
    assert body["size"] == 2
    assert {(m["id"], m["household_relation"]) for m in body["members"]} == {
        (cast.person_a.pk, "head"),
        (child.pk, "child"),
    }


def test_members_outside_ones_scope_are_counted_but_not_shown(cast, api_for):
    household = make_household(cast.person_a, (cast.person_b, enums.HouseholdRelation.SPOUSE))

    body = api_for(cast.pracownik).get(detail_url(household)).json()

    assert body["size"] == 2
    assert [m["id"] for m in body["members"]] == [cast.person_a.pk]
    assert cast.person_b.pesel not in str(body)


def test_a_social_worker_creates_a_household_headed_by_a_person_of_the_team(cast, api_for):
    response = api_for(cast.pracownik).post(
        LIST_URL, {"head": cast.person_a.pk, "multi_problem_family": True, "notes": "Pięcioro dzieci."}
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["head"] == cast.person_a.pk
    assert body["multi_problem_family"] is True
    assert body["members"] == [
        {
            "id": cast.person_a.pk,
            "first_name": cast.person_a.first_name,
            "last_name": cast.person_a.last_name,
            "household_relation": "head",
        }
    ]
    household = Household.objects.get(pk=body["id"])
    entry = LogEntry.objects.get_for_object(household).get(action=LogEntry.Action.CREATE)
    assert entry.actor == cast.pracownik


def test_a_household_cannot_be_headed_by_a_person_outside_scope(cast, api_for):
    response = api_for(cast.pracownik).post(LIST_URL, {"head": cast.person_b.pk})

    assert response.status_code == 400
    assert "head" in response.json()
    assert not Household.objects.exists()


def test_an_auditor_cannot_create_a_household(cast, api_for):
    response = api_for(cast.audytor).post(LIST_URL, {"head": cast.person_a.pk})

    assert response.status_code == 403
    assert not Household.objects.exists()


def test_a_coordinator_who_cannot_change_the_head_gets_403(cast, api_for):
    response = api_for(cast.koordynator).post(LIST_URL, {"head": cast.person_a.pk})

    assert response.status_code == 403
    assert not Household.objects.exists()


def test_a_person_already_in_a_household_cannot_head_another(cast, api_for, household_a):
    response = api_for(cast.pracownik).post(LIST_URL, {"head": cast.person_a.pk}, **EN)

    assert response.status_code == 400
    assert response.json()["non_field_errors"] == [
        f"{cast.person_a.full_name} already belongs to a household."
    ]
    assert Household.objects.count() == 1


def test_a_social_worker_updates_the_household_of_the_team(cast, api_for, household_a):
    response = api_for(cast.pracownik).patch(
        detail_url(household_a), {"multi_problem_family": True, "notes": "Wywiad 3.02."}, format="json"
    )

    assert response.status_code == 200, response.json()
    assert response.json()["members"][0]["id"] == cast.person_a.pk
    household_a.refresh_from_db()
    assert household_a.multi_problem_family is True
    assert household_a.notes == "Wywiad 3.02."
    entry = LogEntry.objects.get_for_object(household_a).get(action=LogEntry.Action.UPDATE)
    assert entry.actor == cast.pracownik


def test_an_auditor_cannot_update_a_household(cast, api_for, household_a):
    response = api_for(cast.audytor).patch(detail_url(household_a), {"notes": "x"}, format="json")

    assert response.status_code == 403
    household_a.refresh_from_db()
    assert household_a.notes == ""


def test_a_social_worker_gets_404_updating_a_household_of_another_team(cast, api_for, household_b):
    response = api_for(cast.pracownik).patch(detail_url(household_b), {"notes": "x"}, format="json")

    assert response.status_code == 404


def test_households_are_never_deleted_through_the_api(cast, api_for, household_a):
    response = api_for(cast.admin).delete(detail_url(household_a))

    assert response.status_code == 405
    assert Household.objects.filter(pk=household_a.pk).exists()


def test_adding_a_member_of_the_team(cast, api_for, household_a):
    child = PersonFactory(responsible_worker=cast.pracownik)

    response = api_for(cast.pracownik).post(
        members_url(household_a), {"person": child.pk, "relation": "child"}
    )

    assert response.status_code == 201, response.json()
    assert response.json()["size"] == 2
    child.refresh_from_db()
    assert child.household == household_a
    assert child.household_relation == enums.HouseholdRelation.CHILD


def test_a_member_outside_scope_cannot_be_added(cast, api_for, household_a):
    response = api_for(cast.pracownik).post(
        members_url(household_a), {"person": cast.person_b.pk, "relation": "spouse"}
    )

    assert response.status_code == 400
    assert "person" in response.json()
    cast.person_b.refresh_from_db()
    assert cast.person_b.household is None


def test_a_member_cannot_be_added_to_a_household_outside_scope(cast, api_for, household_b):
    child = PersonFactory(responsible_worker=cast.pracownik)

    response = api_for(cast.pracownik).post(
        members_url(household_b), {"person": child.pk, "relation": "child"}
    )

    assert response.status_code == 404
    child.refresh_from_db()
    assert child.household is None


def test_an_auditor_cannot_add_a_member(cast, api_for, household_a):
    other = PersonFactory(responsible_worker=cast.pracownik)

    response = api_for(cast.audytor).post(members_url(household_a), {"person": other.pk, "relation": "child"})

    assert response.status_code == 403


def test_a_second_head_is_refused(cast, api_for, household_a):
    other = PersonFactory(responsible_worker=cast.pracownik)

    response = api_for(cast.pracownik).post(
        members_url(household_a), {"person": other.pk, "relation": "head"}, **EN
    )

    assert response.status_code == 400
    assert response.json()["non_field_errors"] == ["The household already has a head."]


def test_a_member_of_another_household_is_refused(cast, api_for, household_a):
    other = PersonFactory(responsible_worker=cast.pracownik)
    make_household(other)

    response = api_for(cast.pracownik).post(
        members_url(household_a), {"person": other.pk, "relation": "sibling"}, **EN
    )

    assert response.status_code == 400
    assert "already belongs to another household" in response.json()["non_field_errors"][0]


def test_an_unknown_relation_answers_400(cast, api_for, household_a):
    other = PersonFactory(responsible_worker=cast.pracownik)

    response = api_for(cast.pracownik).post(
        members_url(household_a), {"person": other.pk, "relation": "cousin"}
    )

    assert response.status_code == 400
    assert "relation" in response.json()
