"""The community interview pages (/wywiady/): the list per role, the form rendered from the
questionnaire (save, complete, a conflict resolved question by question), the write-back of the changes,
the saved versions, the PDF for signatures, the clerk without health questions, and the access log."""

import datetime

import pytest
from auditlog.models import LogEntry

from szansa.domain.interviews import services
from szansa.domain.interviews.enums import InterviewStatus
from szansa.domain.interviews.models import Interview
from szansa.domain.work.enums import TaskStatus
from szansa.lib.pdf import pdf_text
from tests.factories.interviews import answers_for_completion, interview_task

pytestmark = pytest.mark.django_db

LIST = "/wywiady/"
DAY = datetime.date(2026, 2, 10)


def page(interview, rest=""):
    return f"/wywiady/{interview.pk}/{rest}"


def name(code):
    return "q_" + code.replace(".", "_")


def form_data(answers, base):
    """The form as a browser sends it: every answer in its field, booleans as true/false."""
    data = {"base_revision": str(base)}
    for code, value in answers.items():
        if isinstance(value, bool):
            value = "true" if value else "false"
        data[name(code)] = [str(item) for item in value] if isinstance(value, list) else str(value)
    return data


@pytest.fixture
def interview_b(cast):
    return services.interview_start(cast.person_b, cast.pracownik2, DAY)


def test_each_role_sees_the_list_it_may(cast, draft, interview_b, client_for):
    def rows(user):
        response = client_for(user).get(LIST)
        assert response.status_code == 200
        return response.content.decode()

    assert page(draft) in rows(cast.pracownik) and page(interview_b) not in rows(cast.pracownik)
    assert page(interview_b) in rows(cast.pracownik2) and page(draft) not in rows(cast.pracownik2)
    for user in (cast.kierownik, cast.referent):
        html = rows(user)
        assert page(draft) in html and page(interview_b) in html
    for user in (cast.specjalista, cast.audytor, cast.koordynator):
        assert client_for(user).get(LIST).status_code == 403
        assert client_for(user).get(page(draft)).status_code == 404
    assert client_for(cast.pracownik2).get(page(draft)).status_code == 404
    assert client_for(cast.pracownik2).get(page(draft, "wywiad.pdf")).status_code == 404


def test_the_list_filters_sorts_and_says_when_nothing_matches(cast, draft, client_for):
    client = client_for(cast.kierownik)
    html = client.get(LIST, {"status": "completed"}).content.decode()
    assert "Żaden wywiad nie pasuje do tych filtrów." in html
    html = client.get(LIST, {"status": "draft", "ordering": "-conducted_on"}).content.decode()
    assert page(draft) in html and 'aria-sort="descending"' in html
    assert client_for(cast.pracownik2).get(LIST).content.decode().count("/wywiady/") >= 1
    assert "Nie ma jeszcze wywiadów" in client_for(cast.pracownik2).get(LIST).content.decode()


def test_the_form_shows_the_questionnaire_with_the_prefilled_answers(cast, draft, client_for):
    html = client_for(cast.pracownik).get(page(draft)).content.decode()
    assert "<legend>I.A Dane osoby lub rodziny" in html and "segment obowiązkowy" in html
    assert f'value="{draft.person.full_name}"' in html  # I.A.1 pre-filled from the registry
    assert 'name="base_revision" value="1"' in html
    assert name("I.E.1") in html  # the worker sees the health questions
    assert 'type="radio"' in html and "<textarea" in html


def test_save_then_complete_then_write_back(cast, family, client_for):
    task = interview_task(cast.kierownik, family, start_on=datetime.date(2026, 2, 2))
    client = client_for(cast.pracownik)
    started = client.post(f"/wywiady/zadanie/{task.pk}/rozpocznij/")
    interview = Interview.objects.get(task=task)
    assert started.url == page(interview)
    # Complete too early: the save happens, the completion is refused with the Polish message
    refused = client.post(page(interview), {**form_data(interview.answers, 1), "complete": "1"})
    assert refused.status_code == 400
    assert "Najpierw odpowiedz na wymagane pytania segmentów obowiązkowych." in refused.content.decode()
    interview.refresh_from_db()
    assert interview.status == InterviewStatus.DRAFT and interview.revision == 2
    answers = {**answers_for_completion(interview), "I.A.5": "600 100 200"}
    saved = client.post(page(interview), form_data(answers, 2))
    assert saved.status_code == 302
    interview.refresh_from_db()
    assert interview.revision == 3 and interview.answers["I.A.5"] == "600 100 200"
    done = client.post(page(interview), {**form_data(interview.answers, 3), "complete": "1"})
    assert done.url == page(interview, "do-rejestru/")
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE
    html = client.get(page(interview, "do-rejestru/")).content.decode()
    assert "Numer telefonu" in html and "600 100 200" in html
    confirmed = client.post(page(interview, "do-rejestru/"), {"accepted": ["person.phone"]})
    assert confirmed.status_code == 302
    interview.refresh_from_db()
    family.refresh_from_db()
    assert interview.status == InterviewStatus.CONFIRMED and family.phone == "600 100 200"
    # confirmed: read only
    assert client.get(page(interview)).content.decode().count('name="complete"') == 0


