"""Export of a project's participants in the SL2014 PEFS layout (docs/participant-exports.md), as XLSX or CSV,
with a validation report (the fields `Participant.missing_fields()` still lists).

One layout (`COLUMNS`) serves the export and the re-import (recruitment.imports): the SL2014 individual
participant fields 1..43 that the model holds, in their order and with their Polish headers, followed
by the columns a re-import needs to reproduce the records: the CST2021 split of field 39 (§4.3),
the target group, the role (participant / environment), the supported participant's PESEL, the
status and how the participation ended. Values use the SL2014 dictionaries (Polish, as the system
of the managing authority expects them), not the UI language.

`participant_rows` / `validation_rows` are pure: they build rows from participants; `write_xlsx` and
`write_csv` only lay them out.
"""

import datetime
import functools
import io
import itertools
import json
from collections.abc import Iterator
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from django.db import connection, connections
from django.db.models import Case, CharField, F, Func, IntegerField, Q, TextField, Value, When, Window
from django.db.models.functions import Cast, Coalesce, Concat, NullIf, RowNumber
from django.db.models.lookups import In
from django.utils.translation import gettext_lazy as _

from szansa.domain.people.enums import EducationLevel, Sex, Voivodeship
from szansa.domain.recruitment import enums
from szansa.domain.recruitment.models import DISADVANTAGE_FLAGS, Participant
from szansa.lib.spreadsheets import FORMULA_STARTS, csv_chunks, safe_row, write_only_workbook

YES, NO, REFUSED = "Tak", "Nie", "Odmowa podania informacji"
COUNTRY = "Polska"

# SL2014 dictionaries (docs/participant-exports.md; the sub-status labels are "from memory, verify").
PARTICIPANT_TYPES = {
    enums.ParticipantType.INDIVIDUAL: "Indywidualny",
    enums.ParticipantType.INSTITUTION: "Pracownik lub przedstawiciel instytucji/podmiotu",
}
SEXES = {Sex.FEMALE: "Kobieta", Sex.MALE: "Mężczyzna"}
EDUCATION = {
    EducationLevel.ISCED_0: "niższe niż podstawowe (ISCED 0)",
    EducationLevel.ISCED_1: "podstawowe (ISCED 1)",
    EducationLevel.ISCED_2: "gimnazjalne (ISCED 2)",
    EducationLevel.ISCED_3: "ponadgimnazjalne (ISCED 3)",
    EducationLevel.ISCED_4: "policealne (ISCED 4)",
    EducationLevel.ISCED_5_8: "wyższe (ISCED 5-8)",
}
LABOUR_STATUSES = {
    enums.LabourStatus.REGISTERED_UNEMPLOYED: "osoba bezrobotna zarejestrowana w ewidencji urzędów pracy",
    enums.LabourStatus.UNREGISTERED_UNEMPLOYED: (
        "osoba bezrobotna niezarejestrowana w ewidencji urzędów pracy"
    ),
    enums.LabourStatus.INACTIVE: "osoba bierna zawodowo",
    enums.LabourStatus.EMPLOYED: "osoba pracująca",
}
SUBSTATUSES = {
    enums.LabourSubstatus.LONG_TERM_UNEMPLOYED: "osoba długotrwale bezrobotna",
    enums.LabourSubstatus.OTHER_UNEMPLOYED: "inne",
    enums.LabourSubstatus.INACTIVE_LEARNING: "osoba ucząca się",
    enums.LabourSubstatus.INACTIVE_NOT_LEARNING: "osoba nieuczestnicząca w kształceniu lub szkoleniu",
    enums.LabourSubstatus.INACTIVE_OTHER: "inne",
    enums.LabourSubstatus.EMPLOYED_GOVERNMENT: "osoba pracująca w administracji rządowej",
    enums.LabourSubstatus.EMPLOYED_LOCAL_GOVERNMENT: "osoba pracująca w administracji samorządowej",
    enums.LabourSubstatus.EMPLOYED_SME: "osoba pracująca w MMŚP",
    enums.LabourSubstatus.EMPLOYED_NGO: "osoba pracująca w organizacji pozarządowej",
    enums.LabourSubstatus.SELF_EMPLOYED: "osoba prowadząca działalność na własny rachunek",
    enums.LabourSubstatus.EMPLOYED_LARGE: "osoba pracująca w dużym przedsiębiorstwie",
    enums.LabourSubstatus.EMPLOYED_OTHER: "inne",
}
ROLES = {enums.ParticipantRole.MAIN: "Uczestnik", enums.ParticipantRole.ENVIRONMENT: "Otoczenie"}
STATUSES = {
    enums.ParticipantStatus.ENROLLED: "zakwalifikowany",
    enums.ParticipantStatus.ACTIVE: "w trakcie udziału",
    enums.ParticipantStatus.COMPLETED: "zakończył udział",
    enums.ParticipantStatus.LEFT_EARLY: "przerwał udział",
}
EXIT_REASONS = {
    enums.ExitReason.COMPLETED: "zakończenie zgodnie ze ścieżką",
    enums.ExitReason.LEFT_EARLY: "przerwanie udziału",
    enums.ExitReason.OTHER: "inne",
}


