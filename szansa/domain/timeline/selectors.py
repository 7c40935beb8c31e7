"""The person's timeline (docs/social-work.md#timeline): cases and decisions, tasks, community interviews,
consents, recruitment applications, project participations with their support path, and housing stays, in
date order, each linking to its page.

Every source is read through its own app's scope for the reader (`scope_cases`, `scope_participants`,
`scope_stays`…), and a participant's support path only where the reader may read it
(`support.view_path`): the timeline never shows more than the pages it links to. The caller writes the
access-log entry (the person's file already does)."""

import datetime
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from szansa.domain.housing.access import scope_stays
from szansa.domain.housing.models import Stay
from szansa.domain.interviews.selectors import interviews_for
from szansa.domain.recruitment.access import scope_applications, scope_participants
from szansa.domain.recruitment.models import Application, Participant
from szansa.domain.work.access import scope_cases, scope_decisions, scope_tasks
from szansa.domain.work.models import Case, Decision, Task


@dataclass(frozen=True)
class Event:
    on: datetime.date
    # "case", "decision", "task", "interview", "consent", "recruitment", "project", "support", "housing"
    area: str
    title: str
    detail: str = ""
    url: str = ""


def _case_events(user, person) -> list[Event]:
    events = []
    for case in scope_cases(Case.objects.filter(person=person), user):
        url = case.get_absolute_url()
        events.append(
            Event(
                case.opened_on,
                "case",
                _("Request registered: %(benefit)s") % {"benefit": case.benefit},
                case.get_status_display(),
                url,
            )
        )
        if case.interview_on:
            events.append(
                Event(case.interview_on, "case", _("Community interview carried out"), case.benefit, url)
            )
        if case.closed_on:
            events.append(Event(case.closed_on, "case", _("Case closed"), case.benefit, url))
    for decision in scope_decisions(
        Decision.objects.filter(case__person=person).select_related("case"), user
    ):
        url = decision.get_absolute_url()
        label = f"{decision.get_outcome_display()}: {decision.case.benefit}"
        if decision.issued_on:
            events.append(
                Event(
                    decision.issued_on,
                    "decision",
                    _("Decision %(number)s issued") % {"number": decision.number},
                    label,
                    url,
                )
            )
        else:
            events.append(Event(decision.drafted_on, "decision", _("Decision drafted"), label, url))
        if decision.delivered_on:
            events.append(
                Event(
                    decision.delivered_on,
                    "decision",
                    _("Decision %(number)s delivered") % {"number": decision.number},
                    decision.get_delivery_method_display(),
                    url,
                )
            )
        if decision.final_on:
            events.append(
                Event(
                    decision.final_on,
                    "decision",
                    _("Decision %(number)s final") % {"number": decision.number},
                    label,
                    url,
                )
            )
    return events


def _task_events(user, person) -> list[Event]:
    # The steps of a case are on the case; the timeline lists the person's other tasks.
    tasks = scope_tasks(Task.objects.filter(person=person, case__isnull=True).select_related("kind"), user)
    events = []
    for task in tasks:
        day = timezone.localtime(task.completed_at).date() if task.completed_at else task.start_on
        detail = task.get_status_display()
        if task.due_on and not task.completed_at:
            detail = _("%(status)s, due on %(day)s") % {"status": detail, "day": date_format(task.due_on)}
        events.append(Event(day, "task", task.title, detail, reverse("work:task_detail", args=[task.pk])))
    return events


