"""The history of a person's file reads as sentences in the reader's language (issue 16): field labels
instead of field names, choices by their labels, yes/no for booleans, the related object's name, dates
and money in the language's format, "—" for an empty value; never a Python value, a dict or auditlog's
"work.Notification.None" of a reverse relation."""

import datetime
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.utils import translation

from szansa.domain.people import enums, history, selectors
from szansa.domain.people.models import IncomeRecord, Person
from tests.factories.work import TaskFactory


@pytest.fixture
def changed(cast):
    """An income record added, the person's address moved into a revitalisation area, a task opened
    for the person (auditlog writes its reverse relation "notifications" as work.Notification.None)."""
    person = cast.person_a
    IncomeRecord.objects.create(
        person=person,
        month=datetime.date(2020, 2, 1),
        source=enums.IncomeSource.EMPLOYMENT,
        net_amount=Decimal("1216630.61"),
    )
    person.revitalisation_area = False
    person.save()
    person.revitalisation_area = True
    person.save()
    TaskFactory(person=person, due_on=datetime.date(2026, 1, 12))
    return person


def _sentences(person, language):
    with translation.override(language):
        entries = history.describe(selectors.person_file_history(person, show_health=True))
        return [entry.summary for entry in entries], [s for entry in entries for s in entry.sentences]


def test_the_history_reads_in_polish(changed):
    summaries, sentences = _sentences(changed, "pl")
    assert "Dodano – wpis dochodu: " + str(IncomeRecord.objects.get(person=changed)) in summaries
    assert "Kwota netto (zł): 1 216 630,61 zł" in sentences
    assert "Źródło: umowa o pracę" in sentences
    assert "Miesiąc: 01.02.2020" in sentences
    assert "Wliczane do dochodu: tak" in sentences
    assert "Adres na obszarze rewitalizacji: zmiana z nie na tak" in sentences
    assert "Termin: 12.01.2026" in sentences


def test_the_same_history_reads_in_english(changed):
    summaries, sentences = _sentences(changed, "en")
    assert any(summary.startswith("Added income record: ") for summary in summaries)
    assert "Net amount (zł): 1,216,630.61 zł" in sentences
    assert "Source: employment" in sentences
    assert "Month: 1 Feb 2020" in sentences
    assert "Counts as income: yes" in sentences
    assert "Address in a revitalisation area changed from no to yes" in sentences
    assert "Due on: 12 Jan 2026" in sentences


def test_no_raw_value_reaches_the_page(cast, client_for, changed):
    for language in ("pl", "en"):
        client = client_for(cast.kierownik)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        html = client.get(changed.get_absolute_url()).content.decode()
        section = html.split('id="history"')[1].split("</section>")[0]
        for raw in ("Notification.None", "None", "True", "False", "net_amount", "revitalisation_area", "{'"):
            assert raw not in section, (language, raw)
        assert ("1 216 630,61 zł" if language == "pl" else "1,216,630.61 zł") in section


def test_a_responsible_worker_shows_by_name_and_a_cleared_value_says_so(cast):
    person = cast.person_a
    entry = LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(Person),
        object_pk=str(person.pk),
        object_id=person.pk,
        object_repr=str(person),
        action=LogEntry.Action.UPDATE,
        changes={
            "responsible_worker": [cast.pracownik.pk, cast.pracownik2.pk],
            "phone": ["600100200", ""],
            "email": [None, "a@example.org"],
            "sex": ["K", "M"],
        },
    )
    with translation.override("pl"):
        [entry] = history.describe(LogEntry.objects.filter(pk=entry.pk))
    workers = f"Odpowiedzialny pracownik socjalny: zmiana z {cast.pracownik} na {cast.pracownik2}"
    assert workers in entry.sentences
    assert "Telefon: usunięto wartość (było 600100200)" in entry.sentences
    assert "E-mail: ustawiono a@example.org" in entry.sentences
    assert "Płeć: zmiana z kobieta na mężczyzna" in entry.sentences
