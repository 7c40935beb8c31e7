"""The monthly internship timesheet PDF: what is printed, and who may download it."""

import datetime
from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from szansa.domain.support.internships import services as internship_services
from szansa.lib.pdf import pdf_text
from tests.factories.support import internship_activity, place, rate

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english_messages():
    """These tests read messages and printed text in English (the catalogue's source language)."""
    with translation.override("en"):
        yield


@pytest.fixture
def internship(cast, project, participant):
    rate(project, datetime.date(2019, 1, 1), "1200.00")
    internship = place(cast, internship_activity(project), participant)
    internship_services.internship_month_record(
        actor=cast.koordynator,
        internship=internship,
        month=datetime.date(2019, 3, 1),
        hours_scheduled=Decimal("160"),
        hours_excused=Decimal("8"),
        hours_unexcused=Decimal("16"),
    )
    return internship


def test_the_timesheet_prints_parties_hours_stipend_and_signatures(cast, client_for, internship, participant):
    url = reverse("support:internship_timesheet", args=[internship.pk, "2019-03"])
    client = client_for(cast.koordynator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # pages ignore Accept-Language
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert (
        "karta-stazu-" in response["Content-Disposition"] and "2019-03.pdf" in response["Content-Disposition"]
    )
    text = " ".join(pdf_text(response.content).split())
    assert participant.person.full_name in text
    assert "Piekarnia Kłos sp. z o.o." in text and "5260250274" in text
    assert "Anna Mentorska" in text
    assert "03.2019" in text
    assert "160" in text and "16" in text and "8" in text
    assert "136" in text  # hours worked: 160 − 8 − 16
    assert "1,080.00 zł" in text  # 1 200,00 × (160 − 16) / 160
    assert "Participant's signature" in text and "Mentor's signature" in text


def test_no_timesheet_for_an_unrecorded_month_or_out_of_scope(cast, client_for, internship):
    client = client_for(cast.koordynator)
    assert (
        client.get(reverse("support:internship_timesheet", args=[internship.pk, "2019-04"])).status_code
        == 404
    )
    assert (
        client.get(reverse("support:internship_timesheet", args=[internship.pk, "marzec"])).status_code == 404
    )
    other = client_for(cast.pracownik2)
    assert (
        other.get(reverse("support:internship_timesheet", args=[internship.pk, "2019-03"])).status_code == 404
    )
