"""The demo recruits "Nowa szansa" from a larger pool with a waiting list, and Andrychów in 2019 and 2020."""

import pytest

from szansa.demo import people as people_demo
from szansa.demo.recruitment import ANDRYCHOW, NOWA_SZANSA, seed_recruitment
from szansa.domain.projects.models import Project
from szansa.domain.recruitment import enums, selectors
from szansa.domain.recruitment.models import Participant, RecruitmentRound

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    people_demo.seed(300, 1)
    first = seed_recruitment(rng_seed=1)
    second = seed_recruitment(rng_seed=1)
    return first, second


def test_nowa_szansa_has_its_12_participants_from_a_larger_pool_and_a_waiting_list(seeded):
    project = Project.objects.get(number=NOWA_SZANSA)
    [round_] = RecruitmentRound.objects.filter(target_group__project=project)
    statuses = list(round_.applications.values_list("status", flat=True))
    assert statuses.count(enums.ApplicationStatus.NOT_ELIGIBLE) == 4
    assert len(statuses) == 24
    assert selectors.limit_gauge(project).main == 12
    assert Participant.objects.filter(project=project, status="resigned_before_start").count() == 1
    waiting = list(selectors.waiting_list(round_))
    assert len(waiting) == 7
    ranks = [a.rank for a in selectors.ranking(round_)]
    assert ranks == list(range(1, 21))
    scores = [a.score for a in selectors.ranking(round_)]
    assert scores == sorted(scores, reverse=True)


def test_every_demo_participant_gave_the_eu_project_consent(seeded):
    for participant in Participant.objects.select_related("person"):
        assert participant.person.consents.active_on(participant.start_date).filter(kind="eu_project_data")


def test_andrychow_has_participants_in_its_2019_and_2020_groups(seeded):
    project = Project.objects.get(number=ANDRYCHOW)
    years = set(Participant.objects.filter(project=project).values_list("target_group__year", flat=True))
    assert years == {2019, 2020}


def test_seeding_again_adds_nothing(seeded):
    first, second = seeded
    assert sum(first.values()) == 24 + 12 + 12
    assert sum(second.values()) == 0
