"""The participant CSV written by PostgreSQL (COPY … TO STDOUT, docs/participant-exports.md) is byte for
byte the CSV the Python writer gives for the same participants, awkward values included, and it
re-imports into the same records."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.utils import translation

from szansa.domain.people.models import Person
from szansa.domain.recruitment import exports, imports
from szansa.domain.recruitment.models import Participant
from tests.factories.projects import ProjectFactory
from tests.factories.recruitment import delete_participants, fill_project, records

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY is PostgreSQL's")


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def awkward(cast, project, target_group):
    """fill_project's four (an environment person linked to a main one, a completed exit with two
    situations, an early exit with no situation, a refused flag), with the values a CSV writer can get
    wrong written straight into the rows."""
    people = fill_project(cast, project, target_group)
    Person.objects.filter(pk=people["active"].person_id).update(
        first_name="=SUM(1)", last_name='Żółć "Gęś"; Łódź', street="-2+3", flat_number=""
    )
    Person.objects.filter(pk=people["carer"].person_id).update(
        pesel=None, other_id_type="passport", other_id_number="ZZ123", email="@x.pl"
    )
    Participant.objects.filter(pk=people["left"].pk).update(
        exit_note='wyjazd;\n"za granicę"\r\nna stałe', employer="+48 Sp. z o.o.", planned_education_end=None
    )
    Participant.objects.filter(pk=people["done"].pk).update(
        occupation="-kierowca",
        institution="",
        refused_flags=["disability", "other_disadvantage"],
        disability=None,
        other_disadvantage=None,
    )
    return people


def python_csv(project) -> bytes:
    return exports.write_csv(exports.HEADERS, exports.participant_rows(exports.project_participants(project)))


def copy_csv(project) -> bytes:
    return b"".join(exports.copy_csv_chunks(project))


def test_the_copy_csv_is_the_python_csv_byte_for_byte(awkward, project):
    python = python_csv(project)
    assert copy_csv(project) == python
    # The awkward values are in it as the Python writer puts them: a formula behind an apostrophe, the
    # note quoted with its newlines and doubled quotes, LF line ends, an empty field for no PESEL.
    assert python.startswith("\ufeffKraj;".encode())
    text = python.decode("utf-8-sig")
    assert '\'=SUM(1);"Żółć ""Gęś""; Łódź"' in text
    assert '"wyjazd;\n""za granicę""\r\nna stałe"' in text
    assert "'+48 Sp. z o.o." in text and "'-kierowca" in text and "'@x.pl" in text
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert len(rows) == 5
    assert not text.replace('\r\nna stałe"', "").count("\r")  # every line ends in LF
    damian = next(row for row in rows if row[4] == "Żak" and row[3] == "Damian")
    assert (
        damian[exports.HEADERS.index("PESEL")] == "" and damian[exports.HEADERS.index("Brak PESEL")] == "Tak"
    )


def test_every_participant_export_path_gives_the_copy_csv(awkward, project):
    expected = python_csv(project)
    export = exports.export_participants(project, format="csv")
    assert export.participants == expected
    assert export.participant_count == 4
    assert b"".join(exports.full_csv_stream(project)) == expected
    out = io.BytesIO()
    progress = []
    assert exports.write_full_export(project, out, format="csv", progress=progress.append) == (
        4,
        export.incomplete_count,
    )
    assert out.getvalue() == expected and progress == [4]


def test_the_validation_report_is_the_one_of_missing_fields(awkward, project):
    # Read from the candidates only, it lists exactly those missing_fields() finds among all of them.
    everyone = exports.validation_rows(exports.project_participants(project))
    assert everyone  # Cecylia left early with missing data
    export = exports.export_participants(project, format="csv")
    assert exports.project_validation_rows(project) == everyone
    assert export.incomplete_count == len(everyone)
    assert export.validation == exports.write_csv(exports.VALIDATION_HEADERS, everyone)


def test_the_copy_csv_reimports_into_the_same_records(cast, awkward, project):
    before = records(project)
    content = copy_csv(project)
    delete_participants(project)
    result = imports.import_participants(
        actor=cast.koordynator, project=project, content=content, format="csv"
    )
    assert result.ok, [str(e) for e in result.errors]
    assert records(project) == before


def test_the_database_rows_are_the_python_rows(awkward, project):
    # The XLSX rows the database computes (dates as dates, the age as a number) are participant_rows().
    participants = exports.project_participants(project)
    python = exports.participant_rows(participants)
    database = [list(row) for row in exports.database_rows(participants)]
    assert database == python
    assert any(isinstance(cell, datetime.date) for cell in database[0])


def test_the_compiled_select_is_each_projects_own(awkward, project):
    # The SELECT of a whole project is compiled once with a stand-in key; each export binds its project.
    header_only = b"".join(exports.csv_stream(exports.HEADERS, []))
    other = ProjectFactory()
    assert b"".join(exports.copy_csv_chunks(other)) == header_only
    assert b"".join(exports.copy_csv_chunks(project, Participant.objects.all())) == python_csv(project)
    assert copy_csv(project) == python_csv(project)
