"""The recruitment API: applications (scoped list, create through the service, verification that
stores the evaluation), participants with the EU data set and missing fields (detail access-logged),
and a project's ranking and waiting list per round. Scoping per role; out of scope answers 404."""

import datetime
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from rest_framework.test import APIClient

from szansa.domain.recruitment import enums, services
from szansa.domain.recruitment.models import Application
from tests.factories import IncomeRecordFactory, PersonFactory
from tests.factories.recruitment import DECEMBER, ON, add_rule, add_scoring, document_kind, with_consent

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
START = datetime.date(2019, 3, 1)
SUBMITTED = datetime.date(2019, 1, 20)


@pytest.fixture
def api_for():
    def make(user):
        client = APIClient()
        client.force_login(user)
        return client

    return make


@pytest.fixture
def rules(target_group):
    add_rule(target_group, resident_gmina={"gmina": "Andrychów"}, income={})
    add_scoring(target_group, "revitalisation_area", 3)


def eligible(person, amount="500.00"):
    IncomeRecordFactory(person=person, month=DECEMBER, net_amount=Decimal(amount))
    return with_consent(person)


def submitted(cast, round_, person, proofs=("residence_statement", "income_statement")):
    application = services.application_submit(
        actor=cast.koordynator, person=person, round=round_, submitted_on=SUBMITTED, channel="in_person"
    )
    for code in proofs:
        services.document_receive(
            actor=cast.koordynator, application=application, kind=document_kind(code), received_on=SUBMITTED
        )
    return application


def verified(cast, round_, person):
    application = submitted(cast, round_, person)
    services.application_verify(actor=cast.koordynator, application=application, on=ON)
    return application


def ids(response):
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


@pytest.fixture
def two_applications(cast, round_, rules):
    return (
        submitted(cast, round_, eligible(cast.person_a)),
        submitted(cast, round_, eligible(cast.person_b)),
    )


# --- applications ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "sees"),
    [
        ("admin", {"a", "b"}),
        ("kierownik", {"a", "b"}),
        ("koordynator", {"a", "b"}),
        ("audytor", {"a", "b"}),
        ("pracownik", {"a"}),
        ("pracownik2", {"b"}),
        ("specjalista", set()),
        ("referent", {"a", "b"}),
    ],
)
def test_each_role_lists_the_applications_of_the_people_it_may_see(
    api_for, cast, two_applications, role, sees
):
    by_name = dict(zip("ab", two_applications, strict=True))
    response = api_for(getattr(cast, role)).get("/api/v1/applications/")
    assert ids(response) == {by_name[name].pk for name in sees}


def test_an_application_outside_the_scope_is_not_found(api_for, cast, two_applications):
    _, of_team_b = two_applications
    client = api_for(cast.pracownik)
    assert client.get(f"/api/v1/applications/{of_team_b.pk}/").status_code == 404
    assert client.post(f"/api/v1/applications/{of_team_b.pk}/verify/", {}, format="json").status_code == 404
    assert Application.objects.get(pk=of_team_b.pk).status == enums.ApplicationStatus.SUBMITTED


def test_a_coordinator_registers_and_verifies_an_application_round_trip(api_for, cast, round_, rules):
    person = eligible(cast.person_a, "612.40")
    client = api_for(cast.koordynator)
    created = client.post(
        "/api/v1/applications/",
        {"person": person.pk, "round": round_.pk, "submitted_on": "2019-01-20", "channel": "post"},
        format="json",
        **EN,
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["status"], body["channel_display"], body["person_name"]) == (
        "submitted",
        "by post",
        person.full_name,
    )
    application = Application.objects.get(pk=body["id"])
    assert application.created_by == cast.koordynator
    for code in ("residence_statement", "income_statement"):
        services.document_receive(
            actor=cast.koordynator, application=application, kind=document_kind(code), received_on=SUBMITTED
        )

    answer = client.post(f"/api/v1/applications/{application.pk}/verify/", {"on": "2019-02-01"}, **EN)

    assert answer.status_code == 200, answer.content
    verified_body = answer.json()
    assert verified_body["status"] == "verified_eligible"
    assert verified_body["verified_on"] == "2019-02-01"
    assert verified_body["income_per_person"] == "612.40"
    reasons = {row["code"]: (row["outcome"], row["reason"]) for row in verified_body["results"]}
    assert reasons["income"] == ("passed", "income per person 612.40 zł ≤ criterion 701.00 zł (Dec 2018)")
    assert reasons["revitalisation_area"][0] == "failed"
    application.refresh_from_db()
    assert application.verified_by == cast.koordynator and application.score == 0
    assert client.get(f"/api/v1/applications/{application.pk}/", **EN).json() == verified_body


