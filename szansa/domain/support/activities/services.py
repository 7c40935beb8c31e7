"""Writes of activities, sessions and attendance. Each names its actor, checks the `rules` permission of
szansa.domain.support.access, validates and raises a ValidationError with a message that names what
clashes, and runs in one transaction with the auditlog actor set.

A session may not overlap (start < other end and end > other start; back-to-back is fine) another
non-cancelled session of the same specialist, in the same room, or of the same participant (their
individual session, or a group activity they are a member of on that day). The check locks the
specialist's, the room's and the participants' rows first (select_for_update), so two bookings of the
same resource are serialised by PostgreSQL and the second one sees the first.
"""

import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from szansa.domain.projects.models import Project
from szansa.domain.recruitment.models import Participant
from szansa.domain.support.activities.rules import local_at, weekly_days
from szansa.domain.support.activities.selectors import members_on, session_participant_ids
from szansa.domain.support.enums import AttendanceStatus, Delivery, ExamResult
from szansa.domain.support.models import (
    Activity,
    ActivityParticipant,
    Attendance,
    PlannedSupport,
    Room,
    Session,
)
from szansa.lib.services import require, save_validated


def _day(value) -> str:
    return f"{value:%d.%m.%Y}"


def _span(session: Session) -> str:
    """'10:00–11:00 on 12.03.2019' in local time."""
    start, end = timezone.localtime(session.starts_at), timezone.localtime(session.ends_at)
    return _("%(start)s–%(end)s on %(day)s") % {
        "start": f"{start:%H:%M}",
        "end": f"{end:%H:%M}",
        "day": _day(start.date()),
    }


def person_name(participant: Participant) -> str:
    return participant.person.full_name


# --- activities --------------------------------------------------------------------------------------------


@transaction.atomic
def activity_create(
    *,
    actor,
    project: Project,
    form,
    title: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    provider: str = "",
    trainer: str = "",
    specialist=None,
    room: Room | None = None,
    place: str = "",
    capacity: int | None = None,
    min_attendance: int | None = None,
    ends_with_exam: bool | None = None,
) -> Activity:
    """A new activity of a project. The attendance threshold and the exam default to the form of
    support's (the catalogue), and may be set otherwise for this activity."""
    require(actor, "support.manage_activity", project, message=_("You may not do this with this activity."))
    activity = Activity(project=project, form=form)
    return _activity_store(
        actor,
        activity,
        title=title,
        starts_on=starts_on,
        ends_on=ends_on,
        provider=provider,
        trainer=trainer,
        specialist=specialist,
        room=room,
        place=place,
        capacity=capacity,
        min_attendance=form.min_attendance if min_attendance is None else min_attendance,
        ends_with_exam=form.ends_with_exam if ends_with_exam is None else ends_with_exam,
    )


@transaction.atomic
def activity_update(*, actor, activity: Activity, **fields) -> Activity:
    """Change an activity's data (not its project). A capacity below the members already assigned is
    refused."""
    require(actor, "support.manage_activity", activity, message=_("You may not do this with this activity."))
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    if "form" in fields:
        activity.form = fields.pop("form")
    if fields.get("min_attendance", 0) is None:
        fields["min_attendance"] = activity.form.min_attendance
    if "ends_with_exam" in fields and fields["ends_with_exam"] is None:
        fields["ends_with_exam"] = activity.form.ends_with_exam
    capacity = fields.get("capacity", activity.capacity)
    members = activity.members.filter(withdrawn_on__isnull=True).count()
    if capacity is not None and members > capacity:
        raise ValidationError(
            {
                "capacity": _("%(count)s participants are already assigned; the capacity cannot be lower.")
                % {"count": members}
            }
        )
    return _activity_store(actor, activity, **fields)


def _activity_store(actor, activity: Activity, **fields) -> Activity:
    for name, value in fields.items():
        setattr(activity, name, value)
    project = activity.project
    dated = activity.starts_on is not None and activity.ends_on is not None
    if dated and (activity.starts_on < project.start or activity.ends_on > project.end):
        raise ValidationError(
            {
                "starts_on": _("The activity must take place within the project (%(start)s – %(end)s).")
                % {"start": _day(project.start), "end": _day(project.end)}
            }
        )
    return save_validated(actor, activity)


