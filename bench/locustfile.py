"""Locust users for `make bench` (bench/load_bench.py runs one headless locust per page).

The page under test comes from the environment: BENCH_PAGE (the name its requests are recorded under in
the CSV statistics), BENCH_URLS (a JSON list of paths, one drawn at random per request; "POST /path?q=x"
posts the query as a form) and BENCH_USER /
BENCH_PASSWORD (log in through the login form with its CSRF token; empty BENCH_USER: anonymous, used for
the bare-view floor, which must touch no database — a session would be read by the middleware).

Every staff sign-in needs the second factor (docs/data-protection.md#sign-in): after the password each
user posts a code to the verification page. Each user signs in with one of the single-use recovery codes
the bench made (BENCH_RECOVERY_CODES, JSON), never with a TOTP code: a TOTP code is accepted once per
30-second step, and a code one device refuses counts as a failure that throttles it — a TOTP code tried on
the recovery device after the TOTP device was throttled by the recovery codes tried on it first would lock
the other users out for seconds (it did, in a run of this bench). BENCH_TOTP_KEY (hex) is kept for a user
who runs out of recovery codes.

No think time: 20 users means 20 requests always in flight. The measurement starts once every user has
logged in (statistics reset then, so the Argon2 logins do not count) and lasts BENCH_LOAD_SECONDS, after
which the runner quits; locust's own --run-time is only a safety bound.
"""

import hmac
import json
import os
import random
import re
import struct
import time
from hashlib import sha1
from urllib.parse import parse_qsl

import gevent
import gevent.lock
from locust import HttpUser, events, task
from locust.runners import WorkerRunner

PAGE = os.environ.get("BENCH_PAGE", "page")
URLS = json.loads(os.environ.get("BENCH_URLS", '["/healthz"]'))
USERNAME = os.environ.get("BENCH_USER", "")
PASSWORD = os.environ.get("BENCH_PASSWORD", "szansa-demo")
SECONDS = float(os.environ.get("BENCH_LOAD_SECONDS", "20"))
TOTP_KEY = os.environ.get("BENCH_TOTP_KEY", "")
RECOVERY_CODES = json.loads(os.environ.get("BENCH_RECOVERY_CODES", "[]"))
VERIFY_URL = "/konto/weryfikacja/"
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

_ready = {"logged_in": 0, "totp_used": False}
_lock = gevent.lock.Semaphore()


def _insecure_cookies(session) -> None:
    """With DEBUG off the session and CSRF cookies are Secure; the benchmark talks plain HTTP on loopback,
    so let the client's cookie jar send them back (the server is unchanged)."""
    for cookie in session.cookies:
        cookie.secure = False


def totp_code(key_hex: str, step: int = 30, digits: int = 6) -> str:
    """The code an authenticator app shows now for the secret (RFC 6238 over RFC 4226, HMAC-SHA1)."""
    counter = int(time.time()) // step
    digest = hmac.new(bytes.fromhex(key_hex), struct.pack(">Q", counter), sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{number % 10**digits:0{digits}d}"


def _second_factor_code() -> str:
    with _lock:
        if RECOVERY_CODES:
            return RECOVERY_CODES.pop()
        if TOTP_KEY and not _ready["totp_used"]:
            _ready["totp_used"] = True
            return totp_code(TOTP_KEY)
        raise RuntimeError("no second-factor code left for another bench user")


class PageUser(HttpUser):
    # No wait_time: a closed loop, each user sends its next request as soon as the last one answers.

    def on_start(self):
        if USERNAME:
            login = self.client.get("/login/", name="login form")
            _insecure_cookies(self.client)
            match = CSRF_INPUT.search(login.text)
            token = match.group(1) if match else self.client.cookies.get("csrftoken", "")
            response = self.client.post(
                "/login/",
                data={"username": USERNAME, "password": PASSWORD, "csrfmiddlewaretoken": token},
                headers={"Referer": self.host + "/login/"},
                name="login",
                allow_redirects=False,
            )
            _insecure_cookies(self.client)
            if response.status_code != 302:
                raise RuntimeError(f"login as {USERNAME} failed: {response.status_code}")
            self._second_factor()
        with _lock:
            _ready["logged_in"] += 1
            runner = self.environment.runner
            if runner is not None and _ready["logged_in"] == runner.target_user_count:
                self.environment.stats.reset_all()
                gevent.spawn_later(SECONDS, runner.quit)

    def _second_factor(self):
        # A refused code (a device throttled for a moment) is followed by one more, once.
        for _attempt in range(2):
            form = self.client.get(VERIFY_URL, name="second factor form")
            _insecure_cookies(self.client)
            match = CSRF_INPUT.search(form.text)
            token = match.group(1) if match else self.client.cookies.get("csrftoken", "")
            response = self.client.post(
                VERIFY_URL,
                data={"code": _second_factor_code(), "csrfmiddlewaretoken": token},
                headers={"Referer": self.host + VERIFY_URL},
                name="second factor",
                allow_redirects=False,
            )
            _insecure_cookies(self.client)
            if response.status_code == 302:
                return
            gevent.sleep(2)  # past a throttle of one failure (django-otp: 1 s, doubling)
        raise RuntimeError(f"second factor of {USERNAME} refused: {response.status_code}")

    @task
    def page(self):
        url = random.choice(URLS)
        if url.startswith("POST "):
            # A form posted (the person search): the query string is its data, with the CSRF token.
            path, _, query = url.removeprefix("POST ").partition("?")
            token = self.client.cookies.get("csrftoken", "")
            request = self.client.post(
                path,
                data={**dict(parse_qsl(query)), "csrfmiddlewaretoken": token},
                headers={"Referer": self.host + path, "X-CSRFToken": token},
                name=PAGE,
                catch_response=True,
                allow_redirects=False,
            )
        else:
            request = self.client.get(url, name=PAGE, catch_response=True, allow_redirects=False)
        with request as r:
            if r.status_code != 200:
                r.failure(f"status {r.status_code}")
        # A page with a form sends the CSRF cookie again (Django refreshes it whenever the token is used),
        # Secure under DEBUG off: made plain again, or the next posted search has no cookie and gets 403
        # (it did: every search but the first of each user was refused in one run).
        _insecure_cookies(self.client)


@events.init.add_listener
def _check(environment, **kwargs):
    if isinstance(environment.runner, WorkerRunner):
        raise RuntimeError("bench/locustfile.py runs single-process (headless, no workers)")
