"""Pure rules of activities (no queries): the attendance of one member over the sessions held so far,
completion, the days of a weekly series and the local time of a session."""

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from szansa.domain.support.enums import AttendanceStatus, ExamResult
from szansa.domain.support.models import ActivityParticipant, Session

HUNDRED = Decimal("100")


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


def summarize(member, sessions, statuses: dict, now) -> AttendanceSummary:
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


def weekly_days(weekday: int, first: datetime.date, last: datetime.date) -> list[datetime.date]:
    """Every `weekday` (0 = Monday) from `first` to `last`, both included."""
    day = first + datetime.timedelta(days=(weekday - first.weekday()) % 7)
    days = []
    while day <= last:
        days.append(day)
        day += datetime.timedelta(days=7)
    return days


def local_at(day: datetime.date, time: datetime.time) -> datetime.datetime:
    """`day` at `time` in the local time zone."""
    return timezone.make_aware(datetime.datetime.combine(day, time))
