"""The queries of each main page pinned for a signed-in project coordinator (issue 14).

Most of a page's cost is the same whatever the data size: the queries every signed-in request makes and
the page's own fixed reads. Each test below names those queries and pins their number with
`django_assert_max_num_queries`, with 3 rows and again with 30 (more people, participants or members):
a query added to every request, or a query per row, fails here. The first request of each client warms
the per-process caches (content types, the language catalogue) and is not counted.

Every signed-in request reads, in order (4 queries):
  1. the session row;
  2. the user;
  3. the second-factor device named in the session (django-otp: a deleted device ends the verification);
  4. the user's roles (group names) together with their own and their groups' model permissions, in one
     UNION (accounts.User.roles; the menu's `perms.…` read them, the `rules` backend refuses first).
A page that shows people adds the access log's one INSERT of all the people it showed.
"""

import datetime

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from szansa.domain.projects import enums as project_enums
from szansa.domain.projects import services as project_services
from szansa.domain.projects.models import TargetGroup
from szansa.domain.support.models import ActivityParticipant, Session
from tests.factories import HouseholdFactory, IncomeRecordFactory, PersonFactory
from tests.factories.projects import staffed_project
from tests.factories.support import enrol, make_activity

SIGNED_IN = 4  # session, user, second-factor device, roles and permissions (see the module's text)
FEW, MANY = 3, 30


@pytest.fixture
def coordinator(cast, client_for):
    client = client_for(cast.koordynator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def project(cast):
    return staffed_project(
        cast.admin,
        [
            (cast.koordynator, project_enums.StaffRole.COORDINATOR),
            (cast.specjalista, project_enums.StaffRole.SPECIALIST),
        ],
        number="PQ-1",
        participant_limit=100,
    )


@pytest.fixture
def target_group(project, cast):
    return project_services.project_record_save(
        actor=cast.admin, record=TargetGroup(project=project, year=2019, name="Grupa", planned_total=100)
    )


def pinned(client, url, limit, add, django_assert_max_num_queries, data=None) -> tuple[int, int]:
    """GET `url` (or POST `data` to it: a search, whose terms never go in the address) with FEW rows
    added, then with MANY: at most `limit` queries each time, and as many with MANY rows as with FEW.
    Returns both counts."""

    def answer():
        return client.get(url) if data is None else client.post(url, data)

    add(FEW)
    assert answer().status_code == 200  # warms the per-process caches
    counts = []
    for more in (0, MANY - FEW):
        add(more)
        with django_assert_max_num_queries(limit) as captured:
            response = answer()
        assert response.status_code == 200, url
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1], f"{url}: {counts[0]} queries with {FEW} rows, {counts[1]} with {MANY}"
    return counts[0], counts[1]


def test_a_signed_in_request_reads_session_user_device_and_roles_with_permissions_once(
    cast, coordinator, django_assert_max_num_queries
):
    """The API's project list for a user on no project: only the fixed reads and the page's two (the
    count of the page and its rows) — the roles and the model permissions come in one query."""
    coordinator.get("/api/v1/projects/")
    with CaptureQueriesContext(connection) as captured:
        assert coordinator.get("/api/v1/projects/").status_code == 200
    sql = [query["sql"] for query in captured.captured_queries]
    assert "django_session" in sql[0]
    assert 'FROM "accounts_user"' in sql[1]
    assert "otp_totp_totpdevice" in sql[2]
    assert "auth_group" in sql[3] and "auth_permission" in sql[3] and "UNION ALL" in sql[3]
    assert sum("auth_permission" in statement for statement in sql) == 1


def test_model_permissions_still_count_after_the_roles_read_them(cast):
    """The permissions read with the roles are those Django's ModelBackend would read: a permission
    given to the user's group in the admin still grants, one not given does not."""
    from django.contrib.auth.models import Group, Permission

    from szansa.domain.accounts.models import User

    group = Group.objects.get(name__in=cast.koordynator.roles)
    group.permissions.add(
        Permission.objects.get(content_type__app_label="auditlog", codename="view_logentry")
    )
    user = User.objects.get(pk=cast.koordynator.pk)
    assert user.roles  # the one query
    assert user.has_perm("auditlog.view_logentry")
    assert not user.has_perm("auditlog.delete_logentry")
    fresh = User.objects.get(pk=cast.koordynator.pk)
    assert fresh.has_perm("auditlog.view_logentry")  # through the ModelBackend alone, roles not read


