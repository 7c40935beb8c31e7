"""The demo holds the three seed projects with the figures the articles report."""

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from szansa.demo.projects import seed_projects
from szansa.domain.projects import services
from szansa.domain.projects.models import BudgetShift, Expenditure, PaymentClaim, Project
from szansa.domain.projects.selectors import project_execution

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    return seed_projects(rng_seed=1)


def test_the_andrychow_project_has_the_reported_figures(seeded):
    project = Project.objects.get(title="Wykorzystaj swoją szansę")
    assert project.total_value == Decimal("1216630.61")
    assert project.cofinancing == Decimal("1031544.93")
    assert project.own_contribution == Decimal("185085.68")
    assert project.cofinancing_rate == Decimal("84.79")
    application = project.application
    assert application.call.body.name == "Małopolskie Centrum Przedsiębiorczości"
    assert application.call.announced_on.strftime("%Y-%m") == "2017-11"
    assert (application.rank_position, application.rank_of) == (15, 56)
    with translation.override("en"):
        assert str(application.ranking_display) == "15 of 56"
    groups = [(g.year, g.name) for g in project.target_groups.all()]
    assert groups == [
        (2019, "Osoby z niepełnosprawnościami"),
        (2020, "Osoby bezrobotne"),
        (2021, "Rodziny wieloproblemowe"),
    ]
    assert "mieszkań chronionych" in project.notes  # seed notes are Polish data


def test_the_olkusz_po_wer_project_is_fully_external_with_the_estimated_split_noted(seeded):
    project = Project.objects.get(title="Nowa jakość - nowe możliwości")
    assert project.measure.code == "2.5" and project.measure.programme.code == "PO WER 2014-2020"
    assert project.measure.name == "Skuteczna pomoc społeczna"
    assert project.total_value == project.cofinancing == Decimal("370000.00")
    assert project.own_contribution == Decimal("0.00")
    assert (project.eu_rate, project.state_budget_rate) == (Decimal("84.28"), Decimal("15.72"))
    assert "szacunek" in project.notes.lower() and "84,28" in project.notes
    assert (project.start, project.end) == (datetime.date(2018, 7, 1), datetime.date(2019, 6, 30))


def test_the_olkusz_nowa_szansa_project_has_the_reported_figures_and_flags_its_estimate(seeded):
    project = Project.objects.get(title__startswith="Nowa szansa")
    assert project.measure.code == "9.1.1" and project.measure.programme.code == "RPO WM 2014-2020"
    assert project.cofinancing == Decimal("165000.00")
    assert project.total_value == Decimal("194117.65") < Decimal("200000")
    assert "Szacunek: wartość ogółem 194 117,65" in project.notes
    assert project.participant_limit == 12
    assert (project.start, project.end) == (datetime.date(2019, 1, 1), datetime.date(2019, 12, 31))


def test_every_demo_budget_is_consistent_and_has_spending_and_claims(seeded):
    assert len(seeded) == 5
    for project in seeded:
        assert services.budget_check(project) == []
        execution = project_execution(project)
        assert execution.planned == project.eligible_costs
        assert Decimal("0") < execution.spent <= execution.plan
        assert PaymentClaim.objects.filter(project=project).exists()
    assert BudgetShift.objects.filter(project__title="Wykorzystaj swoją szansę").count() == 1


def test_seeding_twice_adds_nothing(seeded):
    counts = (Project.objects.count(), Expenditure.objects.count(), PaymentClaim.objects.count())
    seed_projects(rng_seed=1)
    assert (Project.objects.count(), Expenditure.objects.count(), PaymentClaim.objects.count()) == counts


# --- the live project around the reference date (szansa.demo.live) ---------------------------------------

LIVE_REFERENCE = datetime.date(2026, 1, 15)  # a Thursday


def _live_fingerprint():
    """The live set by natural keys (no primary keys: sequences differ between runs)."""
    from szansa.demo.live import LIVE_NUMBER
    from szansa.domain.housing.models import Stay
    from szansa.domain.recruitment.models import Application, Participant
    from szansa.domain.support.models import Attendance, Session
    from szansa.domain.work.models import Task

    live = {"project__number": LIVE_NUMBER}
    return {
        "applications": sorted(
            map(
                repr,
                Application.objects.filter(round__target_group__project__number=LIVE_NUMBER).values_list(
                    "person__pesel", "round__name", "submitted_on", "status", "rank", "score"
                ),
            ),
        ),
        "participants": sorted(
            map(
                repr, Participant.objects.filter(**live).values_list("person__pesel", "start_date", "status")
            ),
        ),
        "sessions": sorted(
            map(
                repr,
                Session.objects.filter(activity__project__number=LIVE_NUMBER).values_list(
                    "activity__title", "starts_at", "participant__person__pesel"
                ),
            ),
        ),
        "attendance": sorted(
            map(
                repr,
                Attendance.objects.filter(session__activity__project__number=LIVE_NUMBER).values_list(
                    "session__starts_at", "participant__person__pesel", "status"
                ),
            ),
        ),
        "stays": sorted(
            map(
                repr,
                Stay.objects.filter(place__room__apartment__project__number=LIVE_NUMBER).values_list(
                    "person__pesel", "occupied_from", "planned_end", "decision_number"
                ),
            ),
        ),
        "tasks": sorted(
            map(
                repr,
                Task.objects.filter(created_at__isnull=False)
                .exclude(notes__startswith="[demo]")
                .values_list("kind__code", "person__pesel", "due_on", "assignee__username"),
            ),
        ),
    }


