"""The name search ignores diacritics and case (szansa/lib/text.py, people.models.normalise_name), and on
PostgreSQL it is still answered from the trigram index."""

import pytest
from django.db import connection

from szansa.domain.people.models import Person
from szansa.lib.text import fold
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_folding_removes_polish_diacritics_and_case():
    # Each Polish letter by hand: ą ć ę ł ń ó ś ź ż and their capitals.
    assert fold("ĄĆĘŁŃÓŚŹŻ ąćęłńóśźż") == "acelnoszz acelnoszz"
    assert fold("  Białczyk   Żaneta ") == "bialczyk zaneta"


@pytest.mark.parametrize("typed", ["Bialczyk", "białczyk", "BIAŁCZYK", "bialcz", "zaneta bialczyk"])
def test_a_search_finds_the_name_with_or_without_diacritics(typed):
    wanted = PersonFactory(first_name="Żaneta", last_name="Białczyk")
    PersonFactory(first_name="Jan", last_name="Balczyk")  # shares letters, not the words

    assert list(Person.objects.search(typed)) == [wanted]


def test_a_name_typed_with_diacritics_finds_one_stored_without():
    wanted = PersonFactory(first_name="Zaneta", last_name="Bialczyk")

    assert list(Person.objects.search("Białczyk Żaneta")) == [wanted]


def test_the_search_plan_uses_the_trigram_index():
    if connection.vendor != "postgresql":
        pytest.skip("the trigram index exists on PostgreSQL only")
    PersonFactory(first_name="Żaneta", last_name="Białczyk")
    # Without the list's order: on a tiny table the planner would walk the name-order index instead.
    query = Person.objects.search("bialczyk").order_by()
    with connection.cursor() as cursor:
        # A test table is tiny: without this the planner rightly prefers a sequential scan.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        sql, params = query.query.sql_with_params()
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "person_search_trgm" in plan, plan
