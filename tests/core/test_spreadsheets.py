"""szansa.lib.spreadsheets: the one place where Szansa's XLSX and CSV writers neutralise text that a
spreadsheet would run as a formula (issue 13), and a guard that every writer in szansa/ uses it."""

import io
import re
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from szansa.lib import spreadsheets, tabular

STARTS = ["=1+1", "+48 600 100 200", "-5", "@SUM(A1)", "\t=1", "\r=1", '=HYPERLINK("http://x")']


@pytest.mark.parametrize("text", STARTS)
def test_formula_like_text_gets_an_apostrophe_in_csv(text):
    assert spreadsheets.csv_cell(text) == "'" + text
    assert spreadsheets.csv_text(spreadsheets.csv_cell(text)) == text  # and reads back as typed


def test_plain_text_numbers_and_dates_are_unchanged_in_csv():
    import datetime
    from decimal import Decimal

    assert spreadsheets.csv_cell("Anna") == "Anna"
    assert spreadsheets.csv_cell("O'Neil") == "O'Neil"
    assert spreadsheets.csv_cell(-5) == "-5"  # a number is no text to neutralise
    assert spreadsheets.csv_cell(Decimal("-12.50")) == "-12.50"
    assert spreadsheets.csv_cell(datetime.date(2020, 1, 2)) == "2020-01-02"
    assert spreadsheets.csv_cell(None) == ""


def test_xlsx_text_is_stored_as_a_string_and_an_own_formula_stays_a_formula():
    workbook = Workbook()
    sheet = workbook.active
    spreadsheets.append_row(sheet, ["name", "amount"])
    spreadsheets.append_row(sheet, [*STARTS, 7, "#N/A"])
    spreadsheets.set_cell(sheet, 3, 1, spreadsheets.formula("=SUM(H2:H2)"))
    out = io.BytesIO()
    workbook.save(out)
    read = load_workbook(io.BytesIO(out.getvalue())).active
    row = list(read[2])
    # XML stores a carriage return as a line feed; the text is otherwise as typed
    assert [cell.value for cell in row[: len(STARTS)]] == [text.replace("\r", "\n") for text in STARTS]
    assert all(cell.data_type == "s" and cell.quotePrefix for cell in row[: len(STARTS)])
    assert row[len(STARTS)].value == 7 and row[len(STARTS)].data_type == "n"
    assert row[len(STARTS) + 1].data_type == "s"  # an error code typed as text stays text
    assert read["A3"].data_type == "f" and read["A3"].value == "=SUM(H2:H2)"
    with pytest.raises(ValueError):
        spreadsheets.formula("SUM(A1)")


def test_the_upload_reader_reads_a_neutralised_csv_cell_back_as_typed():
    table = tabular.open_table("imię;nazwisko\n'=1+1;'-Nowak\n".encode(), "a.csv")
    assert list(table.rows) == [["=1+1", "-Nowak"]]


WRITERS = re.compile(r"csv\.writer\(|csv\.DictWriter\(|Workbook\(|\.to_excel\(|\.to_csv\(")


def test_every_writer_in_szansa_uses_the_safe_cells():
    """A new CSV/XLSX writer must go through szansa.lib.spreadsheets (set_cell, append_row, CsvWriter)."""
    root = Path(spreadsheets.__file__).resolve().parents[1]
    offenders = []
    for path in root.rglob("*.py"):
        if path.name == "spreadsheets.py" or "migrations" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        if WRITERS.search(text) and "szansa.lib.spreadsheets" not in text:
            offenders.append(str(path.relative_to(root)))
    assert offenders == []
