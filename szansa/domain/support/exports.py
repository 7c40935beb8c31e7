"""The participant exports for the managing body, per programme period (docs/participant-exports.md):

* **SL2014** (2014–2020 projects): the PEFS individual-participant layout, fields 1–43 in their order,
  field 30 and fields 32–38 included, **one row per participant and kind of support received** (a participant
  without any support recorded yet: one row with fields 32–38 empty), the SL2014 dictionaries;
* **CST2021 / SOWA EFS** (2021–2027 projects): its own layout (38 columns in the order of the SOWA EFS
  participant file as third-party tools show it, unverified) and dictionaries read from editable data
  (support/data/cst2021_dictionaries.json: citizenship, education without "gimnazjalne", the kind of
  support by form), separate minority / foreign-background / third-country fields, also one row per
  participant and kind of support.

The conditional fields of a business set up (SL2014 36, CST2021 33) hold the day of the participant's
self-employment outcome; the grant's amount and PKD (SL2014 37–38) and the Youth Employment Initiative's
results (SL2014 30) are not data Szansa holds and stay empty.

Large files: `write_export` reads the participants chunk by chunk from a database iterator and writes
XLSX in openpyxl's write-only mode or CSV piece by piece (szansa.domain.support.export_jobs runs it as a
background job when large).

Only participants who have started (start date reached) are exported; a reporting period keeps those whose
first support — the start of participation, by definition the day of the first form of support — falls in
it. No local column is written: the full export with Szansa's own columns, which the re-import reads, is
`szansa.domain.recruitment.exports.export_participants`. The validation report is always in Polish.

The support received comes from the support path: the activities a participant was assigned to (kind =
the activity's form of support, from the later of the assignment and the activity's start to the earlier
of the withdrawal and the activity's end) and internships; one row per form, from its first start to its
last end, clipped to the participation.
"""

import datetime
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db.models import Q
from django.utils import timezone, translation

from szansa.domain.recruitment import exports as base
from szansa.domain.recruitment.models import Participant
from szansa.domain.support import enums
from szansa.domain.support.models import ActivityParticipant, Internship, Outcome

SL2014 = "sl2014"
CST2021 = "cst2021"
LAYOUTS = (SL2014, CST2021)

# Kind of instrument -> "w tym" of the kind of support (SL2014 field 33; verify the labels against the
# managing authority's PEFS instruction).
INSTRUMENTS = {
    enums.InstrumentKind.SOCIAL: "aktywizacja społeczna",
    enums.InstrumentKind.VOCATIONAL: "aktywizacja zawodowa",
    enums.InstrumentKind.EDUCATIONAL: "aktywizacja edukacyjna",
    enums.InstrumentKind.HEALTH: "aktywizacja zdrowotna",
}


@dataclass(frozen=True)
class Support:
    """One kind of support a participant received, with its first start and last end."""

    form: str  # the form's Polish name (the kind of support)
    instrument: str  # its instrument, as the dictionary names it
    starts_on: datetime.date
    ends_on: datetime.date | None
    code: str = ""  # the form's code (support/data/support_forms.json)
    instrument_kind: str = ""  # InstrumentKind


NO_SUPPORT = Support("", "", None, None)


def support_received(participants: list[Participant]) -> dict[int, list[Support]]:
    """The kinds of support each participant received (two queries), by first start."""
    by_id = {p.pk: p for p in participants}
    spans: dict[tuple[int, int], list] = {}
    forms = {}

    def add(participant_id, form, start, end):
        participant = by_id[participant_id]
        start = max(start, participant.start_date)
        if participant.end_date is not None:
            end = min(end, participant.end_date) if end else participant.end_date
        if end is not None and end < start:
            return
        forms[form.pk] = form
        span = spans.setdefault((participant_id, form.pk), [start, end])
        span[0] = min(span[0], start)
        span[1] = None if span[1] is None or end is None else max(span[1], end)

    for member in ActivityParticipant.objects.filter(participant_id__in=by_id).select_related(
        "activity__form"
    ):
        activity = member.activity
        end = (
            min(d for d in (member.withdrawn_on, activity.ends_on) if d)
            if (member.withdrawn_on or activity.ends_on)
            else None
        )
        add(member.participant_id, activity.form, max(member.assigned_on, activity.starts_on), end)
    for internship in Internship.objects.filter(participant_id__in=by_id).select_related("activity__form"):
        add(internship.participant_id, internship.activity.form, internship.starts_on, internship.ends_on)
    found: dict[int, list[Support]] = {}
    for (participant_id, form_id), (start, end) in spans.items():
        form = forms[form_id]
        found.setdefault(participant_id, []).append(
            Support(
                form.name_pl, INSTRUMENTS.get(form.instrument, ""), start, end, form.code, form.instrument
            )
        )
    for items in found.values():
        items.sort(key=lambda s: (s.starts_on, s.form))
    return found


