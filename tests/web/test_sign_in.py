"""Sign-in (issue 13): lockout after 10 wrong passwords, the second factor enforced before any person
is shown (page and API), enrolment with recovery codes, the administrator's reset, the demo hint, the
inactivity timeout and the proxy-aware client address."""

import datetime
import time

import pytest
from django.core.management import call_command
from django.test import Client, RequestFactory
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from szansa.domain.accounts import second_factor
from szansa.web.accounts.client_ip import client_ip
from szansa.web.accounts.middleware import LAST_SEEN_KEY
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

VERIFY = "/konto/weryfikacja/"
ENROL = "/konto/drugi-skladnik/"


def sign_in(client, username, password="szansa-test"):
    return client.post("/login/", {"username": username, "password": password})


def code_of(device: TOTPDevice) -> str:
    device.refresh_from_db()
    return second_factor.current_code(device)


# --- lockout ------------------------------------------------------------------------------------------


def test_ten_wrong_passwords_lock_the_account_with_a_polish_message(cast):
    client = Client()
    for attempt in range(1, 10):
        response = sign_in(client, "pracownik", "wrong-password")
        assert response.status_code == 200, attempt  # the form again, with its error
        assert "_auth_user_id" not in client.session

    tenth = sign_in(client, "pracownik", "wrong-password")
    right_password = sign_in(Client(), "pracownik")

    for response in (tenth, right_password):
        assert response.status_code == 429
        body = response.content.decode()
        assert "Zbyt wiele nieudanych logowań" in body
        assert 'name="username"' in body  # still the sign-in page
    assert "_auth_user_id" not in Client().session
    # Another account is not locked by them.
    assert sign_in(Client(), "pracownik2").status_code == 302


def test_nine_wrong_passwords_do_not_lock_and_a_success_clears_them(cast):
    client = Client()
    for _ in range(9):
        sign_in(client, "pracownik", "wrong-password")
    assert sign_in(client, "pracownik").status_code == 302
    for _ in range(9):
        assert sign_in(Client(), "pracownik", "wrong-password").status_code == 200
    assert sign_in(Client(), "pracownik").status_code == 302


def test_the_administrator_unlocks_an_account_with_axes_reset_username(cast):
    for _ in range(10):
        sign_in(Client(), "pracownik", "wrong-password")
    assert sign_in(Client(), "pracownik").status_code == 429

    call_command("axes_reset_username", "pracownik")

    assert sign_in(Client(), "pracownik").status_code == 302


def test_the_client_address_trusts_x_forwarded_for_only_behind_configured_proxies(settings):
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7")
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request) == "10.0.0.5"  # a client cannot pose as another address
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == "203.0.113.7"  # the address our proxy saw, not what the client wrote
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(request) == "6.6.6.6"


# --- the second factor is enforced --------------------------------------------------------------------


def test_a_session_without_the_second_factor_sees_no_person_on_a_page(cast):
    TOTPDevice.objects.create(user=cast.pracownik, name="authenticator", confirmed=True)
    client = Client()
    client.force_login(cast.pracownik, second_factor=False)
    url = cast.person_a.get_absolute_url()

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith(VERIFY + "?next=")
    assert cast.person_a.last_name not in response.content.decode()
    for other in ("/", reverse("people:person_list"), "/admin/", "/konto/"):
        assert client.get(other).status_code == 302, other


def test_a_session_without_the_second_factor_gets_403_from_the_api(cast):
    client = Client()
    client.force_login(cast.pracownik, second_factor=False)

    detail = client.get(f"/api/v1/persons/{cast.person_a.pk}/")
    listing = client.get("/api/v1/persons/")

    for response in (detail, listing):
        assert response.status_code == 403
        assert cast.person_a.last_name not in response.content.decode()
        assert "no-store" in response["Cache-Control"]


