# ruff: noqa: F811 - the shared fixtures are imported by name and used as parameters
"""Attendance: set for a whole session at once (members on the day only), the rate present / held
with excused absences shown apart, completion (threshold and a passed exam), hours delivered against
the plan, who may record it, and the attendance page (plain POST and HTMX)."""

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
from szansa.domain.support.enums import ExamResult
from szansa.domain.support.models import ActivityParticipant, Attendance
from tests.factories.support import D, at, enrol, make_activity, plan_with


@pytest.fixture(autouse=True)
def english():
    translation.activate("en")


FIRST, LAST = D(2019, 3, 1), D(2019, 4, 2)


def weekly(cast, activity, first=FIRST, last=LAST, **extra):
    """Tuesdays 10:00–13:00: 05.03, 12.03, 19.03, 26.03 and 02.04.2019 (five sessions)."""
    return activity_services.session_schedule_weekly(
        actor=cast.koordynator,
        activity=activity,
        weekday=1,
        start_time=datetime.time(10),
        end_time=datetime.time(13),
        first_day=first,
        last_day=last,
        **extra,
    )


def record(cast, sessions, participant, statuses):
    for session, status in zip(sessions, statuses, strict=True):
        if status:
            activity_services.attendance_set(
                actor=cast.specjalista, session=session, statuses={participant.pk: status}
            )


def test_the_whole_group_is_recorded_at_once_and_can_be_corrected(cast, group, participants):
    session = weekly(cast, group)[0]
    statuses = {participants[0].pk: S.PRESENT, participants[1].pk: S.ABSENT, participants[2].pk: S.EXCUSED}
    activity_services.attendance_set(actor=cast.specjalista, session=session, statuses=statuses)
    activity_services.attendance_set(
        actor=cast.specjalista, session=session, statuses={participants[1].pk: S.PRESENT}
    )
    saved = dict(Attendance.objects.filter(session=session).values_list("participant_id", "status"))
    assert saved == {
        participants[0].pk: S.PRESENT,
        participants[1].pk: S.PRESENT,
        participants[2].pk: S.EXCUSED,
    }
    assert (
        Attendance.objects.get(session=session, participant=participants[1]).recorded_by == cast.specjalista
    )


def test_only_members_on_the_session_day_can_be_recorded(cast, project, target_group, group, participants):
    sessions = weekly(cast, group)
    late = enrol(cast, project, target_group, last_name="Spóźniony")
    group.capacity = 4
    group.save()
    activity_services.activity_assign(
        actor=cast.koordynator, activity=group, participant=late, on=D(2019, 3, 20)
    )
    with pytest.raises(ValidationError) as refusal:
        activity_services.attendance_set(
            actor=cast.specjalista, session=sessions[1], statuses={late.pk: S.PRESENT}
        )
    assert refusal.value.messages == [
        f"Not expected at this session (not a member on its day): {late.person.full_name}."
    ]
    activity_services.attendance_set(
        actor=cast.specjalista, session=sessions[3], statuses={late.pk: S.PRESENT}
    )
    with pytest.raises(ValidationError):
        activity_services.attendance_set(
            actor=cast.specjalista, session=sessions[0], statuses={late.pk: "late"}
        )


def test_the_rate_is_present_over_held_and_excused_is_shown_apart(cast, group, participants):
    sessions = weekly(cast, group)
    first, second, third = participants
    record(cast, sessions, first, [S.PRESENT, S.PRESENT, S.EXCUSED, S.PRESENT, S.PRESENT])
    record(cast, sessions, second, [S.PRESENT, S.ABSENT, S.EXCUSED, S.PRESENT, S.PRESENT])
    record(cast, sessions, third, [S.PRESENT, S.PRESENT, S.PRESENT, S.PRESENT, None])

    one = activity_selectors.attendance_rate(group, first)
    assert (one.held, one.present, one.excused, one.absent, one.rate) == (5, 4, 1, 0, Decimal("80.00"))
    two = activity_selectors.attendance_rate(group, second)
    assert (two.present, two.excused, two.absent, two.rate) == (3, 1, 1, Decimal("60.00"))
    three = activity_selectors.attendance_rate(group, third)
    assert (three.present, three.unrecorded, three.rate) == (4, 1, Decimal("80.00"))
    # 80 % is the threshold of the social-competence training (from the catalogue): reached, no exam.
    members = {m.participant_id: m for m in group.members.all()}
    assert activity_selectors.member_completed(members[first.pk]) is True
    assert activity_selectors.member_completed(members[second.pk]) is False
    # Sessions not yet held do not count: on 20.03.2019 three sessions were held, 2 present of them.
    early = activity_selectors.attendance_rate(group, first, now=at(D(2019, 3, 20), 12))
    assert (early.held, early.present, early.rate) == (3, 2, Decimal("66.67"))