@transaction.atomic
def activity_assign(
    *,
    actor,
    activity: Activity,
    participant: Participant,
    on: datetime.date,
    planned_support: PlannedSupport | None = None,
) -> ActivityParticipant:
    """Assign a participant of the activity's project; the capacity counts members not withdrawn.
    A planned support of the participant's plan of the same form may be linked: its hours become the
    member's planned hours."""
    require(actor, "support.manage_activity", activity, message=_("You may not do this with this activity."))
    activity = Activity.objects.select_for_update().select_related("form").get(pk=activity.pk)
    name = person_name(participant)
    if participant.project_id != activity.project_id:
        raise ValidationError(
            {"participant": _("%(name)s is not a participant of this project.") % {"name": name}}
        )
    if activity.starts_on and activity.ends_on and not (activity.starts_on <= on <= activity.ends_on):
        raise ValidationError(
            {
                "on": _(
                    "The activity runs from %(start)s to %(end)s; %(day)s lies outside it. "
                    "Choose a day within the activity."
                )
                % {"start": _day(activity.starts_on), "end": _day(activity.ends_on), "day": _day(on)}
            },
            code="outside_activity",
        )
    if on < participant.start_date:
        raise ValidationError(
            {
                "on": _(
                    "%(name)s takes part from %(start)s; the assignment on %(day)s would come before it. "
                    "Choose a later day, or correct the start of participation on the participant card."
                )
                % {"name": name, "start": _day(participant.start_date), "day": _day(on)}
            },
            code="before_participation",
        )
    if participant.end_date and participant.end_date < on:
        raise ValidationError(
            {
                "participant": _(
                    "%(name)s left the project on %(day)s. Choose a day until then, or correct the end "
                    "of participation on the participant card."
                )
                % {"name": name, "day": _day(participant.end_date)}
            },
            code="after_participation",
        )
    if activity.members.filter(participant=participant).exists():
        raise ValidationError(
            {"participant": _("%(name)s is already assigned to this activity.") % {"name": name}}
        )
    taken = activity.members.filter(withdrawn_on__isnull=True).count()
    if activity.capacity is not None and taken >= activity.capacity:
        raise ValidationError(
            {
                "participant": _("The activity is full: %(count)s of %(capacity)s places are taken.")
                % {"count": taken, "capacity": activity.capacity}
            },
            code="full",
        )
    if planned_support is not None and (
        planned_support.plan.participant_id != participant.pk or planned_support.form_id != activity.form_id
    ):
        raise ValidationError(
            {
                "planned_support": _(
                    "The planned support must come from the participant's plan and be of the "
                    "activity's form of support."
                )
            }
        )
    member = ActivityParticipant(
        activity=activity,
        participant=participant,
        planned_support=planned_support,
        planned_hours=planned_support.hours if planned_support else None,
        assigned_on=on,
    )
    return save_validated(actor, member)


@transaction.atomic
def activity_withdraw(*, actor, member: ActivityParticipant, on: datetime.date) -> ActivityParticipant:
    """The member leaves the activity from `on`: their place is free again; the record stays."""
    require(
        actor,
        "support.manage_activity",
        member.activity,
        message=_("You may not do this with this activity."),
    )
    member = ActivityParticipant.objects.select_for_update().get(pk=member.pk)
    if on < member.assigned_on:
        raise ValidationError({"withdrawn_on": _("The withdrawal cannot come before the assignment.")})
    member.withdrawn_on = on
    return save_validated(actor, member)


@transaction.atomic
def exam_record(
    *, actor, member: ActivityParticipant, result: str, on: datetime.date, certificate_number: str = ""
) -> ActivityParticipant:
    """The result of the final exam; a passed exam needs the certificate number."""
    require(
        actor,
        "support.manage_activity",
        member.activity,
        message=_("You may not do this with this activity."),
    )
    member = ActivityParticipant.objects.select_for_update().select_related("activity").get(pk=member.pk)
    if not member.activity.ends_with_exam:
        raise ValidationError(_("This activity does not end with an exam."))
    if result not in ExamResult.values:
        raise ValidationError({"exam_result": _("Choose passed or failed.")})
    certificate_number = (certificate_number or "").strip()
    if result == ExamResult.PASSED and not certificate_number:
        raise ValidationError({"certificate_number": _("Enter the number of the certificate.")})
    member.exam_result = result
    member.exam_on = on
    member.certificate_number = certificate_number if result == ExamResult.PASSED else ""
    return save_validated(actor, member)


