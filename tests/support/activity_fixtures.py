"""Fixtures of the activity tests (imported by test_activities, test_sessions, test_attendance, …):
two rooms, a group training and individual counselling of the S-1 project, run by the specialist."""

import datetime

import pytest
from django.utils import timezone

from szansa.domain.support import activities
from szansa.domain.support.models import IndividualPlan, PlannedSupport, Room
from tests.support.conftest import support_form

D = datetime.date


def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


@pytest.fixture
def rooms(db):
    return [Room.objects.create(name="Sala 1"), Room.objects.create(name="Sala 2")]


def make_activity(cast, project, code="social_competence_training", **fields):
    values = {
        "title": "Trening kompetencji społecznych",
        "starts_on": D(2019, 3, 1),
        "ends_on": D(2019, 6, 30),
        "specialist": cast.specjalista,
        "trainer": "Anna Trenerska",
    }
    values.update(fields)
    return activities.activity_create(
        actor=cast.koordynator, project=project, form=support_form(code), **values
    )


@pytest.fixture
def group(cast, project, rooms, participants):
    """The training with capacity 3 and all three participants assigned from 01.03.2019."""
    activity = make_activity(cast, project, room=rooms[0], capacity=3)
    for participant in participants:
        activities.activity_assign(
            actor=cast.koordynator, activity=activity, participant=participant, on=D(2019, 3, 1)
        )
    return activity


@pytest.fixture
def counselling(cast, project, rooms, participants):
    """Individual psychological counselling with the first participant assigned."""
    activity = make_activity(
        cast, project, code="psychological_counselling", title="Poradnictwo psychologiczne", room=rooms[1]
    )
    activities.activity_assign(
        actor=cast.koordynator, activity=activity, participant=participants[0], on=D(2019, 3, 1)
    )
    return activity


def plan_with(cast, participant, code: str, hours: str) -> PlannedSupport:
    plan = IndividualPlan.objects.create(
        participant=participant, drawn_up_on=D(2019, 2, 15), drawn_up_by=cast.pracownik
    )
    return PlannedSupport.objects.create(
        plan=plan,
        form=support_form(code),
        hours=hours,
        specialist=cast.specjalista,
        starts_on=D(2019, 3, 1),
        ends_on=D(2019, 6, 30),
    )
