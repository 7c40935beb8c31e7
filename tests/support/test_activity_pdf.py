# ruff: noqa: F811 - the shared fixtures are imported by name and used as parameters
"""The attendance sheet (members × sessions with a signature column each) and the certificate of
completion (refused before completion)."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from szansa.domain.support.activities import services as activity_services
from szansa.domain.support.enums import AttendanceStatus as S
from szansa.domain.support.enums import ExamResult
from szansa.lib.pdf import pdf_text, render_pdf
from szansa.web.support.pdf import activities as pdf_activities
from tests.factories.support import D, make_activity


@pytest.fixture(autouse=True)
def english():
    translation.activate("en")


LAST_TUESDAY = D(2019, 3, 26)


def tuesdays(cast, activity, last=LAST_TUESDAY):
    return activity_services.session_schedule_weekly(
        actor=cast.koordynator,
        activity=activity,
        weekday=1,
        start_time=datetime.time(10),
        end_time=datetime.time(12, 30),
        first_day=D(2019, 3, 1),
        last_day=last,
    )


def test_the_attendance_sheet_lists_participants_sessions_hours_and_the_trainer(cast, group, participants):
    tuesdays(cast, group)
    text = pdf_text(render_pdf(pdf_activities.attendance_sheet_html(group, today=D(2019, 3, 1))))
    assert "ATTENDANCE SHEET" in text and "Trening kompetencji społecznych" in text
    assert "Anna Trenerska" in text
    for day in ("5 Mar 2019", "12 Mar 2019", "19 Mar 2019", "26 Mar 2019"):
        assert day in text
    assert "10:00–12:30" in text and "2.50 h" in text
    assert all(p.person.last_name in text for p in participants)
    assert "Trainer's signature" in text


def test_a_long_activity_prints_eight_sessions_a_page(cast, group):
    tuesdays(cast, group, last=D(2019, 6, 30))  # 18 Tuesdays
    html = pdf_activities.attendance_sheet_html(group, today=D(2019, 3, 1))
    assert html.count('class="page"') == 3


def test_the_certificate_is_refused_before_completion_and_printed_after(
    cast, project, rooms, participants, client_for
):
    training = make_activity(
        cast, project, code="vocational_training", title="Kurs magazyniera", room=rooms[1]
    )
    member = activity_services.activity_assign(
        actor=cast.koordynator, activity=training, participant=participants[0], on=D(2019, 3, 1)
    )
    for session in tuesdays(cast, training):
        activity_services.attendance_set(
            actor=cast.koordynator, session=session, statuses={participants[0].pk: S.PRESENT}
        )
    with pytest.raises(ValidationError) as refusal:
        pdf_activities.certificate_html(member, today=D(2019, 4, 1))
    assert refusal.value.messages == [
        f"{participants[0].person.full_name} has not completed the activity: no certificate can be issued."
    ]
    client = client_for(cast.koordynator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    url = reverse("support:certificate_pdf", args=[training.pk, member.pk])
    assert client.get(url).status_code == 302
    member = activity_services.exam_record(
        actor=cast.koordynator,
        member=member,
        result=ExamResult.PASSED,
        on=D(2019, 4, 2),
        certificate_number="7/2019",
    )
    answer = client.get(url)
    assert answer.status_code == 200 and answer["Content-Type"] == "application/pdf"
    text = pdf_text(answer.content)
    assert "CERTIFICATE OF COMPLETION" in text and "7/2019" in text
    assert participants[0].person.full_name in text and "Kurs magazyniera" in text
    assert "100.00 % (4 / 4)" in text and "10 h" in text
    read = LogEntry.objects.get(action=LogEntry.Action.ACCESS)  # the refused download logged nothing
    assert read.actor == cast.koordynator and read.object_id == participants[0].person_id
    assert read.additional_data["route"] == "support:certificate_pdf"
    assert read.additional_data["what"] == f"certificate of activity {training.pk}"


def test_the_attendance_sheet_download_needs_the_right_to_record(cast, group, client_for):
    url = reverse("support:attendance_sheet_pdf", args=[group.pk])
    assert client_for(cast.specjalista).get(url)["Content-Type"] == "application/pdf"
    assert client_for(cast.pracownik2).get(url).status_code == 403
