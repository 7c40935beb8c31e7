"""Work pages. Thin views: parse the request, call selectors/services, render.

Scoping: a task or case is loaded through `scope_tasks` / `scope_cases` (out of scope => 404);
actions check the `rules` permission on it (visible but not allowed => 403); services check again.
"""

import datetime

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from szansa.domain.accounts.enums import Role
from szansa.domain.interviews.selectors import INTERVIEW_TASK_KIND
from szansa.domain.work import enums, selectors, services
from szansa.domain.work.access import scope_cases, scope_tasks
from szansa.domain.work.filters import CaseFilter, TaskFilter
from szansa.domain.work.models import Case, Notification, Task, TimeRecord
from szansa.lib.access_log import log_access, route_of
from szansa.lib.views import require_perm, safe_next
from szansa.web.work import charts
from szansa.web.work.decisions import case_decision_context
from szansa.web.work.forms import (
    CompleteForm,
    DraftDecisionForm,
    ProposalForm,
    ReassignForm,
    TimeRecordForm,
    WorkloadForm,
)

CASE_ACTIONS = {
    enums.CaseStatus.REQUEST_REGISTERED: (
        services.case_record_interview,
        gettext_lazy("Record the community interview"),
    ),
    enums.CaseStatus.INTERVIEW: (services.case_propose_support, gettext_lazy("Propose the support")),
    enums.CaseStatus.SUPPORT_PROPOSED: (services.case_draft_decision, gettext_lazy("Draft the decision")),
    enums.CaseStatus.DECISION_DRAFTED: (services.case_approve_decision, gettext_lazy("Approve the decision")),
    enums.CaseStatus.DECISION_APPROVED: (services.case_issue_decision, gettext_lazy("Issue the decision")),
    enums.CaseStatus.DECISION_ISSUED: (
        services.case_close,
        gettext_lazy("Close the case after the appeal period"),
    ),
}

PAGE_SIZE = 50


def _task_for(request, pk) -> Task:
    return get_object_or_404(
        scope_tasks(Task.objects.all(), request.user).select_related(
            "kind", "person", "assignee", "case", "team"
        ),
        pk=pk,
    )


