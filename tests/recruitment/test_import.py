"""Re-import of the participant export: the same file reproduces the same records (XLSX and CSV,
also through the command), a completed spreadsheet updates existing participations, and a file with
a bad row saves nothing and reports the row with its reason."""

import csv
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.utils import translation

from szansa.domain.recruitment import exports, imports
from szansa.domain.recruitment.models import Participant
from tests.factories import PersonFactory
from tests.factories.recruitment import delete_participants, fill_project, records


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def filled(cast, project, target_group):
    return fill_project(cast, project, target_group)


def csv_rows(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def row_of(rows, first_name) -> list[str]:
    return next(row for row in rows if row[3] == first_name)


def csv_bytes(rows) -> bytes:
    return exports.write_csv(rows[0], rows[1:])


@pytest.mark.parametrize("format", ["xlsx", "csv"])
def test_the_export_imported_into_an_empty_project_reproduces_the_records(cast, project, filled, format):
    before = records(project)
    content = exports.export_participants(project, format=format).participants
    delete_participants(project)

    result = imports.import_participants(
        actor=cast.koordynator, project=project, content=content, format=format
    )

    assert result.ok, [str(e) for e in result.errors]
    assert len(result.saved) == 4
    assert records(project) == before


def test_the_csv_exported_again_after_the_import_is_the_same_file(cast, project, filled):
    content = exports.export_participants(project, format="csv").participants
    delete_participants(project)
    imports.import_participants(actor=cast.koordynator, project=project, content=content, format="csv")
    assert exports.export_participants(project, format="csv").participants == content


def test_importing_the_same_file_again_changes_nothing(cast, project, filled):
    before = records(project)
    content = exports.export_participants(project, format="csv").participants
    result = imports.import_participants(
        actor=cast.koordynator, project=project, content=content, format="csv"
    )
    assert result.ok, [str(e) for e in result.errors]
    assert records(project) == before and Participant.objects.count() == 4


def test_a_completed_spreadsheet_fills_in_the_missing_fields(cast, project, filled):
    rows = csv_rows(exports.export_participants(project, format="csv").participants)
    cecylia = row_of(rows, "Cecylia")
    cecylia[exports.HEADERS.index("Wykształcenie")] = "policealne (ISCED 4)"
    cecylia[exports.HEADERS.index(exports.SL2014[28])] = "podjęcie kształcenia lub szkolenia"
    result = imports.import_participants(
        actor=cast.koordynator, project=project, content=csv_bytes(rows), format="csv"
    )
    assert result.ok, [str(e) for e in result.errors]
    left = Participant.objects.get(pk=filled["left"].pk)
    assert left.education == "4" and left.exit_situation_1.code == "education"
    assert left.status == "left_early" and left.exit_note == "przeprowadzka"


def test_a_file_with_bad_rows_saves_nothing_and_reports_each_row_with_its_reason(cast, project, filled):
    rows = csv_rows(exports.export_participants(project, format="csv").participants)
    delete_participants(project)
    pesel = exports.HEADERS.index("PESEL")
    rows[1][pesel] = rows[1][pesel][:10] + str((int(rows[1][pesel][10]) + 1) % 10)  # wrong check digit
    rows[2][exports.HEADERS.index("Data rozpoczęcia udziału w projekcie")] = "31.02.2019"
    rows[3][exports.HEADERS.index("Wykształcenie")] = "średnie"

    result = imports.import_participants(
        actor=cast.koordynator, project=project, content=csv_bytes(rows), format="csv"
    )

    assert not result.ok and result.saved == []
    assert not Participant.objects.exists()
    reported = {(e.row, e.column): e.message for e in result.errors}
    assert reported[(2, "PESEL")] == "This PESEL has a wrong check digit; check it for a typo."
    assert reported[(3, "Data rozpoczęcia udziału w projekcie")].startswith('"31.02.2019" is not a date')
    assert reported[(4, "Wykształcenie")].startswith('"średnie" is not one of: niższe niż podstawowe')
    assert {e.row for e in result.errors} == {2, 3, 4}


def test_a_row_a_service_refuses_rolls_back_the_whole_file(cast, project, target_group, filled):
    """Valid cells, but a person without the EU-project consent: the other rows are not kept either."""
    rows = csv_rows(exports.export_participants(project, format="csv").participants)
    delete_participants(project)
    stranger = PersonFactory(first_name="Ewa", last_name="Bez")
    extra = list(rows[1])
    extra[exports.HEADERS.index("Imię")] = "Ewa"
    extra[exports.HEADERS.index("Nazwisko")] = "Bez"
    extra[exports.HEADERS.index("PESEL")] = stranger.pesel
    rows.append(extra)

    result = imports.import_participants(
        actor=cast.koordynator, project=project, content=csv_bytes(rows), format="csv"
    )

    assert not Participant.objects.exists() and result.saved == []
    [error] = result.errors
    assert error.row == 6 and "has not given consent" in error.message


def test_a_pesel_of_someone_else_and_an_unknown_person_are_reported(cast, project, filled):
    rows = csv_rows(exports.export_participants(project, format="csv").participants)
    delete_participants(project)
    anna, bogdan = row_of(rows, "Anna"), row_of(rows, "Bogdan")
    anna[exports.HEADERS.index("Imię")] = "Zofia"
    bogdan[exports.HEADERS.index("PESEL")] = "44051401458"  # valid, but nobody in the registry
    result = imports.import_participants(
        actor=cast.koordynator, project=project, content=csv_bytes(rows), format="csv"
    )
    messages = {e.row: e.message for e in result.errors}
    assert "belongs to Anna Żak in the registry, not to Zofia Żak" in messages[rows.index(anna) + 1]
    assert messages[rows.index(bogdan) + 1] == "No person with this PESEL in the registry."
    assert not Participant.objects.exists()


def test_a_file_in_another_layout_is_refused_as_a_whole(cast, project):
    content = exports.write_csv(["Imię", "Nazwisko"], [["Anna", "Żak"]])
    result = imports.import_participants(
        actor=cast.koordynator, project=project, content=content, format="csv"
    )
    [error] = result.errors
    assert error.row == 0 and 'column 1 should be "Kraj"' in error.message


def test_only_who_runs_the_recruitment_may_import(cast, project, filled):
    content = exports.export_participants(project, format="csv").participants
    with pytest.raises(PermissionDenied):
        imports.import_participants(actor=cast.pracownik, project=project, content=content, format="csv")


def test_the_commands_export_and_import_round_trip(cast, project, filled, tmp_path):
    before = records(project)
    out = tmp_path / "uczestnicy.xlsx"
    call_command("export_participants", str(project.pk), "--out", str(out), "--full", stdout=io.StringIO())
    delete_participants(project)
    stdout = io.StringIO()
    call_command("import_participants", project.number, str(out), "--user", "koordynator", stdout=stdout)
    assert "4 participants saved." in stdout.getvalue()
    assert records(project) == before


def test_the_import_command_reports_the_errors_and_fails(cast, project, filled, tmp_path):
    rows = csv_rows(exports.export_participants(project, format="csv").participants)
    delete_participants(project)
    rows[1][exports.HEADERS.index("Data rozpoczęcia udziału w projekcie")] = "jutro"
    path = tmp_path / "zle.csv"
    path.write_bytes(csv_bytes(rows))
    stderr = io.StringIO()
    with pytest.raises(CommandError, match="Nothing saved: 1 errors"):
        call_command("import_participants", project.number, str(path), "--user", "koordynator", stderr=stderr)
    assert 'row 2, Data rozpoczęcia udziału w projekcie: "jutro" is not a date' in stderr.getvalue()
    assert not Participant.objects.exists()
