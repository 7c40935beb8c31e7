"""Import of a project's participants from the export layout (recruitment.exports.COLUMNS), XLSX or CSV.

Every row is validated first (PESEL, dates, the SL2014 dictionaries, the person in the registry, the
target group, the supported participant of an environment row); a file with any error saves nothing
and answers a report per row. A clean file is saved in one transaction through the services
(participant_enrol / participant_update / participant_activate / participant_exit), so the
permission, the limits, the consent and the model validation apply as on the pages; a refusal by a
service is reported for its row and rolls the whole file back.

A row of a person who already takes part in the project updates that participation, so an export
completed in a spreadsheet can be read back. Registry data (name, address, contact, age) is never
taken from the file: it identifies the person and is checked against the registry.
"""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from szansa.domain.people.models import Person
from szansa.domain.people.validators import validate_pesel
from szansa.domain.recruitment import enums, exports, services
from szansa.domain.recruitment.models import DISADVANTAGE_FLAGS, REFUSABLE_FLAGS, ExitSituation, Participant
from szansa.lib import tabular
from szansa.lib.services import require


@dataclass(frozen=True)
class RowError:
    row: int  # the row number in the spreadsheet (the header is row 1); 0: the file as a whole
    column: str
    message: str

    def __str__(self):
        where = _("row %(row)s") % {"row": self.row} if self.row else _("file")
        return f"{where}, {self.column}: {self.message}" if self.column else f"{where}: {self.message}"


@dataclass
class ImportResult:
    saved: list[Participant] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class FileError(Exception):
    pass


# --- reading the file ----------------------------------------------------------------------------------


def read_rows(
    content, format: str, headers: list[str] | None = None, name: str = ""
) -> list[tuple[int, dict]]:
    """(row number, {header: cell}) per non-empty data row; the header must be `headers` (default:
    the participant export's). `content`: bytes or an uploaded file, read by szansa.lib.tabular (CSV in
    UTF-8 or Windows-1250 with `;`, `,` or tab, or XLSX)."""
    expected_headers = headers or exports.HEADERS
    if format not in ("csv", "xlsx"):
        raise FileError(_("Unknown format: %(format)s") % {"format": format})
    try:
        table = tabular.open_table(content, name, format=format, sheet=exports.SHEET_PARTICIPANTS)
        header = list(table.header)
        while header and not header[-1]:
            header.pop()
        if header != expected_headers:
            wrong = next(
                (i for i, (a, b) in enumerate(zip(header, expected_headers, strict=False)) if a != b),
                min(len(header), len(expected_headers)),
            )
            expected = expected_headers[wrong] if wrong < len(expected_headers) else _("(no more columns)")
            raise FileError(
                _(
                    "The columns are not those of this kind of file: "
                    'column %(number)s should be "%(expected)s".'
                )
                % {"number": wrong + 1, "expected": expected}
            )
        table.header = expected_headers
        return list(table.dicts())
    except tabular.UnreadableFile as exc:
        raise FileError(" ".join(exc.messages)) from None


# --- parsing cells ---------------------------------------------------------------------------------------


class CellError(Exception):
    pass


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _date(value) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = _text(value)
    if not text:
        return None
    for pattern in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            pass
    raise CellError(_('"%(value)s" is not a date (YYYY-MM-DD or DD.MM.YYYY).') % {"value": text})


def _choice(value, mapping: dict, required=False):
    """The code whose SL2014 label (or code) the cell holds; "" for an empty cell."""
    text = _text(value)
    if not text:
        if required:
            raise CellError(_("This column is required."))
        return ""
    for code, label in mapping.items():
        if text.casefold() in (label.casefold(), str(code).casefold()):
            return code
    raise CellError(
        _('"%(value)s" is not one of: %(choices)s.')
        % {"value": text, "choices": ", ".join(dict.fromkeys(mapping.values()))}
    )


