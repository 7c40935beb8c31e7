"""The activity's specialist opens the attendance page of a group session in chromium, marks everyone
present with "All present", then one participant absent with the keyboard (key 3 on their row),
saves (HTMX, inline confirmation) and the database holds what was chosen."""

import datetime
from types import SimpleNamespace

import pytest
from django.db import connection
from playwright.sync_api import expect

from szansa.demo.people import ensure_demo_accounts
from szansa.domain.projects import enums as project_enums
from szansa.domain.projects import services as project_services
from szansa.domain.projects.models import ProjectStaff, TargetGroup
from szansa.domain.support.activities import services as activity_services
from szansa.domain.support.models import Attendance, Room
from tests.factories.projects import make_project
from tests.factories.support import at, enrol, support_form

D = datetime.date


@pytest.fixture
def group_session():
    """A 2019 project run by the demo coordinator, a group training of the demo specialist with three
    participants and one session on 12.03.2019 (made before the browser starts)."""
    users = ensure_demo_accounts()
    cast = SimpleNamespace(**users)
    project = make_project(users["admin"], number="B-1", participant_limit=12)
    for user, role in (
        (users["koordynator"], project_enums.StaffRole.COORDINATOR),
        (users["specjalista"], project_enums.StaffRole.SPECIALIST),
    ):
        project_services.project_record_save(
            actor=users["admin"],
            record=ProjectStaff(project=project, user=user, role=role, valid_from=project.start),
        )
    target_group = project_services.project_record_save(
        actor=users["admin"],
        record=TargetGroup(project=project, year=2019, name="Osoby zagrożone", planned_total=12),
    )
    participants = [enrol(cast, project, target_group, last_name=f"Kursant{i}") for i in range(3)]
    activity = activity_services.activity_create(
        actor=users["koordynator"],
        project=project,
        form=support_form("social_competence_training"),
        title="Trening kompetencji społecznych",
        starts_on=D(2019, 3, 1),
        ends_on=D(2019, 6, 30),
        specialist=users["specjalista"],
        room=Room.objects.create(name="Sala 1"),
    )
    for participant in participants:
        activity_services.activity_assign(
            actor=users["koordynator"], activity=activity, participant=participant, on=D(2019, 3, 1)
        )
    session = activity_services.session_schedule(
        actor=users["koordynator"],
        activity=activity,
        starts_at=at(D(2019, 3, 12), 10),
        ends_at=at(D(2019, 3, 12), 12),
    )
    return {"session": session.pk, "participants": [p.pk for p in participants]}


def test_the_specialist_marks_one_absent_with_the_keyboard_and_saves(
    live_server, group_session, browser_page, log_in
):
    page = browser_page
    log_in(page, live_server, "specjalista")

    page.goto(f"{live_server.url}/wsparcie/zajecia/{group_session['session']}/obecnosc/")
    first, second, third = group_session["participants"]
    expect(page.locator("table#attendance tbody tr")).to_have_count(3)
    page.click("button[data-all-present]")
    expect(page.locator(f"input[name=status-{third}][value=present]")).to_be_checked()
    # Keyboard: focus the second participant's row and press 3 (absent); focus moves to the next row.
    page.focus(f"input[name=status-{second}][value=present]")
    page.keyboard.press("3")
    expect(page.locator(f"input[name=status-{second}][value=absent]")).to_be_checked()
    expect(page.locator(f"input[name=status-{third}][value=present]")).to_be_focused()
    page.click("#attendance-form button[type=submit]")
    expect(page.locator("#attendance-saved")).to_be_visible()

    # The page shows it after a reload, and the database holds it (the connection this opens in the
    # browser's context is closed at once, so it does not outlive the test).
    page.reload()
    expect(page.locator(f"input[name=status-{second}][value=absent]")).to_be_checked()
    try:
        rows = Attendance.objects.filter(session_id=group_session["session"])
        saved = dict(rows.values_list("participant_id", "status"))
    finally:
        connection.close()
    assert saved == {first: "present", second: "absent", third: "present"}
