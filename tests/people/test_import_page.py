"""The import page: upload, the Celery job (eager in tests), the polled progress fragment, the report."""

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from szansa.domain.people import tasks
from szansa.domain.people.models import Person
from tests.factories.people import csv_bytes, person_row


@pytest.fixture(autouse=True)
def job_folder(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    settings.CELERY_TASK_ALWAYS_EAGER = True


def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def upload(client, content: bytes, captured, name="osoby.csv", **data):
    with captured(execute=True):
        return client.post(
            reverse("people:import_people"),
            {"file": SimpleUploadedFile(name, content), "mode": "file", **data},
        )


def test_upload_runs_the_job_and_shows_the_result(cast, client_for, django_capture_on_commit_callbacks):
    client = english(client_for(cast.kierownik))
    assert client.get(reverse("people:import_people")).status_code == 200
    response = upload(client, csv_bytes([person_row(1), person_row(2)]), django_capture_on_commit_callbacks)
    assert response.status_code == 302
    job = response.url.rstrip("/").split("/")[-1]
    assert response.url == reverse("people:import_job", args=[job])
    assert Person.objects.filter(created_by=cast.kierownik).count() == 2

    page = client.get(response.url).content.decode()
    assert 'id="import-saved">2<' in page
    assert "every 1s" not in page  # done: no more polling
    fragment = client.get(reverse("people:import_progress", args=[job])).content.decode()
    assert 'id="import-rejected">0<' in fragment
    # The uploaded file (personal data) is removed once read.
    assert not list((tasks.job_path(job)).glob("upload.*"))


def test_rejected_rows_are_listed_and_the_report_downloads(
    cast, client_for, django_capture_on_commit_callbacks
):
    client = english(client_for(cast.admin))
    content = csv_bytes([person_row(3), person_row(4, postal_code="34120x")])
    response = upload(client, content, django_capture_on_commit_callbacks)
    job = response.url.rstrip("/").split("/")[-1]
    page = client.get(response.url).content.decode()
    assert "Nothing was saved" in page
    assert "Enter the postal code as NN-NNN" in page  # in the uploader's language
    assert Person.objects.filter(created_by=cast.admin).count() == 0

    report = client.get(reverse("people:import_report", args=[job]))
    assert report.status_code == 200
    lines = b"".join(report.streaming_content).decode("utf-8-sig").splitlines()
    assert lines[0] == "Row;Column;Reason"
    assert lines[1].startswith("3;Kod pocztowy;Enter the postal code")


def test_progress_fragment_polls_while_the_job_runs(cast, client_for):
    client = english(client_for(cast.admin))
    job = "a" * 32
    tasks.job_path(job).mkdir(parents=True)
    tasks.write_status(job, state="running", owner=cast.admin.pk, name="x.csv", processed=5000, total=20000)
    fragment = client.get(reverse("people:import_progress", args=[job])).content.decode()
    assert 'hx-trigger="every 1s"' in fragment
    assert 'value="25"' in fragment
    assert "5000 of 20000 rows" in fragment
    # Someone else's job is not found, even for a manager.
    assert client_for(cast.kierownik).get(reverse("people:import_progress", args=[job])).status_code == 404


def test_batch_mode_and_default_worker_from_the_form(cast, client_for, django_capture_on_commit_callbacks):
    client = english(client_for(cast.admin))
    rows = [person_row(5, worker=""), person_row(6, worker="")]
    upload(
        client,
        csv_bytes(rows),
        django_capture_on_commit_callbacks,
        mode="batch",
        responsible_worker=cast.pracownik2.pk,
    )
    assert set(Person.objects.filter(created_by=cast.admin).values_list("responsible_worker", flat=True)) == {
        cast.pracownik2.pk
    }


def test_a_file_that_is_not_csv_or_xlsx_is_refused_by_the_form(cast, client_for):
    client = english(client_for(cast.admin))
    response = client.post(
        reverse("people:import_people"), {"file": SimpleUploadedFile("osoby.pdf", b"%PDF"), "mode": "file"}
    )
    assert response.status_code == 200
    assert "Choose a .csv or .xlsx file." in response.content.decode()


@pytest.mark.parametrize("username", ["pracownik", "referent", "koordynator", "audytor", "specjalista"])
def test_other_roles_may_not_import(cast, client_for, username, django_capture_on_commit_callbacks):
    client = client_for(getattr(cast, username))
    assert client.get(reverse("people:import_people")).status_code == 403
    response = upload(client, csv_bytes([person_row(7)]), django_capture_on_commit_callbacks)
    assert response.status_code == 403
    assert not Person.objects.filter(last_name="Żółkiewski7").exists()


def test_the_menu_links_the_import_only_for_those_who_may_import(cast, client_for):
    url = reverse("people:import_people")
    assert url in english(client_for(cast.kierownik)).get(reverse("people:person_list")).content.decode()
    assert url not in english(client_for(cast.pracownik)).get(reverse("people:person_list")).content.decode()