def test_with_the_second_factor_the_same_session_sees_the_person(cast, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # a wrong code would make the next try wait a second
    device = TOTPDevice.objects.create(user=cast.pracownik, name="authenticator", confirmed=True)
    client = Client()
    client.force_login(cast.pracownik, second_factor=False)
    url = cast.person_a.get_absolute_url()

    wrong = client.post(VERIFY, {"code": "000000" if code_of(device) != "000000" else "111111"})
    assert wrong.status_code == 200
    assert "Ten kod jest błędny" in wrong.content.decode()
    assert client.get(url).status_code == 302

    verified = client.post(VERIFY, {"code": code_of(device), "next": url})

    assert verified.status_code == 302 and verified["Location"] == url
    page = client.get(url)
    assert page.status_code == 200
    assert cast.person_a.last_name in page.content.decode()
    api = client.get(f"/api/v1/persons/{cast.person_a.pk}/")
    assert api.status_code == 200 and api.json()["last_name"] == cast.person_a.last_name


def test_the_verification_page_refuses_a_next_address_on_another_host(cast):
    device = TOTPDevice.objects.create(user=cast.pracownik, name="authenticator", confirmed=True)
    client = Client()
    client.force_login(cast.pracownik, second_factor=False)

    response = client.post(VERIFY, {"code": code_of(device), "next": "https://evil.example/"})

    assert response.status_code == 302 and response["Location"] == "/"


def test_sign_in_out_static_and_healthz_stay_reachable_without_the_second_factor(cast):
    client = Client()
    client.force_login(cast.pracownik, second_factor=False)

    assert client.get("/healthz").status_code == 200
    assert client.get("/static/css/szansa.css").status_code == 200
    assert client.get(ENROL).status_code == 200
    assert client.post("/logout/").status_code == 302
    assert "_auth_user_id" not in client.session


def test_a_user_without_a_device_is_sent_to_enrolment_and_sets_it_up(cast):
    user = UserFactory(username="nowy")
    client = Client()
    assert sign_in(client, "nowy").status_code == 302
    first_page = client.get("/")
    assert first_page.status_code == 302 and first_page["Location"].startswith(ENROL)

    page = client.get(ENROL)
    qr = client.get("/konto/drugi-skladnik/qr.svg")
    device = TOTPDevice.objects.get(user=user, confirmed=False)

    assert second_factor.secret_base32(device) in page.content.decode()  # the secret as text too
    assert qr.status_code == 200 and qr["Content-Type"] == "image/svg+xml"
    assert b"<svg" in qr.content and b"http" not in qr.content.replace(b"http://www.w3.org", b"")
    confirmed = client.post(ENROL, {"code": code_of(device)})
    assert confirmed.status_code == 302 and confirmed["Location"].startswith("/konto/kody-odzyskiwania/")
    codes_page = client.get(confirmed["Location"]).content.decode()
    codes = list(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))
    assert len(codes) == 10 and all(code in codes_page for code in codes)
    # Shown once: the page does not show them again.
    assert client.get("/konto/kody-odzyskiwania/").status_code == 302
    assert client.get("/").status_code == 200
    # The secret of a confirmed device is never shown again.
    assert client.get("/konto/drugi-skladnik/qr.svg").status_code == 403


def test_a_recovery_code_works_once(cast):
    codes = second_factor.new_recovery_codes(cast.pracownik)
    first, second = Client(), Client()
    first.force_login(cast.pracownik, second_factor=False)
    second.force_login(cast.pracownik, second_factor=False)

    used = first.post(VERIFY, {"code": codes[0].upper()})
    again = second.post(VERIFY, {"code": codes[0]})

    assert used.status_code == 302
    assert first.get(cast.person_a.get_absolute_url()).status_code == 200
    assert again.status_code == 200  # refused: the form again
    assert second.get(cast.person_a.get_absolute_url()).status_code == 302
    assert StaticToken.objects.filter(device__user=cast.pracownik).count() == 9


