"""Large exports as background jobs (docs/participant-exports.md#large-exports).

A participant export (for the managing body or the full one, XLSX or CSV) or a budget workbook with more
rows than settings.EXPORT_JOB_THRESHOLD is not written inside the request: `export_start` queues a Celery
job that writes the file, reporting its progress, and the page (or the API) offers the file when done.
Smaller exports stay direct downloads; both are written by the same streamed writers
(szansa.domain.support.exports, szansa.domain.recruitment.exports, szansa.domain.projects.exports).

A job is a folder under export_dir() — in the private folder (settings.PRIVATE_ROOT), folders 0700 and
files 0600, as the import jobs — holding status.json (owner, what, state, rows done and expected), the
file once written and persons.json (the people in the file, for the access log at download). Only the
user who started a job may see it or download its file; each download writes one access-log entry per
person in the file (`log_access`, one INSERT). The periodic `exports.clean_old_exports` removes a job's
folder EXPORT_FILE_HOURS after it was started, whatever its state. Jobs read from the replica.
"""

import datetime
import json
import os
import shutil
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from celery import shared_task
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import translation

from szansa.domain.people.models import Person
from szansa.domain.projects import exports as budget_exports
from szansa.domain.projects.models import Expenditure, Project
from szansa.domain.recruitment import exports as full_exports
from szansa.domain.support import exports
from szansa.lib import job_files
from szansa.lib.access_log import log_access
from szansa.lib.replica import replica_reads

PARTICIPANTS = "participants"
BUDGET = "budget"
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
_JOB_ID_LENGTH = job_files.JOB_ID_LENGTH


# --- what an export is -------------------------------------------------------------------------------


@dataclass
class ExportRequest:
    """One export asked for: what (participants or budget), its options, the file's name and type, how
    many rows it will have (participants or expenditures: what the threshold and the progress count)."""

    kind: str
    params: dict
    filename: str
    format: str
    rows: int

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.format]

    @property
    def large(self) -> bool:
        return self.rows > settings.EXPORT_JOB_THRESHOLD


def participants_request(project, *, kind: str, format: str, period_from=None, period_to=None, today=None):
    """An export of the project's participants: kind "managing_body" (the layout of its period) or "full"."""
    name = project.number.replace("/", "_")
    params = {
        "project": project.pk,
        "kind": kind,
        "format": format,
        "period_from": period_from.isoformat() if period_from else None,
        "period_to": period_to.isoformat() if period_to else None,
        "today": today.isoformat() if today else None,
    }
    if kind == "full":
        filename = f"uczestnicy-pelny-{name}.{format}"
    else:
        filename = f"uczestnicy-{exports.layout_of(project)}-{name}.{format}"
    request = ExportRequest(PARTICIPANTS, params, filename, format, 0)
    request.rows = _participants(request.params).count()
    return request


def budget_request(projects) -> ExportRequest:
    """The budget workbook of the projects (XLSX)."""
    params = {"projects": [p.pk for p in projects]}
    request = ExportRequest(BUDGET, params, budget_exports.file_name(projects), "xlsx", 0)
    request.rows = Expenditure.objects.filter(line__task__project__in=params["projects"]).count()
    return request


def _day(text):
    return datetime.date.fromisoformat(text) if text else None


def _period(params: dict) -> dict:
    return {key: _day(params.get(key)) for key in ("period_from", "period_to", "today")}


def _participants(params: dict):
    project = Project.objects.select_related("measure__programme").get(pk=params["project"])
    if params["kind"] == "full":
        return full_exports.project_participants(project)
    return exports.exported_queryset(project, **_period(params))


def person_ids(request: ExportRequest) -> list[int]:
    """The people whose data the file holds: the exported participants (a budget workbook names none)."""
    if request.kind != PARTICIPANTS:
        return []
    return list(_participants(request.params).order_by().values_list("person_id", flat=True).distinct())


def write(request: ExportRequest, out, progress=None) -> None:
    """Write the export to `out` (a binary file) with the streamed writers."""
    params = request.params
    if request.kind == BUDGET:
        projects = list(Project.objects.filter(pk__in=params["projects"]).order_by("number"))
        budget_exports.write_budget_workbook(out, projects, progress)
        return
    project = Project.objects.select_related("measure__programme").get(pk=params["project"])
    if params["kind"] == "full":
        full_exports.write_full_export(project, out, format=request.format, progress=progress)
    else:
        exports.write_export(project, out, format=request.format, progress=progress, **_period(params))


def csv_stream(request: ExportRequest):
    """A CSV export's bytes piece by piece (a StreamingHttpResponse reads them)."""
    params = request.params
    project = Project.objects.select_related("measure__programme").get(pk=params["project"])
    if params["kind"] == "full":
        return full_exports.full_csv_stream(project)
    return exports.csv_export_stream(project, **_period(params))


