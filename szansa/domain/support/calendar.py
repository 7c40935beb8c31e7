"""Week calendars of sessions (per specialist, room, participant) and the iCalendar feed of a
specialist.

The feed is read by calendar programs that cannot log in, so its URL carries a token: a signature of
the user's id (django.core.signing, salted for this purpose). Nothing is stored; it is verified by
signing the id again, and changes only if SECRET_KEY changes. The feed names activities, rooms and
times, never participants (it leaves the centre's systems).
"""

import datetime
from dataclasses import dataclass, field

import icalendar
from django.core import signing
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.crypto import constant_time_compare

from szansa.domain.support.models import ActivityParticipant, Session

FEED_SALT = "szansa.domain.support.calendar.feed"
FEED_PAST_DAYS = 90


def week_start(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def parse_day(text: str | None) -> datetime.date | None:
    """A day typed as YYYY-MM-DD (a date field) or in an input format of the language (01.02.2020)."""
    text = (text or "").strip()
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        pass
    for pattern in ["%d.%m.%Y", *formats.get_format("DATE_INPUT_FORMATS")]:
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def parse_week(text: str | None, default: datetime.date | None) -> datetime.date | None:
    """The Monday of the week of `?week=` (any day of it, see parse_day), else of `default`."""
    day = parse_day(text) or default
    return week_start(day) if day is not None else None


def _bounds(monday: datetime.date):
    start = timezone.make_aware(datetime.datetime.combine(monday, datetime.time.min))
    end = timezone.make_aware(
        datetime.datetime.combine(monday + datetime.timedelta(days=7), datetime.time.min)
    )
    return start, end


def specialist_sessions(sessions, user_pk: int):
    return sessions.filter(specialist_id=user_pk)


def room_sessions(sessions, room_pk: int):
    return sessions.filter(room_id=room_pk)


def participant_sessions(sessions, participant_pk: int):
    """Individual sessions of the participant and sessions of the group activities they are a member
    of (membership on the session's day is checked in `week`)."""
    groups = ActivityParticipant.objects.filter(participant_id=participant_pk).values("activity_id")
    return sessions.filter(
        Q(participant_id=participant_pk) | Q(participant__isnull=True, activity_id__in=groups)
    )


@dataclass
class Day:
    date: datetime.date
    sessions: list = field(default_factory=list)


@dataclass
class Week:
    monday: datetime.date
    days: list

    @property
    def previous(self) -> datetime.date:
        return self.monday - datetime.timedelta(days=7)

    @property
    def next(self) -> datetime.date:
        return self.monday + datetime.timedelta(days=7)

    @property
    def sunday(self) -> datetime.date:
        return self.monday + datetime.timedelta(days=6)


def week(sessions, monday: datetime.date, *, participant_pk: int | None = None) -> Week:
    """The week from `monday`: seven days with their sessions (cancelled ones too, marked)."""
    start, end = _bounds(monday)
    rows = list(sessions.filter(starts_at__lt=end, ends_at__gt=start).order_by("starts_at", "pk"))
    if participant_pk is not None:
        memberships = {
            m.activity_id: m
            for m in ActivityParticipant.objects.filter(
                participant_id=participant_pk, activity_id__in={s.activity_id for s in rows}
            )
        }
        rows = [s for s in rows if s.participant_id or _member_then(memberships.get(s.activity_id), s)]
    days = [Day(monday + datetime.timedelta(days=n)) for n in range(7)]
    for session in rows:
        index = (timezone.localtime(session.starts_at).date() - monday).days
        if 0 <= index < 7:
            days[index].sessions.append(session)
    return Week(monday, days)


def _member_then(member, session) -> bool:
    if member is None:
        return False
    day = timezone.localtime(session.starts_at).date()
    return member.assigned_on <= day and (member.withdrawn_on is None or member.withdrawn_on > day)


# --- the iCalendar feed ------------------------------------------------------------------------------------


def feed_token(user) -> str:
    return signing.Signer(salt=FEED_SALT).signature(str(user.pk))


def feed_token_valid(user_pk: int, token: str) -> bool:
    return constant_time_compare(signing.Signer(salt=FEED_SALT).signature(str(user_pk)), token or "")


def feed(user, *, now=None) -> bytes:
    """The specialist's sessions from FEED_PAST_DAYS ago on, as an iCalendar document."""
    now = now or timezone.now()
    sessions = (
        Session.objects.filter(specialist=user, ends_at__gte=now - datetime.timedelta(days=FEED_PAST_DAYS))
        .select_related("activity", "room")
        .order_by("starts_at", "pk")
    )
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Szansa//support sessions//PL")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"Szansa: {user}")
    for session in sessions:
        event = icalendar.Event()
        event.add("uid", f"session-{session.pk}@szansa")
        event.add("dtstamp", now)
        event.add("dtstart", session.starts_at)
        event.add("dtend", session.ends_at)
        summary = session.activity.title + (f": {session.topic}" if session.topic else "")
        event.add("summary", summary)
        place = session.room.name if session.room else session.activity.place
        if place:
            event.add("location", place)
        event.add("status", "CANCELLED" if session.cancelled else "CONFIRMED")
        calendar.add_component(event)
    return calendar.to_ical()
