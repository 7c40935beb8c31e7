"""The sheltered-housing lists: the stays, the apartments (on the occupancy board) and a stay's monthly
statements, paged in the database and filtered and sorted by one FilterSet each
(szansa/domain/housing/filters.py) that the page and the API both use, the filters kept in the URL."""

import datetime
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from szansa.domain.housing import services
from szansa.domain.housing.models import Place
from tests.factories import IncomeRecordFactory, PersonFactory
from tests.factories.housing import make_apartment, refer

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def stays(cast, apartment, places):
    """Team A's residents: Nowak (Mieszkanie 1, 2024-01-01..2024-06-30, ended), Białczyk (Mieszkanie 1,
    2025-01-01..2025-12-31, ended) and Kowal (Mieszkanie 2, from 2024-03-01, indefinite: current)."""
    other = make_apartment(cast.admin, name="Mieszkanie 2")
    other_place = Place.objects.filter(room__apartment=other).order_by("label").first()
    made = {}
    for last_name, place, start, end in (
        ("Nowak", places[0], D(2024, 1, 1), D(2024, 6, 30)),
        ("Białczyk", places[1], D(2025, 1, 1), D(2025, 12, 31)),
        ("Kowal", other_place, D(2024, 3, 1), None),
    ):
        person = PersonFactory(last_name=last_name, responsible_worker=cast.pracownik)
        made[last_name] = refer(cast.admin, person, place, start, end)
    return made


def _stay_names(response):
    return [stay.person.last_name for stay in response.context["stays"]]


def test_the_stay_list_and_the_api_filter_and_sort_alike(cast, stays, client_for):
    client = client_for(cast.kierownik)
    name_of = {stay.pk: name for name, stay in stays.items()}
    other = stays["Kowal"].place.room.apartment
    for params, expected in (
        ({"q": "bialczyk"}, ["Białczyk"]),
        ({"apartment": other.pk}, ["Kowal"]),
        ({"on": "2024-04-01"}, ["Kowal", "Nowak"]),
        ({"state": "ended"}, ["Białczyk", "Nowak"]),
        ({"state": "current"}, ["Kowal"]),
        # by default the latest start first: Białczyk 2025-01-01, Kowal 2024-03-01, Nowak 2024-01-01
        ({}, ["Białczyk", "Kowal", "Nowak"]),
        ({"ordering": "resident"}, ["Białczyk", "Kowal", "Nowak"]),
        ({"ordering": "-resident"}, ["Nowak", "Kowal", "Białczyk"]),
        ({"ordering": "occupied_from"}, ["Nowak", "Kowal", "Białczyk"]),
        # an indefinite stay (no end) sorts after every end, and first in reverse (PostgreSQL's NULLs)
        ({"ordering": "occupied_to"}, ["Nowak", "Białczyk", "Kowal"]),
        ({"ordering": "-occupied_to"}, ["Kowal", "Białczyk", "Nowak"]),
    ):
        page = client.get(reverse("housing:stay_list"), params)
        assert page.status_code == 200
        api = client.get("/api/v1/stays/", params)
        assert api.status_code == 200
        api_names = [name_of[row["id"]] for row in api.json()["results"]]
        if "ordering" in params or not params:
            assert _stay_names(page) == expected == api_names, params
        else:
            assert sorted(_stay_names(page)) == expected == sorted(api_names), params


def test_the_stay_list_is_paged_and_the_pager_keeps_the_filters(cast, stays, client_for, monkeypatch):
    monkeypatch.setattr("szansa.web.housing.views.PAGE_SIZE", 2)
    client = client_for(cast.kierownik)
    params = {"on": "", "ordering": "resident"}
    first = client.get(reverse("housing:stay_list"), params)
    second = client.get(reverse("housing:stay_list"), {**params, "page": 2})
    # 3 stays by 2 a page: [Białczyk, Kowal] then [Nowak]
    assert _stay_names(first) == ["Białczyk", "Kowal"]
    assert _stay_names(second) == ["Nowak"]
    html = first.content.decode()
    assert "on=&amp;ordering=resident&amp;page=2" in html
    assert 'href="?on=&amp;ordering=-resident"' in html  # the sorted column's header reverses it


