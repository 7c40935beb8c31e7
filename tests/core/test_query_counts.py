"""No N+1 queries (issue 8): each list and file page makes as many queries with 3N rows as with N."""

import datetime
import itertools
import re
from collections import Counter

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from szansa.domain.housing.models import Place
from szansa.domain.projects.models import TargetGroup
from szansa.domain.support.models import Activity, ActivityParticipant, Attendance, Session, SupportForm
from szansa.domain.work import services as work_services
from tests.factories import (
    ConsentFactory,
    HouseholdFactory,
    IncomeRecordFactory,
    PersonFactory,
    SituationFactory,
)
from tests.factories.housing import make_apartment, refer
from tests.factories.projects import make_project
from tests.factories.support import enrol

N = 2
numbers = itertools.count(1)


def count_queries(client, url, data=None) -> list[str]:
    """The queries of a GET of `url`, or of a POST of `data` to it (a search: its term is posted)."""
    with CaptureQueriesContext(connection) as context:
        response = client.get(url) if data is None else client.post(url, data)
    assert response.status_code == 200, url
    return [query["sql"] for query in context.captured_queries]


def repeated(queries: list[str]) -> list[str]:
    """The statements (numbers blanked out) that run more than once: where an N+1 shows."""
    shapes = Counter(re.sub(r"\b\d+\b", "?", sql) for sql in queries)
    return [f"{n} x {sql[:60]} … {sql[-240:]}" for sql, n in shapes.items() if n > 1]


def assert_constant(client, url, add, data=None):
    """Render with N rows, then with 3N rows: the number of queries must not change."""
    add(N)
    count_queries(client, url, data)  # warm the per-process caches (content types, sessions)
    few = count_queries(client, url, data)
    add(2 * N)
    many = count_queries(client, url, data)
    assert len(few) == len(many), (
        f"{url}: {len(few)} queries with {N} rows, {len(many)} with {3 * N}; repeated: {repeated(many)}"
    )


@pytest.fixture
def login(client_for):
    def make(user):
        client = client_for(user)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return make


def add_people(worker, k, **fields):
    for _ in range(k):
        household = HouseholdFactory()
        head = PersonFactory(
            responsible_worker=worker, household=household, household_relation="head", **fields
        )
        PersonFactory(responsible_worker=worker, household=household, household_relation="child")
        IncomeRecordFactory(person=head)


# --- registry ----------------------------------------------------------------------------------


def test_person_list_and_search(cast, login):
    client = login(cast.pracownik)
    assert_constant(client, reverse("people:person_list"), lambda k: add_people(cast.pracownik, k))
    assert_constant(
        client,
        reverse("people:person_list"),
        lambda k: add_people(cast.pracownik, k, last_name="Zielonka"),
        data={"q": "zielonka"},
    )