def test_verification_without_a_proof_stores_not_eligible_with_the_reason(api_for, cast, round_, rules):
    application = submitted(cast, round_, eligible(cast.person_a), proofs=("income_statement",))
    answer = api_for(cast.koordynator).post(f"/api/v1/applications/{application.pk}/verify/", {}, **EN)
    assert answer.json()["status"] == "verified_not_eligible"
    [residence] = [row for row in answer.json()["results"] if row["code"] == "resident_gmina"]
    assert residence["outcome"] == "unproven"


def test_a_second_verification_is_refused_with_an_english_message(api_for, cast, round_, rules):
    application = verified(cast, round_, eligible(cast.person_a))
    answer = api_for(cast.koordynator).post(f"/api/v1/applications/{application.pk}/verify/", {}, **EN)
    assert answer.status_code == 400
    assert "cannot become" in answer.json()["non_field_errors"][0]


def test_a_social_worker_refers_a_person_of_their_team_but_may_not_verify(api_for, cast, round_, rules):
    client = api_for(cast.pracownik)
    payload = {
        "person": cast.person_a.pk,
        "round": round_.pk,
        "submitted_on": "2019-01-20",
        "channel": "referral",
    }
    created = client.post("/api/v1/applications/", payload, format="json", **EN)
    assert created.status_code == 201, created.content

    refused = client.post(f"/api/v1/applications/{created.json()['id']}/verify/", {}, **EN)

    assert refused.status_code == 403
    assert refused.json()["detail"] == "You may not do this in this project's recruitment."
    assert Application.objects.get(pk=created.json()["id"]).status == "submitted"


def test_a_person_outside_the_scope_cannot_be_referred(api_for, cast, round_):
    payload = {
        "person": cast.person_b.pk,
        "round": round_.pk,
        "submitted_on": "2019-01-20",
        "channel": "referral",
    }
    answer = api_for(cast.pracownik).post("/api/v1/applications/", payload, format="json", **EN)
    assert answer.status_code == 400
    assert "person" in answer.json()
    assert not Application.objects.exists()


def test_the_auditor_may_not_register_an_application(api_for, cast, round_):
    payload = {
        "person": cast.person_a.pk,
        "round": round_.pk,
        "submitted_on": "2019-01-20",
        "channel": "post",
    }
    answer = api_for(cast.audytor).post("/api/v1/applications/", payload, format="json", **EN)
    assert answer.status_code == 403
    assert not Application.objects.exists()


def test_an_application_outside_the_round_is_refused_in_english(api_for, cast, round_):
    payload = {
        "person": cast.person_a.pk,
        "round": round_.pk,
        "submitted_on": "2019-03-01",
        "channel": "post",
    }
    answer = api_for(cast.koordynator).post("/api/v1/applications/", payload, format="json", **EN)
    assert answer.status_code == 400
    assert answer.json()["submitted_on"] == ["The round takes applications from 15.01.2019 to 15.02.2019."]


def test_applications_filter_by_status(api_for, cast, round_, rules):
    done = verified(cast, round_, eligible(cast.person_a))
    submitted(cast, round_, eligible(cast.person_b))
    response = api_for(cast.koordynator).get("/api/v1/applications/", {"status": "verified_eligible"})
    assert ids(response) == {done.pk}


# --- participants ------------------------------------------------------------------------------------------


@pytest.fixture
def participants(cast, project, target_group):
    return [
        services.participant_enrol(
            actor=cast.koordynator,
            person=with_consent(person),
            project=project,
            target_group=target_group,
            start_date=START,
        )
        for person in (cast.person_a, cast.person_b)
    ]


@pytest.mark.parametrize(
    ("role", "sees"),
    [
        ("koordynator", {0, 1}),
        ("audytor", {0, 1}),
        ("pracownik", {0}),
        ("pracownik2", {1}),
        ("specjalista", set()),
    ],
)
def test_each_role_lists_the_participants_of_the_people_it_may_see(api_for, cast, participants, role, sees):
    response = api_for(getattr(cast, role)).get("/api/v1/participants/")
    assert ids(response) == {participants[i].pk for i in sees}


