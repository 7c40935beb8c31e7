"""Writes to sheltered housing. Every write names its actor, checks the permission, validates fully and
leaves an audit trail (django-auditlog's actor is set around the save).

Rules that span rows live here: no two stays overlap on one place (and no resident has two stays at
once), a flat's kind periods do not overlap, a specialist logs visits only where and when they serve,
and the monthly fee follows art. 97 and the council's fee table (`fee_for`).
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from auditlog.context import set_actor
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from szansa.domain.housing import access, enums
from szansa.domain.housing.models import (
    ZERO,
    Apartment,
    ApartmentKindPeriod,
    FeeBand,
    FeeDecision,
    FeeExemption,
    FeeTable,
    MonthlyStatement,
    Place,
    PlannedSupport,
    Stay,
    StayExtension,
    SupportPlan,
    Visit,
    decision_fee_explanation,
    fee_explanation,
)
from szansa.domain.people.assessment import assess
from szansa.lib.dates import month_bounds, month_start
from szansa.lib.money import to_money
from szansa.lib.services import require, save_validated

NO_OVERLAP_CONSTRAINT = "stay_no_overlap_on_place"
HUNDRED = Decimal("100")


def _day(value: datetime.date | None) -> str:
    return f"{value:%d.%m.%Y}" if value else "…"


# --- apartments --------------------------------------------------------------------------------------------


def apartment_save(*, actor, apartment: Apartment) -> Apartment:
    require(
        actor, "housing.change_apartment", apartment, message=_("You may not do this in sheltered housing.")
    )
    return save_validated(actor, apartment)


@transaction.atomic
def apartment_record_save(*, actor, record):
    """Save a room, place, kind period or staff assignment of an apartment."""
    require(actor, "housing.change_apartment", message=_("You may not do this in sheltered housing."))
    if isinstance(record, ApartmentKindPeriod):
        _check_kind_periods(record)
    return save_validated(actor, record)


def _check_kind_periods(period: ApartmentKindPeriod) -> None:
    others = ApartmentKindPeriod.objects.select_for_update().filter(apartment_id=period.apartment_id)
    others = others.exclude(pk=period.pk)
    end = period.valid_to or datetime.date.max
    for other in others:
        if other.valid_from <= end and (other.valid_to is None or other.valid_to >= period.valid_from):
            raise ValidationError(
                _("The flat already has a kind from %(start)s to %(end)s; end that period first.")
                % {"start": _day(other.valid_from), "end": _day(other.valid_to)},
                code="kind_overlap",
            )


@transaction.atomic
def apartment_convert(
    *, actor, apartment: Apartment, kind: str, on: datetime.date, resolution_ref: str = ""
) -> ApartmentKindPeriod:
    """Change the kind of a flat from a day (e.g. the 2024 conversion): the current period ends the
    day before, so the history keeps the former kind."""
    require(
        actor, "housing.change_apartment", apartment, message=_("You may not do this in sheltered housing.")
    )
    current = ApartmentKindPeriod.objects.select_for_update().filter(apartment=apartment).on(on).first()
    if current is not None:
        if current.valid_from >= on:
            raise ValidationError(
                _("The conversion must come after the start of the current kind (%(start)s).")
                % {"start": _day(current.valid_from)},
                code="conversion_date",
            )
        current.valid_to = on - datetime.timedelta(days=1)
        save_validated(actor, current)
    period = ApartmentKindPeriod(apartment=apartment, kind=kind, valid_from=on, resolution_ref=resolution_ref)
    _check_kind_periods(period)
    return save_validated(actor, period)


# --- stays -------------------------------------------------------------------------------------------------


def _check_free(stay: Stay) -> None:
    """The place is free and the resident lives nowhere else for the stay's occupied days."""
    start, end = stay.occupied_from, stay.occupied_to
    others = Stay.objects.exclude(pk=stay.pk).overlapping(start, end)
    taken = others.filter(place_id=stay.place_id).order_by("occupied_from").first()
    if taken is not None:
        raise ValidationError(
            _("The place %(place)s is taken from %(start)s to %(end)s.")
            % {"place": taken.place, "start": _day(taken.occupied_from), "end": _day(taken.occupied_to)},
            code="place_taken",
        )
    elsewhere = others.filter(person_id=stay.person_id).order_by("occupied_from").first()
    if elsewhere is not None:
        raise ValidationError(
            _("%(name)s already has a stay from %(start)s to %(end)s.")
            % {
                "name": stay.person.full_name,
                "start": _day(elsewhere.occupied_from),
                "end": _day(elsewhere.occupied_to),
            },
            code="resident_has_stay",
        )


