"""EU project pages. Thin views: parse the request, call selectors/services, render.

Scoping: a project is loaded through `scope_projects` (out of scope => 404); actions then check the
`rules` permission on it (visible but not allowed => 403). Services check the same permissions again.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from szansa.domain.projects import enums, selectors, services
from szansa.domain.projects.access import scope_projects
from szansa.domain.projects.filters import CallFilter, ExpenditureFilter, PaymentClaimFilter, ProjectFilter
from szansa.domain.projects.models import (
    BudgetLine,
    BudgetShift,
    BudgetTask,
    Call,
    Expenditure,
    FundingApplication,
    PaymentClaim,
    Project,
    ProjectIndicator,
    ProjectStaff,
    TargetGroup,
)
from szansa.domain.recruitment import selectors as recruitment_selectors
from szansa.domain.support import export_jobs
from szansa.domain.support.indicators.figures import indicator_progress
from szansa.lib.replica import reads_from_replica
from szansa.lib.views import form_page, posted, require_perm
from szansa.web.projects import charts
from szansa.web.projects.forms import (
    ApplicationTransitionForm,
    BudgetLineForm,
    BudgetShiftForm,
    BudgetTaskForm,
    CallForm,
    ClaimTransitionForm,
    ExpenditureForm,
    FundingApplicationForm,
    PaymentClaimForm,
    ProjectForm,
    ProjectIndicatorForm,
    ProjectStaffForm,
    TargetGroupForm,
)
from szansa.web.support.views.export_jobs import deliver

PAGE_SIZE = 50


def _visible_projects(user):
    return scope_projects(Project.objects.select_related("measure__programme"), user)


def _project_for(request, pk, perm: str = "projects.view_project", annotate=None) -> Project:
    """A visible project (else 404) on which the user holds `perm` (else 403); `annotate` adds the
    page's figures to the same query."""
    projects = _visible_projects(request.user).select_related("application__call__body")
    project = get_object_or_404(annotate(projects) if annotate else projects, pk=pk)
    require_perm(request.user, perm, project)
    return project


def _project_url(project, name="project_detail", anchor=""):
    url = reverse(f"projects:{name}", args=[project.pk])
    return f"{url}#{anchor}" if anchor else url


# Projects ----------------------------------------------------------------------------------------


@login_required
@require_GET
def project_list(request):
    today = timezone.localdate()
    visible = _visible_projects(request.user)
    projects = recruitment_selectors.with_participants(
        selectors.with_execution(visible.select_related("application"))
    )
    # one FilterSet with /api/v1/projects/ (projects.filters.ProjectFilter); paged in the database
    filters = ProjectFilter(request.GET or None, queryset=projects)
    queryset = filters.qs if filters.is_bound and filters.is_valid() else filters.queryset
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        {
            "project": project,
            "status": project.status_on(today),
            "execution": selectors.execution_of(project),
            "participants": project.participants_counted,
        }
        for project in page
    ]
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "rows": rows,
        "page": page,
        "filters": filters,
        "query": query.urlencode(),
        "filtered": bool(query),
        "any_visible": bool(rows) or visible.exists(),
        "can_add": request.user.has_perm("projects.add_project"),
        "can_view_calls": request.user.has_perm("projects.view_call"),
    }
    return render(request, "projects/project_list.html", context)


