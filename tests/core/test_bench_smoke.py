"""The pure parts of `make bench` (bench/): synthetic rows, figures and lines, locust's CSV, the bare view.
No load runs here: `make bench` does that."""

import csv
import datetime

import pytest
from django.test import Client, override_settings
from stdnum.pl import pesel as stdnum_pesel

from bench import import_bench, load_bench, run
from szansa.domain.people.imports import import_people

pytestmark = pytest.mark.slow


def test_pesel_for_gives_the_checksum_worked_out_by_hand():
    # 4·1 + 0·3 + 0·7 + 1·9 + 0·1 + 1·3 + 0 … = 16 → check digit 4.
    assert import_bench.pesel_for(datetime.date(1940, 1, 1), 0, female=True) == "40010100004"
    # 2005 → month + 20; serial 123, man → sex digit 2·(123 mod 5) + 1 = 7; weighted sum 121 → 9.
    assert import_bench.pesel_for(datetime.date(2005, 3, 15), 123, female=False) == "05231512379"
    assert stdnum_pesel.is_valid("05231512379")


def test_synthetic_people_are_distinct_valid_and_skip_excluded_pesels():
    first = next(import_bench.synthetic_people(1))
    people = list(import_bench.synthetic_people(500, exclude={first["pesel"]}))

    assert len(people) == 500
    pesels = [p["pesel"] for p in people]
    assert first["pesel"] not in pesels
    assert len(set(pesels)) == 500
    for person in people:
        assert stdnum_pesel.is_valid(person["pesel"])
        assert stdnum_pesel.get_birth_date(person["pesel"]).isoformat() == person["birth_date"]
        assert {"F": "K", "M": "M"}[stdnum_pesel.get_gender(person["pesel"])] == person["sex"]
    # The same seed gives the same rows; disjoint index ranges never share a PESEL.
    assert people == list(import_bench.synthetic_people(500, exclude={first["pesel"]}))
    later = {p["pesel"] for p in import_bench.synthetic_people(500, start=1000)}
    assert not later & set(pesels)


@pytest.mark.django_db
def test_the_generated_file_passes_import_people_validation_row_for_row(cast, tmp_path):
    files = import_bench.write_files(200, tmp_path, worker_id=cast.pracownik.pk)

    result = import_people(files.import_csv, actor=None, default_worker="pracownik", dry_run=True)

    assert (result.rows, result.rejected, result.file_error) == (200, 0, "")
    with open(files.copy_csv, newline="") as source:
        rows = list(csv.reader(source))
    assert len(rows) == 200
    assert {len(row) for row in rows} == {len(import_bench.COPY_COLUMNS)}
    assert rows[0][import_bench.COPY_COLUMNS.index("responsible_worker_id")] == str(cast.pracownik.pk)


def test_the_import_runs_as_an_operator_types_it():
    command = import_bench.import_command("/tmp/p.csv", worker="pracownik", mode="batch", batch_size=5000)

    assert command == [
        "manage.py",
        "import_people",
        "/tmp/p.csv",
        "--mode",
        "batch",
        "--responsible-worker",
        "pracownik",
        "--batch-size",
        "5000",
        "--user",
        "admin",
        "--no-progress",
    ]


def test_memory_is_flat_when_ten_times_the_rows_cost_at_most_a_fifth_more():
    mb = 2**20
    assert import_bench.memory_flat(200 * mb, 250 * mb)  # 200·1.2 + 16 = 256
    assert not import_bench.memory_flat(200 * mb, 260 * mb)


def test_sizes_come_from_the_environment_with_the_issue_defaults():
    assert run.sizes({}) == {
        "import_rows": 1_000_000,
        "people": 100_000,
        "participants": 10_000,
        "load_seconds": 20,
    }
    assert run.sizes({"BENCH_IMPORT_ROWS": "250_000", "BENCH_LOAD_SECONDS": "5"})["import_rows"] == 250_000
    with pytest.raises(ValueError):
        run.sizes({"BENCH_PEOPLE": "0"})


