"""Reads of sheltered housing that pages, the API and (later) tasks share: the standards check, visits
per resident and per apartment, occupancy, stays ending soon, arrears."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, F, Prefetch, Sum
from django.db.models.functions import TruncMonth
from django.http import Http404
from django.utils.translation import gettext as _

from szansa.domain.housing import enums
from szansa.domain.housing.access import scope_apartments, scope_stays
from szansa.domain.housing.models import (
    ZERO,
    Apartment,
    HousingStandard,
    MonthlyStatement,
    Place,
    Stay,
    Visit,
)
from szansa.lib.dates import month_bounds, month_start

HUNDRED = Decimal("100")


# --- standards ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RuleCheck:
    """One rule of the standard in force: met (True / False) or not checkable (None), and why."""

    code: str
    met: bool | None
    reason: str


@dataclass(frozen=True)
class StandardsCheck:
    on: datetime.date
    standard: HousingStandard | None
    residents: int
    places: int
    rules: list[RuleCheck]

    @property
    def met(self) -> bool | None:
        """False if any rule fails; None if nothing could be checked."""
        verdicts = [rule.met for rule in self.rules if rule.met is not None]
        if not verdicts:
            return None
        return all(verdicts)


def _area(value: Decimal) -> str:
    return f"{value:.2f}".replace(".", ",")


def standards_check(apartment: Apartment, on: datetime.date) -> StandardsCheck:
    """Check a flat on a day against the standard in force then (housing/data/standards.json).
    Persons are the residents whose stay covers the day; places are the flat's places."""
    standard = HousingStandard.objects.on(on).order_by("-valid_from").first()
    residents = Stay.objects.on(on).filter(place__room__apartment=apartment).count()
    places = Place.objects.filter(room__apartment=apartment).count()
    if standard is None:
        rule = RuleCheck("standard", None, _("No standard for sheltered flats is in force on this day."))
        return StandardsCheck(on, None, residents, places, [rule])
    rules = []
    if standard.max_persons is not None:
        limit = standard.max_persons
        params = {"count": residents, "limit": limit}
        rules.append(
            RuleCheck(
                "max_persons",
                residents <= limit,
                _("%(count)s residents, at most %(limit)s allowed") % params
                if residents <= limit
                else _("%(count)s residents, more than the %(limit)s allowed") % params,
            )
        )
        params = {"count": places, "limit": limit}
        rules.append(
            RuleCheck(
                "max_places",
                places <= limit,
                _("%(count)s places, at most %(limit)s allowed") % params
                if places <= limit
                else _("%(count)s places, more than the %(limit)s persons allowed") % params,
            )
        )
    if standard.min_persons is not None:
        params = {"count": places, "limit": standard.min_persons}
        rules.append(
            RuleCheck(
                "min_persons",
                places >= standard.min_persons,
                _("%(count)s places, at least %(limit)s required") % params
                if places >= standard.min_persons
                else _("%(count)s places, fewer than the %(limit)s required") % params,
            )
        )
    if standard.min_area_per_person is not None:
        persons = max(residents, places)
        if persons == 0:
            rules.append(
                RuleCheck("area_per_person", None, _("No places or residents to divide the area by."))
            )
        else:
            per_person = (apartment.usable_area / persons).quantize(Decimal("0.01"))
            params = {
                "area": _area(per_person),
                "minimum": _area(standard.min_area_per_person),
                "persons": persons,
            }
            ok = per_person >= standard.min_area_per_person
            rules.append(
                RuleCheck(
                    "area_per_person",
                    ok,
                    _("%(area)s m² per person for %(persons)s persons, at least %(minimum)s m² required")
                    % params
                    if ok
                    else _(
                        "%(area)s m² per person for %(persons)s persons, below the %(minimum)s m² required"
                    )
                    % params,
                )
            )
    if standard.min_bathroom_area is not None:
        applies = standard.bathroom_rule_from is None or apartment.opened_on >= standard.bathroom_rule_from
        minimum = _area(standard.min_bathroom_area)
        if not applies:
            rules.append(
                RuleCheck(
                    "bathroom",
                    None,
                    _("bathroom minimum of %(minimum)s m² applies to flats opened from %(day)s")
                    % {"minimum": minimum, "day": f"{standard.bathroom_rule_from:%d.%m.%Y}"},
                )
            )
        elif apartment.bathroom_area is None:
            rules.append(
                RuleCheck(
                    "bathroom",
                    False,
                    _("bathroom area not recorded (%(minimum)s m² required)") % {"minimum": minimum},
                )
            )
        else:
            ok = apartment.bathroom_area >= standard.min_bathroom_area
            params = {"area": _area(apartment.bathroom_area), "minimum": minimum}
            rules.append(
                RuleCheck(
                    "bathroom",
                    ok,
                    _("bathroom %(area)s m², at least %(minimum)s m² required") % params
                    if ok
                    else _("bathroom %(area)s m², less than the %(minimum)s m² required") % params,
                )
            )
    return StandardsCheck(on, standard, residents, places, rules)


# --- reads with scope --------------------------------------------------------------------------------------


def apartment_list(*, user):
    return (
        scope_apartments(Apartment.objects.all(), user)
        .select_related("project")
        .prefetch_related("kind_periods")
    )


