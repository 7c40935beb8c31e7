"""The person picker in chromium: a social worker types part of a surname on the referral form, the listbox
offers the two namesakes of her team told apart by birth date and PESEL digits, she chooses the second with
the arrow keys and Enter, and the referral is saved for that person."""

import datetime

import pytest
from django.db import connection
from playwright.sync_api import expect

from szansa.demo.people import ensure_demo_accounts
from szansa.domain.housing.models import Place, Stay
from tests.factories import PersonFactory
from tests.factories.housing import make_apartment


@pytest.fixture
def referral():
    """Two Anna Klawiterskas of the demo social worker's team, one of another team, and a flat."""
    users = ensure_demo_accounts()
    older = PersonFactory(
        first_name="Anna",
        last_name="Klawiterska",
        birth_date=datetime.date(1961, 2, 3),
        responsible_worker=users["pracownik"],
    )
    younger = PersonFactory(
        first_name="Anna",
        last_name="Klawiterska",
        birth_date=datetime.date(1990, 7, 8),
        responsible_worker=users["pracownik"],
    )
    PersonFactory(first_name="Anna", last_name="Klawiterska", responsible_worker=users["pracownik2"])
    apartment = make_apartment(users["admin"])
    place = Place.objects.filter(room__apartment=apartment).order_by("label").first()
    return {"place": place.pk, "older": older, "younger": younger}


def test_a_social_worker_chooses_a_namesake_with_the_keyboard(live_server, referral, browser_page, log_in):
    page = browser_page
    log_in(page, live_server, "pracownik")
    page.goto(f"{live_server.url}/mieszkania/miejsca/{referral['place']}/skierowanie/")

    box = page.get_by_role("combobox", name="Mieszkaniec")
    box.focus()
    page.keyboard.type("klawit")
    options = page.locator("#id_person_listbox").get_by_role("option")
    expect(options).to_have_count(2)
    expect(box).to_have_attribute("aria-expanded", "true")
    younger = referral["younger"]
    expect(options.nth(0)).to_contain_text(f"ur. 03.02.1961 · PESEL …{referral['older'].pesel[-4:]}")
    expect(options.nth(1)).to_contain_text(f"ur. 08.07.1990 · PESEL …{younger.pesel[-4:]}")

    # Escape closes the list; ArrowDown opens it again and moves through the options.
    page.keyboard.press("Escape")
    expect(box).to_have_attribute("aria-expanded", "false")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    expect(box).to_have_attribute("aria-activedescendant", "id_person_listbox_1")
    expect(options.nth(1)).to_have_attribute("aria-selected", "true")
    page.keyboard.press("Enter")

    expect(box).to_have_value("Anna Klawiterska, ur. 08.07.1990")
    expect(box).to_have_attribute("aria-expanded", "false")
    expect(box).to_be_focused()
    expect(page.locator("input[type=hidden][name=person]")).to_have_value(str(younger.pk))

    page.fill("input[name=referred_by]", "Kierownik OPS")
    page.fill("input[name=decision_number]", "OPS.8311.1.2024")
    page.fill("input[name=decision_date]", "2024-01-02")
    page.fill("input[name=planned_start]", "2024-01-15")
    page.fill("input[name=planned_end]", "2024-12-31")
    page.locator("form button[type=submit]", has_text="Zapisz").click()
    page.wait_for_url(f"{live_server.url}/mieszkania/pobyty/**")
    try:
        person_id = Stay.objects.get().person_id
    finally:
        connection.close()
    assert person_id == younger.pk