def test_lines_give_the_ratio_and_whether_the_target_is_met():
    assert run.grouped(41_000) == "41 000"
    assert run.grouped(1_234_567.4) == "1 234 567"
    assert run.verdict(0.62, 0.5, higher_is_better=True) == "target ≥ 0.50: met"
    assert run.verdict(3.5, 3.0, higher_is_better=False) == "target ≤ 3.00: MISSED"

    line = run.import_line(
        {
            "rows_per_s": 41_000,
            "ratio": 0.62,
            "copy_rows_per_s": 66_000,
            "bare_copy_rows_per_s": 150_000,
            "peak_rss_mb": 95.2,
            "rows": 1_000_000,
            "peak_rss_small_mb": 94.0,
            "small_rows": 100_000,
            "memory_flat": True,
        }
    )
    assert line == (
        "import: 41 000 rows/s = 0.62 × COPY into the same table (66 000 rows/s); bare unlogged COPY "
        "150 000 rows/s; peak RSS 95 MB (1 000 000 rows; 94 MB for 100 000) (target ≥ 0.70: MISSED; "
        "memory flat: yes)"
    )
    reports = run.reports_line(
        {"indicators_s": 0.2, "export_s": 0.4, "sql_s": 0.05, "ratio": 12.0, "participants": 10_000}
    )
    assert reports == (
        "reports: indicators 200 ms + export 400 ms = 12.0 × one SQL aggregate (50 ms) over 10 000 "
        "participants (target ≤ 3.00: MISSED)"
    )
    kept = run.reports_line(
        {
            "indicators_s": 0.002,
            "indicators_recount_s": 0.15,
            "export_s": 0.04,
            "sql_s": 0.021,
            "ratio": 2.0,
            "participants": 10_000,
        }
    )
    # (2 + 40) ms ÷ 21 ms = 2.0 ×, within 3 ×; the recount is shown beside the kept read.
    assert kept == (
        "reports: indicators 2 ms (kept; a recount 150 ms) + export 40 ms = 2.0 × one SQL aggregate (21 ms) "
        "over 10 000 participants (target ≤ 3.00: met)"
    )
    page = {"p50_ms": 30, "p95_ms": 90, "rps": 120, "ratio": 3.0, "target_met": False}
    load = run.load_line(
        {"users": 20, "floor": {"p50_ms": 10, "p95_ms": 30, "rps": 900}, "pages": {"file": page}}
    )
    assert load.startswith("pages at 20 clients: file p50 30 / p95 90 ms, 120 req/s = 3.0 × floor")
    assert load.endswith("(target p95 ≤ 10.0 × floor: MISSED by file)")


def test_locust_statistics_are_read_from_its_csv(tmp_path):
    path = tmp_path / "x_stats.csv"
    path.write_text(
        "Type,Name,Request Count,Failure Count,Median Response Time,Average Response Time,Min Response Time,"
        "Max Response Time,Average Content Size,Requests/s,Failures/s,50%,66%,75%,80%,90%,95%,98%,99%,"
        "99.9%,99.99%,100%\n"
        "POST,login,20,0,300,310.0,200,400,0,1.0,0.0,300,300,300,300,400,400,400,400,400,400,400\n"
        "GET,person file,1000,2,41,45.5,10,300,9000,50.0,0.1,41,48,52,55,70,88,120,150,290,300,300\n"
    )

    stats = load_bench.read_locust_stats(path, "person file")

    assert stats == {
        "requests": 1000,
        "failures": 2,
        "p50_ms": 41.0,
        "p95_ms": 88.0,
        "p99_ms": 150.0,
        "mean_ms": 45.5,
        "rps": 50.0,
    }
    with pytest.raises(ValueError):
        load_bench.read_locust_stats(path, "bare view")


@pytest.mark.django_db
@override_settings(ROOT_URLCONF="bench.urls")
def test_the_bare_view_answers_200_without_any_database_query(django_assert_num_queries):
    client = Client()
    with django_assert_num_queries(0):
        response = client.get("/bench/bare")

    assert response.status_code == 200
    assert response.content == b"ok"
    assert client.post("/bench/bare").status_code == 405


@pytest.mark.django_db
def test_the_bare_view_is_not_routed_outside_the_benchmark(client):
    """BENCH_BARE_VIEW is off unless bench/run.py turns it on: production serves no benchmark route."""
    assert client.get("/bench/bare").status_code == 404


def test_the_benchmark_turns_the_bare_view_on():
    assert run.BENCH_ENV["BENCH_BARE_VIEW"] == "1"


def test_the_single_client_pages_give_one_line_per_figure_with_its_ratio_and_target():
    lines = run.pages_lines(
        {
            "participants": 10_000,
            "small_participants": 12,
            "bare": {"median_ms": 2.0},
            "pages": {"indicators": {"median_ms": 30.0, "ratio": 15.0, "target": 10.0}},
            "scale": {"recruitment board": {"ratio": 1.2, "target": 1.5}},
        }
    )
    assert lines == [
        "pages single client: bare view 2.0 ms (median over HTTP)",
        "pages single client: indicators 30 ms = 15.0 × bare view (target ≤ 10.00: MISSED)",
        "pages single client: recruitment board of 10 000 participants = 1.20 × that of 12 "
        "(target ≤ 1.50: met)",
    ]
