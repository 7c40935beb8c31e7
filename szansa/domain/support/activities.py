"""Activities, sessions and attendance: services (writes) and selectors (reads).

Writes name their actor, check the `rules` permission of support.access, validate and raise a
ValidationError with a message that names what clashes, and run in one transaction with the
auditlog actor set. Pages, the API and the demo seed call these functions; none repeats a rule.

Rules kept here:
* A session may not overlap (start < other end and end > other start; back-to-back is fine) another
  non-cancelled session of the same specialist, in the same room, or of the same participant (their
  individual session, or a group activity they are a member of on that day). The check locks the
  specialist's, the room's and the participants' rows first (select_for_update), so two bookings of
  the same resource are serialised by PostgreSQL and the second one sees the first.
* The attendance rate counts only sessions held so far during the membership: present / held.
  An excused absence is not presence (it lowers the rate) but is shown separately.
* A member completes the activity when the rate reaches the activity's threshold and, if the
  activity ends with an exam, the exam was passed.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from szansa.domain.projects.access import scope_projects
from szansa.domain.projects.models import Project
from szansa.domain.recruitment.access import scope_participants
from szansa.domain.recruitment.models import Participant
from szansa.domain.support import access
from szansa.domain.support.enums import AttendanceStatus, Delivery, ExamResult
from szansa.domain.support.models import (
    Activity,
    ActivityParticipant,
    Attendance,
    PlannedSupport,
    Room,
    Session,
)

HUNDRED = Decimal("100")


def _require(actor, perm: str, obj=None) -> None:
    if actor is None or not actor.has_perm(perm, obj):
        raise PermissionDenied(_("You may not do this with this activity."))


def _save(actor, instance):
    instance.full_clean()
    with set_actor(actor):
        instance.save()
    return instance


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
    _require(actor, "support.manage_activity", project)
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
    _require(actor, "support.manage_activity", activity)
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
    return _save(actor, activity)


def planned_support_for(participant: Participant, form) -> PlannedSupport | None:
    """The participant's current plan's planned support of this form, if any."""
    return (
        PlannedSupport.objects.filter(
            plan__participant=participant, plan__superseded_on__isnull=True, form=form
        )
        .order_by("starts_on", "pk")
        .first()
    )


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
    _require(actor, "support.manage_activity", activity)
    activity = Activity.objects.select_for_update().select_related("form").get(pk=activity.pk)
    name = person_name(participant)
    if participant.project_id != activity.project_id:
        raise ValidationError(
            {"participant": _("%(name)s is not a participant of this project.") % {"name": name}}
        )
    if participant.end_date and participant.end_date < on:
        raise ValidationError(
            {
                "participant": _("%(name)s left the project on %(day)s.")
                % {"name": name, "day": _day(participant.end_date)}
            }
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
    return _save(actor, member)


@transaction.atomic
def activity_withdraw(*, actor, member: ActivityParticipant, on: datetime.date) -> ActivityParticipant:
    """The member leaves the activity from `on`: their place is free again; the record stays."""
    _require(actor, "support.manage_activity", member.activity)
    member = ActivityParticipant.objects.select_for_update().get(pk=member.pk)
    if on < member.assigned_on:
        raise ValidationError({"withdrawn_on": _("The withdrawal cannot come before the assignment.")})
    member.withdrawn_on = on
    return _save(actor, member)


@transaction.atomic
def exam_record(
    *, actor, member: ActivityParticipant, result: str, on: datetime.date, certificate_number: str = ""
) -> ActivityParticipant:
    """The result of the final exam; a passed exam needs the certificate number."""
    _require(actor, "support.manage_activity", member.activity)
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
    return _save(actor, member)


# --- sessions ----------------------------------------------------------------------------------------------


def _members_on(activity_ids, day: datetime.date):
    """Members (participant ids per activity id) assigned on `day` and not withdrawn by then."""
    rows = ActivityParticipant.objects.filter(activity_id__in=activity_ids, assigned_on__lte=day).filter(
        Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=day)
    )
    members = defaultdict(set)
    for activity_id, participant_id in rows.values_list("activity_id", "participant_id"):
        members[activity_id].add(participant_id)
    return members


def session_participant_ids(session: Session) -> set[int]:
    """Who is expected at a session: its participant (individual) or the group's members that day."""
    if session.participant_id:
        return {session.participant_id}
    day = timezone.localtime(session.starts_at).date()
    return _members_on([session.activity_id], day)[session.activity_id]


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
        members = _members_on(group_ids, day) if group_ids else {}
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
    return _members_on([activity.pk], day)[activity.pk]


