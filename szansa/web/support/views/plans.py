"""Pages of a participant's support path: the path at a glance, diagnoses, the individual plan with
its versions, social contracts and their PDFs. Thin views: parse, call szansa.domain.support.plans, render.

Objects come from scoped selectors (out of scope => 404); writes then need the permission (=> 403),
which the services check again. Reading a path, a diagnosis, a plan, a contract or one of the PDFs is
access-logged on the person (szansa.lib.access_log.log_access)."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from szansa.domain.accounts.enums import Role
from szansa.domain.support import enums
from szansa.domain.support.plans import rules as plan_rules
from szansa.domain.support.plans import selectors as plan_selectors
from szansa.domain.support.plans import services as plan_services
from szansa.domain.support.plans.filters import ContractFilter, DiagnosisFilter, PlanFilter
from szansa.lib.access_log import log_access, route_of
from szansa.lib.views import pdf_response, posted, require_perm
from szansa.web.support.forms.plans import (
    AcceptForm,
    AreaFormSet,
    ContractForm,
    DiagnosisForm,
    EvaluateForm,
    PlanForm,
    formset_rows,
    goal_formset,
    place_errors,
    support_formset,
)
from szansa.web.support.pdf import plans as pdf_plans

GET_POST = require_http_methods(["GET", "POST"])
PAGE_SIZE = 50


def paged_list(request, queryset, filterset_class, *, template: str, what: str, person_of):
    """A list page: the rows of `queryset` (already scoped to the user) filtered and sorted by
    `filterset_class` (the FilterSet its API list uses too), paged in the database, the filters kept in the
    pager; invalid filters show their messages and no rows. The people on the page are access-logged."""
    filters = filterset_class(request.GET, queryset=queryset, request=request)
    rows = filters.qs if filters.is_valid() else queryset.none()
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    log_access(
        user=request.user, persons=[person_of(row) for row in page], route=route_of(request), what=what
    )
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "rows": page,
        "page": page,
        "query": query.urlencode(),
        "filters": filters,
        "filtered": bool(query),
    }
    return render(request, template, context)


# --- lists -------------------------------------------------------------------------------------------------


@login_required
@require_GET
def diagnosis_list(request):
    return paged_list(
        request,
        plan_selectors.diagnosis_list(user=request.user).select_related("participant__project"),
        DiagnosisFilter,
        template="support/diagnosis_list.html",
        what="diagnoses",
        person_of=lambda diagnosis: diagnosis.participant.person,
    )


@login_required
@require_GET
def plan_list(request):
    return paged_list(
        request,
        plan_selectors.plan_list(user=request.user),
        PlanFilter,
        template="support/plan_list.html",
        what="plans",
        person_of=lambda plan: plan.participant.person,
    )


@login_required
@require_GET
def contract_list(request):
    return paged_list(
        request,
        plan_selectors.contract_list(user=request.user),
        ContractFilter,
        template="support/contract_list.html",
        what="contracts",
        person_of=lambda contract: contract.person,
    )


@login_required
@require_GET
def path_page(request, pk):
    participant = plan_selectors.path_participant_get(user=request.user, pk=pk)
    log_access(
        user=request.user,
        persons=[participant.person],
        route=route_of(request),
        what=f"path {participant.pk}",
    )
    user = request.user
    context = {
        "participant": participant,
        "person": participant.person,
        "can_change": user.has_perm(plan_rules.CHANGE, participant),
        "can_approve": user.has_perm(plan_rules.APPROVE, participant),
        "can_view_recruitment": user.has_perm("recruitment.view", participant),
        **plan_selectors.path_overview(participant),
    }
    return render(request, "support/path.html", context)


# --- diagnosis ---------------------------------------------------------------------------------------------


@login_required
@GET_POST
def diagnosis_create(request, pk):
    participant = plan_selectors.path_participant_get(user=request.user, pk=pk)
    require_perm(request.user, plan_rules.CHANGE, participant)
    has_one = participant.diagnoses.exists()
    kind = enums.DiagnosisKind.REDIAGNOSIS if has_one else enums.DiagnosisKind.INITIAL
    form = DiagnosisForm(posted(request), initial={"made_on": timezone.localdate(), "kind": kind})
    areas = AreaFormSet(posted(request), prefix="areas")
    sections = {}
    if request.method == "POST" and form.is_valid() and areas.is_valid():
        rows = formset_rows(areas)
        try:
            diagnosis = plan_services.diagnosis_create(
                actor=request.user,
                participant=participant,
                areas=[data for _f, data in rows],
                **form.cleaned_data,
            )
        except ValidationError as error:
            sections = place_errors(error, form, {"areas": [f for f, _d in rows]})
        else:
            messages.success(request, _("The diagnosis is saved."))
            return redirect(diagnosis.get_absolute_url())
    context = {"participant": participant, "form": form, "areas": areas, "sections": sections}
    return render(request, "support/diagnosis_form.html", context)


@login_required
@require_GET
def diagnosis_detail(request, pk):
    diagnosis = plan_selectors.diagnosis_get(user=request.user, pk=pk)
    participant = diagnosis.participant
    log_access(
        user=request.user,
        persons=[participant.person],
        route=route_of(request),
        what=f"diagnosis {diagnosis.pk}",
    )
    context = {
        "diagnosis": diagnosis,
        "participant": participant,
        "progress": plan_selectors.diagnosis_progress(participant),
    }
    return render(request, "support/diagnosis_detail.html", context)


# --- plan --------------------------------------------------------------------------------------------------


def _plan_form_page(request, participant, *, plan=None):
    """Draw up the first version (plan=None) or revise `plan`; the revision starts from the current
    goals and support, which the user edits and sends (nothing is carried over unseen)."""
    revision = plan is not None
    data = posted(request)
    initial = {"drawn_up_on": timezone.localdate()}
    goal_initial = support_initial = None
    if revision:
        initial["diagnosis"] = plan.diagnosis_id
        goal_initial = [
            {
                "description": g.description,
                "measure": g.measure,
                "target_date": g.target_date,
                "achieved_on": g.achieved_on,
            }
            for g in plan.goals.all()
        ]
        support_initial = [
            {
                "form": s.form_id,
                "hours": s.hours,
                "specialist": s.specialist_id,
                "starts_on": s.starts_on,
                "ends_on": s.ends_on,
                "note": s.note,
            }
            for s in plan.supports.all()
        ]
    else:
        latest = participant.diagnoses.order_by("-made_on", "-pk").first()
        initial["diagnosis"] = latest.pk if latest else None
    form = PlanForm(data, participant=participant, revision=revision, initial=initial)
    goals = goal_formset(data, initial=goal_initial)
    supports = support_formset(data, participant=participant, initial=support_initial)
    sections = {}
    if request.method == "POST" and all([form.is_valid(), goals.is_valid(), supports.is_valid()]):
        goal_rows, support_rows = formset_rows(goals), formset_rows(supports)
        common = {
            "actor": request.user,
            "diagnosis": form.cleaned_data["diagnosis"],
            "goals": [d for _f, d in goal_rows],
            "supports": [d for _f, d in support_rows],
        }
        try:
            if revision:
                result = plan_services.plan_revise(
                    plan=plan,
                    reason=form.cleaned_data["reason"],
                    on=form.cleaned_data["drawn_up_on"],
                    **common,
                )
            else:
                result = plan_services.plan_create(
                    participant=participant, drawn_up_on=form.cleaned_data["drawn_up_on"], **common
                )
        except ValidationError as error:
            rows = {"goals": [f for f, _d in goal_rows], "supports": [f for f, _d in support_rows]}
            sections = place_errors(error, form, rows, rename={"on": "drawn_up_on"})
        else:
            messages.success(request, _("The plan is saved."))
            return redirect(result.get_absolute_url())
    context = {
        "participant": participant,
        "plan": plan,
        "form": form,
        "goals": goals,
        "supports": supports,
        "sections": sections,
    }
    return render(request, "support/plan_form.html", context)


@login_required
@GET_POST
def plan_create(request, pk):
    participant = plan_selectors.path_participant_get(user=request.user, pk=pk)
    require_perm(request.user, plan_rules.APPROVE, participant)
    current = participant.plans.filter(superseded_on__isnull=True).first()
    if current is not None:
        messages.info(request, _("The participant already has a plan; revise it instead."))
        return redirect("support:plan_revise", pk=current.pk)
    return _plan_form_page(request, participant)


@login_required
@GET_POST
def plan_revise(request, pk):
    plan = plan_selectors.plan_get(user=request.user, pk=pk)
    require_perm(request.user, plan_rules.APPROVE, plan)
    if not plan.is_current:
        messages.error(request, _("Only the current version of a plan can be revised."))
        return redirect(plan.get_absolute_url())
    return _plan_form_page(request, plan.participant, plan=plan)


def _plan_page(request, plan, accept_form=None):
    user = request.user
    may_approve = plan.is_current and user.has_perm(plan_rules.APPROVE, plan)
    if may_approve and accept_form is None:
        today = timezone.localdate()
        accept_form = AcceptForm(
            initial={
                "by_participant_on": None if plan.accepted_by_participant_on else today,
                "by_worker_on": None if plan.accepted_by_worker_on else today,
            }
        )
    context = {
        "plan": plan,
        "participant": plan.participant,
        "history": plan_selectors.plan_history(plan),
        "hours": plan_selectors.hours_delivered_vs_planned(plan),
        "may_approve": may_approve,
        "accept_form": accept_form if may_approve else None,
    }
    return render(request, "support/plan_detail.html", context)


@login_required
@require_GET
def plan_detail(request, pk):
    plan = plan_selectors.plan_get(user=request.user, pk=pk)
    log_access(
        user=request.user, persons=[plan.participant.person], route=route_of(request), what=f"plan {plan.pk}"
    )
    return _plan_page(request, plan)


@login_required
@require_POST
def plan_accept(request, pk):
    plan = plan_selectors.plan_get(user=request.user, pk=pk)
    require_perm(request.user, plan_rules.APPROVE, plan)
    form = AcceptForm(request.POST)
    if form.is_valid():
        try:
            plan_services.plan_accept(actor=request.user, plan=plan, **form.cleaned_data)
        except ValidationError as error:
            place_errors(error, form)
        else:
            messages.success(request, _("The acceptance is recorded."))
            return redirect(plan.get_absolute_url())
    return _plan_page(request, plan, accept_form=form)


@login_required
@require_GET
def plan_pdf(request, pk):
    plan = plan_selectors.plan_get(user=request.user, pk=pk)
    log_access(
        user=request.user,
        persons=[plan.participant.person],
        route=route_of(request),
        what=f"plan {plan.pk} pdf",
    )
    html = pdf_plans.plan_html(plan, today=timezone.localdate())
    return pdf_response(request, html, pdf_plans.plan_filename(plan))


# --- social contract ---------------------------------------------------------------------------------------


@login_required
@GET_POST
def contract_create(request, pk):
    participant = plan_selectors.path_participant_get(user=request.user, pk=pk)
    if not plan_rules.may_approve_contract(request.user, person=participant.person, participant=participant):
        raise PermissionDenied
    today = timezone.localdate()
    worker = (
        request.user if request.user.has_role(Role.SOCIAL_WORKER) else participant.person.responsible_worker
    )
    initial = {
        "number": plan_selectors.contract_next_number(today),
        "variant": enums.ContractVariant.B,
        "worker": worker.pk if worker else None,
        "concluded_on": today,
        "starts_on": today,
        "ends_on": today + datetime.timedelta(days=180),
    }
    form = ContractForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            contract = plan_services.contract_conclude(
                actor=request.user, person=participant.person, participant=participant, **form.cleaned_data
            )
        except ValidationError as error:
            place_errors(error, form)
        else:
            messages.success(request, _("The social contract is saved."))
            return redirect(contract.get_absolute_url())
    return render(request, "support/contract_form.html", {"participant": participant, "form": form})


def _contract_page(request, contract, evaluate_form=None):
    may_evaluate = contract.status == enums.ContractStatus.IN_FORCE and plan_rules.may_approve_contract(
        request.user, person=contract.person, participant=contract.participant
    )
    if may_evaluate and evaluate_form is None:
        evaluate_form = EvaluateForm(
            initial={"on": timezone.localdate(), "status": enums.ContractStatus.FULFILLED}
        )
    context = {
        "contract": contract,
        "person": contract.person,
        "participant": contract.participant,
        "goals": contract.lines(contract.goals),
        "client_obligations": contract.lines(contract.client_obligations),
        "centre_obligations": contract.lines(contract.centre_obligations),
        "schedule": contract.lines(contract.schedule),
        "evaluate_form": evaluate_form if may_evaluate else None,
    }
    return render(request, "support/contract_detail.html", context)


def _contract_read(request, contract, what: str):
    if contract.participant_id:
        log_access(
            user=request.user, persons=[contract.participant.person], route=route_of(request), what=what
        )
    else:
        from szansa.domain.people.selectors import person_file_open

        person_file_open(user=request.user, pk=contract.person_id, route=route_of(request))


@login_required
@require_GET
def contract_detail(request, pk):
    contract = plan_selectors.contract_get(user=request.user, pk=pk)
    _contract_read(request, contract, f"contract {contract.pk}")
    return _contract_page(request, contract)


@login_required
@require_POST
def contract_evaluate(request, pk):
    contract = plan_selectors.contract_get(user=request.user, pk=pk)
    if not plan_rules.may_approve_contract(
        request.user, person=contract.person, participant=contract.participant
    ):
        raise PermissionDenied
    form = EvaluateForm(request.POST)
    if form.is_valid():
        try:
            plan_services.contract_evaluate(actor=request.user, contract=contract, **form.cleaned_data)
        except ValidationError as error:
            place_errors(error, form)
        else:
            messages.success(request, _("The evaluation is saved."))
            return redirect(contract.get_absolute_url())
    return _contract_page(request, contract, evaluate_form=form)


@login_required
@require_GET
def contract_pdf(request, pk):
    contract = plan_selectors.contract_get(user=request.user, pk=pk)
    _contract_read(request, contract, f"contract {contract.pk} pdf")
    html = pdf_plans.contract_html(contract, today=timezone.localdate())
    return pdf_response(request, html, pdf_plans.contract_filename(contract))


urlpatterns = [
    path("diagnozy/", diagnosis_list, name="diagnosis_list"),
    path("plany/", plan_list, name="plan_list"),
    path("kontrakty/", contract_list, name="contract_list"),
    path("uczestnik/<int:pk>/", path_page, name="path"),
    path("uczestnik/<int:pk>/diagnoza/", diagnosis_create, name="diagnosis_create"),
    path("uczestnik/<int:pk>/plan/", plan_create, name="plan_create"),
    path("uczestnik/<int:pk>/kontrakt/", contract_create, name="contract_create"),
    path("diagnoza/<int:pk>/", diagnosis_detail, name="diagnosis"),
    path("plan/<int:pk>/", plan_detail, name="plan"),
    path("plan/<int:pk>/rewizja/", plan_revise, name="plan_revise"),
    path("plan/<int:pk>/akceptacja/", plan_accept, name="plan_accept"),
    path("plan/<int:pk>/plan.pdf", plan_pdf, name="plan_pdf"),
    path("kontrakt/<int:pk>/", contract_detail, name="contract"),
    path("kontrakt/<int:pk>/ocena/", contract_evaluate, name="contract_evaluate"),
    path("kontrakt/<int:pk>/kontrakt.pdf", contract_pdf, name="contract_pdf"),
]
