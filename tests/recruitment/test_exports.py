"""Export of a project's participants in the SL2014 PEFS layout: the column order and headers of
docs/participant-exports.md, the content read back from XLSX and CSV, the validation report of missing fields,
and the management command."""

import csv
import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import translation
from openpyxl import load_workbook

from szansa.domain.recruitment import exports, services
from szansa.domain.recruitment.models import Participant
from tests.factories import PersonFactory
from tests.factories.recruitment import enrol_exported, fill_project


@pytest.fixture
def filled(cast, project, target_group):
    return fill_project(cast, project, target_group)


def test_the_columns_follow_the_sl2014_field_order_with_the_polish_headers():
    numbers = [column.sl2014 for column in exports.COLUMNS if column.sl2014]
    assert numbers == sorted(numbers) and len(set(numbers)) == len(numbers)
    assert numbers == [*range(1, 30), 31, 39, 40, 41, 42, 43]  # 30 and 32-38 are not held by the model
    assert exports.HEADERS[:10] == [
        "Kraj",
        "Rodzaj uczestnika",
        "Nazwa instytucji",
        "Imię",
        "Nazwisko",
        "PESEL",
        "Brak PESEL",
        "Płeć",
        "Wiek w chwili przystąpienia do projektu",
        "Wykształcenie",
    ]
    assert exports.SL2014[19] == "Obszar wg stopnia urbanizacji (DEGURBA)"
    assert exports.SL2014[24] == "Status osoby na rynku pracy w chwili przystąpienia do projektu"
    assert exports.HEADERS.index(exports.SL2014[43]) == len(numbers) - 1  # re-import columns come after


def test_the_xlsx_export_reads_back_with_the_values_in_sl2014_dictionaries(project, filled):
    export = exports.export_participants(project, format="xlsx")
    workbook = load_workbook(io.BytesIO(export.participants))
    assert workbook.sheetnames == ["Uczestnicy", "Raport walidacji"]
    rows = list(workbook["Uczestnicy"].iter_rows(values_only=True))
    assert list(rows[0]) == exports.HEADERS
    by_name = {(row[3], row[4]): dict(zip(exports.HEADERS, row, strict=True)) for row in rows[1:]}
    assert len(by_name) == 4 and export.participant_count == 4
    anna = by_name[("Anna", "Żak")]
    person = filled["active"].person
    assert anna["Kraj"] == "Polska" and anna["Rodzaj uczestnika"] == "Indywidualny"
    assert (anna["PESEL"], anna["Brak PESEL"], anna["Płeć"]) == (person.pesel, "Nie", "Kobieta")
    assert anna["Wiek w chwili przystąpienia do projektu"] == 38
    assert anna["Wykształcenie"] == "ponadgimnazjalne (ISCED 3)"
    assert (anna["Województwo"], anna["Gmina"], anna["Kod pocztowy"]) == (
        "małopolskie",
        "Andrychów",
        "34-120",
    )
    assert anna["Obszar wg stopnia urbanizacji (DEGURBA)"] == "2"
    assert anna["Telefon kontaktowy"] == "600100200"
    assert anna["Data rozpoczęcia udziału w projekcie"] == datetime.datetime(2019, 3, 1)
    assert anna[exports.SL2014[24]] == "osoba bezrobotna zarejestrowana w ewidencji urzędów pracy"
    assert anna["w tym"] == "osoba długotrwale bezrobotna"
    assert anna["Wykonywany zawód"] == "sprzedawca"
    assert anna[exports.SL2014[39]] == "Odmowa podania informacji"  # minority refused, the rest "no"
    assert anna["Mniejszość narodowa lub etniczna"] == "Odmowa podania informacji"
    assert anna["Osoba z niepełnosprawnościami"] == "Tak"
    assert (anna["Rola"], anna["Status uczestnictwa"]) == ("Uczestnik", "w trakcie udziału")
    bogdan = by_name[("Bogdan", "Łęcki")]
    assert bogdan["Data zakończenia udziału w projekcie"] == datetime.datetime(2019, 11, 30)
    assert bogdan[exports.SL2014[28]] == "podjęcie pracy / działalności na własny rachunek"
    assert bogdan[exports.SL2014[29]] == "podjęcie kształcenia lub szkolenia"
    assert bogdan[exports.SL2014[31]] == "Tak"
    assert bogdan[exports.SL2014[39]] == "Nie"
    damian = by_name[("Damian", "Żak")]
    assert damian["Rola"] == "Otoczenie"
    assert damian["PESEL uczestnika, którego otoczeniem jest osoba"] == person.pesel
    assert list(by_name)[-1] == ("Damian", "Żak")  # the environment after the participants


def test_the_validation_report_lists_the_missing_fields_per_participant(project, filled):
    with translation.override("en"):
        export = exports.export_participants(project, format="xlsx")
    report = list(
        load_workbook(io.BytesIO(export.participants))["Raport walidacji"].iter_rows(values_only=True)
    )
    assert list(report[0]) == ["Imię", "Nazwisko", "PESEL", "Brakujące pola"]
    assert len(report) == 2 and export.incomplete_count == 1  # only Cecylia lacks anything
    first, last, pesel, missing = report[1]
    assert (first, last, pesel) == ("Cecylia", "Nowak", filled["left"].person.pesel)
    with translation.override("en"):
        assert missing.split("; ") == filled["left"].missing_fields()
    assert "education (ISCED)" in missing and "situation at exit (1)" in missing


def test_the_csv_export_has_the_same_rows_and_a_validation_companion(project, filled):
    export = exports.export_participants(project, format="csv")
    assert export.participants.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(export.participants.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == exports.HEADERS
    xlsx_rows = exports.participant_rows(exports.project_participants(project))
    assert [row[3:6] for row in rows[1:]] == [row[3:6] for row in xlsx_rows]
    [anna] = [dict(zip(exports.HEADERS, row, strict=True)) for row in rows if row[3] == "Anna"]
    assert anna["Data rozpoczęcia udziału w projekcie"] == "2019-03-01"
    assert anna["Wiek w chwili przystąpienia do projektu"] == "38"
    report = list(csv.reader(io.StringIO(export.validation.decode("utf-8-sig")), delimiter=";"))
    assert [row[:2] for row in report] == [["Imię", "Nazwisko"], ["Cecylia", "Nowak"]]


def test_a_resignation_before_the_start_is_not_exported(cast, project, target_group, filled):
    extra = enrol_exported(cast, project, target_group, PersonFactory(first_name="Ewa"))
    services.participant_resign_before_start(
        actor=cast.koordynator, participant=extra, on=datetime.date(2019, 2, 1)
    )
    names = [row[3] for row in exports.participant_rows(exports.project_participants(project))]
    assert "Ewa" not in names and len(names) == 4


def test_the_command_writes_the_file_and_the_report(project, filled, tmp_path):
    out = tmp_path / "uczestnicy.csv"
    stdout = io.StringIO()
    call_command(
        "export_participants",
        project.number,
        "--format",
        "csv",
        "--out",
        str(out),
        "--full",
        stdout=stdout,
    )
    assert out.read_bytes() == exports.export_participants(project, format="csv").participants
    assert (tmp_path / "uczestnicy-walidacja.csv").exists()
    assert "Uczestników: 4, z brakami: 1" in stdout.getvalue()
    assert Participant.objects.count() == 4
