"""One reader for every uploaded table (szansa.lib.tabular): a CSV as Excel saves it on a Polish Windows
(Windows-1250, semicolons, CRLF, no BOM) goes through every importer (page and command) with the Polish
letters intact, and a file that is no table answers a clear message, never a 500."""

import io

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook

from szansa.domain.people.models import Person
from szansa.domain.recruitment import exports, imports
from szansa.domain.recruitment.application_imports import HEADERS
from szansa.domain.recruitment.models import Application, Participant
from szansa.lib import tabular
from tests.factories.people import csv_bytes as people_csv
from tests.factories.people import person_row
from tests.factories.recruitment import fill_project

pytestmark = pytest.mark.django_db

POLISH = "ąćęłńóśźż ĄĆĘŁŃÓŚŹŻ"
UNREADABLE_PL = "Nie udało się odczytać pliku"
GARBAGE = bytes(range(256)) * 40  # NUL bytes and everything else: neither text nor a workbook


def applications_cp1250(*rows) -> bytes:
    lines = [";".join(HEADERS), *(";".join(row) for row in rows)]
    return ("\r\n".join(lines) + "\r\n").encode("cp1250")


# --- the reader ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [
        f"Imię;Nazwisko\r\nŁucja;{POLISH}\r\n".encode("cp1250"),
        f"\ufeffImię;Nazwisko\r\nŁucja;{POLISH}\r\n".encode(),
        f"Imię,Nazwisko\nŁucja,{POLISH}".encode(),
        f"Imię\tNazwisko\nŁucja\t{POLISH}\n".encode(),
        f'"Imię";"Nazwisko, rodowe"\r\nŁucja;"{POLISH}"\r\n'.encode("cp1250"),
    ],
)
def test_the_reader_finds_the_encoding_and_the_delimiter(content):
    rows = list(tabular.read_dicts(content, "osoby.csv"))
    assert len(rows) == 1
    number, row = rows[0]
    assert number == 2
    assert list(row.values()) == ["Łucja", POLISH]
    assert next(iter(row)) == "Imię"


def test_the_reader_reads_a_workbook_whatever_its_name_and_streams_an_open_file(tmp_path):
    workbook = Workbook()
    workbook.active.append(["Imię", "Kwota", "Data"])
    workbook.active.append([POLISH, 1200.0, None])
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert list(tabular.read_dicts(buffer.getvalue(), "pomyłka.csv")) == [
        (2, {"Imię": POLISH, "Kwota": "1200", "Data": ""})
    ]
    path = tmp_path / "plik.csv"
    path.write_bytes(f"A;B\r\n{POLISH};1\r\n\r\n;\r\nx;2\r\n".encode("cp1250"))
    with open(path, "rb") as stream:
        table = tabular.open_table(stream, path.name)
        assert table.total == 4
        assert [row["A"] for _number, row in table.dicts()] == [POLISH, "x"]


@pytest.mark.parametrize(
    ("content", "name"),
    [(GARBAGE, "dane.csv"), (GARBAGE, "dane.xlsx"), (b"PK\x03\x04 not really a zip", "dane.xlsx")],
)
def test_a_file_that_is_no_table_raises_a_polish_validation_error(content, name):
    with translation.override("pl"), pytest.raises(tabular.UnreadableFile) as raised:
        list(tabular.read_dicts(content, name))
    assert UNREADABLE_PL in raised.value.messages[0]


def test_an_empty_file_is_said_to_be_empty():
    with translation.override("en"), pytest.raises(tabular.UnreadableFile, match="The file is empty."):
        tabular.open_table(b"", "pusty.csv")


# --- applications: page and command ---------------------------------------------------------------------


def test_a_cp1250_applications_file_through_the_page_keeps_the_polish_letters(cast, round_, client_for):
    client = client_for(cast.koordynator)
    url = reverse("recruitment:round_import", args=[round_.pk])
    content = applications_cp1250((cast.person_a.pesel, "20.01.2019", "pocztą", "", POLISH))
    assert "ł".encode("cp1250") in content and not content.startswith(b"\xef\xbb\xbf")
    response = client.post(url, {"file": SimpleUploadedFile("zgłoszenia.csv", content)})
    assert response.status_code == 302
    application = Application.objects.get()
    assert application.note == POLISH and application.channel == "post"


