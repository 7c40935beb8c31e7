"""`make bench` / `python -m bench.run`: Szansa's three benchmarks against PostgreSQL (issue 8).

Each figure is a ratio to a baseline measured side by side in the same run on the same machine:

1. import — `import_people` rows/s vs. COPY into the same table (and, for information, a bare unlogged one);
2. pages and API — p95 latency at 20 clients on gunicorn vs. a view that touches no database;
3. reports — the indicators of a project and its participant export vs. one hand-written SQL aggregate;
4. pages single-client — each main page vs. the bare view, and the dashboard and recruitment board of the
   big project vs. those of a 12-participant project.

Sizes come from the environment (BENCH_IMPORT_ROWS, BENCH_PEOPLE, BENCH_PARTICIPANTS, BENCH_LOAD_SECONDS);
BENCH_ONLY=import,load,reports,pages runs a subset. Prints one line per figure and writes
bench/results.json.
The database is DATABASE_URL (scripts/pg-throwaway.sh gives a throwaway cluster); it must be PostgreSQL.
"""

from __future__ import annotations

import datetime
import json
import os
import platform
import sys
import tempfile
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results.json"

# Production-like settings for every process of the run (this one, the import child, gunicorn).
BENCH_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "bench-only-not-secret-0123456789abcdefghijklmnopqrstuvwxyz-ABCDEFGHIJ",
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "SECURE_SSL_REDIRECT": "0",
    "CELERY_TASK_ALWAYS_EAGER": "1",
    # Static files are served by WhiteNoise from the finders (no collectstatic into the shared checkout).
    "STATIC_MANIFEST": "0",
    "WHITENOISE_USE_FINDERS": "1",
    "LOG_LEVEL": "WARNING",
    "DJANGO_SETTINGS_MODULE": "szansa.settings",
    # Route the bare view (bench/views.py), the floor every page is compared with.
    "BENCH_BARE_VIEW": "1",
}

# Issue 14: import ≥ 0.70 × COPY; each main page at 20 clients p95 ≤ 10 × the bare view; indicators +
# participant export ≤ 3 × one SQL aggregate.
TARGETS = {"import": 0.70, "page_p95": 10.0, "reports": 3.0}


# --- pure helpers (tested in tests/core/test_bench_smoke.py) ------------------------------------------


def env_int(name: str, default: int, environ=os.environ) -> int:
    value = environ.get(name, "").replace("_", "").replace(" ", "")
    if not value:
        return default
    number = int(value)
    if number < 1:
        raise ValueError(f"{name} must be at least 1")
    return number


def sizes(environ=os.environ) -> dict[str, int]:
    return {
        "import_rows": env_int("BENCH_IMPORT_ROWS", 1_000_000, environ),
        "people": env_int("BENCH_PEOPLE", 100_000, environ),
        "participants": env_int("BENCH_PARTICIPANTS", 10_000, environ),
        "load_seconds": env_int("BENCH_LOAD_SECONDS", 20, environ),
    }


def grouped(number: float) -> str:
    """12 345 → '12 345' (thin groups of three, the Polish way, readable in a terminal)."""
    return f"{round(number):,}".replace(",", " ")


def verdict(ratio: float, target: float, *, higher_is_better: bool) -> str:
    met = ratio >= target if higher_is_better else ratio <= target
    sign = "≥" if higher_is_better else "≤"
    return f"target {sign} {target:.2f}: {'met' if met else 'MISSED'}"


def target_met(ratio: float, target: float, *, higher_is_better: bool) -> bool:
    return ratio >= target if higher_is_better else ratio <= target


def import_line(r: dict) -> str:
    return (
        f"import: {grouped(r['rows_per_s'])} rows/s = {r['ratio']:.2f} × COPY into the same table "
        f"({grouped(r['copy_rows_per_s'])} rows/s); bare unlogged COPY {grouped(r['bare_copy_rows_per_s'])} "
        f"rows/s; peak RSS {r['peak_rss_mb']:.0f} MB ({grouped(r['rows'])} rows; "
        f"{r['peak_rss_small_mb']:.0f} MB for {grouped(r['small_rows'])}) "
        f"({verdict(r['ratio'], TARGETS['import'], higher_is_better=True)}; "
        f"memory flat: {'yes' if r['memory_flat'] else 'NO'})"
    )


def load_line(r: dict) -> str:
    floor = r["floor"]
    parts = [
        f"{name} p50 {page['p50_ms']:.0f} / p95 {page['p95_ms']:.0f} ms, {page['rps']:.0f} req/s "
        f"= {page['ratio']:.1f} × floor"
        + (f" ({page['failures']} FAILED requests)" if page.get("failures") else "")
        if page["p95_ms"] is not None
        else f"{name}: no answer within {r['seconds']} s"
        for name, page in r["pages"].items()
    ]
    missed = [name for name, page in r["pages"].items() if not page["target_met"]]
    outcome = "met" if not missed else "MISSED by " + ", ".join(missed)
    return (
        f"pages at {r['users']} clients: {'; '.join(parts)} — bare view floor p50 {floor['p50_ms']:.0f} / "
        f"p95 {floor['p95_ms']:.0f} ms, {floor['rps']:.0f} req/s "
        f"(target p95 ≤ {TARGETS['page_p95']:.1f} × floor: {outcome})"
    )