def _yes_no(value) -> bool | None:
    code = _choice(value, {True: exports.YES, False: exports.NO})
    return None if code == "" else code


def _flag(value) -> tuple[bool | None, bool]:
    """(answer, refused)."""
    code = _choice(value, {True: exports.YES, False: exports.NO, "refused": exports.REFUSED})
    if code == "refused":
        return None, True
    return (None if code == "" else code), False


def _pesel(value) -> str:
    text = _text(value)
    if text.isdigit() and len(text) < 11:
        text = text.zfill(11)  # a spreadsheet turned it into a number and dropped leading zeros
    try:
        validate_pesel(text)
    except ValidationError as exc:
        raise CellError(" ".join(exc.messages)) from exc
    return text


# --- one row -------------------------------------------------------------------------------------------


@dataclass
class Row:
    number: int
    person: Person
    role: str
    target_group: object
    linked_pesel: str
    status: str
    start_date: datetime.date
    data: dict
    exit: dict | None


class RowParser:
    def __init__(self, project):
        self.project = project
        self.target_groups = {str(tg): tg for tg in project.target_groups.all()}
        self.situations = {s: s.name_pl for s in ExitSituation.objects.all()}
        self.errors: list[RowError] = []

    def cell(self, number: int, cells: dict, header: str, parse, *args, **kwargs):
        try:
            return parse(cells[header], *args, **kwargs)
        except CellError as exc:
            self.errors.append(RowError(number, header, str(exc)))
            return None

    def parse(self, number: int, cells: dict) -> Row | None:
        before = len(self.errors)
        c = lambda header, parse, *a, **k: self.cell(number, cells, header, parse, *a, **k)  # noqa: E731
        person = self.person(number, cells)
        role = c("Rola", _choice, exports.ROLES, required=True)
        target_group = c("Grupa docelowa", self.target_group)
        linked_pesel = c(
            "PESEL uczestnika, którego otoczeniem jest osoba", lambda v: _pesel(v) if _text(v) else ""
        )
        status = c("Status uczestnictwa", _choice, exports.STATUSES, required=True)
        start_date = c("Data rozpoczęcia udziału w projekcie", _date)
        if start_date is None and not any(
            e.column == "Data rozpoczęcia udziału w projekcie" for e in self.errors
        ):
            self.errors.append(
                RowError(number, "Data rozpoczęcia udziału w projekcie", _("This column is required."))
            )
        labour_status = c(
            "Status osoby na rynku pracy w chwili przystąpienia do projektu", _choice, exports.LABOUR_STATUSES
        )
        substatus_choices = {
            code: exports.SUBSTATUSES[code] for code in enums.SUBSTATUSES.get(labour_status or "", ())
        }
        data = {
            "participant_type": c("Rodzaj uczestnika", _choice, exports.PARTICIPANT_TYPES, required=True),
            "institution": c("Nazwa instytucji", _text),
            "education": c("Wykształcenie", _choice, exports.EDUCATION),
            "labour_status": labour_status,
            "labour_substatus": c("w tym", _choice, substatus_choices),
            "occupation": c("Wykonywany zawód", _text),
            "employer": c("Zatrudniony w", _text),
            "degurba": c("Obszar wg stopnia urbanizacji (DEGURBA)", _choice, dict(enums.Degurba.choices)),
            "planned_education_end": c(
                exports.SL2014[43],
                _date,
            ),
        }
        refused = []
        flag_columns = {
            "minority": "Mniejszość narodowa lub etniczna",
            "foreign_background": "Osoba obcego pochodzenia",
            "third_country_national": "Obywatel państwa trzeciego",
            "homeless": "Osoba bezdomna lub dotknięta wykluczeniem z dostępu do mieszkań",
            "disability": "Osoba z niepełnosprawnościami",
            "other_disadvantage": "Osoba w innej niekorzystnej sytuacji społecznej",
        }
        for name in DISADVANTAGE_FLAGS:
            parsed = c(flag_columns[name], _flag)
            if parsed is None:
                continue
            answer, was_refused = parsed
            if was_refused and name not in REFUSABLE_FLAGS:
                self.errors.append(
                    RowError(number, flag_columns[name], _("A refusal to answer is not allowed here."))
                )
            data[name] = answer
            if was_refused:
                refused.append(name)
        data["refused_flags"] = refused
        exit = self.exit(number, cells, status)
        if len(self.errors) > before:
            return None
        if role == enums.ParticipantRole.MAIN and target_group is None:
            self.errors.append(RowError(number, "Grupa docelowa", _("A participant needs a target group.")))
            return None
        if role == enums.ParticipantRole.ENVIRONMENT and not linked_pesel:
            self.errors.append(
                RowError(
                    number,
                    "PESEL uczestnika, którego otoczeniem jest osoba",
                    _("A person of the environment is linked to a participant."),
                )
            )
            return None
        return Row(number, person, role, target_group, linked_pesel, status, start_date, data, exit)

    def target_group(self, value):
        text = _text(value)
        if not text:
            return None
        if text not in self.target_groups:
            raise CellError(
                _('The project has no target group "%(name)s" (it has: %(names)s).')
                % {"name": text, "names": ", ".join(self.target_groups)}
            )
        return self.target_groups[text]

    def person(self, number: int, cells: dict) -> Person | None:
        first, last = _text(cells["Imię"]), _text(cells["Nazwisko"])
        no_pesel = self.cell(number, cells, "Brak PESEL", _yes_no)
        if no_pesel:
            found = list(
                Person.objects.filter(Q(pesel__isnull=True) | Q(pesel=""))
                .filter(first_name__iexact=first, last_name__iexact=last)
                .order_by("pk")[:2]
            )
            if len(found) != 1:
                self.errors.append(
                    RowError(
                        number,
                        "Nazwisko",
                        _("No single person without PESEL named %(name)s in the registry.")
                        % {"name": f"{first} {last}"},
                    )
                )
                return None
            return found[0]
        pesel = self.cell(number, cells, "PESEL", _pesel)
        if pesel is None:
            return None
        person = Person.objects.filter(pesel=pesel).first()
        if person is None:
            self.errors.append(RowError(number, "PESEL", _("No person with this PESEL in the registry.")))
            return None
        if (person.first_name.casefold(), person.last_name.casefold()) != (first.casefold(), last.casefold()):
            self.errors.append(
                RowError(
                    number,
                    "PESEL",
                    _("This PESEL belongs to %(name)s in the registry, not to %(file_name)s.")
                    % {"name": person.full_name, "file_name": f"{first} {last}"},
                )
            )
            return None
        return person

    def exit(self, number: int, cells: dict, status: str | None) -> dict | None:
        c = lambda header, parse, *a, **k: self.cell(number, cells, header, parse, *a, **k)  # noqa: E731
        end_date = c("Data zakończenia udziału w projekcie", _date)
        reason = c("Sposób zakończenia udziału", _choice, exports.EXIT_REASONS)
        values = {
            "end_date": end_date,
            "exit_reason": reason,
            "completed_path": c(
                exports.SL2014[31],
                _yes_no,
            ),
            "exit_situation_1": c(
                "Sytuacja (1) osoby w momencie zakończenia udziału w projekcie", _choice, self.situations
            ),
            "exit_situation_2": c(
                "Sytuacja (2) osoby w momencie zakończenia udziału w projekcie", _choice, self.situations
            ),
            "note": c("Powód przerwania udziału", _text),
        }
        for name in ("exit_situation_1", "exit_situation_2"):
            values[name] = values[name] or None
        ended = status in (enums.ParticipantStatus.COMPLETED, enums.ParticipantStatus.LEFT_EARLY)
        if not ended:
            if end_date or reason:
                self.errors.append(
                    RowError(
                        number,
                        "Data zakończenia udziału w projekcie",
                        _("A participation that has not ended has no end date or way of ending."),
                    )
                )
            return None
        for header, value in (
            ("Data zakończenia udziału w projekcie", end_date),
            ("Sposób zakończenia udziału", reason),
        ):
            if not value and not any(e.row == number and e.column == header for e in self.errors):
                self.errors.append(RowError(number, header, _("An ended participation needs this column.")))
        if reason and (reason == enums.ExitReason.LEFT_EARLY) != (
            status == enums.ParticipantStatus.LEFT_EARLY
        ):
            self.errors.append(
                RowError(
                    number, "Sposób zakończenia udziału", _("The way of ending does not fit the status.")
                )
            )
        return values