def test_person_file(cast, login):
    person = cast.person_a
    household = HouseholdFactory()
    person.household, person.household_relation = household, "head"
    person.save()

    def add(k):
        for index in range(k):
            n = next(numbers)
            IncomeRecordFactory(person=person, month=datetime.date(2020 + n // 12, n % 12 + 1, 1))
            SituationFactory(person=person, valid_from=datetime.date(2020, 1, 1) + datetime.timedelta(days=n))
            ConsentFactory(person=person, given_on=datetime.date(2020, 1, 1) + datetime.timedelta(days=n))
            worker = cast.pracownik if index % 2 else cast.pracownik2
            PersonFactory(responsible_worker=worker, household=household, household_relation="child")

    assert_constant(login(cast.pracownik), reverse("people:person_detail", args=[person.pk]), add)


def test_household_list_and_detail(cast, login):
    client = login(cast.pracownik)
    assert_constant(client, reverse("people:household_list"), lambda k: add_people(cast.pracownik, k))
    household = HouseholdFactory()
    PersonFactory(responsible_worker=cast.pracownik, household=household, household_relation="head")

    def add_members(k):
        for _ in range(k):
            member = PersonFactory(
                responsible_worker=cast.pracownik, household=household, household_relation="child"
            )
            IncomeRecordFactory(person=member, month=timezone.localdate().replace(day=1))

    assert_constant(client, reverse("people:household_detail", args=[household.pk]), add_members)


# --- projects and recruitment ----------------------------------------------------------------------


def test_project_list(cast, login):
    def add(k):
        for _ in range(k):
            make_project(cast.admin, number=f"Q-{next(numbers)}")

    assert_constant(login(cast.admin), reverse("projects:project_list"), add)
    assert_constant(login(cast.koordynator), reverse("recruitment:index"), add)


@pytest.fixture
def project(cast):
    from szansa.domain.projects import enums as project_enums
    from szansa.domain.projects import services as project_services
    from szansa.domain.projects.models import ProjectStaff

    project = make_project(cast.admin, number="QC-1", participant_limit=100)
    for user, role in (
        (cast.koordynator, project_enums.StaffRole.COORDINATOR),
        (cast.specjalista, project_enums.StaffRole.SPECIALIST),
    ):
        project_services.project_record_save(
            actor=cast.admin,
            record=ProjectStaff(project=project, user=user, role=role, valid_from=project.start),
        )
    return project


@pytest.fixture
def target_group(project, cast):
    from szansa.domain.projects import services as project_services

    return project_services.project_record_save(
        actor=cast.admin, record=TargetGroup(project=project, year=2019, name="Grupa", planned_total=100)
    )


def test_project_dashboard_and_recruitment_board(cast, login, project, target_group):
    def add(k):
        for _ in range(k):
            enrol(cast, project, target_group)

    assert_constant(login(cast.koordynator), reverse("projects:project_detail", args=[project.pk]), add)
    assert_constant(login(cast.koordynator), reverse("recruitment:board", args=[project.pk]), add)
    assert_constant(login(cast.pracownik), reverse("recruitment:board", args=[project.pk]), add)


# --- support ----------------------------------------------------------------------------------------


def make_activity(project, code="vocational_training", title="Kurs"):
    form = SupportForm.objects.get(code=code)
    return Activity.objects.create(
        project=project,
        form=form,
        title=title,
        starts_on=datetime.date(2019, 3, 1),
        ends_on=datetime.date(2019, 6, 30),
        min_attendance=80,
    )


def test_participant_card(cast, login, project, target_group):
    participant = enrol(cast, project, target_group)

    def add(k):
        for _ in range(k):
            activity = make_activity(project, title=f"Kurs {next(numbers)}")
            ActivityParticipant.objects.create(
                activity=activity, participant=participant, assigned_on=datetime.date(2019, 3, 1)
            )
            start = timezone.make_aware(datetime.datetime(2019, 3, 4, 9))
            session = Session.objects.create(
                activity=activity, starts_at=start, ends_at=start + datetime.timedelta(hours=4)
            )
            Attendance.objects.create(
                session=session, participant=participant, status="present", recorded_by=cast.specjalista
            )

    assert_constant(
        login(cast.koordynator), reverse("recruitment:participant_detail", args=[participant.pk]), add
    )


def test_activity_pages(cast, login, project, target_group):
    client = login(cast.koordynator)
    assert_constant(
        client,
        reverse("support:activity_list"),
        lambda k: [make_activity(project, title=f"Kurs {next(numbers)}") for _ in range(k)],
    )
    activity = make_activity(project, title="Grupa")
    start = timezone.make_aware(datetime.datetime(2019, 3, 4, 9))
    session = Session.objects.create(
        activity=activity, starts_at=start, ends_at=start + datetime.timedelta(hours=4)
    )

    def add_members(k):
        for _ in range(k):
            participant = enrol(cast, project, target_group)
            ActivityParticipant.objects.create(
                activity=activity, participant=participant, assigned_on=start.date()
            )
            Attendance.objects.create(
                session=session, participant=participant, status="present", recorded_by=cast.specjalista
            )
            moment = start + datetime.timedelta(days=next(numbers))
            Session.objects.create(
                activity=activity, starts_at=moment, ends_at=moment + datetime.timedelta(hours=2)
            )

    assert_constant(client, reverse("support:activity", args=[activity.pk]), add_members)
    assert_constant(client, reverse("support:attendance", args=[session.pk]), add_members)


# --- housing and work ------------------------------------------------------------------------------


def test_housing_occupancy_board(cast, login):
    def add(k):
        for _ in range(k):
            apartment = make_apartment(cast.admin, name=f"Mieszkanie {next(numbers)}", places=2)
            place = Place.objects.filter(room__apartment=apartment).order_by("pk").first()
            person = PersonFactory(responsible_worker=cast.pracownik)
            refer(cast.admin, person, place, timezone.localdate() - datetime.timedelta(days=40))

    assert_constant(login(cast.admin), reverse("housing:occupancy_board"), add)


def test_my_tasks(cast, login):
    def add(k):
        for _ in range(k):
            person = PersonFactory(responsible_worker=cast.pracownik)
            work_services.task_create(actor=cast.referent, kind="care_visit", person=person)

    assert_constant(login(cast.pracownik), reverse("work:my_tasks"), add)
