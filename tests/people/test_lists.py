"""The household list: paged in the database in a set order, filtered and sorted by one FilterSet
(szansa/domain/people/filters.py) that the page and /api/v1/households/ both use; a reader finds a
household only by a member they may see."""

import warnings

import pytest
from django.core.paginator import UnorderedObjectListWarning
from django.urls import reverse

from tests.factories import PersonFactory
from tests.factories.people import HouseholdFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def households(cast):
    """H1: Białczyk (team A's worker) and Zając (team B's), a multi-problem family; H2: Nowak (team A);
    H3: Kowal (team B)."""
    h1 = HouseholdFactory(multi_problem_family=True)
    h2 = HouseholdFactory()
    h3 = HouseholdFactory()
    for household, last_name, worker, relation in (
        (h1, "Białczyk", cast.pracownik, "head"),
        (h1, "Zając", cast.pracownik2, "spouse"),
        (h2, "Nowak", cast.pracownik, "head"),
        (h3, "Kowal", cast.pracownik2, "head"),
    ):
        PersonFactory(
            last_name=last_name, household=household, household_relation=relation, responsible_worker=worker
        )
    return {"H1": h1, "H2": h2, "H3": h3}


def _page_names(response, name_of):
    return [name_of[household.pk] for household in response.context["page"]]


def test_the_household_page_and_the_api_filter_and_sort_alike(cast, households, client_for):
    client = client_for(cast.kierownik)
    name_of = {household.pk: name for name, household in households.items()}
    for params, expected in (
        ({"q": "bialczyk"}, ["H1"]),
        ({"q": "ZAJAC"}, ["H1"]),
        ({"multi_problem_family": "true"}, ["H1"]),
        # sizes 2, 1, 1: H2 and H3 tie and keep the order of their ids either way
        ({"ordering": "size"}, ["H2", "H3", "H1"]),
        ({"ordering": "-size"}, ["H1", "H2", "H3"]),
    ):
        page = client.get(reverse("people:household_list"), params)
        api = [name_of[row["id"]] for row in client.get("/api/v1/households/", params).json()["results"]]
        if "ordering" in params:
            assert _page_names(page, name_of) == expected == api, params
        else:
            assert sorted(_page_names(page, name_of)) == expected == sorted(api), params


def test_a_worker_sees_the_same_households_and_finds_none_by_a_member_they_may_not_see(
    cast, households, client_for
):
    client = client_for(cast.pracownik)
    name_of = {household.pk: name for name, household in households.items()}
    # team A's worker sees H1 (Białczyk) and H2 (Nowak), not H3 (Kowal of team B)
    page = client.get(reverse("people:household_list"))
    assert sorted(_page_names(page, name_of)) == ["H1", "H2"]
    assert sorted(name_of[row["id"]] for row in client.get("/api/v1/households/").json()["results"]) == [
        "H1",
        "H2",
    ]
    # Zając is in H1 but served by team B: searching her name finds nothing for this worker
    hidden = client.get(reverse("people:household_list"), {"q": "Zając"})
    assert list(hidden.context["page"]) == []
    assert "Żadne gospodarstwo domowe nie spełnia tych warunków." in hidden.content.decode()
    assert client.get("/api/v1/households/", {"q": "Zając"}).json()["count"] == 0


def test_the_household_pages_are_ordered_and_keep_the_sort_in_the_pager(
    cast, households, client_for, monkeypatch
):
    monkeypatch.setattr("szansa.web.people.views.PAGE_SIZE", 2)
    client = client_for(cast.kierownik)
    name_of = {household.pk: name for name, household in households.items()}
    with warnings.catch_warnings():
        warnings.simplefilter("error", UnorderedObjectListWarning)
        first = client.get(reverse("people:household_list"))
        sorted_first = client.get(reverse("people:household_list"), {"ordering": "size"})
        second = client.get(reverse("people:household_list"), {"ordering": "size", "page": 2})
    # by id: [H1, H2] then [H3]; by size: [H2, H3] then [H1]
    assert _page_names(first, name_of) == ["H1", "H2"]
    assert _page_names(second, name_of) == ["H1"]
    assert "ordering=size&amp;page=2" in sorted_first.content.decode()
