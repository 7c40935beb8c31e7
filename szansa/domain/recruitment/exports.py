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
import io
import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, IntegerField, Value, When
from django.utils.translation import gettext_lazy as _

from szansa.domain.people.enums import EducationLevel, Sex
from szansa.domain.recruitment import enums
from szansa.domain.recruitment.models import Participant
from szansa.lib.spreadsheets import csv_chunks, safe_row, write_only_workbook

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


@dataclass(frozen=True)
class Column:
    header: str
    value: Any  # participant -> cell value
    sl2014: int | None = None  # the SL2014 field number; None: a column for the re-import


def _situation(situation) -> str:
    return situation.name_pl if situation else ""


COLUMNS: list[Column] = [
    Column("Kraj", lambda p: COUNTRY, 1),
    Column("Rodzaj uczestnika", lambda p: PARTICIPANT_TYPES[p.participant_type], 2),
    Column("Nazwa instytucji", lambda p: p.institution, 3),
    Column("Imię", lambda p: p.person.first_name, 4),
    Column("Nazwisko", lambda p: p.person.last_name, 5),
    Column("PESEL", lambda p: p.person.pesel or "", 6),
    Column("Brak PESEL", lambda p: yes_no(not p.person.pesel), 7),
    Column("Płeć", lambda p: SEXES.get(p.person.sex, ""), 8),
    Column("Wiek w chwili przystąpienia do projektu", lambda p: p.age_at_start, 9),
    Column("Wykształcenie", lambda p: EDUCATION.get(p.education, ""), 10),
    Column("Województwo", lambda p: p.person.get_voivodeship_display() if p.person.voivodeship else "", 11),
    Column("Powiat", lambda p: p.person.powiat, 12),
    Column("Gmina", lambda p: p.person.gmina, 13),
    Column("Miejscowość", lambda p: p.person.town, 14),
    Column("Ulica", lambda p: p.person.street, 15),
    Column("Nr budynku", lambda p: p.person.building_number, 16),
    Column("Nr lokalu", lambda p: p.person.flat_number, 17),
    Column("Kod pocztowy", lambda p: p.person.postal_code, 18),
    Column("Obszar wg stopnia urbanizacji (DEGURBA)", lambda p: p.degurba, 19),
    Column("Telefon kontaktowy", lambda p: p.person.phone, 20),
    Column("Adres e-mail", lambda p: p.person.email, 21),
    Column("Data rozpoczęcia udziału w projekcie", lambda p: p.start_date, 22),
    Column("Data zakończenia udziału w projekcie", lambda p: p.end_date, 23),
    Column(
        "Status osoby na rynku pracy w chwili przystąpienia do projektu",
        lambda p: LABOUR_STATUSES.get(p.labour_status, ""),
        24,
    ),
    Column("w tym", lambda p: SUBSTATUSES.get(p.labour_substatus, ""), 25),
    Column("Wykonywany zawód", lambda p: p.occupation, 26),
    Column("Zatrudniony w", lambda p: p.employer, 27),
    Column(
        "Sytuacja (1) osoby w momencie zakończenia udziału w projekcie",
        lambda p: _situation(p.exit_situation_1),
        28,
    ),
    Column(
        "Sytuacja (2) osoby w momencie zakończenia udziału w projekcie",
        lambda p: _situation(p.exit_situation_2),
        29,
    ),
    Column(
        "Zakończenie udziału osoby w projekcie zgodnie z zaplanowaną dla niej ścieżką uczestnictwa",
        lambda p: yes_no(p.completed_path),
        31,
    ),
    Column(
        "Osoba należąca do mniejszości narodowej lub etnicznej, migrant, osoba obcego pochodzenia",
        migrant_or_minority,
        39,
    ),
    Column(
        "Osoba bezdomna lub dotknięta wykluczeniem z dostępu do mieszkań", lambda p: flag(p, "homeless"), 40
    ),
    Column("Osoba z niepełnosprawnościami", lambda p: flag(p, "disability"), 41),
    Column("Osoba w innej niekorzystnej sytuacji społecznej", lambda p: flag(p, "other_disadvantage"), 42),
    Column(
        "Planowana data zakończenia edukacji w placówce edukacyjnej, w której skorzystano ze wsparcia",
        lambda p: p.planned_education_end,
        43,
    ),
    # CST2021 split of field 39 and what the re-import needs.
    Column("Mniejszość narodowa lub etniczna", lambda p: flag(p, "minority")),
    Column("Osoba obcego pochodzenia", lambda p: flag(p, "foreign_background")),
    Column("Obywatel państwa trzeciego", lambda p: flag(p, "third_country_national")),
    Column("Grupa docelowa", lambda p: str(p.target_group) if p.target_group_id else ""),
    Column("Rola", lambda p: ROLES[p.role]),
    Column(
        "PESEL uczestnika, którego otoczeniem jest osoba",
        lambda p: p.linked_to.person.pesel if p.linked_to_id else "",
    ),
    Column("Status uczestnictwa", lambda p: STATUSES[p.status]),
    Column("Sposób zakończenia udziału", lambda p: EXIT_REASONS.get(p.exit_reason, "")),
    Column("Powód przerwania udziału", lambda p: p.exit_note),
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
CHUNK_SIZE = 1000  # participants read per database round trip in a streamed export


def write_csv(headers: list[str], rows) -> bytes:
    """CSV with a BOM (Excel reads it as UTF-8) and semicolons."""
    return b"".join(csv_stream(headers, rows))


def csv_stream(headers: list[str], rows) -> Iterator[bytes]:
    """The same CSV, produced piece by piece from an iterable of rows (for a streamed download)."""
    return csv_chunks(itertools.chain([headers], rows), delimiter=CSV_DELIMITER)


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
    report: list = []
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


def full_csv_stream(project) -> Iterator[bytes]:
    """The full export's CSV as pieces of bytes, for a streamed download."""
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
