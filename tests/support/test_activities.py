# ruff: noqa: F811 - the shared fixtures are imported by name and used as parameters
"""Activities: created with the catalogue's defaults, members of the same project only, the capacity,
the link to the plan; who may create; the list and detail pages (scoped, 404 outside)."""

import datetime
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from szansa.domain.support.activities import selectors as activity_selectors
from szansa.domain.support.activities import services as activity_services
from szansa.domain.support.enums import AttendanceStatus as S
from szansa.domain.support.models import Activity, ActivityParticipant
from tests.factories.projects import make_project
from tests.factories.support import D, at, enrol, make_activity, plan_with, support_form


@pytest.fixture(autouse=True)
def english():
    translation.activate("en")


def test_an_activity_takes_the_threshold_and_the_exam_from_the_form_unless_told(cast, project):
    training = make_activity(cast, project, code="vocational_training", title="Kurs")
    assert (training.min_attendance, training.ends_with_exam) == (80, True)
    group = make_activity(
        cast, project, code="self_help_group", title="Grupa", min_attendance=70, ends_with_exam=True
    )
    assert (group.min_attendance, group.ends_with_exam) == (70, True)
    assert (
        activity_services.activity_update(
            actor=cast.koordynator, activity=group, min_attendance=None
        ).min_attendance
        == 50
    )


def test_an_activity_outside_the_project_period_is_refused(cast, project):
    with pytest.raises(ValidationError) as refusal:
        make_activity(cast, project, ends_on=D(2020, 1, 31))
    assert refusal.value.message_dict == {
        "starts_on": ["The activity must take place within the project (01.01.2019 – 31.12.2019)."]
    }


@pytest.mark.parametrize("username", ["pracownik", "pracownik2", "specjalista", "audytor", "referent"])
def test_only_who_runs_the_project_creates_activities(cast, project, username):
    with pytest.raises(PermissionDenied):
        activity_services.activity_create(
            actor=getattr(cast, username),
            project=project,
            form=support_form("self_help_group"),
            title="Grupa",
            starts_on=D(2019, 3, 1),
            ends_on=D(2019, 3, 31),
        )
    assert not Activity.objects.exists()


def test_the_capacity_is_enforced_and_a_withdrawal_frees_a_place(
    cast, project, target_group, group, participants
):
    fourth = enrol(cast, project, target_group, last_name="Czwarty")
    with pytest.raises(ValidationError) as refusal:
        activity_services.activity_assign(
            actor=cast.koordynator, activity=group, participant=fourth, on=D(2019, 3, 5)
        )
    assert refusal.value.message_dict == {"participant": ["The activity is full: 3 of 3 places are taken."]}
    member = group.members.get(participant=participants[2])
    activity_services.activity_withdraw(actor=cast.koordynator, member=member, on=D(2019, 3, 4))
    activity_services.activity_assign(
        actor=cast.koordynator, activity=group, participant=fourth, on=D(2019, 3, 5)
    )
    assert group.members.filter(withdrawn_on__isnull=True).count() == 3
    with pytest.raises(ValidationError):
        activity_services.activity_update(actor=cast.koordynator, activity=group, capacity=2)


def test_a_participant_of_another_project_or_twice_is_refused(cast, project, group, participants):
    other = make_project(cast.admin, number="S-2")
    activity = activity_services.activity_create(
        actor=cast.admin,
        project=other,
        form=support_form("self_help_group"),
        title="Grupa",
        starts_on=D(2019, 3, 1),
        ends_on=D(2019, 3, 31),
    )
    with pytest.raises(ValidationError) as refusal:
        activity_services.activity_assign(
            actor=cast.admin, activity=activity, participant=participants[0], on=D(2019, 3, 1)
        )
    assert "is not a participant of this project" in refusal.value.messages[0]
    group.capacity = None
    group.save()
    with pytest.raises(ValidationError) as refusal:
        activity_services.activity_assign(
            actor=cast.koordynator, activity=group, participant=participants[0], on=D(2019, 3, 1)
        )
    assert "already assigned" in refusal.value.messages[0]


def test_a_planned_support_of_the_same_form_is_linked_with_its_hours(cast, project, participants):
    counselling = make_activity(cast, project, code="psychological_counselling", title="Poradnictwo")
    planned = plan_with(cast, participants[0], "psychological_counselling", "12.5")
    wrong_form = plan_with(cast, participants[1], "legal_counselling", "4")
    assert activity_selectors.planned_support_for(participants[0], counselling.form) == planned
    with pytest.raises(ValidationError):
        activity_services.activity_assign(
            actor=cast.koordynator,
            activity=counselling,
            participant=participants[1],
            on=D(2019, 3, 1),
            planned_support=wrong_form,
        )
    member = activity_services.activity_assign(
        actor=cast.koordynator,
        activity=counselling,
        participant=participants[0],
        on=D(2019, 3, 1),
        planned_support=planned,
    )
    assert member.planned_hours == Decimal("12.5")
    # The assignment form offers first those whose plan plans this form.
    plan_with(cast, participants[2], "psychological_counselling", "3")
    offered = list(activity_selectors.assignable_participants(counselling))
    assert offered[0] == participants[2] and participants[0] not in offered


# --- pages ------------------------------------------------------------------------------------------


