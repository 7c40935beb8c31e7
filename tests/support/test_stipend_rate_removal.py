"""Removing an internship stipend rate (issue 12): a rate entered by mistake goes, on the set-up page and
through /api/v1/stipend-rates/, with the actor in the audit log; a rate a recorded month's stipend was
computed at stays, refused in Polish; only whoever may change the project removes one."""

import datetime
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from szansa.domain.support.internships import services as internship_services
from szansa.domain.support.models import StipendRate
from tests.factories.support import internship_activity, place, rate

pytestmark = pytest.mark.django_db

D = datetime.date
REFUSED = "Według tej stawki rozliczono już miesiące stażu; nie można jej usunąć."


@pytest.fixture
def rates(cast, project, participant):
    """January's rate (1 200 zł) settles March 2019; June's rate (1 300 zł) has no month recorded yet."""
    january = rate(project, D(2019, 1, 1), "1200.00")
    june = rate(project, D(2019, 6, 1), "1300.00")
    internship = place(cast, internship_activity(project), participant)
    internship_services.internship_month_record(
        actor=cast.koordynator,
        internship=internship,
        month=D(2019, 3, 1),
        hours_scheduled=Decimal("160"),
        hours_excused=Decimal("0"),
        hours_unexcused=Decimal("0"),
    )
    return january, june


def _url(rate_):
    return reverse("recruitment:stipend_rate_delete", args=[rate_.project_id, rate_.pk])


def test_the_coordinator_removes_an_unused_rate_on_the_page_and_the_audit_log_names_them(
    cast, rates, client_for
):
    _, june = rates
    response = client_for(cast.koordynator).post(_url(june), follow=True)
    assert "Stawka stypendium została usunięta." in response.content.decode()
    assert not StipendRate.objects.filter(pk=june.pk).exists()
    entry = LogEntry.objects.get_for_model(StipendRate).get(object_id=june.pk, action=LogEntry.Action.DELETE)
    assert entry.actor == cast.koordynator


def test_a_rate_a_month_was_settled_at_stays_on_the_page_and_in_the_api(cast, rates, client_for):
    january, _ = rates
    client = client_for(cast.koordynator)
    page = client.post(_url(january), follow=True).content.decode()
    assert REFUSED in page
    api = client.delete(f"/api/v1/stipend-rates/{january.pk}/")
    assert api.status_code == 400 and REFUSED in api.content.decode()
    assert StipendRate.objects.filter(pk=january.pk).exists()


def test_removing_the_later_rate_needs_no_month_but_the_earlier_one_covers_march(cast, rates):
    january, june = rates
    # March 2019 was settled at January's rate (in force from 1 January until 31 May): June's has none.
    assert list(internship_services.stipend_rate_months(january).values_list("month", flat=True)) == [
        D(2019, 3, 1)
    ]
    assert not internship_services.stipend_rate_months(june).exists()


def test_the_api_removes_an_unused_rate_and_refuses_a_reader(cast, rates, client_for):
    _, june = rates
    assert client_for(cast.audytor).delete(f"/api/v1/stipend-rates/{june.pk}/").status_code == 403
    assert client_for(cast.koordynator).delete(f"/api/v1/stipend-rates/{june.pk}/").status_code == 204
    assert not StipendRate.objects.filter(pk=june.pk).exists()


def test_a_worker_who_may_not_change_the_project_may_not_remove_on_the_page(cast, rates, client_for):
    _, june = rates
    assert client_for(cast.audytor).post(_url(june)).status_code == 403
    assert StipendRate.objects.filter(pk=june.pk).exists()