# --- sessions ----------------------------------------------------------------------------------------------


def _lock(session: Session, participant_ids) -> None:
    """Lock the rows of the booked resources, always in the same order (users, rooms, participants)."""
    if session.specialist_id:
        list(get_user_model().objects.select_for_update().filter(pk=session.specialist_id))
    if session.room_id:
        list(Room.objects.select_for_update().filter(pk=session.room_id))
    if participant_ids:
        list(Participant.objects.select_for_update().filter(pk__in=participant_ids).order_by("pk"))


def _conflicts(session: Session, participant_ids: set[int]) -> list[ValidationError]:
    """Clashes of a session with other non-cancelled sessions overlapping it in time."""
    others = list(
        Session.objects.filter(cancelled=False, starts_at__lt=session.ends_at, ends_at__gt=session.starts_at)
        .exclude(pk=session.pk)
        .select_related("activity", "specialist", "room")
        .order_by("starts_at", "pk")
    )
    errors = []
    for other in others:
        if session.specialist_id and other.specialist_id == session.specialist_id:
            errors.append(
                ValidationError(
                    _("Specialist %(name)s already has a session %(span)s (activity %(activity)s).")
                    % {"name": other.specialist, "span": _span(other), "activity": other.activity},
                    code="specialist_busy",
                )
            )
        if session.room_id and other.room_id == session.room_id:
            errors.append(
                ValidationError(
                    _("Room %(room)s is booked %(span)s (activity %(activity)s).")
                    % {"room": other.room, "span": _span(other), "activity": other.activity},
                    code="room_busy",
                )
            )
    if participant_ids and others:
        group_ids = [o.activity_id for o in others if not o.participant_id]
        day = timezone.localtime(session.starts_at).date()
        members = members_on(group_ids, day) if group_ids else {}
        people = {
            pk: f"{first} {last}"
            for pk, first, last in Participant.objects.filter(pk__in=participant_ids).values_list(
                "pk", "person__first_name", "person__last_name"
            )
        }
        for other in others:
            expected = (
                {other.participant_id} if other.participant_id else members.get(other.activity_id, set())
            )
            for participant_id in sorted(expected & participant_ids):
                errors.append(
                    ValidationError(
                        _("Participant %(name)s already has a session %(span)s (activity %(activity)s).")
                        % {"name": people[participant_id], "span": _span(other), "activity": other.activity},
                        code="participant_busy",
                    )
                )
    return errors


def _prepare_session(session: Session) -> set[int]:
    """Validate a session against its activity; return the participants it books."""
    activity = session.activity
    if session.starts_at and session.ends_at and session.ends_at <= session.starts_at:
        raise ValidationError({"ends_at": _("A session must end after it starts.")})
    day = timezone.localtime(session.starts_at).date()
    if not activity.starts_on <= day <= activity.ends_on:
        raise ValidationError(
            {
                "starts_at": _("The session must fall within the activity (%(start)s – %(end)s).")
                % {"start": _day(activity.starts_on), "end": _day(activity.ends_on)}
            }
        )
    if activity.form.delivery == Delivery.INDIVIDUAL:
        if session.participant_id is None:
            raise ValidationError({"participant": _("Choose the participant of the individual session.")})
        if not activity.members.filter(participant_id=session.participant_id).exists():
            raise ValidationError({"participant": _("The participant is not assigned to this activity.")})
        return {session.participant_id}
    if session.participant_id is not None:
        raise ValidationError({"participant": _("A group session is for all members, not one participant.")})
    return members_on([activity.pk], day)[activity.pk]


def _book(actor, session: Session) -> list[ValidationError]:
    participant_ids = _prepare_session(session)
    _lock(session, participant_ids)
    errors = _conflicts(session, participant_ids)
    if not errors:
        save_validated(actor, session)
    return errors


