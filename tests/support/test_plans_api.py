"""The API of diagnoses, plans and contracts: scoped lists (404 outside), create and revise through the
services (the revised version unchanged), acceptance, contracts concluded and evaluated; the auditor
reads and cannot write."""

import datetime

import pytest
from auditlog.models import LogEntry
from rest_framework.test import APIClient

from szansa.domain.support.models import IndividualPlan
from tests.factories.support import diagnose, make_plan

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
D = datetime.date


@pytest.fixture
def api_for():
    def make(user):
        client = APIClient()
        client.force_login(user)
        return client

    return make


def _plan_body(participant, specialist):
    return {
        "participant": participant.pk,
        "drawn_up_on": "2019-02-08",
        "goals": [{"description": "Praca", "measure": "umowa", "target_date": "2019-09-30"}],
        "supports": [
            {
                "form": "psychological_counselling",
                "hours": "12",
                "specialist": specialist.pk,
                "starts_on": "2019-02-10",
                "ends_on": "2019-06-30",
            }
        ],
    }


def test_a_plan_is_created_and_revised_through_the_api(cast, api_for, participant):
    client = api_for(cast.pracownik)
    response = client.post(
        "/api/v1/support/plans/", _plan_body(participant, cast.specjalista), format="json", **EN
    )
    assert response.status_code == 201, response.data
    v1 = response.data
    assert v1["version"] == 1 and v1["supports"][0]["hours"] == "12.0"
    assert v1["hours"] == [{"form": "psychological_counselling", "planned": "12.0", "delivered": "0.0"}]

    body = {
        "reason": "",
        "on": "2019-04-01",
        "goals": [{"description": "Kurs", "measure": "certyfikat", "target_date": "2019-10-31"}],
        "supports": [
            {"form": "vocational_training", "hours": "60", "starts_on": "2019-04-01", "ends_on": "2019-09-30"}
        ],
    }
    refused = client.post(f"/api/v1/support/plans/{v1['id']}/revise/", body, format="json", **EN)
    assert refused.status_code == 400 and "reason" in refused.data
    body["reason"] = "Kurs zawodowy"
    response = client.post(f"/api/v1/support/plans/{v1['id']}/revise/", body, format="json", **EN)
    assert response.status_code == 201, response.data
    assert response.data["version"] == 2 and response.data["goals"][0]["description"] == "Kurs"

    old = client.get(f"/api/v1/support/plans/{v1['id']}/", **EN).data
    assert (
        old["superseded_on"] == "2019-04-01"
        and old["goals"] == v1["goals"]
        and old["supports"] == v1["supports"]
    )
    again = client.post(f"/api/v1/support/plans/{v1['id']}/revise/", body, format="json", **EN)
    assert again.status_code == 400
    current = client.get(f"/api/v1/support/plans/?participant={participant.pk}&current=1", **EN).data
    assert [row["version"] for row in current["results"]] == [2]


def test_plan_acceptance_through_the_api(cast, api_for, participant):
    plan = make_plan(cast, participant)
    response = api_for(cast.koordynator).post(
        f"/api/v1/support/plans/{plan.pk}/accept/", {"by_worker_on": "2019-02-09"}, format="json", **EN
    )
    assert response.status_code == 200 and response.data["accepted_by_worker_on"] == "2019-02-09"


def test_reading_a_plan_through_the_api_is_access_logged_on_the_person(cast, api_for, participant):
    plan = make_plan(cast, participant)
    assert api_for(cast.audytor).get(f"/api/v1/support/plans/{plan.pk}/", **EN).status_code == 200
    entry = LogEntry.objects.get(action=LogEntry.Action.ACCESS)
    assert entry.actor == cast.audytor
    assert (entry.content_type.model, entry.object_id) == ("person", participant.person_id)
    assert entry.additional_data == {
        "route": "support-plan-detail",
        "what": f"plan {plan.pk} api",
        "person_id": participant.person_id,
    }


def test_the_auditor_reads_but_cannot_write_and_another_team_gets_404(cast, api_for, participant):
    plan = make_plan(cast, participant)
    diagnose(cast.pracownik, participant)
    auditor = api_for(cast.audytor)
    assert auditor.get(f"/api/v1/support/plans/{plan.pk}/", **EN).status_code == 200
    assert auditor.get("/api/v1/support/diagnoses/", **EN).data["count"] == 1
    body = {"reason": "x", "goals": [], "supports": []}
    assert (
        auditor.post(f"/api/v1/support/plans/{plan.pk}/revise/", body, format="json", **EN).status_code == 403
    )
    other = api_for(cast.pracownik2)
    assert other.get(f"/api/v1/support/plans/{plan.pk}/", **EN).status_code == 404
    assert other.get("/api/v1/support/plans/", **EN).data["count"] == 0
    refused = other.post(
        "/api/v1/support/plans/", _plan_body(participant, cast.specjalista), format="json", **EN
    )
    assert refused.status_code == 400 and "participant" in refused.data  # not a participant they may see
    assert IndividualPlan.objects.count() == 1


def test_a_diagnosis_and_a_contract_through_the_api(cast, api_for, participant):
    client = api_for(cast.pracownik)
    body = {
        "participant": participant.pk,
        "made_on": "2019-02-05",
        "areas": [{"area": "social", "need_level": 3}, {"area": "vocational", "need_level": 2}],
    }
    response = client.post("/api/v1/support/diagnoses/", body, format="json", **EN)
    assert response.status_code == 201 and len(response.data["areas"]) == 2
    contract = {
        "participant": participant.pk,
        "number": "KS/2019/9",
        "variant": "B",
        "worker": cast.pracownik.pk,
        "concluded_on": "2019-02-06",
        "starts_on": "2019-02-06",
        "ends_on": "2019-08-31",
        "goals": "Praca",
        "client_obligations": "Udział",
        "centre_obligations": "Kurs",
    }
    response = client.post("/api/v1/support/contracts/", contract, format="json", **EN)
    assert response.status_code == 201, response.data
    assert response.data["person"] == participant.person_id
    evaluated = client.post(
        f"/api/v1/support/contracts/{response.data['id']}/evaluate/",
        {"on": "2019-09-01", "status": "broken", "evaluation": "Nie podjął pracy"},
        format="json",
        **EN,
    )
    assert evaluated.status_code == 200 and evaluated.data["status"] == "broken"
    assert (
        api_for(cast.pracownik2).get(f"/api/v1/support/contracts/{response.data['id']}/", **EN).status_code
        == 404
    )
