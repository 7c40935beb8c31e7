"""The sheltered-housing API: apartments with places and the standards check for a day, stays scoped
per role, access-logged detail, referral through the service (overlap refused with its message)."""

import datetime

import pytest
from auditlog.models import LogEntry
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from szansa.domain.housing.models import Place, Stay
from tests.factories import PersonFactory
from tests.factories.housing import make_apartment, refer

D = datetime.date
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def api_for():
    def make(user):
        client = APIClient()
        client.force_login(user)
        return client

    return make


@pytest.fixture
def two_stays(cast, apartment, places, carer):
    """person_a (team A) in the flat the carer serves; person_b (team B) in a flat nobody serves."""
    other = make_apartment(cast.admin, name="Mieszkanie 2")
    served = refer(cast.admin, cast.person_a, places[0], D(2024, 1, 1), D(2024, 12, 31))
    unserved = refer(
        cast.admin,
        cast.person_b,
        Place.objects.filter(room__apartment=other).first(),
        D(2024, 1, 1),
        D(2024, 12, 31),
    )
    return served, unserved


def _referral(person, place, **extra):
    return {
        "person": person.pk,
        "place": place.pk,
        "referred_by": "Kierownik OPS w Andrychowie",
        "decision_number": "OPS.8311.1.2025",
        "decision_date": "2024-12-01",
        "planned_start": "2025-01-01",
        "planned_end": "2025-06-30",
        **extra,
    }


@pytest.mark.parametrize(
    ("username", "expected"),
    [
        ("admin", {"a", "b"}),
        ("kierownik", {"a", "b"}),
        ("koordynator", {"a", "b"}),
        ("audytor", {"a", "b"}),
        ("referent", {"a", "b"}),
        ("pracownik", {"a"}),
        ("pracownik2", {"b"}),
        ("specjalista", {"a"}),
    ],
)
def test_each_role_lists_the_stays_in_its_scope(cast, api_for, two_stays, username, expected):
    served, unserved = two_stays
    names = {served.pk: "a", unserved.pk: "b"}
    response = api_for(getattr(cast, username)).get("/api/v1/stays/")
    assert response.status_code == 200
    assert {names[row["id"]] for row in response.json()["results"]} == expected


def test_a_stay_out_of_scope_is_not_found_and_a_read_one_is_access_logged(cast, api_for, two_stays):
    served, unserved = two_stays
    client = api_for(cast.specjalista)
    assert client.get(f"/api/v1/stays/{unserved.pk}/").status_code == 404
    response = client.get(f"/api/v1/stays/{served.pk}/")
    assert response.status_code == 200
    assert response.json()["person_name"] == cast.person_a.full_name
    assert LogEntry.objects.filter(
        object_pk=str(cast.person_a.pk),
        action=LogEntry.Action.ACCESS,
        actor=cast.specjalista,
        additional_data={"route": "stay-detail", "what": f"stay {served.pk}", "person_id": cast.person_a.pk},
    ).exists()


def test_stays_filter_by_apartment_and_day(cast, api_for, two_stays, apartment):
    served, _ = two_stays
    client = api_for(cast.kierownik)
    rows = client.get("/api/v1/stays/", {"apartment": apartment.pk}).json()["results"]
    assert [row["id"] for row in rows] == [served.pk]
    assert client.get("/api/v1/stays/", {"on": "2023-06-01"}).json()["results"] == []


