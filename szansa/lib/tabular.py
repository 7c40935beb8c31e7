"""One reader for every uploaded table: CSV or XLSX as Polish offices save them, streamed.

CSV: UTF-8 with or without a BOM, else Windows-1250 (what Excel saves as "CSV" on a Polish Windows);
the delimiter is the one of `;`, `,` and tab that splits the header line into the most columns (quotes
respected). XLSX: the first sheet (or the named one), read-only, so rows are streamed from the zip. A
file whose content starts as a zip archive is read as XLSX whatever its name says.

Nothing is loaded whole: the encoding is found in one streaming pass over the bytes (which also counts
the lines, for progress), then rows are decoded and split as they are read. Every cell arrives as text
(an XLSX date as YYYY-MM-DD, a whole number without ".0"). A file that is neither CSV text nor an XLSX
workbook raises UnreadableFile, a ValidationError with a message for the user: never a crash; so does
an XLSX whose zip archive would unpack too big or is compressed beyond an honest workbook (a zip bomb:
`check_xlsx`, before openpyxl opens it).
"""

import codecs
import csv
import datetime
import io
import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from szansa.lib.spreadsheets import csv_text

FORMATS = {".csv": "csv", ".txt": "csv", ".tsv": "csv", ".xlsx": "xlsx"}
DELIMITERS = (";", ",", "\t")
_ZIP_MAGIC = b"PK\x03\x04"
_CHUNK = 1 << 20


class UnreadableFile(ValidationError):
    """The file as a whole cannot be read as a table (the message says why, for the user)."""


def _unreadable(detail: str = "") -> UnreadableFile:
    if detail:
        return UnreadableFile(
            _("The file could not be read: %(reason)s") % {"reason": detail}, code="unreadable"
        )
    return UnreadableFile(
        _("The file could not be read: it is neither CSV text (UTF-8 or Windows-1250) nor an XLSX workbook."),
        code="unreadable",
    )


def _empty() -> UnreadableFile:
    return UnreadableFile(_("The file is empty."), code="empty")


def format_of(name: str) -> str | None:
    """ "csv" or "xlsx" by the file name's suffix; None for another suffix."""
    return FORMATS.get(Path(name or "").suffix.lower())


@dataclass
class Table:
    format: str  # "csv" or "xlsx"
    header: list[str]  # the first row's cells, stripped
    rows: Iterator[list[str]]  # the data rows (after the header), cells as text, streamed
    total: int | None  # data rows expected (blank lines included), None when unknown

    def dicts(self) -> Iterator[tuple[int, dict[str, str]]]:
        """(row number as the spreadsheet shows it, {header: cell}) per non-blank row."""
        width = len(self.header)
        for number, cells in enumerate(self.rows, start=2):
            if not "".join(cells).strip():
                continue
            cells = list(cells) + [""] * (width - len(cells))
            yield number, dict(zip(self.header, cells, strict=False))


def read_dicts(source, name: str = "", **options) -> Iterator[tuple[int, dict[str, str]]]:
    """Shortcut: open_table(...).dicts()."""
    return open_table(source, name, **options).dicts()


def open_table(
    source: BinaryIO | bytes, name: str = "", *, format: str | None = None, sheet: str | None = None
) -> Table:
    """Open an uploaded table: `source` is bytes or a seekable binary stream (an uploaded file, an open
    file); `name` its file name (for the format); `format` forces "csv" or "xlsx"; `sheet` is the XLSX
    sheet to read when the workbook has it. Raises UnreadableFile."""
    stream = _binary(source)
    start = stream.read(len(_ZIP_MAGIC))
    stream.seek(0)
    if not start:
        raise _empty()
    if start == _ZIP_MAGIC:
        return _read_xlsx(stream, sheet)
    if (format or format_of(name)) == "xlsx":
        raise _unreadable()
    return _read_csv(stream)


def check_upload(source) -> None:
    """Refuse at once (UnreadableFile) an uploaded XLSX that is a zip bomb (check_xlsx); for a form's
    clean_file, before the file is saved or queued."""
    stream = _binary(source)
    start = stream.read(len(_ZIP_MAGIC))
    stream.seek(0)
    if start == _ZIP_MAGIC:
        check_xlsx(stream)


def _binary(source) -> BinaryIO:
    if isinstance(source, (bytes, bytearray, memoryview)):
        return io.BytesIO(bytes(source))
    inner = getattr(source, "file", None)  # Django's UploadedFile wraps the real file
    stream = inner if inner is not None and hasattr(inner, "read") else source
    stream.seek(0)
    return stream


# --- CSV -----------------------------------------------------------------------------------------------


