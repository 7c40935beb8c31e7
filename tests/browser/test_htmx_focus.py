"""After an htmx save the focus does not fall to <body>: saving the attendance (the form is swapped for the
server's answer) puts the focus on the confirmation, so a keyboard or screen-reader user hears it and goes
on from there (issue 16)."""

import datetime
from types import SimpleNamespace

import pytest
from playwright.sync_api import expect

from szansa.demo.people import ensure_demo_accounts
from szansa.domain.projects import enums as project_enums
from szansa.domain.projects import services as project_services
from szansa.domain.projects.models import ProjectStaff, TargetGroup
from szansa.domain.support.activities import services as activity_services
from szansa.domain.support.models import Room
from tests.factories.projects import make_project
from tests.factories.support import at, enrol, support_form

D = datetime.date


@pytest.fixture
def session_id():
    """A group session on 12.03.2019 of the demo specialist with two participants (made before the browser
    starts)."""
    users = ensure_demo_accounts()
    cast = SimpleNamespace(**users)
    project = make_project(users["admin"], number="F-1", participant_limit=12)
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
    participants = [enrol(cast, project, target_group, last_name=f"Fokus{i}") for i in range(2)]
    activity = activity_services.activity_create(
        actor=users["koordynator"],
        project=project,
        form=support_form("social_competence_training"),
        title="Trening",
        starts_on=D(2019, 3, 1),
        ends_on=D(2019, 6, 30),
        specialist=users["specjalista"],
        room=Room.objects.create(name="Sala F"),
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
    return session.pk


def test_after_the_htmx_save_the_focus_is_on_the_confirmation(live_server, session_id, browser_page, log_in):
    page = browser_page
    log_in(page, live_server, "specjalista")

    page.goto(f"{live_server.url}/wsparcie/zajecia/{session_id}/obecnosc/")
    page.click("button[data-all-present]")
    save = page.locator("#attendance-form button[type=submit]")
    save.focus()
    page.keyboard.press("Enter")
    confirmation = page.locator("#attendance-saved")
    expect(confirmation).to_be_visible()
    expect(confirmation).to_be_focused()
    assert page.evaluate("document.activeElement !== document.body")
    # From there, Tab goes on inside the new form (the first participant's radios).
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('#attendance-form') !== null")