def test_a_participant_shows_the_data_set_and_what_is_missing_and_the_read_is_logged(
    api_for, cast, participants
):
    participant = participants[0]
    answer = api_for(cast.koordynator).get(f"/api/v1/participants/{participant.pk}/", **EN)
    assert answer.status_code == 200
    body = answer.json()
    assert body["person_name"] == cast.person_a.full_name
    assert body["age_at_start"] == cast.person_a.age_on(START)
    assert body["start_date"] == "2019-03-01"
    assert "labour-market status at entry" in body["missing_fields"]
    assert "national or ethnic minority" in body["missing_fields"]
    reads = LogEntry.objects.filter(
        action=LogEntry.Action.ACCESS, object_pk=str(cast.person_a.pk), content_type__model="person"
    )
    assert list(reads.values_list("actor", flat=True)) == [cast.koordynator.pk]


def test_a_participant_outside_the_scope_is_not_found(api_for, cast, participants):
    assert api_for(cast.pracownik).get(f"/api/v1/participants/{participants[1].pk}/").status_code == 404


def test_participants_filter_by_missing_fields(api_for, cast, participants):
    complete = participants[0]
    services.participant_update(
        actor=cast.koordynator,
        participant=complete,
        data={
            "education": "3",
            "labour_status": "inactive",
            "labour_substatus": "inactive_other",
            "degurba": "2",
            "minority": False,
            "foreign_background": False,
            "third_country_national": False,
            "homeless": False,
            "disability": False,
            "other_disadvantage": False,
        },
    )
    client = api_for(cast.koordynator)
    assert ids(client.get("/api/v1/participants/", {"incomplete": "true"})) == {participants[1].pk}
    assert client.get(f"/api/v1/participants/{complete.pk}/").json()["missing_fields"] == []


# --- ranking -----------------------------------------------------------------------------------------------


@pytest.fixture
def ranked(cast, round_, rules, target_group):
    """Three eligible applicants for one place: person_a first (revitalisation area), then two."""
    target_group.planned_total = 1
    target_group.save()
    cast.person_a.revitalisation_area = True
    cast.person_a.save()
    people = [cast.person_a, cast.person_b, eligible_stranger(cast)]
    applications = [verified(cast, round_, eligible(person)) for person in people]
    services.round_rank(actor=cast.koordynator, round=round_)
    services.round_enrol(actor=cast.koordynator, round=round_, start_date=START)
    return applications


def eligible_stranger(cast):
    return PersonFactory(responsible_worker=cast.pracownik2)


def test_the_ranking_lists_every_round_with_its_waiting_list(api_for, cast, project, round_, ranked):
    answer = api_for(cast.koordynator).get(f"/api/v1/projects/{project.pk}/ranking/", **EN)
    assert answer.status_code == 200, answer.content
    [body] = answer.json()
    assert body["id"] == round_.pk and body["name"] == "Nabór I"
    assert [(row["rank"], row["application"], row["status"]) for row in body["ranking"]] == [
        (1, ranked[0].pk, "enrolled"),
        (2, ranked[1].pk, "waiting_list"),
        (3, ranked[2].pk, "waiting_list"),
    ]
    assert [row["application"] for row in body["waiting_list"]] == [ranked[1].pk, ranked[2].pk]
    assert body["ranking"][0]["score"] == 3
    assert body["tie_break"].startswith("Score descending")


def test_a_social_worker_sees_only_their_people_on_the_ranking(api_for, cast, project, ranked):
    [body] = api_for(cast.pracownik2).get(f"/api/v1/projects/{project.pk}/ranking/").json()
    assert [row["rank"] for row in body["ranking"]] == [2, 3]
    assert cast.person_a.full_name not in str(body)


def test_the_ranking_of_a_project_outside_the_scope_is_not_found(api_for, cast, project, ranked):
    assert api_for(cast.specjalista).get(f"/api/v1/projects/{project.pk}/ranking/").status_code == 404
    assert api_for(cast.koordynator).get("/api/v1/projects/999999/ranking/").status_code == 404


def test_the_schema_describes_the_recruitment_endpoints_without_warnings(db):
    from drf_spectacular.drainage import GENERATOR_STATS
    from drf_spectacular.generators import SchemaGenerator

    GENERATOR_STATS.reset()
    paths = SchemaGenerator().get_schema(request=None, public=True)["paths"]
    assert dict(GENERATOR_STATS._warn_cache) == {}
    assert "post" in paths["/api/v1/applications/"]
    assert "post" in paths["/api/v1/applications/{id}/verify/"]
    assert "get" in paths["/api/v1/participants/{id}/"]
    assert "get" in paths["/api/v1/projects/{id}/ranking/"]
    for method in ("put", "patch", "delete"):
        assert method not in paths["/api/v1/applications/{id}/"]
