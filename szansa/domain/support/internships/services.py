"""Writes of internships: the placement with an employer and the monthly timesheet with its stipend
(szansa.domain.support.internships.rules)."""

import datetime
from decimal import Decimal

from auditlog.context import set_actor
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from szansa.domain.people.validators import compact_identifier, validate_nip
from szansa.domain.recruitment.models import Participant
from szansa.domain.support import enums
from szansa.domain.support.internships.rules import DEFAULT_FULL_MONTH_HOURS, hours_allowed, stipend_for
from szansa.domain.support.internships.selectors import rate_on
from szansa.domain.support.models import (
    ZERO,
    Activity,
    ActivityParticipant,
    Internship,
    InternshipMonth,
    StipendRate,
)
from szansa.lib.dates import month_start
from szansa.lib.services import require, save_validated


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
    require(actor, "support.manage_activity", activity, message=_("You may not do this for this internship."))
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
    internship = save_validated(
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
        save_validated(
            actor, ActivityParticipant(activity=activity, participant=participant, assigned_on=starts_on)
        )
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
    require(
        actor,
        "support.record_attendance",
        internship.activity,
        message=_("You may not do this for this internship."),
    )
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
    return save_validated(actor, record)


# --- stipend rates ---------------------------------------------------------------------------------------

MAX_MONTH_HOURS = 744  # 31 days x 24 hours: anything above is a typo


def stipend_rate_save(*, actor, rate: StipendRate) -> StipendRate:
    """Create or change a project's stipend rate (whoever may change the project: its coordinator, the
    centre manager, the administrator). It applies to the months from `valid_from` that are recorded
    after the change; months already recorded keep the stipend they were given."""
    require(
        actor, "projects.change_project", rate.project, message=_("You may not change this project's rates.")
    )
    errors: dict[str, list] = {}
    if rate.monthly_amount is not None and rate.monthly_amount <= ZERO:
        errors["monthly_amount"] = [_("The stipend for a full month must be more than 0 zł.")]
    if rate.full_month_hours is not None and not (1 <= rate.full_month_hours <= MAX_MONTH_HOURS):
        errors["full_month_hours"] = [
            _("The hours of a full month are between 1 and %(max)s.") % {"max": MAX_MONTH_HOURS}
        ]
    project = rate.project
    if rate.valid_from and rate.valid_from > project.end:
        errors["valid_from"] = [
            _("The rate must apply from a day before the project's end (%(end)s).")
            % {"end": date_format(project.end, "SHORT_DATE_FORMAT")}
        ]
    if errors:
        raise ValidationError(errors)
    return save_validated(actor, rate)


def stipend_rate_months(rate: StipendRate):
    """The internship months whose stipend was computed at this rate: the project's months from the
    rate's `valid_from` up to the next rate's (record_month takes the rate in force on the month)."""
    months = InternshipMonth.objects.filter(
        internship__activity__project_id=rate.project_id, month__gte=rate.valid_from
    )
    following = (
        StipendRate.objects.filter(project_id=rate.project_id, valid_from__gt=rate.valid_from)
        .order_by("valid_from")
        .values_list("valid_from", flat=True)
        .first()
    )
    return months.filter(month__lt=following) if following else months


@transaction.atomic
def stipend_rate_delete(*, actor, rate: StipendRate) -> None:
    """Remove a stipend rate entered by mistake (whoever may change the project). A rate a recorded month's
    stipend was computed at stays: it is the basis of a stipend already paid. The removal is in the audit
    log (the model is registered with auditlog)."""
    require(
        actor, "projects.change_project", rate.project, message=_("You may not change this project's rates.")
    )
    rate = StipendRate.objects.select_for_update().get(pk=rate.pk)
    if stipend_rate_months(rate).exists():
        raise ValidationError(
            _(
                "Internship months have been settled at this rate; it cannot be removed. Enter a new rate "
                "valid from a later day instead."
            ),
            code="stipend_rate_used",
        )
    with set_actor(actor):
        rate.delete()
