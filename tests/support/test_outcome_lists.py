"""The internship list and the outcome list: one FilterSet each (support.internships.filters,
support.outcomes.filters) that the page and the API both use; sortable by their columns, paged in the
database, the filters kept in the URL; an invalid filter is refused in Polish on the page and with 400 in
the API. Project S-1 and its three participants Uczestnik0..2 come from tests/support/conftest."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from szansa.domain.support import enums
from tests.factories.support import OutcomeFactory, internship_activity, place

pytestmark = pytest.mark.django_db

D = datetime.date
PL = {"HTTP_ACCEPT_LANGUAGE": "pl"}


@pytest.fixture
def internships(cast, project, participants):
    """Uczestnik0 at Piekarnia Kłos from 01.03, Uczestnik1 at Apteka Zdrowie from 01.04, Uczestnik2 at
    Warsztat Bąk from 15.02.2019."""
    activity = internship_activity(project)
    made = {}
    for participant, employer, starts_on, ends_on in (
        (participants[0], "Piekarnia Kłos", D(2019, 3, 1), D(2019, 5, 31)),
        (participants[1], "Apteka Zdrowie", D(2019, 4, 1), D(2019, 6, 30)),
        (participants[2], "Warsztat Bąk", D(2019, 2, 15), D(2019, 4, 30)),
    ):
        made[participant.person.last_name] = place(
            cast, activity, participant, starts_on=starts_on, ends_on=ends_on, employer=employer
        )
    return made


@pytest.fixture
def outcomes(participants):
    """Uczestnik0 employed (14.11.2019), Uczestnik1 in education (02.10.2019), Uczestnik2 with a
    qualification (20.12.2019)."""
    made = {}
    for participant, kind, achieved_on, evidence in (
        (participants[0], enums.OutcomeKind.EMPLOYMENT, D(2019, 11, 14), "umowa o pracę"),
        (participants[1], enums.OutcomeKind.EDUCATION, D(2019, 10, 2), "zaświadczenie ze szkoły"),
        (participants[2], enums.OutcomeKind.QUALIFICATION, D(2019, 12, 20), "certyfikat"),
    ):
        made[participant.person.last_name] = OutcomeFactory(
            participant=participant, kind=kind, achieved_on=achieved_on, evidence=evidence
        )
    return made


def _page_names(response):
    return [row.participant.person.last_name for row in response.context["rows"]]


def _api_names(response, made):
    name_of = {obj.pk: name for name, obj in made.items()}
    return [name_of[row["id"]] for row in response.json()["results"]]


def _same_rows(client, url, api, made, params, expected):
    page = client.get(url, params)
    answer = client.get(api, params)
    assert page.status_code == 200 and answer.status_code == 200, params
    if "ordering" in params:
        assert _page_names(page) == expected == _api_names(answer, made), params
    else:
        assert sorted(_page_names(page)) == expected == sorted(_api_names(answer, made)), params


def test_the_internship_list_and_the_api_filter_and_sort_alike(cast, project, internships, client_for):
    client = client_for(cast.koordynator)
    for params, expected in (
        # by start: Bąk's 15.02, Kłos 01.03, Zdrowie 01.04
        ({"ordering": "starts_on"}, ["Uczestnik2", "Uczestnik0", "Uczestnik1"]),
        ({"ordering": "-starts_on"}, ["Uczestnik1", "Uczestnik0", "Uczestnik2"]),
        # by employer: Apteka, Piekarnia, Warsztat (and the reverse)
        ({"ordering": "employer"}, ["Uczestnik1", "Uczestnik0", "Uczestnik2"]),
        ({"ordering": "-employer"}, ["Uczestnik2", "Uczestnik0", "Uczestnik1"]),
        ({"ordering": "-person"}, ["Uczestnik2", "Uczestnik1", "Uczestnik0"]),
        # the text is the employer's, or the participant's name (found without the Polish letters)
        ({"q": "warsztat"}, ["Uczestnik2"]),
        ({"q": "uczestnik1"}, ["Uczestnik1"]),
        ({"starts_from": "2019-03-01"}, ["Uczestnik0", "Uczestnik1"]),
        ({"project": project.pk, "starts_to": "2019-03-01"}, ["Uczestnik0", "Uczestnik2"]),
        ({"participant": internships["Uczestnik1"].participant_id}, ["Uczestnik1"]),
    ):
        _same_rows(
            client, reverse("support:internship_list"), "/api/v1/internships/", internships, params, expected
        )


def test_the_internship_list_is_paged_and_keeps_its_filters(cast, internships, client_for, monkeypatch):
    monkeypatch.setattr("szansa.web.support.views.plans.PAGE_SIZE", 2)
    client = client_for(cast.koordynator)
    params = {"q": "uczestnik", "ordering": "starts_on"}
    first = client.get(reverse("support:internship_list"), params)
    second = client.get(reverse("support:internship_list"), params | {"page": 2})
    # 3 internships by 2 a page, by start: [Uczestnik2, Uczestnik0] then [Uczestnik1]
    assert _page_names(first) == ["Uczestnik2", "Uczestnik0"]
    assert _page_names(second) == ["Uczestnik1"]
    body = first.content.decode()
    assert "q=uczestnik&amp;ordering=starts_on&amp;page=2" in body
    assert 'aria-sort="ascending"' in body
    # each page logs exactly the people it shows: one entry for each of the three, Uczestnik1's from page 2
    logged = LogEntry.objects.filter(
        action=LogEntry.Action.ACCESS, actor=cast.koordynator, additional_data__what="internships"
    )
    assert sorted(entry.object_repr.split()[-1] for entry in logged) == [
        "Uczestnik0",
        "Uczestnik1",
        "Uczestnik2",
    ]


def test_an_invalid_internship_filter_is_refused(cast, internships, client_for):
    client = client_for(cast.koordynator)
    page = client.get(reverse("support:internship_list"), {"starts_from": "wczoraj"}, **PL)
    assert page.status_code == 200
    body = page.content.decode()
    assert "Wpisz poprawną datę." in body
    assert _page_names(page) == []
    answer = client.get("/api/v1/internships/", {"participant": "abc"}, **PL)
    assert answer.status_code == 400
    assert "participant" in str(answer.json())


def test_the_internship_lists_keep_their_scope(cast, internships, client_for):
    # social worker of team B sees none of team A's participants, on the page or in the API
    client = client_for(cast.pracownik2)
    assert _page_names(client.get(reverse("support:internship_list"))) == []
    assert client.get("/api/v1/internships/").json()["count"] == 0


def test_the_outcome_list_and_the_api_filter_and_sort_alike(cast, project, outcomes, client_for):
    client = client_for(cast.koordynator)
    for params, expected in (
        # achieved: Uczestnik1 02.10, Uczestnik0 14.11, Uczestnik2 20.12
        ({"ordering": "achieved_on"}, ["Uczestnik1", "Uczestnik0", "Uczestnik2"]),
        ({"ordering": "-achieved_on"}, ["Uczestnik2", "Uczestnik0", "Uczestnik1"]),
        # kinds sorted by code: education, employment, qualification
        ({"ordering": "kind"}, ["Uczestnik1", "Uczestnik0", "Uczestnik2"]),
        ({"ordering": "-kind"}, ["Uczestnik2", "Uczestnik0", "Uczestnik1"]),
        ({"ordering": "person"}, ["Uczestnik0", "Uczestnik1", "Uczestnik2"]),
        ({"kind": "employment"}, ["Uczestnik0"]),
        ({"q": "certyfikat"}, ["Uczestnik2"]),
        ({"achieved_from": "2019-11-01", "project": project.pk}, ["Uczestnik0", "Uczestnik2"]),
        ({"achieved_to": "2019-11-14"}, ["Uczestnik0", "Uczestnik1"]),
    ):
        _same_rows(
            client, reverse("support:outcome_register"), "/api/v1/outcomes/", outcomes, params, expected
        )


def test_the_outcome_list_is_paged_and_keeps_its_filters(cast, outcomes, client_for, monkeypatch):
    monkeypatch.setattr("szansa.web.support.views.plans.PAGE_SIZE", 2)
    client = client_for(cast.koordynator)
    params = {"achieved_from": "2019-01-01", "ordering": "-achieved_on"}
    first = client.get(reverse("support:outcome_register"), params)
    second = client.get(reverse("support:outcome_register"), params | {"page": 2})
    # 3 outcomes by 2 a page, latest first: [Uczestnik2, Uczestnik0] then [Uczestnik1]
    assert _page_names(first) == ["Uczestnik2", "Uczestnik0"]
    assert _page_names(second) == ["Uczestnik1"]
    assert "achieved_from=2019-01-01&amp;ordering=-achieved_on&amp;page=2" in first.content.decode()
    assert 'aria-sort="descending"' in first.content.decode()


def test_an_invalid_outcome_filter_is_refused(cast, outcomes, client_for):
    client = client_for(cast.koordynator)
    page = client.get(reverse("support:outcome_register"), {"participant": "abc"}, **PL)
    assert page.status_code == 200
    assert "Wpisz liczbę całkowitą." in page.content.decode()
    assert _page_names(page) == []
    assert client.get("/api/v1/outcomes/", {"kind": "lottery"}, **PL).status_code == 400
    assert client.get("/api/v1/outcomes/", {"achieved_from": "x"}, **PL).status_code == 400


def test_the_outcome_lists_keep_their_scope(cast, outcomes, client_for):
    client = client_for(cast.pracownik2)
    assert _page_names(client.get(reverse("support:outcome_register"))) == []
    assert client.get("/api/v1/outcomes/").json()["count"] == 0
