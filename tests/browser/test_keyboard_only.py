"""A keyboard-only walk (WCAG 2.1 SC 2.1.1 Keyboard, 2.4.3 Focus Order, 3.3.1 Error Identification): after
the sign-in (the one `log_in` fixture), the centre manager (who may change a person's file and record
the attendance of any project) uses only the keyboard (Tab, Shift+Tab,
Enter, Space, typing) to search a person, open the file, add an income with an error (the error summary
takes the focus, its link leads to the field), correct and save it, then go through the menu to the
activity and save a session's attendance. The test asserts where the focus is at each step."""

import datetime
from types import SimpleNamespace

import pytest
from django.db import connection
from playwright.sync_api import expect

from szansa.demo.people import ensure_demo_accounts
from szansa.domain.people.models import IncomeRecord
from szansa.domain.projects import enums as project_enums
from szansa.domain.projects import services as project_services
from szansa.domain.projects.models import ProjectStaff, TargetGroup
from szansa.domain.support.activities import services as activity_services
from szansa.domain.support.models import Attendance, Room
from tests.factories.projects import make_project
from tests.factories.support import at, enrol, support_form

D = datetime.date
MAX_TABS = 80

FOCUSED = """() => {
  const el = document.activeElement;
  if (!el) return {};
  return {
    tag: el.tagName.toLowerCase(), id: el.id || "", name: el.getAttribute("name") || "",
    text: (el.innerText || el.value || "").trim().slice(0, 120),
    summary: el.hasAttribute("data-error-summary"), role: el.getAttribute("role") || "",
    html: el.outerHTML.slice(0, 160),
  };
}"""


@pytest.fixture
def activity_session():
    """A 2019 project run by the demo coordinator, a group training with two participants (Ludmiła
    Klawiszewska, Tomasz Tabulski) and one session (made before the browser starts)."""
    users = ensure_demo_accounts()
    cast = SimpleNamespace(**users)
    project = make_project(users["admin"], number="K-1", participant_limit=12)
    project_services.project_record_save(
        actor=users["admin"],
        record=ProjectStaff(
            project=project,
            user=users["koordynator"],
            role=project_enums.StaffRole.COORDINATOR,
            valid_from=project.start,
        ),
    )
    target_group = project_services.project_record_save(
        actor=users["admin"],
        record=TargetGroup(project=project, year=2019, name="Osoby zagrożone", planned_total=12),
    )
    first = enrol(cast, project, target_group, first_name="Ludmiła", last_name="Klawiszewska")
    second = enrol(cast, project, target_group, first_name="Tomasz", last_name="Tabulski")
    activity = activity_services.activity_create(
        actor=users["koordynator"],
        project=project,
        form=support_form("social_competence_training"),
        title="Trening klawiatury",
        starts_on=D(2019, 3, 1),
        ends_on=D(2019, 6, 30),
        specialist=users["specjalista"],
        room=Room.objects.create(name="Sala 2"),
    )
    for participant in (first, second):
        activity_services.activity_assign(
            actor=users["koordynator"], activity=activity, participant=participant, on=D(2019, 3, 1)
        )
    session = activity_services.session_schedule(
        actor=users["koordynator"],
        activity=activity,
        starts_at=at(D(2019, 3, 12), 10),
        ends_at=at(D(2019, 3, 12), 12),
    )
    return {"person": first.person_id, "session": session.pk, "participants": [first.pk, second.pk]}


def focused(page) -> dict:
    return page.evaluate(FOCUSED)


def tab_to(page, matches, *, back=False, limit=MAX_TABS) -> dict:
    """Press Tab (Shift+Tab with `back`) until the focused element satisfies `matches`; fails past `limit`
    presses, which would mean the element cannot be reached with the keyboard."""
    key = "Shift+Tab" if back else "Tab"
    for _ in range(limit):
        page.keyboard.press(key)
        element = focused(page)
        if matches(element):
            return element
    raise AssertionError(f"not reached with {limit} × {key}; the focus is on {focused(page)}")


def text_is(text):
    return lambda element: element.get("text") == text


