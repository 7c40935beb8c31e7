"""Import of applications (zgłoszenia) to a recruitment round from XLSX or CSV.

Columns, in this order (the header row as below): PESEL; Data zgłoszenia (DD.MM.YYYY or YYYY-MM-DD);
Kanał (osobiście / pocztą / e-mailem / skierowanie pracownika socjalnego, or the code); Dokumenty (codes
or Polish names of the documents received, separated by commas; received on the application date);
Uwagi. CSV as Excel saves it (UTF-8 with or without a BOM, or Windows-1250; `;`, `,` or tab), read by
szansa.lib.tabular like every upload.
Every row is checked first; then all rows are saved through the services, or none: a per-row report
says what is wrong.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from szansa.domain.people.access import scope_persons
from szansa.domain.people.models import Person
from szansa.domain.recruitment import enums, services
from szansa.domain.recruitment.imports import (
    CellError,
    FileError,
    ImportResult,
    RowError,
    _date,
    _pesel,
    _text,
    read_rows,
)
from szansa.domain.recruitment.models import Application, DocumentKind, RecruitmentRound
from szansa.lib.services import require

HEADERS = ["PESEL", "Data zgłoszenia", "Kanał", "Dokumenty", "Uwagi"]


def _channel_names() -> dict[str, str]:
    """Every accepted spelling of a channel: its code and its label in each language, whatever is active."""
    names = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            names.update({str(label).casefold(): code for code, label in enums.Channel.choices})
    names.update({code.casefold(): code for code in enums.Channel.values})
    return names


def _channel(value) -> str:
    text = _text(value)
    code = _channel_names().get(text.casefold())
    if code is not None:
        return code
    raise CellError(
        _('"%(value)s" is not one of: %(choices)s.')
        % {"value": text, "choices": ", ".join(str(label) for label in enums.Channel.labels)}
    )


def _documents(value, kinds: dict[str, DocumentKind]) -> list[DocumentKind]:
    found = []
    for name in filter(None, (part.strip() for part in _text(value).split(","))):
        kind = kinds.get(name.casefold())
        if kind is None:
            raise CellError(_('"%(value)s" is not a known document.') % {"value": name})
        found.append(kind)
    return found


def import_applications(*, actor, round: RecruitmentRound, content: bytes, format: str) -> ImportResult:
    """Check every row, then save all applications (with their documents) or none."""
    require(actor, "recruitment.manage", round.target_group.project, message=services.DENIED)
    try:
        rows = read_rows(content, format, headers=HEADERS)
    except FileError as exc:
        return ImportResult(errors=[RowError(0, "", str(exc))])
    kinds = {}
    for kind in DocumentKind.objects.all():
        kinds[kind.code.casefold()] = kind
        kinds[kind.name_pl.casefold()] = kind
    visible = scope_persons(Person.objects.all(), actor)
    already = set(Application.objects.filter(round=round).values_list("person_id", flat=True))
    errors, parsed, seen = [], [], {}
    for number, cells in rows:
        row = {}
        for column, parse in (
            ("PESEL", _pesel),
            ("Data zgłoszenia", _date),
            ("Kanał", _channel),
            ("Dokumenty", lambda value: _documents(value, kinds)),
        ):
            try:
                row[column] = parse(cells[column])
            except CellError as exc:
                errors.append(RowError(number, column, str(exc)))
        if len(row) < 4:
            continue
        if row["Data zgłoszenia"] is None:
            errors.append(RowError(number, "Data zgłoszenia", _("This column is required.")))
            continue
        person = visible.filter(pesel=row["PESEL"]).first()
        if person is None:
            errors.append(
                RowError(number, "PESEL", _("No person with this PESEL in the registry you can see."))
            )
            continue
        if person.pk in already:
            errors.append(RowError(number, "PESEL", _("This person has already applied in this round.")))
        elif person.pk in seen:
            errors.append(
                RowError(number, "PESEL", _("The person is also in row %(row)s.") % {"row": seen[person.pk]})
            )
        seen.setdefault(person.pk, number)
        parsed.append((number, person, row, _text(cells["Uwagi"])))
    if errors:
        return ImportResult(errors=sorted(errors, key=lambda e: e.row))
    result = ImportResult()
    with transaction.atomic():
        for number, person, row, note in parsed:
            try:
                with transaction.atomic():
                    application = services.application_submit(
                        actor=actor,
                        person=person,
                        round=round,
                        submitted_on=row["Data zgłoszenia"],
                        channel=row["Kanał"],
                        note=note,
                    )
                    for kind in row["Dokumenty"]:
                        services.document_receive(
                            actor=actor,
                            application=application,
                            kind=kind,
                            received_on=row["Data zgłoszenia"],
                        )
                result.saved.append(application)
            except ValidationError as exc:
                result.errors.append(RowError(number, "", " ".join(exc.messages)))
        if result.errors:
            transaction.set_rollback(True)
            result.saved = []
    return result