def yes_no(value: bool | None) -> str:
    return "" if value is None else (YES if value else NO)


def flag(participant: Participant, name: str) -> str:
    answer = participant.flag_answer(name)
    return REFUSED if answer == "refused" else yes_no(answer)


def migrant_or_minority(participant: Participant) -> str:
    """SL2014 field 39 joins what CST2021 splits: yes if any is yes; refused if any is refused."""
    answers = [
        participant.flag_answer(name) for name in ("minority", "foreign_background", "third_country_national")
    ]
    if True in answers:
        return YES
    if "refused" in answers:
        return REFUSED
    if all(answer is False for answer in answers):
        return NO
    return ""


# --- the same cells as SQL expressions over Participant (the COPY export, docs/participant-exports.md) ----
# Each mirrors the Python cell beside it in COLUMNS; tests/recruitment/test_copy_export.py compares the
# bytes of both writers.


def _text(value: str) -> Value:
    return Value(value, output_field=CharField())


class Label(Func):
    """The dictionary label of a choice field; '' for a value the dictionary lacks (as mapping.get): one
    lookup in a JSON object of the dictionary, `COALESCE('{"key": "label", …}'::jsonb ->> field, '')`.
    A CASE of one WHEN per key compared every row with each key in turn: at 10 000 participants the
    export's dictionaries cost more than the rest of the query. PostgreSQL only, as the COPY export."""

    template = "COALESCE(%(expressions)s::jsonb ->> (%(field)s)::text, '')"
    output_field = TextField()

    def __init__(self, field: str, mapping: dict):
        self.labels = tuple(str(label) for label in mapping.values())
        table = json.dumps({str(key): str(label) for key, label in mapping.items()}, ensure_ascii=False)
        super().__init__(_text(table), F(field))

    def as_sql(self, compiler, connection, **extra_context):
        table, field = self.source_expressions
        field_sql, field_params = compiler.compile(field)
        table_sql, table_params = compiler.compile(table)
        return self.template % {"expressions": table_sql, "field": field_sql}, (*table_params, *field_params)


def _choice(field: str, mapping: dict) -> Label:
    return Label(field, mapping)


class FixedLabels(Case):
    """A Case whose every result is a constant label (yes, no, refused…): no formula guard needed when
    none of them starts like a formula (`fixed_labels`)."""

    def __init__(self, *cases, labels: tuple[str, ...], **extra):
        self.labels = labels
        super().__init__(*cases, **extra)


def _refused(name: str) -> Q:
    return Q(**{f"{name}__isnull": True, "refused_flags__contains": [name]})


def _yes_no_expression(field: str) -> Case:
    return FixedLabels(
        When(**{field: True}, then=_text(YES)),
        When(**{field: False}, then=_text(NO)),
        default=_text(""),
        output_field=CharField(),
        labels=(YES, NO),
    )


def _flag_expression(name: str) -> Case:
    """flag(): yes / no as recorded; refused when unanswered and listed in refused_flags."""
    return FixedLabels(
        When(**{name: True}, then=_text(YES)),
        When(**{name: False}, then=_text(NO)),
        When(_refused(name), then=_text(REFUSED)),
        default=_text(""),
        output_field=CharField(),
        labels=(YES, NO, REFUSED),
    )


