"""Recruitment pages: the index, the board per project (applications by status, reasons, ranking,
waiting list, limit gauge, overdue follow-ups), its actions, candidates and the participant card."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from szansa.domain.people import enums as people_enums
from szansa.domain.recruitment import enums, services
from szansa.domain.recruitment.models import Application, Participant
from szansa.domain.work.models import Task
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

START = datetime.date(2019, 3, 1)
SUBMITTED = datetime.date(2019, 1, 20)
Status = enums.ApplicationStatus


@pytest.fixture
def page(client_for):
    def make(user):
        client = client_for(user)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return make


@pytest.fixture
def rules(target_group):
    add_rule(target_group, resident_gmina={"gmina": "Andrychów"}, income={})
    add_scoring(target_group, "revitalisation_area", 3)
    add_scoring(target_group, "disability", 5)


def applicant(cast, amount, worker=None, **fields):
    person = person_with_income(amount, month=DECEMBER, responsible_worker=worker or cast.pracownik, **fields)
    return with_consent(person)


def apply(cast, round_, person, submitted_on=SUBMITTED):
    application = services.application_submit(
        actor=cast.koordynator, person=person, round=round_, submitted_on=submitted_on, channel="in_person"
    )
    for code in ("residence_statement", "income_statement", "disability_certificate"):
        services.document_receive(
            actor=cast.koordynator,
            application=application,
            kind=document_kind(code),
            received_on=submitted_on,
        )
    return application


@pytest.fixture
def recruited(cast, round_, rules, target_group):
    """Six eligible applicants for five places (one on the waiting list) and one not eligible.
    Reasons are stored in the language of the moment they were judged: English here."""
    with translation.override("en"):
        return _recruit(cast, round_)


def _recruit(cast, round_):
    people = [applicant(cast, "500.00", last_name=f"Kowalska{i}") for i in range(5)]
    people[0].revitalisation_area = True
    people[0].save()
    situation(people[1], people_enums.SituationKind.DISABILITY, disability_degree="severe")
    waiting = applicant(cast, "650.00", last_name="Czekająca")
    outsider = applicant(cast, "500.00", last_name="Zdaleka", gmina="Kraków", powiat="Kraków")
    for person in [*people, waiting, outsider]:
        services.application_verify(actor=cast.koordynator, application=apply(cast, round_, person), on=ON)
    services.round_rank(actor=cast.koordynator, round=round_)
    waiting_application = Application.objects.get(person=waiting)
    Application.objects.filter(pk=waiting_application.pk).update(rank=99)  # last on the list
    services.round_enrol(actor=cast.koordynator, round=round_, start_date=START)
    return {"people": people, "waiting": waiting, "outsider": outsider}


def board_url(project):
    return reverse("recruitment:board", args=[project.pk])


def test_the_index_lists_the_projects_with_links_to_their_boards(cast, page, project):
    response = page(cast.koordynator).get(reverse("recruitment:index"))
    assert response.status_code == 200
    assert board_url(project) in response.content.decode()


def test_the_board_shows_statuses_reasons_ranking_waiting_list_and_the_gauge(cast, page, project, recruited):
    html = page(cast.koordynator).get(board_url(project)).content.decode()
    assert "enrolled: 5" in html and "on the waiting list: 1" in html and "verified: not eligible: 1" in html
    assert "resides in gmina Kraków, not in Andrychów" in html
    assert "income per person 500.00 zł ≤ criterion 701.00 zł (Dec 2018)" in html
    assert "5 of 10 participants (50%), 5 places free" in html
    assert "5 of 5 planned participants of the group" in html
    assert "a tie goes to the earlier application, then to the lower income per person" in html
    ranking = html.split('data-testid="ranking"')[1].split("</table>")[0]
    assert ranking.index("Kowalska1") < ranking.index("Kowalska0") < ranking.index("Czekająca")
    waiting = html.split('data-testid="waiting-list"')[1].split("</ol>")[0]
    assert "Czekająca" in waiting and "Kowalska" not in waiting
    assert "disability, severe degree" in html


def test_health_reasons_are_hidden_on_the_board_without_health_access(cast, page, project, recruited):
    html = page(cast.referent).get(board_url(project)).content.decode()
    assert "disability, severe degree" not in html
    assert "details hidden (health data)" in html


def test_a_social_worker_sees_only_the_applications_of_their_team(cast, page, project, round_, rules):
    apply(cast, round_, applicant(cast, "500.00", last_name="Zespolowa"))
    apply(cast, round_, applicant(cast, "500.00", worker=cast.pracownik2, last_name="Obca"))
    html = page(cast.pracownik).get(board_url(project)).content.decode()
    assert "Zespolowa" in html and "Obca" not in html


def test_overdue_follow_ups_are_shown_on_the_board(cast, page, project, recruited):
    participant = Participant.objects.get(person=recruited["people"][2])
    services.participant_exit(
        actor=cast.koordynator,
        participant=participant,
        end_date=datetime.date(2019, 6, 28),
        exit_reason=enums.ExitReason.COMPLETED,
        completed_path=True,
    )
    html = page(cast.koordynator).get(board_url(project)).content.decode()
    overdue = html.split('id="overdue-h"')[1].split("</section>")[0]
    assert participant.person.full_name in overdue and "28 Sep 2019" in overdue


def test_a_project_out_of_scope_is_not_found_and_a_reader_may_not_act(cast, page, project, recruited, round_):
    assert page(cast.specjalista).get(board_url(project)).status_code == 404
    assert page(cast.audytor).get(board_url(project)).status_code == 200
    assert page(cast.audytor).post(reverse("recruitment:round_rank", args=[round_.pk])).status_code == 403
    application = Application.objects.get(person=recruited["outsider"])
    assert (
        page(cast.audytor).get(reverse("recruitment:application_verify", args=[application.pk])).status_code
        == 403
    )
    assert (
        page(cast.audytor).get(reverse("recruitment:application_create", args=[project.pk])).status_code
        == 403
    )


def test_registering_an_application_with_its_documents(cast, page, project, round_):
    person = applicant(cast, "500.00")
    response = page(cast.koordynator).post(
        reverse("recruitment:application_create", args=[project.pk]),
        {
            "round": round_.pk,
            "person": person.pk,
            "submitted_on": "2019-01-25",
            "channel": "post",
            "documents": [document_kind("income_statement").pk, document_kind("residence_statement").pk],
        },
    )
    assert response.status_code == 302
    application = Application.objects.get(person=person)
    assert (application.channel, application.submitted_on) == ("post", datetime.date(2019, 1, 25))
    assert application.documents.count() == 2


def test_an_application_outside_the_round_shows_the_error_next_to_the_date(cast, page, project, round_):
    person = applicant(cast, "500.00")
    response = page(cast.koordynator).post(
        reverse("recruitment:application_create", args=[project.pk]),
        {"round": round_.pk, "person": person.pk, "submitted_on": "2019-03-25", "channel": "post"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_submitted_on_error"' in html
    assert "The round takes applications from 15.01.2019 to 15.02.2019." in html
    assert not Application.objects.exists()


def test_a_social_worker_refers_only_people_of_their_team(cast, page, project, round_):
    other = applicant(cast, "500.00", worker=cast.pracownik2)
    response = page(cast.pracownik).post(
        reverse("recruitment:application_create", args=[project.pk]),
        {"round": round_.pk, "person": other.pk, "submitted_on": "2019-01-25", "channel": "referral"},
    )
    assert response.status_code == 200 and 'id="id_person_error"' in response.content.decode()
    own = applicant(cast, "500.00")
    response = page(cast.pracownik).post(
        reverse("recruitment:application_create", args=[project.pk]),
        {"round": round_.pk, "person": own.pk, "submitted_on": "2019-01-25", "channel": "referral"},
    )
    assert response.status_code == 302
    assert Application.objects.get().person == own


def test_verify_rank_and_enrol_from_the_board(cast, page, project, round_, rules):
    people = [applicant(cast, "500.00") for _ in range(2)]
    applications = [apply(cast, round_, person) for person in people]
    client = page(cast.koordynator)
    for application in applications:
        response = client.post(
            reverse("recruitment:application_verify", args=[application.pk]), {"on": "2019-02-01"}
        )
        assert response.status_code == 302
    assert set(Application.objects.values_list("status", flat=True)) == {Status.ELIGIBLE}
    assert client.post(reverse("recruitment:round_rank", args=[round_.pk])).status_code == 302
    assert set(Application.objects.values_list("status", flat=True)) == {Status.RANKED}
    response = client.post(reverse("recruitment:round_enrol", args=[round_.pk]), {"on": "2019-03-01"})
    assert response.status_code == 302
    assert Participant.objects.filter(project=project, start_date=START).count() == 2


def test_enrolment_without_consent_is_refused_with_the_names(cast, page, project, round_, rules):
    person = person_with_income("500.00", month=DECEMBER, last_name="Bezzgody")
    application = apply(cast, round_, person)
    services.application_verify(actor=cast.koordynator, application=application, on=ON)
    services.round_rank(actor=cast.koordynator, round=round_)
    response = page(cast.koordynator).post(
        reverse("recruitment:round_enrol", args=[round_.pk]), {"on": "2019-03-01"}
    )
    assert response.status_code == 200
    assert "Record the consent to data processing for an EU project first" in response.content.decode()
    assert not Participant.objects.exists()


def test_a_resignation_before_the_start_moves_the_waiting_list_up(cast, page, project, recruited):
    participant = Participant.objects.get(person=recruited["people"][3])
    response = page(cast.koordynator).post(
        reverse("recruitment:participant_resign", args=[participant.pk]), {"on": "2019-02-20"}, follow=True
    )
    assert "moves up from the waiting list" in response.content.decode()
    assert Participant.objects.get(person=recruited["waiting"]).status == enums.ParticipantStatus.ENROLLED


def test_the_participant_card_lists_the_data_set_missing_fields_and_documents(cast, page, recruited):
    participant = Participant.objects.get(person=recruited["people"][0])
    response = page(cast.koordynator).get(reverse("recruitment:participant_detail", args=[participant.pk]))
    html = response.content.decode()
    missing = html.split('data-testid="missing-fields"')[1].split("</div>")[0]
    assert "national or ethnic minority" in missing and "other disadvantaged social situation" in missing
    assert document_kind("income_statement").name_en in html
    assert LogEntry.objects.filter(
        action=LogEntry.Action.ACCESS, object_pk=str(participant.person_id), actor=cast.koordynator
    ).exists()


def test_the_card_of_a_participant_out_of_scope_is_not_found(cast, page, recruited):
    participant = Participant.objects.get(person=recruited["people"][0])
    url = reverse("recruitment:participant_detail", args=[participant.pk])
    assert page(cast.pracownik2).get(url).status_code == 404
    assert page(cast.pracownik).get(url).status_code == 200
    exit_url = reverse("recruitment:participant_exit", args=[participant.pk])
    assert page(cast.pracownik).post(exit_url, {}).status_code == 403


def test_leaving_early_without_a_reason_shows_the_error_next_to_the_field(cast, page, recruited):
    participant = Participant.objects.get(person=recruited["people"][0])
    response = page(cast.koordynator).post(
        reverse("recruitment:participant_exit", args=[participant.pk]),
        {"end_date": "2019-05-31", "exit_reason": "left_early", "completed_path": "no"},
    )
    assert response.status_code == 200
    assert 'id="id_note_error"' in response.content.decode()
    participant.refresh_from_db()
    assert participant.end_date is None


def test_the_exit_and_the_follow_up_from_the_card_create_and_complete_the_task(cast, page, recruited):
    participant = Participant.objects.get(person=recruited["people"][0])
    client = page(cast.koordynator)
    response = client.post(
        reverse("recruitment:participant_exit", args=[participant.pk]),
        {"end_date": "2019-10-15", "exit_reason": "completed", "completed_path": "yes"},
    )
    assert response.status_code == 302
    participant.refresh_from_db()
    task = Task.objects.get(pk=participant.follow_up_task_id)
    assert (task.assignee, task.due_on) == (cast.pracownik, datetime.date(2020, 1, 15))
    response = page(cast.pracownik).post(
        reverse("recruitment:participant_follow_up", args=[participant.pk]),
        {"on": "2020-01-15", "result": "employment"},
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.status == "done"


def test_candidates_are_the_eligible_people_who_have_not_applied(
    cast, page, project, target_group, recruited
):
    fresh = applicant(cast, "400.00", last_name="Nowicjusz")
    url = reverse("recruitment:candidates", args=[project.pk, target_group.pk])
    html = page(cast.koordynator).get(url, {"on": "2019-02-01"}).content.decode()
    table = html.split('data-testid="candidates"')[1]
    assert fresh.last_name in table
    assert "Kowalska0" not in table and "Zdaleka" not in table


def test_the_coordinator_completes_the_data_set_on_the_card(cast, page, recruited):
    participant = Participant.objects.get(person=recruited["people"][0])
    url = reverse("recruitment:participant_data_set", args=[participant.pk])
    data = {
        "participant_type": "individual",
        "education": "3",
        "labour_status": "inactive",
        "labour_substatus": "inactive_other",
        "degurba": "2",
        "minority": "refused",
        "foreign_background": "no",
        "third_country_national": "no",
        "homeless": "no",
        "disability": "yes",
        "other_disadvantage": "no",
    }
    assert page(cast.pracownik).post(url, data).status_code == 403
    response = page(cast.koordynator).post(url, data)
    assert response.status_code == 302
    participant.refresh_from_db()
    assert participant.missing_fields() == []
    assert (participant.flag_answer("minority"), participant.disability) == ("refused", True)
    html = (
        page(cast.koordynator).get(reverse("recruitment:participant_detail", args=[participant.pk])).content
    )
    assert b"The data set is complete." in html


def test_a_wrong_choice_in_the_data_set_is_shown_next_to_its_field(cast, page, recruited):
    participant = Participant.objects.get(person=recruited["people"][0])
    response = page(cast.koordynator).post(
        reverse("recruitment:participant_data_set", args=[participant.pk]),
        {"participant_type": "individual", "homeless": "refused"},
    )
    assert response.status_code == 200
    assert 'id="id_homeless_error"' in response.content.decode()


def test_a_resignation_dated_after_the_start_shows_the_error_next_to_the_date(cast, page, recruited):
    participant = Participant.objects.get(person=recruited["people"][3])
    response = page(cast.koordynator).post(
        reverse("recruitment:participant_resign", args=[participant.pk]), {"on": "2019-03-05"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_on_error"' in html and "record an exit instead" in html
    participant.refresh_from_db()
    assert participant.status == enums.ParticipantStatus.ENROLLED


def test_a_round_whose_applications_the_reader_may_not_see_says_so(cast, page, project, round_, rules):
    # two applications of pracownik2's people: pracownik (the other team) sees none of them
    for name in ("Obca1", "Obca2"):
        apply(cast, round_, applicant(cast, "500.00", worker=cast.pracownik2, last_name=name))
    html = page(cast.pracownik).get(board_url(project)).content.decode()
    assert "The round has 2 applications, but none of a person you may see" in html
    assert "No applications yet." not in html
    assert "No applications yet." not in page(cast.pracownik2).get(board_url(project)).content.decode()


def test_an_empty_round_says_there_are_no_applications_and_how_to_add_one(cast, page, project, round_):
    html = page(cast.koordynator).get(board_url(project)).content.decode()
    assert "No applications yet." in html and "Register one with" in html
