"""The register of data-subject requests: paged in the database, filtered and sorted by one FilterSet
(privacy.filters.SubjectRequestFilter) that the page and /api/v1/privacy/requests/ both use, the filters
kept in the URL and in the pager's links; the page access-logs only the people it shows."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from szansa.domain.privacy import services
from szansa.domain.privacy.enums import RequestKind
from szansa.domain.privacy.models import SubjectRequest
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

D = datetime.date
API = "/api/v1/privacy/requests/"


@pytest.fixture
def requests(cast):
    """Three open requests: Białczyk's access request received 2020-03-10 (long overdue), Nowak's
    rectification received 2099-03-12 and Kowal's objection received 2099-03-14 (not due yet)."""
    made = {}
    for last_name, kind, received in (
        ("Białczyk", RequestKind.ACCESS, D(2020, 3, 10)),
        ("Nowak", RequestKind.RECTIFICATION, D(2099, 3, 12)),
        ("Kowal", RequestKind.OBJECTION, D(2099, 3, 14)),
    ):
        person = PersonFactory(last_name=last_name, responsible_worker=cast.pracownik)
        made[last_name] = services.subject_request_record(
            actor=cast.kierownik,
            request=SubjectRequest(person=person, kind=kind, received_on=received),
        )
    return made


def _page_names(response):
    assert response.status_code == 200
    return [item.person.last_name for item in response.context["requests"]]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"kind": "rectification"}, ["Nowak"]),
        ({"overdue": "true"}, ["Białczyk"]),
        ({"received_from": "2099-03-11"}, ["Kowal", "Nowak"]),  # the register's own order: newest first
        ({"received_to": "2099-03-12"}, ["Nowak", "Białczyk"]),
        ({"ordering": "person"}, ["Białczyk", "Kowal", "Nowak"]),
        ({"ordering": "-person"}, ["Nowak", "Kowal", "Białczyk"]),
        ({"ordering": "received_on"}, ["Białczyk", "Nowak", "Kowal"]),
        ({"ordering": "-received_on"}, ["Kowal", "Nowak", "Białczyk"]),
        # access < objection < rectification (the stored values)
        ({"ordering": "kind"}, ["Białczyk", "Kowal", "Nowak"]),
        ({"ordering": "-person", "received_from": "2099-01-01"}, ["Nowak", "Kowal"]),
    ],
)
def test_the_page_and_the_api_filter_and_sort_alike(cast, requests, client_for, params, expected):
    client = client_for(cast.audytor)  # the data protection officer reads with the auditor's role
    name_of = {item.pk: name for name, item in requests.items()}
    page = client.get(reverse("privacy:request_list"), params)
    api = client.get(API, params)
    assert api.status_code == 200, api.content
    assert _page_names(page) == expected == [name_of[row["id"]] for row in api.json()["results"]]


def test_the_register_is_paged_and_the_pager_keeps_the_filters(cast, requests, client_for, monkeypatch):
    monkeypatch.setattr("szansa.web.privacy.views.PAGE_SIZE", 2)
    client = client_for(cast.audytor)
    params = {"status": "open", "ordering": "received_on"}
    first = client.get(reverse("privacy:request_list"), params)
    # 3 requests by 2 a page, oldest first: [Białczyk, Nowak] then [Kowal]
    assert _page_names(first) == ["Białczyk", "Nowak"]
    assert 'href="?status=open&amp;ordering=received_on&amp;page=2" rel="next"' in first.content.decode()
    second = client.get(reverse("privacy:request_list"), {**params, "page": 2})
    assert _page_names(second) == ["Kowal"]
    # The sort links keep the filters and drop the page.
    assert 'href="?status=open&amp;ordering=-received_on"' in second.content.decode()
    # Only the people of the page shown are logged as read by the page.
    read = LogEntry.objects.filter(
        action=LogEntry.Action.ACCESS, actor=cast.audytor, additional_data__route="privacy:request_list"
    )
    assert read.filter(object_id=requests["Kowal"].person_id).count() == 1
    assert read.filter(object_id=requests["Białczyk"].person_id).count() == 1  # from the first page only


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"received_from": "10.03.2099x"}, "Wpisz poprawną datę."),
        ({"kind": "deletion"}, "Wybierz poprawną wartość. deletion nie jest żadną z dostępnych opcji."),
        ({"ordering": "pesel"}, "Wybierz poprawną wartość."),
        (
            {"received_from": "2099-03-14", "received_to": "2099-03-12"},
            "Koniec okresu nie może być wcześniej niż jego początek.",
        ),
    ],
)
def test_an_invalid_filter_is_explained_in_polish_and_refused_by_the_api(
    cast, requests, client_for, params, message
):
    client = client_for(cast.audytor)
    page = client.get(reverse("privacy:request_list"), params)
    assert page.status_code == 200
    assert message in page.content.decode()
    assert len(_page_names(page)) == 3  # the whole register, unfiltered, under the error
    assert client.get(API, params).status_code == 400


def test_no_matching_request_says_so(cast, requests, client_for):
    page = client_for(cast.audytor).get(reverse("privacy:request_list"), {"kind": "erasure"})
    html = page.content.decode()
    assert "Żadne żądanie nie spełnia tych warunków." in html
    assert f'<a href="{reverse("privacy:request_list")}">Wyczyść filtry</a>' in html