def test_a_cancelled_session_does_not_count_as_held(cast, group, participants):
    sessions = weekly(cast, group)
    activity_services.session_cancel(actor=cast.koordynator, session=sessions[4])
    record(cast, sessions[:4], participants[0], [S.PRESENT, S.PRESENT, S.PRESENT, S.ABSENT])
    summary = activity_selectors.attendance_rate(group, participants[0])
    assert (summary.held, summary.rate) == (4, Decimal("75.00"))


def test_completion_with_an_exam_needs_the_threshold_and_a_passed_exam(cast, project, rooms, participants):
    training = make_activity(
        cast,
        project,
        code="vocational_training",
        title="Kurs magazyniera",
        room=rooms[1],
    )
    assert training.ends_with_exam and training.min_attendance == 80
    member = activity_services.activity_assign(
        actor=cast.koordynator, activity=training, participant=participants[0], on=D(2019, 3, 1)
    )
    sessions = weekly(cast, training)
    record(cast, sessions, participants[0], [S.PRESENT] * 5)
    assert activity_selectors.member_completed(member) is False
    with pytest.raises(ValidationError) as refusal:
        activity_services.exam_record(
            actor=cast.koordynator, member=member, result=ExamResult.PASSED, on=D(2019, 4, 5)
        )
    assert refusal.value.message_dict == {"certificate_number": ["Enter the number of the certificate."]}
    member = activity_services.exam_record(
        actor=cast.koordynator, member=member, result=ExamResult.FAILED, on=D(2019, 4, 5)
    )
    assert activity_selectors.member_completed(member) is False
    member = activity_services.exam_record(
        actor=cast.koordynator,
        member=member,
        result=ExamResult.PASSED,
        on=D(2019, 4, 12),
        certificate_number="12/2019",
    )
    assert activity_selectors.member_completed(member) is True
    # Passed exam but attendance below 80 %: one absence out of five is 80 %, two are 60 %.
    activity_services.attendance_set(
        actor=cast.admin, session=sessions[0], statuses={participants[0].pk: S.ABSENT}
    )
    activity_services.attendance_set(
        actor=cast.admin, session=sessions[1], statuses={participants[0].pk: S.EXCUSED}
    )
    assert activity_selectors.member_completed(member) is False


def test_an_exam_is_refused_for_an_activity_without_one(cast, group):
    member = group.members.first()
    with pytest.raises(ValidationError):
        activity_services.exam_record(
            actor=cast.koordynator, member=member, result=ExamResult.FAILED, on=D(2019, 4, 5)
        )


def test_hours_delivered_against_planned_for_individual_counselling(cast, project, rooms, participants):
    planned = plan_with(cast, participants[1], "psychological_counselling", "10.0")
    counselling = make_activity(
        cast, project, code="psychological_counselling", title="Poradnictwo", room=rooms[1]
    )
    member = activity_services.activity_assign(
        actor=cast.koordynator,
        activity=counselling,
        participant=participants[1],
        on=D(2019, 3, 1),
        planned_support=planned,
    )
    assert member.planned_hours == Decimal("10.0")
    sessions = [
        activity_services.session_schedule(
            actor=cast.koordynator,
            activity=counselling,
            participant=participants[1],
            starts_at=at(day, 9),
            ends_at=at(day, 10, 30),
        )
        for day in (D(2019, 3, 4), D(2019, 3, 11), D(2019, 3, 18))
    ]
    record(cast, sessions, participants[1], [S.PRESENT, S.ABSENT, S.PRESENT])
    [row] = activity_selectors.hours_delivered(counselling)
    assert (row["planned"], row["delivered"], row["remaining"]) == (
        Decimal("10.0"),
        Decimal("3.00"),
        Decimal("7.00"),
    )


def test_the_attendance_table_needs_three_queries_whatever_its_size(
    cast, group, participants, django_assert_num_queries
):
    sessions = weekly(cast, group)
    for participant in participants:
        record(cast, sessions, participant, [S.PRESENT] * 5)
    with django_assert_num_queries(3):
        table = activity_selectors.attendance_table(group)
    assert len(table.rows) == 3 and len(table.sessions) == 5
    assert all(row.completed and row.summary.rate == 100 for row in table.rows)


