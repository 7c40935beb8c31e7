"""The data-protection API: the request register, a person's retention and the person's copy."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from szansa.domain.people import enums as people_enums
from szansa.domain.privacy.models import SubjectRequest
from tests.factories import HouseholdFactory, IncomeRecordFactory, PersonFactory

pytestmark = pytest.mark.django_db
D = datetime.date


def test_a_request_is_recorded_with_its_deadline_and_answered(cast, client_for):
    client = client_for(cast.kierownik)
    created = client.post(
        reverse("privacy-request-list"),
        {"person": cast.person_a.pk, "kind": "access", "received_on": "2026-01-31"},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    assert created.json()["due_on"] == "2026-03-02"  # 28.02.2026 is a Saturday
    pk = created.json()["id"]
    answer = client.post(
        reverse("privacy-request-answer", args=[pk]),
        {"status": "granted", "answered_on": "2026-02-10", "outcome": "Wydano kopię."},
        content_type="application/json",
    )
    assert answer.status_code == 200 and answer.json()["status"] == "granted"
    again = client.post(
        reverse("privacy-request-answer", args=[pk]),
        {"status": "refused", "answered_on": "2026-02-11", "outcome": "x", "refusal_ground": "y"},
        content_type="application/json",
    )
    assert again.status_code == 400
    listed = client_for(cast.audytor).get(reverse("privacy-request-list"), {"kind": "access"})
    assert [r["id"] for r in listed.json()["results"]] == [pk]


@pytest.mark.parametrize("who", ["pracownik", "referent", "specjalista", "koordynator"])
def test_others_may_not_read_or_record_requests(cast, client_for, who):
    client = client_for(getattr(cast, who))
    assert client.get(reverse("privacy-request-list")).status_code == 403
    response = client.post(
        reverse("privacy-request-list"),
        {"person": cast.person_a.pk, "kind": "access", "received_on": "2026-01-31"},
        content_type="application/json",
    )
    # 404 for a specialist: person A is none of the people she serves.
    assert response.status_code == (404 if who == "specjalista" else 403)
    assert not SubjectRequest.objects.exists()


def test_the_retention_of_a_person(cast, client_for):
    response = client_for(cast.admin).get(reverse("privacy-retention", args=[cast.person_a.pk]))
    assert response.status_code == 200
    body = response.json()
    # Only the registry file, created today: kept until 31 December of this year + 10 (category B10).
    assert [h["record_class"] for h in body["holds"]] == ["client_file"]
    assert body["until"] == f"{datetime.date.today().year + 10}-12-31"
    assert body["holding"]["record_class"] == "client_file"


def test_the_copy_as_json_leaves_the_household_out_and_is_logged(cast, client_for):
    household = HouseholdFactory()
    other = PersonFactory(
        first_name="Zenon",
        household=household,
        household_relation=people_enums.HouseholdRelation.HEAD,
        responsible_worker=cast.pracownik,
    )
    IncomeRecordFactory(person=other)
    person = cast.person_a
    person.household, person.household_relation = household, people_enums.HouseholdRelation.CHILD
    person.save()
    response = client_for(cast.kierownik).get(reverse("privacy-subject-access", args=[person.pk]))
    assert response.status_code == 200
    sections = response.json()["sections"]
    assert sections["person"]["rows"][0]["last_name"] == person.last_name
    assert "Zenon" not in response.content.decode() and other.pesel not in response.content.decode()
    assert sections["incomes"]["rows"] == []
    assert LogEntry.objects.filter(
        action=LogEntry.Action.ACCESS, object_id=person.pk, additional_data__route="privacy-subject-access"
    ).exists()
    assert (
        client_for(cast.audytor).get(reverse("privacy-subject-access", args=[person.pk])).status_code == 403
    )
