"""Decision pages: the register with its filters, one decision (its draft edited by the clerk), its PDF,
and the steps after issue recorded on the case (delivery, appeal, waiver). docs/social-work.md#decision.

Scoping: decisions as their cases (`scope_decisions`, out of scope => 404); every page that names the
party writes its access-log entry."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from szansa.domain.work import services
from szansa.domain.work.access import scope_cases, scope_decisions
from szansa.domain.work.filters import DecisionFilter
from szansa.domain.work.models import Case, Decision
from szansa.lib.access_log import log_access, route_of
from szansa.lib.views import form_page, pdf_response, require_perm
from szansa.web.work.forms import AppealDayForm, DecisionForm, DeliveryForm

PAGE_SIZE = 50


def _decisions(request):
    return scope_decisions(Decision.objects.select_related("case__person"), request.user)


@login_required
@require_GET
def decision_list(request):
    """The register of decisions: filters, sorting and pages kept in the URL."""
    filters = DecisionFilter(request.GET or None, queryset=_decisions(request))
    queryset = filters.qs if filters.is_bound and filters.is_valid() else filters.queryset
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    log_access(
        user=request.user,
        persons=[decision.case.person for decision in page],
        route=route_of(request),
        what="register of decisions",
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "work/decision_list.html",
        {"filters": filters, "page": page, "query": query.urlencode(), "filtered": bool(query)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def decision_detail(request, pk):
    decision = get_object_or_404(_decisions(request), pk=pk)
    editable = decision.approved_on is None and request.user.has_perm("work.change_decision", decision)
    log_access(user=request.user, persons=[decision.case.person], route=route_of(request), what="decision")
    if request.method == "POST":
        require_perm(request.user, "work.change_decision", decision)
    form = (
        DecisionForm(request.POST if request.method == "POST" else None, instance=decision)
        if editable
        else None
    )
    if form is None:
        return render(request, "work/decision_detail.html", {"decision": decision, "form": None})
    return form_page(
        request,
        form,
        template="work/decision_detail.html",
        context={"decision": decision},
        save=lambda: services.decision_update(
            actor=request.user,
            decision=decision,
            outcome=form.cleaned_data["outcome"],
            document={name: value for name, value in form.cleaned_data.items() if name != "outcome"},
        ),
        saved=_("The draft decision was saved."),
        back=lambda result: result.get_absolute_url(),
    )


@login_required
@require_GET
def decision_pdf(request, pk):
    """The decision laid out for signature; always in Polish, the language of the document."""
    decision = get_object_or_404(_decisions(request), pk=pk)
    require_perm(request.user, "work.view_decision", decision)
    log_access(
        user=request.user, persons=[decision.case.person], route=route_of(request), what="decision PDF"
    )
    with translation.override("pl"):
        html = render_to_string("work/pdf/decision.html", {"decision": decision, "case": decision.case})
    name = (decision.number or f"projekt-{decision.pk}").replace("/", "-")
    return pdf_response(request, html, f"decyzja-{name}.pdf")


def _case(request, pk) -> Case:
    return get_object_or_404(scope_cases(Case.objects.select_related("person"), request.user), pk=pk)


def _record(request, case: Case, record, saved: str):
    try:
        record()
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, saved)
    return redirect("work:case_detail", pk=case.pk)


@login_required
@require_POST
def case_delivery(request, pk):
    case = _case(request, pk)
    form = DeliveryForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect("work:case_detail", pk=case.pk)
    return _record(
        request,
        case,
        lambda: services.case_record_delivery(
            actor=request.user,
            case=case,
            method=form.cleaned_data["method"],
            delivered_on=form.cleaned_data["delivered_on"],
            notice_on=form.cleaned_data["notice_on"],
        ),
        _("The delivery was recorded; the appeal deadline runs from it."),
    )


@login_required
@require_POST
def case_appeal(request, pk, kind):
    case = _case(request, pk)
    form = AppealDayForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the day."))
        return redirect("work:case_detail", pk=case.pk)
    service = services.case_waive_appeal if kind == "zrzeczenie" else services.case_record_appeal
    saved = (
        _("The waiver of the appeal was recorded.") if kind == "zrzeczenie" else _("The appeal was recorded.")
    )
    return _record(
        request, case, lambda: service(actor=request.user, case=case, on=form.cleaned_data["on"]), saved
    )


def case_decision_context(request, case: Case) -> dict:
    """What the case page shows of its decision and the forms of the steps after issue."""
    decision = services.current_decision(case)
    watching = (
        decision is not None
        and decision.issued_on is not None
        and case.tasks.active().filter(kind__code="appeal_watch").exists()
    )
    today = timezone.localdate()
    open_to_appeal = (
        watching and decision.delivered_on and not decision.appeal_lodged_on and not decision.final_on
    )
    return {
        "decision": decision,
        "delivery_form": DeliveryForm(initial={"delivered_on": today}, auto_id="delivery_%s")
        if watching and not decision.delivered_on
        else None,
        # Two small forms with the same field: their own ids keep the page's ids unique.
        "appeal_form": AppealDayForm(initial={"on": today}, auto_id="appeal_%s") if open_to_appeal else None,
        "waiver_form": AppealDayForm(initial={"on": today}, auto_id="waiver_%s") if open_to_appeal else None,
    }
