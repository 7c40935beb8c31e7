"""Internships (staż, docs/support-path.md): the placement with an employer and the monthly timesheet with its
stipend. Services (writes) and selectors (reads) in one small module; pages, the PDF and (later) the API
call these functions.

The stipend rule (`stipend_for`), **verify** against the project's internship regulations and art. 53 of
the employment-promotion act (docs/support-path.md marks it "from memory, verify"):

    stipend = monthly_amount × (hours_scheduled − hours_unexcused) / full_month_hours,

rounded to grosze ROUND_HALF_UP, where `monthly_amount` and `full_month_hours` (default 160) come from
the project's StipendRate in force on the month's first day. Excused absence (sick leave with a
certificate, days off granted by the organiser) does not reduce it. For a partial month (the internship
starts or ends within it) `hours_scheduled` is what the month's internship days allow: in each calendar
week (Monday to Sunday) at most 8 hours a day and 40 hours a week (`hours_allowed`), never more than the
agreement's hours a month.
"""

import calendar
import datetime
from decimal import Decimal

from auditlog.context import set_actor
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from szansa.domain.people.validators import compact_identifier, validate_nip
from szansa.domain.recruitment.access import scope_participants
from szansa.domain.recruitment.models import Participant
from szansa.domain.support import enums
from szansa.domain.support.models import (
    ZERO,
    Activity,
    ActivityParticipant,
    Internship,
    InternshipMonth,
    StipendRate,
)
from szansa.lib.money import to_money

HOURS_A_DAY = 8  # docs/support-path.md: no more than 8 hours a day ...
HOURS_A_WEEK = 40  # ... and 40 a week
DEFAULT_FULL_MONTH_HOURS = 160


def _require(actor, perm: str, obj) -> None:
    if actor is None or not actor.has_perm(perm, obj):
        raise PermissionDenied(_("You may not do this for this internship."))


def _save(actor, instance):
    instance.full_clean()
    with set_actor(actor):
        instance.save()
    return instance


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def month_end(day: datetime.date) -> datetime.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def rate_on(project, day: datetime.date) -> StipendRate | None:
    """The project's stipend rate in force on `day` (the latest one valid from that day or earlier)."""
    return StipendRate.objects.filter(project=project, valid_from__lte=day).order_by("-valid_from").first()


def hours_allowed(internship: Internship, month: datetime.date) -> Decimal:
    """The most hours the internship can schedule in `month`: over the internship's days in the month,
    each calendar week (Mon-Sun) gives min(8 h × its days, 40 h); the total never exceeds the agreement's
    hours a month. A month outside the internship allows 0."""
    first = max(month_start(month), internship.starts_on)
    last = min(month_end(month), internship.ends_on)
    total, day = 0, first
    while day <= last:
        week_end = min(day + datetime.timedelta(days=6 - day.weekday()), last)
        total += min(HOURS_A_DAY * ((week_end - day).days + 1), HOURS_A_WEEK)
        day = week_end + datetime.timedelta(days=1)
    return Decimal(min(total, internship.hours_per_month))


def stipend_for(rate: StipendRate, hours_scheduled: Decimal, hours_unexcused: Decimal) -> Decimal:
    """monthly_amount × (hours_scheduled − hours_unexcused) / full_month_hours, to grosze, half up
    (see the module docstring: verify)."""
    attended = Decimal(hours_scheduled) - Decimal(hours_unexcused)
    return to_money(rate.monthly_amount * attended / Decimal(rate.full_month_hours))


# --- writes ------------------------------------------------------------------------------------------------