def _interview_events(user, person) -> list[Event]:
    """The person's community interviews the reader may see (interviews.access.scope_interviews): started
    on the interview's day, completed, confirmed; never an answer."""
    events = []
    for interview in interviews_for(user).filter(person=person):
        worker = interview.worker.get_full_name() or interview.worker.get_username()
        detail = _("%(kind)s; %(status)s; social worker: %(worker)s") % {
            "kind": interview.get_kind_display(),
            "status": interview.get_status_display(),
            "worker": worker,
        }
        url = reverse("interviews:detail", args=[interview.pk])
        events.append(
            Event(interview.conducted_on, "interview", _("Community interview started"), detail, url)
        )
        if interview.completed_at:
            day = timezone.localtime(interview.completed_at).date()
            events.append(Event(day, "interview", _("Community interview completed"), detail, url))
        if interview.confirmed_at:
            day = timezone.localtime(interview.confirmed_at).date()
            events.append(Event(day, "interview", _("Community interview confirmed"), detail, url))
    return events


def _consent_events(person) -> list[Event]:
    events = []
    for consent in person.consents.all():
        events.append(
            Event(
                consent.given_on,
                "consent",
                _("Consent given: %(kind)s") % {"kind": consent.get_kind_display()},
            )
        )
        if consent.withdrawn_on:
            events.append(
                Event(
                    consent.withdrawn_on,
                    "consent",
                    _("Consent withdrawn: %(kind)s") % {"kind": consent.get_kind_display()},
                )
            )
    return events


def _project_events(user, person) -> list[Event]:
    events = []
    applications = scope_applications(
        Application.objects.filter(person=person).select_related("round__target_group__project"), user
    )
    for application in applications:
        project = application.round.target_group.project
        events.append(
            Event(
                application.submitted_on,
                "recruitment",
                _("Application to the project %(project)s") % {"project": project.title},
                application.get_status_display(),
                reverse("recruitment:application_verify", args=[application.pk]),
            )
        )
    participants = scope_participants(
        Participant.objects.filter(person=person).select_related("project"), user
    )
    for participant in participants:
        participant.person = person  # the one person of the timeline: the path check reads it, not the db
        url = reverse("recruitment:participant_detail", args=[participant.pk])
        name = participant.project.title
        events.append(
            Event(
                participant.start_date,
                "project",
                _("Participation in %(project)s began") % {"project": name},
                participant.get_status_display(),
                url,
            )
        )
        if participant.end_date:
            events.append(
                Event(
                    participant.end_date,
                    "project",
                    _("Participation in %(project)s ended") % {"project": name},
                    participant.get_exit_reason_display() if participant.exit_reason else "",
                    url,
                )
            )
        if not user.has_perm("support.view_path", participant):
            continue
        for diagnosis in participant.diagnoses.all():
            events.append(Event(diagnosis.made_on, "support", _("Diagnosis"), name, url))
        for plan in participant.plans.all():
            events.append(Event(plan.drawn_up_on, "support", _("Individual plan drawn up"), name, url))
        for outcome in participant.outcomes.all():
            events.append(
                Event(
                    outcome.achieved_on,
                    "support",
                    _("Outcome: %(kind)s") % {"kind": outcome.get_kind_display()},
                    name,
                    url,
                )
            )
    return events


def _housing_events(user, person) -> list[Event]:
    events = []
    for stay in scope_stays(
        Stay.objects.filter(person=person).select_related("place__room__apartment"), user
    ):
        url = stay.get_absolute_url()
        flat = str(stay.place.room.apartment) if stay.place_id else ""
        events.append(Event(stay.decision_date, "housing", _("Referral to sheltered housing"), flat, url))
        if stay.actual_start:
            events.append(
                Event(stay.actual_start, "housing", _("Stay in sheltered housing began"), flat, url)
            )
        if stay.actual_end:
            events.append(Event(stay.actual_end, "housing", _("Stay in sheltered housing ended"), flat, url))
    return events


def person_timeline(user, person) -> list[Event]:
    """Everything the reader may see about the person, newest first."""
    events = [
        *_case_events(user, person),
        *_task_events(user, person),
        *_interview_events(user, person),
        *_consent_events(person),
        *_project_events(user, person),
        *_housing_events(user, person),
    ]
    return sorted(events, key=lambda event: event.on, reverse=True)
