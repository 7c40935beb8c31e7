"""Retention dates: how long each record of a person must be kept, and so the day the person's data
may go (docs/data-protection.md#retention).

Every record that needs the person's data holds it until its own date, computed from the retention
rule of its class in force when the record ended. The person's date is the latest of them ("latest
record wins"); a record still open, or whose date cannot be known yet (no last payment, no date from
the managing body, no rule), holds the person indefinitely.
"""

import datetime
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta
from django.utils.translation import gettext as _

from szansa.domain.people.models import Person
from szansa.domain.privacy.enums import RecordClass
from szansa.domain.privacy.models import RetentionRule
from szansa.domain.projects.enums import ProgrammePeriod
from szansa.domain.work.enums import ACTIVE_STATUSES


@dataclass(frozen=True)
class Hold:
    """One record that keeps the person's data until `until` (None: open, or its date is not known)."""

    record_class: str
    record: str
    until: datetime.date | None
    rule: RetentionRule | None = None
    why_open: str = ""

    @property
    def class_label(self) -> str:
        return str(RecordClass(self.record_class).label)

    @property
    def legal_source(self) -> str:
        return self.rule.legal_source if self.rule else ""

    def describe(self) -> str:
        if self.until is None:
            return _("%(record)s: kept while %(why)s") % {"record": self.record, "why": self.why_open}
        return _("%(record)s: kept until %(until)s") % {
            "record": self.record,
            "until": f"{self.until:%d.%m.%Y}",
        }


@dataclass
class Retention:
    """All the holds on a person's data; `until` is the latest (None while any hold is open)."""

    holds: list[Hold] = field(default_factory=list)

    @property
    def open_holds(self) -> list[Hold]:
        return [hold for hold in self.holds if hold.until is None]

    @property
    def until(self) -> datetime.date | None:
        if not self.holds or self.open_holds:
            return None
        return max(hold.until for hold in self.holds)

    @property
    def holding(self) -> Hold | None:
        """The record that holds the person's date: an open one first, else the latest."""
        if self.open_holds:
            return self.open_holds[0]
        return max(self.holds, key=lambda hold: hold.until) if self.holds else None

    def passed(self, today: datetime.date) -> bool:
        return self.until is not None and self.until < today


class Rules:
    """The retention rules, read once for many people."""

    def __init__(self):
        self.rules = list(RetentionRule.objects.select_related("filing_category"))

    def on(self, record_class: str, day: datetime.date) -> RetentionRule | None:
        matching = [
            rule
            for rule in self.rules
            if rule.record_class == record_class
            and rule.valid_from <= day
            and (rule.valid_to is None or day <= rule.valid_to)
        ]
        return max(matching, key=lambda rule: rule.valid_from) if matching else None


def _year_end(anchor: datetime.date, years: int) -> datetime.date:
    """`years` years counted from 1 January of the year after `anchor` (or from 31 December of its
    year): the last day kept is 31 December of anchor's year + years."""
    return datetime.date(anchor.year + years, 12, 31)


def _no_rule(record_class: str, record: str) -> Hold:
    return Hold(record_class, record, None, why_open=_("no retention rule applies"))


def _filing_plan_hold(rules: Rules, record_class: str, record: str, ended: datetime.date | None, why: str):
    if ended is None:
        return Hold(record_class, record, None, why_open=why)
    rule = rules.on(record_class, ended)
    if rule is None or rule.period_years is None:
        return _no_rule(record_class, record)
    return Hold(record_class, record, _year_end(ended, rule.period_years), rule)


