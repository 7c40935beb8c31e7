"""Background jobs of the registry: the bulk import of people started from the web page.

A job is a folder under import_dir() holding the uploaded file, status.json (state, rows processed and
expected, and when done the counts and the first rejected rows) and report.csv (every rejected row).
Files rather than the cache: the default cache is per process, and the web server and the Celery worker
of a small centre share the disk anyway (the upload must reach the worker). In the demo
CELERY_TASK_ALWAYS_EAGER runs the job inside the upload request.

The files hold personal data: they live in the configured private folder (settings.PRIVATE_ROOT, never
a world-readable temporary folder), readable by the service user only (folders 0700, files 0600). The
upload is removed as soon as the job ends, however it ends; a job whose worker died (killed, machine
restarted) is found by the periodic `people.fail_dead_imports`: its process is gone or it has not
reported progress for IMPORT_JOB_TIMEOUT seconds. It is then marked failed and its upload removed.
"""

import os
import socket
import time
import uuid
from pathlib import Path

from celery import shared_task
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from szansa.domain.people import household_imports, imports
from szansa.lib import job_files
from szansa.lib.services import require

ERRORS_SHOWN = 200  # on the page; the report file has them all
_JOB_ID_LENGTH = job_files.JOB_ID_LENGTH


def import_dir() -> Path:
    return Path(settings.PRIVATE_ROOT) / "imports"


def _private_dir(path: Path) -> None:
    """Create the job folder `path` (and the private folders above it) for the service user only."""
    job_files.private_dirs(Path(settings.PRIVATE_ROOT), import_dir(), path)


_private_file = job_files.private_file


def job_path(job_id: str) -> Path:
    return job_files.job_path(import_dir(), job_id)


def read_status(job_id: str) -> dict | None:
    return job_files.read_status(import_dir(), job_id)


def write_status(job_id: str, **changes) -> dict:
    """Merge `changes` into the job's status (szansa.lib.job_files.write_status)."""
    return job_files.write_status(import_dir(), job_id, **changes)


def report_path(job_id: str) -> Path:
    return job_path(job_id) / "report.csv"


def import_start(*, actor, upload, mode: str, default_worker: str | None = None, kind: str = "people") -> str:
    """Save the uploaded file and queue the import (after the request's transaction commits). kind:
    "people", "households" or "incomes" (szansa.domain.people.household_imports)."""
    require(actor, "people.import_people", message=_("You may not import people."))
    job_id = uuid.uuid4().hex
    folder = job_path(job_id)
    _private_dir(folder)
    format = imports.format_of(upload.name) or "csv"
    with open(folder / f"upload.{format}", "xb", opener=_private_file) as out:
        for chunk in upload.chunks():
            out.write(chunk)
    write_status(
        job_id,
        state="queued",
        kind=kind,
        owner=actor.pk,
        name=upload.name,
        format=format,
        mode=mode,
        default_worker=default_worker or "",
        processed=0,
        total=None,
    )
    language = translation.get_language()
    transaction.on_commit(lambda: import_people_job.delay(job_id, language))
    return job_id


@shared_task(name="people.import_people")
def import_people_job(job_id: str, language: str = settings.LANGUAGE_CODE) -> dict:
    """Run an uploaded import (people, households or incomes); the rejected rows' reasons are in the
    uploader's language."""
    status = read_status(job_id)
    folder = job_path(job_id)
    upload = folder / f"upload.{status['format']}"
    actor = get_user_model().objects.get(pk=status["owner"])
    write_status(job_id, state="running", host=socket.gethostname(), pid=os.getpid())

    def progress(processed, total):
        write_status(job_id, processed=processed, total=total)

    try:
        with (
            translation.override(language),
            open(report_path(job_id), "w", encoding="utf-8-sig", newline="", opener=_private_file) as report,
        ):
            if status.get("kind", "people") != "people":
                result = household_imports.import_table(
                    status["kind"],
                    upload,
                    actor=actor,
                    name=status["name"],
                    format=status["format"],
                    progress=progress,
                    report=report,
                    max_errors=ERRORS_SHOWN,
                )
            else:
                result = imports.import_people(
                    upload,
                    actor=actor,
                    name=status["name"],
                    format=status["format"],
                    mode=status["mode"],
                    default_worker=status["default_worker"] or None,
                    progress=progress,
                    report=report,
                    max_errors=ERRORS_SHOWN,
                )
    except BaseException:  # an error, or the worker stopping it (SystemExit, a soft time limit)
        write_status(job_id, state="failed")
        raise
    finally:
        upload.unlink(missing_ok=True)  # personal data: not kept once read
    return write_status(
        job_id,
        state="done",
        processed=result.rows,
        total=result.rows,
        rows=result.rows,
        saved=result.saved,
        rejected=result.rejected,
        not_saved=result.not_saved,
        error_count=result.error_count,
        file_error=result.file_error,
        errors=[[error.row, error.column, error.message] for error in result.errors],
    )


def _process_gone(status: dict) -> bool:
    """True when the job's worker process ran on this machine and no longer exists."""
    pid = status.get("pid")
    if not pid or status.get("host") != socket.gethostname():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # alive, another user's
        return False
    return False


def fail_dead_imports(now: float | None = None) -> list[str]:
    """Mark failed every queued or running job whose worker is gone (its process ended on this machine,
    or no progress for settings.IMPORT_JOB_TIMEOUT seconds) and remove its upload. Returns their ids."""
    now = time.time() if now is None else now
    timeout = settings.IMPORT_JOB_TIMEOUT
    failed = []
    root = import_dir()
    if not root.is_dir():
        return failed
    for folder in root.iterdir():
        status = read_status(folder.name) if folder.is_dir() else None
        if status is None or status.get("state") not in ("queued", "running"):
            continue
        stale = now - status.get("heartbeat", folder.stat().st_mtime) > timeout
        if not stale and not (status.get("state") == "running" and _process_gone(status)):
            continue
        for upload in folder.glob("upload.*"):
            upload.unlink(missing_ok=True)
        write_status(folder.name, state="failed", failure="worker_gone")
        failed.append(folder.name)
    return failed


@shared_task(name="people.fail_dead_imports")
def fail_dead_imports_job() -> int:
    return len(fail_dead_imports())