def test_person_search(cast, coordinator, project, target_group, django_assert_max_num_queries):
    # 4 signed in + the count of the people found (the pager) + the teams of the filter form + the page
    # of people + the access log's INSERT = 8
    def add(k):
        for _ in range(k):
            enrol(cast, project, target_group, last_name="Zielonka")

    url = reverse("people:person_list")
    pinned(coordinator, url, SIGNED_IN + 4, add, django_assert_max_num_queries, data={"q": "zielonka"})


def test_person_file(cast, coordinator, project, target_group, django_assert_max_num_queries):
    household = HouseholdFactory()
    person = enrol(cast, project, target_group, household=household, household_relation="head").person
    numbers = iter(range(1, 100))

    def add(k):
        for _ in range(k):
            n = next(numbers)
            IncomeRecordFactory(person=person, month=datetime.date(2020 + n // 12, n % 12 + 1, 1))
            PersonFactory(responsible_worker=cast.pracownik, household=household, household_relation="child")

    # 4 signed in + 28 of the file: the person (scoped), the household's label (its head as far as the
    # reader may see them: one query) and its visible members (the others counted by the income test),
    # the income test (members, sums, criterion, situations), the history (with the records it names) and
    # the reads of the file, the timeline (the person's cases, decisions, tasks, applications,
    # participations, diagnoses, plans, outcomes, stays), the consents (once, for their section and the
    # timeline), the sections (incomes, situations, messages) + the access log's one INSERT (the file's
    # read and the household members shown) = 33
    url = reverse("people:person_detail", args=[person.pk])
    pinned(coordinator, url, SIGNED_IN + 29, add, django_assert_max_num_queries)


def test_project_dashboard(cast, coordinator, project, target_group, django_assert_max_num_queries):
    # 4 signed in + the project with its execution totals and participants' count + the tasks' execution
    # + the payment claims + the indicators (no indicator: no kept figures to read) + the target groups
    # + the staff + is the user its coordinator (may change) = 11
    def add(k):
        for _ in range(k):
            enrol(cast, project, target_group)

    url = reverse("projects:project_detail", args=[project.pk])
    pinned(coordinator, url, SIGNED_IN + 7, add, django_assert_max_num_queries)


def test_recruitment_board(cast, coordinator, project, target_group, django_assert_max_num_queries):
    def add(k):
        for _ in range(k):
            enrol(cast, project, target_group)

    # 4 signed in + the project + its target groups + the limit gauge with the main participants per
    # target group (one aggregate) + the rounds + the participants' page (count, keys read from the name
    # index, rows) + the overdue follow-ups' count + may the user run the recruitment (one assignment
    # check, asked once) + whether anyone visible may be registered + the access log's INSERT = 15
    url = reverse("recruitment:board", args=[project.pk])
    pinned(coordinator, url, SIGNED_IN + 11, add, django_assert_max_num_queries)


def test_indicators_page(cast, coordinator, project, target_group, django_assert_max_num_queries):
    def add(k):
        for _ in range(k):
            enrol(cast, project, target_group)

    # 4 signed in + the project + its indicators (none: no kept figures to read) + the programme's
    # period = 7
    url = reverse("support:indicators", args=[project.pk])
    pinned(coordinator, url, SIGNED_IN + 3, add, django_assert_max_num_queries)


def test_participants_api(cast, coordinator, project, target_group, django_assert_max_num_queries):
    # 4 signed in + the project of the filter + the page's count + the page's keys (sorted narrow)
    # + those rows + the access log's INSERT = 9
    def add(k):
        for _ in range(k):
            enrol(cast, project, target_group)

    url = f"/api/v1/participants/?project={project.pk}"
    pinned(coordinator, url, SIGNED_IN + 5, add, django_assert_max_num_queries)


def test_attendance_entry(cast, coordinator, project, target_group, django_assert_max_num_queries):
    activity = make_activity(cast, project)
    start = timezone.make_aware(datetime.datetime(2019, 3, 4, 9))
    session = Session.objects.create(
        activity=activity, starts_at=start, ends_at=start + datetime.timedelta(hours=2)
    )

    def add(k):
        for _ in range(k):
            participant = enrol(cast, project, target_group)
            ActivityParticipant.objects.create(
                activity=activity, participant=participant, assigned_on=start.date()
            )

    # 4 signed in + the session with its activity and project + may the user see it (an assignment check)
    # + the members' keys + may the user record (an assignment check) + the recorded statuses + the
    # members with their participants and persons + the access log's INSERT = 11
    url = reverse("support:attendance", args=[session.pk])
    pinned(coordinator, url, SIGNED_IN + 7, add, django_assert_max_num_queries)