def test_a_garbage_applications_file_answers_the_message_not_a_500(cast, round_, client_for):
    client = client_for(cast.koordynator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "pl"
    url = reverse("recruitment:round_import", args=[round_.pk])
    for name in ("zgłoszenia.csv", "zgłoszenia.xlsx"):
        response = client.post(url, {"file": SimpleUploadedFile(name, GARBAGE)})
        assert response.status_code == 200
        assert UNREADABLE_PL in response.content.decode()
    assert not Application.objects.exists()


def test_a_cp1250_applications_file_through_the_command(cast, round_, tmp_path):
    path = tmp_path / "zgloszenia.csv"
    path.write_bytes(applications_cp1250((cast.person_a.pesel, "2019-01-20", "osobiście", "", POLISH)))
    call_command("import_applications", str(round_.pk), str(path), user="koordynator", stdout=io.StringIO())
    assert Application.objects.get().note == POLISH
    bad = tmp_path / "zle.csv"
    bad.write_bytes(GARBAGE)
    stderr = io.StringIO()
    with translation.override("pl"), pytest.raises(CommandError, match="Nothing saved"):
        call_command("import_applications", str(round_.pk), str(bad), user="koordynator", stderr=stderr)
    assert UNREADABLE_PL in stderr.getvalue()


# --- participants: the command ----------------------------------------------------------------------------


def test_a_cp1250_participants_file_through_the_command(cast, project, target_group, tmp_path):
    fill_project(cast, project, target_group)
    Person.objects.filter(last_name="Żak").update(first_name="Łucja", last_name="Źdźbło-Wąż")
    content = exports.export_participants(project, format="csv").participants
    before = sorted(Participant.objects.filter(project=project).values_list("person_id", "status"))
    Participant.objects.filter(project=project, role="environment").delete()
    Participant.objects.filter(project=project).delete()
    assert "Źdźbło-Wąż" in content.decode("utf-8-sig")
    path = tmp_path / "uczestnicy.csv"
    path.write_bytes(content.decode("utf-8-sig").encode("cp1250"))
    stdout = io.StringIO()
    with translation.override("en"):
        call_command("import_participants", project.number, str(path), "--user", "koordynator", stdout=stdout)
    assert "participants saved." in stdout.getvalue()
    assert sorted(Participant.objects.filter(project=project).values_list("person_id", "status")) == before
    assert Participant.objects.filter(person__last_name="Źdźbło-Wąż").exists()


def test_a_garbage_participants_file_answers_the_message(cast, project):
    with translation.override("pl"):
        result = imports.import_participants(
            actor=cast.koordynator, project=project, content=GARBAGE, format="csv"
        )
    assert [error.row for error in result.errors] == [0]
    assert UNREADABLE_PL in result.errors[0].message


# --- people: page and command -----------------------------------------------------------------------------


@pytest.fixture
def job_folder(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.CELERY_TASK_ALWAYS_EAGER = True


def test_a_cp1250_people_file_through_the_page_and_the_command(
    cast, client_for, job_folder, tmp_path, django_capture_on_commit_callbacks
):
    client = client_for(cast.kierownik)
    content = people_csv([person_row(1, last_name="Źdźbło"), person_row(2)], encoding="cp1250")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("people:import_people"),
            {"file": SimpleUploadedFile("osoby.csv", content), "mode": "file"},
        )
    assert response.status_code == 302
    assert Person.objects.filter(last_name="Źdźbło", first_name="Łukasz", town="Andrychów").exists()
    path = tmp_path / "osoby.csv"
    path.write_bytes(people_csv([person_row(3, last_name="Wąż")], encoding="cp1250"))
    call_command("import_people", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    assert Person.objects.filter(last_name="Wąż", first_name="Łukasz").exists()


def test_a_garbage_people_file_answers_the_message(
    cast, client_for, job_folder, django_capture_on_commit_callbacks
):
    client = client_for(cast.kierownik)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "pl"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("people:import_people"),
            {"file": SimpleUploadedFile("osoby.xlsx", GARBAGE), "mode": "file"},
        )
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert UNREADABLE_PL in page
