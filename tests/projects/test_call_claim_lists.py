"""The register of calls and the payment claims of a project: paged in the database, filtered and sorted by
one FilterSet each (szansa/domain/projects/filters.py: CallFilter, PaymentClaimFilter) that the page and the
API both use, the filters kept in the pager links; an invalid filter is a Polish message on the page and a
400 in the API."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from szansa.domain.projects.models import PaymentClaim
from tests.factories.projects import CallFactory, ProjectFactory

pytestmark = pytest.mark.django_db

D = datetime.date


# --- calls -------------------------------------------------------------------------------------------------


@pytest.fixture
def calls(db):
    """Three calls: A (announced 2018-03-01, 2 mln zł, deadline passed), B (2019-05-10, 5 mln zł, no
    deadline: still open) and C (2017-11-20, 1 mln zł, deadline passed, title "Usługi społeczne")."""
    return {
        "A": CallFactory(
            number="CALL-A/18", announced_on=D(2018, 3, 1), funds_available=Decimal("2000000.00")
        ),
        "B": CallFactory(
            number="CALL-B/19",
            announced_on=D(2019, 5, 10),
            deadline=None,
            funds_available=Decimal("5000000.00"),
        ),
        "C": CallFactory(
            number="CALL-C/17",
            title="Usługi społeczne",
            announced_on=D(2017, 11, 20),
            deadline=D(2017, 12, 31),
            funds_available=Decimal("1000000.00"),
        ),
    }


def _call_names(response):
    return [call.number.split("-")[1][0] for call in response.context["calls"]]


def test_the_call_register_and_the_api_filter_and_sort_alike(cast, calls, client_for):
    client = client_for(cast.kierownik)
    name_of = {call.pk: name for name, call in calls.items()}
    for params, expected in (
        ({"q": "społeczne"}, ["C"]),
        ({"q": "call-a"}, ["A"]),
        ({"state": "open"}, ["B"]),
        ({"state": "closed"}, ["A", "C"]),
        ({"announced_from": "2018-01-01"}, ["A", "B"]),
        ({"announced_to": "2018-03-01"}, ["A", "C"]),
        # by default (and by -announced_on) the newest first: B 2019, A 2018, C 2017
        ({}, ["B", "A", "C"]),
        ({"ordering": "announced_on"}, ["C", "A", "B"]),
        ({"ordering": "-announced_on"}, ["B", "A", "C"]),
        # 1 mln (C) < 2 mln (A) < 5 mln (B)
        ({"ordering": "funds_available"}, ["C", "A", "B"]),
        ({"ordering": "-funds_available"}, ["B", "A", "C"]),
        ({"ordering": "number"}, ["A", "B", "C"]),
        ({"ordering": "-number"}, ["C", "B", "A"]),
    ):
        page = client.get(reverse("projects:call_list"), params)
        assert page.status_code == 200
        api = client.get("/api/v1/calls/", params)
        assert api.status_code == 200
        api_names = [name_of[row["id"]] for row in api.json()["results"]]
        if "ordering" in params or not params:
            assert _call_names(page) == expected == api_names, params
        else:
            assert sorted(_call_names(page)) == expected == sorted(api_names), params


def test_the_call_register_is_paged_and_the_pager_keeps_the_filters(cast, calls, client_for, monkeypatch):
    monkeypatch.setattr("szansa.web.projects.views.PAGE_SIZE", 2)
    client = client_for(cast.kierownik)
    params = {"q": "call", "ordering": "announced_on"}
    first = client.get(reverse("projects:call_list"), params)
    second = client.get(reverse("projects:call_list"), {**params, "page": 2})
    # 3 calls by 2 a page, oldest first: [C, A] then [B]
    assert _call_names(first) == ["C", "A"]
    assert _call_names(second) == ["B"]
    assert "q=call&amp;ordering=announced_on&amp;page=2" in first.content.decode()
    # the column headers sort, keeping the filter: a second click on the sorted column reverses
    assert 'href="?q=call&amp;ordering=-announced_on"' in first.content.decode()


def test_an_invalid_call_filter_is_a_polish_message_and_a_400(cast, calls, client_for):
    client = client_for(cast.kierownik)
    page = client.get(reverse("projects:call_list"), {"announced_from": "jutro", "state": "any"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Wpisz poprawną datę." in html
    assert "Wybierz poprawną wartość." in html
    assert client.get("/api/v1/calls/", {"announced_from": "jutro"}).status_code == 400
    assert client.get("/api/v1/calls/", {"ordering": "title"}).status_code == 400


def test_the_call_register_keeps_its_permissions(cast, calls, client_for):
    assert (
        client_for(cast.audytor).get(reverse("projects:call_list"), {"ordering": "number"}).status_code == 200
    )
    assert client_for(cast.specjalista).get(reverse("projects:call_list")).status_code == 403
    assert client_for(cast.specjalista).get("/api/v1/calls/", {"ordering": "number"}).status_code == 403


# --- payment claims ----------------------------------------------------------------------------------------


@pytest.fixture
def claims(db):
    """A project nobody is assigned to (the manager sees every project) with three claims:
    Q1 (2019-01-01..03-31, 30 000 zł, paid), Q2 (04-01..06-30, 10 000 zł, submitted) and
    Q3 (07-01..09-30, 20 000 zł, draft); and a claim of another project."""
    project = ProjectFactory()
    made = {}
    for number, start, end, amount, status in (
        ("Q1", D(2019, 1, 1), D(2019, 3, 31), "30000.00", "paid"),
        ("Q2", D(2019, 4, 1), D(2019, 6, 30), "10000.00", "submitted"),
        ("Q3", D(2019, 7, 1), D(2019, 9, 30), "20000.00", "draft"),
    ):
        made[number] = PaymentClaim.objects.create(
            project=project,
            number=number,
            period_from=start,
            period_to=end,
            amount_claimed=Decimal(amount),
            status=status,
            submitted_on=None if status == "draft" else end + datetime.timedelta(days=10),
        )
    PaymentClaim.objects.create(
        project=ProjectFactory(),
        number="OTHER",
        period_from=D(2019, 1, 1),
        period_to=D(2019, 3, 31),
        amount_claimed=Decimal("1.00"),
    )
    return project, made


def _claim_numbers(response):
    return [claim.number for claim in response.context["claims"]]


def test_the_budget_page_and_the_api_filter_and_sort_the_claims_alike(cast, claims, client_for):
    project, made = claims
    client = client_for(cast.kierownik)
    url = reverse("projects:budget", args=[project.pk])
    number_of = {claim.pk: number for number, claim in made.items()}
    for params, expected in (
        ({"status": "submitted"}, ["Q2"]),
        # claims whose period ends on or after 1 May: Q2, Q3; begins on or before 1 May: Q1, Q2
        ({"period_from": "2019-05-01"}, ["Q2", "Q3"]),
        ({"period_to": "2019-05-01"}, ["Q1", "Q2"]),
        ({}, ["Q1", "Q2", "Q3"]),
        ({"ordering": "amount_claimed"}, ["Q2", "Q3", "Q1"]),
        ({"ordering": "-amount_claimed"}, ["Q1", "Q3", "Q2"]),
        ({"ordering": "-period"}, ["Q3", "Q2", "Q1"]),
        ({"ordering": "status"}, ["Q3", "Q1", "Q2"]),  # draft < paid < submitted (alphabetical codes)
    ):
        page = client.get(url, {f"claims-{key}": value for key, value in params.items()})
        assert page.status_code == 200
        api = client.get("/api/v1/payment-claims/", {"project": project.pk, **params})
        assert api.status_code == 200
        api_numbers = [number_of[row["id"]] for row in api.json()["results"]]
        if "ordering" in params or not params:
            assert _claim_numbers(page) == expected == api_numbers, params
        else:
            assert sorted(_claim_numbers(page)) == expected == sorted(api_numbers), params


def test_the_claims_are_paged_and_their_pager_keeps_both_lists_filters(cast, claims, client_for, monkeypatch):
    monkeypatch.setattr("szansa.web.projects.views.PAGE_SIZE", 2)
    project, _ = claims
    client = client_for(cast.kierownik)
    url = reverse("projects:budget", args=[project.pk])
    params = {"claims-ordering": "-amount_claimed", "q": "FV"}
    first = client.get(url, params)
    second = client.get(url, {**params, "claims-page": 2})
    # 3 claims by 2 a page, the largest first: [Q1 30 000, Q3 20 000] then [Q2 10 000]
    assert _claim_numbers(first) == ["Q1", "Q3"]
    assert _claim_numbers(second) == ["Q2"]
    html = first.content.decode()
    assert "claims-ordering=-amount_claimed&amp;q=FV&amp;claims-page=2#claims" in html
    # the sortable headers of the claims use their own parameter and keep the expenditures' filter
    assert 'href="?claims-ordering=amount_claimed&amp;q=FV"' in html


def test_an_invalid_claim_filter_is_a_polish_message_and_a_400(cast, claims, client_for):
    project, _ = claims
    client = client_for(cast.kierownik)
    page = client.get(reverse("projects:budget", args=[project.pk]), {"claims-period_from": "31.02.2019"})
    assert page.status_code == 200
    assert "Wpisz poprawną datę." in page.content.decode()
    assert _claim_numbers(page) == ["Q1", "Q2", "Q3"]  # the list stays whole under the error
    for params in ({"status": "lost"}, {"period_to": "x"}, {"project": "abc"}, {"ordering": "notes"}):
        assert client.get("/api/v1/payment-claims/", params).status_code == 400, params


def test_the_claims_keep_their_scope(cast, claims, client_for):
    project, made = claims
    # a specialist sees only the projects assigned to them: not this one, so no claim and a 404 page
    specialist = client_for(cast.specjalista)
    assert specialist.get(reverse("projects:budget", args=[project.pk])).status_code == 404
    assert specialist.get("/api/v1/payment-claims/", {"status": "paid"}).json()["results"] == []
    # the manager sees both projects' claims without the project filter
    rows = client_for(cast.kierownik).get("/api/v1/payment-claims/").json()["results"]
    assert len(rows) == 4
