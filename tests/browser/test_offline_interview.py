"""The field app offline (docs/offline.md), in chromium with the browser really offline
(`context.set_offline`, which also cuts the service worker's own requests in this Playwright):

- a social worker downloads the day's interview, goes offline, fills it in, reloads: the page comes from the
  service worker's cache and the typed answers are still there; IndexedDB holds no answer, name or PESEL in
  clear, and the key is a non-extractable AES-GCM key;
- back online the answers are sent by themselves and the server has them at the next revision;
- the office changes two of the same answers meanwhile: on reconnection the conflict is shown question by
  question with both values, the worker keeps one and takes the other, and the server ends with every answer
  typed on either side except the one the worker chose to replace;
- signing out with unsent changes asks first (staying keeps them); signing out empties IndexedDB, the app's
  caches and its service worker;
- a session that ended while offline keeps the unsent answers and asks to sign in again; another worker
  signing in on the tablet sees none of them; after the first worker signs in again the app sends them."""

import re
import time
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone
from playwright.sync_api import expect

from szansa.demo.people import ensure_demo_accounts
from szansa.domain.accounts.models import User
from szansa.domain.interviews import services
from szansa.domain.interviews.models import Interview
from tests.factories import PersonFactory
from tests.factories.interviews import interview_task

NEEDS = "Potrzeby zgłoszone przez osobę lub rodzinę (wymagane)"
DIAGNOSIS = "Diagnoza sytuacji osoby lub rodziny (wymagane)"
CONCLUSIONS = "Wnioski pracownika socjalnego (wymagane)"
CONDITIONS = "Opis warunków bytowych"
ROOMS = "Liczba izb"
DWELLING = "Rodzaj zajmowanego lokalu"
VIOLENCE = "Czy w rodzinie występuje przemoc domowa"

RAW_RECORDS = """async () => {
  const db = await new Promise((ok, fail) => {
    const request = indexedDB.open("szansa-teren");
    request.onsuccess = () => ok(request.result);
    request.onerror = () => fail(request.error);
  });
  const all = (store) => new Promise((ok) => {
    const request = db.transaction(store).objectStore(store).getAll();
    request.onsuccess = () => ok(request.result);
  });
  const key = await new Promise((ok) => {
    const request = db.transaction("meta").objectStore("meta").get("key");
    request.onsuccess = () => ok(request.result);
  });
  const records = [...(await all("interviews")), ...(await all("forms"))];
  db.close();
  // Every byte of every stored value, as text, to look for anything in clear.
  const bytes = (value) =>
    new TextDecoder("latin1").decode(value instanceof ArrayBuffer ? value : value.buffer);
  return {
    key: { type: key.constructor.name, algorithm: key.algorithm.name, extractable: key.extractable },
    records: records.map((r) => ({
      fields: Object.keys(r).sort(), iv: r.iv.length, sealed: r.data instanceof ArrayBuffer,
      raw: bytes(r.data) + bytes(r.iv) + JSON.stringify({ id: r.id, unsent: r.unsent }),
    })),
  };
}"""

DEVICE = """async () => ({
  databases: (await indexedDB.databases()).map((d) => d.name),
  caches: await caches.keys(),
  workers: (await navigator.serviceWorker.getRegistrations()).map((r) => r.scope),
})"""


@pytest.fixture
def interview_today():
    """The demo social worker's interview of today about a person of their team (a draft, pre-filled from
    the registry by the interviews service), made before the browser starts."""
    worker = ensure_demo_accounts()["pracownik"]
    person = PersonFactory(first_name="Halina", last_name="Terenowa", responsible_worker=worker)
    interview = services.interview_start(person, worker, timezone.localdate())
    return interview.pk, person


