"""Large exports as jobs, streamed small ones (docs/participant-exports.md#large-exports): over
EXPORT_JOB_THRESHOLD rows the page and the API start a Celery job with progress whose file holds the same
rows as the direct download; the writers are openpyxl's write-only workbook fed from a database iterator;
the file is its owner's only, access-logged at download, kept in the private folder with restricted
permissions and removed by the periodic cleanup. Also the conditional SL2014 field 36 / CST2021 field 33
(the day a business was set up) read back from the file."""

import csv
import datetime
import io
import json
import stat
import time
import tracemalloc
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.db.models.query import QuerySet
from django.urls import reverse
from openpyxl import load_workbook

from szansa.domain.projects.enums import CostCategory
from szansa.domain.projects.models import BudgetLine, BudgetTask, Expenditure
from szansa.domain.recruitment import exports as full_exports
from szansa.domain.recruitment import services as recruitment_services
from szansa.domain.support import enums, export_jobs, exports
from szansa.lib import replica
from tests.factories.indicator_cohort import Builder
from tests.factories.recruitment import COMPLETE

pytestmark = pytest.mark.django_db
D = datetime.date


def complete(cast, participant, **data):
    return recruitment_services.participant_update(
        actor=cast.koordynator, participant=participant, data={**COMPLETE, **data}
    )


@pytest.fixture
def cohort(cast, project, target_group):
    """Five participants who started on 01.02.2019 with complete data sets; P0 set up a business on
    15.11.2019 (a self-employment outcome), P1 took up a job (not a business)."""
    b = Builder(cast, project, target_group)
    people = [complete(cast, b.enrol(f"P{i}")) for i in range(5)]
    b.outcome(people[0], enums.OutcomeKind.SELF_EMPLOYMENT, on=D(2019, 11, 15))
    b.outcome(people[1], enums.OutcomeKind.EMPLOYMENT, on=D(2019, 11, 20))
    return people


@pytest.fixture
def jobs(settings, django_capture_on_commit_callbacks):
    """Jobs run in the test (eagerly, after the request's transaction would commit); threshold 3 rows."""
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.EXPORT_JOB_THRESHOLD = 3

    def run(call):
        with django_capture_on_commit_callbacks(execute=True):
            return call()

    return run


