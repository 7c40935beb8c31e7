"""The case list and the queue: paged in the database, filtered and sorted by one FilterSet each
(szansa/domain/work/filters.py) that the page and the API both use, the filters kept in the URL."""

import datetime

import pytest
from django.urls import reverse

from szansa.domain.work import services
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def cases(cast):
    """Three cases of team A's people: Białczyk (urgent, 2025-04-10), Nowak (2025-04-12) and
    Kowal (2025-04-14)."""
    made = {}
    for last_name, opened_on, urgent in (
        ("Białczyk", D(2025, 4, 10), True),
        ("Nowak", D(2025, 4, 12), False),
        ("Kowal", D(2025, 4, 14), False),
    ):
        person = PersonFactory(last_name=last_name, responsible_worker=cast.pracownik)
        made[last_name] = services.case_open(
            actor=cast.referent, person=person, benefit="zasiłek okresowy", opened_on=opened_on, urgent=urgent
        )
    return made


def _page_names(response):
    return [case.person.last_name for case in response.context["cases"]]


def test_the_case_list_and_the_api_filter_alike(cast, cases, client_for):
    client = client_for(cast.kierownik)
    name_of = {case.pk: name for name, case in cases.items()}
    for params, expected in (
        ({"q": "bialczyk"}, ["Białczyk"]),
        ({"urgent": "true"}, ["Białczyk"]),
        ({"opened_from": "2025-04-11"}, ["Kowal", "Nowak"]),
        ({"ordering": "applicant"}, ["Białczyk", "Kowal", "Nowak"]),
        ({"ordering": "-opened_on"}, ["Kowal", "Nowak", "Białczyk"]),
    ):
        page = client.get(reverse("work:case_list"), params)
        api = client.get("/api/v1/cases/", params).json()["results"]
        api_names = [name_of[row["id"]] for row in api]
        if "ordering" in params:
            assert _page_names(page) == expected == api_names, params
        else:
            assert sorted(_page_names(page)) == expected == sorted(api_names), params


def test_the_case_list_is_paged_without_a_silent_cap(cast, cases, client_for, monkeypatch):
    monkeypatch.setattr("szansa.web.work.views.PAGE_SIZE", 2)
    client = client_for(cast.kierownik)
    first = client.get(reverse("work:case_list"), {"ordering": "opened_on"})
    second = client.get(reverse("work:case_list"), {"ordering": "opened_on", "page": 2})
    # 3 cases by 2 a page: [Białczyk, Nowak] then [Kowal]; the page links keep the sort order.
    assert _page_names(first) == ["Białczyk", "Nowak"]
    assert _page_names(second) == ["Kowal"]
    assert "ordering=opened_on&amp;page=2" in first.content.decode()


def test_an_empty_filter_result_says_so(cast, cases, client_for):
    page = client_for(cast.kierownik).get(reverse("work:case_list"), {"q": "Nikt"}).content.decode()
    assert "Żadna sprawa nie spełnia tych warunków." in page


def test_the_task_api_searches_the_person_without_diacritics(cast, cases, client_for):
    # Each case's community interview is assigned to the person's worker, pracownik: of her three
    # interview tasks, the search finds Białczyk's alone.
    client = client_for(cast.pracownik)
    api = client.get("/api/v1/tasks/", {"q": "bialczyk", "mine": "true"}).json()["results"]
    assert [row["title"] for row in api] == [
        cases["Białczyk"].tasks.get(kind__code="community_interview").title
    ]
