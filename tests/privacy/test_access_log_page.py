"""The data protection officer's access-log page: who may open it, its filters, the CSV export, the flag
for a user who read unusually many people in an hour, and its own reads logged."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from szansa.domain.accounts.access_log import AccessFilter, heavy_readers
from szansa.lib.access_log import log_access
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db
ACCESS = LogEntry.Action.ACCESS


@pytest.mark.parametrize(
    ("username", "status"),
    [
        ("admin", 200),
        ("kierownik", 200),
        ("audytor", 200),
        ("koordynator", 403),
        ("pracownik", 403),
        ("specjalista", 403),
        ("referent", 403),
    ],
)
def test_only_the_administrator_the_manager_and_the_auditor_open_the_log(cast, client_for, username, status):
    client = client_for(getattr(cast, username))
    assert client.get(reverse("access_log:entries")).status_code == status
    assert client.get(reverse("access_log:entries_csv")).status_code == status


def test_filters_by_user_person_route_and_date_and_the_page_read_is_logged(cast, client_for):
    log_access(user=cast.pracownik, persons=[cast.person_a], route="people:person_detail", what="file")
    log_access(user=cast.pracownik2, persons=[cast.person_b], route="person-detail", what="file")
    client = client_for(cast.audytor)

    page = client.get(reverse("access_log:entries"), {"user": cast.pracownik.pk})
    listed = {entry.object_id for entry in page.context["page"].object_list}
    assert listed == {cast.person_a.pk}

    page = client.get(reverse("access_log:entries"), {"route": "person-detail"})
    assert {entry.object_id for entry in page.context["page"].object_list} == {cast.person_b.pk}
    # the auditor's reading of the log is itself an entry, on the person the page showed
    own = LogEntry.objects.filter(
        action=ACCESS, actor=cast.audytor, additional_data__route="access_log:entries"
    )
    assert set(own.values_list("object_id", flat=True)) == {cast.person_a.pk, cast.person_b.pk}

    page = client.get(reverse("access_log:entries"), {"person": cast.person_b.last_name[:4]})
    assert cast.person_b.pk in {entry.object_id for entry in page.context["page"].object_list}
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    page = client.get(reverse("access_log:entries"), {"since": tomorrow.isoformat()})
    assert list(page.context["page"].object_list) == []
    bad = client.get(reverse("access_log:entries"), {"since": "2026-02-02", "until": "2026-02-01"})
    assert "Koniec okresu nie może być wcześniej niż jego początek." in bad.content.decode()


def test_csv_export_lists_the_filtered_entries_with_formula_like_names_as_text(cast, client_for):
    odd = PersonFactory(first_name="=SUM(A1)", last_name="Formułowa")
    log_access(user=cast.pracownik, persons=[odd], route="people:person_detail", what="file")
    response = client_for(cast.kierownik).get(reverse("access_log:entries_csv"), {"user": cast.pracownik.pk})
    text = response.content.decode("utf-8-sig")
    lines = text.strip().splitlines()
    assert lines[0] == "czas;uzytkownik;osoba_id;osoba;droga;co;powod"
    assert len(lines) == 2  # one entry of pracownik
    assert f";pracownik;{odd.pk};'=SUM(A1) Formułowa;people:person_detail;file;" in lines[1]
    assert LogEntry.objects.filter(
        action=ACCESS, actor=cast.kierownik, additional_data__route="access_log:entries_csv", object_id=odd.pk
    ).exists()


def test_a_user_reading_more_people_than_the_threshold_in_an_hour_is_flagged(cast, client_for, settings):
    settings.ACCESS_LOG_HOURLY_THRESHOLD = 3
    people = PersonFactory.create_batch(4)
    # pracownik: 4 distinct people (one of them twice) in this hour -> 4 > 3, flagged
    log_access(user=cast.pracownik, persons=people, route="people:person_detail")
    log_access(user=cast.pracownik, persons=people[:1], route="people:person_detail")
    # pracownik2: 3 distinct people, read twice each -> 3, not above the threshold
    for _ in range(2):
        log_access(user=cast.pracownik2, persons=people[:3], route="people:person_detail")
    flagged = heavy_readers(AccessFilter())
    assert [(row.actor, row.people) for row in flagged] == [("pracownik", 4)]
    page = client_for(cast.admin).get(reverse("access_log:entries"))
    # the admin's own reading of the page (the 4 people its entries name) counts too, pracownik2 does not
    assert {row.actor for row in page.context["heavy"]} == {"pracownik", "admin"}
    assert "do sprawdzenia" in page.content.decode()
