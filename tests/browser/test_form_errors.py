"""A form sent with errors opens with the focus on the error summary at the top of the page; a link of the
summary puts the focus in its field (issue 16)."""

import pytest
from playwright.sync_api import expect

from szansa.demo.people import ensure_demo_accounts


@pytest.fixture
def accounts():
    """The demo accounts (password szansa-demo), made before the browser starts."""
    ensure_demo_accounts()


def test_the_error_summary_takes_the_focus_and_leads_to_each_field(
    live_server, accounts, browser_page, log_in
):
    page = browser_page
    page.set_viewport_size({"width": 1366, "height": 768})
    log_in(page, live_server, "admin")

    page.goto(f"{live_server.url}/projekty/nowy/")
    page.fill("#id_title", "Projekt bez numeru")
    page.locator("main form button[type=submit]").last.click()
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary).to_be_in_viewport()
    expect(summary.get_by_role("heading", name="Popraw błędy")).to_be_visible()
    # What was typed stays; the invalid fields say so.
    expect(page.locator("#id_title")).to_have_value("Projekt bez numeru")
    expect(page.locator("#id_number")).to_have_attribute("aria-invalid", "true")
    summary.locator("a[href='#id_number']").click()
    expect(page.locator("#id_number")).to_be_focused()
    expect(page.locator("label[for=id_number]")).to_be_in_viewport()
    # The same with the keyboard: from the summary's link, Enter focuses the field.
    summary.locator("a[href='#id_beneficiary']").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#id_beneficiary")).to_be_focused()
