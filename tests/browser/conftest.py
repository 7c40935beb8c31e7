"""Shared set-up of the browser tests: Debian's chromium driven by Playwright against live_server.

Every test here is marked `browser` and transactional by `pytest_collection_modifyitems` below (a live
server needs a transactional test; see `restore_migrated_data`)."""

import os
from pathlib import Path

import pytest
from django.db import connections
from playwright.sync_api import sync_playwright

# Playwright's sync API runs an event loop in this thread; Django's ORM must still be usable here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# A live server needs a transactional test, whose teardown flushes the database, including the roles
# and reference data that migrations created. serialized_rollback keeps a copy of them, and
# `restore_migrated_data` puts it back for the tests that run after a browser module on the same worker.
BROWSER_TEST = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
HERE = Path(__file__).resolve().parent


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    """Marks the tests of this folder with BROWSER_TEST, before tests/conftest.py turns a transactional
    django_db marker into the `transactional` one (run last, one at a time)."""
    for item in items:
        if HERE in Path(item.path).resolve().parents:
            for marker in BROWSER_TEST:
                item.add_marker(marker)


@pytest.fixture(scope="module", autouse=True)
def restore_migrated_data(django_db_setup, django_db_blocker):
    yield
    with django_db_blocker.unblock():
        for connection in connections.all():
            contents = getattr(connection, "_test_serialized_contents", None)
            if contents:
                connection.creation.deserialize_db_from_string(contents)


@pytest.fixture
def browser_page():
    """A Polish-speaking page in a fresh headless chromium. Keep database queries out of the test body
    once the browser runs (do them in fixtures): a connection opened then outlives the test."""
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium (/usr/bin/chromium) is not installed")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context(locale="pl-PL")
        page = context.new_page()
        page.set_default_timeout(15_000)
        yield page
        context.close()
        browser.close()


def second_factor_code(username: str) -> str:
    """The TOTP code the user's authenticator would show now, computed from their device's key (a user
    without one gets a confirmed device first). Never a step the device already accepted: django-otp
    refuses a code twice, so a second sign-in within 30 seconds uses the next step (within tolerance)."""
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from szansa.domain.accounts.models import User

    user = User.objects.get(username=username)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    if totp.t() <= device.last_t:
        totp.time += (device.last_t + 1 - totp.t()) * device.step
    return f"{totp.token():0{device.digits}d}"


@pytest.fixture
def log_in():
    """Signs a browser page in through the sign-in page and the second-factor page:
    `log_in(page, live_server, "pracownik")`. Every browser test signs in through this one fixture, so a
    change of the sign-in flow is made here once."""

    def sign_in(page, live_server, username, password="szansa-demo"):
        second_factor_code(username)  # a user without a device gets one before signing in
        page.goto(f"{live_server.url}/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", password)
        page.click("button[type=submit]")
        page.wait_for_url(f"{live_server.url}/konto/weryfikacja/**")
        page.fill("input[name=code]", second_factor_code(username))
        page.click("form:has(input[name=code]) button[type=submit]")
        page.wait_for_url(f"{live_server.url}/")

    return sign_in


@pytest.fixture
def browser():
    """One headless chromium for a test that opens several contexts (e.g. one per role)."""
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium (/usr/bin/chromium) is not installed")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()