def _client(client_for, user):
    client = client_for(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_the_coordinator_creates_an_activity_on_the_page(cast, client_for, project, rooms):
    client = _client(client_for, cast.koordynator)
    url = reverse("support:activity_create")
    assert client.get(url).status_code == 200
    data = {
        "project": project.pk,
        "form": support_form("vocational_training").pk,
        "title": "Kurs operatora wózka",
        "specialist": cast.specjalista.pk,
        "room": rooms[0].pk,
        "capacity": "10",
        "starts_on": "2019-04-01",
        "ends_on": "2019-05-31",
        "ends_with_exam": "",
    }
    answer = client.post(url, data)
    activity = Activity.objects.get()
    assert answer.status_code == 302 and answer.url == activity.get_absolute_url()
    assert (activity.min_attendance, activity.ends_with_exam, activity.capacity) == (80, True, 10)
    bad = client.post(url, {**data, "ends_on": "2020-02-01", "title": "Drugi"})
    assert bad.status_code == 200 and "within the project" in bad.content.decode()
    assert Activity.objects.count() == 1


def test_the_pages_schedule_and_assign_through_the_services(cast, client_for, project, group, participants):
    client = _client(client_for, cast.koordynator)
    answer = client.post(
        reverse("support:session_create", args=[group.pk]),
        {
            "day": "2019-03-12",
            "start_time": "10:00",
            "end_time": "11:00",
            "room": group.room_id,
            "specialist": cast.specjalista.pk,
        },
    )
    assert answer.status_code == 302
    clash = client.post(
        reverse("support:session_create", args=[group.pk]),
        {"day": "2019-03-12", "start_time": "10:30", "end_time": "11:30", "specialist": cast.specjalista.pk},
    )
    body = clash.content.decode()
    assert clash.status_code == 200 and "already has a session 10:00–11:00 on 12.03.2019" in body
    series = client.post(
        reverse("support:session_series", args=[group.pk]),
        {
            "weekday": "3",
            "start_time": "09:00",
            "end_time": "10:00",
            "first_day": "2019-03-01",
            "last_day": "2019-03-15",
        },
    )
    assert series.status_code == 302 and group.sessions.count() == 3


def test_the_detail_shows_members_rates_and_completion(cast, client_for, group, participants):
    session = activity_services.session_schedule(
        actor=cast.koordynator,
        activity=group,
        starts_at=at(D(2019, 3, 12), 10),
        ends_at=at(D(2019, 3, 12), 12),
    )
    activity_services.attendance_set(
        actor=cast.specjalista,
        session=session,
        statuses={participants[0].pk: S.PRESENT, participants[1].pk: S.EXCUSED},
    )
    page = _client(client_for, cast.koordynator).get(group.get_absolute_url())
    body = page.content.decode()
    assert page.status_code == 200
    assert all(p.person.full_name in body for p in participants)
    assert "100.00 %" in body and "0.00 %" in body
    # The social worker of another team reads the activity, not the names of team A's participants.
    other = _client(client_for, cast.pracownik2).get(group.get_absolute_url()).content.decode()
    assert group.title in other and participants[0].person.full_name not in other


def test_an_activity_outside_the_users_projects_is_not_found(cast, client_for, group):
    from szansa.domain.accounts.enums import Role
    from tests.factories import UserFactory

    stranger = UserFactory(username="obcy", role=Role.SPECIALIST)
    client = _client(client_for, stranger)
    assert client.get(group.get_absolute_url()).status_code == 404
    assert client.get(reverse("support:activity_list")).status_code == 200
    assert group.title not in client.get(reverse("support:activity_list")).content.decode()


def test_the_list_filters_by_project(cast, client_for, project, group):
    client = _client(client_for, cast.audytor)
    body = client.get(reverse("support:activity_list"), {"project": project.pk}).content.decode()
    assert group.title in body
    assert client.get(reverse("support:activity_create")).status_code == 403


def test_member_records_keep_their_history(cast, group):
    member = ActivityParticipant.objects.filter(activity=group).first()
    activity_services.activity_withdraw(actor=cast.koordynator, member=member, on=datetime.date(2019, 4, 1))
    member.refresh_from_db()
    assert member.withdrawn_on == D(2019, 4, 1)


def test_the_demo_seeds_three_activities_with_attendance_through_the_services(cast, project, participants):
    import random

    from szansa.demo.support.activities import seed_activities
    from szansa.domain.support.models import Attendance, Session

    made = seed_activities(
        project,
        participants,
        actor=cast.koordynator,
        specialist=cast.specjalista,
        start=D(2019, 3, 4),
        end=D(2019, 6, 28),
        rng=random.Random(7),
    )
    assert made["group"].sessions.count() == 12  # Tuesdays 05.03–21.05.2019
    assert made["training"].sessions.count() == 8  # Thursdays 21.03–09.05.2019
    assert made["counselling"].sessions.count() == 18  # three participants, six sessions each
    expected = 12 * 3 + 8 * 1 + 18
    assert Attendance.objects.count() == expected
    present = Attendance.objects.filter(status=S.PRESENT).count()
    assert present > expected * 0.7
    assert made["training"].members.exclude(exam_result="").count() == 1
    assert not Session.objects.filter(cancelled=True).exists()
    statuses = list(
        Attendance.objects.order_by("session__starts_at", "participant_id").values_list("status", flat=True)
    )
    Attendance.objects.all().delete()
    Session.objects.all().delete()
    for activity in made.values():
        activity.members.all().delete()
        activity.delete()
    seed_activities(
        project,
        participants,
        actor=cast.koordynator,
        specialist=cast.specjalista,
        start=D(2019, 3, 4),
        end=D(2019, 6, 28),
        rng=random.Random(7),
    )
    again = list(
        Attendance.objects.order_by("session__starts_at", "participant_id").values_list("status", flat=True)
    )
    assert again == statuses


def test_an_empty_list_tells_a_filter_with_no_match_from_nothing_to_see(cast, client_for, project, group):
    client = client_for(cast.koordynator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    body = client.get(reverse("support:activity_list"), {"q": "nie ma takich zajęć"}).content.decode()
    assert "No activity matches the filter." in body and "Show all activities" in body
    assert "No activities you may see." not in body