def _book(actor, session: Session) -> list[ValidationError]:
    participant_ids = _prepare_session(session)
    _lock(session, participant_ids)
    errors = _conflicts(session, participant_ids)
    if not errors:
        _save(actor, session)
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
    _require(actor, "support.manage_activity", activity)
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


def weekly_days(weekday: int, first: datetime.date, last: datetime.date) -> list[datetime.date]:
    """Every `weekday` (0 = Monday) from `first` to `last`, both included."""
    day = first + datetime.timedelta(days=(weekday - first.weekday()) % 7)
    days = []
    while day <= last:
        days.append(day)
        day += datetime.timedelta(days=7)
    return days


def _at(day: datetime.date, time: datetime.time) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, time))


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
    _require(actor, "support.manage_activity", activity)
    if end_time <= start_time:
        raise ValidationError({"end_time": _("A session must end after it starts.")})
    days = weekly_days(weekday, first_day, last_day)
    if not days:
        raise ValidationError({"last_day": _("There is no such weekday between these dates.")})
    sessions, errors = [], []
    for day in days:
        session = Session(
            activity=activity,
            starts_at=_at(day, start_time),
            ends_at=_at(day, end_time),
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
    _require(actor, "support.manage_activity", session.activity)
    session = Session.objects.select_for_update().get(pk=session.pk)
    if session.attendance.exists():
        raise ValidationError(_("Attendance is already recorded for this session; it cannot be cancelled."))
    session.cancelled = True
    return _save(actor, session)


# --- attendance --------------------------------------------------------------------------------------------


@transaction.atomic
def attendance_set(*, actor, session: Session, statuses: dict) -> list[Attendance]:
    """Record the attendance of a whole session at once: {participant id: status}. Only the
    participants expected at the session may be named (the group's members on its day, or the
    participant of an individual session); entries already recorded are overwritten."""
    _require(actor, "support.record_attendance", session)
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
        saved.append(_save(actor, entry))
    return saved


@dataclass
class AttendanceSummary:
    """One member's attendance of the sessions held so far (see `attendance_rate`)."""

    held: int = 0
    present: int = 0
    excused: int = 0
    absent: int = 0
    hours_delivered: Decimal = Decimal("0.00")

    @property
    def unrecorded(self) -> int:
        return self.held - self.present - self.excused - self.absent

    @property
    def rate(self) -> Decimal | None:
        if not self.held:
            return None
        return (Decimal(self.present) * HUNDRED / self.held).quantize(Decimal("0.01"), ROUND_HALF_UP)


def expected_at(member: ActivityParticipant, session: Session) -> bool:
    if session.participant_id is not None:
        return session.participant_id == member.participant_id
    day = timezone.localtime(session.starts_at).date()
    return member.assigned_on <= day and (member.withdrawn_on is None or member.withdrawn_on > day)


def _summary(member, sessions, statuses: dict, now) -> AttendanceSummary:
    summary = AttendanceSummary()
    for session in sessions:
        if session.cancelled or session.starts_at > now or not expected_at(member, session):
            continue
        summary.held += 1
        status = statuses.get((session.pk, member.participant_id))
        if status == AttendanceStatus.PRESENT:
            summary.present += 1
            summary.hours_delivered += session.hours
        elif status == AttendanceStatus.EXCUSED:
            summary.excused += 1
        elif status == AttendanceStatus.ABSENT:
            summary.absent += 1
    return summary


def is_completed(member: ActivityParticipant, summary: AttendanceSummary) -> bool:
    """Completed: attendance rate ≥ the activity's threshold, and a passed exam if it ends with one."""
    activity = member.activity
    if summary.rate is None or summary.rate < activity.min_attendance:
        return False
    return not activity.ends_with_exam or member.exam_result == ExamResult.PASSED


def attendance_rate(activity: Activity, participant: Participant, *, now=None) -> AttendanceSummary:
    """Attendance of a member: rate = present / sessions held so far, in percent.

    "Held" means not cancelled, started by `now`, and the participant was expected there (a member
    on the session's day; for an individual activity, their own sessions). An excused absence is
    NOT presence: it lowers the rate like an unexcused one, and is counted separately (`excused`) so
    a coordinator can see why. A session without a recorded status is held but not present."""
    member = ActivityParticipant.objects.select_related("activity").get(
        activity=activity, participant=participant
    )
    sessions = list(activity.sessions.filter(cancelled=False))
    statuses = {
        (a.session_id, a.participant_id): a.status
        for a in Attendance.objects.filter(session__activity=activity, participant=participant)
    }
    return _summary(member, sessions, statuses, now or timezone.now())


def member_completed(member: ActivityParticipant, *, now=None) -> bool:
    return is_completed(member, attendance_rate(member.activity, member.participant, now=now))


# --- selectors ---------------------------------------------------------------------------------------------


def activity_list(*, user):
    """Activities the user may see: of the projects they read, or that they run as a specialist."""
    projects = scope_projects(Project.objects.all(), user)
    mine = Session.objects.filter(activity_id=OuterRef("pk"), specialist_id=user.pk)
    return (
        Activity.objects.filter(Q(project__in=projects) | Q(specialist_id=user.pk) | Q(Exists(mine)))
        .select_related("project", "form", "specialist", "room")
        .order_by("-starts_on", "title", "pk")
    )


def activity_get(*, user, pk) -> Activity:
    try:
        return activity_list(user=user).get(pk=pk)
    except Activity.DoesNotExist as missing:
        raise Http404 from missing


def session_list(*, user):
    return Session.objects.filter(activity__in=activity_list(user=user)).select_related(
        "activity__form", "activity__project", "specialist", "room", "participant__person"
    )


def session_get(*, user, pk) -> Session:
    try:
        return session_list(user=user).get(pk=pk)
    except Session.DoesNotExist as missing:
        raise Http404 from missing


def visible_participants(user):
    """Participants whose names the user may see: their registry scope, or those they serve."""
    scoped = scope_participants(Participant.objects.all(), user)
    return Participant.objects.filter(
        Q(pk__in=scoped.values("pk")) | Q(pk__in=access.served_participants(user))
    )


def visible_members(user, activity: Activity):
    """Members shown to the user: all of them to whoever records attendance, else those the user
    may see in the registry."""
    members = activity.members.select_related("participant__person", "planned_support", "activity")
    if user.has_perm("support.record_attendance", activity):
        return members.order_by("participant__person__last_name", "participant__person__first_name", "pk")
    return members.filter(participant__in=visible_participants(user)).order_by(
        "participant__person__last_name", "participant__person__first_name", "pk"
    )


@dataclass
class MemberRow:
    member: ActivityParticipant
    cells: list = field(default_factory=list)  # per session: status, "" (not recorded) or None (not expected)
    summary: AttendanceSummary = field(default_factory=AttendanceSummary)
    completed: bool = False

    @property
    def hours_planned(self) -> Decimal | None:
        return self.member.planned_hours


@dataclass
class AttendanceTable:
    activity: Activity
    sessions: list
    rows: list


def attendance_table(activity: Activity, members=None, *, now=None) -> AttendanceTable:
    """Members × sessions (not cancelled) with each member's summary and completion: three queries
    whatever the size (members, sessions, attendance)."""
    now = now or timezone.now()
    if members is None:
        members = activity.members.select_related("participant__person", "planned_support", "activity")
    members = list(members)
    sessions = list(
        activity.sessions.filter(cancelled=False).select_related("room").order_by("starts_at", "pk")
    )
    statuses = {
        (session_id, participant_id): status
        for session_id, participant_id, status in Attendance.objects.filter(
            session__activity=activity, participant_id__in=[m.participant_id for m in members]
        ).values_list("session_id", "participant_id", "status")
    }
    rows = []
    for member in members:
        member.activity = activity
        cells = [
            statuses.get((s.pk, member.participant_id), "") if expected_at(member, s) else None
            for s in sessions
        ]
        summary = _summary(member, sessions, statuses, now)
        rows.append(MemberRow(member, cells, summary, is_completed(member, summary)))
    return AttendanceTable(activity, sessions, rows)


def hours_delivered(activity: Activity, members=None, *, now=None) -> list[dict]:
    """For individual activities: per member, hours planned (from the plan) and delivered (sessions
    held so far at which the participant was present)."""
    table = attendance_table(activity, members, now=now)
    return [
        {
            "member": row.member,
            "planned": row.member.planned_hours,
            "delivered": row.summary.hours_delivered,
            "remaining": (row.member.planned_hours - row.summary.hours_delivered)
            if row.member.planned_hours is not None
            else None,
        }
        for row in table.rows
    ]


def assignable_participants(activity: Activity):
    """Participants of the project not yet assigned, those whose current plan plans this form first."""
    planned = PlannedSupport.objects.filter(
        plan__participant_id=OuterRef("pk"), plan__superseded_on__isnull=True, form_id=activity.form_id
    )
    return (
        Participant.objects.filter(project_id=activity.project_id)
        .exclude(activity_places__activity=activity)
        .annotate(has_plan=Exists(planned))
        .select_related("person")
        .order_by("-has_plan", "person__last_name", "person__first_name", "pk")
    )


def person_read(*, user, person, what: str) -> None:
    """Access-log a read of one participant's record (their certificate, their calendar)."""
    LogEntry.objects.log_create(
        person,
        action=LogEntry.Action.ACCESS,
        actor=user,
        force_log=True,
        changes=None,
        additional_data={"support": what},
    )
