"""The retention review list: paged in the database, filtered and sorted by one FilterSet
(privacy.filters.RetentionReviewFilter), the filters kept in the URL and in the pager's links; the page
access-logs only the people it shows, and still needs privacy.view_retention."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from szansa.domain.privacy.enums import ReviewStatus
from szansa.domain.privacy.models import RetentionReview
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

D = datetime.date
URL = reverse("privacy:review_list")


@pytest.fixture
def reviews(cast):
    """Four people on the review:
    Białczyk: due, listed 2026-01-05, kept until 2024-12-31;
    Nowak: kept by the manager, listed 2026-02-10, kept until 2023-12-31;
    Kowal: approved, listed 2026-03-15, kept until 2025-06-30, anonymised on 2026-04-14;
    Żak: already anonymised, listed 2026-01-20 — never on the list."""
    made = {}
    for last_name, status, listed, until in (
        ("Białczyk", ReviewStatus.DUE, D(2026, 1, 5), D(2024, 12, 31)),
        ("Nowak", ReviewStatus.KEPT, D(2026, 2, 10), D(2023, 12, 31)),
        ("Kowal", ReviewStatus.APPROVED, D(2026, 3, 15), D(2025, 6, 30)),
        ("Żak", ReviewStatus.ANONYMISED, D(2026, 1, 20), D(2022, 12, 31)),
    ):
        person = PersonFactory(first_name="Jan", last_name=last_name, responsible_worker=cast.pracownik)
        decided = status != ReviewStatus.DUE
        made[last_name] = RetentionReview.objects.create(
            person=person,
            status=status,
            listed_on=listed,
            retention_until=until,
            holding_record="teczka osoby",
            decided_by=cast.kierownik if decided else None,
            decided_on=listed + datetime.timedelta(days=5) if decided else None,
            reason="sprawa sądowa w toku" if status == ReviewStatus.KEPT else "",
            anonymise_on=D(2026, 4, 14)
            if status in (ReviewStatus.APPROVED, ReviewStatus.ANONYMISED)
            else None,
            anonymised_on=D(2026, 4, 14) if status == ReviewStatus.ANONYMISED else None,
        )
    return made


def _names(response):
    assert response.status_code == 200
    return [review.person.last_name for review in response.context["reviews"]]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        # the list's own order: kept until, oldest first (Nowak 2023, Białczyk 2024, Kowal 2025); Żak never
        ({}, ["Nowak", "Białczyk", "Kowal"]),
        ({"status": "due"}, ["Białczyk"]),
        ({"status": "kept"}, ["Nowak"]),
        ({"status": "approved"}, ["Kowal"]),
        # listed 2026-02-10 or later: Nowak (02-10) and Kowal (03-15); Żak (01-20) is anonymised
        ({"listed_from": "2026-02-10"}, ["Nowak", "Kowal"]),
        ({"listed_to": "2026-02-10"}, ["Nowak", "Białczyk"]),
        ({"listed_from": "2026-01-06", "listed_to": "2026-03-14"}, ["Nowak"]),
        # the name typed without Polish letters, any case, several words
        ({"q": "bialczyk"}, ["Białczyk"]),
        ({"q": "JAN now"}, ["Nowak"]),
        ({"q": "zak"}, []),  # Żak is anonymised, off the list
        ({"ordering": "person"}, ["Białczyk", "Kowal", "Nowak"]),
        ({"ordering": "-person"}, ["Nowak", "Kowal", "Białczyk"]),
        ({"ordering": "listed_on"}, ["Białczyk", "Nowak", "Kowal"]),
        ({"ordering": "-listed_on"}, ["Kowal", "Nowak", "Białczyk"]),
        ({"ordering": "retention_until"}, ["Nowak", "Białczyk", "Kowal"]),
        ({"ordering": "-retention_until"}, ["Kowal", "Białczyk", "Nowak"]),
        # approved < due < kept (the stored values)
        ({"ordering": "status"}, ["Kowal", "Białczyk", "Nowak"]),
        ({"ordering": "-status"}, ["Nowak", "Białczyk", "Kowal"]),
        ({"ordering": "-person", "listed_to": "2026-02-10"}, ["Nowak", "Białczyk"]),
    ],
)
def test_the_list_filters_and_sorts(cast, reviews, client_for, params, expected):
    assert _names(client_for(cast.audytor).get(URL, params)) == expected


def test_the_list_is_paged_and_the_pager_keeps_the_filters(cast, reviews, client_for, monkeypatch):
    monkeypatch.setattr("szansa.web.privacy.views.PAGE_SIZE", 2)
    client = client_for(cast.audytor)
    params = {"listed_from": "2026-01-01", "ordering": "person"}
    first = client.get(URL, params)
    # 3 people by 2 a page, by name: [Białczyk, Kowal] then [Nowak]
    assert _names(first) == ["Białczyk", "Kowal"]
    html = first.content.decode()
    assert 'href="?listed_from=2026-01-01&amp;ordering=person&amp;page=2" rel="next"' in html
    assert "Na liście: 3 osoby" in html
    second = client.get(URL, {**params, "page": 2})
    assert _names(second) == ["Nowak"]
    html = second.content.decode()
    assert 'href="?listed_from=2026-01-01&amp;ordering=person&amp;page=1" rel="prev"' in html
    # The sort links keep the filters and drop the page; the column sorted by turns the other way.
    assert 'href="?listed_from=2026-01-01&amp;ordering=-person"' in html
    assert 'href="?listed_from=2026-01-01&amp;ordering=status"' in html


def test_only_the_people_of_the_page_shown_are_access_logged(cast, reviews, client_for, monkeypatch):
    monkeypatch.setattr("szansa.web.privacy.views.PAGE_SIZE", 2)
    client_for(cast.audytor).get(URL, {"ordering": "person", "page": 2})
    read = LogEntry.objects.filter(
        action=LogEntry.Action.ACCESS, actor=cast.audytor, additional_data__route="privacy:review_list"
    )
    # page 2 by name holds Nowak alone; Białczyk and Kowal (page 1) and Żak (anonymised) are not read
    assert sorted(read.values_list("object_id", flat=True)) == [reviews["Nowak"].person_id]
    assert read.get().additional_data["what"] == "retention review"


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"listed_from": "05.01.2026x"}, "Wpisz poprawną datę."),
        ({"status": "anonymised"}, "Wybierz poprawną wartość. anonymised nie jest żadną z dostępnych opcji."),
        ({"ordering": "pesel"}, "Wybierz poprawną wartość."),
        (
            {"listed_from": "2026-03-15", "listed_to": "2026-01-05"},
            "Koniec okresu nie może być wcześniej niż jego początek.",
        ),
    ],
)
def test_an_invalid_filter_is_explained_in_polish(cast, reviews, client_for, params, message):
    page = client_for(cast.audytor).get(URL, params)
    assert page.status_code == 200
    assert message in page.content.decode()
    assert len(_names(page)) == 3  # the whole list, unfiltered, under the error


def test_no_matching_person_says_so(cast, reviews, client_for):
    html = client_for(cast.audytor).get(URL, {"q": "Wiśniewska"}).content.decode()
    assert "Nikt na liście nie spełnia tych warunków." in html
    assert f'<a href="{URL}">Wyczyść filtry</a>' in html


def test_the_manager_decides_from_the_list_and_others_are_refused(cast, reviews, client_for):
    page = client_for(cast.kierownik).get(URL).content.decode()
    # The decision link on every row not yet approved: Białczyk (due) and Nowak (kept), not Kowal.
    assert reverse("privacy:review_decide", args=[reviews["Białczyk"].pk]) in page
    assert reverse("privacy:review_decide", args=[reviews["Nowak"].pk]) in page
    assert reverse("privacy:review_decide", args=[reviews["Kowal"].pk]) not in page
    # The auditor reads the list without the decision column.
    assert reverse("privacy:review_decide", args=[reviews["Białczyk"].pk]) not in (
        client_for(cast.audytor).get(URL).content.decode()
    )
    # A social worker has no privacy.view_retention: 403, and nobody is logged as read.
    assert not cast.pracownik.has_perm("privacy.view_retention")
    assert client_for(cast.pracownik).get(URL, {"ordering": "person"}).status_code == 403
    assert not LogEntry.objects.filter(action=LogEntry.Action.ACCESS, actor=cast.pracownik).exists()
