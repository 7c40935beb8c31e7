"""Debian's chromium logs in as the centre manager and opens the sheltered-housing occupancy board:
the apartment, a resident on their place and the monthly occupancy rate are shown."""

import datetime

import pytest

from szansa.demo.people import ensure_demo_accounts
from szansa.domain.housing.models import Place
from tests.factories import PersonFactory
from tests.factories.housing import make_apartment, refer


@pytest.fixture
def occupied_flat():
    """A flat with two places, one taken through the whole board (the last six months and on): 50 %
    a month. Made before the browser starts; the demo accounts log in with szansa-demo."""
    users = ensure_demo_accounts()
    apartment = make_apartment(users["admin"], name="Mieszkanie przy Krakowskiej", places=2)
    place = Place.objects.filter(room__apartment=apartment).order_by("label").first()
    today = datetime.date.today()
    start = (today.replace(day=1) - datetime.timedelta(days=200)).replace(day=1)
    resident = PersonFactory(first_name="Bożena", last_name="Źdźbło", responsible_worker=users["pracownik"])
    refer(users["admin"], resident, place, start, today + datetime.timedelta(days=400))
    return {
        "apartment": apartment.name,
        "resident": resident.full_name,
        "place": f"{place.room.name}, {place.label}",
    }


def test_the_manager_sees_the_flat_a_resident_on_a_place_and_the_occupancy_rate(
    live_server, occupied_flat, browser_page, log_in
):
    page = browser_page
    log_in(page, live_server, "kierownik")

    page.goto(f"{live_server.url}/mieszkania/")
    board = page.locator("table#occupancy")
    flat_row = board.locator("tr.group", has_text=occupied_flat["apartment"])
    assert flat_row.count() == 1
    rates = flat_row.locator("td").all_inner_texts()
    assert len(rates) == 6 and all("50,00 %" in rate for rate in rates)
    place_row = board.locator("tr", has_text=occupied_flat["place"]).first
    assert occupied_flat["resident"] in place_row.inner_text()
    assert place_row.locator("a", has_text=occupied_flat["resident"]).count() == 6
