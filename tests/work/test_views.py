"""Work pages: my tasks with completion, queues, case view with steps and overdue items, and the
workload dashboard with its chart; scoping gives 404 and forbidden actions 403."""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from szansa.domain.work import services
from szansa.domain.work.models import Task, TaskKind, TimeRecord

pytestmark = pytest.mark.django_db


@pytest.fixture
def english(client_for):
    def make(user):
        client = client_for(user)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return make


def _overdue_visit(cast):
    with translation.override("en"):  # notifications are stored in the language of their moment
        return _create_overdue_visit(cast)


def _create_overdue_visit(cast):
    return services.task_create(
        actor=cast.referent,
        kind="care_visit",
        person=cast.person_a,
        start_on=timezone.localdate() - datetime.timedelta(days=30),
    )


def test_my_tasks_lists_an_overdue_task_and_completes_it_with_minutes(cast, english):
    task = _overdue_visit(cast)
    client = english(cast.pracownik)
    page = client.get(reverse("work:my_tasks"))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Overdue (1)" in body
    assert task.title in body
    assert "New task" in body  # the notification

    response = client.post(reverse("work:task_complete", args=[task.pk]), {"minutes": 45, "note": ""})

    assert response.status_code == 302
    task.refresh_from_db()
    assert task.status == "done"
    assert TimeRecord.objects.get(task=task).minutes == 45


def test_completing_through_htmx_returns_the_replaced_row(cast, english):
    task = _overdue_visit(cast)
    response = english(cast.pracownik).post(
        reverse("work:task_complete", args=[task.pk]), {"minutes": 10}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert f'id="task-{task.pk}"' in response.content.decode()
    assert "Completed" in response.content.decode()


def test_a_task_out_of_scope_is_not_found_and_a_visible_one_not_mine_is_forbidden(cast, english):
    task = _overdue_visit(cast)
    assert english(cast.pracownik2).get(reverse("work:task_detail", args=[task.pk])).status_code == 404
    assert (
        english(cast.pracownik2)
        .post(reverse("work:task_complete", args=[task.pk]), {"minutes": 1})
        .status_code
        == 404
    )
    assert english(cast.audytor).get(reverse("work:task_detail", args=[task.pk])).status_code == 200
    assert (
        english(cast.audytor).post(reverse("work:task_complete", args=[task.pk]), {"minutes": 1}).status_code
        == 403
    )
    task.refresh_from_db()
    assert task.status == "open"


def test_the_clerks_queue_shows_administrative_work_and_a_clerk_takes_a_task(cast, english):
    task = services.task_create(actor=cast.pracownik, kind="payment_order", person=cast.person_a)
    client = english(cast.referent)
    page = client.get(reverse("work:queue"), {"role": "administrative_clerk"})
    assert task.title in page.content.decode()
    assert client.get(reverse("work:queue"), {"role": "centre_manager"}).status_code == 403
    client.post(reverse("work:task_start", args=[task.pk]))
    task.refresh_from_db()
    assert task.assignee == cast.referent


def test_a_manager_reassigns_from_the_task_page(cast, english, clerk2):
    task = services.task_create(actor=cast.pracownik, kind="payment_order", person=cast.person_a)
    assert (
        english(cast.referent)
        .post(reverse("work:task_reassign", args=[task.pk]), {"assignee": clerk2.pk})
        .status_code
        == 403
    )
    english(cast.kierownik).post(reverse("work:task_reassign", args=[task.pk]), {"assignee": clerk2.pk})
    task.refresh_from_db()
    assert task.assignee == clerk2


def test_the_case_page_shows_the_steps_and_highlights_the_overdue_interview(cast, english):
    case = services.case_open(
        actor=cast.referent,
        person=cast.person_a,
        benefit="zasiłek okresowy",
        opened_on=timezone.localdate() - datetime.timedelta(days=40),
    )
    page = english(cast.pracownik).get(reverse("work:case_detail", args=[case.pk]))
    body = page.content.decode()
    assert page.status_code == 200
    assert 'data-step="interview"' in body
    assert "step current overdue" in body
    assert "Record the community interview" in body
    assert english(cast.pracownik2).get(reverse("work:case_detail", args=[case.pk])).status_code == 404


def test_a_case_step_is_recorded_from_the_case_page(cast, english):
    case = services.case_open(actor=cast.referent, person=cast.person_a, benefit="zasiłek celowy")
    english(cast.pracownik).post(reverse("work:case_step", args=[case.pk]), {"minutes": 90})
    case.refresh_from_db()
    assert case.status == "interview"
    assert case.tasks.get(kind__code="propose_support").is_active
    # The clerk cannot propose support in the social worker's place.
    english(cast.referent).post(reverse("work:case_step", args=[case.pk]), {"minutes": 5, "proposal": "x"})
    case.refresh_from_db()
    assert case.status == "interview"


def test_the_workload_dashboard_draws_the_admin_share_with_the_reorganisation(cast, english):
    office = TaskKind.objects.get(code="office_administration")
    task = Task.objects.create(
        kind=office,
        title="biuro",
        role=office.default_role,
        start_on=datetime.date(2018, 6, 1),
        created_by=cast.admin,
    )
    TimeRecord.objects.create(task=task, user=cast.pracownik2, date=datetime.date(2018, 6, 4), minutes=60)
    page = english(cast.kierownik).get(
        reverse("work:workload"),
        {"date_from": "2018-05-01", "date_to": "2018-08-31", "reorganisation": "2018-07-01"},
    )
    body = page.content.decode()
    assert page.status_code == 200
    assert "<svg" in body and 'class="reorganisation"' in body
    assert 'data-month="2018-06"' in body
    assert "100.0 %" in body  # June: 60 of 60 minutes
    assert english(cast.pracownik).get(reverse("work:workload")).status_code == 403


def test_the_workload_dashboard_defaults_to_a_year_around_the_configured_reorganisation(
    cast, english, settings
):
    settings.REORGANISATION_DATE = datetime.date(2018, 7, 1)
    office = TaskKind.objects.get(code="office_administration")
    task = Task.objects.create(
        kind=office,
        title="biuro",
        role=office.default_role,
        start_on=datetime.date(2018, 1, 1),
        created_by=cast.admin,
    )
    TimeRecord.objects.create(task=task, user=cast.pracownik2, date=datetime.date(2018, 3, 5), minutes=30)
    body = english(cast.kierownik).get(reverse("work:workload")).content.decode()
    assert "07.2017 – 06.2019" in body
    assert 'data-month="2018-03"' in body
    assert 'value="2018-07-01"' in body
