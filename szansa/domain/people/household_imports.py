"""Import of households and of monthly incomes from CSV or XLSX: the rest of a migration from an old
system, after the people (szansa.domain.people.imports, whose results, report and audit it reuses).

Files are read by szansa.lib.tabular (UTF-8 or Windows-1250, `;`/`,`/tab, or XLSX), headers in Polish or
English with or without diacritics. Every row is checked (PESEL in the registry, known relation or
source, amount, month, duplicates); a file with any rejected row saves nothing, and the report lists
every rejected row with its reason. A clean file is saved in one transaction: households through the
services (each member's change is in the person's history), incomes in bulk; one audit entry names the
actor, the file and the counts. README "Imports and exports" documents the columns.

Households: household key (any text of the old system that groups the rows of one household), member's
PESEL, relation to the head (exactly one head per household). Incomes: PESEL or, for a person without
one, the person's number in Szansa (column "id osoby"; the `id` of the API and of the file's address),
month (MM.YYYY, YYYY-MM or a date in the month), amount ("1 200,50", "1200.50", "1 200,50 zł"), source,
counts as income (tak/nie, empty: tak), note.
"""

import datetime
import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import BinaryIO, TextIO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from szansa.domain.people import enums, services
from szansa.domain.people.imports import (
    MAX_ERRORS_KEPT,
    FileError,
    ImportResult,
    _Run,
    normalise_header,
    pesel_birth_date,
)
from szansa.domain.people.models import IncomeRecord, Person
from szansa.lib import tabular
from szansa.lib.services import require

HOUSEHOLDS, INCOMES = "households", "incomes"
_BATCH = 2000

# Field -> accepted (normalised) headers; the first is how a missing column is named.
HOUSEHOLD_COLUMNS = {
    "household": (
        "klucz_gospodarstwa",
        "gospodarstwo",
        "nr_gospodarstwa",
        "numer_gospodarstwa",
        "id_gospodarstwa",
        "household_key",
        "household",
        "household_id",
    ),
    "pesel": ("pesel", "pesel_czlonka", "member_pesel"),
    "relation": (
        "relacja",
        "pokrewienstwo",
        "stopien_pokrewienstwa",
        "relacja_do_glowy",
        "stosunek_do_glowy",
        "relation",
        "relation_to_head",
    ),
}
INCOME_COLUMNS = {
    "pesel": ("pesel",),
    # the person's number in Szansa (the `id` of the API, the number in the address of the file
    # /people/<number>/): matches a person without PESEL, whom the people import keeps by document
    "person_id": ("id_osoby", "nr_osoby", "numer_osoby", "person_id", "id"),
    "month": ("miesiac", "okres", "month"),
    "amount": ("kwota", "kwota_netto", "dochod_netto", "amount", "net_amount"),
    "source": ("zrodlo", "zrodlo_dochodu", "source", "income_source"),
    "counts": (
        "wlicza_sie_do_dochodu",
        "liczy_sie_do_dochodu",
        "wliczany_do_dochodu",
        "counts_as_income",
        "counts",
    ),
    "note": ("uwagi", "notatka", "note"),
}
_REQUIRED = {HOUSEHOLDS: ("household", "pesel", "relation"), INCOMES: ("month", "amount", "source")}

_RELATION_EXTRA = {
    "glowa": "head",
    "glowa_rodziny": "head",
    "glowa_gospodarstwa": "head",
    "glowa_gospodarstwa_domowego": "head",
    "wnioskodawca": "head",
    "malzonek": "spouse",
    "malzonka": "spouse",
    "partner": "spouse",
    "partnerka": "spouse",
    "konkubent": "spouse",
    "konkubina": "spouse",
    "syn": "child",
    "corka": "child",
    "dziecko": "child",
    "matka": "parent",
    "ojciec": "parent",
    "brat": "sibling",
    "siostra": "sibling",
    "rodzenstwo": "sibling",
    "wnuk": "grandchild",
    "wnuczka": "grandchild",
    "krewny": "relative",
    "inny_krewny": "relative",
    "niespokrewniony": "unrelated",
    "niespokrewniona": "unrelated",
}
_YES = {"tak", "t", "yes", "y", "1", "true", "prawda", "x"}
_NO = {"nie", "n", "no", "0", "false", "falsz"}
_MONTH = re.compile(r"(\d{1,2})[./-](\d{4})|(\d{4})-(\d{1,2})")


