"""The participant's path page and the forms behind it: the path at a glance, the diagnosis, plan and
contract forms with errors next to the fields, the plan with its history, the PDFs; reads are
access-logged on the person."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.conf import settings
from django.urls import reverse

from szansa.domain.support import enums
from szansa.domain.support.models import Diagnosis, IndividualPlan, SocialContract
from szansa.domain.support.plans import selectors as plan_selectors
from szansa.domain.support.plans import services as plan_services
from szansa.lib.pdf import pdf_text
from tests.factories.support import diagnose, goal, make_plan, support, support_form

pytestmark = pytest.mark.django_db
D = datetime.date


def _client(client_for, user):
    client = client_for(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _reads(person):
    return LogEntry.objects.filter(
        object_pk=str(person.pk), action=LogEntry.Action.ACCESS, content_type__model="person"
    )


def _management(prefix, total):
    return {f"{prefix}-TOTAL_FORMS": str(total), f"{prefix}-INITIAL_FORMS": "0"}


def test_the_path_page_shows_the_timeline_and_is_access_logged(cast, client_for, participant):
    diagnose(cast.pracownik, participant)
    diagnose(cast.pracownik, participant, D(2019, 6, 1), enums.DiagnosisKind.REDIAGNOSIS, {"social": 1})
    plan = make_plan(cast, participant)
    response = _client(client_for, cast.pracownik).get(reverse("support:path", args=[participant.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert participant.person.full_name in html
    assert "Start of participation" in html and "re-diagnosis" in html and "improved" in html
    assert plan.get_absolute_url() in html and "Individual plan, version 1" in html
    read = _reads(participant.person).filter(
        actor=cast.pracownik,
        additional_data__what=f"path {participant.pk}",
        additional_data__route="support:path",
    )
    assert read.count() == 1


def test_the_path_page_has_a_fixed_number_of_queries(
    cast, client_for, participant, django_assert_max_num_queries
):
    diagnose(cast.pracownik, participant)
    make_plan(cast, participant)
    client = _client(client_for, cast.pracownik)
    with django_assert_max_num_queries(40):
        assert client.get(reverse("support:path", args=[participant.pk])).status_code == 200


def test_the_diagnosis_form_saves_the_filled_areas_only(cast, client_for, participant):
    client = _client(client_for, cast.pracownik)
    url = reverse("support:diagnosis_create", args=[participant.pk])
    assert client.get(url).status_code == 200
    data = {
        "made_on": "2019-02-05",
        "kind": "initial",
        "summary": "Opis",
        **_management("areas", 8),
        "areas-0-area": "social",
        "areas-0-need_level": "3",
        "areas-0-finding": "izolacja",
        "areas-1-area": "health",
        "areas-1-need_level": "1",
    }
    response = client.post(url, data)
    diagnosis = Diagnosis.objects.get(participant=participant)
    assert response.status_code == 302 and response.url == diagnosis.get_absolute_url()
    assert sorted(diagnosis.areas.values_list("area", "need_level")) == [("health", 1), ("social", 3)]


def test_a_rediagnosis_before_the_first_is_shown_next_to_the_date(cast, client_for, participant):
    diagnose(cast.pracownik, participant)
    client = _client(client_for, cast.pracownik)
    data = {
        "made_on": "2019-02-01",
        "kind": "rediagnosis",
        **_management("areas", 8),
        "areas-0-area": "social",
        "areas-0-need_level": "1",
    }
    response = client.post(reverse("support:diagnosis_create", args=[participant.pk]), data)
    assert response.status_code == 200
    assert "must come after the previous diagnosis (05.02.2019)" in response.content.decode()
    assert response.context["form"].errors["made_on"]
    assert Diagnosis.objects.count() == 1


def _plan_post(prefix_rows, **head):
    data = {"drawn_up_on": "2019-02-08", **head}
    for prefix, rows in prefix_rows.items():
        data.update(_management(prefix, len(rows)))
        for index, row in enumerate(rows):
            data.update({f"{prefix}-{index}-{key}": value for key, value in row.items()})
    return data


GOAL = {"description": "Praca", "measure": "umowa", "target_date": "2019-09-30"}


def test_the_plan_form_draws_up_version_one_and_shows_row_errors_in_their_row(cast, client_for, participant):
    client = _client(client_for, cast.pracownik)
    url = reverse("support:plan_create", args=[participant.pk])
    counselling = support_form("psychological_counselling").pk
    bad = {"form": counselling, "hours": "10", "starts_on": "2019-01-10", "ends_on": "2019-03-31"}
    response = client.post(url, _plan_post({"goals": [GOAL], "supports": [bad]}))
    assert response.status_code == 200
    supports = response.context["supports"]
    assert "within the participation" in supports.forms[0].errors["starts_on"][0]
    assert not IndividualPlan.objects.exists()

    good = {**bad, "starts_on": "2019-02-10", "specialist": cast.specjalista.pk}
    response = client.post(url, _plan_post({"goals": [GOAL], "supports": [good]}))
    plan = IndividualPlan.objects.get()
    assert response.status_code == 302 and response.url == plan.get_absolute_url()
    assert plan.supports.get().specialist == cast.specjalista


def test_the_revision_page_prefills_and_makes_version_two_keeping_version_one(cast, client_for, participant):
    v1 = make_plan(cast, participant)
    client = _client(client_for, cast.pracownik)
    url = reverse("support:plan_revise", args=[v1.pk])
    page = client.get(url)
    assert page.context["goals"].initial[0]["description"] == "Podjęcie zatrudnienia"
    counselling = support_form("career_counselling").pk
    row = {"form": counselling, "hours": "5", "starts_on": "2019-04-01", "ends_on": "2019-06-30"}
    response = client.post(url, _plan_post({"goals": [GOAL], "supports": [row]}, drawn_up_on="2019-04-01"))
    assert response.context["form"].errors["reason"]  # the reason is required
    response = client.post(
        url, _plan_post({"goals": [GOAL], "supports": [row]}, drawn_up_on="2019-04-01", reason="Zmiana")
    )
    v2 = IndividualPlan.objects.get(version=2)
    assert response.url == v2.get_absolute_url()
    assert v1.supports.count() == 2 and v2.supports.count() == 1
    detail = client.get(v1.get_absolute_url()).content.decode()
    assert "superseded on 1 Apr 2019" in detail and "Revise the plan" not in detail
    assert client.get(url).status_code == 302  # v1 is no longer revisable


def test_the_plan_page_shows_history_and_hours_and_records_acceptance(cast, client_for, participant):
    plan = make_plan(cast, participant)
    client = _client(client_for, cast.pracownik)
    html = client.get(plan.get_absolute_url()).content.decode()
    assert 'id="history"' in html and "10.0 h" in html and "40.0 h" in html
    response = client.post(
        reverse("support:plan_accept", args=[plan.pk]),
        {"by_participant_on": "2019-02-01", "by_worker_on": ""},
    )
    assert "before it was drawn up" in response.context["accept_form"].errors["by_participant_on"][0]
    response = client.post(
        reverse("support:plan_accept", args=[plan.pk]), {"by_participant_on": "2019-02-09"}
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.accepted_by_participant_on == D(2019, 2, 9) and plan.accepted_by_worker_on is None


def test_the_plan_pdf_names_the_participant_goals_hours_specialist_and_signature_lines(
    cast, client_for, participant
):
    person = participant.person
    person.first_name, person.last_name = "Łucja", "Żółkiewska"
    person.save()
    plan = make_plan(cast, participant)
    response = _client(client_for, cast.pracownik).get(reverse("support:plan_pdf", args=[plan.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="plan-ipd-zolkiewska-{participant.pk}-v1.pdf"'
    )
    text = " ".join(pdf_text(response.content).split())  # table cells wrap lines
    assert "Łucja Żółkiewska" in text and "Podjęcie zatrudnienia" in text
    assert "10.0 h" in text and "40.0 h" in text and str(cast.specjalista) in text
    assert "signature of the participant" in text and "signature of the worker" in text
    assert (
        _reads(person)
        .filter(
            actor=cast.pracownik,
            additional_data__what=f"plan {plan.pk} pdf",
            additional_data__route="support:plan_pdf",
        )
        .exists()
    )


def test_the_contract_form_concludes_and_the_evaluation_closes_it(cast, client_for, participant):
    client = _client(client_for, cast.pracownik)
    url = reverse("support:contract_create", args=[participant.pk])
    assert client.get(url).status_code == 200
    data = {
        "number": "KS/2019/5",
        "variant": "B",
        "worker": cast.pracownik.pk,
        "concluded_on": "2019-02-06",
        "starts_on": "2019-02-06",
        "ends_on": "2019-01-31",
        "goals": "Praca",
        "client_obligations": "Udział",
        "centre_obligations": "Kurs",
    }
    response = client.post(url, data)
    assert "cannot be earlier" in response.context["form"].errors["ends_on"][0]
    response = client.post(url, {**data, "ends_on": "2019-08-31"})
    contract = SocialContract.objects.get()
    assert response.url == contract.get_absolute_url()
    response = client.post(
        reverse("support:contract_evaluate", args=[contract.pk]),
        {"on": "2019-09-01", "status": "fulfilled", "evaluation": "Dobrze"},
    )
    contract.refresh_from_db()
    assert response.status_code == 302 and contract.status == "fulfilled"
    pdf = client.get(reverse("support:contract_pdf", args=[contract.pk]))
    assert "Dobrze" in pdf_text(pdf.content)


def test_the_recruitment_card_links_to_the_path(cast, client_for, participant):
    html = _client(client_for, cast.koordynator).get(
        reverse("recruitment:participant_detail", args=[participant.pk])
    )
    assert reverse("support:path", args=[participant.pk]) in html.content.decode()


def test_plans_service_and_page_agree_on_the_current_plan(cast, participant):
    plan = make_plan(cast, participant)
    plan_services.plan_revise(
        actor=cast.koordynator, plan=plan, reason="r", on=D(2019, 5, 1), goals=[goal()], supports=[support()]
    )
    assert plan_selectors.path_overview(participant)["current_plan"].version == 2
