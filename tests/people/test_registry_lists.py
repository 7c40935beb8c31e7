"""The person list: sorted by its columns with the `ordering` of one FilterSet (people.filters.PersonFilter)
that the page and /api/v1/persons/ both use, paged in the database, the sort order kept by the pager and by
a search (which is posted, never put in a URL)."""

import datetime
import re

import pytest
from django.urls import reverse

from tests.factories import PersonFactory, SocialWorkerFactory, TeamFactory

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def team_c(cast):
    """Team C's four people, made in this order: Białczyk Anna (1990, Wadowice), Nowak Jan (1970,
    Andrychów), Kowal Ewa (1985, Kęty), Kowal Adam (1999, Andrychów)."""
    team = TeamFactory(name="Zespół C")
    worker = SocialWorkerFactory(team=team)
    for last_name, first_name, born, town in (
        ("Białczyk", "Anna", D(1990, 5, 1), "Wadowice"),
        ("Nowak", "Jan", D(1970, 1, 2), "Andrychów"),
        ("Kowal", "Ewa", D(1985, 7, 7), "Kęty"),
        ("Kowal", "Adam", D(1999, 1, 1), "Andrychów"),
    ):
        PersonFactory(
            last_name=last_name, first_name=first_name, birth_date=born, town=town, responsible_worker=worker
        )
    return team


def _page_names(response):
    return [f"{person.last_name} {person.first_name}" for person in response.context["page"].object_list]


def _api_names(response):
    assert response.status_code == 200, response.content
    return [f"{row['last_name']} {row['first_name']}" for row in response.json()["results"]]


@pytest.mark.parametrize(
    ("ordering", "expected"),
    [
        # no order asked: the registry's own, by last name, then first name
        ("", ["Białczyk Anna", "Kowal Adam", "Kowal Ewa", "Nowak Jan"]),
        ("name", ["Białczyk Anna", "Kowal Adam", "Kowal Ewa", "Nowak Jan"]),
        ("-name", ["Nowak Jan", "Kowal Ewa", "Kowal Adam", "Białczyk Anna"]),
        # 1970, 1985, 1990, 1999
        ("birth_date", ["Nowak Jan", "Kowal Ewa", "Białczyk Anna", "Kowal Adam"]),
        ("-birth_date", ["Kowal Adam", "Białczyk Anna", "Kowal Ewa", "Nowak Jan"]),
        # Andrychów (Nowak made before Kowal Adam: the primary key breaks the tie), Kęty, Wadowice
        ("town", ["Nowak Jan", "Kowal Adam", "Kowal Ewa", "Białczyk Anna"]),
        ("-town", ["Białczyk Anna", "Kowal Ewa", "Nowak Jan", "Kowal Adam"]),
    ],
)
def test_the_page_and_the_api_sort_the_team_alike(cast, team_c, client_for, ordering, expected):
    client = client_for(cast.kierownik)
    params = {"team": team_c.pk, "ordering": ordering}
    page = client.get(reverse("people:person_list"), params)
    api = client.get("/api/v1/persons/", params)
    assert _page_names(page) == expected == _api_names(api)


def test_a_posted_search_is_sorted_and_its_headers_post_the_search_again(cast, team_c, client_for):
    client = client_for(cast.kierownik)
    page = client.post(reverse("people:person_list"), {"q": "kowal", "ordering": "-name"})
    api = client.get("/api/v1/persons/", {"search": "kowal", "ordering": "-name"})
    assert _page_names(page) == ["Kowal Ewa", "Kowal Adam"] == _api_names(api)
    html = page.content.decode()
    # The name column, sorted descending, posts the form (with the search) to sort ascending.
    assert re.search(r'<th scope="col" aria-sort="descending"><button[^>]*name="ordering" value="name"', html)
    assert 'name="ordering" value="-name" form="person-search"' in html  # the order the form posts next
    assert "q=kowal" not in html  # the search term is in no link


def test_a_get_sorts_with_links_that_keep_the_filters(cast, team_c, client_for):
    page = client_for(cast.kierownik).get(
        reverse("people:person_list"), {"team": team_c.pk, "ordering": "name"}
    )
    html = page.content.decode()
    assert f'aria-sort="ascending"><a href="?team={team_c.pk}&amp;ordering=-name">' in html


def test_the_list_is_paged_and_the_pager_keeps_the_filters_and_the_order(
    cast, team_c, client_for, monkeypatch
):
    monkeypatch.setattr("szansa.web.people.views.PAGE_SIZE", 2)
    client = client_for(cast.kierownik)
    first = client.get(reverse("people:person_list"), {"team": team_c.pk, "ordering": "birth_date"})
    # 4 people by 2 a page, by birth date: [Nowak 1970, Kowal Ewa 1985] then [Białczyk 1990, Kowal Adam 1999]
    assert _page_names(first) == ["Nowak Jan", "Kowal Ewa"]
    html = first.content.decode()
    # The pager posts the search form, which holds the team and the order.
    assert 'name="page" value="2"' in html
    assert f'<option value="{team_c.pk}" selected>' in html
    assert 'name="ordering" value="birth_date" form="person-search"' in html
    second = client.post(
        reverse("people:person_list"), {"team": team_c.pk, "ordering": "birth_date", "page": "2"}
    )
    assert _page_names(second) == ["Białczyk Anna", "Kowal Adam"]
    assert _page_names(client.get(reverse("people:person_list"), {"team": team_c.pk, "page": "2"}))


def test_an_unknown_sort_order_is_refused_in_polish_and_with_400(cast, team_c, client_for):
    client = client_for(cast.kierownik)
    page = client.get(reverse("people:person_list"), {"team": team_c.pk, "ordering": "pesel_hash"})
    assert page.status_code == 200
    assert "Wybierz poprawną wartość." in page.content.decode()
    # the list stays, in the registry's own order
    assert _page_names(page) == ["Białczyk Anna", "Kowal Adam", "Kowal Ewa", "Nowak Jan"]
    api = client.get("/api/v1/persons/", {"team": team_c.pk, "ordering": "pesel_hash"})
    assert api.status_code == 400
    assert "ordering" in api.json()
