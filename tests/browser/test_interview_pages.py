"""A social worker opens a community interview in chromium, types a few answers, saves the draft,
completes it and confirms the write-back of the new phone number into the registry (the pages under
/wywiady/, without the field app)."""

import pytest
from django.db import connection
from django.utils import timezone
from playwright.sync_api import expect

from szansa.demo.people import ensure_demo_accounts
from szansa.domain.interviews import services
from szansa.domain.interviews.models import Interview
from szansa.domain.people.models import Person
from tests.factories import PersonFactory
from tests.factories.interviews import answers_for_completion

TYPED = ("I.H.1", "I.I.1")  # required answers the worker types in the browser


@pytest.fixture
def interview_pk():
    """A draft of the demo social worker about a person of their team, every required answer saved but
    two, made before the browser starts."""
    worker = ensure_demo_accounts()["pracownik"]
    person = PersonFactory(first_name="Halina", last_name="Wywiadowa", responsible_worker=worker, phone="")
    interview = services.interview_start(person, worker, timezone.localdate())
    answers = {code: value for code, value in answers_for_completion(interview).items() if code not in TYPED}
    services.interview_save(interview, answers, interview.revision, worker)
    connection.close()
    return interview.pk


def _field(page, code):
    return page.locator("#id_q_" + code.replace(".", "_"))


def test_a_worker_fills_saves_completes_and_confirms_the_write_back(
    live_server, interview_pk, browser_page, log_in
):
    page = browser_page
    log_in(page, live_server, "pracownik")
    page.goto(f"{live_server.url}/wywiady/{interview_pk}/")
    expect(page.locator("h1")).to_contain_text("Halina Wywiadowa")
    _field(page, "I.H.1").fill("Pomoc w opłaceniu czynszu")
    _field(page, "I.A.5").fill("600 100 200")
    page.get_by_role("button", name="Zapisz wersję roboczą").click()
    expect(page.locator(".messages, [role=status]").first).to_contain_text("Odpowiedzi zapisano")
    expect(_field(page, "I.H.1")).to_have_value("Pomoc w opłaceniu czynszu")

    # Completing with a required answer missing: the error summary names it, nothing typed is lost.
    page.get_by_role("button", name="Zapisz i zakończ wywiad").click()
    expect(page.locator("#error-summary")).to_contain_text("segmentów obowiązkowych")
    expect(_field(page, "I.H.1")).to_have_value("Pomoc w opłaceniu czynszu")
    _field(page, "I.I.1").fill("Rodzina potrzebuje wsparcia finansowego (dane syntetyczne).")
    page.get_by_role("button", name="Zapisz i zakończ wywiad").click()

    page.wait_for_url(f"{live_server.url}/wywiady/{interview_pk}/do-rejestru/")
    row = page.locator("tr", has_text="Numer telefonu")
    expect(row).to_contain_text("600 100 200")
    expect(row.locator("input[type=checkbox]")).to_be_checked()
    page.get_by_role("button", name="Zatwierdź wywiad").click()
    page.wait_for_url(f"{live_server.url}/wywiady/{interview_pk}/")
    expect(page.locator("body")).to_contain_text("Wywiad zatwierdzono.")

    interview = Interview.objects.get(pk=interview_pk)
    phone = Person.objects.get(pk=interview.person_id).phone
    connection.close()
    assert interview.status == "confirmed" and phone == "600 100 200"
