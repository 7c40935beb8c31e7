"""lib.pagination.NarrowPaginator: the page's keys first, then its rows, in the queryset's order."""

import pytest
from django.core.paginator import Paginator
from django.db.models import Value

from szansa.domain.people.models import Person
from szansa.lib.pagination import NarrowPaginator
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    # Five surnames; sorted descending they run E, D, C, B, A.
    return [PersonFactory(last_name=name) for name in ("Cieślak", "Adamczyk", "Ewertowska", "Bąk", "Dudek")]


def _names(page):
    return [p.last_name for p in page]


def test_each_page_holds_the_rows_of_the_plain_paginator_in_the_same_order(people):
    queryset = Person.objects.filter(pk__in=[p.pk for p in people]).order_by("-last_name", "pk")
    narrow, plain = NarrowPaginator(queryset, 2), Paginator(queryset, 2)
    assert narrow.num_pages == plain.num_pages == 3
    for number in (1, 2, 3):
        assert _names(narrow.page(number)) == _names(plain.page(number))
    # By hand: Ewertowska, Dudek | Cieślak, Bąk | Adamczyk.
    assert _names(narrow.page(1)) == ["Ewertowska", "Dudek"]
    assert _names(narrow.page(2)) == ["Cieślak", "Bąk"]
    assert _names(narrow.page(3)) == ["Adamczyk"]


def test_the_rows_keep_their_annotations_and_orphans_join_the_last_page(people):
    queryset = (
        Person.objects.filter(pk__in=[p.pk for p in people])
        .annotate(mark=Value("x"))
        .order_by("last_name", "pk")
    )
    paginator = NarrowPaginator(queryset, 2, orphans=1)
    # Five rows, two a page, one orphan allowed: A, B | C, D, E (the fifth joins the second page).
    assert paginator.num_pages == 2
    last = paginator.get_page(2)
    assert _names(last) == ["Cieślak", "Dudek", "Ewertowska"]
    assert {p.mark for p in last} == {"x"}
