# ruff: noqa: F811 - the shared fixtures are imported by name and used as parameters
"""Scheduling sessions: a specialist, a room and a participant are booked once at a time (overlap
refused with a message naming the clash), back-to-back sessions are fine, weekly series all or
nothing, cancelled sessions book nobody."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from szansa.domain.support.activities import services as activity_services
from szansa.domain.support.models import Session
from tests.factories.support import D, at, make_activity

TUESDAY = D(2019, 3, 12)


@pytest.fixture(autouse=True)
def english():
    """The refusals are checked word for word in English (the msgids)."""
    translation.activate("en")


def schedule(cast, activity, start, end, **extra):
    return activity_services.session_schedule(
        actor=cast.koordynator,
        activity=activity,
        starts_at=at(TUESDAY, *start),
        ends_at=at(TUESDAY, *end),
        **extra,
    )


def test_a_session_takes_the_activitys_room_and_specialist_by_default(cast, group):
    session = schedule(cast, group, (10,), (11,), topic="Komunikacja")
    assert session.room == group.room and session.specialist == cast.specjalista
    assert session.hours == 1


def test_the_same_specialist_cannot_hold_two_sessions_at_once(cast, project, group, rooms):
    schedule(cast, group, (10,), (11,))
    other = make_activity(cast, project, title="Warsztaty", room=rooms[1])
    with pytest.raises(ValidationError) as refusal:
        schedule(cast, other, (10, 30), (12,))
    assert refusal.value.messages == [
        f"Specialist {cast.specjalista} already has a session 10:00–11:00 on 12.03.2019 "
        "(activity Trening kompetencji społecznych)."
    ]
    assert refusal.value.error_list[0].code == "specialist_busy"
    assert Session.objects.filter(activity=other).count() == 0


def test_the_same_room_cannot_be_booked_twice(cast, project, group, rooms):
    schedule(cast, group, (10,), (11,))
    other = make_activity(cast, project, title="Warsztaty", room=rooms[0], specialist=cast.pracownik)
    with pytest.raises(ValidationError) as refusal:
        schedule(cast, other, (9,), (10, 30))
    assert [e.code for e in refusal.value.error_list] == ["room_busy"]
    assert "Sala 1" in refusal.value.messages[0] and "12.03.2019" in refusal.value.messages[0]


def test_a_participant_cannot_be_in_an_individual_session_during_their_group_session(
    cast, group, counselling, participants
):
    schedule(cast, group, (10,), (13,))
    with pytest.raises(ValidationError) as refusal:
        schedule(cast, counselling, (12,), (13,), participant=participants[0], specialist=cast.pracownik)
    assert [e.code for e in refusal.value.error_list] == ["participant_busy"]
    assert participants[0].person.full_name in refusal.value.messages[0]
    assert "10:00–13:00" in refusal.value.messages[0]


def test_a_group_session_clashes_with_a_members_individual_session(cast, group, counselling, participants):
    schedule(cast, counselling, (10,), (11,), participant=participants[0], specialist=cast.pracownik)
    with pytest.raises(ValidationError) as refusal:
        schedule(cast, group, (10, 30), (12,))
    assert [e.code for e in refusal.value.error_list] == ["participant_busy"]


def test_back_to_back_sessions_do_not_clash(cast, group, counselling, participants):
    schedule(cast, group, (10,), (11,))
    schedule(cast, group, (11,), (12,))
    schedule(cast, counselling, (12,), (13,), participant=participants[0], room=group.room)
    assert Session.objects.count() == 3


def test_a_cancelled_session_books_nobody(cast, project, group, rooms):
    first = schedule(cast, group, (10,), (11,))
    activity_services.session_cancel(actor=cast.koordynator, session=first)
    schedule(cast, group, (10,), (11,))
    assert Session.objects.filter(cancelled=False).count() == 1


def test_individual_sessions_need_an_assigned_participant_and_group_ones_none(
    cast, group, counselling, participants
):
    with pytest.raises(ValidationError) as refusal:
        schedule(cast, counselling, (10,), (11,))
    assert "participant" in refusal.value.message_dict
    with pytest.raises(ValidationError):
        schedule(cast, counselling, (10,), (11,), participant=participants[1])
    with pytest.raises(ValidationError):
        schedule(cast, group, (10,), (11,), participant=participants[0])


def test_a_session_outside_the_activity_or_ending_before_it_starts_is_refused(cast, group):
    with pytest.raises(ValidationError) as refusal:
        activity_services.session_schedule(
            actor=cast.koordynator,
            activity=group,
            starts_at=at(D(2019, 7, 2), 10),
            ends_at=at(D(2019, 7, 2), 11),
        )
    assert "01.03.2019 – 30.06.2019" in refusal.value.messages[0]
    with pytest.raises(ValidationError):
        schedule(cast, group, (11,), (10,))


def test_a_weekly_series_books_every_tuesday(cast, group):
    import datetime

    sessions = activity_services.session_schedule_weekly(
        actor=cast.koordynator,
        activity=group,
        weekday=1,
        start_time=datetime.time(10),
        end_time=datetime.time(13),
        first_day=D(2019, 3, 1),
        last_day=D(2019, 3, 31),
    )
    days = [s.starts_at.astimezone(at(TUESDAY, 0).tzinfo).date() for s in sessions]
    assert days == [D(2019, 3, 5), D(2019, 3, 12), D(2019, 3, 19), D(2019, 3, 26)]
    # 31.03.2019 is the switch to summer time: the local hour stays 10:00.
    assert all(timezone.localtime(s.starts_at).hour == 10 for s in sessions)


def test_a_weekly_series_with_one_clash_books_nothing_and_names_the_day(cast, project, group, rooms):
    import datetime

    other = make_activity(cast, project, title="Warsztaty", room=rooms[1])
    schedule(cast, other, (12,), (14,))
    with pytest.raises(ValidationError) as refusal:
        activity_services.session_schedule_weekly(
            actor=cast.koordynator,
            activity=group,
            weekday=1,
            start_time=datetime.time(10),
            end_time=datetime.time(13),
            first_day=D(2019, 3, 1),
            last_day=D(2019, 3, 31),
        )
    assert len(refusal.value.messages) == 1 and "12.03.2019" in refusal.value.messages[0]
    assert Session.objects.filter(activity=group).count() == 0


@pytest.mark.parametrize("username", ["pracownik2", "specjalista", "audytor"])
def test_only_who_runs_the_project_schedules(cast, group, username):
    with pytest.raises(PermissionDenied):
        activity_services.session_schedule(
            actor=getattr(cast, username), activity=group, starts_at=at(TUESDAY, 10), ends_at=at(TUESDAY, 11)
        )
