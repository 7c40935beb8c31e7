"""/api/v1/tasks/: scoped lists and filters, routed creation, complete / start / reassign through the
work services, and the auditor who reads but changes nothing."""

import datetime

import pytest
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator

from szansa.domain.accounts.enums import Role
from szansa.domain.work import services
from szansa.domain.work.models import Task, TimeRecord
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/tasks/"


@pytest.fixture
def tasks(cast):
    old = datetime.date.today() - datetime.timedelta(days=40)
    return {
        "visit_a": services.task_create(
            actor=cast.kierownik, kind="care_visit", person=cast.person_a, start_on=old
        ),
        "visit_b": services.task_create(actor=cast.kierownik, kind="care_visit", person=cast.person_b),
        "payment_a": services.task_create(actor=cast.kierownik, kind="payment_order", person=cast.person_a),
    }


@pytest.fixture
def clerk2(cast):
    return UserFactory(username="referent2", role=Role.ADMINISTRATIVE_CLERK)


def _ids(response):
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def test_each_user_lists_only_the_tasks_they_may_see(cast, tasks, client_for):
    assert _ids(client_for(cast.pracownik).get(URL)) == {tasks["visit_a"].pk}
    assert _ids(client_for(cast.referent).get(URL)) == {tasks["payment_a"].pk}
    assert _ids(client_for(cast.audytor).get(URL)) == {t.pk for t in tasks.values()}
    assert client_for(cast.pracownik).get(f"{URL}{tasks['visit_b'].pk}/").status_code == 404


def test_filters_for_mine_overdue_queue_and_kind(cast, tasks, client_for):
    manager = client_for(cast.kierownik)
    assert _ids(manager.get(URL, {"overdue": "true"})) == {tasks["visit_a"].pk}
    assert _ids(manager.get(URL, {"kind": "payment_order"})) == {tasks["payment_a"].pk}
    assert _ids(client_for(cast.pracownik2).get(URL, {"mine": "true"})) == {tasks["visit_b"].pk}
    assert _ids(client_for(cast.referent).get(URL, {"queue": "true"})) == {tasks["payment_a"].pk}
    row = manager.get(f"{URL}{tasks['visit_a'].pk}/").json()
    assert (row["kind"], row["work_class"], row["overdue"]) == ("care_visit", "social_service", True)


def test_a_created_task_is_routed_by_its_kind(cast, client_for):
    response = client_for(cast.pracownik).post(
        URL, {"kind": "payment_order", "person": cast.person_a.pk}, content_type="application/json"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["role"], body["assignee"]) == ("administrative_clerk", None)
    assert body["due_on"] is not None


def test_a_person_outside_ones_scope_cannot_be_named(cast, client_for):
    response = client_for(cast.pracownik).post(
        URL, {"kind": "care_visit", "person": cast.person_b.pk}, content_type="application/json"
    )
    assert response.status_code == 400
    assert "person" in response.json()
    assert not Task.objects.exists()


def test_completing_records_the_minutes(cast, tasks, client_for):
    task = tasks["visit_a"]
    response = client_for(cast.pracownik).post(
        f"{URL}{task.pk}/complete/", {"minutes": 35}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "done"
    assert TimeRecord.objects.get(task=task).minutes == 35
    again = client_for(cast.pracownik).post(
        f"{URL}{task.pk}/complete/", {"minutes": 5}, content_type="application/json"
    )
    assert again.status_code == 400


def test_the_auditor_changes_nothing_and_only_managers_reassign(cast, tasks, client_for, clerk2):
    task = tasks["payment_a"]
    auditor = client_for(cast.audytor)
    assert (
        auditor.post(f"{URL}{task.pk}/complete/", {"minutes": 5}, content_type="application/json").status_code
        == 403
    )
    assert (
        auditor.post(
            URL, {"kind": "payment_order", "person": cast.person_a.pk}, content_type="application/json"
        ).status_code
        == 403
    )
    clerk = client_for(cast.referent)
    assert (
        clerk.post(
            f"{URL}{task.pk}/reassign/", {"assignee": clerk2.pk}, content_type="application/json"
        ).status_code
        == 403
    )
    response = client_for(cast.kierownik).post(
        f"{URL}{task.pk}/reassign/", {"assignee": clerk2.pk}, content_type="application/json"
    )
    assert response.json()["assignee"] == clerk2.pk
    started = client_for(clerk2).post(f"{URL}{task.pk}/start/")
    assert started.json()["status"] == "in_progress"


def test_the_tasks_endpoints_are_in_the_schema_without_warnings(db):
    GENERATOR_STATS.reset()
    schema = SchemaGenerator().get_schema(request=None, public=True)
    assert dict(GENERATOR_STATS._warn_cache) == {}
    paths = schema["paths"]
    assert {"/api/v1/tasks/", "/api/v1/tasks/{id}/complete/", "/api/v1/tasks/{id}/reassign/"} <= set(paths)
    for method in ("put", "patch", "delete"):
        assert method not in paths["/api/v1/tasks/{id}/"]