@login_required
@require_GET
def project_detail(request, pk):
    # The execution totals and the participants' count come with the project (one query, not three).
    project = _project_for(
        request,
        pk,
        annotate=lambda projects: recruitment_selectors.with_participants(selectors.with_execution(projects)),
    )
    user = request.user
    today = timezone.localdate()
    tasks = selectors.task_execution(project)
    claims = list(project.payment_claims.all())
    notes = project.notes or ""
    context = {
        "project": project,
        "status": project.status_on(today),
        "today": today,
        "execution": selectors.execution_of(project),
        "tasks": tasks,
        "budget_chart": charts.budget_chart(tasks),
        "timeline_chart": charts.timeline_chart(project, claims, today),
        "claims": claims,
        "participants": project.participants_counted,
        "indicators": indicator_progress(project),
        "target_groups": list(project.target_groups.all()),
        "staff": list(project.staff.select_related("user")),
        "notes_have_estimates": "estimate" in notes.lower() or "verify" in notes.lower(),
        "partners": [p for p in project.partners.splitlines() if p.strip()],
        "can_change": user.has_perm("projects.change_project", project),
    }
    return render(request, "projects/project_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def project_create(request):
    require_perm(request.user, "projects.add_project")
    form = ProjectForm(posted(request))
    return form_page(
        request,
        form,
        template="projects/form.html",
        context={"project": None, "title": _("New project")},
        save=lambda: services.project_save(actor=request.user, project=form.instance),
        saved=_("The project has been created."),
        back=_project_url,
        cancel=reverse("projects:project_list"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def project_update(request, pk):
    project = _project_for(request, pk, "projects.change_project")
    form = ProjectForm(posted(request), instance=project)
    return form_page(
        request,
        form,
        template="projects/form.html",
        context={"project": project, "title": _("Edit the project")},
        save=lambda: services.project_save(actor=request.user, project=form.instance),
        saved=_("The changes have been saved."),
        back=_project_url(project),
    )


# Budget ------------------------------------------------------------------------------------------


@login_required
@require_GET
def budget(request, pk):
    project = _project_for(request, pk)
    user = request.user
    lines_by_task: dict[int, list] = {}
    for row in selectors.line_execution(project):
        lines_by_task.setdefault(row.line.task_id, []).append(row)
    tasks = [(row, lines_by_task.get(row.task.pk, [])) for row in selectors.task_execution(project)]
    context = {
        "project": project,
        "tasks": tasks,
        "execution": selectors.project_execution(project),
        "problems": services.budget_check(project),
        "shifts": BudgetShift.objects.filter(project=project).select_related(
            "from_line__task", "to_line__task", "approved_by"
        ),
        **_expenditure_page(request, project),
        **_claim_page(request, project),
        "can_change": user.has_perm("projects.change_project", project),
        "can_record": user.has_perm("projects.record_expenditure", project),
        "can_shift": user.has_perm("projects.shift_budget", project),
    }
    return render(request, "projects/budget.html", context)


def _expenditure_page(request, project):
    """The project's expenditures paged in the database, filtered and sorted like
    /api/v1/expenditures/ (projects.filters.ExpenditureFilter); filters and sort kept in the pager."""
    expenditures = Expenditure.objects.filter(line__task__project=project).select_related(
        "line__task", "entered_by"
    )
    filters = ExpenditureFilter(request.GET or None, queryset=expenditures)
    queryset = filters.qs if filters.is_bound and filters.is_valid() else filters.queryset
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "expenditure_filters": filters,
        "expenditures": Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page")),
        "expenditure_query": query.urlencode(),
        "expenditures_filtered": bool(query),
        "expenditures_exist": expenditures.exists(),
    }


CLAIMS = "claims"


def _claim_page(request, project):
    """The project's payment claims paged in the database, filtered and sorted like
    /api/v1/payment-claims/ (projects.filters.PaymentClaimFilter). They share the budget page with the
    expenditures, so their parameters carry the prefix `claims-` (claims-status, claims-ordering,
    claims-page); both lists' filters stay in each other's links."""
    claims = project.payment_claims.order_by("period_from", "pk")
    data = request.GET.copy()
    data.pop(f"{CLAIMS}-project", None)  # the project is the page's
    filters = PaymentClaimFilter(data or None, queryset=claims, prefix=CLAIMS)
    queryset = filters.qs if filters.is_bound and filters.is_valid() else filters.queryset
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get(f"{CLAIMS}-page"))
    query = request.GET.copy()
    query.pop(f"{CLAIMS}-page", None)
    others = request.GET.copy()
    own = [key for key in others if key.startswith(f"{CLAIMS}-")]
    for key in own:
        others.pop(key)
    return {
        "claim_filters": filters,
        "claims": page,
        "claim_query": query.urlencode(),
        "claims_filtered": bool(own),
        "claims_clear_query": others.urlencode(),
        "claims_kept": [(key, value) for key, values in others.lists() for value in values],
        "claims_exist": claims.exists(),
    }


@login_required
@require_GET
@reads_from_replica
def budget_export(request, pk):
    project = _project_for(request, pk)
    return _xlsx(request, [project])


@login_required
@require_GET
@reads_from_replica
def projects_export(request):
    return _xlsx(request, list(_visible_projects(request.user)))


def _xlsx(request, projects):
    """The budget workbook, written row by row; a job with progress when it has more expenditures than
    EXPORT_JOB_THRESHOLD (szansa.web.support.views.export_jobs)."""
    return deliver(request, export_jobs.budget_request(projects))


@login_required
@require_http_methods(["GET", "POST"])
def task_edit(request, pk, task_pk=None):
    project = _project_for(request, pk, "projects.change_project")
    task = get_object_or_404(project.tasks, pk=task_pk) if task_pk else BudgetTask(project=project)
    if task_pk is None:
        task.number = (project.tasks.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    form = BudgetTaskForm(posted(request), instance=task)
    return form_page(
        request,
        form,
        template="projects/form.html",
        context={"project": project, "title": _("Edit the budget task") if task_pk else _("New budget task")},
        save=lambda: services.project_record_save(actor=request.user, record=form.instance),
        saved=_("The budget task has been saved."),
        back=_project_url(project, "budget"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def line_edit(request, pk, line_pk=None):
    project = _project_for(request, pk, "projects.change_project")
    if line_pk:
        line = get_object_or_404(
            BudgetLine.objects.filter(task__project=project, kind=enums.LineKind.DIRECT), pk=line_pk
        )
    else:
        line = BudgetLine()
    form = BudgetLineForm(posted(request), instance=line, project=project)
    return form_page(
        request,
        form,
        template="projects/form.html",
        context={"project": project, "title": _("Edit the budget line") if line_pk else _("New budget line")},
        save=lambda: services.budget_line_save(actor=request.user, line=form.instance),
        saved=_("The budget line has been saved."),
        back=_project_url(project, "budget"),
    )


@login_required
@require_POST
def indirect_costs_apply(request, pk):
    project = _project_for(request, pk, "projects.change_project")
    try:
        services.indirect_costs_apply(actor=request.user, project=project)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The indirect costs have been recalculated."))
    return redirect(_project_url(project, "budget"))


@login_required
@require_http_methods(["GET", "POST"])
def expenditure_create(request, pk):
    project = _project_for(request, pk, "projects.record_expenditure")
    initial = {"line": request.GET.get("line"), "date": timezone.localdate()}
    form = ExpenditureForm(posted(request), project=project, initial=initial)

    def save():
        data = dict(form.cleaned_data)
        services.expenditure_record(actor=request.user, line=data.pop("line"), **data)

    return form_page(
        request,
        form,
        template="projects/form.html",
        context={"project": project, "title": _("Record an expenditure")},
        save=save,
        saved=_("The expenditure has been recorded."),
        back=_project_url(project, "budget"),
        field="amount",
    )


@login_required
@require_http_methods(["GET", "POST"])
def shift_create(request, pk):
    project = _project_for(request, pk, "projects.shift_budget")
    initial = {"to_line": request.GET.get("to_line")}
    form = BudgetShiftForm(posted(request), project=project, initial=initial)

    def save():
        services.budget_shift_record(actor=request.user, **form.cleaned_data)

    return form_page(
        request,
        form,
        template="projects/form.html",
        context={"project": project, "title": _("Shift money between budget lines")},
        save=save,
        saved=_("The shift has been recorded."),
        back=_project_url(project, "budget", "shifts"),
        field="amount",
    )


# Payment claims ----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def claim_edit(request, pk, claim_pk=None):
    project = _project_for(request, pk, "projects.record_expenditure")
    claim = (
        get_object_or_404(project.payment_claims, pk=claim_pk) if claim_pk else PaymentClaim(project=project)
    )
    form = PaymentClaimForm(posted(request), instance=claim)
    return form_page(
        request,
        form,
        template="projects/form.html",
        context={
            "project": project,
            "title": _("Edit the payment claim") if claim_pk else _("New payment claim"),
        },
        save=lambda: services.payment_claim_save(actor=request.user, claim=form.instance),
        saved=_("The payment claim has been saved."),
        back=_project_url(project, "budget", "claims"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def claim_transition(request, pk, claim_pk):
    project = _project_for(request, pk, "projects.record_expenditure")
    claim = get_object_or_404(project.payment_claims.select_related("project"), pk=claim_pk)
    allowed = services.CLAIM_TRANSITIONS[enums.ClaimStatus(claim.status)]
    choices = [(s.value, s.label) for s in enums.ClaimStatus if s in allowed]
    form = ClaimTransitionForm(posted(request), choices=choices)

    def save():
        services.payment_claim_transition(actor=request.user, claim=claim, **form.cleaned_data)

    return form_page(
        request,
        form,
        template="projects/form.html",
        context={
            "project": project,
            "title": _("Change the status of the payment claim %(number)s")
            % {"number": claim.number or claim},
        },
        save=save,
        saved=_("The status of the payment claim has been changed."),
        back=_project_url(project, "budget", "claims"),
        field="to",
    )


# Target groups, indicators, staff ----------------------------------------------------------------


def _record_edit(request, pk, record_pk, *, model, form_class, titles, saved, anchor):
    project = _project_for(request, pk, "projects.change_project")
    record = (
        get_object_or_404(model.objects.filter(project=project), pk=record_pk)
        if record_pk
        else model(project=project)
    )
    form = form_class(posted(request), instance=record)
    return form_page(
        request,
        form,
        template="projects/form.html",
        context={"project": project, "title": titles[1] if record_pk else titles[0]},
        save=lambda: services.project_record_save(actor=request.user, record=form.instance),
        saved=saved,
        back=_project_url(project, anchor=anchor),
    )


@login_required
@require_http_methods(["GET", "POST"])
def target_group_edit(request, pk, record_pk=None):
    return _record_edit(
        request,
        pk,
        record_pk,
        model=TargetGroup,
        form_class=TargetGroupForm,
        titles=(_("New target group"), _("Edit the target group")),
        saved=_("The target group has been saved."),
        anchor="target-groups",
    )


@login_required
@require_http_methods(["GET", "POST"])
def indicator_edit(request, pk, record_pk=None):
    return _record_edit(
        request,
        pk,
        record_pk,
        model=ProjectIndicator,
        form_class=ProjectIndicatorForm,
        titles=(_("New indicator"), _("Edit the indicator")),
        saved=_("The indicator has been saved."),
        anchor="indicators",
    )


@login_required
@require_http_methods(["GET", "POST"])
def staff_edit(request, pk, record_pk=None):
    return _record_edit(
        request,
        pk,
        record_pk,
        model=ProjectStaff,
        form_class=ProjectStaffForm,
        titles=(_("Assign a staff member"), _("Edit the staff assignment")),
        saved=_("The staff assignment has been saved."),
        anchor="staff",
    )


# Calls and funding applications ------------------------------------------------------------------


@login_required
@require_GET
def call_list(request):
    require_perm(request.user, "projects.view_call")
    applications = FundingApplication.objects.select_related("project").order_by("rank_position", "title")
    calls = (
        Call.objects.select_related("body", "measure__programme")
        .prefetch_related(Prefetch("applications", queryset=applications))
        .order_by("-announced_on", "number", "pk")
    )
    # one FilterSet with /api/v1/calls/ (projects.filters.CallFilter); paged in the database
    filters = CallFilter(request.GET or None, queryset=calls)
    queryset = filters.qs if filters.is_bound and filters.is_valid() else filters.queryset
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    visible = set(_visible_projects(request.user).values_list("pk", flat=True))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "calls": page,
        "page": page,
        "filters": filters,
        "query": query.urlencode(),
        "filtered": bool(query),
        "any_calls": bool(page.object_list) or Call.objects.exists(),
        "visible_projects": visible,
        "final_statuses": [status for status, moves in enums.APPLICATION_TRANSITIONS.items() if not moves],
        "can_change": request.user.has_perm("projects.change_call"),
    }
    return render(request, "projects/call_list.html", context)


def _call_form_page(request, form, *, title, save, saved):
    return form_page(
        request,
        form,
        template="projects/form.html",
        context={"project": None, "title": title},
        save=save,
        saved=saved,
        back=reverse("projects:call_list"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def call_edit(request, call_pk=None):
    require_perm(request.user, "projects.change_call")
    call = get_object_or_404(Call, pk=call_pk) if call_pk else Call()
    form = CallForm(posted(request), instance=call)
    return _call_form_page(
        request,
        form,
        title=_("Edit the call") if call_pk else _("New call"),
        save=lambda: services.call_save(actor=request.user, call=form.instance),
        saved=_("The call has been saved."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def application_edit(request, call_pk, application_pk=None):
    require_perm(request.user, "projects.change_call")
    call = get_object_or_404(Call, pk=call_pk)
    application = (
        get_object_or_404(call.applications, pk=application_pk)
        if application_pk
        else FundingApplication(call=call)
    )
    form = FundingApplicationForm(posted(request), instance=application)
    return _call_form_page(
        request,
        form,
        title=(_("Edit the funding application") if application_pk else _("New funding application"))
        + f" · {call.number}",
        save=lambda: services.application_save(actor=request.user, application=form.instance),
        saved=_("The funding application has been saved."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def application_transition(request, application_pk):
    require_perm(request.user, "projects.change_call")
    application = get_object_or_404(FundingApplication.objects.select_related("call"), pk=application_pk)
    form = ApplicationTransitionForm(posted(request), application=application)
    return _call_form_page(
        request,
        form,
        title=_("Change the status of the application: %(title)s") % {"title": application.title},
        save=lambda: services.application_transition(
            actor=request.user, application=application, **form.cleaned_data
        ),
        saved=_("The status of the application has been changed."),
    )