def test_an_invalid_stay_filter_is_a_polish_message_and_a_400(cast, stays, client_for):
    client = client_for(cast.kierownik)
    page = client.get(reverse("housing:stay_list"), {"on": "wczoraj", "apartment": "pierwsze"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Wpisz poprawną datę." in html and "Wpisz liczbę." in html
    assert sorted(_stay_names(page)) == ["Białczyk", "Kowal", "Nowak"]  # the list stays whole
    for params in ({"on": "wczoraj"}, {"apartment": "pierwsze"}, {"state": "x"}, {"ordering": "notes"}):
        assert client.get("/api/v1/stays/", params).status_code == 400, params


def test_the_stay_list_keeps_the_scope_and_logs_the_names_shown(cast, stays, client_for):
    # team B's worker sees none of team A's residents, on the page or in the API
    other_team = client_for(cast.pracownik2)
    assert _stay_names(other_team.get(reverse("housing:stay_list"), {"ordering": "resident"})) == []
    assert other_team.get("/api/v1/stays/", {"ordering": "resident"}).json()["results"] == []
    assert sorted(_stay_names(client_for(cast.pracownik).get(reverse("housing:stay_list")))) == [
        "Białczyk",
        "Kowal",
        "Nowak",
    ]
    assert LogEntry.objects.filter(
        object_pk=str(stays["Nowak"].person.pk), action=LogEntry.Action.ACCESS, actor=cast.pracownik
    ).exists()


# --- apartments --------------------------------------------------------------------------------------------


@pytest.fixture
def flats(cast, apartment):
    """Mieszkanie 1 (Andrychów, the fixture's), Mieszkanie 2 (Andrychów) and Mieszkanie 3 (Wadowice)."""
    make_apartment(cast.admin, name="Mieszkanie 2")
    make_apartment(cast.admin, name="Mieszkanie 3", town="Wadowice")


def _board_names(response):
    return [flat.apartment.name for flat in response.context["board"].apartments]


def test_the_board_and_the_api_filter_and_sort_the_apartments_alike(cast, flats, client_for):
    client = client_for(cast.kierownik)
    for params, expected in (
        ({"q": "wadowice"}, ["Mieszkanie 3"]),
        ({"open": "true"}, ["Mieszkanie 1", "Mieszkanie 2", "Mieszkanie 3"]),
        ({"open": "false"}, []),
        ({"ordering": "name"}, ["Mieszkanie 1", "Mieszkanie 2", "Mieszkanie 3"]),
        ({"ordering": "-name"}, ["Mieszkanie 3", "Mieszkanie 2", "Mieszkanie 1"]),
        # Andrychów before Wadowice; the two in Andrychów by id
        ({"ordering": "-town"}, ["Mieszkanie 3", "Mieszkanie 1", "Mieszkanie 2"]),
    ):
        page = client.get(reverse("housing:occupancy_board"), params)
        assert page.status_code == 200
        api = client.get("/api/v1/apartments/", params)
        assert api.status_code == 200
        api_names = [row["name"] for row in api.json()["results"]]
        if "ordering" in params:
            assert _board_names(page) == expected == api_names, params
        else:
            assert sorted(_board_names(page)) == expected == sorted(api_names), params


def test_the_board_pages_its_apartments_keeping_the_months_and_the_filters(
    cast, flats, client_for, monkeypatch
):
    monkeypatch.setattr("szansa.web.housing.views.PAGE_SIZE", 2)
    client = client_for(cast.kierownik)
    params = {"od": "2024-01", "ordering": "-name"}
    first = client.get(reverse("housing:occupancy_board"), params)
    second = client.get(reverse("housing:occupancy_board"), {**params, "page": 2})
    # 3 apartments by 2 a page: [3, 2] then [1]; the footer then totals the page's apartments only
    assert _board_names(first) == ["Mieszkanie 3", "Mieszkanie 2"]
    assert _board_names(second) == ["Mieszkanie 1"]
    html = first.content.decode()
    assert "od=2024-01&amp;ordering=-name&amp;page=2" in html
    assert "Mieszkania na tej stronie" in html
    # the months' links keep the filters
    assert "?ordering=-name&amp;od=2023-07" in html


def test_an_invalid_apartment_filter_is_a_polish_message_and_a_400(cast, flats, client_for):
    client = client_for(cast.kierownik)
    page = client.get(reverse("housing:occupancy_board"), {"group_served": "students"})
    assert page.status_code == 200
    assert "Wybierz poprawną wartość." in page.content.decode()
    assert client.get("/api/v1/apartments/", {"group_served": "students"}).status_code == 400
    assert client.get("/api/v1/apartments/", {"ordering": "notes"}).status_code == 400


def test_the_apartments_keep_their_scope(cast, flats, carer, client_for):
    # the specialist serves Mieszkanie 1 only (the carer fixture)
    specialist = client_for(cast.specjalista)
    assert _board_names(specialist.get(reverse("housing:occupancy_board"), {"ordering": "name"})) == [
        "Mieszkanie 1"
    ]
    assert [row["name"] for row in specialist.get("/api/v1/apartments/").json()["results"]] == [
        "Mieszkanie 1"
    ]


# --- a stay's monthly statements ---------------------------------------------------------------------------


@pytest.fixture
def statements(cast, places, resident):
    """January-March 2024, income 1 000 zł a month: 10 % = 100 zł due each month (the first band above
    the 776 zł criterion); February paid in full. Arrears to date: January 100, February 100, March 200."""
    stay = refer(cast.admin, resident, places[0], D(2024, 1, 1), D(2024, 12, 31))
    for month in (D(2024, 1, 1), D(2024, 2, 1), D(2024, 3, 1)):
        IncomeRecordFactory(person=resident, month=month, net_amount=Decimal("1000.00"))
    made = services.statements_generate(actor=cast.referent, stay=stay, until=D(2024, 3, 15))
    services.payment_record(
        actor=cast.referent, statement=made[1], amount=Decimal("100.00"), on=D(2024, 2, 20)
    )
    return stay


def _rows(response):
    return [(statement.month.month, statement.running) for statement in response.context["statements"]]


def test_the_statements_are_filtered_sorted_and_keep_their_arrears_to_date(cast, statements, client_for):
    client = client_for(cast.kierownik)
    url = reverse("housing:stay_detail", args=[statements.pk])
    hundred, two_hundred = Decimal("100.00"), Decimal("200.00")
    assert _rows(client.get(url)) == [(1, hundred), (2, hundred), (3, two_hundred)]
    assert _rows(client.get(url, {"ordering": "-month"})) == [(3, two_hundred), (2, hundred), (1, hundred)]
    # paid: 0, 100, 0 → ascending January, March (ties by id), then February
    assert [m for m, _ in _rows(client.get(url, {"ordering": "paid_amount"}))] == [1, 3, 2]
    # descending February first; the tie still by id (the order ends with the ascending primary key)
    assert [m for m, _ in _rows(client.get(url, {"ordering": "-paid_amount"}))] == [2, 1, 3]
    # the filter hides February, and March's arrears still count January's 100 zł
    assert _rows(client.get(url, {"unpaid": "true"})) == [(1, hundred), (3, two_hundred)]
    assert _rows(client.get(url, {"month_from": "2024-02-01"})) == [(2, hundred), (3, two_hundred)]


def test_the_statements_are_paged_keeping_the_filters(cast, statements, client_for, monkeypatch):
    monkeypatch.setattr("szansa.web.housing.views.PAGE_SIZE", 2)
    client = client_for(cast.kierownik)
    url = reverse("housing:stay_detail", args=[statements.pk])
    first = client.get(url, {"ordering": "-month"})
    second = client.get(url, {"ordering": "-month", "page": 2})
    assert [m for m, _ in _rows(first)] == [3, 2]
    assert _rows(second) == [(1, Decimal("100.00"))]
    assert "ordering=-month&amp;page=2" in first.content.decode()


def test_an_invalid_statement_filter_is_a_polish_message(cast, statements, client_for):
    page = client_for(cast.kierownik).get(
        reverse("housing:stay_detail", args=[statements.pk]), {"month_from": "styczeń"}
    )
    assert page.status_code == 200
    assert "Wpisz poprawną datę." in page.content.decode()
    assert [m for m, _ in _rows(page)] == [1, 2, 3]


def test_the_statements_stay_hidden_from_who_may_not_see_fees(cast, statements, carer, client_for):
    # the carer (a specialist) sees the stay but not its fees: no statements in the page
    page = client_for(carer).get(reverse("housing:stay_detail", args=[statements.pk]), {"ordering": "month"})
    assert page.status_code == 200
    assert "statements" not in page.context
