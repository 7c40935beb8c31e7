"""Lists sorted by a text column follow Polish order (lib.filters.polish_order, the ICU collation
"pl-x-icu"), not the code points of the C-locale cluster, on the page and in the API alike."""

import types

import pytest
from django.urls import reverse

from szansa.domain.people.filters import PersonFilter
from szansa.domain.people.models import Person
from szansa.lib import filters
from szansa.lib.pagination import NarrowPaginator
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


def test_the_narrow_paginator_reads_a_fixed_order_of_names_in_polish_order():
    """lib.pagination.NarrowPaginator (the recruitment board) collates a text column of the order it is
    given, as the sorted lists do: by hand, Lis, Łoś, Mazur | Sowa, Śliwa, Tomczak | Zawada, Żak."""
    names = ["Żak", "Śliwa", "Łoś", "Zawada", "Tomczak", "Sowa", "Mazur", "Lis"]
    made = [PersonFactory(last_name=name) for name in names]
    queryset = Person.objects.filter(pk__in=[p.pk for p in made]).order_by("last_name", "pk")
    paginator = NarrowPaginator(queryset, 3)
    pages = [[p.last_name for p in paginator.page(number)] for number in (1, 2, 3)]
    assert pages == [["Lis", "Łoś", "Mazur"], ["Sowa", "Śliwa", "Tomczak"], ["Zawada", "Żak"]]


def test_a_column_of_a_related_row_is_collated_too():
    """The team's name (responsible_worker__team__name) through a join: Lipa, Łąka, Mak (code points
    would give Lipa, Mak, Łąka)."""
    made = []
    for name in ("Zespół Mak", "Zespół Łąka", "Zespół Lipa"):
        worker = SocialWorkerFactory(team=TeamFactory(name=name))
        made.append(PersonFactory(responsible_worker=worker))
    queryset = Person.objects.filter(pk__in=[p.pk for p in made])
    sorted_ = PersonFilter({"ordering": "team"}, queryset=queryset).qs
    assert [p.responsible_worker.team.name for p in sorted_] == ["Zespół Lipa", "Zespół Łąka", "Zespół Mak"]
