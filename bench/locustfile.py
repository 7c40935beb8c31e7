"""Locust users for `make bench` (bench/load_bench.py runs one headless locust per page).

The page under test comes from the environment: BENCH_PAGE (the name its requests are recorded under in
the CSV statistics), BENCH_URLS (a JSON list of paths, one drawn at random per request) and BENCH_USER /
BENCH_PASSWORD (log in through the login form with its CSRF token; empty BENCH_USER: anonymous, used for
the bare-view floor, which must touch no database — a session would be read by the middleware).

No think time: 20 users means 20 requests always in flight. The measurement starts once every user has
logged in (statistics reset then, so the Argon2 logins do not count) and lasts BENCH_LOAD_SECONDS, after
which the runner quits; locust's own --run-time is only a safety bound.
"""

import json
import os
import random
import re

import gevent
import gevent.lock
from locust import HttpUser, events, task
from locust.runners import WorkerRunner

PAGE = os.environ.get("BENCH_PAGE", "page")
URLS = json.loads(os.environ.get("BENCH_URLS", '["/healthz"]'))
USERNAME = os.environ.get("BENCH_USER", "")
PASSWORD = os.environ.get("BENCH_PASSWORD", "szansa-demo")
SECONDS = float(os.environ.get("BENCH_LOAD_SECONDS", "20"))
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

_ready = {"logged_in": 0}
_lock = gevent.lock.Semaphore()


def _insecure_cookies(session) -> None:
    """With DEBUG off the session and CSRF cookies are Secure; the benchmark talks plain HTTP on loopback,
    so let the client's cookie jar send them back (the server is unchanged)."""
    for cookie in session.cookies:
        cookie.secure = False


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
        with _lock:
            _ready["logged_in"] += 1
            runner = self.environment.runner
            if runner is not None and _ready["logged_in"] == runner.target_user_count:
                self.environment.stats.reset_all()
                gevent.spawn_later(SECONDS, runner.quit)

    @task
    def page(self):
        with self.client.get(random.choice(URLS), name=PAGE, catch_response=True, allow_redirects=False) as r:
            if r.status_code != 200:
                r.failure(f"status {r.status_code}")


@events.init.add_listener
def _check(environment, **kwargs):
    if isinstance(environment.runner, WorkerRunner):
        raise RuntimeError("bench/locustfile.py runs single-process (headless, no workers)")