FIELD_39_FLAGS = ("minority", "foreign_background", "third_country_national")


def _migrant_or_minority_expression() -> Case:
    """migrant_or_minority(): yes if any is yes; refused if any is refused; no if all are no."""
    any_yes = Q()
    any_refused = Q()
    for name in FIELD_39_FLAGS:
        any_yes |= Q(**{name: True})
        any_refused |= _refused(name)
    return FixedLabels(
        When(any_yes, then=_text(YES)),
        When(any_refused, then=_text(REFUSED)),
        When(Q(**dict.fromkeys(FIELD_39_FLAGS, False)), then=_text(NO)),
        default=_text(""),
        output_field=CharField(),
        labels=(YES, NO, REFUSED),
    )


class IsoDate(Func):
    """A date as YYYY-MM-DD whatever the session's DateStyle (csv_cell: date.isoformat())."""

    template = "to_char(%(expressions)s, 'YYYY-MM-DD')"
    output_field = TextField()


# csv_cell puts an apostrophe before text a spreadsheet would read as a formula (FORMULA_STARTS).


FORMULA_CODES = [ord(start) for start in FORMULA_STARTS]


def fixed_labels(expression) -> bool:
    """Whether the expression only ever gives constant labels none of which starts like a formula: its
    cell needs no guard (the guard evaluates the expression twice)."""
    labels = getattr(expression, "labels", None)
    if isinstance(expression, Value):
        labels = (expression.value,)
    return labels is not None and not any(str(label).startswith(FORMULA_STARTS) for label in labels)


def _guarded(expression) -> Case:
    if fixed_labels(expression):
        return Cast(expression, TextField())
    # The first character's code: integer comparisons, cheaper than comparing left(text, 1) with each
    # formula start (ascii('') is 0, ascii(NULL) NULL: neither is guarded, as in csv_cell).
    return Case(
        When(
            In(Func(expression, function="ascii", output_field=IntegerField()), FORMULA_CODES),
            then=Concat(_text("'"), expression, output_field=TextField()),
        ),
        default=Cast(expression, TextField()),
        output_field=TextField(),
    )


@dataclass(frozen=True)
class Column:
    header: str
    value: Any  # participant -> cell value
    sl2014: int | None = None  # the SL2014 field number; None: a column for the re-import
    # The same cell in SQL over Participant: text (formula guard applied in `csv_expression`), a date
    # (kind "date") or a number (kind "number").
    expression: Any = None
    kind: str = "text"

    def csv_expression(self):
        """The cell exactly as csv_cell writes it, as text; '' becomes NULL (COPY writes NULL as an empty
        field and '' as `""`; Python's csv writes both as empty)."""
        if self.kind == "date":
            cell = IsoDate(self.expression)
        elif self.kind == "number":
            cell = Cast(self.expression, TextField())
        else:
            cell = _guarded(self.expression)
        return NullIf(cell, _text(""), output_field=TextField())


def _situation(situation) -> str:
    return situation.name_pl if situation else ""


def _person(field: str) -> F:
    return F(f"person__{field}")


_NO_PESEL = Q(person__pesel__isnull=True) | Q(person__pesel="")