def test_the_activitys_specialist_records_but_others_may_not(cast, group, participants):
    session = weekly(cast, group)[0]
    for username in ("pracownik2", "audytor", "pracownik"):
        with pytest.raises(PermissionDenied):
            activity_services.attendance_set(
                actor=getattr(cast, username), session=session, statuses={participants[0].pk: S.PRESENT}
            )
    activity_services.attendance_set(
        actor=cast.specjalista, session=session, statuses={participants[0].pk: S.PRESENT}
    )
    assert Attendance.objects.count() == 1


# --- the attendance page --------------------------------------------------------------------------------


@pytest.fixture
def session(cast, group):
    return weekly(cast, group)[0]


def _client(client_for, user):
    client = client_for(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_the_page_lists_the_group_and_saves_with_one_post(cast, client_for, session, participants):
    client = _client(client_for, cast.specjalista)
    url = reverse("support:attendance", args=[session.pk])
    page = client.get(url)
    assert page.status_code == 200
    for participant in participants:
        assert participant.person.full_name in page.content.decode()
    data = {f"status-{p.pk}": S.PRESENT for p in participants} | {f"status-{participants[2].pk}": S.ABSENT}
    answer = client.post(url, data)
    assert answer.status_code == 302 and answer.url == url
    saved = dict(Attendance.objects.filter(session=session).values_list("participant_id", "status"))
    assert saved == {
        participants[0].pk: S.PRESENT,
        participants[1].pk: S.PRESENT,
        participants[2].pk: S.ABSENT,
    }
    page = client.get(url).content.decode()
    assert "Attendance has been saved (3)." in page


def test_an_htmx_post_answers_the_form_with_an_inline_confirmation(cast, client_for, session, participants):
    client = _client(client_for, cast.koordynator)
    url = reverse("support:attendance", args=[session.pk])
    answer = client.post(url, {f"status-{participants[0].pk}": S.EXCUSED}, HTTP_HX_REQUEST="true")
    assert answer.status_code == 200
    body = answer.content.decode()
    assert 'id="attendance-form"' in body and "Attendance saved (1 participant)." in body
    assert "<html" not in body
    assert Attendance.objects.get(session=session).status == S.EXCUSED


def test_the_auditor_sees_the_page_read_only_and_cannot_post(cast, client_for, session, participants):
    client = _client(client_for, cast.audytor)
    url = reverse("support:attendance", args=[session.pk])
    page = client.get(url)
    assert page.status_code == 200 and "disabled" in page.content.decode()
    assert "Save attendance" not in page.content.decode()
    assert client.post(url, {f"status-{participants[0].pk}": S.PRESENT}).status_code == 403
    assert not Attendance.objects.exists()


def test_a_social_worker_of_another_team_cannot_record_nor_see_the_names(
    cast, client_for, session, participants
):
    client = _client(client_for, cast.pracownik2)
    url = reverse("support:attendance", args=[session.pk])
    page = client.get(url).content.decode()
    assert participants[0].person.full_name not in page
    assert client.post(url, {f"status-{participants[0].pk}": S.PRESENT}).status_code == 403


def test_a_service_refusal_is_shown_and_the_choices_kept(cast, client_for, session, participants):
    ActivityParticipant.objects.filter(participant=participants[1]).update(withdrawn_on=D(2019, 3, 2))
    client = _client(client_for, cast.koordynator)
    url = reverse("support:attendance", args=[session.pk])
    page = client.get(url).content.decode()
    assert participants[1].person.full_name not in page
    answer = client.post(url, {f"status-{participants[0].pk}": "late"})
    assert answer.status_code == 200 and "Unknown attendance status: late." in answer.content.decode()


def test_a_session_of_an_activity_without_participants_says_so_and_what_to_do(cast, client_for, project):
    activity = make_activity(cast, project, title="Zajęcia bez uczestników")
    session = weekly(cast, activity)[0]
    client = client_for(cast.koordynator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    body = client.get(reverse("support:attendance", args=[session.pk])).content.decode()
    assert "No participant is assigned to this activity on the day of the session." in body
    assert "Assign participants on the activity" in body
    assert "Nobody is expected at this session." not in body


def test_a_reader_who_sees_none_of_the_expected_participants_is_told_so(cast, client_for, group):
    session = weekly(cast, group)[0]
    client = client_for(cast.pracownik2)  # the Olkusz team: the group's three participants are not theirs
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(reverse("support:attendance", args=[session.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert (
        "3 participants are expected at this session, but none of them is among the people you may see"
        in body
    )
    assert "No participant is assigned" not in body