def business_started_on(participant: Participant):
    """The day the participant set up a business: the earliest self-employment outcome (or an outcome
    whose form of employment is an own business) on or after the start; None when there is none. Read
    by `attach_business_dates` beforehand (one query per chunk)."""
    return getattr(participant, "_business_started_on", None)


def attach_business_dates(participants: list[Participant]) -> None:
    """Set `_business_started_on` on each participant (one query for all of them)."""
    by_id = {p.pk: p for p in participants}
    for p in participants:
        p._business_started_on = None
    outcomes = Outcome.objects.filter(participant_id__in=by_id).filter(
        Q(kind=enums.OutcomeKind.SELF_EMPLOYMENT) | Q(contract_type=enums.ContractType.BUSINESS)
    )
    for participant_id, achieved_on in outcomes.values_list("participant_id", "achieved_on"):
        participant = by_id[participant_id]
        if achieved_on < participant.start_date:
            continue
        if participant._business_started_on is None or achieved_on < participant._business_started_on:
            participant._business_started_on = achieved_on


@dataclass(frozen=True)
class Field:
    number: int
    header: str
    value: Any  # (participant, support) -> cell value


def _from_base(number: int) -> Field:
    column = next(c for c in base.COLUMNS if c.sl2014 == number)
    return Field(number, column.header, lambda p, s, column=column: column.value(p))


SL2014_FIELDS: list[Field] = [
    *(_from_base(n) for n in range(1, 30)),
    Field(30, "Inne rezultaty dotyczące osób młodych (dotyczy IZM)", lambda p, s: ""),
    _from_base(31),
    Field(32, "Rodzaj przyznanego wsparcia", lambda p, s: s.form),
    Field(33, "w tym (rodzaj wsparcia)", lambda p, s: s.instrument),
    Field(34, "Data rozpoczęcia udziału we wsparciu", lambda p, s: s.starts_on),
    Field(35, "Data zakończenia udziału we wsparciu", lambda p, s: s.ends_on),
    # 36–38 are conditional (a business set up). 36: the day of the participant's recorded self-employment
    # outcome; 37 (the grant's amount) and 38 (PKD) are not held: Szansa manages no start-up grants.
    Field(36, "Data założenia działalności gospodarczej", lambda p, s: business_started_on(p)),
    Field(37, "Kwota przyznanych środków na założenie działalności gospodarczej", lambda p, s: ""),
    Field(38, "PKD założonej działalności gospodarczej", lambda p, s: ""),
    *(_from_base(n) for n in range(39, 44)),
]

# CST2021 / SOWA EFS dictionaries: editable data (support/data/cst2021_dictionaries.json), unverified
# (docs/participant-exports.md#cst2021--sowa-efs-layout).
CST_FILE = Path(__file__).parent / "data" / "cst2021_dictionaries.json"


def cst_dictionaries() -> dict:
    with CST_FILE.open(encoding="utf-8") as handle:
        return json.load(handle)


CST = cst_dictionaries()


def _cst(name: str, key) -> str:
    return CST[name].get(str(key), "") if key else ""


def cst_support_kind(support: Support) -> tuple[str, str]:
    """(Rodzaj przyznanego wsparcia, w tym) of a form of support: by the form's code when the data names
    it, else by its instrument; empty for a participant without support."""
    if not support.form:
        return "", ""
    pair = CST["support_kind_by_form"].get(support.code) or CST["support_kind_by_instrument"].get(
        support.instrument_kind
    )
    return tuple(pair) if pair else ("", "")


def _sl(number: int):
    column = next(c for c in base.COLUMNS if c.sl2014 == number)
    return lambda p, s: column.value(p)


