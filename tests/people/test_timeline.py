"""The person's timeline (szansa/domain/timeline/selectors.py): every app's events about the person in
date order, each through its own scope for the reader."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

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


@pytest.fixture
def interviews(cast):
    """person_a's full interview of 2026-01-12, completed on 2026-01-14 and confirmed on 2026-01-20, and
    her update started on 2026-07-13 (a draft), both by her team-A worker."""
    from szansa.domain.interviews import services as interview_services
    from szansa.domain.interviews.models import Interview
    from tests.factories.interviews import answers_for_completion

    person = cast.person_a
    full = interview_services.interview_start(person, cast.pracownik, D(2026, 1, 12))
    full = interview_services.interview_save(
        full, answers_for_completion(full), full.revision, cast.pracownik
    )
    interview_services.interview_complete(full, cast.pracownik)
    interview_services.interview_confirm(full, cast.pracownik, [])
    Interview.objects.filter(pk=full.pk).update(
        completed_at=timezone.make_aware(datetime.datetime(2026, 1, 14, 10)),
        confirmed_at=timezone.make_aware(datetime.datetime(2026, 1, 20, 10)),
    )
    update = interview_services.interview_start(person, cast.pracownik, D(2026, 7, 13))
    return full, update


def test_the_persons_interviews_are_on_the_timeline_in_date_order(cast, interviews):
    full, update = interviews
    full.refresh_from_db()
    events = [event for event in person_timeline(cast.admin, cast.person_a) if event.area == "interview"]
    worker = cast.pracownik.get_full_name() or cast.pracownik.get_username()
    # Newest first: the update started 13.07; the full interview confirmed 20.01, completed 14.01,
    # started 12.01.
    assert [(event.on, event.title) for event in events] == [
        (D(2026, 7, 13), "Rozpoczęto wywiad środowiskowy"),
        (D(2026, 1, 20), "Zatwierdzono wywiad środowiskowy"),
        (D(2026, 1, 14), "Zakończono wywiad środowiskowy"),
        (D(2026, 1, 12), "Rozpoczęto wywiad środowiskowy"),
    ]
    assert events[0].detail.startswith(str(update.get_kind_display()))
    assert str(full.get_kind_display()) in events[-1].detail
    assert all(worker in event.detail for event in events)
    assert str(full.get_status_display()) in events[-1].detail
    # each links to its interview's page
    assert events[0].url == reverse("interviews:detail", args=[update.pk])
    assert {event.url for event in events[1:]} == {reverse("interviews:detail", args=[full.pk])}


@pytest.mark.parametrize(
    ("role", "sees"),
    [
        ("admin", True),
        ("kierownik", True),
        ("pracownik", True),  # her own team
        ("referent", True),  # the clerk reads interviews (without their health answers)
        ("pracownik2", False),  # another team
        ("specjalista", False),
        ("koordynator", False),
        ("audytor", False),
    ],
)
def test_only_who_may_read_the_interviews_sees_them_on_the_timeline(cast, interviews, role, sees):
    events = [e for e in person_timeline(getattr(cast, role), cast.person_a) if e.area == "interview"]
    assert bool(events) is sees
    # no entry carries an answer (the clerk never sees the health ones; nobody sees any here)
    full, _update = interviews
    for event in events:
        for value in full.answers.values():
            if isinstance(value, str) and len(value) > 8:
                assert value not in f"{event.title} {event.detail}"
