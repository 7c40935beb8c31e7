"""Reads of community interviews: the questionnaire in force on a day, what a reader may see of an
interview (the health questions stripped for readers without health access), and who is due for an
update of the interview (docs/community-interview.md)."""

import datetime

from dateutil.relativedelta import relativedelta
from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils.translation import gettext as _

from szansa.domain.interviews import structure as form
from szansa.domain.interviews.access import clerk, scope_interviews
from szansa.domain.interviews.enums import InterviewStatus
from szansa.domain.interviews.models import Interview, Questionnaire
from szansa.domain.people.access import can_view_health_data
from szansa.domain.people.enums import SituationKind
from szansa.domain.people.models import Person, Situation
from szansa.domain.work.enums import ACTIVE_STATUSES, CaseStatus
from szansa.domain.work.models import Case, Task
from szansa.lib.access_log import log_access
from szansa.lib.errors import ServiceError

INTERVIEW_TASK_KIND = "community_interview"
# Used when no questionnaire is in force on the day the reminder runs (the figure of rws-2021.json).
DEFAULT_UPDATE_MONTHS = 6


def questionnaire_for(day: datetime.date) -> Questionnaire:
    """The version in force on `day`: valid_from <= day <= valid_to (an open end has no valid_to)."""
    found = (
        Questionnaire.objects.filter(valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        .order_by("-valid_from")
        .first()
    )
    if found is None:
        raise ServiceError(
            {
                "conducted_on": _("No version of the interview questionnaire is in force on %(day)s.")
                % {"day": f"{day:%d.%m.%Y}"}
            },
            code="no_questionnaire",
        )
    return found


def interviews_for(user):
    """The interviews `user` may see (access.scope_interviews), with what the lists show."""
    queryset = Interview.objects.select_related("person", "household", "task", "questionnaire", "worker")
    return scope_interviews(queryset, user)


def sees_health(user) -> bool:
    """Whether `user` sees the questions flagged `health` (not the administrative clerk)."""
    return bool(can_view_health_data(user)) and not clerk(user)


def visible_structure(questionnaire: Questionnaire, user) -> dict:
    """The questionnaire's structure as `user` may see it: without the `health` questions for a reader
    without health access (the administrative clerk)."""
    if sees_health(user):
        return questionnaire.structure
    return form.without_health(questionnaire.structure)


def visible_answers(interview: Interview, user, answers: dict | None = None) -> dict:
    """The interview's answers (or `answers`, e.g. a revision's) as `user` may see them."""
    answers = dict(interview.answers if answers is None else answers)
    if sees_health(user):
        return answers
    hidden = form.health_codes(interview.questionnaire.structure)
    return {code: value for code, value in answers.items() if code not in hidden}


def last_saved_on(interview: Interview) -> datetime.date:
    """The day of the last save of the answers (the deadline of the interview task is met that day)."""
    from django.utils import timezone

    last = interview.revisions.order_by("-number").values_list("saved_at", flat=True).first()
    return timezone.localdate(last) if last else interview.conducted_on


def day_tasks(user, day: datetime.date):
    """The user's open community-interview tasks due on or before `day` (and those without a due date)."""
    return Task.objects.filter(
        kind__code=INTERVIEW_TASK_KIND,
        assignee=user,
        status__in=ACTIVE_STATUSES,
        person__isnull=False,
    ).filter(Q(due_on__lte=day) | Q(due_on__isnull=True))


def assigned_for_day(queryset, user, day: datetime.date):
    """Interviews "assigned to `user` for `day`": those of the user's open community-interview tasks due on
    or before the day, and the user's drafts conducted that day (docs/community-interview.md#api)."""
    return queryset.filter(
        Q(task__in=day_tasks(user, day)) | Q(worker=user, status=InterviewStatus.DRAFT, conducted_on=day)
    )


def update_months(today: datetime.date) -> int:
    try:
        return questionnaire_for(today).update_interval_months
    except ServiceError:
        return DEFAULT_UPDATE_MONTHS


def still_supported(today: datetime.date) -> Q:
    """A filter on Person: still receiving support — an open case (a request not closed) or a reason for
    assistance (art. 7) in force on `today` (docs/community-interview.md#update-reminder)."""
    open_case = Case.objects.filter(person=OuterRef("pk")).exclude(status=CaseStatus.CLOSED)
    reason = Situation.objects.on(today).filter(person=OuterRef("pk"), kind=SituationKind.ASSISTANCE_REASON)
    return Q(Exists(open_case)) | Q(Exists(reason))


def interviews_due_for_update(today: datetime.date):
    """People due for an update of the interview on `today`: their last confirmed interview was conducted
    at least the questionnaire's interval ago (6 months), they are still supported, and nothing is under
    way already (no open community-interview task, no interview started since the last confirmed one).
    Annotated with `last_interview_on`."""
    limit = today - relativedelta(months=update_months(today))
    open_task = Task.objects.filter(
        person=OuterRef("pk"), kind__code=INTERVIEW_TASK_KIND, status__in=ACTIVE_STATUSES
    )
    last_confirmed = (
        Interview.objects.filter(person=OuterRef("pk"), status=InterviewStatus.CONFIRMED)
        .order_by("-conducted_on")
        .values("conducted_on")[:1]
    )
    people = (
        Person.objects.annotate(last_interview_on=Subquery(last_confirmed))
        .filter(last_interview_on__lte=limit)
        .filter(still_supported(today))
        .exclude(Exists(open_task))
    )
    newer = Interview.objects.filter(
        person=OuterRef("pk"),
        status__in=(InterviewStatus.DRAFT, InterviewStatus.COMPLETED),
        conducted_on__gt=OuterRef("last_interview_on"),
    )
    return people.exclude(Exists(newer)).select_related("responsible_worker").order_by("last_name", "pk")


def interview_get(*, user, pk) -> Interview:
    """An interview within the user's scope, or Http404 (out of scope answers as absent)."""
    from django.http import Http404
    from django.shortcuts import get_object_or_404

    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    return get_object_or_404(interviews_for(user), pk=pk)


def interview_open(*, user, pk, route: str, what: str = "community interview") -> Interview:
    """Load an interview for reading and write the access-log entry of its person."""
    interview = interview_get(user=user, pk=pk)
    log_access(user=user, persons=[interview.person], route=route, what=what)
    return interview


def interviews_read(*, user, interviews, route: str, what: str = "community interviews") -> None:
    """The access-log entries of a list of interviews read by `user` (one per person)."""
    log_access(user=user, persons=[interview.person for interview in interviews], route=route, what=what)
