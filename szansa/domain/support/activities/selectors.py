"""Reads of activities, sessions and attendance: the activities, sessions and members a user may see
(scoped querysets, out of scope => 404), who is expected at a session, a member's attendance rate and
completion, the attendance table of an activity and the hours delivered.

The attendance rate counts only sessions held so far during the membership: present / held. An excused
absence is not presence (it lowers the rate) but is shown separately (szansa.domain.support.activities.rules).
Reading a participant's record is access-logged by the page that shows it (szansa.lib.access_log).
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.utils import timezone

from szansa.domain.projects.access import scope_projects
from szansa.domain.projects.models import Project
from szansa.domain.recruitment.access import scope_participants
from szansa.domain.recruitment.models import Participant
from szansa.domain.support import access
from szansa.domain.support.activities.rules import AttendanceSummary, expected_at, is_completed, summarize
from szansa.domain.support.models import (
    Activity,
    ActivityParticipant,
    Attendance,
    PlannedSupport,
    Session,
)


def planned_support_for(participant: Participant, form) -> PlannedSupport | None:
    """The participant's current plan's planned support of this form, if any."""
    return (
        PlannedSupport.objects.filter(
            plan__participant=participant, plan__superseded_on__isnull=True, form=form
        )
        .order_by("starts_on", "pk")
        .first()
    )


def members_on(activity_ids, day: datetime.date):
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
    return members_on([session.activity_id], day)[session.activity_id]


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
    return summarize(member, sessions, statuses, now or timezone.now())


def member_completed(member: ActivityParticipant, *, now=None) -> bool:
    return is_completed(member, attendance_rate(member.activity, member.participant, now=now))


# --- scoped lists ------------------------------------------------------------------------------------------


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


# --- the attendance table ----------------------------------------------------------------------------------


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
        summary = summarize(member, sessions, statuses, now)
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
