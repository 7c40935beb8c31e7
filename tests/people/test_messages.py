"""E-mails from a person's file: processing that needs a GDPR consent is refused without one."""

import datetime

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from szansa.domain.people import enums
from szansa.domain.people.models import Message
from szansa.domain.people.services import person_send_email
from tests.factories import ConsentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def reachable(cast):
    person = cast.person_a
    person.email = "anna.testowa@example.org"
    person.save()
    return person


def give_contact_consent(person, **fields):
    return ConsentFactory(
        person=person, kind=enums.ConsentKind.ELECTRONIC_CONTACT, given_on=datetime.date(2020, 1, 1), **fields
    )


def test_no_email_is_sent_without_the_electronic_contact_consent(cast, reachable):
    ConsentFactory(person=reachable, kind=enums.ConsentKind.EU_PROJECT_DATA)
    with pytest.raises(ValidationError) as refusal:
        person_send_email(actor=cast.pracownik, person=reachable, subject="Termin", body="Zapraszam")
    assert refusal.value.code == "consent_required"
    assert mail.outbox == []
    assert not Message.objects.exists()


def test_a_withdrawn_consent_no_longer_allows_contact(cast, reachable):
    give_contact_consent(reachable, withdrawn_on=datetime.date(2021, 1, 1))
    with pytest.raises(ValidationError):
        person_send_email(actor=cast.pracownik, person=reachable, subject="Termin", body="Zapraszam")
    assert mail.outbox == []


def test_with_consent_the_email_is_sent_and_kept_in_the_file(cast, reachable):
    give_contact_consent(reachable)
    message = person_send_email(actor=cast.pracownik, person=reachable, subject="Termin", body="Zapraszam")
    assert [m.to for m in mail.outbox] == [["anna.testowa@example.org"]]
    assert mail.outbox[0].subject == "Termin"
    assert message.sent_by == cast.pracownik
    assert list(reachable.messages.all()) == [message]


def test_a_person_without_an_address_cannot_be_emailed(cast):
    give_contact_consent(cast.person_a)
    with pytest.raises(ValidationError) as refusal:
        person_send_email(actor=cast.pracownik, person=cast.person_a, subject="Termin", body="Zapraszam")
    assert refusal.value.code == "no_email"


def test_the_file_page_refuses_with_a_polish_message_and_keeps_the_text(cast, reachable, client_for):
    client = client_for(cast.pracownik)
    url = reverse("people:person_message", args=[reachable.pk])
    response = client.post(url, {"subject": "Termin wizyty", "body": "Zapraszam w środę"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "nie wyraził(a) zgody na: kontakt" in page
    assert "Zapraszam w środę" in page
    assert mail.outbox == []


def test_the_file_page_sends_with_consent_and_an_auditor_may_not(cast, reachable, client_for):
    give_contact_consent(reachable)
    url = reverse("people:person_message", args=[reachable.pk])
    auditor = client_for(cast.audytor)
    auditor.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert auditor.post(url, {"subject": "x", "body": "y"}).status_code == 403
    assert client_for(cast.pracownik2).post(url, {"subject": "x", "body": "y"}).status_code == 404
    response = client_for(cast.pracownik).post(url, {"subject": "Termin", "body": "Zapraszam"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
