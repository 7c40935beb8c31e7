"""A verified application's reasons are stored as messages with their parameters and shown in the
reader's language (issue 16): the same application reads in Polish on a Polish page and in English on
an English page, whoever verified it and in whatever language."""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from szansa.domain.people import enums as people_enums
from szansa.domain.recruitment import eligibility, services
from szansa.web.recruitment import pdf
from tests.factories.recruitment import (
    DECEMBER,
    ON,
    add_rule,
    add_scoring,
    document_kind,
    person_with_income,
    situation,
    with_consent,
)

SUBMITTED = datetime.date(2019, 1, 20)


@pytest.fixture
def verified(cast, round_, target_group):
    """Verified while Polish is active (as the office does): 612.40 zł per person against the 2018
    criterion of 701 zł (a single person), resident elsewhere, a severe disability as scoring."""
    add_rule(target_group, resident_gmina={"gmina": "Andrychów"}, income={})
    add_scoring(target_group, "disability", 5)
    person = with_consent(
        person_with_income(
            "612.40", month=DECEMBER, responsible_worker=cast.pracownik, gmina="Kraków", powiat="Kraków"
        )
    )
    situation(person, people_enums.SituationKind.DISABILITY, disability_degree="severe")
    with translation.override("pl"):
        application = services.application_submit(
            actor=cast.koordynator, person=person, round=round_, submitted_on=SUBMITTED, channel="in_person"
        )
        services.document_receive(
            actor=cast.koordynator,
            application=application,
            kind=document_kind("income_statement"),
            received_on=SUBMITTED,
        )
        services.application_verify(actor=cast.koordynator, application=application, on=ON)
    application.refresh_from_db()
    return application


POLISH = [
    "mieszka w gminie Kraków, a nie Andrychów",
    "dochód na osobę 612,40 zł ≤ kryterium 701,00 zł (12.2018)",
    "niepełnosprawność, stopień znaczny",
]
ENGLISH = [
    "resides in gmina Kraków, not in Andrychów",
    "income per person 612.40 zł ≤ criterion 701.00 zł (Dec 2018)",
    "disability, severe degree",
]


def _board(client_for, user, project, cookie):
    client = client_for(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = cookie
    response = client.get(reverse("recruitment:board", args=[project.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_stored_reasons_hold_messages_not_sentences_of_the_checker(verified):
    income = next(row for row in verified.results if row["code"] == "income")
    assert "reason" not in income and "public_reason" not in income
    [fact] = income["facts"]
    assert fact["message"]["msgid"] == "income per person %(income)s ≤ criterion %(criterion)s (%(month)s)"
    assert fact["message"]["params"]["income"] == {"pln": "612.40"}
    assert income["names"]["pl"] != income["names"]["en"]


def test_the_board_shows_the_reasons_in_polish_on_a_polish_page(cast, client_for, project, verified):
    html = _board(client_for, cast.koordynator, project, cookie="pl")
    for text in POLISH:
        assert text in html
    for text in ENGLISH:
        assert text not in html


def test_the_board_shows_the_same_reasons_in_english_on_an_english_page(cast, client_for, project, verified):
    html = _board(client_for, cast.koordynator, project, cookie="en")
    for text in ENGLISH:
        assert text in html
    for text in POLISH:
        assert text not in html


def test_health_facts_stay_hidden_in_either_language(cast, client_for, project, verified):
    polish = _board(client_for, cast.referent, project, cookie="pl")
    english = _board(client_for, cast.referent, project, cookie="en")
    assert "niepełnosprawność" not in polish and "szczegóły ukryte (dane o zdrowiu)" in polish
    assert "disability, severe degree" not in english and "details hidden (health data)" in english


def test_the_statement_pdf_and_the_api_follow_the_reader_language(cast, verified):
    with translation.override("en"):
        english = pdf.eligibility_html(verified, today=ON)
    with translation.override("pl"):
        polish = pdf.eligibility_html(verified, today=ON)
    assert ENGLISH[1] in english and POLISH[1] in polish

    client = APIClient()
    client.force_login(cast.koordynator)
    url = f"/api/v1/applications/{verified.pk}/"
    reasons = {
        language: {
            row["code"]: row["reason"]
            for row in client.get(url, HTTP_ACCEPT_LANGUAGE=language).json()["results"]
        }
        for language in ("pl", "en")
    }
    assert reasons["pl"]["income"] == POLISH[1]
    assert reasons["en"]["income"] == ENGLISH[1]


def test_a_row_stored_before_the_messages_keeps_its_writer_text():
    row = {
        "code": "x",
        "name": "Kryterium",
        "outcome": "failed",
        "reason": "tekst",
        "public_reason": "ukryte",
        "sensitive": True,
    }
    assert eligibility.stored_name(row) == "Kryterium"
    assert eligibility.stored_reason(row, True) == "tekst"
    assert eligibility.stored_reason(row, False) == "ukryte"
