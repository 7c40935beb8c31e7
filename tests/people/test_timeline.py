"""The person's timeline (szansa/domain/timeline/selectors.py): every app's events about the person in
date order, each through its own scope for the reader."""

import datetime

import pytest

from szansa.domain.timeline.selectors import person_timeline
from szansa.domain.work import services
from tests.factories import ConsentFactory, ParticipantFactory, StayFactory

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def history(cast):
    """person_a: a consent (2018-12-01), a participation (2019-02-01), a referral to sheltered housing
    (2019-03-15), a case registered on 2025-04-14 with its interview on 2025-04-22."""
    person = cast.person_a
    ConsentFactory(person=person, given_on=D(2018, 12, 1))
    participant = ParticipantFactory(person=person, start_date=D(2019, 2, 1))
    stay = StayFactory(person=person)
    case = services.case_open(
        actor=cast.referent, person=person, benefit="zasiłek celowy", opened_on=D(2025, 4, 14)
    )
    services.case_record_interview(actor=cast.pracownik, case=case, on=D(2025, 4, 22))
    return {"participant": participant, "stay": stay, "case": case}


def test_the_administrator_sees_every_app_in_date_order(cast, history):
    events = person_timeline(cast.admin, cast.person_a)
    dated = [(event.on, event.area) for event in events]
    # Newest first; the case's steps each have their day; the open task of the next step is on the case.
    assert dated == [
        (D(2025, 4, 22), "case"),
        (D(2025, 4, 14), "case"),
        (D(2019, 3, 15), "housing"),
        (D(2019, 2, 1), "project"),
        (D(2018, 12, 1), "consent"),
    ]
    links = {event.area: event.url for event in events}
    assert links["case"] == history["case"].get_absolute_url()
    assert links["housing"] == history["stay"].get_absolute_url()
    assert links["project"].endswith(f"/uczestnicy/{history['participant'].pk}/")


def test_a_social_worker_of_another_team_sees_none_of_the_case(cast, history):
    areas = {event.area for event in person_timeline(cast.pracownik2, cast.person_a)}
    assert "case" not in areas
    assert "case" in {event.area for event in person_timeline(cast.pracownik, cast.person_a)}


def test_the_person_file_shows_the_timeline(cast, history, client_for):
    page = client_for(cast.pracownik).get(cast.person_a.get_absolute_url()).content.decode()
    assert "Oś czasu osoby" in page
    assert "Zarejestrowano wniosek: zasiłek celowy" in page
    assert history["case"].get_absolute_url() in page
