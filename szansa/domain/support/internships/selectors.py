"""Reads of internships: the internships a user sees, the stipend rate in force, a timesheet's months
and their totals."""

import datetime
from decimal import Decimal

from szansa.domain.recruitment.access import scope_participants
from szansa.domain.recruitment.models import Participant
from szansa.domain.support.internships.rules import hours_allowed
from szansa.domain.support.models import ZERO, Internship, StipendRate
from szansa.lib.dates import month_end, month_start


def rate_on(project, day: datetime.date) -> StipendRate | None:
    """The project's stipend rate in force on `day` (the latest one valid from that day or earlier)."""
    return StipendRate.objects.filter(project=project, valid_from__lte=day).order_by("-valid_from").first()


def internship_list(*, user):
    """Internships of the participants the user sees (recruitment scope)."""
    participants = scope_participants(Participant.objects.all(), user)
    return Internship.objects.filter(participant__in=participants).select_related(
        "participant__person", "participant__project", "activity__project", "activity__form"
    )


def internship_summary(internship: Internship) -> dict:
    """Months with their hours, absences and stipends, the rate applied to each, and the totals."""
    months = list(internship.months.select_related("recorded_by").order_by("month"))
    project = internship.activity.project
    rows = [
        {"record": m, "rate": rate_on(project, m.month), "allowed": hours_allowed(internship, m.month)}
        for m in months
    ]
    return {
        "months": rows,
        "hours_scheduled": sum((m.hours_scheduled for m in months), Decimal("0")),
        "hours_excused": sum((m.hours_excused for m in months), Decimal("0")),
        "hours_unexcused": sum((m.hours_unexcused for m in months), Decimal("0")),
        "total": sum((m.stipend for m in months), ZERO),
    }


def internship_months(internship: Internship) -> list[datetime.date]:
    """The first days of the months the internship spans (choices for the timesheet form)."""
    months, month = [], month_start(internship.starts_on)
    while month <= internship.ends_on:
        months.append(month)
        month = month_end(month) + datetime.timedelta(days=1)
    return months