def apartment_get(*, user, pk) -> Apartment:
    try:
        return apartment_list(user=user).get(pk=pk)
    except (Apartment.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def stay_list(*, user):
    return scope_stays(Stay.objects.all(), user).select_related(
        "person", "place__room__apartment", "target_group__project"
    )


def stay_get(*, user, pk) -> Stay:
    try:
        return stay_list(user=user).get(pk=pk)
    except (Stay.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def stays_ending_within(*, user, on: datetime.date, days: int = 30):
    """Stays whose planned end falls within `days` days from `on` and that have not ended yet: the
    social worker prepares the exit or the extension (the lead turns these into tasks)."""
    return ending_within(stay_list(user=user), on=on, days=days)


def ending_within(stays, *, on: datetime.date, days: int):
    """Of `stays`, those not yet ended whose current end falls within `days` days from `on`."""
    return stays.filter(
        actual_end__isnull=True, occupied_to__gte=on, occupied_to__lte=on + datetime.timedelta(days=days)
    ).order_by("occupied_to", "pk")


# --- visits ------------------------------------------------------------------------------------------------


def visits_per_resident_month(stays):
    """Rows (stay id, month, kind, visits, minutes) for the given stays, by month and kind of support."""
    return (
        Visit.objects.filter(stay__in=stays)
        .annotate(month=TruncMonth("date"))
        .values("stay_id", "month", "kind")
        .annotate(visits=Count("pk"), minutes=Sum("duration_minutes"))
        .order_by("stay_id", "month", "kind")
    )


def visits_per_apartment_month(apartments):
    """Rows (apartment id as `apartment`, month, visits, minutes, residents visited)."""
    return (
        Visit.objects.filter(stay__place__room__apartment__in=apartments)
        .annotate(month=TruncMonth("date"), apartment=F("stay__place__room__apartment_id"))
        .values("apartment", "month")
        .annotate(visits=Count("pk"), minutes=Sum("duration_minutes"), residents=Count("stay", distinct=True))
        .order_by("apartment", "month")
    )


# --- occupancy ---------------------------------------------------------------------------------------------


def months_between(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    months, month = [], month_start(start)
    while month <= end:
        months.append(month)
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return months


def _overlap_days(start, end, first, last) -> int:
    start, end = max(start, first), min(end or last, last)
    return max((end - start).days + 1, 0)


@dataclass
class PlaceMonth:
    occupied_days: int
    open_days: int
    residents: list[Stay]
    residents_at_end: list[Stay] = field(default_factory=list)

    @property
    def free_at_month_end(self) -> bool:
        return self.open_days > 0 and not self.residents_at_end


@dataclass
class MonthTotals:
    month: datetime.date
    places: int
    place_days: int
    occupied_days: int
    free_places: int

    @property
    def rate(self) -> Decimal | None:
        """Occupied place-days as a percentage of the place-days the flats were open."""
        if not self.place_days:
            return None
        return (Decimal(self.occupied_days) * HUNDRED / self.place_days).quantize(Decimal("0.01"))


@dataclass
class ApartmentOccupancy:
    apartment: Apartment
    places: list[tuple[Place, list[PlaceMonth]]]
    totals: list[MonthTotals]


@dataclass
class Occupancy:
    months: list[datetime.date]
    apartments: list[ApartmentOccupancy]
    totals: list[MonthTotals]


def occupancy(*, user, months: list[datetime.date], apartments=None) -> Occupancy:
    """Apartments × places × months: occupied days, free places (not taken on the month's last day
    while the flat is open) and the occupancy rate (occupied place-days / open place-days)."""
    first, last = month_bounds(months[0])[0], month_bounds(months[-1])[1]
    apartments = apartments if apartments is not None else apartment_list(user=user)
    stays = Stay.objects.overlapping(first, last).select_related("person")
    apartments = apartments.prefetch_related(
        Prefetch("rooms__places__stays", queryset=stays, to_attr="period_stays")
    )
    result = []
    grand = {month: MonthTotals(month, 0, 0, 0, 0) for month in months}
    for apartment in apartments:
        totals = {month: MonthTotals(month, 0, 0, 0, 0) for month in months}
        rows = []
        for room in apartment.rooms.all():
            for place in room.places.all():
                cells = []
                for month in months:
                    m_first, m_last = month_bounds(month)
                    open_days = _overlap_days(apartment.opened_on, apartment.closed_on, m_first, m_last)
                    here = [
                        s
                        for s in place.period_stays
                        if _overlap_days(s.occupied_from, s.occupied_to, m_first, m_last)
                    ]
                    occupied = sum(
                        _overlap_days(s.occupied_from, s.occupied_to, m_first, m_last) for s in here
                    )
                    cell = PlaceMonth(occupied, open_days, here, [s for s in here if s.covers(m_last)])
                    cells.append(cell)
                    for bucket in (totals[month], grand[month]):
                        bucket.places += 1 if open_days else 0
                        bucket.place_days += open_days
                        bucket.occupied_days += occupied
                        bucket.free_places += 1 if cell.free_at_month_end else 0
                rows.append((place, cells))
        result.append(ApartmentOccupancy(apartment, rows, [totals[m] for m in months]))
    return Occupancy(months, result, [grand[m] for m in months])


# --- fees --------------------------------------------------------------------------------------------------


def arrears(stay: Stay) -> Decimal:
    """What the resident owes over all months: fees due less payments."""
    totals = MonthlyStatement.objects.filter(stay=stay).aggregate(due=Sum("fee_due"), paid=Sum("paid_amount"))
    return (totals["due"] or ZERO) - (totals["paid"] or ZERO)


def statements_with_running_arrears(stay: Stay) -> list[tuple[MonthlyStatement, Decimal]]:
    running = ZERO
    rows = []
    for statement in (
        stay.statements.select_related("fee_table").prefetch_related("fee_table__bands").order_by("month")
    ):
        running += statement.balance
        rows.append((statement, running))
    return rows


def kind_label(kind: str) -> str:
    return enums.ApartmentKind(kind).label
