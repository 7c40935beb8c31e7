"""Missing data-set fields block the export for the managing body and are listed per participant."""

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.urls import reverse

from szansa.domain.recruitment import exports
from szansa.domain.recruitment.models import Participant
from tests.factories.recruitment import fill_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator_client(cast, client_for):
    client = client_for(cast.koordynator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def incomplete(project):
    return [p for p in Participant.objects.filter(project=project) if p.missing_fields()]


def test_an_incomplete_data_set_blocks_the_export_and_lists_what_is_missing(
    cast, project, target_group, coordinator_client
):
    fill_project(cast, project, target_group)
    missing = incomplete(project)
    assert missing, "the fixture must leave someone incomplete for this test"
    with pytest.raises(exports.IncompleteDataSet) as blocked:
        exports.export_for_managing_body(project, format="xlsx")
    assert len(blocked.value.report) == len(missing)
    response = coordinator_client.get(reverse("recruitment:participants_export", args=[project.pk]))
    page = response.content.decode()
    assert response.status_code == 409
    assert "The export is blocked" in page
    assert missing[0].person.last_name in page
    assert coordinator_client.get(reverse("recruitment:board", args=[project.pk])).status_code == 200


def test_the_command_refuses_an_incomplete_export_unless_a_working_copy_is_asked_for(
    cast, project, target_group, tmp_path
):
    fill_project(cast, project, target_group)
    out = tmp_path / "uczestnicy.csv"
    with pytest.raises(CommandError, match="Nie wyeksportowano"):
        call_command("export_participants", project.number, "--format", "csv", "--out", str(out))
    assert not out.exists()
    call_command(
        "export_participants", project.number, "--format", "csv", "--out", str(out), "--allow-incomplete"
    )
    assert out.read_bytes().startswith("\ufeff".encode())


def test_a_complete_data_set_is_downloaded(cast, project, coordinator_client):
    response = coordinator_client.get(
        reverse("recruitment:participants_export", args=[project.pk]), {"format": "csv"}
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.csv"')
    content = b"".join(response.streaming_content)
    assert content.decode("utf-8-sig").splitlines()[0].startswith("Kraj;Rodzaj uczestnika")


def test_only_the_recruitment_managers_export(cast, project, client_for):
    url = reverse("recruitment:participants_export", args=[project.pk])
    assert client_for(cast.audytor).get(url).status_code == 403
