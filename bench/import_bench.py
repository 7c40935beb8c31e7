"""Benchmark 1: `manage.py import_people` against PostgreSQL COPY of the same rows.

The synthetic rows are generated once, deterministically and fast (no Faker: a million rows must not take
longer to make than to load), and written twice: as the import file the command reads, and as a COPY file
with the database columns of `people_person`. Three figures, measured in the same run on the same table
state:

* COPY into `people_person` itself — same indexes, constraints and foreign keys — inside a transaction that
  is rolled back: the physical limit for that table;
* COPY into an UNLOGGED table with the same columns and nothing else (for information);
* `import_people` in a subprocess (its peak RSS read from the child's rusage), full validation.
"""

from __future__ import annotations

import csv
import datetime
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

IMPORT_ACTOR = "admin"  # --user: the audit actor (a demo account with people.import_people)

# Import file columns: the person fields staff fill in (szansa.domain.people.models.PERSON_INPUT_FIELDS) minus
# the responsible worker, which the command takes as --responsible-worker.
IMPORT_COLUMNS = [
    "first_name",
    "last_name",
    "pesel",
    "birth_date",
    "sex",
    "citizenship",
    "phone",
    "email",
    "street",
    "building_number",
    "flat_number",
    "postal_code",
    "town",
    "gmina",
    "powiat",
    "voivodeship",
    "education_level",
]
# COPY file columns: what the database stores (search_text and timestamps are filled the way save() would).
COPY_COLUMNS = [
    *IMPORT_COLUMNS,
    "other_id_type",
    "other_id_number",
    "revitalisation_area",
    "household_relation",
    "search_text",
    "created_at",
    "updated_at",
    "responsible_worker_id",
    "created_by_id",  # the import records who imported each person: the same foreign key is checked here
]

FIRST_NAMES = {
    "K": [
        "Anna",
        "Maria",
        "Katarzyna",
        "Małgorzata",
        "Agnieszka",
        "Barbara",
        "Ewa",
        "Zofia",
        "Joanna",
        "Ola",
    ],
    "M": ["Jan", "Piotr", "Krzysztof", "Andrzej", "Tomasz", "Paweł", "Michał", "Marcin", "Łukasz", "Adam"],
}
LAST_NAMES = {
    "K": ["Nowak", "Kowalska", "Wiśniewska", "Wójcik", "Kowalczyk", "Kamińska", "Lewandowska", "Zielińska"],
    "M": ["Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Kowalczyk", "Kamiński", "Lewandowski", "Zieliński"],
}
PLACES = [
    ("34-120", "Andrychów", "Andrychów", "wadowicki"),
    ("32-300", "Olkusz", "Olkusz", "olkuski"),
]
STREETS = ["Krakowska", "Szkolna", "Polna", "Ogrodowa", "Lipowa", "Słoneczna", "Mickiewicza", "Kościuszki"]
EDUCATION = ["", "1", "2", "3", "4", "5-8"]
PESEL_WEIGHTS = (1, 3, 7, 9, 1, 3, 7, 9, 1, 3)
FIRST_BIRTH_DATE = datetime.date(1940, 1, 1)
BIRTH_DAYS = (datetime.date(2007, 12, 31) - FIRST_BIRTH_DATE).days + 1


def pesel_for(born: datetime.date, serial: int, female: bool) -> str:
    """A valid PESEL for a birth date (1900–2099), a serial 0–999 and a sex (even 10th digit: woman)."""
    if not 0 <= serial <= 999:
        raise ValueError("serial must be 0–999")
    month = born.month + (20 if born.year >= 2000 else 0)
    sex_digit = (2 * (serial % 5)) + (0 if female else 1)
    body = f"{born.year % 100:02d}{month:02d}{born.day:02d}{serial:03d}{sex_digit}"
    check = (10 - sum(int(d) * w for d, w in zip(body, PESEL_WEIGHTS, strict=True)) % 10) % 10
    return body + str(check)


