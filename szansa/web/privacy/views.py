"""Data-protection pages: the retention review, the retention rules, the register of data-subject
requests and a person's rights (their retention, their requests, their copy of their data).

Thin views over szansa.domain.privacy; every page that shows people writes its access-log entries
(the paged lists for the people of the page shown), the copy of the data through `subject_access`."""

import datetime

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from szansa.domain.people import selectors as people_selectors
from szansa.domain.privacy import enums, selectors, services
from szansa.domain.privacy.consents import consent_states
from szansa.domain.privacy.filters import RetentionReviewFilter, SubjectRequestFilter, requests_visible_to
from szansa.domain.privacy.models import RetentionReview, SubjectRequest
from szansa.domain.privacy.subject_access import archive, subject_access
from szansa.lib.access_log import log_access, route_of
from szansa.lib.views import file_response, form_page, pdf_response, posted, require_perm
from szansa.web.privacy.forms import (
    RequestAnswerForm,
    ReviewDecisionForm,
    SubjectRequestForm,
)

PAGE_SIZE = 50


def _today() -> datetime.date:
    return timezone.localdate()


@login_required
@require_GET
def review_list(request):
    require_perm(request.user, "privacy.view_retention")
    reviews = selectors.retention_reviews(user=request.user)
    filters = RetentionReviewFilter(request.GET, queryset=reviews)
    page = Paginator(filters.qs if filters.is_valid() else reviews, PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    log_access(
        user=request.user,
        persons=[review.person for review in page],
        route=route_of(request),
        what="retention review",
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "privacy/review_list.html",
        {
            "reviews": page,
            "page": page,
            "query": query.urlencode(),
            "filters": filters,
            "filtered": bool(query),
            "may_decide": request.user.has_perm("privacy.decide_retention"),
            "batches": selectors.anonymisation_batches(),
            "grace_days": services.grace_days(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def review_decide(request, pk):
    require_perm(request.user, "privacy.decide_retention")
    review = get_object_or_404(RetentionReview.objects.select_related("person"), pk=pk)
    log_access(user=request.user, persons=[review.person], route=route_of(request), what="retention review")
    form = ReviewDecisionForm(posted(request))

    def save():
        if form.cleaned_data["decision"] == ReviewDecisionForm.APPROVE:
            return services.retention_review_approve(actor=request.user, review=review, on=_today())
        return services.retention_review_keep(
            actor=request.user, review=review, on=_today(), reason=form.cleaned_data["reason"]
        )

    return form_page(
        request,
        form,
        template="privacy/review_decide.html",
        context={"review": review, "grace_days": services.grace_days()},
        save=save,
        saved=_("The decision has been recorded."),
        back=reverse("privacy:review_list"),
        field="reason",
    )


@login_required
@require_GET
def rules(request):
    require_perm(request.user, "privacy.view_retention")
    return render(request, "privacy/rules.html", {"rules": selectors.retention_rules()})


@login_required
@require_GET
def request_list(request):
    require_perm(request.user, "privacy.view_requests")
    requests = requests_visible_to(request.user)
    filters = SubjectRequestFilter(request.GET, queryset=requests)
    page = Paginator(filters.qs if filters.is_valid() else requests, PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    log_access(
        user=request.user,
        persons=[item.person for item in page],
        route=route_of(request),
        what="data-subject requests",
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "privacy/request_list.html",
        {
            "requests": page,
            "page": page,
            "query": query.urlencode(),
            "filters": filters,
            "filtered": bool(query),
            "today": _today(),
            "may_manage": _may_manage(request),
        },
    )


def _may_manage(request) -> bool:
    return request.user.has_perm("privacy.manage_requests")


def _person(request, pk):
    """A person the user may see (else 404), for a user who may read the request register (else 403)."""
    person = people_selectors.person_get(user=request.user, pk=pk)
    require_perm(request.user, "privacy.view_requests")
    return person


@login_required
@require_GET
def person_rights(request, pk):
    person = _person(request, pk)
    retention = selectors.retention_of(person)
    route = route_of(request)
    requests = selectors.subject_requests(user=request.user, route=route, person=person)
    log_access(user=request.user, persons=[person], route=route, what="retention")
    return render(
        request,
        "privacy/person_rights.html",
        {
            "person": person,
            "retention": retention,
            "consents": consent_states(person, _today()),
            "requests": requests,
            "today": _today(),
            "may_manage": _may_manage(request),
            "may_export": request.user.has_perm("privacy.export_subject_data", person),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def request_add(request, pk):
    person = _person(request, pk)
    require_perm(request.user, "privacy.manage_requests")
    form = SubjectRequestForm(
        posted(request), instance=SubjectRequest(person=person), initial={"received_on": _today()}
    )
    return form_page(
        request,
        form,
        template="privacy/request_form.html",
        context={"person": person, "title": _("Record a request")},
        save=lambda: services.subject_request_record(actor=request.user, request=form.instance),
        saved=_("The request has been recorded."),
        back=reverse("privacy:person_rights", args=[person.pk]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def request_answer(request, pk):
    require_perm(request.user, "privacy.manage_requests")
    subject_request = get_object_or_404(
        SubjectRequest.objects.select_related("person").filter(status=enums.RequestStatus.OPEN), pk=pk
    )
    person = people_selectors.person_get(user=request.user, pk=subject_request.person_id)
    log_access(user=request.user, persons=[person], route=route_of(request), what="data-subject request")
    ground = ""
    if subject_request.kind == enums.RequestKind.ERASURE:
        ground = services.erasure_refusal_ground(person, _today())
    form = RequestAnswerForm(posted(request), initial={"answered_on": _today()})

    def save():
        return services.subject_request_answer(
            actor=request.user, request=subject_request, **form.cleaned_data
        )

    return form_page(
        request,
        form,
        template="privacy/request_answer.html",
        context={"person": person, "subject_request": subject_request, "ground": ground},
        save=save,
        saved=_("The answer has been recorded."),
        back=reverse("privacy:person_rights", args=[person.pk]),
        field="status",
    )


def _copy_for(request, pk, what: str):
    person = people_selectors.person_get(user=request.user, pk=pk)
    if not request.user.has_perm("privacy.export_subject_data", person):
        raise PermissionDenied
    return person, subject_access(user=request.user, person=person, route=route_of(request), what=what)


@login_required
@require_GET
def subject_access_pdf(request, pk):
    person, sections = _copy_for(request, pk, "copy of the data (PDF)")
    html = render_to_string(
        "privacy/subject_access_pdf.html",
        {"person": person, "sections": sections, "today": _today()},
        request,
    )
    return pdf_response(request, html, f"dane-osoby-{person.pk}.pdf")


@login_required
@require_GET
def subject_access_zip(request, pk):
    person, sections = _copy_for(request, pk, "copy of the data (ZIP)")
    return file_response(
        archive(sections, made_on=_today()), "application/zip", f"dane-osoby-{person.pk}.zip"
    )