CST2021_FIELDS: list[Field] = [
    Field(1, "Numer projektu", lambda p, s: p.project.number),
    Field(2, "Obywatelstwo", lambda p, s: _cst("citizenship", p.person.citizenship)),
    Field(3, "Rodzaj uczestnika", lambda p, s: _cst("participant_type", p.participant_type)),
    Field(4, "Nazwa instytucji", _sl(3)),
    Field(5, "Imię", _sl(4)),
    Field(6, "Nazwisko", _sl(5)),
    Field(7, "PESEL/Inny identyfikator", _sl(6)),
    Field(8, "Brak PESEL", _sl(7)),
    # Given by SOWA EFS to a participant without PESEL once registered there; Szansa does not receive it.
    Field(9, "Techniczny identyfikator uczestnika", lambda p, s: ""),
    Field(10, "Płeć", _sl(8)),
    Field(11, "Wiek w chwili przystąpienia do projektu", _sl(9)),
    Field(12, "Wykształcenie", lambda p, s: _cst("education", p.education)),
    Field(13, "Kraj", _sl(1)),
    Field(14, "Województwo", _sl(11)),
    Field(15, "Powiat", _sl(12)),
    Field(16, "Gmina", _sl(13)),
    Field(17, "Miejscowość", _sl(14)),
    Field(18, "Kod pocztowy", _sl(18)),
    Field(19, "Obszar według stopnia urbanizacji (DEGURBA)", _sl(19)),
    Field(20, "Telefon kontaktowy", _sl(20)),
    Field(21, "Adres e-mail", _sl(21)),
    Field(22, "Data rozpoczęcia udziału w projekcie", _sl(22)),
    Field(23, "Data zakończenia udziału w projekcie", _sl(23)),
    Field(
        24,
        "Status osoby na rynku pracy w chwili przystąpienia do projektu",
        lambda p, s: _cst("labour_status", p.labour_status),
    ),
    Field(25, "w tym", lambda p, s: _cst("labour_substatus", p.labour_substatus)),
    Field(26, "Planowana data zakończenia edukacji", _sl(43)),
    Field(27, "Sytuacja osoby w momencie zakończenia udziału w projekcie", _sl(28)),
    Field(
        28,
        "Zakończenie udziału osoby w projekcie zgodnie z zaplanowaną dla niej ścieżką uczestnictwa",
        _sl(31),
    ),
    # The call's scope of support, one value for the whole project (data; empty until set).
    Field(29, "Zakres wsparcia", lambda p, s: CST["support_scope"] if s.form else ""),
    Field(30, "Rodzaj przyznanego wsparcia", lambda p, s: cst_support_kind(s)[0]),
    Field(31, "w tym (rodzaj wsparcia)", lambda p, s: cst_support_kind(s)[1]),
    Field(32, "Data rozpoczęcia udziału we wsparciu", lambda p, s: s.starts_on),
    Field(33, "Data założenia działalności gospodarczej", lambda p, s: business_started_on(p)),
    Field(34, "Osoba obcego pochodzenia", lambda p, s: base.flag(p, "foreign_background")),
    Field(35, "Obywatel państwa trzeciego", lambda p, s: base.flag(p, "third_country_national")),
    Field(
        36,
        "Osoba należąca do mniejszości narodowej lub etnicznej (w tym społeczności marginalizowane)",
        lambda p, s: base.flag(p, "minority"),
    ),
    Field(
        37,
        "Osoba bezdomna lub dotknięta wykluczeniem z dostępu do mieszkań",
        lambda p, s: base.flag(p, "homeless"),
    ),
    Field(38, "Osoba z niepełnosprawnościami", lambda p, s: base.flag(p, "disability")),
]

FIELDS = {SL2014: SL2014_FIELDS, CST2021: CST2021_FIELDS}


def layout_of(project) -> str:
    """The layout of the project's programme period: CST2021 for 2021–2027, SL2014 otherwise."""
    return CST2021 if project.measure.programme.period == "2021-2027" else SL2014


def headers(layout: str) -> list[str]:
    return [f.header for f in FIELDS[layout]]


def exported_queryset(project, *, period_from=None, period_to=None, today=None, queryset=None):
    """The participants a managing-body export lists: counted (not resigned before the start), started
    (start date reached by `today`), and — with a reporting period — those whose first support (the
    start of participation) falls within it, both ends included."""
    today = today or timezone.localdate()
    participants = base.project_participants(project, queryset).filter(start_date__lte=today)
    if period_from is not None:
        participants = participants.filter(start_date__gte=period_from)
    if period_to is not None:
        participants = participants.filter(start_date__lte=period_to)
    return participants


def exported_participants(project, **options) -> list[Participant]:
    return list(exported_queryset(project, **options))


