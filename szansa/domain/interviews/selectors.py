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
from szansa.domain.people.access import can_view_health_data, person_scope
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


# Pre-filled answers with one line per member of the household (name, then their data).
MEMBER_LISTS = frozenset({"household.members", "income.last_month_sources"})


def _members_out_of_scope(user) -> dict[int, list[str]]:
    """{household: full names} of the members, outside the user's registry scope, of the households of the
    interviews the user may see (one query, kept on the user object for the request)."""
    cached = getattr(user, "_interview_members_out_of_scope", None)
    if cached is None:
        scope = person_scope(user)
        cached = {}
        if scope is not None:
            households = interviews_for(user).exclude(household=None).values("household")
            for person in Person.objects.filter(household__in=households).exclude(scope):
                cached.setdefault(person.household_id, []).append(person.full_name)
        user._interview_members_out_of_scope = cached
    return cached


def _without_members(value, names: list[str]):
    """A member list's answer without the lines naming `names`."""
    if not isinstance(value, str) or not names:
        return value
    return "\n".join(line for line in value.splitlines() if not any(name in line for name in names))


def keep_hidden_members(interview: Interview, user, answers: dict) -> dict:
    """`answers` sent by `user` with the lines of the member lists the user was not shown
    (visible_answers) put back from the stored answer: a reader cannot remove what they cannot see."""
    if not interview.household_id or person_scope(user) is None:
        return answers
    names = _members_out_of_scope(user).get(interview.household_id, [])
    if not names:
        return answers
    answers = dict(answers)
    for code, question in form.questions_by_code(interview.questionnaire.structure).items():
        stored = interview.answers.get(code)
        if question.get("prefill") not in MEMBER_LISTS or not isinstance(stored, str):
            continue
        hidden = [line for line in stored.splitlines() if any(name in line for name in names)]
        sent = answers.get(code)
        lines = sent.splitlines() if isinstance(sent, str) else []
        if hidden:
            answers[code] = "\n".join(lines + [line for line in hidden if line not in lines])
    return answers


def visible_answers(interview: Interview, user, answers: dict | None = None) -> dict:
    """The interview's answers (or `answers`, e.g. a revision's) as `user` may see them: without the
    `health` questions for a reader without health access, and without the household's members the
    reader may not see in the registry (docs/data-protection.md#who-sees-what: a social worker never sees
    a member of another team's file) in the pre-filled lists of the members and of their incomes."""
    answers = dict(interview.answers if answers is None else answers)
    structure = interview.questionnaire.structure
    if interview.household_id and person_scope(user) is not None:
        names = _members_out_of_scope(user).get(interview.household_id, [])
        for code, question in form.questions_by_code(structure).items():
            if question.get("prefill") in MEMBER_LISTS and code in answers:
                answers[code] = _without_members(answers[code], names)
    if sees_health(user):
        return answers
    hidden = form.health_codes(structure)
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


def persons_named(interviews) -> list[Person]:
    """The people a reader of the interviews sees: each interview's person, and the members of its
    household its answers name (the pre-filled list of the household's members names them), in one
    query."""
    interviews = list(interviews)
    households = {interview.household_id for interview in interviews if interview.household_id}
    members = list(Person.objects.filter(household_id__in=households)) if households else []
    named = {interview.person.pk: interview.person for interview in interviews}
    for interview in interviews:
        text = str(interview.answers)
        for member in members:
            if (
                member.household_id == interview.household_id
                and member.last_name
                and member.last_name in text
            ):
                named.setdefault(member.pk, member)
    return list(named.values())


def interview_open(*, user, pk, route: str, what: str = "community interview") -> Interview:
    """Load an interview for reading and write the access-log entries of the people it names."""
    interview = interview_get(user=user, pk=pk)
    log_access(user=user, persons=persons_named([interview]), route=route, what=what)
    return interview


def interviews_read(*, user, interviews, route: str, what: str = "community interviews") -> None:
    """The access-log entries of a list of interviews read by `user` (one per person named)."""
    log_access(user=user, persons=persons_named(interviews), route=route, what=what)
