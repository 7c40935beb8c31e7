"""The city-scale generator (issue 8) at a small size: deterministic, valid PESELs, attendance lands."""

import datetime
from collections import Counter

import pytest

from szansa.demo import city as scale
from szansa.demo import people as demo
from szansa.domain.people.enums import Sex
from szansa.domain.people.models import Consent, Household, IncomeRecord, Person, Situation
from szansa.domain.people.validators import validate_pesel
from szansa.domain.recruitment.models import Participant
from szansa.domain.support.models import Activity, ActivityParticipant, Attendance, Session

SMALL = {"people": 300, "participants": 30, "attendance_per_participant": 20}


def snapshot() -> dict:
    return {
        "people": list(
            Person.objects.order_by("pk").values_list(
                "pesel", "first_name", "last_name", "birth_date", "street"
            )
        ),
        "counts": [
            model.objects.count()
            for model in (
                Household,
                IncomeRecord,
                Situation,
                Consent,
                Participant,
                Activity,
                ActivityParticipant,
                Session,
                Attendance,
            )
        ],
        "participants": list(
            Participant.objects.order_by("pk").values_list("person__pesel", "start_date", "status")
        ),
        "attendance": sorted(Counter(Attendance.objects.values_list("status", flat=True)).items()),
    }


def reset() -> None:
    scale.reset_city()
    demo.reset_registry()


def test_make_pesel_gives_the_known_example_and_encodes_the_century():
    # 44051401359 is the textbook PESEL: born 14.05.1944, a man (odd 10th digit), checksum 9.
    assert scale.make_pesel(datetime.date(1944, 5, 14), female=False, serial=13, sex_digit=2) == "44051401359"
    pesel = scale.make_pesel(datetime.date(2003, 7, 9), female=True, serial=5, sex_digit=4)
    assert pesel[:9] == "032709005" and pesel[9] == "8"  # month + 20 for the 2000s, even digit: a woman
    validate_pesel(pesel)


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_city_and_another_seed_another():
    config = scale.CityConfig(seed=7, **SMALL)
    summary = scale.seed_city(config)
    first = snapshot()
    assert summary.people == 300 == len(first["people"])
    assert summary.participants == 30 == Participant.objects.count()

    reset()
    assert Person.objects.count() == 0 and Attendance.objects.count() == 0
    scale.seed_city(config)
    assert snapshot() == first

    reset()
    scale.seed_city(scale.CityConfig(seed=8, **SMALL))
    other = snapshot()
    assert {row[0] for row in other["people"]} != {row[0] for row in first["people"]}
    assert [row[1:3] for row in other["people"]] != [row[1:3] for row in first["people"]]


@pytest.mark.django_db
def test_the_city_has_valid_pesels_participants_and_their_attendance():
    summary = scale.seed_city(scale.CityConfig(seed=3, **SMALL))
    pesels = list(Person.objects.exclude(pesel=None).values_list("pesel", "birth_date", "sex"))
    assert len(pesels) > 280  # about 2% are foreigners identified by a residence card
    for pesel, born, sex in pesels:
        validate_pesel(pesel)
        assert pesel[4:6] == f"{born.day:02d}"
        assert int(pesel[9]) % 2 == (0 if sex == Sex.FEMALE else 1)
    assert len({p for p, _b, _s in pesels}) == len(pesels)

    participants = list(Participant.objects.select_related("person", "project"))
    assert len(participants) == 30
    for participant in participants:
        assert participant.project.number.startswith(scale.CITY_PREFIX)
        assert 18 <= participant.person.age_on(demo.REFERENCE_DATE) <= 64
    # Two activities of 10 sessions each: exactly 20 attendance rows per participant.
    per_participant = Counter(Attendance.objects.values_list("participant_id", flat=True))
    assert set(per_participant.values()) == {20}
    assert summary.attendance == Attendance.objects.count() == 30 * 20
    assert summary.sessions == Session.objects.count() == summary.activities * 10
    # Every attendance row belongs to a session of an activity the participant is a member of.
    members = set(ActivityParticipant.objects.values_list("activity_id", "participant_id"))
    rows = set(Attendance.objects.values_list("session__activity_id", "participant_id"))
    assert rows == members
    assert all(session.starts_at.date() < demo.REFERENCE_DATE for session in Session.objects.all())