@transaction.atomic
def session_schedule(
    *,
    actor,
    activity: Activity,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    room: Room | None = None,
    specialist=None,
    participant: Participant | None = None,
    topic: str = "",
) -> Session:
    """Book one session. The room and the specialist default to the activity's. Refused with a
    message naming the clash when the specialist, the room or a participant is already booked."""
    require(actor, "support.manage_activity", activity, message=_("You may not do this with this activity."))
    session = Session(
        activity=activity,
        starts_at=starts_at,
        ends_at=ends_at,
        room=room if room is not None else activity.room,
        specialist=specialist if specialist is not None else activity.specialist,
        participant=participant,
        topic=topic,
    )
    errors = _book(actor, session)
    if errors:
        raise ValidationError(errors)
    return session


@transaction.atomic
def session_schedule_weekly(
    *,
    actor,
    activity: Activity,
    weekday: int,
    start_time: datetime.time,
    end_time: datetime.time,
    first_day: datetime.date,
    last_day: datetime.date,
    room: Room | None = None,
    specialist=None,
    participant: Participant | None = None,
    topic: str = "",
) -> list[Session]:
    """A weekly series (e.g. every Tuesday 10:00–13:00 from … to …), all or nothing: if any date
    clashes, nothing is booked and every clash is named."""
    require(actor, "support.manage_activity", activity, message=_("You may not do this with this activity."))
    if end_time <= start_time:
        raise ValidationError({"end_time": _("A session must end after it starts.")})
    days = weekly_days(weekday, first_day, last_day)
    if not days:
        raise ValidationError({"last_day": _("There is no such weekday between these dates.")})
    sessions, errors = [], []
    for day in days:
        session = Session(
            activity=activity,
            starts_at=local_at(day, start_time),
            ends_at=local_at(day, end_time),
            room=room if room is not None else activity.room,
            specialist=specialist if specialist is not None else activity.specialist,
            participant=participant,
            topic=topic,
        )
        errors.extend(_book(actor, session))
        sessions.append(session)
    if errors:
        raise ValidationError(errors)
    return sessions


@transaction.atomic
def session_cancel(*, actor, session: Session) -> Session:
    """Cancel a session: it no longer books anyone nor counts as held; its record stays."""
    require(
        actor,
        "support.manage_activity",
        session.activity,
        message=_("You may not do this with this activity."),
    )
    session = Session.objects.select_for_update().get(pk=session.pk)
    if session.attendance.exists():
        raise ValidationError(_("Attendance is already recorded for this session; it cannot be cancelled."))
    session.cancelled = True
    return save_validated(actor, session)


# --- attendance --------------------------------------------------------------------------------------------


@transaction.atomic
def attendance_set(*, actor, session: Session, statuses: dict) -> list[Attendance]:
    """Record the attendance of a whole session at once: {participant id: status}. Only the
    participants expected at the session may be named (the group's members on its day, or the
    participant of an individual session); entries already recorded are overwritten."""
    require(actor, "support.record_attendance", session, message=_("You may not do this with this activity."))
    session = Session.objects.select_for_update().select_related("activity").get(pk=session.pk)
    if session.cancelled:
        raise ValidationError(_("The session was cancelled."))
    if timezone.localtime(session.starts_at).date() > timezone.localdate():
        raise ValidationError(_("Attendance cannot be recorded before the day of the session."))
    expected = session_participant_ids(session)
    statuses = {int(pk): status for pk, status in statuses.items()}
    strangers = set(statuses) - expected
    if strangers:
        names = ", ".join(
            person_name(p) for p in Participant.objects.filter(pk__in=strangers).select_related("person")
        ) or ", ".join(str(pk) for pk in sorted(strangers))
        raise ValidationError(
            _("Not expected at this session (not a member on its day): %(names)s.") % {"names": names},
            code="not_member",
        )
    wrong = sorted(str(status) for status in statuses.values() if status not in AttendanceStatus.values)
    if wrong:
        raise ValidationError(_("Unknown attendance status: %(status)s.") % {"status": ", ".join(wrong)})
    recorded = {a.participant_id: a for a in session.attendance.select_for_update()}
    saved = []
    for participant_id, status in sorted(statuses.items()):
        entry = recorded.get(participant_id) or Attendance(session=session, participant_id=participant_id)
        if entry.pk and entry.status == status:
            saved.append(entry)
            continue
        entry.status = status
        entry.recorded_by = actor
        saved.append(save_validated(actor, entry))
    return saved
