"""Lists sorted by a text column follow Polish order (lib.filters.polish_order, the ICU collation
"pl-x-icu"), not the code points of the C-locale cluster, on the page and in the API alike."""

import types

import pytest
from django.urls import reverse

from szansa.domain.people.models import Person
from szansa.lib import filters
from tests.factories import PersonFactory, SocialWorkerFactory, TeamFactory

pytestmark = pytest.mark.django_db

# Polish alphabet: … l ł m … s ś t … z ź ż. By code point (the C locale) Ł (U+0141), Ś (U+015A) and
# Ż (U+017B) all come after every ASCII letter, so Łoś, Śliwa and Żak would end the list in that order.
POLISH = [
    "Kowal Lucyna",
    "Kowal Łukasz",  # first names break the tie: Lucyna < Łukasz < Maria
    "Kowal Maria",
    "Lis Jan",
    "Łoś Jan",
    "Mazur Jan",
    "Sowa Jan",
    "Śliwa Jan",
    "Tomczak Jan",
    "Zawada Jan",
    "Żak Jan",
]


@pytest.fixture
def team(cast):
    team = TeamFactory(name="Zespół P")
    worker = SocialWorkerFactory(team=team)
    for full in reversed(POLISH):  # made backwards, so the primary key's order is not the answer
        last_name, first_name = full.split()
        PersonFactory(last_name=last_name, first_name=first_name, responsible_worker=worker)
    return team


def _page_names(response):
    return [f"{p.last_name} {p.first_name}" for p in response.context["page"].object_list]


def _api_names(response):
    assert response.status_code == 200, response.content
    return [f"{row['last_name']} {row['first_name']}" for row in response.json()["results"]]


@pytest.mark.parametrize(("ordering", "expected"), [("", POLISH), ("name", POLISH), ("-name", POLISH[::-1])])
def test_the_registry_sorts_names_in_polish_order_on_the_page_and_in_the_api(
    cast, team, client_for, ordering, expected
):
    client = client_for(cast.kierownik)
    params = {"team": team.pk, "ordering": ordering}
    page = client.get(reverse("people:person_list"), params)
    api = client.get("/api/v1/persons/", params)
    assert _page_names(page) == expected == _api_names(api)


def test_a_text_column_is_collated_and_other_columns_are_not():
    assert filters.polish_collation() == "pl-x-icu"  # Debian's PostgreSQL is built with ICU
    collated = filters.polish_order(Person, "-last_name")
    assert collated.descending and collated.expression.collation == "pl-x-icu"
    assert filters.polish_order(Person, "birth_date") == "birth_date"
    assert filters.polish_order(Person, "sex") == "sex"  # a code from choices keeps the database's order


def test_without_postgresql_the_order_is_the_databases_own(monkeypatch):
    """SQLite (the demo) has no ICU collation: the term is left as it is, so the query runs there."""
    monkeypatch.setattr(filters, "connections", {"default": types.SimpleNamespace(vendor="sqlite")})
    assert filters.polish_collation() is None
    assert filters.polish_order(Person, "-last_name") == "-last_name"