# --- saving ----------------------------------------------------------------------------------------------


def _save_row(actor, project, row: Row) -> Participant:
    existing = (
        Participant.objects.filter(project=project, person=row.person)
        .counted()
        .select_related("person")
        .first()
    )
    if existing is None:
        linked_to = None
        if row.role == enums.ParticipantRole.ENVIRONMENT:
            linked_to = (
                Participant.objects.filter(project=project, person__pesel=row.linked_pesel)
                .main()
                .counted()
                .first()
            )
            if linked_to is None:
                raise ValidationError(
                    _("No participant with PESEL %(pesel)s in the project.") % {"pesel": row.linked_pesel}
                )
        participant = services.participant_enrol(
            actor=actor,
            person=row.person,
            project=project,
            start_date=row.start_date,
            target_group=row.target_group if row.role == enums.ParticipantRole.MAIN else None,
            role=row.role,
            linked_to=linked_to,
        )
    else:
        participant = existing
        row.data["start_date"] = row.start_date
    participant = services.participant_update(actor=actor, participant=participant, data=row.data)
    if (
        row.status == enums.ParticipantStatus.ACTIVE
        and participant.status == enums.ParticipantStatus.ENROLLED
    ):
        participant = services.participant_activate(actor=actor, participant=participant)
    if row.exit is not None:
        if participant.status in enums.CURRENT_STATUSES:
            participant = services.participant_exit(actor=actor, participant=participant, **row.exit)
        else:
            data = {k: v for k, v in row.exit.items() if k != "note"} | {"exit_note": row.exit["note"]}
            participant = services.participant_update(actor=actor, participant=participant, data=data)
    return participant


