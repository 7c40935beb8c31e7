"""The lists of a project's applications, participants and stipend rates: paged in the database, filtered
and sorted by one FilterSet each (szansa/domain/recruitment/filters.py, the stipend rates' in
szansa/domain/support/activities/filters.py) that the page and the API both use, the filters kept in the
URL; an invalid filter is a Polish message on the page and a 400 in the API (issue 14)."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from szansa.domain.recruitment import enums
from szansa.web.recruitment import setup as setup_views
from szansa.web.recruitment import views
from tests.factories import PersonFactory
from tests.factories.recruitment import ApplicationFactory, ParticipantFactory
from tests.factories.support import rate

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def applications(cast, round_):
    """Three applications to the round: Białczyk (20 Jan, by post, 10 points), Nowak (16 Jan, in person,
    30 points, verified eligible) of team A, and Kowal (25 Jan, by e-mail, 20 points) of team B."""
    made = {}
    for last_name, submitted_on, channel, score, status, worker in (
        (
            "Białczyk",
            D(2019, 1, 20),
            enums.Channel.POST,
            10,
            enums.ApplicationStatus.SUBMITTED,
            cast.pracownik,
        ),
        (
            "Nowak",
            D(2019, 1, 16),
            enums.Channel.IN_PERSON,
            30,
            enums.ApplicationStatus.ELIGIBLE,
            cast.pracownik,
        ),
        (
            "Kowal",
            D(2019, 1, 25),
            enums.Channel.EMAIL,
            20,
            enums.ApplicationStatus.SUBMITTED,
            cast.pracownik2,
        ),
    ):
        made[last_name] = ApplicationFactory(
            round=round_,
            person=PersonFactory(last_name=last_name, responsible_worker=worker),
            submitted_on=submitted_on,
            channel=channel,
            score=score,
            status=status,
        )
    return made


@pytest.fixture
def participants(cast, project, target_group):
    """Three main participants: Białczyk (from 1 Feb, team A), Nowak (from 1 Mar, team A, completed on
    30 Jun) and Kowal (from 15 Feb, team B)."""
    made = {}
    for last_name, start, status, worker in (
        ("Białczyk", D(2019, 2, 1), enums.ParticipantStatus.ACTIVE, cast.pracownik),
        ("Nowak", D(2019, 3, 1), enums.ParticipantStatus.COMPLETED, cast.pracownik),
        ("Kowal", D(2019, 2, 15), enums.ParticipantStatus.ACTIVE, cast.pracownik2),
    ):
        made[last_name] = ParticipantFactory(
            project=project,
            target_group=target_group,
            person=PersonFactory(last_name=last_name, responsible_worker=worker),
            start_date=start,
            status=status,
            end_date=D(2019, 6, 30) if status == enums.ParticipantStatus.COMPLETED else None,
        )
    return made


def _page_names(response, key):
    return [row.person.last_name for row in response.context[key]]


def _api_names(client, url, params, rows):
    answer = client.get(url, params)
    assert answer.status_code == 200, answer.content
    name_of = {row.pk: name for name, row in rows.items()}
    return [name_of[row["id"]] for row in answer.json()["results"]]


# --- applications ----------------------------------------------------------------------------------------


def test_the_applications_page_and_the_api_filter_and_sort_alike(cast, client_for, project, applications):
    client = client_for(cast.koordynator)
    url = reverse("recruitment:application_list")
    for params, expected in (
        ({"q": "bialczyk"}, ["Białczyk"]),
        ({"channel": "post"}, ["Białczyk"]),
        ({"status": "verified_eligible"}, ["Nowak"]),
        # submitted on or after 18 Jan: Białczyk (20th) and Kowal (25th)
        ({"submitted_from": "2019-01-18"}, ["Białczyk", "Kowal"]),
        ({"ordering": "person"}, ["Białczyk", "Kowal", "Nowak"]),
        ({"ordering": "-person"}, ["Nowak", "Kowal", "Białczyk"]),
        # by date: 16, 20, 25 January
        ({"ordering": "submitted_on"}, ["Nowak", "Białczyk", "Kowal"]),
        # by score, highest first: 30, 20, 10
        ({"ordering": "-score"}, ["Nowak", "Kowal", "Białczyk"]),
        ({"ordering": "score"}, ["Białczyk", "Kowal", "Nowak"]),
    ):
        params = {**params, "project": project.pk}
        page = _page_names(client.get(url, params), "applications")
        api = _api_names(client, "/api/v1/applications/", params, applications)
        if "ordering" in params:
            assert page == expected == api, params
        else:
            assert sorted(page) == expected == sorted(api), params


def test_the_applications_page_is_paged_and_keeps_the_filters(
    cast, client_for, project, applications, monkeypatch
):
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    client = client_for(cast.koordynator)
    url = reverse("recruitment:application_list")
    params = {"submitted_from": "2019-01-01", "ordering": "submitted_on"}
    first = client.get(url, params)
    second = client.get(url, {**params, "page": 2})
    # 3 applications by 2 a page, by date: [Nowak, Białczyk] then [Kowal]
    assert _page_names(first, "applications") == ["Nowak", "Białczyk"]
    assert _page_names(second, "applications") == ["Kowal"]
    html = first.content.decode()
    assert "submitted_from=2019-01-01&amp;ordering=submitted_on&amp;page=2" in html
    # the column headers keep the filter too (and sort the other way on a second click)
    assert "submitted_from=2019-01-01&amp;ordering=-submitted_on" in html


def test_an_invalid_application_filter_is_a_polish_message_and_a_400(cast, client_for, project, applications):
    client = client_for(cast.koordynator)
    page = client.get(reverse("recruitment:application_list"), {"status": "bogus"})
    assert page.status_code == 200
    assert "Wybierz poprawną wartość" in page.content.decode()
    assert client.get("/api/v1/applications/", {"status": "bogus"}).status_code == 400
    dated = client.get(reverse("recruitment:application_list"), {"submitted_from": "wczoraj"})
    assert "Wpisz poprawną datę." in dated.content.decode()
    assert client.get("/api/v1/applications/", {"submitted_from": "wczoraj"}).status_code == 400


def test_the_applications_list_keeps_each_users_scope(cast, client_for, project, applications):
    # A social worker of team A sees Białczyk and Nowak, not team B's Kowal, on the page and in the API.
    client = client_for(cast.pracownik)
    url = reverse("recruitment:application_list")
    params = {"ordering": "person"}
    page = client.get(url, params)
    assert page.status_code == 200
    assert _page_names(page, "applications") == ["Białczyk", "Nowak"]
    assert _api_names(client, "/api/v1/applications/", params, applications) == ["Białczyk", "Nowak"]
    # a specialist not on the project's staff: no page, no rows
    # a specialist not on the project's staff: no rows, and the project is not a choice
    stranger = client_for(cast.specjalista)
    page = stranger.get(url)
    assert page.status_code == 200 and list(page.context["applications"]) == []
    assert stranger.get("/api/v1/applications/").json()["results"] == []
    assert "Wybierz poprawną wartość" in stranger.get(url, {"project": project.pk}).content.decode()
    assert stranger.get("/api/v1/applications/", {"project": project.pk}).status_code == 400


# --- participants ----------------------------------------------------------------------------------------


def test_the_participants_page_and_the_api_filter_and_sort_alike(cast, client_for, project, participants):
    client = client_for(cast.koordynator)
    url = reverse("recruitment:participant_list")
    for params, expected in (
        ({"q": "kowal"}, ["Kowal"]),
        ({"status": "completed"}, ["Nowak"]),
        # started on or after 10 February: Kowal (15 Feb) and Nowak (1 Mar)
        ({"started_from": "2019-02-10"}, ["Kowal", "Nowak"]),
        ({"role": "environment"}, []),
        ({"ordering": "person"}, ["Białczyk", "Kowal", "Nowak"]),
        # by start, latest first: 1 Mar, 15 Feb, 1 Feb
        ({"ordering": "-start_date"}, ["Nowak", "Kowal", "Białczyk"]),
        ({"ordering": "start_date"}, ["Białczyk", "Kowal", "Nowak"]),
    ):
        params = {**params, "project": project.pk}
        page = _page_names(client.get(url, params), "participants")
        api = _api_names(client, "/api/v1/participants/", params, participants)
        if "ordering" in params:
            assert page == expected == api, params
        else:
            assert sorted(page) == expected == sorted(api), params


def test_the_participants_page_is_paged_and_keeps_the_filters(
    cast, client_for, project, participants, monkeypatch
):
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    client = client_for(cast.koordynator)
    url = reverse("recruitment:participant_list")
    params = {"role": "main", "ordering": "-start_date"}
    first = client.get(url, params)
    second = client.get(url, {**params, "page": 2})
    # 3 participants by 2 a page, latest start first: [Nowak, Kowal] then [Białczyk]
    assert _page_names(first, "participants") == ["Nowak", "Kowal"]
    assert _page_names(second, "participants") == ["Białczyk"]
    assert "role=main&amp;ordering=-start_date&amp;page=2" in first.content.decode()


def test_an_invalid_participant_filter_is_a_polish_message_and_a_400(cast, client_for, project, participants):
    client = client_for(cast.koordynator)
    page = client.get(reverse("recruitment:participant_list"), {"started_from": "31.02.2019"})
    assert page.status_code == 200
    assert "Wpisz poprawną datę." in page.content.decode()
    assert client.get("/api/v1/participants/", {"started_from": "31.02.2019"}).status_code == 400
    assert client.get("/api/v1/participants/", {"ordering": "pesel"}).status_code == 400


def test_the_participants_list_keeps_each_users_scope(cast, client_for, project, participants):
    client = client_for(cast.pracownik2)
    url = reverse("recruitment:participant_list")
    # team B's worker sees Kowal alone
    assert _page_names(client.get(url), "participants") == ["Kowal"]
    assert _api_names(client, "/api/v1/participants/", {"project": project.pk}, participants) == ["Kowal"]
    assert list(client_for(cast.specjalista).get(url).context["participants"]) == []


def test_the_board_links_to_the_lists(cast, client_for, project, participants):
    html = client_for(cast.koordynator).get(reverse("recruitment:board", args=[project.pk])).content.decode()
    assert reverse("recruitment:participant_list") in html
    assert reverse("recruitment:application_list") in html


# --- stipend rates ---------------------------------------------------------------------------------------


@pytest.fixture
def rates(project):
    """1 Jan 2019: 1000 zł for 160 h; 1 Apr: 1200 zł for 160 h; 1 Jul: 1100 zł for 120 h."""
    return {
        "january": rate(project, D(2019, 1, 1), "1000.00"),
        "april": rate(project, D(2019, 4, 1), "1200.00"),
        "july": rate(project, D(2019, 7, 1), "1100.00", hours=120),
    }


def _rate_names(response, rates):
    name_of = {row.pk: name for name, row in rates.items()}
    return [name_of[row.pk] for row in response.context["rates"]]


def _api_rate_names(client, params, rates):
    answer = client.get("/api/v1/stipend-rates/", params)
    assert answer.status_code == 200, answer.content
    name_of = {row.pk: name for name, row in rates.items()}
    return [name_of[row["id"]] for row in answer.json()["results"]]


def test_the_stipend_rates_page_and_the_api_filter_and_sort_alike(cast, client_for, project, rates):
    client = client_for(cast.koordynator)
    url = reverse("recruitment:stipend_rate_list")
    for params, expected in (
        # valid from 1 Mar or later: April and July
        ({"valid_from_after": "2019-03-01"}, ["april", "july"]),
        ({"valid_from_before": "2019-04-01"}, ["april", "january"]),
        # by amount: 1000, 1100, 1200 zł
        ({"ordering": "monthly_amount"}, ["january", "july", "april"]),
        ({"ordering": "-monthly_amount"}, ["april", "july", "january"]),
        ({"ordering": "valid_from"}, ["january", "april", "july"]),
        # hours: 120 first, then the two of 160 in the order of their keys (january was made first)
        ({"ordering": "full_month_hours"}, ["july", "january", "april"]),
    ):
        params = {**params, "project": project.pk}
        page = _rate_names(client.get(url, params), rates)
        api = _api_rate_names(client, params, rates)
        if "ordering" in params:
            assert page == expected == api, params
        else:
            assert sorted(page) == expected == sorted(api), params
    assert rates["january"].monthly_amount == Decimal("1000.00")


def test_the_stipend_rates_page_is_paged_and_keeps_the_filters(cast, client_for, project, rates, monkeypatch):
    monkeypatch.setattr(setup_views, "PAGE_SIZE", 2)
    client = client_for(cast.koordynator)
    url = reverse("recruitment:stipend_rate_list")
    params = {"valid_from_after": "2019-01-01", "ordering": "valid_from"}
    first = client.get(url, params)
    second = client.get(url, {**params, "page": 2})
    assert _rate_names(first, rates) == ["january", "april"]
    assert _rate_names(second, rates) == ["july"]
    assert "valid_from_after=2019-01-01&amp;ordering=valid_from&amp;page=2" in first.content.decode()


def test_an_invalid_stipend_rate_filter_is_a_polish_message_and_a_400(cast, client_for, project, rates):
    client = client_for(cast.koordynator)
    page = client.get(reverse("recruitment:stipend_rate_list"), {"ordering": "basis"})
    assert page.status_code == 200
    assert "Wybierz poprawną wartość" in page.content.decode()
    assert client.get("/api/v1/stipend-rates/", {"ordering": "basis"}).status_code == 400
    assert client.get("/api/v1/stipend-rates/", {"project": "jeden"}).status_code == 400


def test_the_stipend_rates_keep_the_project_scope(cast, client_for, project, rates):
    stranger = client_for(cast.specjalista)
    page = stranger.get(reverse("recruitment:stipend_rate_list"))
    assert page.status_code == 200 and list(page.context["rates"]) == []
    assert stranger.get("/api/v1/stipend-rates/").json()["results"] == []


# --- the cost of a page ----------------------------------------------------------------------------------


def _queries(client, url, params) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, params).status_code == 200
    return len(captured)


def test_the_lists_cost_the_same_queries_with_3_or_6_rows(cast, client_for, project, target_group, round_):
    client = client_for(cast.koordynator)
    urls = [reverse(name) for name in ("recruitment:application_list", "recruitment:participant_list")]
    params = {"project": project.pk, "ordering": "person"}

    def add(count):
        for _ in range(count):
            person = PersonFactory(responsible_worker=cast.pracownik)
            ApplicationFactory(round=round_, person=person)
            ParticipantFactory(project=project, target_group=target_group, person=person)

    add(3)
    for url in urls:
        client.get(url, params)  # warm: the session, the translations, the content types
    with_3 = [_queries(client, url, params) for url in urls]
    add(3)
    assert [_queries(client, url, params) for url in urls] == with_3
