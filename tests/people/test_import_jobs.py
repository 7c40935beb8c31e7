"""Import jobs and their files (issue 13): the upload, status and report sit in the private folder,
readable by the service user only; the upload goes when the job ends or dies; a job whose worker is
gone is marked failed by the periodic sweep; an import that crashes mid-file leaves either nothing (all
or nothing) or exactly the batches it committed, each counted by its audit entry."""

import functools
import os
import socket
import stat
import subprocess
import time
from pathlib import Path

import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile

import szansa.settings as project_settings
from szansa.domain.people import imports, tasks
from szansa.domain.people.models import Person
from tests.factories.people import csv_bytes, person_row

ROWS = 10
BATCH = 3  # 10 rows: batches of 3, 3, 3, 1


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def _audits():
    return LogEntry.objects.filter(object_repr__startswith="import_people: ")


def _start(cast, captured, mode, rows=ROWS):
    upload = SimpleUploadedFile("osoby.csv", csv_bytes([person_row(100 + n) for n in range(rows)]))
    with captured(execute=False):
        return tasks.import_start(actor=cast.admin, upload=upload, mode=mode)


@pytest.fixture
def small_batches(monkeypatch):
    monkeypatch.setattr(
        tasks.imports, "import_people", functools.partial(imports.import_people, batch_size=BATCH)
    )


@pytest.fixture
def crash_in_third_batch(monkeypatch):
    """The worker dies while checking the third batch (after two batches were written)."""
    real, calls = imports._parse_batch, []  # every mode and database checks each batch through it

    def check(*args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise RuntimeError("worker killed")
        return real(*args, **kwargs)

    monkeypatch.setattr(imports, "_parse_batch", check)


def test_the_job_files_are_private_and_the_upload_goes_when_the_job_ends(
    cast, settings, django_capture_on_commit_callbacks
):
    job = _start(cast, django_capture_on_commit_callbacks, "file")
    folder = tasks.job_path(job)
    assert folder.parent == settings.PRIVATE_ROOT / "imports"
    for path in (settings.PRIVATE_ROOT, folder.parent, folder):
        assert _mode(path) == 0o700
    (upload,) = folder.glob("upload.*")
    assert _mode(upload) == 0o600 and _mode(folder / "status.json") == 0o600

    tasks.import_people_job(job)
    assert tasks.read_status(job)["state"] == "done"
    assert not list(folder.glob("upload.*"))
    assert _mode(tasks.report_path(job)) == 0o600 and _mode(folder / "status.json") == 0o600
    assert Person.objects.filter(created_by=cast.admin).count() == ROWS


def test_the_private_folder_is_not_the_shared_temporary_folder():
    import tempfile

    # By default the folder is the project's own `private/` (wherever the project is checked out, which
    # may itself be under /tmp), never the shared temporary folder where other users' files live.
    private = Path(project_settings.PRIVATE_ROOT).resolve()
    assert private == (Path(project_settings.BASE_DIR) / "private").resolve()
    assert private != Path(tempfile.gettempdir()).resolve()


def test_a_batch_import_killed_mid_file_keeps_what_it_committed_with_its_audit_entry(
    cast, small_batches, crash_in_third_batch, django_capture_on_commit_callbacks
):
    job = _start(cast, django_capture_on_commit_callbacks, "batch")
    with pytest.raises(RuntimeError):
        tasks.import_people_job(job)
    # Two batches of 3 were committed before the crash, each with the audit entry counting it.
    saved = Person.objects.filter(created_by=cast.admin)
    assert saved.count() == 2 * BATCH
    (entry,) = _audits()
    counts = entry.additional_data["import_people"]
    assert counts["saved"] == 2 * BATCH and counts["rows"] == 2 * BATCH and counts["complete"] is False
    assert entry.actor == cast.admin and counts["mode"] == "batch"
    # The job says failed, and the upload (personal data) is gone.
    assert tasks.read_status(job)["state"] == "failed"
    assert not list(tasks.job_path(job).glob("upload.*"))


def test_a_file_import_killed_mid_file_leaves_nothing(
    cast, small_batches, crash_in_third_batch, django_capture_on_commit_callbacks
):
    job = _start(cast, django_capture_on_commit_callbacks, "file")
    with pytest.raises(RuntimeError):
        tasks.import_people_job(job)
    assert not Person.objects.filter(created_by=cast.admin).exists()
    assert not _audits().exists()  # nothing happened, nothing to audit
    assert tasks.read_status(job)["state"] == "failed"
    assert not list(tasks.job_path(job).glob("upload.*"))


def test_a_finished_batch_import_has_one_complete_audit_entry(
    cast, small_batches, django_capture_on_commit_callbacks
):
    job = _start(cast, django_capture_on_commit_callbacks, "batch")
    tasks.import_people_job(job)
    (entry,) = _audits()  # updated batch by batch, not one per batch
    counts = entry.additional_data["import_people"]
    assert (counts["saved"], counts["rows"], counts["complete"]) == (ROWS, ROWS, True)


def _dead_pid() -> int:
    process = subprocess.Popen(["true"])
    process.wait()
    return process.pid


def _running_job(cast, captured, **status) -> str:
    job = _start(cast, captured, "file", rows=1)
    tasks.write_status(job, state="running", **status)
    return job


def test_the_sweep_fails_a_job_whose_worker_process_is_gone(cast, django_capture_on_commit_callbacks):
    dead = _running_job(cast, django_capture_on_commit_callbacks, host=socket.gethostname(), pid=_dead_pid())
    alive = _running_job(cast, django_capture_on_commit_callbacks, host=socket.gethostname(), pid=os.getpid())
    assert tasks.fail_dead_imports() == [dead]
    assert tasks.read_status(dead)["state"] == "failed"
    assert not list(tasks.job_path(dead).glob("upload.*"))
    assert tasks.read_status(alive)["state"] == "running"
    assert list(tasks.job_path(alive).glob("upload.*"))


def test_the_sweep_fails_a_job_silent_past_the_timeout(cast, settings, django_capture_on_commit_callbacks):
    settings.IMPORT_JOB_TIMEOUT = 600
    other_host = _running_job(cast, django_capture_on_commit_callbacks, host="another-worker", pid=1)
    queued = _start(cast, django_capture_on_commit_callbacks, "file", rows=1)
    done = _running_job(cast, django_capture_on_commit_callbacks)
    tasks.write_status(done, state="done")
    now = time.time()
    assert tasks.fail_dead_imports(now=now + 599) == []  # within the timeout: still working
    assert sorted(tasks.fail_dead_imports(now=now + 601)) == sorted([other_host, queued])
    assert tasks.read_status(done)["state"] == "done"
    assert tasks.fail_dead_imports_job() == 0  # the periodic task: nothing left to fail
