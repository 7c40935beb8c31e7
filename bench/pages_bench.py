"""Benchmark 4: main pages single-client, over HTTP on gunicorn (production settings, as the load bench).

Each page is requested once in each of `REQUESTS` rounds (the pages interleaved, so that a busy moment
of the machine weighs on all alike) by one client signed in through the login form and the verification
page (the TOTP code of a secret the bench gives the account), and its median time is compared with:

* the bare view `/bench/bare` (middleware and routing, no database) measured the same way: each main page
  ≤ 10 × the bare view (issue 14);
* for the project dashboard and the recruitment board, the same page of the 12-participant project made
  beside the big one (bench/reports_bench.py `seed_small_project`): big ≤ 1.5 × small (issue 14).

A page over its target is profiled with pyinstrument (profile-single_<page>.txt in BENCH_OUT).
"""

from __future__ import annotations

import re
import statistics
import time
from pathlib import Path
from urllib.parse import parse_qsl

REQUESTS = 25  # rounds: each page requested once a round
BARE = "bare view"
PAGE_TARGET = 10.0  # × the bare view, single client
SCALE_TARGET = 1.5  # big project ÷ 12-participant project
VERIFY_URL = "/konto/weryfikacja/"
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
POST = "POST "  # a page address with this prefix is posted as a form (its query string is the form's data)


class HttpClient:
    """One client over HTTP (requests), signed in through the login form and the verification page with
    the current TOTP code of a device secret the bench gives the account (load_bench.second_factor_env)."""

    def __init__(self, base: str, username: str | None = None):
        import requests

        self.base = base
        self.session = requests.Session()
        if username:
            self._sign_in(username)

    def _insecure(self):
        # DEBUG off makes the cookies Secure; the bench talks plain HTTP on loopback.
        for cookie in self.session.cookies:
            cookie.secure = False

    def _post_form(self, path: str, data: dict):
        form = self.session.get(self.base + path)
        self._insecure()
        match = CSRF_INPUT.search(form.text)
        data = {**data, "csrfmiddlewaretoken": match.group(1) if match else ""}
        response = self.session.post(
            self.base + path, data=data, headers={"Referer": self.base + path}, allow_redirects=False
        )
        self._insecure()
        if response.status_code != 302:
            raise RuntimeError(f"{path}: {response.status_code}")

    def _sign_in(self, username: str):
        from django_otp.oath import TOTP

        from bench.load_bench import PASSWORD, second_factor_env

        key = bytes.fromhex(second_factor_env(username, count=0)["BENCH_TOTP_KEY"])
        self._post_form("/login/", {"username": username, "password": PASSWORD})
        self._post_form(VERIFY_URL, {"code": f"{TOTP(key).token():06d}"})

    def get(self, path: str):
        """GET `path`; "POST /path?a=b" sends the query as a form instead (the person search is posted, so its
        terms stay out of URLs and server logs), with the session's CSRF token."""
        if path.startswith(POST):
            path, _, query = path.removeprefix(POST).partition("?")
            token = self.session.cookies.get("csrftoken", "")
            response = self.session.post(
                self.base + path,
                data={**dict(parse_qsl(query)), "csrfmiddlewaretoken": token},
                headers={"Referer": self.base + path, "X-CSRFToken": token},
                allow_redirects=False,
            )
        else:
            response = self.session.get(self.base + path, allow_redirects=False)
        self._insecure()
        return response


def _timed_ms(client, url: str) -> float:
    started = time.perf_counter()
    response = client.get(url)
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code}")
    return elapsed


def medians_ms(pages: dict, requests: int = REQUESTS) -> dict[str, dict]:
    """name -> {url, median_ms, requests} for `pages` (name -> (client, url)), measured in interleaved
    rounds: each round requests every page once, so whatever else the machine does at a moment weighs on
    all pages alike (one page after the other, a busy minute had moved one pair of pages by 50 %)."""
    for client, url in pages.values():
        _timed_ms(client, url)  # warm: templates, translations, connections
    times: dict[str, list[float]] = {name: [] for name in pages}
    for _ in range(requests):
        for name, (client, url) in pages.items():
            times[name].append(_timed_ms(client, url))
    return {
        name: {"url": url, "median_ms": statistics.median(times[name]), "requests": requests}
        for name, (_client, url) in pages.items()
    }


def pages(big, small) -> dict[str, tuple[str, str]]:
    """name -> (user, url) of the main pages over the big project (and the small project's twins)."""
    from django.urls import reverse

    from szansa.domain.people.models import Person

    person = Person.objects.filter(participations__project=big).order_by("pk").first()
    return {
        "project dashboard": ("koordynator", reverse("projects:project_detail", args=[big.pk])),
        "project dashboard (12 participants)": (
            "koordynator",
            reverse("projects:project_detail", args=[small.pk]),
        ),
        "recruitment board": ("koordynator", reverse("recruitment:board", args=[big.pk])),
        "recruitment board (12 participants)": ("koordynator", reverse("recruitment:board", args=[small.pk])),
        "indicators": ("koordynator", reverse("support:indicators", args=[big.pk])),
        "person search": (
            "koordynator",
            f"{POST}{reverse('people:person_list')}?q={person.last_name[:5].lower()}",
        ),
        "person file": ("koordynator", reverse("people:person_detail", args=[person.pk])),
        "participant list (API)": ("koordynator", f"/api/v1/participants/?project={big.pk}"),
    }


def run(*, out: Path, log=print) -> dict:
    from bench.load_bench import Server
    from bench.reports_bench import bench_project, small_project

    big, small = bench_project(), small_project()
    urls = pages(big, small)
    measured = {}
    with Server(out / "gunicorn-pages.log") as server:
        log(f"pages: one client over HTTP, {REQUESTS} rounds; {big.n} vs {small.n} participants …")
        clients = {}
        for user, _url in urls.values():
            if user not in clients:
                clients[user] = HttpClient(server.url, user)
        medians = medians_ms(
            {BARE: (HttpClient(server.url), "/bench/bare")}
            | {name: (clients[user], url) for name, (user, url) in urls.items()}
        )
        bare = medians.pop(BARE)
        for name, page in medians.items():
            page["ratio"] = page["median_ms"] / max(bare["median_ms"], 0.01)
            page["target"] = PAGE_TARGET
            page["target_met"] = page["ratio"] <= PAGE_TARGET
            measured[name] = page
    # A page over its target is profiled in this process (Django's test client, as the load bench does).
    from bench.load_bench import profile_page

    for name, page in measured.items():
        if not page["target_met"]:
            log(f"pages: profiling {name} …")
            user, url = urls[name]
            page.update(profile_page(f"single {name}", [url], user, out))
    scale = {}
    for name in ("project dashboard", "recruitment board"):
        ratio = measured[name]["median_ms"] / measured[f"{name} (12 participants)"]["median_ms"]
        scale[name] = {"ratio": ratio, "target": SCALE_TARGET, "target_met": ratio <= SCALE_TARGET}
    return {
        "participants": big.n,
        "small_participants": small.n,
        "bare": bare,
        "pages": measured,
        "scale": scale,
    }