COLUMNS: list[Column] = [
    Column("Kraj", lambda p: COUNTRY, 1, _text(COUNTRY)),
    Column(
        "Rodzaj uczestnika",
        lambda p: PARTICIPANT_TYPES[p.participant_type],
        2,
        _choice("participant_type", PARTICIPANT_TYPES),
    ),
    Column("Nazwa instytucji", lambda p: p.institution, 3, F("institution")),
    Column("Imię", lambda p: p.person.first_name, 4, _person("first_name")),
    Column("Nazwisko", lambda p: p.person.last_name, 5, _person("last_name")),
    Column("PESEL", lambda p: p.person.pesel or "", 6, Coalesce(_person("pesel"), _text(""))),
    Column(
        "Brak PESEL",
        lambda p: yes_no(not p.person.pesel),
        7,
        FixedLabels(
            When(_NO_PESEL, then=_text(YES)), default=_text(NO), output_field=CharField(), labels=(YES, NO)
        ),
    ),
    Column("Płeć", lambda p: SEXES.get(p.person.sex, ""), 8, _choice("person__sex", SEXES)),
    Column(
        "Wiek w chwili przystąpienia do projektu", lambda p: p.age_at_start, 9, F("age_at_start"), "number"
    ),
    Column("Wykształcenie", lambda p: EDUCATION.get(p.education, ""), 10, _choice("education", EDUCATION)),
    Column(
        "Województwo",
        lambda p: p.person.get_voivodeship_display() if p.person.voivodeship else "",
        11,
        _choice("person__voivodeship", dict(Voivodeship.choices)),
    ),
    Column("Powiat", lambda p: p.person.powiat, 12, _person("powiat")),
    Column("Gmina", lambda p: p.person.gmina, 13, _person("gmina")),
    Column("Miejscowość", lambda p: p.person.town, 14, _person("town")),
    Column("Ulica", lambda p: p.person.street, 15, _person("street")),
    Column("Nr budynku", lambda p: p.person.building_number, 16, _person("building_number")),
    Column("Nr lokalu", lambda p: p.person.flat_number, 17, _person("flat_number")),
    Column("Kod pocztowy", lambda p: p.person.postal_code, 18, _person("postal_code")),
    Column("Obszar wg stopnia urbanizacji (DEGURBA)", lambda p: p.degurba, 19, F("degurba")),
    Column("Telefon kontaktowy", lambda p: p.person.phone, 20, _person("phone")),
    Column("Adres e-mail", lambda p: p.person.email, 21, _person("email")),
    Column("Data rozpoczęcia udziału w projekcie", lambda p: p.start_date, 22, F("start_date"), "date"),
    Column("Data zakończenia udziału w projekcie", lambda p: p.end_date, 23, F("end_date"), "date"),
    Column(
        "Status osoby na rynku pracy w chwili przystąpienia do projektu",
        lambda p: LABOUR_STATUSES.get(p.labour_status, ""),
        24,
        _choice("labour_status", LABOUR_STATUSES),
    ),
    Column(
        "w tym",
        lambda p: SUBSTATUSES.get(p.labour_substatus, ""),
        25,
        _choice("labour_substatus", SUBSTATUSES),
    ),
    Column("Wykonywany zawód", lambda p: p.occupation, 26, F("occupation")),
    Column("Zatrudniony w", lambda p: p.employer, 27, F("employer")),
    Column(
        "Sytuacja (1) osoby w momencie zakończenia udziału w projekcie",
        lambda p: _situation(p.exit_situation_1),
        28,
        Coalesce(F("exit_situation_1__name_pl"), _text("")),
    ),
    Column(
        "Sytuacja (2) osoby w momencie zakończenia udziału w projekcie",
        lambda p: _situation(p.exit_situation_2),
        29,
        Coalesce(F("exit_situation_2__name_pl"), _text("")),
    ),
    Column(
        "Zakończenie udziału osoby w projekcie zgodnie z zaplanowaną dla niej ścieżką uczestnictwa",
        lambda p: yes_no(p.completed_path),
        31,
        _yes_no_expression("completed_path"),
    ),
    Column(
        "Osoba należąca do mniejszości narodowej lub etnicznej, migrant, osoba obcego pochodzenia",
        migrant_or_minority,
        39,
        _migrant_or_minority_expression(),
    ),
    Column(
        "Osoba bezdomna lub dotknięta wykluczeniem z dostępu do mieszkań",
        lambda p: flag(p, "homeless"),
        40,
        _flag_expression("homeless"),
    ),
    Column(
        "Osoba z niepełnosprawnościami", lambda p: flag(p, "disability"), 41, _flag_expression("disability")
    ),
    Column(
        "Osoba w innej niekorzystnej sytuacji społecznej",
        lambda p: flag(p, "other_disadvantage"),
        42,
        _flag_expression("other_disadvantage"),
    ),
    Column(
        "Planowana data zakończenia edukacji w placówce edukacyjnej, w której skorzystano ze wsparcia",
        lambda p: p.planned_education_end,
        43,
        F("planned_education_end"),
        "date",
    ),
    # CST2021 split of field 39 and what the re-import needs.
    Column(
        "Mniejszość narodowa lub etniczna", lambda p: flag(p, "minority"), None, _flag_expression("minority")
    ),
    Column(
        "Osoba obcego pochodzenia",
        lambda p: flag(p, "foreign_background"),
        None,
        _flag_expression("foreign_background"),
    ),
    Column(
        "Obywatel państwa trzeciego",
        lambda p: flag(p, "third_country_national"),
        None,
        _flag_expression("third_country_national"),
    ),
    Column(
        "Grupa docelowa",
        lambda p: str(p.target_group) if p.target_group_id else "",
        None,
        # TargetGroup.__str__: "year: name".
        Case(
            When(
                target_group__isnull=False,
                then=Concat(
                    Cast("target_group__year", TextField()),
                    _text(": "),
                    "target_group__name",
                    output_field=TextField(),
                ),
            ),
            default=_text(""),
            output_field=TextField(),
        ),
    ),
    Column("Rola", lambda p: ROLES[p.role], None, _choice("role", ROLES)),
    Column(
        "PESEL uczestnika, którego otoczeniem jest osoba",
        lambda p: p.linked_to.person.pesel if p.linked_to_id else "",
        None,
        Coalesce(F("linked_to__person__pesel"), _text("")),
    ),
    Column("Status uczestnictwa", lambda p: STATUSES[p.status], None, _choice("status", STATUSES)),
    Column(
        "Sposób zakończenia udziału",
        lambda p: EXIT_REASONS.get(p.exit_reason, ""),
        None,
        _choice("exit_reason", EXIT_REASONS),
    ),
    Column("Powód przerwania udziału", lambda p: p.exit_note, None, F("exit_note")),
]
HEADERS = [column.header for column in COLUMNS]
SL2014 = {column.sl2014: column.header for column in COLUMNS if column.sl2014}  # field number -> header

