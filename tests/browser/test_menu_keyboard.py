"""The grouped main menu at a 1 366 px screen: one row, no item broken over two lines; a group opens and
closes with the keyboard (Enter on its name, Escape back to it). The skip link is the first Tab stop and
takes the keyboard to the page's content: the next Tab reaches the search box of the people list."""

import pytest
from playwright.sync_api import expect

from szansa.demo.people import ensure_demo_accounts


@pytest.fixture
def accounts():
    """The demo accounts (password szansa-demo), made before the browser starts."""
    ensure_demo_accounts()


@pytest.fixture
def signed_in(log_in):
    def sign_in(page, live_server, username):
        page.set_viewport_size({"width": 1366, "height": 768})
        log_in(page, live_server, username)

    return sign_in


@pytest.mark.parametrize("username", ["admin", "pracownik"])
def test_the_menu_fits_one_row_at_1366_px_without_breaking_an_item(
    live_server, accounts, browser_page, signed_in, username
):
    page = browser_page
    signed_in(page, live_server, username)
    items = page.locator(".main-menu .menu > li")
    middles = items.evaluate_all(
        "els => els.map(e => { const r = e.getBoundingClientRect(); return (r.top + r.bottom) / 2; })"
    )
    assert max(middles) - min(middles) < 8, middles  # one row
    # No item is broken over two lines: each name is one line box.
    lines = page.locator(".main-menu .menu > li > a, .main-menu summary").evaluate_all(
        "els => els.map(e => [e.textContent.trim(), e.getClientRects().length,"
        " e.getBoundingClientRect().height / parseFloat(getComputedStyle(e).lineHeight || 24)])"
    )
    assert all(rects == 1 for _, rects, _ in lines), lines
    header = page.locator(".site-header").bounding_box()
    assert header["height"] < 80, header


def test_a_menu_group_opens_and_closes_with_the_keyboard(live_server, accounts, browser_page, signed_in):
    page = browser_page
    signed_in(page, live_server, "koordynator")
    registry = page.locator("details.menu-group", has=page.locator("summary", has_text="Rejestr"))
    summary = registry.locator("summary")
    summary.focus()
    page.keyboard.press("Enter")
    expect(registry).to_have_attribute("open", "")
    people = registry.get_by_role("link", name="Osoby")
    expect(people).to_be_visible()
    page.keyboard.press("Tab")
    expect(people).to_be_focused()
    page.keyboard.press("Escape")
    expect(registry).not_to_have_attribute("open", "")
    expect(summary).to_be_focused()
    # Opening another group closes the first.
    page.keyboard.press("Enter")
    projects = page.locator("details.menu-group", has=page.locator("summary", has_text="Projekty"))
    projects.locator("summary").click()
    expect(projects).to_have_attribute("open", "")
    expect(registry).not_to_have_attribute("open", "")
    # Enter on a link of an open group follows it.
    projects.get_by_role("link", name="Projekty", exact=True).focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/projekty/")


def test_the_skip_link_is_the_first_tab_stop_and_leads_to_the_search_box(
    live_server, accounts, browser_page, signed_in
):
    page = browser_page
    signed_in(page, live_server, "koordynator")
    page.goto(f"{live_server.url}/osoby/")
    page.keyboard.press("Tab")
    skip = page.locator("a.skip-link")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    # The next Tab stops are the page's own: its first link ("Register a person"), then the search box.
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Zarejestruj osobę")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.locator("main [name=q]")).to_be_focused()
