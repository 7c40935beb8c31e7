"""The lists of activities and sessions: paged in the database, filtered and sorted by one FilterSet each
(szansa/domain/support/activities/filters.py) that the page and the API both use, the filters kept in the
URL; an invalid filter is a Polish message on the page and a 400 in the API (issue 14)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from szansa.domain.accounts.enums import Role
from szansa.domain.support.models import Session
from szansa.web.support.views import activities as activity_views
from tests.factories import UserFactory
from tests.factories.support import D, at, make_activity

pytestmark = pytest.mark.django_db


@pytest.fixture
def activities(cast, project):
    """Three activities of the project: Trening (social competence, from 1 Mar), Kurs (vocational
    training, from 1 Apr) and Grupa (self-help group, from 1 Feb)."""
    return {
        "Trening": make_activity(cast, project, title="Trening kompetencji", starts_on=D(2019, 3, 1)),
        "Kurs": make_activity(
            cast,
            project,
            code="vocational_training",
            title="Kurs zawodowy",
            starts_on=D(2019, 4, 1),
            ends_on=D(2019, 9, 30),
        ),
        "Grupa": make_activity(
            cast,
            project,
            code="self_help_group",
            title="Grupa wsparcia",
            starts_on=D(2019, 2, 1),
            ends_on=D(2019, 5, 31),
        ),
    }


@pytest.fixture
def sessions(cast, activities):
    """Komunikacja (Trening, 4 Mar, the specialist's), Asertywność (Trening, 11 Mar) and BHP (Kurs, 2 Apr)."""
    made = {}
    for name, activity, day, specialist in (
        ("Komunikacja", activities["Trening"], D(2019, 3, 4), cast.specjalista),
        ("Asertywność", activities["Trening"], D(2019, 3, 11), None),
        ("BHP", activities["Kurs"], D(2019, 4, 2), None),
    ):
        start = at(day, 10)
        made[name] = Session.objects.create(
            activity=activity,
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=2),
            topic=name,
            specialist=specialist,
        )
    return made


def _names(rows, made):
    name_of = {row.pk: name for name, row in made.items()}
    return [name_of[row.pk] for row in rows]


def _api_names(client, url, params, made):
    answer = client.get(url, params)
    assert answer.status_code == 200, answer.content
    name_of = {row.pk: name for name, row in made.items()}
    return [name_of[row["id"]] for row in answer.json()["results"]]


# --- activities ------------------------------------------------------------------------------------------


def test_the_activities_page_and_the_api_filter_and_sort_alike(cast, client_for, project, activities):
    client = client_for(cast.koordynator)
    url = reverse("support:activity_list")
    for params, expected in (
        ({"form": "vocational_training"}, ["Kurs"]),
        ({"q": "grupa"}, ["Grupa"]),
        ({"project": project.pk}, ["Grupa", "Kurs", "Trening"]),
        # by title: Grupa wsparcia, Kurs zawodowy, Trening kompetencji
        ({"ordering": "title"}, ["Grupa", "Kurs", "Trening"]),
        ({"ordering": "-title"}, ["Trening", "Kurs", "Grupa"]),
        # by start, latest first: 1 Apr, 1 Mar, 1 Feb
        ({"ordering": "-starts_on"}, ["Kurs", "Trening", "Grupa"]),
        ({"ordering": "starts_on"}, ["Grupa", "Trening", "Kurs"]),
    ):
        page = _names(client.get(url, params).context["activities"], activities)
        api = _api_names(client, "/api/v1/activities/", params, activities)
        if "ordering" in params:
            assert page == expected == api, params
        else:
            assert sorted(page) == expected == sorted(api), params


def test_the_activities_page_is_paged_and_keeps_the_filters(
    cast, client_for, project, activities, monkeypatch
):
    monkeypatch.setattr(activity_views, "PAGE_SIZE", 2)
    client = client_for(cast.koordynator)
    url = reverse("support:activity_list")
    params = {"project": project.pk, "ordering": "starts_on"}
    first = client.get(url, params)
    second = client.get(url, {**params, "page": 2})
    # 3 activities by 2 a page, earliest first: [Grupa, Trening] then [Kurs]
    assert _names(first.context["activities"], activities) == ["Grupa", "Trening"]
    assert _names(second.context["activities"], activities) == ["Kurs"]
    html = first.content.decode()
    assert f"project={project.pk}&amp;ordering=starts_on&amp;page=2" in html
    assert f"project={project.pk}&amp;ordering=-starts_on" in html  # the header sorts the other way


