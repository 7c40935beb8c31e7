"""Documents of activities as PDF (WeasyPrint): the attendance sheet to be signed at the sessions and
the certificate of completion of a member. The `*_html` functions build the HTML (tests read it);
`lib.views.pdf_response` prints it. Figures come from szansa.domain.support.activities, never computed
here.
"""

import datetime

from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from szansa.domain.support.activities import rules as activity_rules
from szansa.domain.support.activities import selectors as activity_selectors
from szansa.domain.support.models import Activity, ActivityParticipant

SESSIONS_PER_PAGE = 8


def _chunks(items: list, size: int) -> list[list]:
    return [items[i : i + size] for i in range(0, len(items), size)] or [[]]


def attendance_sheet_html(activity: Activity, *, today: datetime.date) -> str:
    """Members × sessions with an empty signature cell per session, SESSIONS_PER_PAGE sessions to a
    page (landscape A4); cancelled sessions are left out."""
    members = list(
        activity.members.filter(withdrawn_on__isnull=True)
        .select_related("participant__person")
        .order_by("participant__person__last_name", "participant__person__first_name", "pk")
    )
    sessions = list(
        activity.sessions.filter(cancelled=False).select_related("room").order_by("starts_at", "pk")
    )
    pages = []
    for chunk in _chunks(sessions, SESSIONS_PER_PAGE):
        rows = [{"member": m, "cells": [activity_rules.expected_at(m, s) for s in chunk]} for m in members]
        pages.append({"sessions": chunk, "rows": rows})
    context = {"activity": activity, "pages": pages, "today": today}
    return render_to_string("support/pdf/attendance_sheet.html", context)


def certificate_html(member: ActivityParticipant, *, today: datetime.date) -> str:
    """The certificate of completion; refused unless the member has completed the activity."""
    summary = activity_selectors.attendance_rate(member.activity, member.participant)
    if not activity_rules.is_completed(member, summary):
        raise ValidationError(
            _("%(name)s has not completed the activity: no certificate can be issued.")
            % {"name": member.participant.person.full_name},
            code="not_completed",
        )
    activity = member.activity
    hours = sum(
        (
            s.hours
            for s in activity.sessions.filter(cancelled=False, starts_at__lte=timezone.now())
            if activity_rules.expected_at(member, s)
        ),
        0,
    )
    context = {
        "member": member,
        "activity": activity,
        "person": member.participant.person,
        "summary": summary,
        "hours": hours,
        "today": today,
    }
    return render_to_string("support/pdf/certificate.html", context)
