"""The demo support path of "Nowa szansa": after it, the indicators show real figures worked out from
the records it makes, and seeding again adds nothing."""

from decimal import Decimal

import pytest

from szansa.demo import people as people_demo
from szansa.demo.recruitment import NOWA_SZANSA, seed_recruitment
from szansa.demo.support.paths import seed_support
from szansa.domain.projects.models import Project
from szansa.domain.recruitment.models import Participant
from szansa.domain.support.indicators import effectiveness as indicator_effectiveness
from szansa.domain.support.indicators import selectors as indicator_selectors
from szansa.domain.support.models import Internship, Outcome

pytestmark = [pytest.mark.django_db, pytest.mark.slow]
D = Decimal


@pytest.fixture
def seeded():
    people_demo.seed(300, 1)
    seed_recruitment(rng_seed=1)
    first = seed_support(rng_seed=1)
    second = seed_support(rng_seed=1)
    return first, second


def test_everyone_left_with_outcomes_and_follow_ups(seeded):
    first, _ = seeded
    project = Project.objects.get(number=NOWA_SZANSA)
    participants = Participant.objects.filter(project=project).main().counted()
    assert participants.count() == 12
    assert not participants.filter(end_date__isnull=True).exists()
    assert participants.filter(status="left_early").count() == 1
    assert not participants.filter(follow_up_on__isnull=True).exists()
    assert Internship.objects.filter(participant__project=project).count() == 3
    # OUTCOMES in szansa/demo/support/paths.py: 2+1+2+3+2+2+2+2+1+1 = 18 outcomes.
    assert Outcome.objects.filter(participant__project=project).count() == 18 == first["outcomes"]


def test_the_indicators_show_the_figures_worked_out_from_the_demo(seeded):
    project = Project.objects.get(number=NOWA_SZANSA)
    values = {v.code: v for v in indicator_selectors.project_indicators(project)}
    # P-01: the 12 counted participants (target 12).
    assert values["PI9i-P-01"].value == D(12)
    # R-02 working up to 28 days after the exit: positions 1 (day 14), 2 (day 21), 3 (self-employed,
    # day 25), 5 (day 10); position 4's contract came on day 45 -> 4 (target 3).
    assert values["PI9i-R-02"].value == D(4)
    # Every plan of the plans demo has a social and a vocational form, so all 12 are in both
    # denominators (the severe-disability group aside); ES and EZ are real ratios against 34 / 22 %.
    effectiveness = indicator_effectiveness.project_effectiveness(project)
    ended = len(effectiveness.social.denominator) + len(effectiveness.social_severe.denominator)
    assert ended == 12
    assert values["EFS-ES"].value is not None and values["EFS-EZ"].value is not None
    assert effectiveness.social.threshold == D("34.00")


def test_seeding_again_adds_nothing(seeded):
    _, second = seeded
    assert second == {
        "activated": 0,
        "plans": 0,
        "activities": 0,
        "internships": 0,
        "exits": 0,
        "outcomes": 0,
        "follow_ups": 0,
    }
