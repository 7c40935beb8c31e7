"""Background jobs of the registry: the bulk import of people started from the web page.

A job is a folder under import_dir() holding the uploaded file, status.json (state, rows processed and
expected, and when done the counts and the first rejected rows) and report.csv (every rejected row).
Files rather than the cache: the default cache is per process, and the web server and the Celery worker
of a small centre share the disk anyway (the upload must reach the worker). In the demo
CELERY_TASK_ALWAYS_EAGER runs the job inside the upload request.
"""

import json
import os
import tempfile
import uuid
from pathlib import Path

from celery import shared_task
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from szansa.domain.people import household_imports, imports
from szansa.lib.services import require

ERRORS_SHOWN = 200  # on the page; the report file has them all
_JOB_ID_LENGTH = 32


def import_dir() -> Path:
    media = getattr(settings, "MEDIA_ROOT", "")
    return Path(media) / "imports" if media else Path(tempfile.gettempdir()) / "szansa-imports"


def job_path(job_id: str) -> Path:
    if len(job_id) != _JOB_ID_LENGTH or not job_id.isalnum():
        raise FileNotFoundError(job_id)
    return import_dir() / job_id


def read_status(job_id: str) -> dict | None:
    try:
        return json.loads((job_path(job_id) / "status.json").read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return None


def write_status(job_id: str, **changes) -> dict:
    """Merge `changes` into the job's status; written whole and renamed, so a reader never sees half."""
    status = (read_status(job_id) or {}) | changes
    folder = job_path(job_id)
    temporary = folder / f"status.{os.getpid()}.tmp"
    temporary.write_text(json.dumps(status), encoding="utf-8")
    os.replace(temporary, folder / "status.json")
    return status


def report_path(job_id: str) -> Path:
    return job_path(job_id) / "report.csv"


def import_start(*, actor, upload, mode: str, default_worker: str | None = None, kind: str = "people") -> str:
    """Save the uploaded file and queue the import (after the request's transaction commits). kind:
    "people", "households" or "incomes" (szansa.domain.people.household_imports)."""
    require(actor, "people.import_people", message=_("You may not import people."))
    job_id = uuid.uuid4().hex
    folder = job_path(job_id)
    folder.mkdir(parents=True)
    format = imports.format_of(upload.name) or "csv"
    with open(folder / f"upload.{format}", "wb") as out:
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
    write_status(job_id, state="running")

    def progress(processed, total):
        write_status(job_id, processed=processed, total=total)

    try:
        with (
            translation.override(language),
            open(report_path(job_id), "w", encoding="utf-8-sig", newline="") as report,
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
    except Exception:
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
