"""Safe cells for every XLSX and CSV file Szansa writes (CSV/formula injection, OWASP).

A spreadsheet reads a cell whose text starts with `=`, `+`, `-` or `@` (and, in some programs, a tab or
a carriage return before one of them) as a formula: a person registered as `=HYPERLINK("http://…")`
would become a live link, or a command, in the coordinator's ranking. Every writer puts the data's text
through this module, so such text stays text:

- XLSX (`set_cell`, `append_row`): the text is stored as a string cell (openpyxl would otherwise store
  it as a formula) with Excel's "quote prefix" style, so it shows exactly as typed and stays text even
  when the cell is edited.
- CSV (`csv_cell`, `CsvWriter`): CSV has no types, so the text gets a leading apostrophe (`'=HYPERLINK…`),
  which spreadsheets show and never evaluate.

Numbers, dates and money stay numbers and dates. A formula Szansa writes itself (a total's `=SUM(…)`)
goes through `formula()`, which marks it as meant.
"""

import csv
import datetime
from decimal import Decimal

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


class Formula(str):
    """A formula written on purpose by Szansa (never data): set_cell keeps it as a formula."""


def formula(text: str) -> Formula:
    if not text.startswith("="):
        raise ValueError("a formula starts with =")
    return Formula(text)


def is_formula_like(text: str) -> bool:
    """True when a spreadsheet could read the text as a formula."""
    return isinstance(text, str) and text.startswith(FORMULA_STARTS)


def csv_cell(value) -> str:
    """The CSV text of a value: dates as YYYY-MM-DD, None as empty, formula-like text behind `'`."""
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, (bool, int, float, Decimal)):
        return str(value)
    text = str(value)
    return "'" + text if is_formula_like(text) else text


def csv_text(text: str) -> str:
    """The text a CSV cell holds, without the apostrophe csv_cell put before formula-like text (for
    reading Szansa's own CSV exports back)."""
    if text.startswith("'") and is_formula_like(text[1:]):
        return text[1:]
    return text


class CsvWriter:
    """csv.writer whose every row passes through csv_cell."""

    def __init__(self, stream, **options):
        self._writer = csv.writer(stream, **options)

    def writerow(self, row) -> None:
        self._writer.writerow([csv_cell(value) for value in row])

    def writerows(self, rows) -> None:
        for row in rows:
            self.writerow(row)


def set_cell(sheet, row: int, column: int, value):
    """sheet.cell(row, column, value) with formula-like text kept as text; returns the cell."""
    cell = sheet.cell(row=row, column=column)
    _assign(cell, value)
    return cell


def append_row(sheet, values) -> int:
    """Append a row of values below the last one (like sheet.append), text kept as text; returns the
    row's number."""
    row = sheet.max_row + 1 if sheet.max_row > 1 or sheet.cell(1, 1).value is not None else 1
    for column, value in enumerate(values, start=1):
        set_cell(sheet, row, column, value)
    return row


def _assign(cell, value) -> None:
    if isinstance(value, Formula):
        cell.value = str(value)
        return
    if isinstance(value, str):
        value = str(value)  # SafeString and other str subclasses: plain text
    cell.value = value
    if isinstance(value, str) and cell.data_type != "s":
        cell.data_type = "s"  # openpyxl made it a formula ("f") or an error code ("e"): text it is
    if isinstance(value, str) and is_formula_like(value):
        cell.quotePrefix = True


# --- streamed writers (large exports: no whole file in memory) ---------------------------------------


def write_only_workbook():
    """An openpyxl workbook in write-only mode: rows go to a temporary file as they are appended, so a
    large export does not hold the sheet in memory. Fill its sheets with `safe_row`."""
    from openpyxl import Workbook

    return Workbook(write_only=True)


def safe_row(sheet, values, *, number_formats: dict | None = None, font=None) -> list:
    """The cells of one row of a write-only sheet (append them with sheet.append), formula-like text kept
    as text as set_cell does; `number_formats` maps a date/number type to its format (e.g. {date:
    "yyyy-mm-dd"}), `font` styles every cell (a header)."""
    from openpyxl.cell import WriteOnlyCell

    cells = []
    for value in values:
        cell = WriteOnlyCell(sheet)
        _assign(cell, value)
        if number_formats and value is not None:
            for kind, number_format in number_formats.items():
                if isinstance(value, kind):
                    cell.number_format = number_format
                    break
        if font is not None:
            cell.font = font
        cells.append(cell)
    return cells


class _Line:
    """A write-only 'file' that keeps the last line csv.writer wrote."""

    def __init__(self):
        self.text = ""

    def write(self, text):
        self.text += text


def csv_chunks(
    rows,
    *,
    delimiter: str = ";",
    bom: bool = True,
    encoding: str = "utf-8",
    batch: int = 500,
    lineterminator: str = "\r\n",
):
    """The bytes of a CSV file, produced a few hundred rows at a time from an iterable of rows (the first
    one the headers), every cell through csv_cell: for a StreamingHttpResponse or a file written piece by
    piece."""
    line = _Line()
    writer = CsvWriter(line, delimiter=delimiter, lineterminator=lineterminator)
    if bom:
        yield "\ufeff".encode(encoding)
    for count, row in enumerate(rows, start=1):
        writer.writerow(row)
        if count % batch == 0:
            yield line.text.encode(encoding)
            line.text = ""
    if line.text:
        yield line.text.encode(encoding)