def test_new_recovery_codes_replace_the_old_ones(cast, client_for):
    old = second_factor.new_recovery_codes(cast.pracownik)

    page = client_for(cast.pracownik).post("/konto/kody-odzyskiwania/")

    new = set(StaticToken.objects.filter(device__user=cast.pracownik).values_list("token", flat=True))
    assert page.status_code == 200 and len(new) == 10
    assert not new & set(old)
    assert all(code in page.content.decode() for code in new)


def test_the_administrator_resets_a_lost_second_factor_and_others_may_not(cast, client_for):
    TOTPDevice.objects.create(user=cast.pracownik, name="authenticator", confirmed=True)
    second_factor.new_recovery_codes(cast.pracownik)
    url = reverse("accounts:second_factor_reset", args=[cast.pracownik.pk])

    refused = client_for(cast.kierownik).post(url)
    assert refused.status_code == 403
    assert second_factor.has_second_factor(cast.pracownik)

    done = client_for(cast.admin).post(url)

    assert done.status_code == 302
    assert not second_factor.has_second_factor(cast.pracownik)
    client = Client()
    client.force_login(cast.pracownik, second_factor=False)
    assert client.get("/")["Location"].startswith(ENROL)


def test_the_reset_command_removes_the_devices(cast):
    TOTPDevice.objects.create(user=cast.pracownik, name="authenticator", confirmed=True)
    call_command("reset_second_factor", "pracownik", stdout=None)
    assert not second_factor.has_second_factor(cast.pracownik)


def test_a_code_is_not_accepted_twice(cast):
    device = TOTPDevice.objects.create(user=cast.pracownik, name="authenticator", confirmed=True)
    totp = TOTP(device.bin_key)
    code = f"{totp.token():06d}"
    assert second_factor.verify(cast.pracownik, code) is not None
    assert second_factor.verify(cast.pracownik, code) is None


# --- the demo --------------------------------------------------------------------------------------------


def test_the_demo_hint_shows_the_current_code_only_with_debug_and_demo(cast, settings):
    from szansa.demo.people import DEMO_TOTP_KEY, ensure_demo_accounts

    users = ensure_demo_accounts()
    device = TOTPDevice.objects.get(user=users["pracownik"], confirmed=True)
    assert device.key == DEMO_TOTP_KEY
    client = Client()
    client.force_login(users["pracownik"], second_factor=False)

    settings.DEBUG, settings.DEMO_SECOND_FACTOR_HINT = False, True
    production = client.get(VERIFY).content.decode()
    settings.DEBUG, settings.DEMO_SECOND_FACTOR_HINT = True, False
    debug_only = client.get(VERIFY).content.decode()
    settings.DEBUG, settings.DEMO_SECOND_FACTOR_HINT = True, True
    demo = client.get(VERIFY).content.decode()

    assert 'id="demo-code"' not in production and 'id="demo-code"' not in debug_only
    assert 'id="demo-code"' in demo
    assert second_factor.current_code(device) in demo


# --- inactivity ------------------------------------------------------------------------------------------


def test_an_idle_session_is_signed_out(cast, client_for, settings):
    settings.SESSION_IDLE_TIMEOUT = 20 * 60
    client = client_for(cast.pracownik)
    url = cast.person_a.get_absolute_url()
    assert client.get(url).status_code == 200
    session = client.session
    # Last seen 19 minutes ago: still signed in (20 minutes allowed).
    session[LAST_SEEN_KEY] = int(time.time()) - 19 * 60
    session.save()
    assert client.get(url).status_code == 200

    session = client.session
    session[LAST_SEEN_KEY] = int(time.time() - datetime.timedelta(minutes=21).total_seconds())
    session.save()
    response = client.get(url)

    assert response.status_code == 302 and response["Location"].startswith("/login/")
    assert "_auth_user_id" not in client.session
    assert client.get("/api/v1/persons/").status_code in (401, 403)
