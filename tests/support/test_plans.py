"""Diagnosis and the individual plan: a re-diagnosis is kept beside the first and shows progress area by
area; a revision is a new version and the earlier ones stay as they were; hours planned are compared
with the hours the participant attended."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from szansa.domain.support import enums
from szansa.domain.support.models import Activity, ActivityParticipant, Attendance, IndividualPlan, Session
from szansa.domain.support.plans import selectors as plan_selectors
from szansa.domain.support.plans import services as plan_services
from tests.factories.support import diagnose, goal, make_plan, support, support_form

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english_messages():
    """These tests read messages and printed text in English (the catalogue's source language)."""
    with translation.override("en"):
        yield


D = datetime.date


# --- diagnosis ---------------------------------------------------------------------------------------------


def test_a_rediagnosis_is_kept_beside_the_first_and_progress_compares_need_levels_area_by_area(
    cast, participant
):
    first = diagnose(cast.pracownik, participant)
    second = diagnose(
        cast.pracownik,
        participant,
        D(2019, 8, 1),
        enums.DiagnosisKind.REDIAGNOSIS,
        {"social": 1, "vocational": 2, "housing": 2, "health": 1},
    )
    assert list(participant.diagnoses.order_by("made_on")) == [first, second]
    assert first.areas.count() == 3  # unchanged by the re-diagnosis

    progress = plan_selectors.diagnosis_progress(participant)
    assert progress.compared and progress.first == first and progress.latest == second
    rows = {row.area: (row.first, row.latest, row.change) for row in progress.areas}
    assert rows == {
        "social": (3, 1, -2),
        "vocational": (2, 2, 0),
        "housing": (1, 2, 1),
        "health": (None, 1, None),
    }
    assert progress.improved == 1


def test_a_second_initial_diagnosis_or_an_early_rediagnosis_is_refused(cast, participant):
    with pytest.raises(ValidationError) as error:
        diagnose(cast.pracownik, participant, kind=enums.DiagnosisKind.REDIAGNOSIS)
    assert "kind" in error.value.message_dict
    diagnose(cast.pracownik, participant)
    with pytest.raises(ValidationError) as error:
        diagnose(cast.pracownik, participant, D(2019, 3, 1))
    assert "kind" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        diagnose(cast.pracownik, participant, D(2019, 2, 5), enums.DiagnosisKind.REDIAGNOSIS)
    assert "made_on" in error.value.message_dict


def test_a_diagnosis_needs_areas_each_once(cast, participant):
    with pytest.raises(ValidationError) as error:
        plan_services.diagnosis_create(
            actor=cast.pracownik, participant=participant, made_on=D(2019, 2, 5), areas=[]
        )
    assert "areas" in error.value.message_dict
    twice = [{"area": "social", "need_level": 1}, {"area": "social", "need_level": 2}]
    with pytest.raises(ValidationError) as error:
        plan_services.diagnosis_create(
            actor=cast.pracownik, participant=participant, made_on=D(2019, 2, 5), areas=twice
        )
    assert "areas.1.area" in error.value.message_dict


def test_the_auditor_and_a_social_worker_of_another_team_cannot_diagnose(cast, participant):
    for user in (cast.audytor, cast.pracownik2, cast.specjalista):
        with pytest.raises(PermissionDenied):
            diagnose(user, participant)


# --- plan and revisions ------------------------------------------------------------------------------------


def test_a_revision_is_a_new_version_and_the_first_stays_unchanged(cast, participant):
    v1 = make_plan(cast, participant)
    v2 = plan_services.plan_revise(
        actor=cast.pracownik,
        plan=v1,
        reason="Podjęła kurs zawodowy",
        on=D(2019, 4, 1),
        goals=[goal("Zdobycie kwalifikacji", D(2019, 10, 31))],
        supports=[support("career_counselling", "6", start=D(2019, 4, 1), end=D(2019, 9, 30))],
    )
    v1.refresh_from_db()
    assert (v1.version, v2.version) == (1, 2)
    assert v1.superseded_on == D(2019, 4, 1) and v2.is_current and not v1.is_current
    assert [g.description for g in v1.goals.all()] == ["Podjęcie zatrudnienia"]
    assert sorted((s.form.code, s.hours) for s in v1.supports.all()) == [
        ("psychological_counselling", Decimal("10.0")),
        ("vocational_training", Decimal("40.0")),
    ]
    # nothing copied silently: the new version holds exactly what it was given
    assert [g.description for g in v2.goals.all()] == ["Zdobycie kwalifikacji"]
    assert [(s.form.code, s.hours) for s in v2.supports.all()] == [("career_counselling", Decimal("6.0"))]
    assert v2.revision_reason == "Podjęła kurs zawodowy" and v2.drawn_up_on == D(2019, 4, 1)


def test_only_the_current_version_is_revised_or_accepted_and_a_reason_is_required(cast, participant):
    v1 = make_plan(cast, participant)
    with pytest.raises(ValidationError) as error:
        plan_services.plan_revise(
            actor=cast.koordynator,
            plan=v1,
            reason="  ",
            on=D(2019, 4, 1),
            goals=[goal()],
            supports=[support()],
        )
    assert "reason" in error.value.message_dict
    plan_services.plan_revise(
        actor=cast.koordynator,
        plan=v1,
        reason="Zmiana",
        on=D(2019, 4, 1),
        goals=[goal()],
        supports=[support()],
    )
    with pytest.raises(ValidationError, match="only the current version"):
        plan_services.plan_revise(
            actor=cast.koordynator,
            plan=v1,
            reason="Znowu",
            on=D(2019, 5, 1),
            goals=[goal()],
            supports=[support()],
        )
    with pytest.raises(ValidationError, match="only the current version"):
        plan_services.plan_accept(actor=cast.koordynator, plan=v1, by_participant_on=D(2019, 5, 1))
    assert IndividualPlan.objects.filter(participant=participant).count() == 2


def test_a_plan_is_drawn_up_once_then_revised(cast, participant):
    make_plan(cast, participant)
    with pytest.raises(ValidationError, match="revise"):
        make_plan(cast, participant)


def test_support_must_fall_within_the_participation_and_have_hours(cast, participant):
    bad = [
        support(start=D(2019, 1, 15)),  # before the start of participation (1 Feb 2019)
        support(hours="0"),
        support(end=D(2020, 1, 31)),  # after the project's end
        support(specialist=cast.pracownik2),  # a social worker, not on the staff
    ]
    with pytest.raises(ValidationError) as error:
        make_plan(cast, participant, supports=bad)
    assert set(error.value.message_dict) == {
        "supports.0.starts_on",
        "supports.1.hours",
        "supports.2.starts_on",
        "supports.3.specialist",
    }
    with pytest.raises(ValidationError) as error:
        make_plan(cast, participant, goals=[], supports=[])
    assert {"goals", "supports"} <= set(error.value.message_dict)


def test_a_staff_member_of_the_project_may_be_the_specialist(cast, participant):
    # the coordinator is on the project's staff: accepted although not a specialist
    plan = make_plan(cast, participant, supports=[support(specialist=cast.koordynator)])
    assert plan.supports.get().specialist == cast.koordynator


def test_acceptance_by_the_participant_and_the_worker(cast, participant):
    plan = make_plan(cast, participant)
    plan_services.plan_accept(actor=cast.pracownik, plan=plan, by_participant_on=D(2019, 2, 9))
    plan_services.plan_accept(actor=cast.pracownik, plan=plan, by_worker_on=D(2019, 2, 9))
    plan.refresh_from_db()
    assert plan.accepted_by_participant_on == plan.accepted_by_worker_on == D(2019, 2, 9)
    with pytest.raises(ValidationError) as error:
        plan_services.plan_accept(actor=cast.pracownik, plan=plan, by_participant_on=D(2019, 2, 10))
    assert "by_participant_on" in error.value.message_dict


def test_a_specialist_diagnoses_whom_they_serve_but_does_not_approve_the_plan(cast, participant):
    plan = make_plan(cast, participant)
    diagnose(cast.specjalista, participant)  # serves: named in the current plan
    with pytest.raises(PermissionDenied):
        plan_services.plan_accept(actor=cast.specjalista, plan=plan, by_worker_on=D(2019, 2, 9))
    with pytest.raises(PermissionDenied):
        plan_services.plan_revise(
            actor=cast.audytor, plan=plan, reason="x", on=D(2019, 4, 1), goals=[goal()], supports=[support()]
        )


# --- hours planned vs delivered ----------------------------------------------------------------------------


def _at(day, hour):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _session(activity, day, start, end, participant=None, cancelled=False):
    return Session.objects.create(
        activity=activity,
        starts_at=_at(day, start),
        ends_at=_at(day, end),
        participant=participant,
        cancelled=cancelled,
    )


def _activity(project, code, title):
    form = support_form(code)
    return Activity.objects.create(
        project=project,
        form=form,
        title=title,
        starts_on=D(2019, 2, 1),
        ends_on=D(2019, 12, 31),
        min_attendance=80,
    )


def _attend(cast, session, participant, status=enums.AttendanceStatus.PRESENT):
    Attendance.objects.create(session=session, participant=participant, status=status, recorded_by=cast.admin)


def test_hours_delivered_count_attended_sessions_of_the_same_form_within_the_period(
    cast, project, participants
):
    participant, other = participants[0], participants[1]
    plan = make_plan(cast, participant)
    counselling = _activity(project, "psychological_counselling", "Poradnictwo")
    training = _activity(project, "vocational_training", "Kurs")
    ActivityParticipant.objects.create(activity=training, participant=participant, assigned_on=D(2019, 2, 10))
    # individual counselling: 2 h + 1.5 h attended; an excused one, a cancelled one and one of
    # another participant do not count; one after the support's period (30 Jun) does not count
    _attend(cast, _session(counselling, D(2019, 3, 1), 10, 12, participant), participant)
    s = Session.objects.create(
        activity=counselling,
        participant=participant,
        starts_at=_at(D(2019, 3, 8), 10),
        ends_at=_at(D(2019, 3, 8), 10) + datetime.timedelta(minutes=90),
    )
    _attend(cast, s, participant)
    _attend(cast, _session(counselling, D(2019, 3, 15), 10, 12, participant), participant, "excused")
    _attend(cast, _session(counselling, D(2019, 3, 22), 10, 12, participant, cancelled=True), participant)
    _attend(cast, _session(counselling, D(2019, 3, 22), 12, 14, other), other)
    _attend(cast, _session(counselling, D(2019, 7, 5), 10, 12, participant), participant)
    # group training: two 4-hour sessions, present at one, absent at the other
    first, second = _session(training, D(2019, 4, 1), 8, 12), _session(training, D(2019, 4, 2), 8, 12)
    _attend(cast, first, participant)
    _attend(cast, second, participant, "absent")
    _attend(cast, second, other)

    rows = {row.support.form.code: row for row in plan_selectors.hours_delivered_vs_planned(plan)}
    assert rows["psychological_counselling"].planned == Decimal("10.0")
    assert rows["psychological_counselling"].delivered == Decimal("3.5")
    assert rows["psychological_counselling"].percent == 35
    assert rows["vocational_training"].delivered == Decimal("4.0")
    assert rows["vocational_training"].remaining == Decimal("36.0")
    assert rows["vocational_training"].percent == 10

    overview = plan_selectors.path_overview(participant)
    (place,) = overview["activities"]
    assert (place.sessions_recorded, place.sessions_present, place.attendance_rate) == (2, 1, 50)


def test_the_demo_gives_each_participant_a_path_deterministically(cast, participants):
    import random

    from szansa.demo.support.plans import seed_plans
    from szansa.domain.support.models import Diagnosis, SocialContract

    assert seed_plans(participants, actor=cast.admin, rng=random.Random(7)) == 3
    assert seed_plans(participants, actor=cast.admin, rng=random.Random(7)) == 0  # idempotent
    for participant in participants:
        assert Diagnosis.objects.filter(participant=participant, kind="initial").count() == 1
        assert IndividualPlan.objects.filter(participant=participant, superseded_on__isnull=True).count() == 1
        assert SocialContract.objects.filter(participant=participant).count() == 1
