"""The walking skeleton end to end: Debian's chromium logs in as a social worker, searches a person
by part of the surname and opens the file."""

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from szansa.domain.accounts.enums import Role
from tests.factories import PersonFactory, TeamFactory, UserFactory


@pytest.fixture
def person():
    """`pracownik` of team A and two people in the team (made before the browser starts)."""
    Group.objects.get_or_create(name=Role.SOCIAL_WORKER)
    team = TeamFactory(name="Zespół A")
    worker = UserFactory(username="pracownik", password="szansa-demo", role=Role.SOCIAL_WORKER, team=team)
    PersonFactory(last_name="Nowak", responsible_worker=worker)
    return PersonFactory(first_name="Bożena", last_name="Szczepankiewicz", responsible_worker=worker)


def test_a_social_worker_searches_a_person_and_opens_the_file(live_server, person, browser_page, log_in):
    page = browser_page

    log_in(page, live_server, "pracownik")

    page.goto(f"{live_server.url}/osoby/")
    page.fill("input[name=q]", "zczepank")
    # HTMX swaps the results as one types: the other person goes away without a page load.
    expect(page.locator("#results a", has_text="Nowak")).to_have_count(0)
    page.locator("#results a", has_text="Szczepankiewicz").click()

    page.wait_for_url(f"{live_server.url}/osoby/{person.pk}/")
    assert page.locator("h1").inner_text() == "Bożena Szczepankiewicz"
    assert person.pesel in page.locator("#data").inner_text()