def _store_stay(actor, stay: Stay) -> Stay:
    """Recompute the occupied days, check them and save; the place's row lock serialises bookings
    of one place, and the PostgreSQL exclusion constraint is the last guard."""
    stay.occupied_from, stay.occupied_to = stay.compute_occupied()
    stay.full_clean()
    Place.objects.select_for_update().get(pk=stay.place_id)
    _check_free(stay)
    try:
        with transaction.atomic(), set_actor(actor):
            stay.save()
    except IntegrityError as error:
        if NO_OVERLAP_CONSTRAINT in str(error):
            raise ValidationError(
                _("The place is taken for some of these days."), code="place_taken"
            ) from error
        raise
    return stay


@transaction.atomic
def stay_refer(*, actor, stay: Stay) -> Stay:
    """Record a referral decision: a resident gets a place from the planned start."""
    require(actor, "housing.add_stay", stay.person, message=_("You may not do this in sheltered housing."))
    if stay.pk is not None:
        raise ValueError("stay_refer creates a stay; use the other stay services to change one")
    return _store_stay(actor, stay)


@transaction.atomic
def stay_start(*, actor, stay: Stay, on: datetime.date) -> Stay:
    """The resident moved in (the actual start may differ from the planned one)."""
    require(actor, "housing.change_stay", stay, message=_("You may not do this in sheltered housing."))
    stay = Stay.objects.get(pk=stay.pk)
    stay.actual_start = on
    return _store_stay(actor, stay)


@transaction.atomic
def stay_extend(
    *, actor, stay: Stay, decision_number: str, decision_date: datetime.date, new_planned_end: datetime.date
) -> StayExtension:
    """A new decision extends the stay; refused when the place is taken in the added days."""
    require(actor, "housing.change_stay", stay, message=_("You may not do this in sheltered housing."))
    stay = Stay.objects.get(pk=stay.pk)
    if stay.indefinite:
        raise ValidationError(_("An indefinite stay needs no extension."), code="indefinite")
    if stay.actual_end is not None:
        raise ValidationError(_("The stay has ended; refer the person again."), code="ended")
    current_end = stay.current_planned_end
    if new_planned_end <= current_end:
        raise ValidationError(
            _("The new planned end must come after %(end)s.") % {"end": _day(current_end)},
            code="not_later",
        )
    extension = StayExtension(
        stay=stay,
        decision_number=decision_number,
        decision_date=decision_date,
        new_planned_end=new_planned_end,
    )
    save_validated(actor, extension)
    _store_stay(actor, stay)
    return extension


@transaction.atomic
def stay_end(*, actor, stay: Stay, on: datetime.date, reason: str, note: str = "") -> Stay:
    """The resident moved out on `on` (the last day on the place)."""
    require(actor, "housing.change_stay", stay, message=_("You may not do this in sheltered housing."))
    stay = Stay.objects.get(pk=stay.pk)
    if stay.actual_start is None:
        stay.actual_start = stay.planned_start
    stay.actual_end = on
    stay.end_reason = reason
    stay.end_note = note
    return _store_stay(actor, stay)


# --- support -----------------------------------------------------------------------------------------------