def project_holds(project, record: str, rules: Rules) -> list[Hold]:
    """The holds of a person's participation in (or application to) an EU project."""
    holds = []
    period = project.measure.programme.period
    if period == ProgrammePeriod.P2014_2020:
        rule = rules.on(RecordClass.EU_2014_2020, project.end)
        if rule is None:
            holds.append(_no_rule(RecordClass.EU_2014_2020, record))
        elif project.documents_kept_until is None:
            why = _("the managing body has not communicated the date (enter it in the project)")
            holds.append(Hold(RecordClass.EU_2014_2020, record, None, rule, why))
        else:
            holds.append(Hold(RecordClass.EU_2014_2020, record, project.documents_kept_until, rule))
    else:
        rule = rules.on(RecordClass.EU_2021_2027, project.end)
        if rule is None or rule.period_years is None:
            holds.append(_no_rule(RecordClass.EU_2021_2027, record))
        elif project.last_payment_date is None:
            why = _("the project has had no last payment yet")
            holds.append(Hold(RecordClass.EU_2021_2027, record, None, rule, why))
        else:
            until = _year_end(project.last_payment_date, rule.period_years)
            holds.append(Hold(RecordClass.EU_2021_2027, record, until, rule))
    if project.public_aid_granted_on:
        rule = rules.on(RecordClass.PUBLIC_AID, project.public_aid_granted_on)
        if rule is None or rule.period_years is None:
            holds.append(_no_rule(RecordClass.PUBLIC_AID, record))
        else:
            until = project.public_aid_granted_on + relativedelta(years=rule.period_years)
            holds.append(Hold(RecordClass.PUBLIC_AID, record, until, rule))
    return holds


def _last_file_entry(person: Person) -> datetime.date:
    """The last day something was entered in the person's registry file."""
    days = [person.created_at.date(), person.updated_at.date()]
    days += [record.month for record in person.income_records.all()]
    days += [s.valid_to or s.valid_from for s in person.situations.all()]
    days += [c.withdrawn_on or c.given_on for c in person.consents.all()]
    days += [m.sent_at.date() for m in person.messages.all()]
    return max(days)


def person_retention(person: Person, rules: Rules | None = None) -> Retention:
    """Every hold on the person's data (use `with_retention_records` for many people)."""
    rules = rules or Rules()
    holds = []
    projects = {}
    for participant in person.participations.all():
        projects.setdefault(participant.project_id, (participant.project, _("participation in %(project)s")))
    for application in person.recruitment_applications.all():
        project = application.round.target_group.project
        projects.setdefault(project.pk, (project, _("application to %(project)s")))
    for project, label in projects.values():
        holds += project_holds(project, label % {"project": project.number}, rules)
    for case in person.work_cases.all():
        holds.append(
            _filing_plan_hold(rules, RecordClass.CASE_FILE, str(case), case.closed_on, _("the case is open"))
        )
    for task in person.work_tasks.all():
        ended = (
            None
            if task.status in ACTIVE_STATUSES
            else (task.completed_at.date() if task.completed_at else task.start_on)
        )
        label = _("task no. %(pk)s") % {"pk": task.pk}
        holds.append(_filing_plan_hold(rules, RecordClass.CASE_FILE, label, ended, _("the task is open")))
    for interview in person.interviews.all():
        # the community interview (art. 107 ustawy o pomocy społecznej) is part of the case file; a draft
        # is still being conducted
        ended = interview.completed_at or interview.confirmed_at
        label = _("community interview no. %(pk)s") % {"pk": interview.pk}
        holds.append(
            _filing_plan_hold(
                rules,
                RecordClass.CASE_FILE,
                label,
                ended.date() if ended else None,
                _("the interview is not completed"),
            )
        )
    for contract in person.social_contracts.all():
        if contract.participant_id is None:
            label = _("social contract %(number)s") % {"number": contract.number}
            holds.append(_filing_plan_hold(rules, RecordClass.CASE_FILE, label, contract.ends_on, ""))
    for stay in person.housing_stays.all():
        ended = stay.actual_end or (stay.occupied_to if stay.actual_start is None else None)
        label = _("stay no. %(pk)s in sheltered housing") % {"pk": stay.pk}
        holds.append(_filing_plan_hold(rules, RecordClass.HOUSING, label, ended, _("the stay goes on")))
    holds.append(
        _filing_plan_hold(
            rules, RecordClass.CLIENT_FILE, _("the registry file"), _last_file_entry(person), ""
        )
    )
    return Retention(holds)


def with_retention_records(queryset):
    """People with everything `person_retention` reads, in a fixed number of queries."""
    project = "project__measure__programme"
    return queryset.prefetch_related(
        f"participations__{project}",
        f"recruitment_applications__round__target_group__{project}",
        "work_cases",
        "work_tasks",
        "interviews",
        "social_contracts",
        "housing_stays",
        "income_records",
        "situations",
        "consents",
        "messages",
    )