def test_a_social_worker_refers_a_resident_of_their_team(cast, api_for, places, resident):
    response = api_for(cast.pracownik).post("/api/v1/stays/", _referral(resident, places[1]), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    stay = Stay.objects.get(pk=body["id"])
    assert (stay.person, stay.place, stay.occupied_to) == (resident, places[1], D(2025, 6, 30))
    assert body["occupied_from"] == "2025-01-01" and body["extensions"] == []


def test_an_overlapping_referral_is_refused_with_the_services_message(cast, api_for, places, two_stays):
    newcomer = PersonFactory(responsible_worker=cast.pracownik)
    response = api_for(cast.kierownik).post(
        "/api/v1/stays/", _referral(newcomer, places[0], planned_start="2024-12-31"), format="json", **EN
    )
    assert response.status_code == 400
    assert response.json() == {"place": [f"The place {places[0]} is taken from 01.01.2024 to 31.12.2024."]}
    assert not Stay.objects.filter(person=newcomer).exists()


def test_a_referral_without_end_or_indefinite_is_refused_by_field(cast, api_for, places, resident):
    response = api_for(cast.kierownik).post(
        "/api/v1/stays/", _referral(resident, places[1], planned_end=None), format="json", **EN
    )
    assert response.status_code == 400
    assert "Give the planned end" in str(response.json())


def test_who_may_not_refer_is_refused(cast, api_for, places, two_stays):
    # team A's social worker: person_b is out of their scope (unknown person)
    response = api_for(cast.pracownik).post(
        "/api/v1/stays/", _referral(cast.person_b, places[1]), format="json"
    )
    assert response.status_code == 400 and "person" in response.json()
    # the clerk sees person_a but may not refer
    response = api_for(cast.referent).post(
        "/api/v1/stays/", _referral(cast.person_a, places[1]), format="json"
    )
    assert response.status_code == 403
    assert not Stay.objects.filter(place=places[1]).exists()


def test_the_auditor_may_not_refer_a_visible_person(cast, api_for, places, resident):
    response = api_for(cast.audytor).post("/api/v1/stays/", _referral(resident, places[1]), format="json")
    assert response.status_code == 403


def test_stays_cannot_be_changed_or_deleted_through_the_api(cast, api_for, two_stays):
    served, _ = two_stays
    client = api_for(cast.admin)
    assert client.patch(f"/api/v1/stays/{served.pk}/", {"referred_by": "x"}, format="json").status_code == 405
    assert client.delete(f"/api/v1/stays/{served.pk}/").status_code == 405


def test_an_apartment_shows_its_places_and_the_standards_check_for_a_day(cast, api_for, apartment, places):
    for place in places:
        refer(cast.admin, PersonFactory(), place, D(2022, 1, 1), D(2024, 12, 31))
    client = api_for(cast.kierownik)
    listed = client.get("/api/v1/apartments/", {"on": "2022-06-01"}).json()["results"]
    assert [(row["name"], row["kind"], row["places_count"]) for row in listed] == [
        ("Mieszkanie 1", "chronione_treningowe", 3)
    ]
    body = client.get(f"/api/v1/apartments/{apartment.pk}/", {"on": "2022-06-01"}, **EN).json()
    assert sorted(place["label"] for room in body["rooms"] for place in room["places"]) == [
        "Miejsce 1",
        "Miejsce 2",
        "Miejsce 3",
    ]
    standards = body["standards"]
    assert standards["on"] == "2022-06-01" and standards["residents"] == 3 and standards["met"] is True
    rules = {rule["code"]: rule for rule in standards["rules"]}
    assert rules["max_persons"]["reason"] == "3 residents, at most 10 allowed"
    assert client.get(f"/api/v1/apartments/{apartment.pk}/", {"on": "nie"}).status_code == 400


def test_a_carer_sees_only_the_apartments_they_serve(cast, api_for, two_stays, apartment):
    other = Place.objects.exclude(room__apartment=apartment).first().room.apartment
    client = api_for(cast.specjalista)
    assert [row["id"] for row in client.get("/api/v1/apartments/").json()["results"]] == [apartment.pk]
    assert client.get(f"/api/v1/apartments/{other.pk}/").status_code == 404


def test_the_schema_describes_the_housing_endpoints_without_warnings(db):
    GENERATOR_STATS.reset()
    schema = SchemaGenerator().get_schema(request=None, public=True)
    assert dict(GENERATOR_STATS._warn_cache) == {}
    paths = schema["paths"]
    assert {p["name"] for p in paths["/api/v1/apartments/{id}/"]["get"]["parameters"]} == {"id", "on"}
    assert "post" in paths["/api/v1/stays/"]
    for method in ("put", "patch", "delete"):
        assert method not in paths["/api/v1/stays/{id}/"]
