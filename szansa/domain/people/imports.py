"""Bulk import of people into the registry from CSV or XLSX: how a centre migrates from its old system.

What the files look like: whatever Polish offices produce. CSV saved by Excel (semicolons, Windows-1250
or UTF-8 with a BOM, CRLF) or by other tools (commas, tabs, plain UTF-8); dates as DD.MM.YYYY or ISO;
headers in Polish or English, in any case, with or without diacritics (`Imię`, `imie`, `first_name`,
`First name` are the same column). COLUMNS below is the layout; README "Importing people" documents it.

Speed and memory (the benchmark compares us with PostgreSQL COPY into the same table): the file is
streamed; rows are validated in plain Python (no ORM per row) and gathered in batches; each batch costs
one query for PESELs and documents already in the registry, and one COPY FROM STDIN (bulk_create on
other databases). Duplicates within the file are found in the batch (a dict) and across batches by
that same query: earlier batches are already written in the open transaction, so memory does not grow
with the file. In "file" mode on PostgreSQL a batch without errors skips the PESEL query: its COPY runs
in a savepoint and the unique index finds a registered PESEL; only then is the batch looked up and
reported row by row (_file_mode_pipelined). In "file" mode every valid row is written even after a
rejected one (so later duplicates are still found) and the whole transaction is rolled back at the
end; in "batch" mode a batch with a rejected row is not written and the others are committed one by
one.

Bulk writes bypass django-auditlog's signals, so the import writes one explicit audit entry naming the
actor, the file and the counts; every imported person has created_by = actor and the import's timestamp
as created_at, which identifies them.
"""

import datetime
import functools
import operator
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, TextIO

from django.contrib.auth import get_user_model
from django.db import DatabaseError, connection, transaction
from django.db.models import TextChoices
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from szansa.domain.accounts.enums import Role
from szansa.domain.people import enums
from szansa.domain.people.models import Person, normalise_name
from szansa.domain.people.validators import validate_pesel
from szansa.lib import tabular
from szansa.lib.services import require
from szansa.lib.spreadsheets import CsvWriter

DEFAULT_BATCH_SIZE = 10_000


def concurrent_save_message() -> str:
    """Why a batch or a file failed to save although its rows passed the checks; without the database's
    own text, which names the identifier that clashed."""
    return _(
        "It could not be saved: a person with a PESEL or document of this file was saved by another user "
        "or import at the same time. Import the file again; rows already in the registry will be listed."
    )


MAX_ERRORS_KEPT = 1_000  # in the result object; a report file receives every one


class ImportMode(TextChoices):
    FILE = "file", gettext_lazy("all or nothing for the whole file")
    BATCH = "batch", gettext_lazy("all or nothing per batch")


# --- columns -------------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=4096)  # choice cells repeat ("K", "PL", "12"): a row costs a dict lookup
def normalise_header(text) -> str:
    """'Imię ' -> 'imie', 'Kod pocztowy' -> 'kod_pocztowy', '\\ufeffFirst-Name' -> 'first_name'."""
    text = str(text or "").replace("\ufeff", "").strip().lower().replace("ł", "l")
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "_", text).strip("_")


# Field -> accepted (normalised) headers; the first one is how reports name a missing column.
COLUMNS: dict[str, tuple[str, ...]] = {
    "first_name": ("imie", "first_name", "firstname", "given_name"),
    "last_name": ("nazwisko", "last_name", "lastname", "surname", "family_name"),
    "pesel": ("pesel",),
    "other_id_type": ("rodzaj_dokumentu", "dokument", "other_id_type", "document_type"),
    "other_id_number": ("numer_dokumentu", "nr_dokumentu", "other_id_number", "document_number"),
    "birth_date": ("data_urodzenia", "birth_date", "date_of_birth", "birthdate"),
    "sex": ("plec", "sex", "gender"),
    "citizenship": ("obywatelstwo", "citizenship"),
    "phone": ("telefon", "nr_telefonu", "numer_telefonu", "phone", "phone_number"),
    "email": ("e_mail", "email", "adres_e_mail", "email_address"),
    "street": ("ulica", "street"),
    "building_number": (
        "nr_domu",
        "numer_domu",
        "nr_budynku",
        "numer_budynku",
        "building_number",
        "house_number",
    ),
    "flat_number": (
        "nr_lokalu",
        "numer_lokalu",
        "nr_mieszkania",
        "numer_mieszkania",
        "flat_number",
        "apartment_number",
    ),
    "postal_code": ("kod_pocztowy", "kod", "postal_code", "postcode", "zip_code"),
    "town": ("miejscowosc", "miasto", "town", "city", "locality"),
    "gmina": ("gmina", "municipality"),
    "powiat": ("powiat", "county"),
    "voivodeship": ("wojewodztwo", "voivodeship", "province"),
    "education_level": ("wyksztalcenie", "education", "education_level"),
    "responsible_worker": (
        "pracownik",
        "pracownik_socjalny",
        "worker",
        "social_worker",
        "responsible_worker",
    ),
}
REQUIRED_COLUMNS = (
    "first_name",
    "last_name",
    "pesel",
    "building_number",
    "postal_code",
    "town",
    "gmina",
    "powiat",
)
# Headers of the README table (Polish, English) per field.
HEADER_NAMES = {
    "first_name": ("imię", "first_name"),
    "last_name": ("nazwisko", "last_name"),
    "pesel": ("PESEL", "pesel"),
    "other_id_type": ("rodzaj dokumentu", "other_id_type"),
    "other_id_number": ("numer dokumentu", "other_id_number"),
    "birth_date": ("data urodzenia", "birth_date"),
    "sex": ("płeć", "sex"),
    "citizenship": ("obywatelstwo", "citizenship"),
    "phone": ("telefon", "phone"),
    "email": ("e-mail", "email"),
    "street": ("ulica", "street"),
    "building_number": ("nr domu", "building_number"),
    "flat_number": ("nr lokalu", "flat_number"),
    "postal_code": ("kod pocztowy", "postal_code"),
    "town": ("miejscowość", "town"),
    "gmina": ("gmina", "gmina"),
    "powiat": ("powiat", "powiat"),
    "voivodeship": ("województwo", "voivodeship"),
    "education_level": ("wykształcenie", "education_level"),
    "responsible_worker": ("pracownik", "worker"),
}
_ALIASES = {alias: name for name, aliases in COLUMNS.items() for alias in aliases}