def test_the_manager_walks_search_file_income_and_attendance_with_the_keyboard_only(
    live_server, activity_session, browser_page, log_in
):
    page = browser_page
    log_in(page, live_server, "kierownik")
    keyboard = page.keyboard

    # 1. The skip link comes first; the menu's "Registry" group opens with Enter, "People" with Enter.
    first = tab_to(page, lambda e: True)
    assert first["text"] == "Przejdź do treści"
    tab_to(page, text_is("Rejestr"))
    keyboard.press("Enter")
    tab_to(page, text_is("Osoby"))
    keyboard.press("Enter")
    page.wait_for_url("**/osoby/")

    # 2. The search box: the skip link, then into the content; typing searches as one types (HTMX).
    tab_to(page, text_is("Przejdź do treści"))
    keyboard.press("Enter")
    assert tab_to(page, lambda e: e["name"] == "q", limit=10)["tag"] == "input"
    keyboard.type("Klawisz")
    expect(page.locator("#results a", has_text="Tabulski")).to_have_count(0)
    expect(page.locator("#results a", has_text="Klawiszewska")).to_have_count(1)
    # Still in the box after the results were swapped in.
    assert focused(page)["name"] == "q"
    tab_to(page, lambda e: e["tag"] == "a" and "Klawiszewska" in e["text"], limit=15)
    keyboard.press("Enter")
    page.wait_for_url(f"**/osoby/{activity_session['person']}/")
    expect(page.locator("h1")).to_have_text("Ludmiła Klawiszewska")

    # 3. The file's section menu leads to "Income"; a few Tabs on (the date of the assessment comes first)
    # is the "Add income" disclosure.
    tab_to(page, text_is("Dochody"))
    keyboard.press("Enter")
    assert page.url.endswith("#income")
    tab_to(page, text_is("Dodaj dochód"), limit=4)
    keyboard.press("Enter")
    # An amount that is not a number: saving refuses it (and keeps what was typed).
    tab_to(page, lambda e: e["name"] == "source", limit=8)
    keyboard.press("ArrowDown")
    tab_to(page, lambda e: e["name"] == "net_amount", limit=3)
    keyboard.type("tysiąc")
    tab_to(page, text_is("Dodaj"), limit=12)
    keyboard.press("Enter")
    page.wait_for_url(f"**/osoby/{activity_session['person']}/dochody/nowy/")

    # 4. The error summary has the focus; its link moves the focus to the field.
    expect(page.locator("[data-error-summary]")).to_be_focused()
    link = tab_to(page, lambda e: e["tag"] == "a", limit=3)
    assert link["text"].startswith("Kwota netto")
    keyboard.press("Enter")
    amount = focused(page)
    assert (amount["tag"], amount["name"], amount["text"]) == ("input", "net_amount", "tysiąc")
    keyboard.press("Control+A")
    keyboard.type("1200,50")
    keyboard.press("Enter")
    expect(page.locator("[data-error-summary]")).to_have_count(0)
    page.wait_for_url(f"**/osoby/{activity_session['person']}/#income")
    expect(page.locator("#income table")).to_contain_text("200,50")

    # 5. Back up from the content to the menu with Shift+Tab: "Projects and recruitment" › "Activities".
    tab_to(page, text_is("Projekty i rekrutacja"), back=True)
    keyboard.press("Space")
    tab_to(page, text_is("Zajęcia"), limit=6)
    keyboard.press("Enter")
    page.wait_for_url("**/wsparcie/dzialania/")
    tab_to(page, text_is("Trening klawiatury"))
    keyboard.press("Enter")
    expect(page.locator("h1")).to_contain_text("Trening klawiatury")
    tab_to(page, text_is("obecność"))
    keyboard.press("Enter")
    page.wait_for_url(f"**/wsparcie/zajecia/{activity_session['session']}/obecnosc/")

    # 6. "All present" with Space, then one participant absent with the key 3 on the row, save with Enter.
    tab_to(page, text_is("Wszyscy obecni"))
    keyboard.press("Space")
    first_participant, second_participant = activity_session["participants"]
    present = page.locator(f"input[name=status-{second_participant}][value=present]")
    expect(present).to_be_checked()
    tab_to(page, lambda e: e["name"] == f"status-{second_participant}", back=True)
    keyboard.press("3")
    expect(page.locator(f"input[name=status-{second_participant}][value=absent]")).to_be_checked()
    tab_to(page, text_is("Zapisz obecność"))
    keyboard.press("Enter")
    expect(page.locator("#attendance-saved")).to_be_visible()
    # The focus is not lost to <body> after the HTMX save: it is on the confirmation. The focus moves when
    # htmx has settled the swap (20 ms after it), so the assertion polls rather than reads once.
    expect(page.locator("#attendance-saved")).to_be_focused()

    try:
        saved = dict(
            Attendance.objects.filter(session_id=activity_session["session"]).values_list(
                "participant_id", "status"
            )
        )
        amounts = list(
            IncomeRecord.objects.filter(person_id=activity_session["person"]).values_list(
                "net_amount", flat=True
            )
        )
    finally:
        connection.close()
    assert saved == {first_participant: "present", second_participant: "absent"}
    assert [str(a) for a in amounts] == ["1200.50"]