def temporary_file():
    """A nameless temporary file in the private folder (a direct XLSX download is written there)."""
    import tempfile

    _private_dir(export_dir() / "tmp")
    return tempfile.TemporaryFile(dir=export_dir() / "tmp")


def log_persons(*, user, ids, route: str) -> None:
    """One access-log entry per person in the file, written in one INSERT (log_access)."""
    for start in range(0, len(ids), 5000):
        batch = Person.objects.filter(pk__in=ids[start : start + 5000]).only("pk", "first_name", "last_name")
        log_access(user=user, persons=batch, route=route, what="export")


# --- the job's folder ----------------------------------------------------------------------------------


def export_dir() -> Path:
    return Path(settings.PRIVATE_ROOT) / "exports"


def _private_dir(path: Path) -> None:
    """Create the job folder `path` (and the private folders above it) for the service user only."""
    job_files.private_dirs(Path(settings.PRIVATE_ROOT), export_dir(), path)


_private_file = job_files.private_file


def job_path(job_id: str) -> Path:
    return job_files.job_path(export_dir(), job_id)


def read_status(job_id: str) -> dict | None:
    return job_files.read_status(export_dir(), job_id)


def write_status(job_id: str, **changes) -> dict:
    """Merge `changes` into the job's status (szansa.lib.job_files.write_status)."""
    return job_files.write_status(export_dir(), job_id, **changes)


def job_of(job_id: str, user) -> dict | None:
    """The job's status for the user who started it; None for anyone else or an unknown job."""
    try:
        status = read_status(job_id)
    except FileNotFoundError:
        return None
    if status is None or status.get("owner") != user.pk:
        return None
    return status


def file_path(job_id: str) -> Path:
    return job_path(job_id) / "export.bin"


def percent(status: dict) -> int | None:
    total, done = status.get("total"), status.get("processed", 0)
    return min(100, int(done * 100 / total)) if total else None


def export_start(*, actor, request: ExportRequest) -> str:
    """Queue the export as a job (after the request's transaction commits); returns the job's id."""
    job_id = uuid.uuid4().hex
    _private_dir(job_path(job_id))
    with open(job_path(job_id) / "persons.json", "w", encoding="utf-8", opener=_private_file) as out:
        json.dump(person_ids(request), out)
    write_status(
        job_id,
        state="queued",
        owner=actor.pk,
        kind=request.kind,
        params=request.params,
        filename=request.filename,
        format=request.format,
        processed=0,
        total=request.rows,
        started=time.time(),
    )
    language = translation.get_language()
    transaction.on_commit(lambda: run_export_job.delay(job_id, language))
    return job_id


@shared_task(name="exports.run_export")
def run_export_job(job_id: str, language: str = settings.LANGUAGE_CODE) -> dict:
    """Write the export's file, reporting progress (rows done of rows expected)."""
    status = read_status(job_id)
    request = ExportRequest(status["kind"], status["params"], status["filename"], status["format"], 0)
    write_status(job_id, state="running", pid=os.getpid())

    def progress(done):
        write_status(job_id, processed=done)

    target = file_path(job_id)
    try:
        with translation.override(language), replica_reads(), open(target, "xb", opener=_private_file) as out:
            write(request, out, progress)
    except BaseException:
        target.unlink(missing_ok=True)
        write_status(job_id, state="failed")
        raise
    return write_status(job_id, state="done", processed=status["total"], size=target.stat().st_size)


def download(job_id: str, *, user, route: str):
    """(open binary file, file name, content type) of a finished job of `user`, after logging the people in
    it; None when there is no such file for this user."""
    status = job_of(job_id, user)
    if status is None or status.get("state") != "done" or not file_path(job_id).exists():
        return None
    ids = json.loads((job_path(job_id) / "persons.json").read_text(encoding="utf-8"))
    log_persons(user=get_user_model().objects.get(pk=user.pk), ids=ids, route=route)
    handle = open(file_path(job_id), "rb")  # noqa: SIM115 (closed by the response)
    return handle, status["filename"], CONTENT_TYPES[status["format"]]


def clean_old_exports(*, now: float | None = None, hours: int | None = None) -> int:
    """Remove every export job folder started more than EXPORT_FILE_HOURS hours ago. Returns how many."""
    hours = settings.EXPORT_FILE_HOURS if hours is None else hours
    limit = (time.time() if now is None else now) - hours * 3600
    root = export_dir()
    if not root.is_dir():
        return 0
    removed = 0
    for folder in root.iterdir():
        if not folder.is_dir() or folder.is_symlink() or folder.name == "tmp":
            continue
        status = read_status(folder.name) if len(folder.name) == _JOB_ID_LENGTH else None
        started = (status or {}).get("started", folder.stat().st_mtime)
        if started < limit:
            shutil.rmtree(folder, ignore_errors=True)
            removed += 1
    return removed


@shared_task(name="exports.clean_old_exports")
def clean_old_exports_job() -> int:
    return clean_old_exports()
