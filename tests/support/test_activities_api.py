# ruff: noqa: F811 - the shared fixtures are imported by name and used as parameters
"""The activities API: activities scoped to visible projects and created through the service,
sessions listed by activity, specialist and dates, a clash answered 400 with its message, and the
bulk attendance of a session (who may record it)."""

import pytest
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from szansa.domain.support.models import Attendance, Session
from tests.factories.support import D, at, support_form

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def api_for():
    def make(user):
        client = APIClient()
        client.force_login(user)
        return client

    return make


@pytest.fixture
def sessions(cast, group):
    from szansa.domain.support.activities import services as activity_services

    return [
        activity_services.session_schedule(
            actor=cast.koordynator, activity=group, starts_at=at(day, 10), ends_at=at(day, 11)
        )
        for day in (D(2019, 3, 12), D(2019, 3, 19), D(2019, 4, 2))
    ]


def test_activities_are_listed_for_who_reads_the_project_only(cast, api_for, group):
    from szansa.domain.accounts.enums import Role
    from tests.factories import UserFactory

    answer = api_for(cast.audytor).get("/api/v1/activities/", **EN)
    assert answer.status_code == 200
    rows = answer.json()["results"] if isinstance(answer.json(), dict) else answer.json()
    assert [(r["title"], r["form"], r["delivery"]) for r in rows] == [
        ("Trening kompetencji społecznych", "social_competence_training", "group")
    ]
    stranger = api_for(UserFactory(username="obcy", role=Role.SPECIALIST))
    assert stranger.get(f"/api/v1/activities/{group.pk}/", **EN).status_code == 404


def test_an_activity_is_created_with_the_forms_defaults(cast, api_for, project):
    body = {
        "project": project.pk,
        "form": "vocational_training",
        "title": "Kurs spawacza",
        "starts_on": "2019-05-01",
        "ends_on": "2019-06-30",
        "capacity": 8,
    }
    answer = api_for(cast.koordynator).post("/api/v1/activities/", body, format="json", **EN)
    assert answer.status_code == 201, answer.content
    assert (answer.json()["min_attendance"], answer.json()["ends_with_exam"]) == (80, True)
    refused = api_for(cast.pracownik).post("/api/v1/activities/", body, format="json", **EN)
    assert refused.status_code == 403
    late = api_for(cast.koordynator).post(
        "/api/v1/activities/", {**body, "ends_on": "2020-01-10"}, format="json", **EN
    )
    assert late.status_code == 400 and "within the project" in late.json()["starts_on"][0]
    assert support_form("vocational_training").activities.count() == 1


def test_sessions_are_listed_by_activity_specialist_and_dates(cast, api_for, group, sessions):
    client = api_for(cast.koordynator)
    url = "/api/v1/sessions/"

    def ids(**params):
        data = client.get(url, params, **EN).json()
        return [row["id"] for row in (data["results"] if isinstance(data, dict) else data)]

    assert ids(activity=group.pk) == [s.pk for s in sessions]
    assert ids(specialist=cast.specjalista.pk, date_from="2019-03-13", date_to="2019-03-31") == [
        sessions[1].pk
    ]
    assert ids(specialist=cast.pracownik.pk) == []


def test_a_clashing_session_is_answered_400_with_the_message(cast, api_for, group, sessions):
    body = {
        "activity": group.pk,
        "starts_at": "2019-03-12T10:30:00+01:00",
        "ends_at": "2019-03-12T11:30:00+01:00",
    }
    answer = api_for(cast.koordynator).post("/api/v1/sessions/", body, format="json", **EN)
    assert answer.status_code == 400
    messages = answer.json()["non_field_errors"]
    assert f"Specialist {cast.specjalista} already has a session 10:00–11:00 on 12.03.2019" in messages[0]
    back_to_back = {**body, "starts_at": "2019-03-12T11:00:00+01:00", "ends_at": "2019-03-12T12:00:00+01:00"}
    assert (
        api_for(cast.koordynator).post("/api/v1/sessions/", back_to_back, format="json", **EN).status_code
        == 201
    )
    assert Session.objects.count() == 4


def test_bulk_attendance_of_a_session(cast, api_for, group, sessions, participants):
    url = f"/api/v1/sessions/{sessions[0].pk}/attendance/"
    body = [
        {"participant": participants[0].pk, "status": "present"},
        {"participant": participants[1].pk, "status": "absent"},
        {"participant": participants[2].pk, "status": "excused"},
    ]
    answer = api_for(cast.specjalista).post(url, body, format="json", **EN)
    assert answer.status_code == 200, answer.content
    assert [(row["participant"], row["status"]) for row in answer.json()] == [
        (participants[0].pk, "present"),
        (participants[1].pk, "absent"),
        (participants[2].pk, "excused"),
    ]
    assert api_for(cast.pracownik2).post(url, body[:1], format="json", **EN).status_code == 403
    assert api_for(cast.audytor).post(url, body[:1], format="json", **EN).status_code == 403
    assert api_for(cast.audytor).get(url, **EN).status_code == 200
    wrong = api_for(cast.koordynator).post(
        url, [{"participant": 999999, "status": "present"}], format="json", **EN
    )
    assert wrong.status_code == 400 and "Not expected at this session" in wrong.json()["non_field_errors"][0]
    assert Attendance.objects.filter(session=sessions[0]).count() == 3


def test_the_schema_describes_the_activity_endpoints(db):
    schema = SchemaGenerator().get_schema(request=None, public=True)
    assert "/api/v1/sessions/{id}/attendance/" in schema["paths"]
    assert "/api/v1/activities/" in schema["paths"]