def test_a_wrong_answer_is_explained_and_kept(cast, draft, client_for):
    data = {**form_data(draft.answers, 1), name("I.A.3"): "32.13.2020"}
    response = client_for(cast.pracownik).post(page(draft), data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "error-summary" in html and 'value="32.13.2020"' in html
    draft.refresh_from_db()
    assert draft.revision == 1


def test_a_conflict_is_shown_question_by_question_and_resolved(cast, draft, client_for):
    services.interview_save(draft, {**draft.answers, "I.H.1": "Zdanie serwera"}, 1, cast.kierownik)
    client = client_for(cast.pracownik)
    mine = {**draft.answers, "I.H.1": "Moje zdanie", "I.H.2": "Inna odpowiedź"}
    response = client.post(page(draft), form_data(mine, 1))
    html = response.content.decode()
    assert response.status_code == 409
    assert "Moje zdanie" in html and "Zdanie serwera" in html and "Inna odpowiedź" in html
    assert f'name="choice_{name("I.H.1")}"' in html
    kept = client.post(
        page(draft), {**form_data(mine, 1), "resolved": "1", f"choice_{name('I.H.1')}": "server"}
    )
    assert kept.status_code == 302
    draft.refresh_from_db()
    assert draft.answers["I.H.1"] == "Zdanie serwera" and draft.answers["I.H.2"] == "Inna odpowiedź"


def test_the_clerk_reads_without_health_questions_and_changes_nothing(cast, draft, client_for):
    services.interview_save(draft, {**draft.answers, "I.E.2": "Choroba przewlekła"}, 1, cast.pracownik)
    client = client_for(cast.referent)
    html = client.get(page(draft)).content.decode()
    assert "Choroba przewlekła" not in html and name("I.E.2") not in html
    assert 'name="complete"' not in html
    assert client.post(page(draft), form_data(draft.answers, 2)).status_code == 403
    assert client.get(page(draft, "do-rejestru/")).status_code == 403
    text = pdf_text(client.get(page(draft, "wywiad.pdf")).content)
    assert "Choroba przewlekła" not in text and "I.E.2" not in text
    assert "I.A.1" in text
    worker_text = pdf_text(client_for(cast.pracownik).get(page(draft, "wywiad.pdf")).content)
    assert "Choroba przewlekła" in worker_text


def test_the_pdf_is_the_form_for_signatures(cast, draft, client_for, settings):
    response = client_for(cast.pracownik).get(page(draft, "wywiad.pdf"), HTTP_ACCEPT_LANGUAGE="en")
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(pdf_text(response.content).split())
    assert settings.DECISION_AUTHORITY in text
    assert "Kwestionariusz rodzinnego wywiadu środowiskowego" in text
    assert "Dz.U. 2021 poz. 893" in text
    assert draft.person.full_name in text
    assert "podpis osoby, z którą przeprowadzono wywiad" in text and "podpis pracownika socjalnego" in text
    assert "……" in text  # blank lines for the questions not answered


def test_the_revisions_list_who_saved_and_show_one(cast, draft, client_for):
    services.interview_save(draft, {**draft.answers, "I.H.1": "Druga wersja"}, 1, cast.pracownik)
    client = client_for(cast.pracownik)
    html = client.get(page(draft, "wersje/")).content.decode()
    assert page(draft, "wersje/1/") in html and page(draft, "wersje/2/") in html
    assert "Druga wersja" not in client.get(page(draft, "wersje/1/")).content.decode()
    assert "Druga wersja" in client.get(page(draft, "wersje/2/")).content.decode()
    assert client.get(page(draft, "wersje/9/")).status_code == 404


def test_start_from_the_person_file_and_the_task_page(cast, family, client_for):
    client = client_for(cast.pracownik)
    assert f"/wywiady/osoba/{family.pk}/rozpocznij/" in client.get(family.get_absolute_url()).content.decode()
    assert "/rozpocznij/" not in client_for(cast.referent).get(family.get_absolute_url()).content.decode()
    task = interview_task(cast.kierownik, family, start_on=datetime.date(2026, 2, 2))
    assert f"/wywiady/zadanie/{task.pk}/rozpocznij/" in client.get(f"/zadania/{task.pk}/").content.decode()
    response = client.post(f"/wywiady/osoba/{family.pk}/rozpocznij/")
    interview = Interview.objects.get(person=family, task=None)
    assert response.url == page(interview)
    assert client_for(cast.pracownik2).post(f"/wywiady/osoba/{family.pk}/rozpocznij/").status_code in (
        403,
        404,
    )


def test_every_page_read_is_access_logged(cast, draft, client_for):
    def reads():
        return LogEntry.objects.filter(
            action=LogEntry.Action.ACCESS, object_id=draft.person_id, actor=cast.referent
        )

    client = client_for(cast.referent)
    client.get(page(draft))
    assert reads().get().additional_data["what"] == "community interview"
    client.get(page(draft, "wywiad.pdf"))
    assert reads().latest("timestamp").additional_data["what"] == "community interview PDF"
    client.get(LIST)
    assert reads().latest("timestamp").additional_data["what"] == "community interviews"