@transaction.atomic
def support_plan_save(*, actor, plan: SupportPlan, hours: dict[str, Decimal]) -> SupportPlan:
    """Save a support plan and its planned hours a month per kind of support (0 removes a kind)."""
    require(
        actor, "housing.change_support", plan.stay, message=_("You may not do this in sheltered housing.")
    )
    save_validated(actor, plan)
    for kind, amount in hours.items():
        item = PlannedSupport.objects.filter(plan=plan, kind=kind).first()
        if not amount:
            if item is not None:
                with set_actor(actor):
                    item.delete()
            continue
        item = item or PlannedSupport(plan=plan, kind=kind)
        item.hours_per_month = Decimal(amount)
        save_validated(actor, item)
    return plan


def visit_log(*, actor, visit: Visit) -> Visit:
    """A specialist logs a visit to a resident: only during the stay, and a specialist only in an
    apartment they serve on that day."""
    require(actor, "housing.log_visit", visit.stay, message=_("You may not do this in sheltered housing."))
    stay = visit.stay
    if visit.date and not stay.covers(visit.date):
        raise ValidationError(
            {"date": _("The resident did not live in the flat on %(day)s.") % {"day": _day(visit.date)}},
            code="outside_stay",
        )
    changes_all = access.changes_all(actor) or access.in_own_team(actor, stay)
    if visit.date and not changes_all and not access.serves_on(actor, stay.place.room.apartment, visit.date):
        raise PermissionDenied(_("You did not serve this flat on %(day)s.") % {"day": _day(visit.date)})
    return save_validated(actor, visit)


# --- fees (art. 97) ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Fee:
    month: datetime.date
    income_per_person: Decimal
    criterion: Decimal
    table: FeeTable | None
    band: FeeBand | None
    monthly_fee: Decimal
    days_in_month: int
    days_charged: int
    fee_due: Decimal
    explanation: str
    decision: FeeDecision | None = None


ONE = Decimal("1")


def _day_shares(stay: Stay, first: datetime.date, last: datetime.date) -> list[tuple[datetime.date, Decimal]]:
    """The days of stay in the month that still cost something, each with the share of the fee due: 1, or
    the share of the exemption ground covering the day (the lowest when grounds overlap); waived days
    are left out."""
    start = max(stay.occupied_from, first)
    end = min(stay.occupied_to or last, last)
    shares = {}
    for exemption in stay.exemptions.filter(valid_from__lte=end, valid_to__gte=start).select_related(
        "ground"
    ):
        day = max(exemption.valid_from, start)
        while day <= min(exemption.valid_to, end):
            shares[day] = min(shares.get(day, ONE), exemption.fee_share)
            day += datetime.timedelta(days=1)
    days, day = [], start
    while day <= end:
        share = shares.get(day, ONE)
        if share > 0:
            days.append((day, share))
        day += datetime.timedelta(days=1)
    return days


def _due(charged: list[tuple[Decimal, Decimal]], days_in_month: int, prorate: bool) -> Decimal:
    """What the month costs from its charged days, each given as (monthly fee in force, share due): a whole
    month at one fee with no reduction costs that monthly fee; otherwise each day costs its monthly fee
    times its share divided by the days of the month. A table that does not prorate charges the whole
    monthly fee of the last charged day for any stay in the month, reduced by the average share."""
    if not charged:
        return ZERO
    if (
        len(charged) == days_in_month
        and len({fee for fee, _ in charged}) == 1
        and all(s == ONE for _, s in charged)
    ):
        return charged[0][0]
    if not prorate:
        return to_money(charged[-1][0] * sum(share for _, share in charged) / len(charged))
    return to_money(sum(fee * share for fee, share in charged) / days_in_month)


def fee_band(table: FeeTable, income: Decimal, criterion: Decimal, scope: str = "") -> FeeBand | None:
    """The band whose income range (% of the criterion, lower bound excluded) holds the income, for the
    scope of services when the table sets bands for it."""
    return table.band_for(income, criterion, scope)