def synthetic_people(count: int, seed: int = 1, *, start: int = 0, exclude=frozenset()) -> Iterator[dict]:
    """`count` distinct, valid people (unique PESELs matching birth date and sex), deterministic for a seed.
    Index i is born on day i mod BIRTH_DAYS with serial i div BIRTH_DAYS, so PESELs never collide; indexes
    start at `start` (two files from disjoint ranges never share a PESEL) and a PESEL in `exclude` (people
    already in the registry) is skipped for the next index."""
    rng = random.Random(seed)
    i, made = start - 1, 0
    while made < count:
        i += 1
        if i >= BIRTH_DAYS * 1000:
            raise ValueError(f"at most {BIRTH_DAYS * 1000} synthetic people")
        born = FIRST_BIRTH_DATE + datetime.timedelta(days=i % BIRTH_DAYS)
        sex = "K" if rng.random() < 0.52 else "M"
        pesel = pesel_for(born, i // BIRTH_DAYS, sex == "K")
        if pesel in exclude:
            continue
        made += 1
        postal_code, town, gmina, powiat = PLACES[i % 2]
        first, last = rng.choice(FIRST_NAMES[sex]), rng.choice(LAST_NAMES[sex])
        yield {
            "first_name": first,
            "last_name": last,
            "pesel": pesel,
            "birth_date": born.isoformat(),
            "sex": sex,
            "citizenship": "PL",
            "phone": f"+48 600 {i // 1000 % 1000:03d} {i % 1000:03d}" if rng.random() < 0.6 else "",
            "email": f"osoba{i}@example.org" if rng.random() < 0.3 else "",
            "street": rng.choice(STREETS),
            "building_number": str(rng.randint(1, 120)),
            "flat_number": str(rng.randint(1, 40)) if rng.random() < 0.5 else "",
            "postal_code": postal_code,
            "town": town,
            "gmina": gmina,
            "powiat": powiat,
            "voivodeship": "12",
            "education_level": rng.choice(EDUCATION),
        }


@dataclass
class SyntheticFiles:
    rows: int
    import_csv: Path
    copy_csv: Path


def write_files(
    count: int,
    folder: Path,
    *,
    worker_id: int,
    seed: int = 1,
    start: int = 0,
    exclude=frozenset(),
    name="people",
) -> SyntheticFiles:
    """Write the import file (header + `count` rows, UTF-8, commas) and the COPY file (no header) for the
    same people; streamed, so memory stays flat whatever `count` is."""
    folder.mkdir(parents=True, exist_ok=True)
    import_path, copy_path = folder / f"{name}.csv", folder / f"{name}.copy.csv"
    now = datetime.datetime.now(datetime.UTC).isoformat()
    with open(import_path, "w", newline="", encoding="utf-8") as imp, open(copy_path, "w", newline="") as cp:
        import_writer = csv.writer(imp)
        copy_writer = csv.writer(cp)
        import_writer.writerow(IMPORT_COLUMNS)
        for person in synthetic_people(count, seed, start=start, exclude=exclude):
            import_writer.writerow([person[c] for c in IMPORT_COLUMNS])
            search_text = " ".join(f"{person['last_name']} {person['first_name']}".lower().split())
            copy_writer.writerow(
                [person[c] for c in IMPORT_COLUMNS]
                + ["", "", "f", "", search_text, now, now, worker_id, worker_id]
            )
    return SyntheticFiles(count, import_path, copy_path)


def _copy(cursor, table: str, path: Path) -> float:
    started = time.perf_counter()
    columns = ", ".join(COPY_COLUMNS)
    with (
        open(path, "rb") as source,
        cursor.copy(f"COPY {table} ({columns}) FROM STDIN WITH (FORMAT csv, NULL '\\N')") as copy,
    ):
        while chunk := source.read(1 << 20):
            copy.write(chunk)
    return time.perf_counter() - started


def copy_into_person_table(dsn: str, path: Path) -> float:
    """Seconds to COPY the rows into people_person (its indexes, constraints and foreign keys), then roll
    back so the table is as it was."""
    import psycopg

    with psycopg.connect(dsn) as connection:
        with connection.cursor() as cursor:
            seconds = _copy(cursor, "people_person", path)
            # Deferred constraint triggers would run at commit: make them run inside the timing too.
            started = time.perf_counter()
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            seconds += time.perf_counter() - started
        connection.rollback()
    return seconds


def copy_into_bare_table(dsn: str, path: Path) -> float:
    """Seconds to COPY the rows into an UNLOGGED table with the same columns and nothing else."""
    import psycopg

    with psycopg.connect(dsn, autocommit=True) as connection:
        connection.execute("DROP TABLE IF EXISTS bench_bare_person")
        connection.execute(
            "CREATE UNLOGGED TABLE bench_bare_person AS SELECT * FROM people_person WITH NO DATA"
        )
        with connection.cursor() as cursor:
            seconds = _copy(cursor, "bench_bare_person", path)
        connection.execute("DROP TABLE bench_bare_person")
    return seconds


@dataclass
class ImportRun:
    seconds: float
    peak_rss_bytes: int
    output: str


def import_command(
    path: Path, *, worker: str, mode: str = "file", batch_size: int | None = None
) -> list[str]:
    """The `manage.py import_people` arguments (as an operator would type them, with the audit actor)."""
    command = ["manage.py", "import_people", str(path), "--mode", mode, "--responsible-worker", worker]
    if batch_size:
        command += ["--batch-size", str(batch_size)]
    return [*command, "--user", IMPORT_ACTOR, "--no-progress"]


# Runs manage.py (argv[1:]) and, at exit, writes the process's own peak RSS (VmHWM of /proc/self/status,
# KiB) to the file named by BENCH_HWM_FILE. Not ru_maxrss: on Linux a child's ru_maxrss starts from the
# high-water mark of the memory it was forked from (fork copies the RSS counters, exec keeps the old
# mark), so it reported this process's peak (about 700 MB after seeding) for every import. VmHWM belongs
# to the memory map exec created: only the import's own pages count.
_HWM_LAUNCHER = """
import atexit, os, runpy, sys
def _hwm():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            with open(os.environ["BENCH_HWM_FILE"], "w") as out:
                out.write(line.split()[1])
atexit.register(_hwm)
sys.argv = sys.argv[1:]
runpy.run_path(sys.argv[0], run_name="__main__")
"""


def run_import(
    path: Path, *, worker: str, mode: str = "file", batch_size: int | None = None, env=None
) -> ImportRun:
    """Run `manage.py import_people` in a fresh child process; its peak RSS is the child's own VmHWM
    (see _HWM_LAUNCHER), so nothing of this process is counted; ru_maxrss where /proc is missing."""
    command = [
        sys.executable,
        "-c",
        _HWM_LAUNCHER,
        *import_command(path, worker=worker, mode=mode, batch_size=batch_size),
    ]
    with tempfile.TemporaryFile(mode="w+") as log, tempfile.NamedTemporaryFile("r") as hwm:
        started = time.perf_counter()
        child_env = {**(os.environ if env is None else env), "BENCH_HWM_FILE": hwm.name}
        child = subprocess.Popen(command, env=child_env, stdout=log, stderr=subprocess.STDOUT, text=True)
        # wait4 on this very child: RUSAGE_CHILDREN would report the largest child ever waited for.
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        log.seek(0)
        output = log.read()
        peak_kib = int(hwm.read().strip() or usage.ru_maxrss)
    if child.returncode != 0:
        raise RuntimeError(f"import_people failed ({child.returncode}):\n{output[-4000:]}")
    return ImportRun(seconds, peak_kib * 1024, output)


def profile_import(path: Path, *, worker: str, mode: str, batch_size: int | None, out: Path, env=None) -> str:
    """Profile one import with pyinstrument (text renderer); returns the report's path."""
    report = out / "profile-import.txt"
    command = [
        sys.executable,
        "-m",
        "pyinstrument",
        "--renderer",
        "text",
        "--outfile",
        str(report),
        *import_command(path, worker=worker, mode=mode, batch_size=batch_size),
    ]
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)
    return str(report)