def _seed_live_in_savepoint():
    from django.db import transaction

    from szansa.demo import people as people_demo
    from szansa.demo.live import seed_live

    with transaction.atomic():
        people_demo.seed(300, 1, LIVE_REFERENCE)
        first = seed_live(rng_seed=1, reference=LIVE_REFERENCE)
        again = seed_live(rng_seed=1, reference=LIVE_REFERENCE)
        fingerprint = _live_fingerprint()
        transaction.set_rollback(True)
    return first, again, fingerprint


@pytest.mark.slow
def test_the_live_project_runs_around_the_reference_date():
    from szansa.demo import live
    from szansa.demo import people as people_demo
    from szansa.domain.housing.models import Stay
    from szansa.domain.recruitment.models import Application, Participant, RecruitmentRound
    from szansa.domain.support.models import Attendance, Diagnosis, Internship, Session
    from szansa.domain.work.models import Task

    R = LIVE_REFERENCE
    people_demo.seed(300, 1, R)
    made = live.seed_live(rng_seed=1, reference=R)
    project = Project.objects.get(number=live.LIVE_NUMBER)
    assert project.start <= R <= project.end
    assert project.measure.programme.code == "FEM 2021-2027"
    assert [g.year for g in project.target_groups.all()] == [R.year - 1, R.year, R.year + 1]

    # An open round of this year's group on the reference date, applications in every state.
    round_ = RecruitmentRound.objects.get(target_group__project=project, opens_on__lte=R, closes_on__gte=R)
    assert round_.target_group.year == R.year
    statuses = [a.status for a in Application.objects.filter(round=round_)]
    assert statuses.count("ranked") == live.OPEN_ELIGIBLE - 1  # one eligible applicant withdrew
    assert statuses.count("withdrawn") == 1
    assert statuses.count("verified_not_eligible") == live.OPEN_REFUSED
    assert statuses.count("submitted") == live.OPEN_UNVERIFIED
    for refused in Application.objects.filter(round=round_, status="verified_not_eligible"):
        failed = [r for r in refused.results if not r["scoring"] and r["outcome"] != "passed"]
        assert failed and all(r["facts"] for r in failed), refused.results

    # Participants recruited before, active, each with a diagnosis and a plan.
    participants = Participant.objects.filter(project=project).main().counted()
    assert participants.count() == live.PLANNED_PER_YEAR - 2 == made["plans"]
    assert set(participants.values_list("status", flat=True)) == {"active"}
    assert all(p.start_date < R for p in participants)
    assert Diagnosis.objects.filter(participant__project=project).values(
        "participant"
    ).distinct().count() == (participants.count())

    # Sessions in the reference date's week: the group (Tuesday), the course (Monday, Thursday) and
    # each counselled participant's Wednesday and Friday; attendance for those held before the day.
    monday = live.monday_of(R)
    week = Session.objects.filter(
        activity__project=project,
        starts_at__date__gte=monday,
        starts_at__date__lte=monday + datetime.timedelta(days=6),
    )
    assert week.count() == 1 + 2 + 2 * live.COUNSELLED
    held = [s for s in week if s.starts_at.date() < R]
    assert held and all(Attendance.objects.filter(session=s).exists() for s in held)
    assert not Attendance.objects.filter(session__in=week, session__starts_at__date__gte=R).exists()
    next_week = Session.objects.filter(
        activity__project=project,
        starts_at__date__gte=monday + datetime.timedelta(days=7),
        starts_at__date__lte=monday + datetime.timedelta(days=13),
    )
    assert next_week.count() == week.count()
    internships = Internship.objects.filter(participant__project=project, starts_on__lte=R, ends_on__gte=R)
    assert internships.count() == live.INTERNS

    # The supported flat: every resident's stay spans the reference date.
    occupied = Stay.objects.filter(place__room__apartment__project=project).on(R)
    assert occupied.count() == len(live.RESIDENTS) == made["residents"]

    # Tasks due around the reference date: overdue, today and next week, for workers and the clerk.
    active = Task.objects.filter(status__in=["open", "in_progress"])
    due = [days for _, _, days in live.TASKS]
    assert active.filter(due_on=R).count() == due.count(0)
    assert active.filter(due_on__lt=R, due_on__gte=R - datetime.timedelta(days=10)).count() == len(
        [d for d in due if d < 0]
    )
    assert set(active.filter(due_on=R).values_list("assignee__username", flat=True)) == {
        "pracownik",
        "pracownik2",
        "referent",
    }


@pytest.mark.slow
def test_the_live_set_is_the_same_for_the_same_seed_and_date_and_seeding_again_adds_nothing():
    first, again, fingerprint = _seed_live_in_savepoint()
    first_2, again_2, fingerprint_2 = _seed_live_in_savepoint()
    assert first and again == {} and again_2 == {}
    assert first == first_2
    assert all(fingerprint.values()), {key: len(value) for key, value in fingerprint.items()}
    assert fingerprint == fingerprint_2