def _until(page, script, expected=True, seconds=15):
    """Polls `script` in the page (wait_for_function would evaluate a string, which the CSP forbids)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if page.evaluate(script) == expected:
            return
        time.sleep(0.2)
    raise AssertionError(f"{script} never gave {expected!r}")


def _server(pk):
    """The interview as the server keeps it; the connection is closed again at once (the live server's
    thread must not find this test's connection open when the database is flushed)."""
    interview = Interview.objects.get(pk=pk)
    connection.close()
    return interview


def _office_save(pk, changes):
    """The office saves the interview on the server at its current revision (the same worker at their
    desk), through the interviews service."""
    interview = Interview.objects.get(pk=pk)
    saved = services.interview_save(
        interview, {**interview.answers, **changes}, interview.revision, interview.worker
    )
    connection.close()
    return saved.revision


def test_offline_fill_reload_send_conflict_and_wipe_on_sign_out(
    live_server, interview_today, browser, log_in
):
    pk, person = interview_today
    context = browser.new_context(locale="pl-PL", timezone_id="Europe/Warsaw")
    page = context.new_page()
    page.set_default_timeout(15_000)
    log_in(page, live_server, "pracownik")

    # The menu leads to the app; it starts, its service worker takes control of the page.
    page.locator("summary", has_text="Zadania").click()
    page.get_by_role("link", name="Wywiady w terenie").click()
    expect(page).to_have_url(f"{live_server.url}/teren/")
    expect(page.locator("#field-app[data-ready]")).to_have_count(1)
    _until(page, "() => navigator.serviceWorker.controller !== null")
    status = page.get_by_role("status")

    page.get_by_role("button", name="Pobierz wywiady na dziś").click()
    expect(status).to_contain_text("Pobrane wywiady: 1")
    page.get_by_role("link", name="Halina Terenowa").click()
    expect(page.get_by_role("heading", name="Halina Terenowa")).to_be_focused()
    # Pre-filled from the registry by the server.
    expect(
        page.get_by_label("Imię i nazwisko osoby, z którą przeprowadzono wywiad (wymagane)")
    ).to_have_value("Halina Terenowa")

    # --- offline: fill in, reload ---------------------------------------------------------------------
    context.set_offline(True)
    expect(status).to_contain_text("Brak sieci")
    page.get_by_label(NEEDS, exact=True).fill("Pomoc w opłaceniu czynszu")
    page.get_by_label(ROOMS, exact=True).fill("3")
    page.get_by_label(DWELLING).select_option(label="lokal komunalny")
    page.get_by_role("group", name=VIOLENCE).get_by_label("Nie").check()
    expect(status).to_contain_text("Niewysłane wywiady: 1")

    # The worker's name changes on the server meanwhile: a page from the network would show the new one.
    user_name = page.locator(".header-tools a.user").text_content()
    User.objects.filter(username="pracownik").update(first_name="Zmieniona")
    connection.close()
    response = page.reload()
    assert response.from_service_worker
    expect(page.locator(".header-tools a.user")).to_have_text(user_name)
    expect(page.locator("#field-app[data-ready]")).to_have_count(1)
    expect(status).to_contain_text("Brak sieci")
    expect(page.get_by_label(NEEDS, exact=True)).to_have_value("Pomoc w opłaceniu czynszu")
    expect(page.get_by_label(ROOMS, exact=True)).to_have_value("3")
    expect(page.get_by_label(DWELLING)).to_have_value("municipal")
    expect(page.get_by_role("group", name=VIOLENCE).get_by_label("Nie")).to_be_checked()

    # --- nothing in clear in IndexedDB ----------------------------------------------------------------
    stored = page.evaluate(RAW_RECORDS)
    assert stored["key"] == {"type": "CryptoKey", "algorithm": "AES-GCM", "extractable": False}
    assert len(stored["records"]) == 2  # the interview and its questionnaire
    for record in stored["records"]:
        assert record["sealed"] and record["iv"] == 12
        assert set(record["fields"]) <= {"id", "iv", "data", "unsent"}
        for clear in ("czynszu", "Terenowa", "Halina", person.pesel, "municipal", "Potrzeby"):
            assert clear not in record["raw"], clear

    # --- back online: sent by itself ------------------------------------------------------------------
    context.set_offline(False)
    expect(status).to_contain_text("Nic nie czeka na wysłanie")
    expect(status).to_contain_text("Wysłane wywiady: 1")
    server = _server(pk)
    # Revision 1 was the pre-filled draft; the one save made revision 2. The number typed as "3" is kept
    # as a number, the boolean as false.
    assert server.revision == 2
    assert server.answers["I.H.1"] == "Pomoc w opłaceniu czynszu"
    assert server.answers["I.B.3"] == 3
    assert server.answers["I.B.1"] == "municipal"
    assert server.answers["I.F.2"] is False
    assert server.answers["I.A.1"] == "Halina Terenowa"

    # --- a conflict -----------------------------------------------------------------------------------
    context.set_offline(True)
    expect(status).to_contain_text("Brak sieci")
    page.get_by_label(NEEDS, exact=True).fill("Pomoc w opłaceniu czynszu i opału")
    page.get_by_label(CONCLUSIONS, exact=True).fill("Wnioski z terenu")
    page.get_by_label(DIAGNOSIS, exact=True).fill("Diagnoza z terenu")
    expect(status).to_contain_text("Niewysłane wywiady: 1")
    # The office changes the same two answers and one the worker did not touch (revision 3).
    assert (
        _office_save(
            pk,
            {
                "I.H.1": "Zasiłek celowy (wpisane w biurze)",
                "I.I.2": "Wnioski z biura",
                "I.C.1": "Opis z biura",
            },
        )
        == 3
    )
    context.set_offline(False)

    conflicts = page.locator("#field-conflicts")
    expect(
        conflicts.get_by_role("heading", name="Odpowiedzi zmienione w międzyczasie na serwerze")
    ).to_be_visible()
    expect(status).to_contain_text("Wywiady zmienione w międzyczasie na serwerze: 1")
    groups = conflicts.get_by_role("group")
    expect(groups).to_have_count(2)  # the diagnosis changed on the tablet only is no conflict
    needs = conflicts.get_by_role("group", name="Potrzeby zgłoszone przez osobę lub rodzinę")
    expect(needs.get_by_label("Zachowaj moją odpowiedź: Pomoc w opłaceniu czynszu i opału")).to_be_checked()
    expect(
        needs.get_by_label("Przyjmij odpowiedź z serwera: Zasiłek celowy (wpisane w biurze)")
    ).not_to_be_checked()
    conclusions = conflicts.get_by_role("group", name="Wnioski pracownika socjalnego")
    expect(conclusions.get_by_label("Zachowaj moją odpowiedź: Wnioski z terenu")).to_be_visible()
    # The office's answer to a question the worker did not touch is shown in the form already.
    expect(page.get_by_label(CONDITIONS, exact=True)).to_have_value("Opis z biura")
    # Until the worker chooses, nothing of theirs left the tablet: the server still has the office's state.
    assert _server(pk).revision == 3

    conclusions.get_by_label("Przyjmij odpowiedź z serwera: Wnioski z biura").check()
    page.get_by_role("button", name="Zastosuj wybór i wyślij").click()
    expect(status).to_contain_text("Nic nie czeka na wysłanie")
    expect(conflicts).to_be_hidden()
    expect(page.get_by_label(CONCLUSIONS, exact=True)).to_have_value("Wnioski z biura")
    server = _server(pk)
    assert server.revision == 4
    assert server.answers["I.H.1"] == "Pomoc w opłaceniu czynszu i opału"  # kept: the worker's
    assert server.answers["I.I.2"] == "Wnioski z biura"  # replaced: the worker's choice
    assert server.answers["I.I.1"] == "Diagnoza z terenu"  # the tablet's other change
    assert server.answers["I.C.1"] == "Opis z biura"  # the office's other change
    assert server.answers["I.B.3"] == 3

    # --- sign-out: warned while something is unsent, then the device is emptied -----------------------
    context.set_offline(True)
    page.get_by_label(DIAGNOSIS, exact=True).fill("Diagnoza uzupełniona")
    expect(status).to_contain_text("Niewysłane wywiady: 1")
    with page.expect_event("dialog") as asked:
        page.get_by_role("button", name="Wyloguj").click()
    assert "wywiady ze zmianami, których jeszcze nie wysłano" in asked.value.message
    asked.value.dismiss()  # stay signed in
    expect(status).to_contain_text("Niewysłane wywiady: 1")
    assert page.url == f"{live_server.url}/teren/#wywiad-{pk}"
    assert "szansa-teren" in page.evaluate(DEVICE)["databases"]
    warnings = []
    page.on("dialog", lambda dialog: (warnings.append(dialog.message), dialog.dismiss()))

    context.set_offline(False)
    expect(status).to_contain_text("Nic nie czeka na wysłanie")
    assert _server(pk).answers["I.I.1"] == "Diagnoza uzupełniona"
    page.get_by_role("button", name="Wyloguj").click()
    page.wait_for_url(re.compile(r"/login/"))
    device = page.evaluate(DEVICE)
    assert "szansa-teren" not in device["databases"]
    assert not [name for name in device["caches"] if name.startswith("szansa-teren")]
    assert device["workers"] == []
    assert warnings == []  # nothing unsent: no question
    context.close()


def test_an_ended_session_keeps_the_unsent_answers_until_the_worker_signs_in_again(
    live_server, interview_today, browser, log_in
):
    """The session ends while the tablet is offline (here: every session removed on the server, as the idle
    timeout or the 8 hours would). Back online the send is refused: the answers stay on the device, unsent,
    and the app says to sign in again; after signing in, opening the app sends them."""
    from django.contrib.sessions.models import Session

    pk, _person = interview_today
    context = browser.new_context(locale="pl-PL", timezone_id="Europe/Warsaw")
    page = context.new_page()
    page.set_default_timeout(15_000)
    log_in(page, live_server, "pracownik")
    page.goto(f"{live_server.url}/teren/")
    expect(page.locator("#field-app[data-ready]")).to_have_count(1)
    status = page.get_by_role("status")
    page.get_by_role("button", name="Pobierz wywiady na dziś").click()
    expect(status).to_contain_text("Pobrane wywiady: 1")
    page.get_by_role("link", name="Halina Terenowa").click()

    context.set_offline(True)
    page.get_by_label(NEEDS, exact=True).fill("Opał na zimę")
    expect(status).to_contain_text("Niewysłane wywiady: 1")
    Session.objects.all().delete()
    connection.close()
    context.set_offline(False)

    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Sesja wygasła")
    expect(status).to_contain_text("Niewysłane wywiady: 1")
    expect(alert.get_by_role("link", name="Zaloguj się ponownie")).to_have_attribute(
        "href", "/login/?next=/teren/"
    )
    expect(page.get_by_label(NEEDS, exact=True)).to_have_value("Opał na zimę")
    assert "I.H.1" not in _server(pk).answers

    # Another worker signs in on the same tablet: they see none of it, and cannot download over it.
    log_in(page, live_server, "pracownik2")
    page.goto(f"{live_server.url}/teren/")
    expect(page.locator("#field-app[data-ready]")).to_have_count(1)
    expect(alert).to_contain_text("pobrane przez innego użytkownika (niewysłane: 1)")
    expect(page.get_by_role("button", name="Pobierz wywiady na dziś")).to_be_disabled()
    expect(page.get_by_role("link", name="Halina Terenowa")).to_have_count(0)
    Session.objects.all().delete()  # their session ends too; the first worker comes back
    connection.close()

    log_in(page, live_server, "pracownik")
    page.goto(f"{live_server.url}/teren/")
    expect(status).to_contain_text("Wysłane wywiady: 1")
    expect(status).to_contain_text("Nic nie czeka na wysłanie")
    server = _server(pk)
    assert server.answers["I.H.1"] == "Opał na zimę"
    assert server.revision == 2
    context.close()


def test_download_starts_the_draft_of_a_task_due_today(live_server, browser, log_in):
    """The worker's community-interview task due by today has no interview yet: "Download" starts its draft
    on the server (POST prepare-day/, a read creates nothing) and brings it to the tablet."""
    accounts = ensure_demo_accounts()
    person = PersonFactory(
        first_name="Tadeusz", last_name="Zadaniowy", responsible_worker=accounts["pracownik"]
    )
    # Started a month ago: due well before today (the API test shows the rule "due on or before the day").
    task = interview_task(accounts["kierownik"], person, start_on=timezone.localdate() - timedelta(days=30))
    assert not Interview.objects.filter(task=task).exists()
    connection.close()
    context = browser.new_context(locale="pl-PL", timezone_id="Europe/Warsaw")
    page = context.new_page()
    page.set_default_timeout(15_000)
    log_in(page, live_server, "pracownik")
    page.goto(f"{live_server.url}/teren/")
    expect(page.locator("#field-app[data-ready]")).to_have_count(1)
    page.get_by_role("button", name="Pobierz wywiady na dziś").click()
    expect(page.get_by_role("status")).to_contain_text("Pobrane wywiady: 1")
    expect(page.get_by_role("link", name="Tadeusz Zadaniowy")).to_be_visible()
    started = Interview.objects.select_related("worker").get(task=task)
    connection.close()
    assert started.worker.username == "pracownik" and started.conducted_on == timezone.localdate()
    context.close()