def import_participants(*, actor, project, content: bytes, format: str) -> ImportResult:
    """Validate every row, then save all of them or none (see the module docstring)."""
    require(actor, "recruitment.manage", project, message=services.DENIED)
    try:
        rows = read_rows(content, format)
    except FileError as exc:
        return ImportResult(errors=[RowError(0, "", str(exc))])
    parser = RowParser(project)
    parsed = [row for number, cells in rows if (row := parser.parse(number, cells)) is not None]
    if parser.errors:
        return ImportResult(errors=parser.errors)
    seen = {}
    for row in parsed:
        if row.person.pk in seen:
            parser.errors.append(
                RowError(
                    row.number,
                    "PESEL",
                    _("The person is also in row %(row)s.") % {"row": seen[row.person.pk]},
                )
            )
        seen.setdefault(row.person.pk, row.number)
    if parser.errors:
        return ImportResult(errors=parser.errors)
    result = ImportResult()
    with transaction.atomic():
        # Participants before their environment, which links to them.
        for row in sorted(parsed, key=lambda r: (r.role != enums.ParticipantRole.MAIN, r.number)):
            try:
                with transaction.atomic():
                    result.saved.append(_save_row(actor, project, row))
            except ValidationError as exc:
                result.errors.append(RowError(row.number, "", " ".join(exc.messages)))
        if result.errors:
            transaction.set_rollback(True)
            result.saved = []
    result.errors.sort(key=lambda e: e.row)
    return result
