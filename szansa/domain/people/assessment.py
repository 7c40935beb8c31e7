"""The derived assessment of a person on a date: income against the criterion, risk of poverty or
social exclusion (docs/at-risk.md) and the reasons, in the UI language (Polish by default).

One function, `assess`, serves the person file, the API and (later) eligibility rules.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.db.models import Count, Q, Sum
from django.utils import translation
from django.utils.translation import gettext_noop

from szansa.domain.people import enums
from szansa.domain.people.models import IncomeCriterion, IncomeRecord, Person, Situation
from szansa.lib.dates import month_start
from szansa.lib.money import to_money
from szansa.lib.translatable import Bilingual, Joined, Message, Month, Pln, label


@dataclass(frozen=True)
class Reason:
    """One reason for being at risk. `category` groups facts that are one reason (e.g. poverty
    found from income and art. 7 pt 1); `sensitive` marks health data (GDPR art. 9)."""

    category: str
    message: Message | Joined
    sensitive: bool = False

    @property
    def text(self) -> str:
        """The reason in the active language (the message is translated when shown)."""
        return self.message.render()


@dataclass(frozen=True)
class Assessment:
    on: datetime.date
    income_month: datetime.date
    household_size: int
    household_income: Decimal
    income_per_person: Decimal
    criterion: IncomeCriterion | None
    single_person: bool
    reasons: list[Reason] = field(default_factory=list)
    long_term_unemployed: bool = False
    # False when no member of the household has an income record for the month: the figures are then
    # 0 zł for want of data, not a finding, and there is no verdict on the criterion.
    income_recorded: bool = True

    @property
    def income_criterion(self) -> Decimal | None:
        if self.criterion is None:
            return None
        return self.criterion.single_person if self.single_person else self.criterion.per_person

    @property
    def meets_income_criterion(self) -> bool | None:
        """Art. 8: income that does not exceed the criterion qualifies (`≤`). None (no verdict) without
        a criterion in force or without any income recorded for the month."""
        if self.income_criterion is None or not self.income_recorded:
            return None
        return self.income_per_person <= self.income_criterion

    @property
    def categories(self) -> set[str]:
        return {reason.category for reason in self.reasons}

    @property
    def at_risk(self) -> bool:
        return bool(self.reasons)

    @property
    def multiple_exclusion(self) -> bool:
        return len(self.categories) >= 2

    def visible_reasons(self, show_health: bool) -> list[Reason]:
        return [r for r in self.reasons if show_health or not r.sensitive]


# art. 7 points that stand for the same reason as a registry fact, so they are counted once.
ART7_CATEGORY = {"1": "poverty", "3": "homelessness", "4": "unemployment", "5": "disability"}
# art. 7 points that are health data (disability, illness, addiction): hidden without people.view_health.
SENSITIVE_ART7_CODES = enums.HEALTH_ART7_CODES


def household_members(person: Person) -> list[Person]:
    if person.household_id is None:
        return [person]
    return list(Person.objects.filter(household_id=person.household_id))


def monthly_income(person_ids: list[int], month: datetime.date) -> Decimal:
    total = IncomeRecord.objects.filter(
        person_id__in=person_ids, month=month, counts_as_income=True
    ).aggregate(total=Sum("net_amount"))["total"]
    return to_money(total or 0)


def recorded_monthly_income(person_ids: list[int], month: datetime.date) -> tuple[Decimal, bool]:
    """monthly_income, and whether any of these people has an income record for the month at all
    (one that does not count as income included), in one query."""
    found = IncomeRecord.objects.filter(person_id__in=person_ids, month=month).aggregate(
        total=Sum("net_amount", filter=Q(counts_as_income=True)), records=Count("pk")
    )
    return to_money(found["total"] or 0), found["records"] > 0


def monthly_incomes(person_ids: list[int], month: datetime.date) -> dict[int, Decimal]:
    """monthly_income of each person, in one query (a household page lists every member)."""
    rows = (
        IncomeRecord.objects.filter(person_id__in=person_ids, month=month, counts_as_income=True)
        .order_by()
        .values_list("person_id")
        .annotate(total=Sum("net_amount"))
    )
    totals = dict(rows)
    return {pk: to_money(totals.get(pk) or 0) for pk in person_ids}


def unemployed_since(situations: list[Situation], on: datetime.date) -> datetime.date | None:
    """Start of the unbroken spell of unemployment that covers `on`, or None when the person is not
    unemployed on `on`.

    The unemployment records are joined into spells first: records that overlap (an older open-ended
    "unemployed" record beside a newer closed one) or follow each other without a free day between them
    are one spell (docs/at-risk.md#long-term-unemployment). The spell is found from the union of the
    records, so a newer record that ended before `on` does not hide an older one still open."""
    records = sorted(
        (s.valid_from, s.valid_to or datetime.date.max)
        for s in situations
        if s.kind == enums.SituationKind.LABOUR_MARKET
        and s.labour_status in enums.UNEMPLOYED_STATUSES
        and s.valid_from <= on
    )
    since = until = None
    for valid_from, valid_to in records:
        if since is not None and valid_from - datetime.timedelta(days=1) <= until:
            until = max(until, valid_to)  # overlapping or adjacent: the same spell
        else:
            since, until = valid_from, valid_to  # a break: a new spell
    if since is None or until < on:
        return None
    return since


def is_long_term_unemployed(person: Person, situations: list[Situation], on: datetime.date) -> bool:
    """docs/participant-exports.md: under 25, unemployed for more than 6 months; 25 and over, more than 12."""
    since = unemployed_since(situations, on)
    if since is None:
        return False
    months = 6 if person.age_on(on) < 25 else 12
    return on > since + relativedelta(months=months)


def assess(person: Person, on: datetime.date, income_month: datetime.date | None = None) -> Assessment:
    """Assess a person on a date. Income is taken for `income_month` (default: the month of `on`;
    an application passes the month preceding it, art. 8 ust. 3)."""
    income_month = month_start(income_month or on)
    members = household_members(person)
    household_income, recorded = recorded_monthly_income([m.pk for m in members], income_month)
    size = len(members)
    per_person = to_money(household_income / size)
    criterion = IncomeCriterion.objects.on(on).order_by("-valid_from").first()
    situations = list(person.situations.select_related("assistance_reason"))
    active = [s for s in situations if s.is_active_on(on)]
    long_term = is_long_term_unemployed(person, situations, on)
    partial = Assessment(
        on, income_month, size, household_income, per_person, criterion, size == 1, income_recorded=recorded
    )
    reasons = _reasons(partial, active, long_term)
    return Assessment(
        on,
        income_month,
        size,
        household_income,
        per_person,
        criterion,
        size == 1,
        reasons,
        long_term,
        recorded,
    )


def _reasons(assessment: Assessment, active: list[Situation], long_term: bool) -> list[Reason]:
    reasons = []
    if assessment.meets_income_criterion:
        reasons.append(
            Reason(
                "poverty",
                Message(
                    gettext_noop("income per person %(income)s ≤ criterion %(criterion)s (%(month)s)"),
                    {
                        "income": Pln(assessment.income_per_person),
                        "criterion": Pln(assessment.income_criterion),
                        "month": Month(assessment.income_month),
                    },
                ),
            )
        )
    for situation in active:
        reason = _situation_reason(situation, long_term)
        if reason is not None:
            reasons.append(reason)
    return reasons


def _situation_reason(situation: Situation, long_term: bool) -> Reason | None:
    """The reason a situation gives, as a message translated when shown (it may be stored, e.g. in an
    application's verification, and read in the other language)."""
    kind = situation.kind
    if kind == enums.SituationKind.DISABILITY:
        until = situation.certificate_valid_until
        degree = label(enums.DisabilityDegree(situation.disability_degree).label)
        message = (
            Message(
                gettext_noop("disability, %(degree)s degree (certificate valid until %(until)s)"),
                {"degree": degree, "until": until},
            )
            if until
            else Message(
                gettext_noop("disability, %(degree)s degree (permanent certificate)"), {"degree": degree}
            )
        )
        return Reason("disability", message, sensitive=True)
    if kind == enums.SituationKind.HOMELESSNESS:
        return Reason("homelessness", Message(gettext_noop("homelessness")))
    if kind == enums.SituationKind.FOOD_AID:
        return Reason("food_aid", Message(gettext_noop("uses the food-aid programme (PO PŻ)")))
    if kind == enums.SituationKind.LABOUR_MARKET:
        if situation.labour_status not in enums.UNEMPLOYED_STATUSES:
            return None
        message = Message(
            gettext_noop("unemployment: %(status)s since %(since)s"),
            {
                "status": label(enums.LabourMarketStatus(situation.labour_status).label),
                "since": situation.valid_from,
            },
        )
        if long_term:
            message = Joined((message, Message(gettext_noop(" (long-term unemployed)"))))
        return Reason("unemployment", message)
    if kind == enums.SituationKind.ASSISTANCE_REASON:
        reason = situation.assistance_reason
        code = reason.code
        with translation.override("pl"):
            polish = reason.label(situation.valid_from)
        message = Message(
            gettext_noop("reason for assistance, art. 7 pt %(code)s: %(label)s"),
            {"code": code, "label": Bilingual(polish, reason.label_en)},
        )
        sensitive = code in SENSITIVE_ART7_CODES
        return Reason(ART7_CATEGORY.get(code, f"art7:{code}"), message, sensitive=sensitive)
    return None