def _choices(choices, extra=None) -> dict[str, str]:
    """Every accepted spelling: the code and the label in each language, normalised."""
    names = {normalise_header(code): code for code in choices.values}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            names.update({normalise_header(str(label)): code for code, label in choices.choices})
    return names | (extra or {})


def parse_amount(text: str) -> Decimal:
    """ "1 200,50", "1200.50", "1.200,50", "1 200,50 zł" -> Decimal('1200.50'); ValueError otherwise."""
    text = re.sub(r"[\s\u00a0\u202f]|zł|zl|pln", "", text.strip().lower())
    if "," in text and "." in text:
        if text.rfind(",") > text.rfind("."):
            text = text.replace(".", "").replace(",", ".")
        else:
            text = text.replace(",", "")
    else:
        text = text.replace(",", ".")
    if not re.fullmatch(r"\d+(\.\d{1,2})?", text):
        raise ValueError(text)
    try:
        return Decimal(text)
    except InvalidOperation:
        raise ValueError(text) from None


def parse_month(text: str) -> datetime.date:
    """MM.YYYY, MM/YYYY, YYYY-MM, or a date (DD.MM.YYYY, YYYY-MM-DD): the first day of its month."""
    text = text.strip()
    match = _MONTH.fullmatch(text)
    if match:
        month, year = (match[1], match[2]) if match[1] else (match[4], match[3])
        return datetime.date(int(year), int(month), 1)
    for pattern in ("%d.%m.%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(text, pattern).date().replace(day=1)
        except ValueError:
            pass
    raise ValueError(text)


class _Columns:
    def __init__(self, header: list[str], spec: dict[str, tuple[str, ...]], required: tuple[str, ...]):
        aliases = {alias: name for name, names in spec.items() for alias in names}
        self.header = header
        self.indexes: dict[str, int] = {}
        for index, title in enumerate(header):
            name = aliases.get(normalise_header(title))
            if name is None:
                continue
            if name in self.indexes:
                raise FileError(
                    _('The columns "%(first)s" and "%(second)s" hold the same data; keep one of them.')
                    % {"first": header[self.indexes[name]], "second": title}
                )
            self.indexes[name] = index
        missing = [spec[name][0] for name in required if name not in self.indexes]
        if missing:
            raise FileError(
                _("The file has no column: %(columns)s (see the column list in the README).")
                % {"columns": ", ".join(missing)}
            )
        self.spec = spec

    def values(self, cells: list[str]) -> dict[str, str]:
        values = {
            name: (cells[index].strip() if index < len(cells) else "") for name, index in self.indexes.items()
        }
        pesel = values.get("pesel", "")
        if pesel.isdigit() and 9 <= len(pesel) < 11:
            values["pesel"] = pesel.zfill(11)  # a spreadsheet kept it as a number and dropped leading zeros
        return values

    def title(self, name: str) -> str:
        index = self.indexes.get(name)
        return self.header[index] if index is not None else self.spec[name][0]


def _people(pesels) -> dict[str, tuple[int, int | None]]:
    """PESEL -> (person id, household id) of the registry's people with these PESELs."""
    found = {}
    pesels = list(pesels)
    for start in range(0, len(pesels), _BATCH):
        chunk = pesels[start : start + _BATCH]
        for pk, pesel, household in Person.objects.filter(pesel__in=chunk).values_list(
            "pk", "pesel", "household_id"
        ):
            found[pesel] = (pk, household)
    return found


def _pesel_error(pesel: str) -> str | None:
    if not pesel:
        return _("This column is required.")
    if pesel_birth_date(pesel) is None:
        return _("This PESEL is not valid.")
    return None


def import_table(
    kind: str,
    source: str | Path | BinaryIO,
    *,
    actor,
    name: str = "",
    format: str | None = None,
    dry_run: bool = False,
    progress: Callable[[int, int | None], None] | None = None,
    report: TextIO | None = None,
    max_errors: int = MAX_ERRORS_KEPT,
) -> ImportResult:
    """Import households (kind "households") or incomes ("incomes"): every row checked, then all saved
    or none. actor needs "people.import_people" (None: an operator's command without --user).
    progress(rows read, rows expected) after each batch; report receives every error as CSV."""
    if kind not in (HOUSEHOLDS, INCOMES):
        raise ValueError(kind)
    if actor is not None:
        require(actor, "people.import_people", message=_("You may not import people."))
    if isinstance(source, (str, Path)):
        with open(source, "rb") as stream:
            return import_table(
                kind,
                stream,
                actor=actor,
                name=name or Path(source).name,
                format=format,
                dry_run=dry_run,
                progress=progress,
                report=report,
                max_errors=max_errors,
            )
    result = ImportResult()
    run = _Run(result, report, max_errors)
    audited = False
    try:
        table = tabular.open_table(source, name, format=format)
        format = table.format
        spec = HOUSEHOLD_COLUMNS if kind == HOUSEHOLDS else INCOME_COLUMNS
        columns = _Columns(table.header, spec, _REQUIRED[kind])
        check = _HouseholdRows(columns) if kind == HOUSEHOLDS else _IncomeRows(columns)
        batch = []
        for number, cells in enumerate(table.rows, start=2):
            if not "".join(cells).strip():
                continue
            batch.append((number, columns.values(cells)))
            if len(batch) >= _BATCH:
                check.batch(batch, run)
                if progress:
                    progress(result.rows, table.total)
                batch = []
        if batch:
            check.batch(batch, run)
        check.finish(run)
        if progress:
            progress(result.rows, result.rows)
        if result.rejected or dry_run:
            result.not_saved = result.rows - result.rejected
        else:
            with transaction.atomic():  # the records and their audit entry commit together
                result.saved = check.save(actor)
                _audit(kind, actor, name, format or "", dry_run, result)
                audited = True
    except (FileError, tabular.UnreadableFile) as exc:
        result.file_error = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
        result.not_saved = result.rows - result.rejected
        run.error(0, "", result.file_error)
    except ValidationError as exc:  # a service refused a household (a concurrent change)
        result.file_error = " ".join(exc.messages)
        result.not_saved = result.rows - result.rejected
        run.error(0, "", result.file_error)
    if not audited:
        _audit(kind, actor, name, format or "", dry_run, result)
    return result


class _HouseholdRows:
    def __init__(self, columns: _Columns):
        self.columns = columns
        self.relations = _choices(enums.HouseholdRelation, _RELATION_EXTRA)
        self.households: dict[str, list[tuple[int, int, str]]] = {}  # key -> [(row, person id, relation)]
        self.seen: dict[str, int] = {}  # PESEL -> row

    def batch(self, batch, run: _Run) -> None:
        title = self.columns.title
        people = _people({values["pesel"] for _n, values in batch if values["pesel"]})
        for number, values in batch:
            run.result.rows += 1
            errors = []
            key, pesel = values["household"], values["pesel"]
            if not key:
                errors.append(("household", _("This column is required.")))
            relation = self.relations.get(normalise_header(values["relation"]))
            if relation is None:
                errors.append(
                    (
                        "relation",
                        _('"%(value)s" is not one of: %(choices)s.')
                        % {
                            "value": values["relation"],
                            "choices": ", ".join(str(label) for label in enums.HouseholdRelation.labels),
                        },
                    )
                )
            problem = _pesel_error(pesel)
            person = people.get(pesel)
            if problem is None and person is None:
                problem = _("No person with this PESEL in the registry.")
            elif problem is None and person[1] is not None:
                problem = _("This person already belongs to a household.")
            elif problem is None and pesel in self.seen:
                problem = _("The same PESEL is also in row %(row)s.") % {"row": self.seen[pesel]}
            if problem:
                errors.append(("pesel", problem))
            else:
                self.seen[pesel] = number
            if errors:
                run.result.rejected += 1
                for name, message in errors:
                    run.error(number, title(name), message)
            else:
                self.households.setdefault(key, []).append((number, person[0], relation))

    def finish(self, run: _Run) -> None:
        for key, members in self.households.items():
            heads = [number for number, _pk, relation in members if relation == enums.HouseholdRelation.HEAD]
            if len(heads) != 1:
                message = (
                    _('The household "%(key)s" has no head.') % {"key": key}
                    if not heads
                    else _('The household "%(key)s" has more than one head (rows %(rows)s).')
                    % {"key": key, "rows": ", ".join(map(str, heads))}
                )
                for number, _pk, _relation in members:
                    run.result.rejected += 1
                    run.error(number, self.columns.title("household"), message)

    def save(self, actor) -> int:
        people = Person.objects.in_bulk(
            [pk for members in self.households.values() for _n, pk, _r in members]
        )
        for members in self.households.values():
            members = sorted(members, key=lambda m: m[2] != enums.HouseholdRelation.HEAD)
            household = services.household_create(actor=actor, head=people[members[0][1]])
            for _number, pk, relation in members[1:]:
                services.household_add_member(
                    actor=actor, household=household, person=people[pk], relation=relation
                )
        return len(self.households)


class _IncomeRows:
    def __init__(self, columns: _Columns):
        if "pesel" not in columns.indexes and "person_id" not in columns.indexes:
            raise FileError(
                _("The file has no column: %(columns)s (see the column list in the README).")
                % {"columns": _("PESEL or id osoby")}
            )
        self.columns = columns
        self.sources = _choices(enums.IncomeSource)
        self.records: list[IncomeRecord] = []
        self.seen: dict[tuple, int] = {}

    def batch(self, batch, run: _Run) -> None:
        title = self.columns.title
        people = _people({values.get("pesel") for _n, values in batch if values.get("pesel")})
        numbers = {values.get("person_id") for _n, values in batch if values.get("person_id", "").isdigit()}
        known = set(Person.objects.filter(pk__in=[int(n) for n in numbers]).values_list("pk", flat=True))
        for number, values in batch:
            run.result.rows += 1
            errors = []
            pesel, person_number = values.get("pesel", ""), values.get("person_id", "")
            person_id = None
            if pesel:
                problem = _pesel_error(pesel)
                if problem is None and pesel not in people:
                    problem = _("No person with this PESEL in the registry.")
                if problem:
                    errors.append(("pesel", problem))
                else:
                    person_id = people[pesel][0]
            elif person_number:
                if not person_number.isdigit() or int(person_number) not in known:
                    errors.append(
                        (
                            "person_id",
                            _('No person with the number "%(value)s" in the registry.')
                            % {"value": person_number},
                        )
                    )
                else:
                    person_id = int(person_number)
            else:
                errors.append(
                    (
                        "pesel",
                        _(
                            "Give the PESEL or, for a person without one, the person's number in Szansa "
                            "(id osoby)."
                        ),
                    )
                )
            month = amount = None
            try:
                month = parse_month(values["month"])
            except ValueError:
                errors.append(
                    ("month", _('"%(value)s" is not a month (MM.YYYY).') % {"value": values["month"]})
                )
            try:
                amount = parse_amount(values["amount"])
                if amount >= Decimal("100000000"):
                    raise ValueError(values["amount"])
            except ValueError:
                errors.append(
                    (
                        "amount",
                        _('"%(value)s" is not an amount (e.g. 1 200,50).') % {"value": values["amount"]},
                    )
                )
            source = self.sources.get(normalise_header(values["source"]))
            if source is None:
                errors.append(
                    (
                        "source",
                        _('"%(value)s" is not one of: %(choices)s.')
                        % {
                            "value": values["source"],
                            "choices": ", ".join(str(label) for label in enums.IncomeSource.labels),
                        },
                    )
                )
            counts_text = values.get("counts", "").lower()
            counts = True if not counts_text or counts_text in _YES else False if counts_text in _NO else None
            if counts is None:
                errors.append(
                    ("counts", _('"%(value)s" is neither "tak" nor "nie".') % {"value": counts_text})
                )
            note = values.get("note", "")
            if len(note) > 255:
                errors.append(("note", _("At most 255 characters.")))
            if not errors:
                key = (person_id, month, source)
                if key in self.seen:
                    errors.append(
                        (
                            "source",
                            _("The same person, month and source are also in row %(row)s.")
                            % {"row": self.seen[key]},
                        )
                    )
                else:
                    self.seen[key] = number
            if errors:
                run.result.rejected += 1
                for name, message in errors:
                    run.error(number, title(name), message)
            else:
                self.records.append(
                    IncomeRecord(
                        person_id=person_id,
                        month=month,
                        source=source,
                        net_amount=amount,
                        counts_as_income=counts,
                        note=note,
                    )
                )

    def finish(self, run: _Run) -> None:
        pass

    def save(self, actor) -> int:
        IncomeRecord.objects.bulk_create(self.records, batch_size=1000)
        return len(self.records)


def _audit(kind: str, actor, name: str, format: str, dry_run: bool, result: ImportResult) -> None:
    """One audit entry per import (income records are written in bulk, bypassing auditlog's signals)."""
    from auditlog.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(Person),
        object_pk="",
        object_repr=f"import_{kind}: {name}"[:200],
        action=LogEntry.Action.CREATE,
        actor=actor,
        changes=None,
        additional_data={
            f"import_{kind}": {
                "file": name,
                "format": format,
                "dry_run": dry_run,
                "rows": result.rows,
                "saved": result.saved,
                "rejected": result.rejected,
                "not_saved": result.not_saved,
                "file_error": result.file_error,
            }
        },
    )