VALIDATION_HEADERS = ["Imię", "Nazwisko", "PESEL", "Brakujące pola"]
SHEET_PARTICIPANTS = "Uczestnicy"
SHEET_VALIDATION = "Raport walidacji"


def project_participants(project, queryset=None):
    """The participants an export lists: everyone counted (not those who resigned before the start),
    main participants before their environment, by start date."""
    queryset = Participant.objects.all() if queryset is None else queryset
    return (
        queryset.filter(project=project)
        .counted()
        .select_related(
            "person", "project", "target_group", "linked_to__person", "exit_situation_1", "exit_situation_2"
        )
        .annotate(
            _main_first=Case(
                When(role=enums.ParticipantRole.MAIN, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("_main_first", "start_date", "person__last_name", "person__first_name", "pk")
    )


def participant_rows(participants) -> list[list]:
    """One row per participant, the cells in the order of `COLUMNS` (dates stay dates)."""
    return [[column.value(participant) for column in COLUMNS] for participant in participants]


def validation_rows(participants) -> list[list]:
    """Per participant with something missing: name, PESEL and the missing fields."""
    return [row for participant in participants if (row := report_row(participant)) is not None]


CSV_DELIMITER = ";"  # what a spreadsheet with Polish settings opens directly
# Lines end in LF, not CSV's usual CRLF: PostgreSQL's COPY writes LF and cannot be told otherwise, and the
# Python writer must give the same bytes (docs/participant-exports.md); spreadsheets and the re-import
# read either.
CSV_LINE_END = "\n"
CHUNK_SIZE = 1000  # participants read per database round trip in a streamed export
COPY_PIECE = 256 * 1024  # bytes of COPY output gathered before a piece is handed on


def write_csv(headers: list[str], rows) -> bytes:
    """CSV with a BOM (Excel reads it as UTF-8) and semicolons."""
    return b"".join(csv_stream(headers, rows))


def csv_stream(headers: list[str], rows) -> Iterator[bytes]:
    """The same CSV, produced piece by piece from an iterable of rows (for a streamed download)."""
    return csv_chunks(itertools.chain([headers], rows), delimiter=CSV_DELIMITER, lineterminator=CSV_LINE_END)


def database_rows(queryset) -> Iterator[tuple]:
    """participant_rows() computed by the database from the same COLUMNS (dates stay dates, the age a
    number), read from an iterator a thousand at a time: for the XLSX writer, which applies its own
    safe-cell rules. PostgreSQL only (the refusals read refused_flags with a JSON containment)."""
    names = [f"c{index}" for index in range(len(COLUMNS))]
    return (
        queryset.annotate(**{name: column.expression for name, column in zip(names, COLUMNS, strict=True)})
        .values_list(*names)
        .iterator(chunk_size=CHUNK_SIZE)
    )


def copy_supported() -> bool:
    """The database writes the CSV itself on PostgreSQL; elsewhere (the SQLite demo) Python does."""
    return connection.vendor == "postgresql"


def _cells_sql(queryset) -> tuple[str, list]:
    """The SELECT of the CSV cells of `queryset`'s participants, in its order, and its parameters.

    The order is worked out on narrow rows first: the participants' keys numbered in the queryset's
    order (a window), then the cells of each joined to its number and sorted by it. Sorting the wide
    rows of 48 cells by names and dates directly cost a third of the export at 10 000 participants."""
    names = [f"c{index}" for index in range(len(COLUMNS))]
    order = queryset.query.order_by
    keys = queryset.order_by().values(
        participant_key=F("pk"), participant_position=Window(RowNumber(), order_by=list(order))
    )
    cells = queryset.order_by().values(
        participant_key=F("pk"),
        **{name: column.csv_expression() for name, column in zip(names, COLUMNS, strict=True)},
    )
    keys_sql, keys_params = keys.query.get_compiler(using=queryset.db).as_sql()
    cells_sql, cells_params = cells.query.get_compiler(using=queryset.db).as_sql()
    columns = ", ".join(f"cells.{name}" for name in names)
    sql = (
        f"SELECT {columns} FROM ({cells_sql}) cells JOIN ({keys_sql}) keys "
        "ON keys.participant_key = cells.participant_key ORDER BY keys.participant_position"
    )
    return sql, [*cells_params, *keys_params]


NO_PROJECT = -1_999_999_999  # a key no project has: stands for the project in the compiled SELECT


@functools.cache
def _project_cells_sql(database: str) -> tuple[str, tuple]:
    """_cells_sql of a whole project's export, compiled once per process and database (Django takes
    longer to compile the 48 expressions than PostgreSQL takes to run them): the project is the
    parameter equal to NO_PROJECT, once in the cells and once in the keys."""
    sql, params = _cells_sql(project_participants(NO_PROJECT).using(database))
    if params.count(NO_PROJECT) != 2:
        raise RuntimeError("the export's SELECT must hold the project in its cells and in its keys")
    return sql, tuple(params)


def copy_statement(project, queryset=None) -> str:
    """`COPY (SELECT <the CSV cells>) TO STDOUT` for project_participants(project, queryset); the
    parameters bound client-side (COPY takes none)."""
    participants = project_participants(project, queryset)
    database = participants.db
    if queryset is None:
        sql, params = _project_cells_sql(database)
        params = [project.pk if param == NO_PROJECT else param for param in params]
    else:
        sql, params = _cells_sql(participants)
    select = connections[database].ops.compose_sql(sql, params)
    return f"COPY ({select}) TO STDOUT (FORMAT csv, DELIMITER '{CSV_DELIMITER}', ENCODING 'UTF8')"


def copy_csv_chunks(project, queryset=None, progress=None) -> Iterator[bytes]:
    """The participants CSV written by PostgreSQL (`COPY … TO STDOUT`): the BOM and header row from the
    Python writer, then the rows as COPY sends them, in pieces of about COPY_PIECE bytes (memory
    bounded); progress(rows) every CHUNK_SIZE rows and at the end. Byte for byte what `csv_stream`
    writes for the same participants (tests/recruitment/test_copy_export.py)."""
    # Inside the generator: the router decides (replica or not) when the download is read.
    statement = copy_statement(project, queryset)
    database = project_participants(project, queryset).db
    yield from csv_stream(HEADERS, [])
    rows = 0
    buffer = bytearray()
    # The database the queryset reads from (a download streamed under replica_reads reads the replica);
    # Django's cursor wraps psycopg's, whose copy() streams COPY's output.
    with connections[database].cursor() as cursor, cursor.cursor.copy(statement) as copy:
        for data in copy:  # one row per message
            buffer += data
            rows += 1
            if progress is not None and rows % CHUNK_SIZE == 0:
                progress(rows)
            if len(buffer) >= COPY_PIECE:
                yield bytes(buffer)
                buffer.clear()
    if buffer:
        yield bytes(buffer)
    if progress is not None and rows % CHUNK_SIZE:
        progress(rows)
    elif progress is not None and rows == 0:
        progress(0)


def maybe_incomplete() -> Q:
    """Participants `missing_fields()` may list something for: a superset (a flag counts while it is
    empty, refused or not), so the report built from these with missing_fields() is the whole report."""
    candidates = Q(education="") | Q(labour_status="") | Q(degurba="")
    candidates |= Q(labour_status__in=list(enums.SUBSTATUSES), labour_substatus="")
    candidates |= Q(participant_type=enums.ParticipantType.INSTITUTION, institution="")
    for name in DISADVANTAGE_FLAGS:
        candidates |= Q(**{f"{name}__isnull": True})
    candidates |= Q(end_date__isnull=False) & (
        Q(exit_reason="") | Q(exit_situation_1__isnull=True) | Q(completed_path__isnull=True)
    )
    return candidates


# What Participant.missing_fields() reads (besides _meta).
MISSING_FIELDS_READS = (
    "education",
    "labour_status",
    "labour_substatus",
    "degurba",
    "participant_type",
    "institution",
    *DISADVANTAGE_FLAGS,
    "refused_flags",
    "end_date",
    "exit_reason",
    "exit_situation_1_id",
    "completed_path",
)


def project_validation_rows(project, queryset=None) -> list[list]:
    """validation_rows() of the project's participants, in the same order, reading only those that may
    miss something and only the fields missing_fields() reads: `Participant.missing_fields` itself runs
    over each row (no model instances)."""
    candidates = (
        project_participants(project, queryset)
        .filter(maybe_incomplete())
        .values(*MISSING_FIELDS_READS, "person__first_name", "person__last_name", "person__pesel")
    )
    report = []
    for values in candidates.iterator(chunk_size=CHUNK_SIZE):
        missing = Participant.missing_fields(SimpleNamespace(**values, _meta=Participant._meta))
        if missing:
            report.append(
                [
                    values["person__first_name"],
                    values["person__last_name"],
                    values["person__pesel"] or "",
                    "; ".join(missing),
                ]
            )
    return report


def write_xlsx(sheets) -> bytes:
    """An XLSX workbook with one sheet per (title, headers, rows); dates as dates, headers bold."""
    out = io.BytesIO()
    write_xlsx_to(out, sheets)
    return out.getvalue()


def write_xlsx_to(out, sheets) -> None:
    """Write the workbook to `out` (a path or a binary file) in openpyxl's write-only mode: each row goes
    to disk as it is appended, so rows may come from an iterator over the database and the workbook is
    never whole in memory. `sheets` may itself be a generator: a sheet is asked for only once the one
    before it is written (the validation report is complete by then)."""
    from openpyxl.styles import Font

    workbook = write_only_workbook()
    bold = Font(bold=True)
    for title, headers, rows in sheets:
        sheet = workbook.create_sheet(title)
        sheet.freeze_panes = "A2"
        sheet.append(safe_row(sheet, headers, font=bold))
        for row in rows:
            sheet.append(safe_row(sheet, row, number_formats={datetime.date: "yyyy-mm-dd"}))
    workbook.save(out)


def chunks_of(queryset, size: int | None = None) -> Iterator[list]:
    """The queryset's objects in lists of `size` (CHUNK_SIZE), read with a database iterator (no result
    cache)."""
    size = size or CHUNK_SIZE
    iterator = queryset.iterator(chunk_size=size)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def report_row(participant) -> list | None:
    missing = participant.missing_fields()
    if not missing:
        return None
    person = participant.person
    return [person.first_name, person.last_name, person.pesel or "", "; ".join(missing)]


def full_rows(queryset, report: list, progress=None) -> Iterator[list]:
    """The full export's rows, participant by participant from the database iterator; the validation
    report's rows are appended to `report` on the way; progress(done) after each chunk."""
    done = 0
    for chunk in chunks_of(queryset):
        for participant in chunk:
            if (row := report_row(participant)) is not None:
                report.append(row)
            yield [column.value(participant) for column in COLUMNS]
        done += len(chunk)
        if progress is not None:
            progress(done)


def write_full_export(project, out, *, format: str, progress=None) -> tuple[int, int]:
    """The full export written to `out` (a binary file) without holding it in memory; returns (rows,
    participants with missing fields). CSV: the participants file only."""
    if format == "csv" and copy_supported():
        count = 0

        def counted(rows: int) -> None:
            nonlocal count
            count = rows
            if progress is not None:
                progress(rows)

        for piece in copy_csv_chunks(project, progress=counted):
            out.write(piece)
        return count, len(project_validation_rows(project))
    report: list = []
    if format == "xlsx" and copy_supported():
        rows = _progressed(database_rows(project_participants(project)), progress)
        report = project_validation_rows(project)
    else:
        rows = full_rows(project_participants(project), report, progress)
    count = 0

    def counted():
        nonlocal count
        for row in rows:
            count += 1
            yield row

    if format == "xlsx":
        write_xlsx_to(
            out,
            _sheets((SHEET_PARTICIPANTS, HEADERS, counted()), (SHEET_VALIDATION, VALIDATION_HEADERS, report)),
        )
    elif format == "csv":
        for piece in csv_stream(HEADERS, counted()):
            out.write(piece)
    else:
        raise ValueError(_("Unknown format: %(format)s") % {"format": format})
    return count, len(report)


def _progressed(rows, progress) -> Iterator:
    """The rows, with progress(done) every CHUNK_SIZE rows and at the end (as full_rows reports)."""
    done = 0
    for done, row in enumerate(rows, start=1):
        yield row
        if progress is not None and done % CHUNK_SIZE == 0:
            progress(done)
    if progress is not None and done % CHUNK_SIZE:
        progress(done)


def full_csv_stream(project) -> Iterator[bytes]:
    """The full export's CSV as pieces of bytes, for a streamed download."""
    if copy_supported():
        return copy_csv_chunks(project)
    return csv_stream(HEADERS, full_rows(project_participants(project), []))


def _sheets(*sheets):
    """The sheets one at a time (a later sheet's rows are read only after the earlier sheet is written)."""
    yield from sheets


@dataclass
class Export:
    """The files of one export: the participants and the validation report (XLSX: one file, two sheets)."""

    participants: bytes
    validation: bytes | None
    participant_count: int
    incomplete_count: int


def export_participants(project, *, format: str, queryset=None) -> Export:
    if format == "csv" and copy_supported():
        count = 0

        def counted(rows: int) -> None:
            nonlocal count
            count = rows

        data = b"".join(copy_csv_chunks(project, queryset, counted))
        report = project_validation_rows(project, queryset)
        return Export(data, write_csv(VALIDATION_HEADERS, report), count, len(report))
    if format == "xlsx" and copy_supported():
        rows = list(database_rows(project_participants(project, queryset)))
        report = project_validation_rows(project, queryset)
    else:
        participants = list(project_participants(project, queryset))
        rows = participant_rows(participants)
        report = validation_rows(participants)
    if format == "xlsx":
        data = write_xlsx(
            [(SHEET_PARTICIPANTS, HEADERS, rows), (SHEET_VALIDATION, VALIDATION_HEADERS, report)]
        )
        return Export(data, None, len(rows), len(report))
    if format == "csv":
        return Export(write_csv(HEADERS, rows), write_csv(VALIDATION_HEADERS, report), len(rows), len(report))
    raise ValueError(_("Unknown format: %(format)s") % {"format": format})


class IncompleteDataSet(Exception):
    """Some participants still miss data-set fields: the export for the managing body is blocked."""

    def __init__(self, export: Export, report: list[list]):
        super().__init__(f"{export.incomplete_count} participants with missing fields")
        self.export = export
        self.report = report


def export_for_managing_body(project, *, format: str) -> Export:
    """The export to send (SL2014/CST): refused while any participant's data set is incomplete."""
    export = export_participants(project, format=format)
    if export.incomplete_count:
        raise IncompleteDataSet(export, validation_rows(project_participants(project)))
    return export
