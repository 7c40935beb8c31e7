"""A 2019 project (coordinator on its staff, the specialist on its staff) with a target group and
three enrolled participants of team A; two rooms, a group training and individual counselling of the
project run by the specialist. The helpers that build them are in tests.factories.support."""

import pytest

from szansa.domain.support.activities import services as activity_services
from tests.factories.indicator_cohort import (
    add_targets,
    build_cohort,
    cohort_project,
    cohort_target_group,
    link_call,
)
from tests.factories.support import D, RoomFactory, enrol, make_activity


@pytest.fixture
def project(cast):
    return cohort_project(cast, participant_limit=12)


@pytest.fixture
def target_group(project, cast):
    return cohort_target_group(cast, project, planned_total=12)


@pytest.fixture
def participants(cast, project, target_group):
    """Three participants of team A (responsible worker: pracownik)."""
    return [enrol(cast, project, target_group, last_name=f"Uczestnik{i}") for i in range(3)]


@pytest.fixture
def participant(participants):
    return participants[0]


# --- activities: two rooms, a group training and individual counselling run by the specialist -----------


@pytest.fixture
def rooms(db):
    return [RoomFactory(name="Sala 1"), RoomFactory(name="Sala 2")]


@pytest.fixture
def group(cast, project, rooms, participants):
    """The training with capacity 3 and all three participants assigned from 01.03.2019."""
    activity = make_activity(cast, project, room=rooms[0], capacity=3)
    for participant in participants:
        activity_services.activity_assign(
            actor=cast.koordynator, activity=activity, participant=participant, on=D(2019, 3, 1)
        )
    return activity


@pytest.fixture
def counselling(cast, project, rooms, participants):
    """Individual psychological counselling with the first participant assigned."""
    activity = make_activity(
        cast, project, code="psychological_counselling", title="Poradnictwo psychologiczne", room=rooms[1]
    )
    activity_services.activity_assign(
        actor=cast.koordynator, activity=activity, participant=participants[0], on=D(2019, 3, 1)
    )
    return activity


@pytest.fixture
def cohort(cast, project, target_group):
    """The hand-built cohort of tests/factories/indicator_cohort.py on S-1, with a call and the targets."""
    link_call(cast.admin, project)
    add_targets(cast.admin, project)
    return build_cohort(cast, project, target_group)
