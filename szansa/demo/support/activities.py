"""Synthetic activities of a demo project, made through the services (so the demo obeys the same
rules: capacity, no clashes, attendance only for members): a social-competence group training on
Tuesdays, a vocational training with an exam on Thursdays, and individual psychological counselling
on Mondays, with attendance for the sessions already held (mostly present). Deterministic for a given
random.Random."""

import datetime
import random

from django.utils import timezone

from szansa.domain.support.activities import rules as activity_rules
from szansa.domain.support.activities import selectors as activity_selectors
from szansa.domain.support.activities import services as activity_services
from szansa.domain.support.enums import AttendanceStatus, ExamResult
from szansa.domain.support.models import Room, SupportForm

GROUP_WEEKS = 12
TRAINING_WEEKS = 8
COUNSELLING_SESSIONS = 6


def _status(rng: random.Random) -> str:
    draw = rng.random()
    if draw < 0.86:
        return AttendanceStatus.PRESENT
    return AttendanceStatus.EXCUSED if draw < 0.94 else AttendanceStatus.ABSENT


def _record(actor, sessions, rng: random.Random) -> None:
    today = timezone.localdate()
    for session in sessions:
        if timezone.localtime(session.starts_at).date() > today:
            continue
        expected = sorted(activity_selectors.session_participant_ids(session))
        statuses = {pk: _status(rng) for pk in expected}
        if statuses:
            activity_services.attendance_set(actor=actor, session=session, statuses=statuses)


def _period(start: datetime.date, end: datetime.date, weeks: int) -> tuple[datetime.date, datetime.date]:
    return start, min(end, start + datetime.timedelta(weeks=weeks) - datetime.timedelta(days=1))


def seed_activities(project, participants, *, actor, specialist, start, end, rng: random.Random) -> dict:
    """Create the three activities of `project` between `start` and `end` (within the project) for
    the given participants (of the project); returns them by kind."""
    participants = [p for p in participants if p.end_date is None or p.end_date >= start]
    hall, _ = Room.objects.get_or_create(name="Sala szkoleniowa", defaults={"capacity": 16})
    office, _ = Room.objects.get_or_create(name="Gabinet psychologa", defaults={"capacity": 2})
    forms = {
        f.code: f
        for f in SupportForm.objects.filter(
            code__in=["social_competence_training", "vocational_training", "psychological_counselling"]
        )
    }

    first, last = _period(start, end, GROUP_WEEKS)
    group = activity_services.activity_create(
        actor=actor,
        project=project,
        form=forms["social_competence_training"],
        title=f"Trening kompetencji społecznych ({project.number})",
        provider="OPS",
        trainer="Joanna Demo-Trenerska",
        specialist=specialist,
        room=hall,
        capacity=12,
        starts_on=first,
        ends_on=last,
    )
    for participant in participants[:12]:
        activity_services.activity_assign(actor=actor, activity=group, participant=participant, on=first)
    group_sessions = activity_services.session_schedule_weekly(
        actor=actor,
        activity=group,
        weekday=1,
        start_time=datetime.time(10),
        end_time=datetime.time(13),
        first_day=first,
        last_day=last,
        topic="Komunikacja i asertywność",
    )
    _record(actor, group_sessions, rng)

    first, last = _period(start + datetime.timedelta(weeks=2), end, TRAINING_WEEKS)
    training = activity_services.activity_create(
        actor=actor,
        project=project,
        form=forms["vocational_training"],
        title=f"Kurs magazyniera z obsługą wózka widłowego ({project.number})",
        provider="Centrum Szkoleniowe Demo",
        trainer="Marek Demo-Instruktor",
        specialist=specialist,
        room=hall,
        capacity=8,
        starts_on=first,
        ends_on=last,
    )
    trainees = participants[: max(1, len(participants) // 2)][:8]
    members = [
        activity_services.activity_assign(actor=actor, activity=training, participant=p, on=first)
        for p in trainees
    ]
    training_sessions = activity_services.session_schedule_weekly(
        actor=actor,
        activity=training,
        weekday=3,
        start_time=datetime.time(9),
        end_time=datetime.time(14),
        first_day=first,
        last_day=last,
        topic="Zajęcia praktyczne",
    )
    _record(actor, training_sessions, rng)
    if last < timezone.localdate():
        for number, member in enumerate(members, start=1):
            passed = rng.random() < 0.85
            activity_services.exam_record(
                actor=actor,
                member=member,
                result=ExamResult.PASSED if passed else ExamResult.FAILED,
                on=last,
                certificate_number=f"{number}/{last.year}/{project.number}" if passed else "",
            )

    counselling = activity_services.activity_create(
        actor=actor,
        project=project,
        form=forms["psychological_counselling"],
        title=f"Poradnictwo psychologiczne ({project.number})",
        specialist=specialist,
        room=office,
        starts_on=start,
        ends_on=end,
    )
    counselled = participants[:6]
    sessions = []
    for index, participant in enumerate(counselled):
        planned = activity_selectors.planned_support_for(participant, counselling.form)
        activity_services.activity_assign(
            actor=actor, activity=counselling, participant=participant, on=start, planned_support=planned
        )
        # Mondays every other week, one hour each, a different hour per participant.
        monday = start + datetime.timedelta(days=(0 - start.weekday()) % 7)
        for n in range(COUNSELLING_SESSIONS):
            day = monday + datetime.timedelta(weeks=2 * n)
            if day > end:
                break
            begins = datetime.time(9 + index)
            sessions.append(
                activity_services.session_schedule(
                    actor=actor,
                    activity=counselling,
                    participant=participant,
                    starts_at=activity_rules.local_at(day, begins),
                    ends_at=activity_rules.local_at(day, datetime.time(10 + index)),
                    topic="Konsultacja indywidualna",
                )
            )
    _record(actor, sessions, rng)
    return {"group": group, "training": training, "counselling": counselling}