def reports_line(r: dict) -> str:
    sql_ms = r["sql_s"] * 1000
    recount = (
        f" (kept; a recount {r['indicators_recount_s'] * 1000:.0f} ms)" if "indicators_recount_s" in r else ""
    )
    return (
        f"reports: indicators {r['indicators_s'] * 1000:.0f} ms{recount} + "
        f"export {r['export_s'] * 1000:.0f} ms = "
        f"{r['ratio']:.1f} × one SQL aggregate ({sql_ms:.0f} ms) over {grouped(r['participants'])} "
        f"participants ({verdict(r['ratio'], TARGETS['reports'], higher_is_better=False)})"
    )


def pages_lines(r: dict) -> list[str]:
    """One line per figure of the single-client pages benchmark: its value, its ratio and the target."""
    bare = r["bare"]["median_ms"]
    lines = [f"pages single client: bare view {bare:.1f} ms (median over HTTP)"]
    for name, page in r["pages"].items():
        lines.append(
            f"pages single client: {name} {page['median_ms']:.0f} ms = {page['ratio']:.1f} × bare view "
            f"({verdict(page['ratio'], page['target'], higher_is_better=False)})"
        )
    for name, scale in r["scale"].items():
        lines.append(
            f"pages single client: {name} of {grouped(r['participants'])} participants = "
            f"{scale['ratio']:.2f} × that of {r['small_participants']} "
            f"({verdict(scale['ratio'], scale['target'], higher_is_better=False)})"
        )
    return lines


def machine_info() -> dict:
    import psutil

    return {
        "cores": os.cpu_count(),
        "physical_cores": psutil.cpu_count(logical=False),
        "memory_gb": round(psutil.virtual_memory().total / 2**30, 1),
        "cpu": _cpu_model(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
    }


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


# --- the run -----------------------------------------------------------------------------------------


def setup_django() -> None:
    for key, value in BENCH_ENV.items():
        os.environ.setdefault(key, value)
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("bench: DATABASE_URL must name a PostgreSQL database (make bench starts one).")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def pg_version() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return cursor.fetchone()[0]


def main() -> int:
    setup_django()
    from django.core.management import call_command

    from bench import import_bench, load_bench, pages_bench, reports_bench

    chosen = set(os.environ.get("BENCH_ONLY", "import,load,reports,pages").split(","))
    size = sizes()
    out = Path(os.environ.get("BENCH_OUT") or tempfile.mkdtemp(prefix="szansa-bench-"))
    out.mkdir(parents=True, exist_ok=True)
    started = datetime.datetime.now(datetime.UTC)
    results: dict = {
        "started_at": started.isoformat(timespec="seconds"),
        "sizes": size,
        "machine": machine_info(),
        "targets": TARGETS,
        "output_folder": str(out),
    }
    results["machine"]["postgresql"] = pg_version()
    print(f"bench: sizes {size}; output in {out}", flush=True)

    step = time.monotonic()
    call_command("migrate", verbosity=0, interactive=False)
    reports_bench.seed(people=size["people"], participants=size["participants"], log=print)
    results["seed_seconds"] = round(time.monotonic() - step, 1)

    lines = {}
    # Reports and pages run on the seeded city before the import adds its rows to the registry.
    benchmarks = [
        ("reports", lambda: reports_bench.run(out=out, log=print), reports_line),
        ("pages", lambda: pages_bench.run(out=out, log=print), lambda r: "\n".join(pages_lines(r))),
        ("load", lambda: load_bench.run(seconds=size["load_seconds"], out=out, log=print), load_line),
        ("import", lambda: import_bench.run(rows=size["import_rows"], out=out, log=print), import_line),
    ]
    for key, bench, line in benchmarks:
        if key not in chosen:
            continue
        try:
            results[key] = bench()
            lines[key] = line(results[key])
        except Exception as exc:  # noqa: BLE001 - one broken benchmark must not lose the others
            traceback.print_exc()
            results[key] = {"error": repr(exc)}
            lines[key] = f"{key}: FAILED ({exc!r}); see above"
        print(lines[key], flush=True)

    results["finished_at"] = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
    results["machine"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    results["lines"] = [
        line for k in ("import", "load", "reports", "pages") if k in lines for line in lines[k].split("\n")
    ]
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False, default=str) + "\n")
    print()
    print("\n".join(results["lines"]))
    print(f"bench: wrote {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
