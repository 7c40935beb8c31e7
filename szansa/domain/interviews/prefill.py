"""The registry values that pre-fill an interview, by key (a question's `prefill` in the questionnaire's
data names one), and the few that an accepted answer writes back into the registry.

Each key is implemented once: `read(person, on)` gives the registry's value in the answer's form (as the
question's type stores it), and `write(actor, person, value, on)`, where a key has one, changes the
registry through the people services so its history and audit trail record the change. Keys without
`write` are shown in the write-back difference but are changed in the person's file, not from here
(docs/community-interview.md#pre-fill-and-write-back).
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from szansa.domain.people import enums as people_enums
from szansa.domain.people import services as people_services
from szansa.domain.people.enums import HEALTH_ART7_CODES, SituationKind
from szansa.domain.people.models import IncomeRecord, Person, Situation


@dataclass(frozen=True)
class Key:
    code: str
    label: str
    read: Callable[[Person, datetime.date], object]
    write: Callable | None = None

    @property
    def writable(self) -> bool:
        return self.write is not None


def last_month(on: datetime.date) -> datetime.date:
    """The first day of the month before `on` (the income of the month before the request, art. 8 ust. 3)."""
    first = on.replace(day=1)
    return (first - datetime.timedelta(days=1)).replace(day=1)


def _members(person: Person) -> list[Person]:
    if person.household_id is None:
        return [person]
    return list(person.household.members.order_by("birth_date", "pk"))


def _situations(person: Person, on: datetime.date, kind: str):
    return Situation.objects.on(on).filter(person=person, kind=kind)


def _money(value) -> str:
    return f"{Decimal(value or 0).quantize(Decimal('0.01'))}"


def read_full_name(person, on):
    return person.full_name


def read_pesel(person, on):
    return person.pesel or ""


def read_birth_date(person, on):
    return person.birth_date.isoformat()


def read_address(person, on):
    return person.address_line


def read_phone(person, on):
    return person.phone or ""


def write_phone(actor, person, value, on):
    people_services.person_update(actor=actor, person=person, data={"phone": (value or "").strip()[:30]})


def read_household_size(person, on):
    return len(_members(person))


def read_household_members(person, on):
    lines = []
    for member in _members(person):
        relation = member.get_household_relation_display() if member.household_relation else ""
        lines.append(
            f"{member.full_name}, ur. {member.birth_date:%d.%m.%Y}" + (f", {relation}" if relation else "")
        )
    return "\n".join(lines)


def read_multi_problem(person, on):
    return bool(person.household_id and person.household.multi_problem_family)


def write_multi_problem(actor, person, value, on):
    if person.household_id is None:
        return
    people_services.household_update(
        actor=actor, household=person.household, data={"multi_problem_family": bool(value)}
    )


def _incomes(person, on):
    members = [member.pk for member in _members(person)]
    return IncomeRecord.objects.filter(person_id__in=members, month=last_month(on), counts_as_income=True)


def read_income_total(person, on):
    return _money(_incomes(person, on).aggregate(total=Sum("net_amount"))["total"])


def read_income_sources(person, on):
    lines = []
    for record in _incomes(person, on).select_related("person").order_by("person__last_name", "pk"):
        source = record.get_source_display()
        lines.append(f"{record.person.full_name}: {source} {record.net_amount} zł")
    return "\n".join(lines)


def read_labour_status(person, on):
    situation = _situations(person, on, SituationKind.LABOUR_MARKET).order_by("-valid_from").first()
    return situation.labour_status if situation else ""


def _end(actor, situations, on):
    for situation in situations:
        situation.valid_to = max(situation.valid_from, on - datetime.timedelta(days=1))
        people_services.record_save(actor=actor, record=situation)


def write_labour_status(actor, person, value, on):
    current = list(_situations(person, on, SituationKind.LABOUR_MARKET))
    _end(actor, current, on)
    if value:
        record = Situation(
            person=person,
            kind=SituationKind.LABOUR_MARKET,
            labour_status=value,
            valid_from=on,
            note=str(_("from the community interview")),
        )
        people_services.record_save(actor=actor, record=record)


def read_homeless(person, on):
    return _situations(person, on, SituationKind.HOMELESSNESS).exists()


def write_homeless(actor, person, value, on):
    current = list(_situations(person, on, SituationKind.HOMELESSNESS))
    if value and not current:
        record = Situation(
            person=person,
            kind=SituationKind.HOMELESSNESS,
            valid_from=on,
            note=str(_("from the community interview")),
        )
        people_services.record_save(actor=actor, record=record)
    elif not value and current:
        _end(actor, current, on)


def read_disability(person, on):
    situation = _situations(person, on, SituationKind.DISABILITY).order_by("-valid_from").first()
    return situation.disability_degree if situation else ""


def _reasons(person, on, health: bool) -> list[str]:
    codes = _situations(person, on, SituationKind.ASSISTANCE_REASON).values_list(
        "assistance_reason__code", flat=True
    )
    return sorted({code for code in codes if (code in HEALTH_ART7_CODES) == health}, key=_reason_order)


def _reason_order(code: str):
    digits = "".join(ch for ch in code if ch.isdigit())
    return (int(digits or 0), code)


def read_reasons(person, on):
    return _reasons(person, on, health=False)


def read_health_reasons(person, on):
    return _reasons(person, on, health=True)


_KEYS = [
    Key("person.full_name", _("first name and surname"), read_full_name),
    Key("person.pesel", _("PESEL"), read_pesel),
    Key("person.birth_date", _("birth date"), read_birth_date),
    Key("person.address", _("address"), read_address),
    Key("person.phone", _("phone"), read_phone, write_phone),
    Key("household.size", _("number of people in the household"), read_household_size),
    Key("household.members", _("members of the household"), read_household_members),
    Key("household.multi_problem_family", _("multi-problem family"), read_multi_problem, write_multi_problem),
    Key("income.last_month_total", _("household's net income of the last month"), read_income_total),
    Key("income.last_month_sources", _("sources of income of the last month"), read_income_sources),
    Key("situation.labour_status", _("labour-market status"), read_labour_status, write_labour_status),
    Key("situation.homelessness", _("homelessness"), read_homeless, write_homeless),
    Key("situation.disability_degree", _("degree of disability"), read_disability),
    Key("situation.assistance_reasons", _("reasons for assistance (art. 7)"), read_reasons),
    Key(
        "situation.health_reasons",
        _("reasons for assistance concerning health (art. 7)"),
        read_health_reasons,
    ),
]
KEYS: dict[str, Key] = {key.code: key for key in _KEYS}

# The labour-market statuses as the registry codes them (the questionnaire's choices use the same values).
LABOUR_STATUSES = people_enums.LabourMarketStatus.values
