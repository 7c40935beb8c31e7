"""Wide tables scroll sideways inside their own region (issue 16): szansa.js puts a table wider than its place
(the attendance table on a phone-wide screen here, the activity's attendance grid at 1 366 px in the demo) in
a .table-scroll region, a keyboard stop (tabindex 0) with a name and a visible hint, and the page itself does
not scroll sideways. A table that fits is left as it is."""

import datetime
import re
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
    project = make_project(users["admin"], number="W-1", participant_limit=12)
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
    participants = [enrol(cast, project, target_group, last_name=f"Szerokotabelowa{i}") for i in range(2)]
    activity = activity_services.activity_create(
        actor=users["koordynator"],
        project=project,
        form=support_form("social_competence_training"),
        title="Trening",
        starts_on=D(2019, 3, 1),
        ends_on=D(2019, 6, 30),
        specialist=users["specjalista"],
        room=Room.objects.create(name="Sala W"),
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


def test_a_table_wider_than_the_screen_scrolls_in_a_named_keyboard_region(
    live_server, session_id, browser_page, log_in
):
    page = browser_page
    log_in(page, live_server, "specjalista")
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(f"{live_server.url}/wsparcie/zajecia/{session_id}/obecnosc/")
    region = page.locator(".table-scroll:has(table#attendance)")
    expect(region).to_have_class(re.compile(r"\bis-wide\b"))
    expect(region).to_have_attribute("tabindex", "0")
    expect(region).to_have_attribute("role", "region")
    expect(region).to_have_attribute("aria-label", re.compile(r"\S"))
    expect(page.locator(".table-scroll-hint")).to_have_text("Przewiń w bok, aby zobaczyć całą tabelę.")
    # The region scrolls, the page does not.
    sizes = region.evaluate("e => [e.scrollWidth, e.clientWidth]")
    assert sizes[0] > sizes[1], sizes
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    region.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    # Keyboard scrolling is smooth: wait for it.
    # Polled with evaluate: wait_for_function evaluates a string in the page, which the CSP forbids.
    for _ in range(50):
        if page.evaluate("document.querySelector('.table-scroll.is-wide').scrollLeft") > 0:
            break
        page.wait_for_timeout(100)
    assert page.evaluate("document.querySelector('.table-scroll.is-wide').scrollLeft") > 0
    # The table an htmx save brings is wrapped the same way.
    page.click("button[data-all-present]")
    page.locator("#attendance-form button[type=submit]").click()
    expect(page.locator("#attendance-saved")).to_be_visible()
    expect(page.locator(".table-scroll:has(table#attendance)")).to_have_attribute("tabindex", "0")
    expect(page.locator(".table-scroll-hint")).to_have_count(1)


def test_a_table_that_fits_is_no_tab_stop(live_server, session_id, browser_page, log_in):
    page = browser_page
    log_in(page, live_server, "specjalista")
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(f"{live_server.url}/wsparcie/zajecia/{session_id}/obecnosc/")
    expect(page.locator("table#attendance")).to_be_visible()
    # Left where it is: not wrapped, no Tab stop, no hint.
    expect(page.locator(".table-scroll:has(table#attendance)")).to_have_count(0)
    expect(page.locator("[tabindex='0']:has(table#attendance)")).to_have_count(0)
    expect(page.locator(".table-scroll-hint")).to_have_count(0)
