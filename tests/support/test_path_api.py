"""The API covers the end of the path like the pages: internships with their timesheets and stipends,
outcomes, exit and follow-up, payment claims, and a project's indicators with the people behind each
figure. Each answer naming people writes one ACCESS entry per person.

Project S-1 runs 01.01.2019-31.12.2019; its three participants start on 01.02.2019
(tests/support/conftest)."""

import datetime
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.utils import translation
from rest_framework.test import APIClient

from szansa.domain.projects.models import IndicatorDefinition, ProjectIndicator
from tests.factories.support import internship_activity, rate

D = datetime.date
PL = {"HTTP_ACCEPT_LANGUAGE": "pl"}


@pytest.fixture(autouse=True)
def polish():
    with translation.override("pl"):
        yield


@pytest.fixture
def api_for():
    def make(user):
        client = APIClient()
        client.force_login(user)
        return client

    return make


def accessed(user, person) -> int:
    return LogEntry.objects.filter(
        action=LogEntry.Action.ACCESS, actor=user, object_pk=str(person.pk)
    ).count()


def test_internship_and_its_timesheet_through_the_api(cast, project, participant, api_for):
    activity = internship_activity(project)
    rate(project, D(2019, 1, 1), "1000.00")  # 1000 zł for 160 hours
    api = api_for(cast.koordynator)
    body = {
        "activity": activity.pk,
        "participant": participant.pk,
        "employer": "Piekarnia Kłos",
        "mentor": "Anna Mentorska",
        "starts_on": "2019-03-01",
        "ends_on": "2019-05-31",
        "hours_per_month": 160,
    }
    late = api.post("/api/v1/internships/", body | {"ends_on": "2020-01-31"}, format="json", **PL)
    assert late.status_code == 400
    created = api.post("/api/v1/internships/", body, format="json")
    assert created.status_code == 201, created.content
    internship = created.json()["id"]
    # 160 scheduled, 16 unexcused: 1000 x (160 - 16) / 160 = 900.00 zł.
    month = api.post(
        f"/api/v1/internships/{internship}/timesheet/",
        {"month": "2019-03-01", "hours_scheduled": "160", "hours_unexcused": "16"},
        format="json",
    )
    assert month.status_code == 200, month.content
    assert month.json()["months"][0]["stipend"] == "900.00"
    assert month.json()["stipend_total"] == "900.00"
    before = accessed(cast.audytor, participant.person)
    assert api_for(cast.audytor).get(f"/api/v1/internships/{internship}/").status_code == 200
    assert accessed(cast.audytor, participant.person) == before + 1
    assert api_for(cast.audytor).post("/api/v1/internships/", body, format="json").status_code == 403


def test_outcomes_exit_and_follow_up_through_the_api(cast, project, participant, api_for):
    api = api_for(cast.koordynator)
    outcome = api.post(
        "/api/v1/outcomes/",
        {
            "participant": participant.pk,
            "kind": "education",
            "achieved_on": "2019-06-03",
            "evidence": "zaświadczenie o przyjęciu do szkoły",
        },
        format="json",
    )
    assert outcome.status_code == 201, outcome.content
    too_early = api.post(
        "/api/v1/outcomes/",
        {"participant": participant.pk, "kind": "education", "achieved_on": "2019-01-10", "evidence": "x"},
        format="json",
        **PL,
    )
    assert too_early.status_code == 400
    assert "01.02.2019" in str(too_early.json()["achieved_on"])
    listed = api.get(f"/api/v1/outcomes/?participant={participant.pk}").json()
    assert [o["kind"] for o in listed["results"]] == ["education"]

    exit_ = api.post(
        f"/api/v1/participants/{participant.pk}/exit/",
        {"end_date": "2019-06-28", "exit_reason": "completed", "completed_path": True},
        format="json",
    )
    assert exit_.status_code == 200, exit_.content
    # The follow-up falls due 3 months after 28.06.2019: 28.09.2019.
    assert exit_.json()["follow_up_due"] == "2019-09-28"
    follow_up = api.post(
        f"/api/v1/participants/{participant.pk}/follow-up/",
        {"on": "2019-09-30", "result": "employment"},
        format="json",
    )
    assert follow_up.status_code == 200, follow_up.content
    assert follow_up.json()["follow_up_result"] == "employment"
    assert (
        api_for(cast.audytor)
        .post(
            f"/api/v1/participants/{participant.pk}/follow-up/",
            {"on": "2019-09-30", "result": "employment"},
            format="json",
        )
        .status_code
        == 403
    )


def test_payment_claims_through_the_api(cast, project, api_for):
    api = api_for(cast.koordynator)
    created = api.post(
        "/api/v1/payment-claims/",
        {
            "project": project.pk,
            "number": "WNP/1",
            "period_from": "2019-01-01",
            "period_to": "2019-03-31",
            "amount_claimed": "25000.00",
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    claim = created.json()["id"]
    wrong = api.post(f"/api/v1/payment-claims/{claim}/transition/", {"to": "paid"}, format="json", **PL)
    assert wrong.status_code == 400
    submitted = api.post(
        f"/api/v1/payment-claims/{claim}/transition/", {"to": "submitted", "on": "2019-04-10"}, format="json"
    )
    assert submitted.json()["status"] == "submitted" and submitted.json()["submitted_on"] == "2019-04-10"
    assert api_for(cast.pracownik).get(f"/api/v1/payment-claims/?project={project.pk}").json()["count"] == 1
    assert (
        api_for(cast.pracownik)
        .patch(f"/api/v1/payment-claims/{claim}/", {"notes": "x"}, format="json")
        .status_code
        == 403
    )


def test_indicators_and_their_people_through_the_api(cast, project, participants, api_for):
    code = "PI9i-P-01"  # participants at risk supported (an output: every started participant is listed)
    ProjectIndicator.objects.create(
        project=project, definition=IndicatorDefinition.objects.get(code=code), target=Decimal("10")
    )
    api = api_for(cast.koordynator)
    values = api.get(f"/api/v1/projects/{project.pk}/indicators/")
    assert values.status_code == 200
    assert code in [v["code"] for v in values.json()]
    people = api.get(f"/api/v1/projects/{project.pk}/indicators/{code}/")
    assert people.status_code == 200
    rows = people.json()["results"]  # one page (50 a page) holds all three
    # Every one of the three participants is listed with whether they count and why.
    assert sorted(r["participant"] for r in rows) == sorted(p.pk for p in participants)
    assert all(r["reason"] for r in rows)
    assert all(accessed(cast.koordynator, p.person) >= 1 for p in participants)
    assert api.get(f"/api/v1/projects/{project.pk}/indicators/NO-SUCH/").status_code == 404
    effectiveness = api.get(f"/api/v1/projects/{project.pk}/effectiveness/")
    assert effectiveness.status_code == 200
    assert {(r["kind"], r["group"]) for r in effectiveness.json()} == {
        ("social", "at_risk"),
        ("employment", "at_risk"),
        ("social", "severe_disability"),
        ("employment", "severe_disability"),
    }