@transaction.atomic
def internship_create(
    *,
    actor,
    activity: Activity,
    participant: Participant,
    employer: str,
    mentor: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    hours_per_month: int = DEFAULT_FULL_MONTH_HOURS,
    employer_nip: str = "",
    position: str = "",
    agreement_number: str = "",
) -> Internship:
    """Place a participant with an employer within an internship activity of their project. Whoever runs
    the project's activities does it. The participant is assigned to the activity too (if not yet), so
    the activity's specialist serves them."""
    _require(actor, "support.manage_activity", activity)
    errors: dict[str, list] = {}

    def refuse(field, message, code):
        errors.setdefault(field, []).append(ValidationError(message, code=code))

    if activity.form.delivery != enums.Delivery.INTERNSHIP:
        refuse("activity", _("This activity is not an internship programme."), "not_internship")
    if participant.project_id != activity.project_id:
        refuse("participant", _("The participant is not in the project of this activity."), "other_project")
    employer_nip = compact_identifier((employer_nip or "").strip())
    if employer_nip:
        try:
            validate_nip(employer_nip)
        except ValidationError as error:
            errors.setdefault("employer_nip", []).extend(error.error_list)
    if starts_on and ends_on:
        if ends_on < starts_on:
            refuse("ends_on", _("The end date cannot be earlier than the start date."), "period_ordered")
        if starts_on < participant.start_date:
            refuse(
                "starts_on",
                _("The internship cannot start before the participation (%(day)s).")
                % {"day": f"{participant.start_date:%d.%m.%Y}"},
                "before_participation",
            )
        if participant.end_date and ends_on > participant.end_date:
            refuse(
                "ends_on",
                _("The internship cannot end after the participation ended (%(day)s).")
                % {"day": f"{participant.end_date:%d.%m.%Y}"},
                "after_participation",
            )
        if starts_on < activity.starts_on or ends_on > activity.ends_on:
            refuse(
                "starts_on",
                _("The internship must lie within the activity (%(start)s – %(end)s).")
                % {"start": f"{activity.starts_on:%d.%m.%Y}", "end": f"{activity.ends_on:%d.%m.%Y}"},
                "outside_activity",
            )
    rate = rate_on(activity.project, starts_on) if starts_on else None
    full = rate.full_month_hours if rate else DEFAULT_FULL_MONTH_HOURS
    if hours_per_month is None or hours_per_month <= 0:
        refuse("hours_per_month", _("Give the hours a month."), "hours_required")
    elif hours_per_month > full:
        refuse(
            "hours_per_month",
            _("An internship cannot exceed %(hours)s hours a month (8 hours a day, 40 a week).")
            % {"hours": full},
            "too_many_hours",
        )
    if errors:
        raise ValidationError(errors)
    internship = _save(
        actor,
        Internship(
            activity=activity,
            participant=participant,
            employer=employer.strip(),
            employer_nip=employer_nip,
            mentor=mentor.strip(),
            position=position.strip(),
            agreement_number=agreement_number.strip(),
            starts_on=starts_on,
            ends_on=ends_on,
            hours_per_month=hours_per_month,
        ),
    )
    if not ActivityParticipant.objects.filter(activity=activity, participant=participant).exists():
        _save(actor, ActivityParticipant(activity=activity, participant=participant, assigned_on=starts_on))
    return internship


@transaction.atomic
def internship_month_record(
    *,
    actor,
    internship: Internship,
    month: datetime.date,
    hours_scheduled,
    hours_excused=ZERO,
    hours_unexcused=ZERO,
) -> InternshipMonth:
    """Record (or correct) one month's timesheet and compute its stipend (module docstring: the rule).
    Recorded by whoever runs the activity or by its specialist."""
    internship = Internship.objects.select_related("activity__project").get(pk=internship.pk)
    _require(actor, "support.record_attendance", internship.activity)
    month = month_start(month)
    scheduled, excused, unexcused = (
        Decimal(str(v or 0)) for v in (hours_scheduled, hours_excused, hours_unexcused)
    )
    if month > month_start(internship.ends_on) or month < month_start(internship.starts_on):
        message = _("The internship lasts from %(start)s to %(end)s; this month lies outside it.") % {
            "start": f"{internship.starts_on:%d.%m.%Y}",
            "end": f"{internship.ends_on:%d.%m.%Y}",
        }
        raise ValidationError({"month": ValidationError(message, code="outside_internship")})
    errors: dict[str, list] = {}
    allowed = hours_allowed(internship, month)
    if scheduled <= 0:
        errors["hours_scheduled"] = [ValidationError(_("Give the hours scheduled."), code="hours_required")]
    elif scheduled > allowed:
        errors["hours_scheduled"] = [
            ValidationError(
                _(
                    "At most %(hours)s hours can be scheduled in this month (the agreement's hours a month, "
                    "8 hours a day and 40 a week on the internship's days)."
                )
                % {"hours": allowed},
                code="too_many_hours",
            )
        ]
    if excused < 0 or unexcused < 0:
        errors["hours_unexcused"] = [
            ValidationError(_("Hours of absence cannot be negative."), code="negative_absence")
        ]
    elif excused + unexcused > scheduled:
        errors["hours_unexcused"] = [
            ValidationError(
                _("Absences (%(absent)s h) cannot exceed the hours scheduled (%(hours)s h).")
                % {"absent": excused + unexcused, "hours": scheduled},
                code="absence_exceeds_schedule",
            )
        ]
    rate = rate_on(internship.activity.project, month)
    if rate is None:
        errors["month"] = [
            ValidationError(
                _("The project has no stipend rate in force on %(day)s; a coordinator enters it first.")
                % {"day": f"{month:%d.%m.%Y}"},
                code="no_rate",
            )
        ]
    if errors:
        raise ValidationError(errors)
    record = InternshipMonth.objects.select_for_update().filter(internship=internship, month=month).first()
    record = record or InternshipMonth(internship=internship, month=month)
    record.hours_scheduled = scheduled
    record.hours_excused = excused
    record.hours_unexcused = unexcused
    record.stipend = stipend_for(rate, scheduled, unexcused)
    record.recorded_by = actor
    return _save(actor, record)


# --- reads -------------------------------------------------------------------------------------------------


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