def _service_error(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@login_required
@require_GET
def my_tasks(request):
    today = timezone.localdate()
    context = {
        "today": today,
        "mine": selectors.my_tasks(request.user, today),
        "notifications": selectors.unread_notifications(request.user)[:20],
        "form": CompleteForm(),
        "queue_roles": selectors.queue_roles(request.user),
    }
    return render(request, "work/my_tasks.html", context)


@login_required
@require_GET
def queue(request):
    roles = selectors.queue_roles(request.user)
    role = request.GET.get("role") or (roles[0] if roles else "")
    if role and role not in roles:
        raise PermissionDenied
    tasks = selectors.queue(request.user, role) if role else Task.objects.none()
    filters = TaskFilter(
        request.GET, queryset=tasks.select_related("kind", "team", "person"), request=request
    )
    filtered = filters.qs if filters.is_valid() else filters.queryset
    page = Paginator(filtered.order_by(*(filtered.query.order_by or ("due_on", "pk"))), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    log_access(
        user=request.user, persons=[task.person for task in page], route=route_of(request), what="queue"
    )
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "today": timezone.localdate(),
        "role": role,
        "role_label": Role(role).label if role else "",
        "roles": [(value, Role(value).label) for value in roles],
        "tasks": page,
        "page": page,
        "query": query.urlencode(),
        "filters": filters,
        "filtered": any(request.GET.get(name) for name in ("kind", "overdue", "q")),
    }
    return render(request, "work/queue.html", context)


@login_required
@require_GET
def task_detail(request, pk):
    task = _task_for(request, pk)
    user = request.user
    context = {
        "task": task,
        "today": timezone.localdate(),
        "records": task.time_records.select_related("user"),
        "can_work": task.is_active and user.has_perm("work.change_task", task),
        "can_reassign": task.is_active and user.has_perm("work.reassign_task", task),
        "complete_form": CompleteForm(),
        "time_form": TimeRecordForm(),
        "reassign_form": ReassignForm(initial={"assignee": task.assignee_id}),
        **_interview_context(task, user),
    }
    return render(request, "work/task_detail.html", context)


def _interview_context(task, user) -> dict:
    """A community-interview task links to its interview, or starts it (docs/community-interview.md)."""
    if task.kind.code != INTERVIEW_TASK_KIND or task.person is None:
        return {}
    interview = task.interviews.first()
    return {
        "interview_task": True,
        "task_interview": interview
        if interview and user.has_perm("interviews.view_interview", interview)
        else None,
        "may_start_interview": interview is None
        and task.is_active
        and user.has_perm("interviews.start_interview", task.person),
    }


@login_required
@require_POST
def task_complete(request, pk):
    task = _task_for(request, pk)
    require_perm(request.user, "work.change_task", task)
    form = CompleteForm(request.POST)
    if form.is_valid():
        try:
            services.task_complete(
                actor=request.user,
                task=task,
                minutes=form.cleaned_data["minutes"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            _service_error(request, error)
        else:
            task.refresh_from_db()
            if request.htmx:
                return render(request, "work/_task_done.html", {"task": task})
            messages.success(request, _("Task completed: %(title)s") % {"title": task.title})
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect(safe_next(request, "work:my_tasks"))


@login_required
@require_POST
def task_start(request, pk):
    task = _task_for(request, pk)
    require_perm(request.user, "work.change_task", task)
    try:
        services.task_start(actor=request.user, task=task)
    except ValidationError as error:
        _service_error(request, error)
    else:
        messages.success(request, _("The task is yours: %(title)s") % {"title": task.title})
    return redirect("work:task_detail", pk=task.pk)


@login_required
@require_POST
def task_time(request, pk):
    task = _task_for(request, pk)
    form = TimeRecordForm(request.POST)
    if form.is_valid():
        try:
            services.time_record_add(actor=request.user, task=task, **form.cleaned_data)
        except ValidationError as error:
            _service_error(request, error)
        else:
            messages.success(request, _("Time recorded."))
    else:
        messages.error(request, _("Give a date and at least one minute."))
    return redirect("work:task_detail", pk=task.pk)


@login_required
@require_POST
def task_reassign(request, pk):
    task = _task_for(request, pk)
    require_perm(request.user, "work.reassign_task", task)
    form = ReassignForm(request.POST)
    if form.is_valid():
        try:
            services.task_reassign(actor=request.user, task=task, assignee=form.cleaned_data["assignee"])
        except ValidationError as error:
            _service_error(request, error)
        else:
            messages.success(request, _("Task reassigned."))
    return redirect("work:task_detail", pk=task.pk)


@login_required
@require_POST
def notification_read(request, pk):
    notification = get_object_or_404(Notification, pk=pk, user=request.user)
    services.notification_mark_read(actor=request.user, notification=notification)
    return redirect(notification.task.get_absolute_url())


@login_required
@require_GET
def case_list(request):
    cases = scope_cases(Case.objects.select_related("person"), request.user)
    filters = CaseFilter(request.GET, queryset=cases)
    page = Paginator(filters.qs if filters.is_valid() else cases, PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    overdue = set(
        Task.objects.overdue(today)
        .filter(case__in=[case.pk for case in page])
        .values_list("case_id", flat=True)
    )
    log_access(
        user=request.user, persons=[case.person for case in page], route=route_of(request), what="cases"
    )
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "cases": page,
        "page": page,
        "query": query.urlencode(),
        "filters": filters,
        "filtered": bool(query),
        "overdue": overdue,
        "today": today,
    }
    return render(request, "work/case_list.html", context)


def _case_for(request, pk) -> Case:
    return get_object_or_404(
        scope_cases(Case.objects.select_related("person", "created_by"), request.user), pk=pk
    )


@login_required
@require_GET
def case_detail(request, pk):
    case = _case_for(request, pk)
    today = timezone.localdate()
    steps = selectors.case_steps(case, today)
    current = next((step for step in steps if step.current), None)
    action = CASE_ACTIONS.get(enums.CaseStatus(case.status))
    can_act = bool(
        action
        and current
        and current.task
        and current.task.is_active
        and request.user.has_perm("work.change_task", current.task)
    )
    context = {
        "case": case,
        "today": today,
        "steps": steps,
        "other_tasks": selectors.case_tasks_outside_steps(case),
        "action_label": action[1] if action else "",
        "can_act": can_act,
        "needs_proposal": case.status == enums.CaseStatus.INTERVIEW,
        "needs_outcome": case.status == enums.CaseStatus.SUPPORT_PROPOSED,
        "proposal_form": ProposalForm(),
        "outcome_form": DraftDecisionForm(),
        "complete_form": CompleteForm(),
        **case_decision_context(request, case),
    }
    log_access(user=request.user, persons=[case.person], route=route_of(request), what="case")
    return render(request, "work/case_detail.html", context)


@login_required
@require_POST
def case_step(request, pk):
    case = _case_for(request, pk)
    action = CASE_ACTIONS.get(enums.CaseStatus(case.status))
    if action is None:
        raise PermissionDenied
    service = action[0]
    minutes_form = CompleteForm(request.POST)
    extra = {}
    if case.status == enums.CaseStatus.INTERVIEW:
        form = ProposalForm(request.POST)
        extra = {"proposal": form.cleaned_data["proposal"]} if form.is_valid() else None
    elif case.status == enums.CaseStatus.SUPPORT_PROPOSED:
        form = DraftDecisionForm(request.POST)
        extra = {"outcome": form.cleaned_data["outcome"]} if form.is_valid() else None
    if extra is None or not minutes_form.is_valid():
        messages.error(request, _("Fill in the step's fields."))
        return redirect("work:case_detail", pk=case.pk)
    try:
        service(
            actor=request.user,
            case=case,
            on=timezone.localdate(),
            minutes=minutes_form.cleaned_data["minutes"],
            **extra,
        )
    except ValidationError as error:
        _service_error(request, error)
    else:
        messages.success(request, _("Step recorded."))
    return redirect("work:case_detail", pk=case.pk)


def _reorganisation(form: WorkloadForm) -> datetime.date | None:
    """The date asked for, else the centre's configured reorganisation date (settings.REORGANISATION_DATE)."""
    data = form.cleaned_data if form.is_valid() else {}
    return data.get("reorganisation") or settings.REORGANISATION_DATE


def _workload_period(form: WorkloadForm) -> tuple[datetime.date, datetime.date]:
    """The period asked for; by default a year either side of the reorganisation, else the last two years."""
    data = form.cleaned_data if form.is_valid() else {}
    reorganisation = _reorganisation(form)
    if reorganisation and not (data.get("date_from") or data.get("date_to")):
        first = reorganisation.replace(day=1) - relativedelta(years=1)
        return first, min(reorganisation + relativedelta(years=1, days=-1), timezone.localdate())
    last = data.get("date_to") or TimeRecord.objects.order_by("-date").values_list("date", flat=True).first()
    last = last or timezone.localdate()
    first = data.get("date_from") or max(
        TimeRecord.objects.order_by("date").values_list("date", flat=True).first() or last,
        last.replace(day=1).replace(year=last.year - 2),
    )
    return first, last


@login_required
@require_GET
def workload(request):
    require_perm(request.user, "work.view_workload")
    today = timezone.localdate()
    form = WorkloadForm(request.GET or None, initial={"reorganisation": settings.REORGANISATION_DATE})
    first, last = _workload_period(form)
    data = form.cleaned_data if form.is_valid() else {}
    share = selectors.admin_share(first, last, reorganisation=_reorganisation(form))
    week_of = data.get("week") or today
    context = {
        "form": form,
        "today": today,
        "first": first,
        "last": last,
        "share": share,
        "chart": charts.admin_share_chart(share),
        "caseload": selectors.caseload(),
        "queues": selectors.queue_load(today),
        "week_of": week_of - datetime.timedelta(days=week_of.weekday()),
        "week": selectors.week_by_class(week_of),
        "classes": enums.WorkClass.choices,
    }
    return render(request, "work/workload.html", context)