def csv_rows(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def xlsx_rows(content: bytes, sheet="Uczestnicy") -> list[list]:
    return [list(r) for r in load_workbook(io.BytesIO(content))[sheet].iter_rows(values_only=True)]


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_field_36_is_the_day_the_business_was_set_up_read_back_from_both_layouts(project, cohort):
    # SL2014 field 36 and CST2021 field 33: P0's self-employment outcome (15.11.2019); P1's job is no
    # business, so empty; 37 (grant amount) and 38 (PKD) stay empty: Szansa holds no start-up grant.
    rows = xlsx_rows(exports.export(project, format="xlsx", today=D(2019, 12, 31)).participants)
    col = {h: i for i, h in enumerate(rows[0])}
    by_name = {r[col["Nazwisko"]]: r for r in rows[1:]}
    assert rows[0][35] == "Data założenia działalności gospodarczej"  # field 36, 1-based
    assert by_name["P0"][35] == datetime.datetime(2019, 11, 15)
    assert by_name["P1"][35] is None
    assert by_name["P0"][36] is None and by_name["P0"][37] is None
    cst_fields = {f.number: f for f in exports.CST2021_FIELDS}
    assert cst_fields[33].header == "Data założenia działalności gospodarczej"
    assert cst_fields[33].value(by_name_participant(cohort, "P0"), exports.NO_SUPPORT) == D(2019, 11, 15)


def by_name_participant(cohort, name):
    participant = next(p for p in cohort if p.person.last_name == name)
    exports.attach_business_dates([participant])
    return participant


def test_a_large_export_runs_as_a_job_with_progress_and_yields_the_direct_rows(
    cast, project, cohort, client_for, jobs, settings, monkeypatch
):
    # 5 participants > threshold 3: the page starts a job. With 2 participants a chunk the job reports
    # its progress after each chunk: 2, 4, 5 (of 5), then done.
    monkeypatch.setattr(full_exports, "CHUNK_SIZE", 2)
    seen = []
    write_status = export_jobs.write_status
    monkeypatch.setattr(
        export_jobs,
        "write_status",
        lambda job, **c: seen.append(c.get("processed")) or write_status(job, **c),
    )
    client = client_for(cast.koordynator)
    url = reverse("support:participant_exports", args=[project.pk])
    response = jobs(lambda: client.get(url, {"kind": "managing_body", "format": "csv"}))
    assert response.status_code == 302
    job = response["Location"].rstrip("/").split("/")[-1]
    assert [p for p in seen if p] == [2, 4, 5, 5]
    page = client.get(reverse("support:export_progress", args=[job]))
    assert page.status_code == 200 and reverse("support:export_file", args=[job]) in page.content.decode()
    from_job = csv_rows(body(client.get(reverse("support:export_file", args=[job]))))
    # The same export below the threshold is a direct (streamed) download with the same rows.
    settings.EXPORT_JOB_THRESHOLD = 100
    direct = client.get(url, {"kind": "managing_body", "format": "csv"})
    assert direct.status_code == 200 and direct.streaming
    assert from_job == csv_rows(body(direct))
    assert len(from_job) == 1 + 5 and from_job[0] == exports.headers(exports.SL2014)


def test_the_job_file_is_its_owners_only_private_and_access_logged(cast, project, cohort, client_for, jobs):
    owner = client_for(cast.koordynator)
    url = reverse("support:participant_exports", args=[project.pk])
    response = jobs(lambda: owner.get(url, {"kind": "full", "format": "xlsx"}))
    job = response["Location"].rstrip("/").split("/")[-1]
    folder = export_jobs.job_path(job)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(export_jobs.file_path(job).stat().st_mode) == 0o600
    other = client_for(cast.admin)  # may see everything, but did not ask for this file
    for name in ("support:export_job", "support:export_progress", "support:export_file"):
        assert other.get(reverse(name, args=[job])).status_code == 404
    assert other.get(reverse("export-job", args=[job])).status_code == 404
    assert other.get(reverse("export-job-file", args=[job])).status_code == 404
    before = LogEntry.objects.filter(additional_data__route="support:export_file").count()
    rows = xlsx_rows(body(owner.get(reverse("support:export_file", args=[job]))))
    assert rows[0] == full_exports.HEADERS and len(rows) == 6
    # one access entry per person in the file (5), through the download's route
    assert LogEntry.objects.filter(additional_data__route="support:export_file").count() == before + 5


def test_the_api_answers_202_with_a_job_then_the_file_and_200_when_small(
    cast, project, cohort, client_for, jobs, settings
):
    client = client_for(cast.koordynator)
    url = reverse("project-participant-export", args=[project.pk])
    response = jobs(lambda: client.get(url, {"format": "csv"}))
    assert response.status_code == 202
    job = response.json()
    assert job["total"] == 5 and job["state"] == "queued"  # as it was when answered
    progress = client.get(reverse("export-job", args=[job["id"]])).json()
    assert progress["state"] == "done" and progress["percent"] == 100
    assert progress["download"].endswith(reverse("export-job-file", args=[job["id"]]))
    from_job = csv_rows(body(client.get(reverse("export-job-file", args=[job["id"]]))))
    settings.EXPORT_JOB_THRESHOLD = 100
    small = client.get(url, {"format": "csv"})
    assert small.status_code == 200
    assert csv_rows(body(small)) == from_job
    assert client_for(cast.audytor).get(url).status_code == 403


def test_a_large_budget_export_runs_as_a_job_too(cast, project, client_for, jobs):
    # 4 expenditures > threshold 3.
    task = BudgetTask.objects.create(project=project, number=1, name="Zadanie")
    line = BudgetLine.objects.create(
        task=task,
        category=CostCategory.choices[0][0],
        name="Linia",
        unit="szt",
        quantity=1,
        unit_price=Decimal("1000.00"),
        amount=Decimal("1000.00"),
    )
    for day in range(1, 5):
        Expenditure.objects.create(
            line=line,
            date=D(2019, 3, day),
            document_number=f"F/{day}",
            supplier="Dostawca",
            description="=HYPERLINK(1)",
            amount=Decimal("10.00"),
            entered_by=cast.koordynator,
        )
    client = client_for(cast.koordynator)
    response = jobs(lambda: client.get(reverse("projects:budget_export", args=[project.pk])))
    assert response.status_code == 302
    job = response["Location"].rstrip("/").split("/")[-1]
    content = body(client.get(reverse("support:export_file", args=[job])))
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook.worksheets[-1]
    values = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert len(values) == 1 + 4 + 1  # headers, 4 expenditures, the total
    assert values[1][6] == "=HYPERLINK(1)" and sheet.cell(2, 7).data_type == "s"  # text stays text
    assert values[-1][7] == "=SUM(H2:H5)"


def test_the_writers_are_write_only_and_read_the_participants_from_an_iterator(project, cohort, monkeypatch):
    workbooks, iterated = [], []
    original_iterator = QuerySet.iterator

    def spy_iterator(self, chunk_size=None):
        iterated.append((self.model.__name__, chunk_size))
        return original_iterator(self, chunk_size=chunk_size)

    original_workbook = full_exports.write_only_workbook

    def spy_workbook():
        workbook = original_workbook()
        workbooks.append(workbook)
        return workbook

    monkeypatch.setattr(QuerySet, "iterator", spy_iterator)
    monkeypatch.setattr(full_exports, "write_only_workbook", spy_workbook)
    out = io.BytesIO()
    assert exports.write_export(project, out, format="xlsx") == (5, 0)
    assert [w.write_only for w in workbooks] == [True]
    assert ("Participant", full_exports.CHUNK_SIZE) in iterated


def test_memory_grows_far_less_than_the_rows(project, target_group, cast, monkeypatch):
    # The rows of N = 12 and 10 N = 120 participants are produced and thrown away one by one, read 10 at a
    # time: the peak of the second run is not ten times the first (a list of all rows would be). Same
    # data, only the count changes; no timing.
    monkeypatch.setattr(full_exports, "CHUNK_SIZE", 10)
    type(project).objects.filter(pk=project.pk).update(participant_limit=None)
    type(target_group).objects.filter(pk=target_group.pk).update(planned_total=200)
    project.refresh_from_db()
    target_group.refresh_from_db()
    b = Builder(cast, project, target_group)
    people = [b.enrol(f"M{i}") for i in range(120)]

    def peak(count):
        queryset = full_exports.project_participants(project).filter(pk__in=[p.pk for p in people[:count]])
        tracemalloc.start()
        for _row in full_exports.full_rows(queryset, []):
            pass
        _, top = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        return top

    peak(12)  # warm caches (translations, content types)
    small, large = peak(12), peak(120)
    assert large < 2 * small


def test_the_cleanup_removes_old_export_files(cast, project, cohort, jobs, settings):
    settings.EXPORT_FILE_HOURS = 24
    request = export_jobs.participants_request(project, kind="full", format="csv")
    job = jobs(lambda: export_jobs.export_start(actor=cast.koordynator, request=request))
    assert export_jobs.file_path(job).exists()
    assert json.loads((export_jobs.job_path(job) / "persons.json").read_text())
    assert export_jobs.clean_old_exports(now=time.time() + 23 * 3600) == 0
    assert export_jobs.clean_old_exports(now=time.time() + 25 * 3600) == 1
    assert not export_jobs.job_path(job).exists()


def test_exports_read_on_the_replica_in_the_job_and_while_streaming(
    cast, project, cohort, client_for, jobs, settings, monkeypatch
):
    # Whether reads may go to the replica (szansa.lib.replica) while the rows are produced: in the job,
    # and in a streamed CSV whose rows are read after the view has returned.
    allowed = []
    write, stream = export_jobs.write, export_jobs.csv_stream

    def recording_write(request, out, progress=None):
        allowed.append(("job", replica._replica_allowed.get()))
        return write(request, out, progress)

    def recording_stream(request):
        allowed.append(("view", replica._replica_allowed.get()))  # the view itself: replica too
        for piece in stream(request):
            allowed.append(("stream", replica._replica_allowed.get()))
            yield piece

    monkeypatch.setattr(export_jobs, "write", recording_write)
    monkeypatch.setattr(export_jobs, "csv_stream", recording_stream)
    client = client_for(cast.koordynator)
    url = reverse("support:participant_exports", args=[project.pk])
    jobs(lambda: client.get(url, {"kind": "full", "format": "xlsx"}))
    settings.EXPORT_JOB_THRESHOLD = 100
    body(client.get(url, {"kind": "full", "format": "csv"}))
    assert ("job", True) in allowed
    assert {flag for kind, flag in allowed if kind == "stream"} == {True}