_MAX_LENGTH = {f.name: f.max_length for f in Person._meta.concrete_fields if getattr(f, "max_length", None)}

# Values accepted in choice columns: normalised text -> stored code.
_SEX = {"k": "K", "kobieta": "K", "f": "K", "female": "K", "woman": "K", "m": "M", "mezczyzna": "M"}
_SEX |= {"male": "M", "man": "M"}
_DOCUMENTS = {
    "dowod_osobisty": "id_card",
    "dowod": "id_card",
    "paszport": "passport",
    "karta_pobytu": "residence_card",
    "inny": "other",
    "inny_dokument": "other",
} | {normalise_header(code): code for code in enums.IdentityDocumentType.values}
_CITIZENSHIP = {"pl": "PL", "polskie": "PL", "polska": "PL", "polish": "PL", "eu": "EU", "ue": "EU"}
_CITIZENSHIP |= {"non_eu": "non_eu", "spoza_ue": "non_eu", "inne": "non_eu"}
_VOIVODESHIPS = {normalise_header(label): code for code, label in enums.Voivodeship.choices}
_VOIVODESHIPS |= {code: code for code in enums.Voivodeship.values}
_EDUCATION = {normalise_header(code): code for code in enums.EducationLevel.values}
_EDUCATION |= {f"isced_{key}": code for key, code in _EDUCATION.items()}

_POSTAL_CODE = re.compile(r"\d\d-\d\d\d")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")

# The columns COPY writes, in the order of the tuples built by RowParser; any other concrete field
# of Person gets its model default (so a field added later does not break the import).
_ROW_FIELDS = (
    "first_name",
    "last_name",
    "pesel",
    "other_id_type",
    "other_id_number",
    "birth_date",
    "sex",
    "citizenship",
    "phone",
    "email",
    "street",
    "building_number",
    "flat_number",
    "postal_code",
    "town",
    "gmina",
    "powiat",
    "voivodeship",
    "education_level",
    "responsible_worker_id",
    "search_text",
)
_STAMP_FIELDS = ("created_at", "updated_at", "created_by_id")


# --- results -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RowError:
    row: int  # the row number as the spreadsheet shows it (the header is row 1); 0: the file as a whole
    column: str  # the column's header in the file ("" for the row or the file as a whole)
    message: str

    def __str__(self):
        where = _("row %(row)s") % {"row": self.row} if self.row else _("file")
        return f"{where}, {self.column}: {self.message}" if self.column else f"{where}: {self.message}"


@dataclass
class ImportResult:
    rows: int = 0  # data rows read (blank rows skipped)
    saved: int = 0  # people added to the registry
    rejected: int = 0  # rows with at least one error
    not_saved: int = 0  # valid rows left out because their file or batch had a rejected row
    error_count: int = 0  # all errors; `errors` keeps the first MAX_ERRORS_KEPT
    errors: list[RowError] = field(default_factory=list)
    file_error: str = ""  # the file could not be read at all

    @property
    def ok(self) -> bool:
        return not self.rejected and not self.file_error


class FileError(Exception):
    """The file as a whole cannot be imported (format, encoding, missing columns)."""


# --- reading files -------------------------------------------------------------------------------------
# szansa.lib.tabular reads every uploaded table (encoding, delimiter, XLSX), streamed.

format_of = tabular.format_of


def open_table(stream: BinaryIO, format: str | None, name: str = ""):
    """(header, iterator of cell lists, number of data rows if known), streaming."""
    try:
        table = tabular.open_table(stream, name, format=format)
    except tabular.UnreadableFile as exc:
        raise FileError(" ".join(exc.messages)) from None
    return table.header, table.rows, table.total


