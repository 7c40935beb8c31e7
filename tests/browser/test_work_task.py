"""A social worker opens "my tasks" in chromium, types the minutes spent on an overdue visit and
completes it; HTMX swaps the row, and the task page then shows the time record."""

import datetime

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from szansa.domain.accounts.enums import Role
from szansa.domain.work import services
from tests.factories import PersonFactory, TeamFactory, UserFactory


@pytest.fixture
def task():
    for role in (Role.SOCIAL_WORKER, Role.CENTRE_MANAGER):
        Group.objects.get_or_create(name=role)
    team = TeamFactory(name="Zespół Olkusz")
    worker = UserFactory(username="pracownik2", password="szansa-demo", role=Role.SOCIAL_WORKER, team=team)
    manager = UserFactory(username="kierownik", role=Role.CENTRE_MANAGER)
    person = PersonFactory(first_name="Halina", last_name="Kruk", responsible_worker=worker)
    return services.task_create(
        actor=manager,
        kind="care_visit",
        person=person,
        title="Wizyta u pani Kruk",
        start_on=datetime.date.today() - datetime.timedelta(days=30),
    )


def test_a_social_worker_completes_an_overdue_task_with_the_minutes_spent(
    live_server, task, browser_page, log_in
):
    page = browser_page

    log_in(page, live_server, "pracownik2")

    page.goto(f"{live_server.url}/zadania/")
    row = page.locator(f"#task-{task.pk}")
    expect(row).to_contain_text("Wizyta u pani Kruk")
    expect(row).to_have_class("overdue")
    page.fill(f"#minutes-{task.pk}", "45")
    row.locator("button[type=submit]").click()

    # HTMX replaces the row in place: no page load.
    expect(page.locator(f"#task-{task.pk}.done")).to_contain_text("Wizyta u pani Kruk")
    assert page.url == f"{live_server.url}/zadania/"

    page.goto(f"{live_server.url}/zadania/{task.pk}/")
    expect(page.locator("#time-h + table")).to_contain_text("45")