def fee_for(stay: Stay, month: datetime.date) -> Fee:
    """The fee for a stay in a month. Once the stay has a fee decision (art. 97 ust. 1), the month carries
    the fee of the decision in force on each charged day, whatever the month's income: a later income
    changes nothing until a new decision takes effect (docs/sheltered-housing.md#fees). A stay without
    any fee decision (recorded before decisions set the fee) keeps the fee computed from the month's
    income by the council's table (`fee_from_income`). Exemptions of the catalogue reduce or waive
    their days either way."""
    decisions = list(stay.fee_decisions.order_by("effective_from", "decision_date", "pk"))
    if not decisions:
        return fee_from_income(stay, month)
    first, last = month_bounds(month)
    days_in_month = (last - first).days + 1
    assessment = assess(stay.person, on=first, income_month=first)
    income = assessment.income_per_person
    criterion = assessment.income_criterion if assessment.income_criterion is not None else ZERO

    def in_force(day):
        current = None
        for decision in decisions:
            if decision.effective_from <= day:
                current = decision
        return current

    charged = [(in_force(day), share) for day, share in _day_shares(stay, first, last)]
    charged = [(decision, share) for decision, share in charged if decision is not None]
    latest = in_force(last) or decisions[0]
    table = FeeTable.objects.on(first).order_by("-valid_from").first()
    prorate = table is None or table.prorate_partial_months
    due = _due([(decision.monthly_fee, share) for decision, share in charged], days_in_month, prorate)
    explanation = decision_fee_explanation(latest.decision_number, latest.decision_date)
    return Fee(
        first,
        income,
        criterion,
        None,
        None,
        latest.monthly_fee,
        days_in_month,
        len(charged),
        due,
        explanation,
        latest,
    )


def fee_propose(stay: Stay, on: datetime.date, scope: str = enums.ServiceScope.BASIC) -> Fee:
    """The fee the council's table gives for the income of `on`'s month and the scope of services to be
    granted: the amount proposed when a referral decision, or a decision changing the fee, is drafted."""
    return fee_from_income(stay, on, scope=scope)


def fee_from_income(stay: Stay, month: datetime.date, scope: str = "") -> Fee:
    """The fee for a stay in a month (art. 97): nothing when the income per person does not exceed
    the income criterion; otherwise the fee of the council table's band (of the scope of services when
    the table sets bands for it), for the days of stay in the month, reduced or waived by exemptions
    (prorated when the table says so)."""
    first, last = month_bounds(month)
    days_in_month = (last - first).days + 1
    assessment = assess(stay.person, on=first, income_month=first)
    income, criterion = assessment.income_per_person, assessment.income_criterion
    if criterion is None:
        raise ValidationError(
            _("No income criterion is in force on %(day)s.") % {"day": _day(first)}, code="no_criterion"
        )
    shares = [share for _day_, share in _day_shares(stay, first, last)]

    def result(table=None, band=None, monthly=ZERO, explanation=""):
        prorate = table is None or table.prorate_partial_months
        due = (
            ZERO if monthly == ZERO else _due([(monthly, share) for share in shares], days_in_month, prorate)
        )
        return Fee(
            first, income, criterion, table, band, monthly, days_in_month, len(shares), due, explanation
        )

    if income <= criterion:
        return result(explanation=fee_explanation(income, criterion))
    table = FeeTable.objects.on(first).order_by("-valid_from").first()
    if table is None:
        raise ValidationError(
            _("No fee table is in force on %(day)s.") % {"day": _day(first)}, code="no_fee_table"
        )
    band = fee_band(table, income, criterion, scope)
    if band is None:
        raise ValidationError(
            _("The fee table %(table)s has no band for this income.") % {"table": table}, code="no_band"
        )
    monthly = band.fee_fixed if band.fee_fixed is not None else to_money(income * band.fee_percent / HUNDRED)
    return result(table, band, to_money(monthly), fee_explanation(income, criterion, band))


