"""/api/v1/interviews/ and /api/v1/interview-forms/: the contract the field app and the pages rely on,
scoped per role (the social worker's team, the clerk without health questions, no access for others),
the 409 of a conflict, the day's list, completion and write-back, and the access log of every read."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from szansa.domain.interviews import services
from szansa.domain.interviews.models import Interview
from szansa.domain.work.enums import TaskStatus
from tests.factories import PersonFactory
from tests.factories.interviews import InterviewFactory, answers_for_completion, interview_task, rws_2021

pytestmark = pytest.mark.django_db

URL = "/api/v1/interviews/"
DAY = datetime.date(2026, 2, 10)
HEALTH = {"I.E.1", "I.E.2", "I.E.3", "I.H.4", "IV.A.8"}
ITEM_FIELDS = {
    "id", "person", "person_name", "address", "household", "task", "case", "due_on", "conducted_on", "kind",
    "questionnaire", "worker", "status", "revision", "answers", "created_at", "updated_at", "completed_at",
    "confirmed_at", "written_back_at",
}  # fmt: skip


@pytest.fixture
def interview_b(cast):
    return services.interview_start(cast.person_b, cast.pracownik2, DAY)


def _ids(response):
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def test_each_role_lists_what_it_may_see(cast, draft, interview_b, client_for):
    assert _ids(client_for(cast.pracownik).get(URL)) == {draft.pk}
    assert _ids(client_for(cast.pracownik2).get(URL)) == {interview_b.pk}
    assert _ids(client_for(cast.kierownik).get(URL)) == {draft.pk, interview_b.pk}
    assert _ids(client_for(cast.referent).get(URL)) == {draft.pk, interview_b.pk}
    for user in (cast.specjalista, cast.audytor, cast.koordynator):
        assert client_for(user).get(URL).status_code == 403
        assert client_for(user).get(f"{URL}{draft.pk}/").status_code == 403
    assert client_for(cast.pracownik2).get(f"{URL}{draft.pk}/").status_code == 404
    assert (
        client_for(cast.pracownik2)
        .patch(f"{URL}{draft.pk}/", {"answers": {}, "base_revision": 1}, content_type="application/json")
        .status_code
        == 404
    )


def test_an_item_has_the_contracts_fields(cast, family, client_for):
    task = interview_task(cast.kierownik, family, start_on=datetime.date(2026, 2, 2))
    response = client_for(cast.pracownik).post(URL, {"task": task.pk, "conducted_on": "2026-02-10"})
    assert response.status_code == 201, response.content
    item = response.json()
    assert set(item) == ITEM_FIELDS
    assert (item["person"], item["person_name"], item["address"]) == (
        family.pk,
        family.full_name,
        family.address_line,
    )
    assert (item["household"], item["task"], item["due_on"]) == (
        family.household_id,
        task.pk,
        f"{task.due_on}",
    )
    assert (item["kind"], item["status"], item["revision"], item["questionnaire"]) == (
        "full", "draft", 1, rws_2021().pk,
    )  # fmt: skip
    assert item["answers"]["I.G.1"] == "1500.00"
    by_person = client_for(cast.pracownik).post(URL, {"person": family.pk}, content_type="application/json")
    assert by_person.status_code == 201 and by_person.json()["task"] is None
    assert client_for(cast.pracownik).post(URL, {"person": family.pk, "task": task.pk}).status_code == 400
    assert client_for(cast.pracownik2).post(URL, {"person": family.pk}).status_code == 404
    assert client_for(cast.referent).post(URL, {"person": family.pk}).status_code == 403


def test_the_clerk_never_sees_the_health_questions(cast, draft, client_for):
    worker = client_for(cast.pracownik).get(f"{URL}{draft.pk}/").json()
    assert {"I.H.4"} <= set(worker["answers"])  # the illness reason was pre-filled
    clerk = client_for(cast.referent)
    answers = clerk.get(f"{URL}{draft.pk}/").json()["answers"]
    assert not HEALTH & set(answers) and answers["I.A.1"] == draft.person.full_name
    assert not HEALTH & {row for item in clerk.get(URL).json()["results"] for row in item["answers"]}
    form = clerk.get(f"/api/v1/interview-forms/{draft.questionnaire_id}/").json()
    codes = {q["code"] for part in form["parts"] for seg in part["segments"] for q in seg["questions"]}
    assert not HEALTH & codes and "I.A.1" in codes
    full = client_for(cast.pracownik).get(f"/api/v1/interview-forms/{draft.questionnaire_id}/").json()
    assert {
        q["code"] for part in full["parts"] for seg in part["segments"] for q in seg["questions"]
    } >= HEALTH
    assert (
        clerk.patch(
            f"{URL}{draft.pk}/", {"answers": {}, "base_revision": 1}, content_type="application/json"
        ).status_code
        == 403
    )


def test_the_form_has_the_contracts_shape(cast, client_for):
    form = client_for(cast.pracownik).get(f"/api/v1/interview-forms/{rws_2021().pk}/").json()
    assert {"id", "code", "title", "valid_from", "valid_to", "parts"} <= set(form)
    assert (form["code"], form["valid_from"], form["valid_to"]) == ("rws-2021", "2021-11-11", None)
    segment_a = form["parts"][0]["segments"][0]
    assert (segment_a["code"], segment_a["required"]) == ("A", True)
    question = segment_a["questions"][7]
    assert question["code"] == "I.A.8" and question["type"] == "choice" and question["required"] is True
    assert question["choices"][0] == {"value": "request", "label": "na wniosek osoby"}


def _patch(client, interview, answers, base):
    return client.patch(
        f"{URL}{interview.pk}/", {"answers": answers, "base_revision": base}, content_type="application/json"
    )


def test_patch_saves_or_answers_409_with_the_conflicts(cast, draft, client_for):
    worker, manager = client_for(cast.pracownik), client_for(cast.kierownik)
    base = dict(draft.answers)
    saved = _patch(manager, draft, {**base, "I.H.1": "Zasiłek celowy"}, 1)
    assert saved.status_code == 200 and saved.json()["revision"] == 2
    conflict = _patch(worker, draft, {**base, "I.H.1": "Zasiłek okresowy"}, 1)
    assert conflict.status_code == 409
    body = conflict.json()
    assert set(body) == {"detail", "revision", "answers", "conflicts"}
    assert body["revision"] == 2 and body["answers"]["I.H.1"] == "Zasiłek celowy"
    assert body["conflicts"] == [
        {
            "question": "I.H.1",
            "label": "Potrzeby zgłoszone przez osobę lub rodzinę",
            "base": None,
            "server": "Zasiłek celowy",
            "yours": "Zasiłek okresowy",
        }
    ]
    assert body["detail"].startswith("W międzyczasie ktoś inny zmienił ten wywiad.")
    resolved = _patch(worker, draft, {**body["answers"], "I.H.1": "Zasiłek okresowy"}, body["revision"])
    assert resolved.status_code == 200 and resolved.json()["answers"]["I.H.1"] == "Zasiłek okresowy"
    invalid = _patch(worker, draft, {**base, "I.A.6": "dwoje"}, 3)
    assert invalid.status_code == 400 and invalid.json() == {"I.A.6": ["Wpisz liczbę."]}
    assert _patch(worker, draft, base, "x").status_code == 400
    assert client_for(cast.pracownik).put(f"{URL}{draft.pk}/", {}).status_code == 405


def test_the_field_app_sends_with_the_session_and_the_csrf_token(cast, draft):
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.pracownik)
    body = {"answers": {**draft.answers, "I.H.1": "Pomoc w opłaceniu czynszu"}, "base_revision": 1}
    assert client.patch(f"{URL}{draft.pk}/", body, content_type="application/json").status_code == 403
    token = "a" * 32
    client.cookies[settings.CSRF_COOKIE_NAME] = token
    response = client.patch(
        f"{URL}{draft.pk}/", body, content_type="application/json", headers={"X-CSRFToken": token}
    )
    assert response.status_code == 200, response.content


def test_prepare_day_starts_the_drafts_of_the_days_tasks_and_the_list_only_reads(cast, family, client_for):
    due = interview_task(cast.kierownik, family, start_on=datetime.date(2026, 1, 20))  # due before 10 Feb
    later = interview_task(cast.kierownik, cast.person_a, start_on=datetime.date(2026, 3, 2))  # due in March
    own_draft = services.interview_start(family, cast.pracownik, DAY)  # no task, conducted that day
    services.interview_start(family, cast.pracownik, DAY - datetime.timedelta(days=1))  # the day before
    client = client_for(cast.pracownik)
    query = {"assigned": "me", "day": "2026-02-10"}
    # A read creates nothing: before prepare-day the day's list holds the own draft only.
    assert _ids(client.get(URL, query)) == {own_draft.pk}
    assert not Interview.objects.filter(task=due).exists()
    prepared = client.post(f"{URL}prepare-day/", {"day": "2026-02-10"})
    started = Interview.objects.get(task=due)
    assert prepared.status_code == 200 and prepared.json() == {"started": [started.pk]}
    # Idempotent: a second call starts nothing.
    assert client.post(f"{URL}prepare-day/", {"day": "2026-02-10"}).json() == {"started": []}
    assert client.post(f"{URL}prepare-day/", {"day": "10.02"}).status_code == 400
    assert client.get(f"{URL}prepare-day/").status_code == 405
    # The clerk may not start interviews (see the POST test above): refused, nothing started.
    assert client_for(cast.referent).post(f"{URL}prepare-day/", {"day": "2026-02-10"}).status_code == 403
    rows = client.get(URL, query).json()["results"]
    assert {row["id"] for row in rows} == {started.pk, own_draft.pk}
    assert started.conducted_on == DAY and started.worker == cast.pracownik
    assert next(row for row in rows if row["id"] == started.pk)["due_on"] == f"{due.due_on}"
    assert {row["id"] for row in client.get(URL, query).json()["results"]} == {started.pk, own_draft.pk}
    assert (
        Interview.objects.filter(task=due).count() == 1 and not Interview.objects.filter(task=later).exists()
    )
    assert _ids(client_for(cast.pracownik2).get(URL, query)) == set()
    assert client.get(URL, {"assigned": "me", "day": "10.02"}).status_code == 400
    assert _ids(client.get(URL, {"status": "completed"})) == set()


def test_complete_changes_and_confirm(cast, family, client_for):
    task = interview_task(cast.kierownik, family, start_on=datetime.date(2026, 2, 2))
    client = client_for(cast.pracownik)
    item = client.post(URL, {"task": task.pk, "conducted_on": "2026-02-10"}).json()
    interview = Interview.objects.get(pk=item["id"])
    refused = client.post(f"{URL}{item['id']}/complete/")
    assert refused.status_code == 400
    assert (
        refused.json()["non_field_errors"][0]
        == "Najpierw odpowiedz na wymagane pytania segmentów obowiązkowych."
    )
    answers = {**answers_for_completion(interview), "I.A.5": "600 100 200"}
    assert _patch(client, interview, answers, 1).status_code == 200
    done = client.post(f"{URL}{item['id']}/complete/")
    assert done.status_code == 200 and done.json()["status"] == "completed"
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE
    changes = client.get(f"{URL}{item['id']}/changes/").json()
    assert changes == [
        {
            "field": "person.phone",
            "question": "I.A.5",
            "label": "Numer telefonu",
            "registry": "",
            "interview": "600 100 200",
            "writable": True,
        }
    ]
    confirmed = client.post(
        f"{URL}{item['id']}/confirm/", {"fields": ["person.phone"]}, content_type="application/json"
    )
    assert confirmed.status_code == 200 and confirmed.json()["status"] == "confirmed"
    family.refresh_from_db()
    assert family.phone == "600 100 200"
    assert client.get(f"{URL}{item['id']}/changes/").json() == []


def test_every_read_is_access_logged(cast, draft, client_for):
    def reads():
        return LogEntry.objects.filter(
            action=LogEntry.Action.ACCESS, object_id=draft.person_id, actor=cast.referent
        )

    client = client_for(cast.referent)
    client.get(f"{URL}{draft.pk}/")
    entry = reads().get()
    assert entry.additional_data["what"] == "community interview"
    assert entry.additional_data["route"] == "interview-detail"
    client.get(URL)
    assert reads().count() == 2
    assert reads().latest("timestamp").additional_data["what"] == "community interviews"


@pytest.mark.parametrize("login", ["kierownik", "referent", "pracownik"])
def test_the_list_makes_as_many_queries_with_three_times_the_rows(cast, client_for, login):
    def add(n):
        for _ in range(n):
            InterviewFactory(person=PersonFactory(responsible_worker=cast.pracownik), worker=cast.pracownik)

    def queries():
        with CaptureQueriesContext(connection) as context:
            assert client.get(URL).status_code == 200
        return len(context.captured_queries)

    client = client_for(getattr(cast, login))
    add(2)
    two = queries()
    add(4)
    assert queries() == two
