"""The access log page: filtered and sorted by one FilterSet (accounts.filters.AccessLogFilter) that the
page and its CSV export both use, paged in the database, the filters kept in the URL and the pager's links.
The log has no API."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from szansa.lib.access_log import log_access
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

MARCH_2020 = {"since": "2020-03-01", "until": "2020-03-31"}


@pytest.fixture
def reads(cast):
    """Three reads in March 2020: pracownik read Białczyk's file on the 10th, pracownik2 Nowak's on the
    12th, kierownik Kowal's case on the 14th. The page's own reads (today) fall outside March 2020."""
    people = {}
    for last_name, user, route, day in (
        ("Białczyk", cast.pracownik, "people:person_detail", 10),
        ("Nowak", cast.pracownik2, "people:person_detail", 12),
        ("Kowal", cast.kierownik, "work:case_detail", 14),
    ):
        person = PersonFactory(last_name=last_name)
        (entry,) = log_access(user=user, persons=[person], route=route, what="file")
        LogEntry.objects.filter(pk=entry.pk).update(
            timestamp=datetime.datetime(2020, 3, day, 10, 0, tzinfo=datetime.UTC)
        )
        people[last_name] = person
    return people


def _names(response, reads):
    assert response.status_code == 200
    name_of = {person.pk: name for name, person in reads.items()}
    return [name_of.get(entry.object_id, "?") for entry in response.context["page"].object_list]


@pytest.mark.parametrize(
    ("ordering", "expected"),
    [
        ("", ["Kowal", "Nowak", "Białczyk"]),  # newest first
        ("time", ["Białczyk", "Nowak", "Kowal"]),
        ("-time", ["Kowal", "Nowak", "Białczyk"]),
        ("user", ["Kowal", "Białczyk", "Nowak"]),  # kierownik, pracownik, pracownik2
        ("-user", ["Nowak", "Białczyk", "Kowal"]),
    ],
)
def test_the_log_sorts_by_time_and_user(cast, reads, client_for, ordering, expected):
    page = client_for(cast.audytor).get(reverse("access_log:entries"), {**MARCH_2020, "ordering": ordering})
    assert _names(page, reads) == expected


def test_the_filters_select_by_user_person_route_and_day(cast, reads, client_for):
    client = client_for(cast.audytor)
    for params, expected in (
        ({"user": cast.pracownik.pk}, ["Białczyk"]),
        ({"person": "nowak"}, ["Nowak"]),
        ({"person": str(reads["Kowal"].pk)}, ["Kowal"]),
        ({"route": "work:"}, ["Kowal"]),
        ({"since": "2020-03-11", "until": "2020-03-13"}, ["Nowak"]),
    ):
        page = client.get(reverse("access_log:entries"), {**MARCH_2020, **params})
        assert _names(page, reads) == expected, params


def test_the_log_is_paged_and_the_links_keep_the_filters(cast, reads, client_for, monkeypatch):
    monkeypatch.setattr("szansa.web.access_log.views.PAGE_SIZE", 2)
    client = client_for(cast.audytor)
    first = client.get(reverse("access_log:entries"), {**MARCH_2020, "ordering": "time"})
    # 3 reads by 2 a page, oldest first: [Białczyk, Nowak] then [Kowal]
    assert _names(first, reads) == ["Białczyk", "Nowak"]
    html = first.content.decode()
    assert 'href="?since=2020-03-01&amp;until=2020-03-31&amp;ordering=time&amp;page=2" rel="next"' in html
    # the sort header, sorted ascending, offers the descending order with the same filters
    assert (
        'aria-sort="ascending"><a href="?since=2020-03-01&amp;until=2020-03-31&amp;ordering=-time">' in html
    )
    second = client.get(reverse("access_log:entries"), {**MARCH_2020, "ordering": "time", "page": 2})
    assert _names(second, reads) == ["Kowal"]


def test_the_csv_export_filters_and_sorts_like_the_page(cast, reads, client_for):
    response = client_for(cast.kierownik).get(
        reverse("access_log:entries_csv"), {**MARCH_2020, "ordering": "-user"}
    )
    lines = response.content.decode("utf-8-sig").strip().splitlines()[1:]
    # pracownik2, pracownik, kierownik
    assert [line.split(";")[1] for line in lines] == ["pracownik2", "pracownik", "kierownik"]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"since": "jutro"}, "Wpisz poprawną datę."),
        ({"user": "999999"}, "Wybierz poprawną wartość. Podana nie jest jednym z dostępnych wyborów."),
        ({"ordering": "pesel"}, "Wybierz poprawną wartość."),
        (
            {"since": "2020-03-14", "until": "2020-03-10"},
            "Koniec okresu nie może być wcześniej niż jego początek.",
        ),
    ],
)
def test_an_invalid_filter_is_explained_in_polish(cast, reads, client_for, params, message):
    page = client_for(cast.audytor).get(reverse("access_log:entries"), params)
    assert page.status_code == 200
    assert message in page.content.decode()
    # the whole log, newest first, under the error: the three reads of March 2020 come last
    assert _names(page, reads)[-3:] == ["Kowal", "Nowak", "Białczyk"]


def test_an_export_over_the_limit_is_refused_with_a_word_not_cut_short(cast, reads, client_for, monkeypatch):
    client = client_for(cast.kierownik)
    url = reverse("access_log:entries_csv")
    monkeypatch.setattr("szansa.web.access_log.views.EXPORT_LIMIT", 3)
    # the three reads of March 2020 fit a limit of 3: header and three lines
    assert len(client.get(url, MARCH_2020).content.decode("utf-8-sig").strip().splitlines()) == 4
    monkeypatch.setattr("szansa.web.access_log.views.EXPORT_LIMIT", 2)
    refused = client.get(url, MARCH_2020, follow=True)
    assert refused.redirect_chain == [("/dziennik-dostepu/?since=2020-03-01&until=2020-03-31", 302)]
    html = refused.content.decode()
    assert "Eksport jest ograniczony do 2 wpisów; zawęź filtry, np. zakres dat." in html


def test_an_export_with_an_invalid_filter_goes_back_to_the_page_that_explains_it(cast, reads, client_for):
    response = client_for(cast.kierownik).get(
        reverse("access_log:entries_csv"), {"since": "jutro"}, follow=True
    )
    assert response.redirect_chain[-1][1] == 302
    assert "Wpisz poprawną datę." in response.content.decode()
