"""Who was at risk of poverty or social exclusion on a given day, for many people at once (the
indicators' check at entry, docs/indicators.md#who-counts), by the rules of `assessment.assess`
(docs/at-risk.md) in a constant number of queries."""

import datetime
from decimal import Decimal

from szansa.domain.people.assessment import Assessment, Reason, _reasons, is_long_term_unemployed
from szansa.domain.people.models import IncomeCriterion, IncomeRecord, Person, Situation
from szansa.lib.dates import month_start
from szansa.lib.money import to_money


def at_risk_reasons_many(entries: list[tuple[Person, datetime.date]]) -> dict[int, list[Reason]]:
    """The at-risk reasons of many people, each on their own day (e.g. participants on their start
    dates), by the rules of `assess` (docs/at-risk.md): income per person in the household for the month
    of the day not above the criterion, and the registry situations in force that day. Four queries
    whatever the number of people (situations, household members, income records, criteria); the
    indicators use it to find who was at risk at entry. Keyed by person id."""
    if not entries:
        return {}
    person_ids = {person.pk for person, _day in entries}
    situations: dict[int, list[Situation]] = {}
    for situation in Situation.objects.filter(person_id__in=person_ids).select_related("assistance_reason"):
        situations.setdefault(situation.person_id, []).append(situation)
    household_ids = {person.household_id for person, _day in entries if person.household_id}
    members: dict[int, list[int]] = {}
    for pk, household_id in Person.objects.filter(household_id__in=household_ids).values_list(
        "pk", "household_id"
    ):
        members.setdefault(household_id, []).append(pk)
    months = {month_start(day) for _person, day in entries}
    everyone = person_ids | {pk for ids in members.values() for pk in ids}
    incomes: dict[tuple[int, datetime.date], Decimal] = {}
    recorded: set[tuple[int, datetime.date]] = set()
    for pk, month, amount, counts in IncomeRecord.objects.filter(
        person_id__in=everyone, month__in=months
    ).values_list("person_id", "month", "net_amount", "counts_as_income"):
        recorded.add((pk, month))
        if counts:
            incomes[(pk, month)] = incomes.get((pk, month), Decimal(0)) + amount
    criteria = list(IncomeCriterion.objects.order_by("-valid_from"))
    found = {}
    for person, day in entries:
        month = month_start(day)
        ids = members.get(person.household_id, [person.pk]) if person.household_id else [person.pk]
        income = to_money(sum((incomes.get((pk, month), Decimal(0)) for pk in ids), Decimal(0)))
        criterion = next(
            (c for c in criteria if c.valid_from <= day and (c.valid_to is None or c.valid_to >= day)), None
        )
        own = situations.get(person.pk, [])
        partial = Assessment(
            day,
            month,
            len(ids),
            income,
            to_money(income / len(ids)),
            criterion,
            len(ids) == 1,
            income_recorded=any((pk, month) in recorded for pk in ids),
        )
        long_term = is_long_term_unemployed(person, own, day)
        found[person.pk] = _reasons(partial, [s for s in own if s.is_active_on(day)], long_term)
    return found
