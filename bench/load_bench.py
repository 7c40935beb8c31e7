"""Benchmark 2: pages and API under load, vs. the framework floor.

gunicorn serves Szansa with production settings (DEBUG off, 2 workers × 4 threads for 2 cores); a
separate headless locust process on loopback (bench/locustfile.py) drives 20 clients at one page at a time
for BENCH_LOAD_SECONDS, and its CSV statistics give p50, p95 and requests/s. The floor is the bare view
`bench:bare`, bench/views.py (full middleware stack, no database) at the same concurrency on the same server.
Where a page misses its target, it is profiled in-process with pyinstrument (Django test client).
"""

from __future__ import annotations

import csv
import json
import os
import random
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import parse_qsl

ROOT = Path(__file__).resolve().parent.parent
USERS = 20
WORKERS = int(os.environ.get("BENCH_GUNICORN_WORKERS", "2"))
THREADS = int(os.environ.get("BENCH_GUNICORN_THREADS", "4"))
PASSWORD = "szansa-demo"
# Issue 14: at 20 concurrent clients, p95 of every main page ≤ 10 × the bare view's p95.
LOAD_TARGET = 10.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def read_locust_stats(path: Path, name: str) -> dict:
    """p50, p95 (ms), requests/s and counts of the row `name` in locust's `<prefix>_stats.csv`."""
    with open(path, newline="") as source:
        for row in csv.DictReader(source):
            if row["Name"] == name:
                return {
                    "requests": int(row["Request Count"]),
                    "failures": int(row["Failure Count"]),
                    "p50_ms": float(row["50%"]),
                    "p95_ms": float(row["95%"]),
                    "p99_ms": float(row["99%"]),
                    "mean_ms": float(row["Average Response Time"]),
                    "rps": float(row["Requests/s"]),
                }
    raise ValueError(f"no row {name!r} in {path}")