@transaction.atomic
def statement_generate(*, actor, stay: Stay, month: datetime.date) -> MonthlyStatement:
    """Create or refresh a stay's statement for a month (payments recorded so far are kept)."""
    require(actor, "housing.manage_fees", stay, message=_("You may not do this in sheltered housing."))
    fee = fee_for(stay, month)
    statement = MonthlyStatement.objects.select_for_update().filter(stay=stay, month=fee.month).first()
    statement = statement or MonthlyStatement(stay=stay, month=fee.month)
    statement.income_per_person = fee.income_per_person
    statement.criterion = fee.criterion
    statement.fee_table = fee.table
    statement.fee_decision = fee.decision
    statement.days_charged = fee.days_charged
    statement.explanation = fee.explanation[:255]
    statement.fee_due = fee.fee_due
    return save_validated(actor, statement)


def statements_generate(*, actor, stay: Stay, until: datetime.date) -> list[MonthlyStatement]:
    """Statements for every month of the stay up to `until`'s month."""
    month = month_start(stay.occupied_from)
    last = month_start(min(until, stay.occupied_to or until))
    statements = []
    while month <= last:
        statements.append(statement_generate(actor=actor, stay=stay, month=month))
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return statements


@transaction.atomic
def payment_record(
    *, actor, statement: MonthlyStatement, amount: Decimal, on: datetime.date
) -> MonthlyStatement:
    """Record a payment toward a month's fee (added to what was paid before)."""
    require(
        actor, "housing.manage_fees", statement.stay, message=_("You may not do this in sheltered housing.")
    )
    statement = MonthlyStatement.objects.select_for_update().get(pk=statement.pk)
    if amount <= 0:
        raise ValidationError(_("A payment must be more than zero."), code="payment_not_positive")
    statement.paid_amount = to_money(statement.paid_amount + amount)
    statement.paid_on = on
    return save_validated(actor, statement)


def exemption_grant(*, actor, exemption: FeeExemption) -> FeeExemption:
    """Grant an exemption for a period on a ground of the council resolution's closed catalogue; a free-text
    reason alone is refused (it is only a note beside the ground)."""
    require(
        actor,
        "housing.grant_exemption",
        exemption.stay,
        message=_("You may not do this in sheltered housing."),
    )
    if exemption.ground_id is None or not exemption.ground.active:
        raise ValidationError(
            {"ground": _("Choose the ground from the catalogue of the council's resolution.")},
            code="exemption_ground_required",
        )
    return save_validated(actor, exemption)


def fee_decision_record(*, actor, decision: FeeDecision) -> FeeDecision:
    """Record the referral decision's fee, or a later decision changing it, for a stay. Statements
    generated afterwards carry it from its effective date; regenerate the months it covers."""
    require(
        actor, "housing.manage_fees", decision.stay, message=_("You may not do this in sheltered housing.")
    )
    if decision.register_decision_id is not None:
        take_register_decision(decision)
    return save_validated(actor, decision)


def take_register_decision(decision: FeeDecision) -> None:
    """The fee decision names an issued decision of the register (docs/sheltered-housing.md#fees): it must
    be a decision in a case of the stay's resident, issued, and the fee cannot take effect before the
    decision is enforceable when that day is known (art. 130 KPA); its number and date are taken from it."""
    register = decision.register_decision
    if register.case.person_id != decision.stay.person_id:
        raise ValidationError(
            {"register_decision": _("This decision concerns another person than the resident of the stay.")},
            code="register_decision_other_person",
        )
    if register.issued_on is None or not register.number:
        raise ValidationError(
            {
                "register_decision": _(
                    "This decision has not been issued yet: it has no number in the register."
                )
            },
            code="register_decision_not_issued",
        )
    if (
        register.enforceable_from is not None
        and decision.effective_from is not None
        and decision.effective_from < register.enforceable_from
    ):
        raise ValidationError(
            {
                "effective_from": _(
                    "The decision is enforceable from %(date)s; the fee cannot apply earlier."
                )
                % {"date": f"{register.enforceable_from:%d.%m.%Y}"}
            },
            code="fee_before_enforceable",
        )
    decision.decision_number = register.number
    decision.decision_date = register.issued_on