def detect_encoding(stream: BinaryIO) -> tuple[str, int]:
    """('utf-8-sig' or 'cp1250', number of lines) in one streaming pass; rewinds the stream. A file
    that is valid UTF-8 from start to end is UTF-8 (a BOM is dropped); anything else is Windows-1250.
    A NUL byte means binary data, not text: UnreadableFile."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    utf8 = True
    lines = 0
    last = b""
    while chunk := stream.read(_CHUNK):
        if b"\x00" in chunk:
            raise _unreadable()
        lines += chunk.count(b"\n")
        last = chunk
        if utf8:
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError:
                utf8 = False
    if utf8:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            utf8 = False
    if last and not last.endswith(b"\n"):
        lines += 1
    stream.seek(0)
    return ("utf-8-sig" if utf8 else "cp1250"), lines


def sniff_delimiter(header_line: str) -> str:
    """The delimiter of `;`, `,` and tab that splits the header line into the most columns (quotes
    respected); `;` (Excel in Poland) when none splits it."""
    best, columns = ";", 1
    for delimiter in DELIMITERS:
        count = len(next(csv.reader([header_line], delimiter=delimiter), []))
        if count > columns:
            best, columns = delimiter, count
    return best


def _read_csv(stream: BinaryIO) -> Table:
    encoding, lines = detect_encoding(stream)
    text = io.TextIOWrapper(stream, encoding=encoding, newline="")
    try:
        first = text.readline()
    except UnicodeDecodeError:
        raise _unreadable() from None
    if not first.strip():
        raise _empty()
    reader = csv.reader(itertools.chain([first], text), delimiter=sniff_delimiter(first))
    header = [cell.replace("\ufeff", "").strip() for cell in next(reader)]
    return Table("csv", header, _guarded(reader), max(lines - 1, 0))


def _guarded(reader) -> Iterator[list[str]]:
    """The rows, with a decoding or CSV error turned into UnreadableFile."""
    try:
        for row in reader:
            # csv_text changes only a cell starting with an apostrophe: most rows have none at all
            yield [csv_text(cell) for cell in row] if "'" in "".join(row) else row
    except UnicodeDecodeError:
        raise _unreadable() from None
    except csv.Error as exc:
        raise _unreadable(str(exc)) from None


# --- XLSX ----------------------------------------------------------------------------------------------
# An XLSX file is a zip archive: 1 MB of it can unpack to gigabytes (a "zip bomb"), and openpyxl keeps
# the shared strings and styles in memory even in read-only mode. Before openpyxl opens the file, the
# archive's directory is checked: the total unpacked size, each member's compression ratio and the size
# of the parts held in memory are limited (settings UPLOAD_XLSX_*; defaults below). The sizes checked are
# the ones the directory declares: Python's zipfile never unpacks more than a member declares (a member
# that lies fails its CRC check), so what is read stays within what was checked.

MAX_UNCOMPRESSED = 1 << 30  # 1 GiB unpacked in all
MAX_RATIO = 100  # unpacked / packed, per member larger than RATIO_FROM
RATIO_FROM = 1 << 20  # members under 1 MiB unpacked may compress as well as they like
MAX_IN_MEMORY_PART = 64 << 20  # sharedStrings.xml, styles.xml, workbook.xml: read whole by openpyxl
MAX_MEMBERS = 10_000


def _limit(name: str, default: int) -> int:
    try:
        from django.conf import settings

        return int(getattr(settings, name, default))
    except Exception:  # settings not configured (a script): the defaults
        return default


def _too_big(detail: str) -> UnreadableFile:
    return UnreadableFile(
        _(
            "The file was refused: %(reason)s It may be damaged or crafted to exhaust the server "
            '(a "zip bomb"). Save the sheet again as XLSX or CSV.'
        )
        % {"reason": detail},
        code="too_big",
    )


def check_xlsx(stream: BinaryIO) -> None:
    """Refuse (UnreadableFile) a zip archive whose unpacked content is too big or too compressed to be
    an honest workbook. Reads only the archive's directory; rewinds the stream."""
    import zipfile

    position = stream.tell()
    try:
        with zipfile.ZipFile(stream) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise _unreadable() from None
    finally:
        stream.seek(position)
    if len(members) > _limit("UPLOAD_XLSX_MAX_MEMBERS", MAX_MEMBERS):
        raise _too_big(_("the workbook has too many parts."))
    max_total = _limit("UPLOAD_XLSX_MAX_UNCOMPRESSED", MAX_UNCOMPRESSED)
    max_ratio = _limit("UPLOAD_XLSX_MAX_RATIO", MAX_RATIO)
    max_part = _limit("UPLOAD_XLSX_MAX_IN_MEMORY_PART", MAX_IN_MEMORY_PART)
    total = 0
    for member in members:
        total += member.file_size
        if total > max_total:
            raise _too_big(_("unpacked it would take more than %(size)d MB.") % {"size": max_total >> 20})
        if member.file_size > RATIO_FROM and member.file_size > max_ratio * max(member.compress_size, 1):
            raise _too_big(_("a part of it is compressed more than %(ratio)d times.") % {"ratio": max_ratio})
        if not member.filename.startswith("xl/worksheets/") and member.file_size > max_part:
            raise _too_big(
                _("a part read whole into memory would take more than %(size)d MB.")
                % {"size": max_part >> 20}
            )


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _read_xlsx(stream: BinaryIO, sheet_name: str | None) -> Table:
    from openpyxl import load_workbook

    check_xlsx(stream)
    try:
        workbook = load_workbook(stream, read_only=True, data_only=True)
    except Exception:  # openpyxl raises several kinds for a file that is not XLSX
        raise _unreadable() from None
    if sheet_name and sheet_name in workbook.sheetnames:
        sheet = workbook[sheet_name]
    else:
        sheet = workbook.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    try:
        header = [cell_text(cell).strip() for cell in next(rows)]
    except StopIteration:
        workbook.close()
        raise _empty() from None
    while header and not header[-1]:
        header.pop()
    total = sheet.max_row - 1 if sheet.max_row else None

    def cells() -> Iterator[list[str]]:
        try:
            for row in rows:
                yield [cell_text(cell) for cell in row]
        finally:
            workbook.close()

    return Table("xlsx", header, cells(), total)