def map_header(header: list[str]) -> dict[str, int]:
    """Field name -> column index; refuses a file without the required columns or with a column twice."""
    indexes: dict[str, int] = {}
    for index, title in enumerate(header):
        name = _ALIASES.get(normalise_header(title))
        if name is None:
            continue  # other columns of the old system are ignored
        if name in indexes:
            raise FileError(
                _('The columns "%(first)s" and "%(second)s" hold the same data; keep one of them.')
                % {"first": header[indexes[name]].strip(), "second": title.strip()}
            )
        indexes[name] = index
    missing = [HEADER_NAMES[name][0] for name in REQUIRED_COLUMNS if name not in indexes]
    if missing:
        raise FileError(
            _("The file has no column: %(columns)s (see the column list in the README).")
            % {"columns": ", ".join(missing)}
        )
    return indexes


# --- one row -------------------------------------------------------------------------------------------


_PESEL_WEIGHTS = (1, 3, 7, 9, 1, 3, 7, 9, 1, 3, 1)
_CENTURY = (1900, 2000, 2100, 2200, 1800)  # by month field // 20 (docs/identifiers.md)


def pesel_birth_date(pesel: str) -> datetime.date | None:
    """The birth date of a valid PESEL, None for an invalid one: the same rules as python-stdnum
    (11 digits, checksum, a real date; tests compare the two), inlined because stdnum's cleaning costs
    more than the rest of a row's validation. validate_pesel (stdnum) explains the rejections."""
    if len(pesel) != 11 or not pesel.isascii() or not pesel.isdigit():
        return None
    # Weights 1 3 7 9 1 3 7 9 1 3 1 over the ASCII codes: each code is 48 + the digit, and 48 times the
    # weights' sum (45) is 2160, a multiple of 10, so the checksum of the codes is that of the digits.
    if sum(map(operator.mul, pesel.encode(), _PESEL_WEIGHTS)) % 10:
        return None
    month = int(pesel[2:4])
    try:
        return datetime.date(_CENTURY[month // 20] + int(pesel[:2]), month % 20, int(pesel[4:6]))
    except ValueError:
        return None


def parse_date(text: str) -> datetime.date:
    """DD.MM.YYYY (also D.M.YYYY) or YYYY-MM-DD; ValueError otherwise."""
    if "." in text:
        day, month, year = text.split(".")
        if len(year) != 4:
            raise ValueError(text)
        return datetime.date(int(year), int(month), int(day))
    if len(text) == 10 and text[4] == "-" and text[7] == "-":
        return datetime.date(int(text[:4]), int(text[5:7]), int(text[8:]))
    raise ValueError(text)


@functools.lru_cache(maxsize=1 << 14)  # names repeat; bounded, so memory does not grow with the file
def _fold_name(name: str) -> str:
    """normalise_name of one name. Folding is per character and whitespace-collapsing, so the search key
    of "last first" is the non-empty keys of the two names joined by a space (a test compares them)."""
    return normalise_name(name)


class RowParser:
    """Turns the cells of a row into the tuple COPY writes (_ROW_FIELDS order), or errors.
    The hot path: no ORM, no gettext unless a cell is wrong."""

    def __init__(self, header: list[str], indexes: dict[str, int], workers: dict[str, int], default_worker):
        self.header = [title.replace("\ufeff", "").strip() for title in header]
        self.indexes = indexes
        self.width = max(indexes.values()) + 1
        self.workers = workers
        self.default_worker = default_worker
        self.today = timezone.localdate()

    def title(self, name: str) -> str:
        index = self.indexes.get(name)
        return self.header[index] if index is not None else HEADER_NAMES[name][0]

    def parse(self, cells: list[str]) -> tuple[tuple | None, list[tuple[str, str]]]:
        """(row tuple or None, [(field name, message)])."""
        if len(cells) < self.width:
            cells = cells + [""] * (self.width - len(cells))
        values = {name: cells[index].strip() for name, index in self.indexes.items()}
        errors: list[tuple[str, str]] = []

        for name in ("first_name", "last_name", "building_number", "postal_code", "town", "gmina", "powiat"):
            if not values[name]:
                errors.append((name, _("This column is required.")))
        if max(map(len, values.values())) > 20:  # the shortest limit of a free-text column
            for name, value in values.items():
                limit = _MAX_LENGTH.get(name)
                if limit and len(value) > limit:
                    errors.append((name, _("At most %(count)s characters.") % {"count": limit}))

        pesel = values["pesel"]
        born = sex = None
        if pesel:
            if pesel.isdigit() and len(pesel) in (9, 10):
                pesel = pesel.zfill(11)  # a spreadsheet kept it as a number and dropped leading zeros
            born = pesel_birth_date(pesel)
            if born is None:
                errors.append(("pesel", self.pesel_error(pesel)))
                pesel = None
            elif born > self.today:
                # a valid PESEL of someone not born yet: a typo in the year or month (docs/identifiers.md)
                errors.append(
                    (
                        "pesel",
                        _("This PESEL encodes a birth date in the future (%(date)s).")
                        % {"date": formats.date_format(born, "SHORT_DATE_FORMAT")},
                    )
                )
                born = pesel = None
            else:
                sex = "M" if pesel[9] in "13579" else "K"
        else:
            pesel = None

        birth_text = values.get("birth_date", "")
        birth_date = None
        if birth_text:
            try:
                birth_date = parse_date(birth_text)
            except ValueError:
                errors.append(
                    (
                        "birth_date",
                        _('"%(value)s" is not a date (DD.MM.YYYY or YYYY-MM-DD).') % {"value": birth_text},
                    )
                )
                birth_text = "bad"
            else:
                if birth_date > self.today:
                    errors.append(("birth_date", _("The birth date is in the future.")))
                elif born is not None and birth_date != born:
                    errors.append(
                        (
                            "birth_date",
                            _("The birth date does not match PESEL (PESEL says %(date)s).")
                            % {"date": f"{born:%d.%m.%Y}"},
                        )
                    )

        sex_text = values.get("sex", "")
        given_sex = None
        if sex_text:
            given_sex = _SEX.get(normalise_header(sex_text))
            if given_sex is None:
                errors.append(("sex", _('"%(value)s" is not a sex (K or M).') % {"value": sex_text}))
            elif sex is not None and given_sex != sex:
                errors.append(
                    (
                        "sex",
                        _("The sex does not match PESEL (PESEL says: %(sex)s).")
                        % {"sex": enums.Sex(sex).label},
                    )
                )

        other_type = self.choice(values, "other_id_type", _DOCUMENTS, errors)
        other_number = values.get("other_id_number", "")
        if pesel is None and not values["pesel"]:
            # No PESEL: the person needs another document, and the birth date and sex must be given.
            if not other_type or not other_number:
                errors.append(
                    (
                        "pesel",
                        _("A person without PESEL needs another identity document (type and number)."),
                    )
                )
            if not birth_text:
                errors.append(("birth_date", _("Required for a person without PESEL.")))
            if not sex_text:
                errors.append(("sex", _("Required for a person without PESEL.")))

        postal_code = values["postal_code"]
        if postal_code:
            if len(postal_code) == 5 and postal_code.isdigit():
                postal_code = f"{postal_code[:2]}-{postal_code[2:]}"
            if not _POSTAL_CODE.fullmatch(postal_code):
                errors.append(("postal_code", _("Enter the postal code as NN-NNN, e.g. 32-300.")))

        email = values.get("email", "")
        if email and not _EMAIL.fullmatch(email):
            errors.append(("email", _('"%(value)s" is not an e-mail address.') % {"value": email}))

        citizenship = self.choice(values, "citizenship", _CITIZENSHIP, errors) or enums.Citizenship.POLISH
        voivodeship = self.choice(values, "voivodeship", _VOIVODESHIPS, errors) or "12"
        education = self.choice(values, "education_level", _EDUCATION, errors)

        username = values.get("responsible_worker", "")
        if username:
            worker = self.workers.get(username)
            if worker is None:
                errors.append(
                    (
                        "responsible_worker",
                        _('No active social worker with the username "%(username)s".')
                        % {"username": username},
                    )
                )
        else:
            worker = self.default_worker
            if worker is None:
                errors.append(
                    (
                        "responsible_worker",
                        _("Give the responsible social worker (a column or the default for the file)."),
                    )
                )
        if errors:
            return None, errors
        first_name, last_name = values["first_name"], values["last_name"]
        search_text = " ".join(filter(None, (_fold_name(last_name), _fold_name(first_name))))
        return (
            first_name,
            last_name,
            pesel,
            other_type,
            other_number,
            birth_date or born,
            given_sex or sex,
            citizenship,
            values.get("phone", ""),
            email,
            values.get("street", ""),
            values["building_number"],
            values.get("flat_number", ""),
            postal_code,
            values["town"],
            values["gmina"],
            values["powiat"],
            voivodeship,
            education,
            worker,
            search_text,
        ), errors

    @staticmethod
    def choice(values: dict, name: str, mapping: dict, errors: list) -> str:
        text = values.get(name, "")
        if not text:
            return ""
        code = mapping.get(normalise_header(text))
        if code is None:
            errors.append((name, _('"%(value)s" is not an accepted value of this column.') % {"value": text}))
            return ""
        return code

    @staticmethod
    def pesel_error(pesel: str) -> str:
        try:
            validate_pesel(pesel)
        except Exception as exc:  # django ValidationError with the translated reason
            return " ".join(getattr(exc, "messages", [str(exc)]))
        return _("This PESEL is not valid.")


# --- writing -------------------------------------------------------------------------------------------


def _defaults() -> tuple[list[str], tuple]:
    """Columns and values of the Person fields the file does not fill (model defaults)."""
    covered = set(_ROW_FIELDS) | set(_STAMP_FIELDS) | {"id"}
    extra = [f for f in Person._meta.concrete_fields if f.attname not in covered]
    return [f.column for f in extra], tuple(f.get_default() for f in extra)


def _copy_sql() -> str:
    extra_columns, _values = _defaults()
    columns = [
        Person._meta.get_field(name.removesuffix("_id")).column for name in _ROW_FIELDS + _STAMP_FIELDS
    ]
    quote = connection.ops.quote_name
    return "COPY {} ({}) FROM STDIN".format(
        quote(Person._meta.db_table), ", ".join(quote(c) for c in columns + extra_columns)
    )


_COPY_ESCAPE = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_field(value) -> str:
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return str(value).translate(_COPY_ESCAPE)


def _copy_text(rows: list[tuple], tail: tuple) -> bytes:
    """The rows in COPY's text format. The common row (only plain text, a date, the worker id) is one
    join; a row with a backslash, tab or line break in a cell is escaped field by field."""
    end = "".join("\t" + _copy_field(value) for value in tail) + "\n"
    separators = len(_ROW_FIELDS) - 1
    lines = []
    for row in rows:
        first, last, pesel, doc_type, doc_number, born = row[:6]
        line = "\t".join(
            (
                first,
                last,
                pesel or "\\N",
                doc_type,
                doc_number,
                born.isoformat(),
                *row[6:19],
                str(row[19]),
                row[20],
            )
        )
        if line.count("\t") != separators or "\\" in line or "\n" in line or "\r" in line:
            line = "\t".join(map(_copy_field, row))
        lines.append(line + end)
    return "".join(lines).encode()


def _copy_rows(cursor, sql: str, rows: list[tuple], tail: tuple) -> None:
    data = _copy_text(rows, tail)
    with cursor.copy(sql) as copy:
        for start in range(0, len(data), 1 << 20):
            copy.write(data[start : start + (1 << 20)])


def _writes_with_copy() -> bool:
    """COPY FROM STDIN on PostgreSQL; bulk_create of Person instances elsewhere (tests compare the two)."""
    return connection.vendor == "postgresql"


def _write_batch(rows: list[tuple], stamp: tuple) -> None:
    extra_columns, extra_values = _defaults()
    tail = stamp + extra_values
    if _writes_with_copy():
        with connection.cursor() as cursor:
            _copy_rows(cursor.cursor, _copy_sql(), rows, tail)
        return
    names = [*_ROW_FIELDS, *_STAMP_FIELDS]
    extras = [f.attname for f in Person._meta.concrete_fields if f.column in extra_columns]
    stamp_at = stamp[0]
    for start in range(0, len(rows), 1000):
        people = Person.objects.bulk_create(
            [
                Person(**dict(zip(names + extras, row + tail, strict=True)))
                for row in rows[start : start + 1000]
            ]
        )
        # bulk_create lets auto_now(_add) stamp each row with its own time; the import's one timestamp is
        # what tells its rows ("an earlier row of this file") and identifies them, as COPY writes it.
        Person.objects.filter(pk__in=[person.pk for person in people]).update(
            created_at=stamp_at, updated_at=stamp_at
        )


class _BackgroundCopy:
    """COPY of batch N runs in a thread on the same PostgreSQL connection (and transaction) while the
    main thread parses batch N+1: the server's work (constraints, indexes) and Python's overlap, on two
    cores close to the time of the slower of the two instead of their sum. The main thread touches the
    connection only after wait(), so the two never use it at once; at most two batches are in memory."""

    def __init__(self, stamp: tuple):
        from concurrent.futures import ThreadPoolExecutor

        connection.ensure_connection()
        self.raw = connection.connection  # psycopg's own connection: usable from another thread
        self.sql = _copy_sql()
        self.tail = stamp + _defaults()[1]
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="import-copy")
        self.pending = None

    def _run(self, data: bytes, savepoint: bool) -> bool:
        """Write the rows; False when `savepoint` is set and a unique index refused a row: the batch is
        then rolled back to the savepoint and the transaction goes on."""
        import psycopg

        with self.raw.cursor() as cursor:
            if savepoint:
                cursor.execute("SAVEPOINT szansa_import_batch")
            try:
                with cursor.copy(self.sql) as copy:
                    for start in range(0, len(data), 1 << 20):
                        copy.write(data[start : start + (1 << 20)])
            except psycopg.errors.UniqueViolation:
                if not savepoint:
                    raise
                cursor.execute("ROLLBACK TO SAVEPOINT szansa_import_batch")
                cursor.execute("RELEASE SAVEPOINT szansa_import_batch")
                return False
            if savepoint:
                cursor.execute("RELEASE SAVEPOINT szansa_import_batch")
        return True

    def format(self, rows: list[tuple]) -> bytes:
        return _copy_text(rows, self.tail)  # formatted here: the thread only waits on the socket

    def start(self, rows: list[tuple], *, savepoint: bool = False, data: bytes | None = None) -> None:
        """Start writing `rows` (or their `data`, from format()); the previous write must have been
        waited for (its answer is wait()'s)."""
        if self.pending is not None:
            raise RuntimeError("wait() for the previous batch first")
        if data is None:
            data = self.format(rows)
        self.pending = self.pool.submit(self._run, data, savepoint)

    def wait(self) -> bool:
        """Wait for the write under way: False when its savepoint was rolled back (see _run)."""
        pending, self.pending = self.pending, None
        return pending.result() if pending is not None else True

    def close(self) -> None:
        try:
            self.wait()
        finally:
            self.pool.shutdown(wait=True)


# --- the import ----------------------------------------------------------------------------------------


class _Run:
    """State of one import: counts, the errors kept, the report being written."""

    def __init__(self, result: ImportResult, report: TextIO | None, max_errors: int):
        self.result = result
        self.report = CsvWriter(report, delimiter=";") if report is not None else None
        self.max_errors = max_errors
        if self.report:
            self.report.writerow([_("Row"), _("Column"), _("Reason")])

    def error(self, row: int, column: str, message: str) -> None:
        self.result.error_count += 1
        error = RowError(row, column, str(message))
        if len(self.result.errors) < self.max_errors:
            self.result.errors.append(error)
        if self.report:
            self.report.writerow([row or "", column, error.message])


def _batches(rows: Iterable[list[str]], size: int) -> Iterator[list[tuple[int, list[str]]]]:
    batch = []
    for number, cells in enumerate(rows, start=2):
        if not any(cells) or not "".join(cells).strip():
            continue
        batch.append((number, cells))
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _social_workers() -> dict[str, int]:
    """username -> id of the active social workers (a few hundred at most: loaded once)."""
    return dict(
        get_user_model()
        .objects.filter(is_active=True, groups__name=Role.SOCIAL_WORKER)
        .values_list("username", "id")
        .distinct()
    )


def _registered(pesels: list[str]) -> list[tuple]:
    """(pesel, created_at, created_by_id) of the people with these PESELs: one query per batch. On
    PostgreSQL one array parameter (= ANY) rather than 10 000 placeholders that cost more to build
    and plan than the lookup itself."""
    if not pesels:
        return []
    if connection.vendor != "postgresql":
        return list(
            Person.objects.filter(pesel__in=pesels).values_list("pesel", "created_at", "created_by_id")
        )
    opts = Person._meta
    quote = connection.ops.quote_name
    columns = ", ".join(quote(opts.get_field(name).column) for name in ("pesel", "created_at", "created_by"))
    pesel = quote(opts.get_field("pesel").column)
    sql = f"SELECT {columns} FROM {quote(opts.db_table)} WHERE {pesel} = ANY(%s)"
    with connection.cursor() as cursor:
        cursor.execute(sql, [pesels])
        return cursor.fetchall()


def _parse_batch(parser: RowParser, batch) -> tuple[list[tuple[int, tuple | None, list]], dict, dict]:
    """The checks of a batch that need no database: [(row number, row or None, errors)], its PESELs and
    its documents (-> row number). A PESEL or document twice in the batch is an error here."""
    parsed: list[tuple[int, tuple | None, list]] = []
    seen_pesel: dict[str, int] = {}
    seen_document: dict[tuple, int] = {}
    for number, cells in batch:
        row, errors = parser.parse(cells)
        key = row[2] if row is not None else None
        if key is not None:
            if key in seen_pesel:
                errors.append(
                    ("pesel", _("The same PESEL is also in row %(row)s.") % {"row": seen_pesel[key]})
                )
            else:
                seen_pesel[key] = number
        elif row is not None:
            document = (row[3], row[4])
            if document in seen_document:
                errors.append(
                    (
                        "other_id_number",
                        _("The same identity document is also in row %(row)s.")
                        % {"row": seen_document[document]},
                    )
                )
            else:
                seen_document[document] = number
        parsed.append((number, row if not errors else None, errors))
    return parsed, seen_pesel, seen_document


def _registry_errors(
    parsed, seen_pesel: dict, seen_document: dict, stamp_at, actor_id, *, pesels=True, documents=True
) -> None:
    """Add to `parsed` the errors of rows whose PESEL (`pesels`) or document (`documents`) is already in
    the registry: one query each, this import's earlier batches included (they are written in the same
    transaction, with this import's stamp, which tells "an earlier row of this file")."""
    registered = {}
    if pesels:
        registered = {
            pesel: (created_at == stamp_at and created_by == actor_id)
            for pesel, created_at, created_by in _registered(list(seen_pesel))
        }
    known_documents = set()
    if documents and seen_document:
        numbers = {number for _type, number in seen_document}
        known_documents = set(
            Person.objects.filter(other_id_number__in=numbers).values_list("other_id_type", "other_id_number")
        )
    if not registered and not known_documents:
        return
    for _number, row, errors in parsed:
        if row is None:
            continue
        if row[2] is not None and row[2] in registered:
            errors.append(
                (
                    "pesel",
                    _("The same PESEL is in an earlier row of this file.")
                    if registered[row[2]]
                    else _("A person with this PESEL is already in the registry."),
                )
            )
        elif row[2] is None and (row[3], row[4]) in known_documents:
            errors.append(
                ("other_id_number", _("A person with this identity document is already in the registry."))
            )


def _record(parsed, run: _Run, title) -> tuple[list[tuple], int]:
    """(rows to write, number of rejected rows); every error goes to `run`, in row order."""
    rows, rejected = [], 0
    for number, row, errors in parsed:
        if errors:
            rejected += 1
            for name, message in errors:
                run.error(number, title(name), message)
        else:
            rows.append(row)
    return rows, rejected


def _check_batch(
    parser: RowParser, batch, run: _Run, stamp_at, actor_id, wait=None
) -> tuple[list[tuple], int]:
    """Validate a batch: (rows to write, number of rejected rows). Errors go to `run`. `wait` is called
    between parsing and the registry queries (the previous batch's COPY must be done by then)."""
    parsed, seen_pesel, seen_document = _parse_batch(parser, batch)
    if wait is not None:
        wait()
    _registry_errors(parsed, seen_pesel, seen_document, stamp_at, actor_id)
    return _record(parsed, run, parser.title)


def import_people(
    source: str | Path | BinaryIO,
    *,
    actor,
    name: str = "",
    format: str | None = None,
    mode: str = ImportMode.FILE,
    batch_size: int = DEFAULT_BATCH_SIZE,
    default_worker: str | None = None,
    dry_run: bool = False,
    progress: Callable[[int, int | None], None] | None = None,
    report: TextIO | None = None,
    max_errors: int = MAX_ERRORS_KEPT,
) -> ImportResult:
    """Import people from a CSV or XLSX file (a path or a seekable binary stream).

    actor: the user importing (needs "people.import_people"); None for an operator's command without
    --user (then created_by stays empty). mode: "file" saves all rows or none, "batch" saves each batch
    of `batch_size` rows that has no rejected row. default_worker: the username of the responsible social
    worker for rows without a worker column value. dry_run: validate and roll everything back.
    progress(rows read, rows expected or None) is called after each batch. report: a text stream that
    receives every error as CSV (row;column;reason). Returns counts and the first `max_errors` errors.
    """
    if actor is not None:
        require(actor, "people.import_people", message=_("You may not import people."))
    if mode not in ImportMode.values:
        raise ValueError(f"mode must be one of {ImportMode.values}")
    if isinstance(source, (str, Path)):
        name = name or Path(source).name
        with open(source, "rb") as stream:
            return import_people(
                stream,
                actor=actor,
                name=name,
                format=format or format_of(str(source)),
                mode=mode,
                batch_size=batch_size,
                default_worker=default_worker,
                dry_run=dry_run,
                progress=progress,
                report=report,
                max_errors=max_errors,
            )
    result = ImportResult()
    run = _Run(result, report, max_errors)
    format = format or format_of(name) or "csv"
    audit = _Audit(actor, name, format, mode, dry_run, result)
    try:
        header, rows, total = open_table(source, format, name)
        indexes = map_header(header)
        workers = _social_workers()
        worker_id = None
        if default_worker:
            worker_id = workers.get(default_worker)
            if worker_id is None:
                raise FileError(
                    _('No active social worker with the username "%(username)s".')
                    % {"username": default_worker}
                )
        parser = RowParser(header, indexes, workers, worker_id)
        _run_batches(parser, rows, run, actor, mode, batch_size, dry_run, progress, total, audit)
    except FileError as exc:
        result.file_error = str(exc)
        run.error(0, "", result.file_error)
    except tabular.UnreadableFile as exc:  # found while reading the rows
        result.file_error = " ".join(exc.messages)
        run.error(0, "", result.file_error)
    if result.file_error:
        result.not_saved = result.rows - result.rejected - result.saved
    audit.write(complete=True)
    return result


class _Rollback(Exception):
    pass


def _run_batches(parser, rows, run: _Run, actor, mode, batch_size, dry_run, progress, total, audit) -> None:
    result = run.result
    stamp_at = timezone.now()
    actor_id = actor.pk if actor is not None else None
    stamp = (stamp_at, stamp_at, actor_id)

    def one_batch(batch) -> None:
        good, rejected = _check_batch(parser, batch, run, stamp_at, actor_id)
        result.rows += len(batch)
        result.rejected += rejected
        if mode == ImportMode.BATCH and rejected:
            result.not_saved += len(good)
        elif good:
            try:
                with transaction.atomic():
                    _write_batch(good, stamp)
            except DatabaseError:  # a concurrent insert of the same PESEL, for instance
                # The database's own text names the PESEL ("Key (pesel)=(…)"): not for reports or logs.
                run.error(batch[0][0], "", concurrent_save_message())
                result.rejected += len(good)
                return
            result.saved += len(good)
        if progress:
            progress(result.rows, total)

    if mode == ImportMode.BATCH:
        for batch in _batches(rows, batch_size):
            try:
                with transaction.atomic():
                    saved_before = result.saved
                    one_batch(batch)
                    if dry_run:
                        raise _Rollback
                    if result.saved > saved_before:  # the batch and the entry counting it commit together
                        audit.write(complete=False)
            except _Rollback:
                result.not_saved += result.saved - saved_before
                result.saved = saved_before
        return
    try:
        with transaction.atomic():
            if _writes_with_copy():
                _file_mode_pipelined(parser, rows, run, batch_size, progress, total, stamp)
            else:
                for batch in _batches(rows, batch_size):
                    one_batch(batch)
            if result.rejected or dry_run or result.file_error:
                raise _Rollback
            audit.write(complete=True)  # the people and the entry commit together
    except _Rollback:
        result.not_saved += result.saved
        result.saved = 0
    except (FileError, tabular.UnreadableFile):
        result.not_saved += result.saved
        result.saved = 0
        raise


# Set to False (tests do) to look every batch's PESELs up before its COPY, as batch mode and other
# databases do.
OPTIMISTIC_COPY = True


def _file_mode_pipelined(parser, rows, run: _Run, batch_size, progress, total, stamp) -> None:
    """File mode on PostgreSQL: validation of a batch overlaps the COPY of the previous one.

    A batch whose rows all pass the checks that need no database is written without looking its
    PESELs up first (OPTIMISTIC_COPY): the unique index does that lookup while COPY inserts, and the
    query per batch (a tenth of the import's time, on the same connection, so never overlapped) is
    saved. The COPY runs in a savepoint; when the index refuses a PESEL (already in the registry or in
    an earlier batch), the batch is rolled back to the savepoint, looked up as before, its errors are
    reported and its other rows written; every later batch is then looked up first (the file will be
    rolled back anyway; the lookups find the errors the report lists). Errors and counts are those of
    the lookup-first path (tests compare the two)."""
    import psycopg

    result = run.result
    writer = _BackgroundCopy(stamp)
    stamp_at, actor_id = stamp[0], stamp[2]
    optimistic = OPTIMISTIC_COPY
    in_flight = None  # (parsed, PESELs, documents) of the batch being written without a lookup

    def settle() -> None:
        """Wait for the COPY under way; if the unique index refused the batch, check it and write the
        rest of it."""
        nonlocal optimistic, in_flight
        written = writer.wait()
        checked, in_flight = in_flight, None
        if written or checked is None:
            return
        optimistic = False
        parsed, seen_pesel, seen_document = checked
        _registry_errors(parsed, seen_pesel, seen_document, stamp_at, actor_id)
        good, rejected = _record(parsed, run, parser.title)
        result.saved -= len(parsed) - len(good)  # the batch was counted as saved when it was sent
        result.rejected += rejected
        if good:
            writer.start(good)
            writer.wait()

    try:
        for batch in _batches(rows, batch_size):
            parsed, seen_pesel, seen_document = _parse_batch(parser, batch)
            result.rows += len(batch)
            clean = all(not errors for _number, _row, errors in parsed)
            data = None
            if optimistic and clean and not seen_document:
                # formatted while the server still writes the previous batch
                data = writer.format([row for _number, row, _errors in parsed])
            settle()  # the connection is free from here on
            clean = clean and optimistic  # settle() may have found an error: then look it up first
            if clean and seen_document:
                _registry_errors(parsed, seen_pesel, seen_document, stamp_at, actor_id, pesels=False)
                clean = all(not errors for _number, _row, errors in parsed)
            if clean:
                writer.start([row for _number, row, _errors in parsed], savepoint=True, data=data)
                in_flight = (parsed, seen_pesel, seen_document)
                result.saved += len(parsed)
            else:
                optimistic = False
                _registry_errors(parsed, seen_pesel, seen_document, stamp_at, actor_id)
                good, rejected = _record(parsed, run, parser.title)
                result.rejected += rejected
                if good:
                    writer.start(good)
                    result.saved += len(good)
            if progress:
                progress(result.rows, total)
        settle()
    except psycopg.Error:  # a concurrent insert of the same PESEL, for instance: the file fails
        result.file_error = concurrent_save_message()
        run.error(0, "", result.file_error)
    finally:
        writer.close()


class _Audit:
    """The one audit entry of an import (bulk inserts bypass auditlog's signals). Written in the same
    transaction as what it records: in "batch" mode it is created with the first committed batch and
    updated with each next one, so an import killed between batches leaves its committed people with
    an entry that counts them ("complete": false); in "file" mode it commits with the file."""

    def __init__(self, actor, name: str, format: str, mode: str, dry_run: bool, result: ImportResult):
        self.actor, self.name, self.format, self.mode, self.dry_run = actor, name, format, mode, dry_run
        self.result = result
        self.entry = None

    def write(self, *, complete: bool = True) -> None:
        from auditlog.models import LogEntry
        from django.contrib.contenttypes.models import ContentType

        result = self.result
        data = {
            "import_people": {
                "file": self.name,
                "format": self.format,
                "mode": str(self.mode),
                "dry_run": self.dry_run,
                "rows": result.rows,
                "saved": result.saved,
                "rejected": result.rejected,
                "not_saved": result.not_saved,
                "file_error": result.file_error,
                "complete": complete,
            }
        }
        if self.entry is not None:
            self.entry.additional_data = data
            self.entry.save(update_fields=["additional_data"])
            return
        self.entry = LogEntry.objects.create(
            content_type=ContentType.objects.get_for_model(Person),
            object_pk="",
            object_repr=f"import_people: {self.name}"[:200],
            action=LogEntry.Action.CREATE,
            actor=self.actor,
            changes=None,
            additional_data=data,
        )