def startup_seconds(env=None) -> float:
    """What any management command costs before its first row: `manage.py check` (for information)."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "manage.py", "check"], env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def memory_flat(small_bytes: int, big_bytes: int) -> bool:
    """Memory "does not grow with the file": ten times the rows may cost at most 20% (+16 MB) more RSS."""
    return big_bytes <= small_bytes * 1.2 + 16 * 2**20


def run(*, rows: int, out: Path, log=print) -> dict:
    from django.conf import settings
    from django.db import connection

    from szansa.domain.accounts.models import User
    from szansa.domain.people.models import Person

    worker_name = os.environ.get("BENCH_IMPORT_WORKER", "pracownik")
    mode = os.environ.get("BENCH_IMPORT_MODE", "file")
    batch_size = int(os.environ["BENCH_IMPORT_BATCH"]) if os.environ.get("BENCH_IMPORT_BATCH") else None
    worker = User.objects.get(username=worker_name)
    dsn = os.environ["DATABASE_URL"]
    connection.close()  # the children and psycopg connections below do the work

    exclude = set(Person.objects.exclude(pesel=None).values_list("pesel", flat=True))
    small_rows = max(1000, rows // 10)
    log(f"import: writing {grouped_int(rows)} + {grouped_int(small_rows)} synthetic rows …")
    files = write_files(rows, out, worker_id=worker.pk, exclude=exclude)
    small = write_files(small_rows, out, worker_id=worker.pk, start=2 * rows, exclude=exclude, name="small")
    profile_rows = min(50_000, max(5_000, rows // 20))
    sample = write_files(
        profile_rows,
        out,
        worker_id=worker.pk,
        start=2 * rows + 2 * small_rows,
        exclude=exclude,
        name="profile",
    )

    log("import: COPY into people_person (rolled back) …")
    copy_s = copy_into_person_table(dsn, files.copy_csv)
    log("import: COPY into a bare unlogged table …")
    bare_s = copy_into_bare_table(dsn, files.copy_csv)
    before = Person.objects.count()
    connection.close()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": settings.SETTINGS_MODULE}
    log(f"import: import_people --mode {mode} --batch-size {batch_size or 'default'} …")
    big = run_import(files.import_csv, worker=worker_name, mode=mode, batch_size=batch_size, env=env)
    imported = Person.objects.count() - before
    if imported != rows:
        raise RuntimeError(f"import_people saved {imported} of {rows} rows:\n{big.output[-4000:]}")
    little = run_import(small.import_csv, worker=worker_name, mode=mode, batch_size=batch_size, env=env)
    startup_s = startup_seconds(env)
    result = {
        "rows": rows,
        "mode": mode,
        "batch_size": batch_size,
        "seconds": round(big.seconds, 2),
        "rows_per_s": rows / big.seconds,
        "copy_seconds": round(copy_s, 2),
        "copy_rows_per_s": rows / copy_s,
        "bare_copy_seconds": round(bare_s, 2),
        "bare_copy_rows_per_s": rows / bare_s,
        "ratio": copy_s / big.seconds,
        "startup_seconds": round(startup_s, 2),
        "rows_per_s_after_startup": rows / max(big.seconds - startup_s, 1e-6),
        "peak_rss_mb": big.peak_rss_bytes / 2**20,
        "small_rows": small_rows,
        "small_seconds": round(little.seconds, 2),
        "peak_rss_small_mb": little.peak_rss_bytes / 2**20,
        "memory_flat": memory_flat(little.peak_rss_bytes, big.peak_rss_bytes),
        "command_output_tail": big.output[-1500:],
    }
    result["target_met"] = result["ratio"] >= 0.70 and result["memory_flat"]
    if not result["target_met"] or os.environ.get("BENCH_PROFILE") == "1":
        log(f"import: profiling {profile_rows} rows with pyinstrument …")
        report = profile_import(
            sample.import_csv, worker=worker_name, mode=mode, batch_size=batch_size, out=out, env=env
        )
        result["profile"] = report
        result["profile_head"] = Path(report).read_text()[:6000]
    for path in (files.import_csv, files.copy_csv, small.import_csv, small.copy_csv):
        path.unlink(missing_ok=True)
    return result


def grouped_int(number: int) -> str:
    return f"{number:,}".replace(",", " ")