def _participant_rows(fields, participants: list[Participant], received) -> Iterator[list]:
    for participant in participants:
        for support in received.get(participant.pk) or [NO_SUPPORT]:
            yield [f.value(participant, support) for f in fields]


def rows(layout: str, participants: list[Participant]) -> list[list]:
    """One row per participant and kind of support (a participant without support: one row)."""
    attach_business_dates(participants)
    return list(_participant_rows(FIELDS[layout], participants, support_received(participants)))


def streamed_rows(layout: str, queryset, report: list, progress=None) -> Iterator[list]:
    """The same rows read chunk by chunk from a database iterator (three queries a chunk), the Polish
    validation report's rows appended to `report` on the way, progress(participants done) per chunk."""
    fields = FIELDS[layout]
    done = 0
    for chunk in base.chunks_of(queryset):
        attach_business_dates(chunk)
        with translation.override("pl"):
            report.extend(row for p in chunk if (row := base.report_row(p)) is not None)
        yield from _participant_rows(fields, chunk, support_received(chunk))
        done += len(chunk)
        if progress is not None:
            progress(done)


def validation_rows(participants) -> list[list]:
    """The validation report, in Polish whatever the reader's language (the managing body reads it)."""
    with translation.override("pl"):
        return base.validation_rows(participants)


def incomplete_report(project, **options) -> list[list]:
    """The Polish validation report of the participants an export would list, read chunk by chunk."""
    report: list = []
    with translation.override("pl"):
        for chunk in base.chunks_of(exported_queryset(project, **options)):
            report.extend(row for p in chunk if (row := base.report_row(p)) is not None)
    return report


SHEET_VALIDATION = base.SHEET_VALIDATION


def write_export(
    project,
    out,
    *,
    format: str,
    layout: str | None = None,
    period_from=None,
    period_to=None,
    today=None,
    progress=None,
) -> tuple[int, int]:
    """The managing-body export written to `out` (a binary file) without the whole file in memory:
    participants read from a database iterator, XLSX in write-only mode (two sheets), CSV row by row
    (the participants file only). Returns (participants, participants with missing fields)."""
    layout = layout or layout_of(project)
    queryset = exported_queryset(project, period_from=period_from, period_to=period_to, today=today)
    report: list = []
    participants = 0

    def counting(done):
        nonlocal participants
        participants = done
        if progress is not None:
            progress(done)

    data = streamed_rows(layout, queryset, report, counting)
    if format == "xlsx":
        base.write_xlsx_to(
            out,
            base._sheets(
                (base.SHEET_PARTICIPANTS, headers(layout), data),
                (base.SHEET_VALIDATION, base.VALIDATION_HEADERS, report),
            ),
        )
    elif format == "csv":
        for piece in base.csv_stream(headers(layout), data):
            out.write(piece)
    else:
        raise ValueError(f"Unknown format: {format}")
    return participants, len(report)


def csv_export_stream(project, *, layout: str | None = None, period_from=None, period_to=None, today=None):
    """The managing-body CSV (participants file) as pieces of bytes, for a streamed download."""
    layout = layout or layout_of(project)
    queryset = exported_queryset(project, period_from=period_from, period_to=period_to, today=today)
    return base.csv_stream(headers(layout), streamed_rows(layout, queryset, []))


def export(
    project, *, format: str, layout: str | None = None, period_from=None, period_to=None, today=None
) -> base.Export:
    """The managing-body export of a project in its period's layout (or `layout`), XLSX (two sheets) or
    CSV (the report as a second file), as bytes (the command and small downloads)."""
    out = io.BytesIO()
    count, incomplete = write_export(
        project, out, format=format, layout=layout, period_from=period_from, period_to=period_to, today=today
    )
    validation = None
    if format == "csv":
        participants = exported_participants(
            project, period_from=period_from, period_to=period_to, today=today
        )
        validation = base.write_csv(base.VALIDATION_HEADERS, validation_rows(participants))
    return base.Export(out.getvalue(), validation, count, incomplete)


def export_for_managing_body(project, *, format: str, **options) -> base.Export:
    """The export to send: refused (IncompleteDataSet, with the Polish report) while any participant in it
    misses data-set fields."""
    result = export(project, format=format, **options)
    if result.incomplete_count:
        period = {k: options.get(k) for k in ("period_from", "period_to", "today")}
        raise base.IncompleteDataSet(result, incomplete_report(project, **period))
    return result