def targets() -> dict[str, dict]:
    """The pages under load and their URLs, drawn from the seeded data (the big bench project)."""
    from django.db.models import Count
    from django.urls import NoReverseMatch, reverse

    from bench.reports_bench import bench_project
    from szansa.domain.people.models import Person
    from szansa.domain.support.models import Session

    rng = random.Random(8)
    project = bench_project()
    names = Person.objects.values("last_name").annotate(n=Count("pk")).order_by("-n", "last_name")[:10]
    terms = sorted({row["last_name"][:5].lower() for row in names})
    people = list(Person.objects.order_by("?").values_list("pk", flat=True)[:300])
    pages = max(1, -(-project.participants.count() // 50))  # the last page (50 a page, rounded up)
    result = {
        "person search": {
            "user": "koordynator",
            # Posted, as the page takes a search (bench.pages_bench.POST).
            "urls": [f"POST {reverse('people:person_list')}?q={term}" for term in terms],
        },
        "person file": {
            "user": "koordynator",
            "urls": [reverse("people:person_detail", args=[pk]) for pk in people],
        },
        "participant list (API)": {
            "user": "koordynator",
            "urls": [
                f"/api/v1/participants/?project={project.pk}&page={rng.randint(1, pages)}" for _ in range(50)
            ],
        },
        "project dashboard": {
            "user": "koordynator",
            "urls": [reverse("projects:project_detail", args=[project.pk])],
        },
    }
    sessions = list(
        Session.objects.filter(activity__project=project).order_by("?").values_list("pk", flat=True)[:100]
    )
    try:
        result["attendance entry"] = {
            "user": "specjalista",
            "urls": [reverse("support:attendance", args=[pk]) for pk in sessions],
        }
    except NoReverseMatch:
        result["attendance entry"] = {"skipped": "the URL support:attendance does not exist yet"}
    if not sessions:
        result["attendance entry"] = {"skipped": "no session in the bench project"}
    return result


class Server:
    """gunicorn on a free loopback port, started and stopped by this process."""

    def __init__(self, log_path: Path):
        self.port = free_port()
        self.log_path = log_path
        self.process = None

    def __enter__(self):
        command = [
            str(Path(sys.executable).with_name("gunicorn")),
            "szansa.wsgi:application",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(WORKERS),
            "--threads",
            str(THREADS),
            "--worker-class",
            "gthread",
            "--timeout",
            "300",  # a slow page is measured, not killed
            "--log-level",
            "warning",
        ]
        self.log = open(self.log_path, "w")  # noqa: SIM115 - closed in __exit__
        self.process = subprocess.Popen(command, cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.url}/healthz", timeout=2) as response:
                    if response.status == 200:
                        return self
            except OSError:
                time.sleep(0.3)
            if self.process.poll() is not None:
                break
        raise RuntimeError(f"gunicorn did not start; see {self.log_path}")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __exit__(self, *exc):
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


def second_factor_env(username: str, count: int = USERS) -> dict[str, str]:
    """The second factor for `count` locust users signing in to one account at once (bench/locustfile.py):
    a TOTP device with a secret the bench makes now (its replay counter cleared, so the previous page's
    sign-in in the same 30-second step does not block this one) and `count` single-use recovery codes."""
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from szansa.domain.accounts import second_factor
    from szansa.domain.accounts.models import User

    user = User.objects.get(username=username)
    key = secrets.token_hex(20)
    device = second_factor.give_fixed_device(user, key)
    TOTPDevice.objects.filter(pk=device.pk).update(
        last_t=-1, throttling_failure_count=0, throttling_failure_timestamp=None
    )
    recovery, _created = StaticDevice.objects.get_or_create(
        user=user, name=second_factor.RECOVERY_DEVICE, defaults={"confirmed": True}
    )
    # A refusal in an earlier page's run throttles the device for the next one: start clean.
    StaticDevice.objects.filter(pk=recovery.pk).update(
        throttling_failure_count=0, throttling_failure_timestamp=None
    )
    recovery.token_set.all().delete()
    codes = [secrets.token_hex(6) for _ in range(2 * count)]  # a spare for each user (locustfile retries)
    StaticToken.objects.bulk_create([StaticToken(device=recovery, token=code) for code in codes])
    return {"BENCH_TOTP_KEY": key, "BENCH_RECOVERY_CODES": json.dumps(codes)}


def run_locust(*, host: str, name: str, urls: list[str], user: str, seconds: int, out: Path) -> dict:
    slug = "".join(c if c.isalnum() else "_" for c in name)
    prefix = out / f"locust-{slug}"
    env = {
        **os.environ,
        **(second_factor_env(user) if user else {}),
        "BENCH_PAGE": name,
        "BENCH_URLS": json.dumps(urls),
        "BENCH_USER": user,
        "BENCH_PASSWORD": PASSWORD,
        "BENCH_LOAD_SECONDS": str(seconds),
    }
    command = [
        str(Path(sys.executable).with_name("locust")),
        "-f",
        str(ROOT / "bench" / "locustfile.py"),
        "--headless",
        "--users",
        str(USERS),
        "--spawn-rate",
        str(USERS),
        "--run-time",
        f"{seconds + 120}s",  # a bound only: the locustfile quits after `seconds` of measurement
        "--stop-timeout",
        "10",
        "--host",
        host,
        "--csv",
        str(prefix),
        "--only-summary",
        "--loglevel",
        "WARNING",
        "--exit-code-on-error",
        "0",
    ]
    with open(f"{prefix}.log", "w") as log:
        subprocess.run(
            # Longer than locust's own bound (--run-time), so a stuck run ends with its statistics written.
            command,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            check=True,
            timeout=seconds + 180,
        )
    try:
        return read_locust_stats(Path(f"{prefix}_stats.csv"), name)
    except ValueError:
        # Not one request answered within the measurement: the page is slower than BENCH_LOAD_SECONDS.
        return {
            "requests": 0,
            "failures": 0,
            "p50_ms": None,
            "p95_ms": None,
            "rps": 0.0,
            "none_answered": True,
        }


def profile_page(name: str, urls: list[str], username: str, out: Path, requests: int = 30) -> dict:
    """pyinstrument over `requests` requests of a page through Django's test client, in this process."""
    try:
        return _profile_page(name, urls, username, out, requests)
    except Exception as exc:  # noqa: BLE001 - a failed profile must not lose the measured figures
        return {"profile_error": repr(exc)}


def _profile_page(name: str, urls: list[str], username: str, out: Path, requests: int) -> dict:
    """pyinstrument over `requests` requests of a page through Django's test client, in this process."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice
    from pyinstrument import Profiler

    from szansa.domain.accounts.models import User
    from szansa.web.accounts.middleware import LAST_SEEN_KEY

    user = User.objects.get(username=username)
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    # Past the second factor, as the verification page leaves a session (else every request of the
    # profile is the redirect to it): the device second_factor_env gave the account.
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = (
        TOTPDevice.objects.filter(user=user, confirmed=True).first().persistent_id
    )
    session[LAST_SEEN_KEY] = int(time.time())
    session.save()

    def request(url: str):
        # "POST /path?a=b" (bench/pages_bench.py POST): the query sent as a form, as the search page takes it
        if url.startswith("POST "):
            path, _, query = url.removeprefix("POST ").partition("?")
            return client.post(path, dict(parse_qsl(query)))
        return client.get(url)

    request(urls[0])  # warm caches (templates, translations) outside the profile
    profiler = Profiler(interval=0.0005)
    profiler.start()
    for index in range(requests):
        request(urls[index % len(urls)])
    profiler.stop()
    slug = "".join(c if c.isalnum() else "_" for c in name)
    path = out / f"profile-{slug}.txt"
    text = profiler.output_text(unicode=True, color=False, show_all=False)
    path.write_text(text)
    return {"profile": str(path), "profile_head": text[:5000]}


def run(*, seconds: int, out: Path, log=print) -> dict:
    from django.db import connection

    pages = targets()
    connection.close()
    result = {"users": USERS, "seconds": seconds, "workers": WORKERS, "threads": THREADS, "pages": {}}
    skipped = {}
    with Server(out / "gunicorn.log") as server:
        log(f"load: gunicorn {WORKERS} workers × {THREADS} threads at {server.url}; floor …")
        result["floor"] = run_locust(
            host=server.url, name="bare view", urls=["/bench/bare"], user="", seconds=seconds, out=out
        )
        for name, page in pages.items():
            if "skipped" in page:
                skipped[name] = page["skipped"]
                log(f"load: {name} skipped ({page['skipped']})")
                continue
            log(f"load: {name} …")
            stats = run_locust(
                host=server.url, name=name, urls=page["urls"], user=page["user"], seconds=seconds, out=out
            )
            if stats["p95_ms"] is None:
                stats["ratio"], stats["target_met"] = None, False
            else:
                stats["ratio"] = stats["p95_ms"] / max(result["floor"]["p95_ms"], 1.0)
                stats["target_met"] = stats["ratio"] <= LOAD_TARGET and stats["failures"] == 0
            stats["target"] = LOAD_TARGET
            stats["user"] = page["user"]
            stats["sample_url"] = page["urls"][0]
            result["pages"][name] = stats
    result["skipped"] = skipped
    for name, stats in result["pages"].items():
        if not stats["target_met"]:
            log(f"load: profiling {name} …")
            count = 3 if stats["p95_ms"] is None or stats["p95_ms"] > 2000 else 30
            stats.update(profile_page(name, pages[name]["urls"], pages[name]["user"], out, count))
    return result