def test_an_invalid_activity_filter_is_a_polish_message_and_a_400(cast, client_for, activities):
    client = client_for(cast.koordynator)
    page = client.get(reverse("support:activity_list"), {"form": "taniec"})
    assert page.status_code == 200
    assert "Wybierz poprawną wartość" in page.content.decode()
    assert client.get("/api/v1/activities/", {"form": "taniec"}).status_code == 400
    assert client.get("/api/v1/activities/", {"ordering": "room"}).status_code == 400


def test_the_activities_list_keeps_the_scope(client_for, activities):
    stranger = UserFactory(username="obcy", role=Role.SPECIALIST)
    client = client_for(stranger)
    page = client.get(reverse("support:activity_list"))
    assert page.status_code == 200 and list(page.context["activities"]) == []
    assert client.get("/api/v1/activities/").json()["results"] == []


# --- sessions --------------------------------------------------------------------------------------------


def test_the_sessions_page_and_the_api_filter_and_sort_alike(cast, client_for, activities, sessions):
    client = client_for(cast.koordynator)
    url = reverse("support:session_list")
    for params, expected in (
        ({"activity": activities["Trening"].pk}, ["Asertywność", "Komunikacja"]),
        ({"specialist": cast.specjalista.pk}, ["Komunikacja"]),
        # starting on or after 10 March: 11 Mar and 2 Apr
        ({"date_from": "2019-03-10"}, ["Asertywność", "BHP"]),
        ({"date_to": "2019-03-10"}, ["Komunikacja"]),
        ({"q": "bhp"}, ["BHP"]),
        ({"ordering": "-starts_at"}, ["BHP", "Asertywność", "Komunikacja"]),
        # by activity: Kurs zawodowy, then Trening's two in the order they were entered
        ({"ordering": "activity"}, ["BHP", "Komunikacja", "Asertywność"]),
        ({"ordering": "starts_at"}, ["Komunikacja", "Asertywność", "BHP"]),
    ):
        page = _names(client.get(url, params).context["sessions"], sessions)
        api = _api_names(client, "/api/v1/sessions/", params, sessions)
        if "ordering" in params:
            assert page == expected == api, params
        else:
            assert sorted(page) == expected == sorted(api), params


def test_the_sessions_page_is_paged_and_keeps_the_filters(
    cast, client_for, activities, sessions, monkeypatch
):
    monkeypatch.setattr(activity_views, "PAGE_SIZE", 2)
    client = client_for(cast.koordynator)
    url = reverse("support:session_list")
    params = {"date_from": "2019-03-01", "ordering": "-starts_at"}
    first = client.get(url, params)
    second = client.get(url, {**params, "page": 2})
    # 3 sessions by 2 a page, latest first: [BHP, Asertywność] then [Komunikacja]
    assert _names(first.context["sessions"], sessions) == ["BHP", "Asertywność"]
    assert _names(second.context["sessions"], sessions) == ["Komunikacja"]
    assert "date_from=2019-03-01&amp;ordering=-starts_at&amp;page=2" in first.content.decode()


def test_an_invalid_session_filter_is_a_polish_message_and_a_400(cast, client_for, activities, sessions):
    client = client_for(cast.koordynator)
    page = client.get(reverse("support:session_list"), {"date_from": "jutro"})
    assert page.status_code == 200
    assert "Wpisz poprawną datę." in page.content.decode()
    assert client.get("/api/v1/sessions/", {"date_from": "jutro"}).status_code == 400
    # an activity that does not exist (or is out of sight) is not a valid choice
    assert client.get("/api/v1/sessions/", {"activity": 999999}).status_code == 400


def test_the_sessions_list_keeps_the_scope(client_for, sessions):
    stranger = UserFactory(username="obcy", role=Role.SPECIALIST)
    client = client_for(stranger)
    page = client.get(reverse("support:session_list"))
    assert page.status_code == 200 and list(page.context["sessions"]) == []
    assert client.get("/api/v1/sessions/").json()["results"] == []


def test_the_activities_page_links_to_the_sessions(cast, client_for, activities):
    html = client_for(cast.koordynator).get(reverse("support:activity_list")).content.decode()
    assert reverse("support:session_list") in html


def test_the_sessions_page_costs_the_same_queries_with_3_or_6_rows(cast, client_for, activities, sessions):
    client = client_for(cast.koordynator)
    url = reverse("support:session_list")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url, {"ordering": "activity"}).status_code == 200
        return len(captured)

    queries()  # warm: the session, the translations, the content types
    with_3 = queries()
    for day in (D(2019, 4, 9), D(2019, 4, 16), D(2019, 4, 23)):
        start = at(day, 10)
        Session.objects.create(
            activity=activities["Kurs"],
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=2),
            specialist=cast.specjalista,
        )
    assert queries() == with_3
