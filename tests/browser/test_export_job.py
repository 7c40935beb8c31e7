"""Debian's chromium follows a large export's job page (docs/participant-exports.md#large-exports): the
progress fragment is polled by HTMX under the strict Content-Security-Policy, shows the rows written, and
offers the file once the job is done."""

import time
import uuid

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from szansa.demo.projects import seed_projects
from szansa.domain.support import export_jobs


@pytest.fixture
def running_job():
    """A job of the coordinator, running: 10 of 40 rows written (made before the browser starts)."""
    seed_projects()
    owner = get_user_model().objects.get(username="koordynator")
    job = uuid.uuid4().hex
    export_jobs._private_dir(export_jobs.job_path(job))
    (export_jobs.job_path(job) / "persons.json").write_text("[]")
    export_jobs.write_status(
        job,
        state="running",
        owner=owner.pk,
        kind="budget",
        params={"projects": []},
        filename="budzet-test.xlsx",
        format="xlsx",
        processed=10,
        total=40,
        started=time.time(),
    )
    return job


def test_the_job_page_follows_the_progress_and_offers_the_file(
    live_server, running_job, browser_page, log_in
):
    page = browser_page
    log_in(page, live_server, "koordynator")
    page.goto(f"{live_server.url}/wsparcie/eksport/{running_job}/")
    expect(page.locator("#export-count")).to_contain_text("10")
    expect(page.locator("#export-count")).to_contain_text("40")
    # The worker writes on: 30 of 40, then done with the file.
    export_jobs.write_status(running_job, processed=30)
    expect(page.locator("#export-count")).to_contain_text("30", timeout=5000)
    export_jobs.file_path(running_job).write_bytes(b"PK")
    export_jobs.write_status(running_job, state="done", processed=40)
    expect(page.locator("#export-download")).to_be_visible(timeout=5000)
    assert page.locator("#export-download").get_attribute("href").endswith(f"/eksport/{running_job}/plik/")
