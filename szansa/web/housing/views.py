"""Sheltered-housing pages. Thin views: parse the request, call selectors/services, render.

Apartments and stays are loaded through the housing scope (out of scope => 404); actions then check
the `rules` permission of housing.access on the stay (visible but not allowed => 403), and the
services check it again. A resident's name appears on the board only for stays the user may see.
Reading a stay's page or downloading a resident's document writes an access-log entry on the person.
"""

import datetime

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import DecimalField, F, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from szansa.domain.accounts.enums import Role
from szansa.domain.housing import access, selectors, services
from szansa.domain.housing.access import scope_stays
from szansa.domain.housing.enums import ServiceScope, SupportKind
from szansa.domain.housing.filters import ApartmentFilter, StatementFilter, StayFilter
from szansa.domain.housing.models import (
    FeeDecision,
    FeeExemption,
    MonthlyStatement,
    Place,
    Stay,
    SupportPlan,
    Visit,
)
from szansa.domain.people.access import scope_persons
from szansa.domain.people.models import Person
from szansa.lib.access_log import log_access, route_of
from szansa.lib.money import format_pln
from szansa.lib.views import form_page, pdf_response, posted, require_perm
from szansa.web.housing import pdf
from szansa.web.housing.forms import (
    FeeDecisionForm,
    FeeExemptionForm,
    PaymentForm,
    StatementsForm,
    StayEndForm,
    StayExtendForm,
    StayReferForm,
    SupportPlanForm,
    VisitForm,
)

PAGE_SIZE = 50


def _filtered_page(request, filterset_class, queryset):
    """A list filtered and sorted by its FilterSet (the one its API uses), paged in the database: the
    filters, the page, the query string without the page (kept in the pager links) and whether any
    filter is set. An invalid filter leaves the list whole and shows the error in the form."""
    filters = filterset_class(request.GET or None, queryset=queryset)
    rows = filters.qs if filters.is_bound and filters.is_valid() else filters.queryset
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return filters, page, query


def _month(text: str | None, default: datetime.date) -> datetime.date:
    try:
        return datetime.datetime.strptime(text or "", "%Y-%m").date()
    except ValueError:
        return default


def _day(text: str | None, default: datetime.date) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text or "")
    except ValueError:
        return default


def _shift(month: datetime.date, months: int) -> datetime.date:
    index = month.year * 12 + month.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


@login_required
@require_GET
def occupancy_board(request):
    today = datetime.date.today()
    first = _month(request.GET.get("od"), _shift(today.replace(day=1), -5))
    months = [_shift(first, n) for n in range(6)]
    # the apartments paged in the database, filtered and sorted like /api/v1/apartments/
    filters, page, query = _filtered_page(
        request, ApartmentFilter, selectors.apartment_list(user=request.user)
    )
    on_page = [apartment.pk for apartment in page]
    apartments = selectors.apartment_list(user=request.user).filter(pk__in=on_page)
    board = selectors.occupancy(user=request.user, months=months, apartments=apartments)
    board.apartments.sort(key=lambda flat: on_page.index(flat.apartment.pk))
    visible = set(scope_stays(Stay.objects.all(), request.user).values_list("pk", flat=True))
    months_query = request.GET.copy()
    months_query.pop("od", None)
    return render(
        request,
        "housing/occupancy_board.html",
        {
            "board": board,
            "page": page,
            "filters": filters,
            "query": query.urlencode(),
            "filtered": any(key not in ("od", "page") for key in query),
            "months_query": months_query.urlencode(),
            "visible_stays": visible,
            "previous": _shift(first, -6),
            "next": _shift(first, 6),
            "ending": selectors.stays_ending_within(user=request.user, on=today),
            "today": today,
        },
    )


@login_required
@require_GET
def apartment_detail(request, pk):
    apartment = selectors.apartment_get(user=request.user, pk=pk)
    on = _day(request.GET.get("dzien"), datetime.date.today())
    stays = selectors.stay_list(user=request.user).filter(place__room__apartment=apartment).on(on)
    return render(
        request,
        "housing/apartment_detail.html",
        {
            "apartment": apartment,
            "on": on,
            "check": selectors.standards_check(apartment, on),
            "kinds": apartment.kind_periods.order_by("valid_from"),
            "rooms": apartment.rooms.prefetch_related("places"),
            "stays": stays.order_by("place__room__name", "place__label"),
            "can_refer": referable_persons(request.user).exists(),
        },
    )


@login_required
@require_GET
def stay_list(request):
    """The stays the user may see, filtered and sorted like /api/v1/stays/ (housing.filters.StayFilter)."""
    stays = selectors.stay_list(user=request.user)
    filters, page, query = _filtered_page(request, StayFilter, stays)
    log_access(
        user=request.user, persons=[stay.person for stay in page], route=route_of(request), what="stays"
    )
    context = {
        "stays": page,
        "page": page,
        "filters": filters,
        "query": query.urlencode(),
        "filtered": bool(query),
        "any_visible": bool(page.object_list) or stays.exists(),
        "today": datetime.date.today(),
    }
    return render(request, "housing/stay_list.html", context)


# --- stays: forms through the services ---------------------------------------------------------------------


def _stay_for(request, pk, perm: str = "housing.view_stay") -> Stay:
    """A stay in the user's housing scope (else 404) on which the user holds `perm` (else 403)."""
    stay = selectors.stay_get(user=request.user, pk=pk)
    require_perm(request.user, perm, stay)
    return stay


def referable_persons(user):
    """People the user may refer: everyone visible to a manager, the own team's people to a social
    worker (the `housing.add_stay` rule; each choice is checked again by the form). Also the source of the
    referral form's person picker (szansa.web.people.picker)."""
    persons = (
        scope_persons(Person.objects.all(), user)
        .select_related("responsible_worker")
        .order_by("last_name", "first_name", "pk")
    )
    if access.changes_all(user):
        return persons
    if Role.SOCIAL_WORKER in user.roles and user.team_id:
        return persons.filter(responsible_worker__team_id=user.team_id)
    return persons.none()


@login_required
@require_http_methods(["GET", "POST"])
def stay_create(request, place_pk):
    place = get_object_or_404(
        Place.objects.filter(room__apartment__in=selectors.apartment_list(user=request.user)).select_related(
            "room__apartment"
        ),
        pk=place_pk,
    )
    persons = referable_persons(request.user)
    if not persons.exists():
        raise PermissionDenied
    apartment = place.room.apartment
    places = Place.objects.filter(room__apartment=apartment)
    initial = {"place": place.pk, "planned_start": datetime.date.today()}
    form = StayReferForm(posted(request), user=request.user, persons=persons, places=places, initial=initial)
    return form_page(
        request,
        form,
        template="housing/form.html",
        context={
            "title": _("Referral to a place in %(apartment)s") % {"apartment": apartment},
            "apartment": apartment,
        },
        save=lambda: services.stay_refer(actor=request.user, stay=form.instance),
        saved=_("The referral has been recorded."),
        back=lambda stay: stay.get_absolute_url(),
        cancel=reverse("housing:occupancy_board"),
    )


@login_required
@require_GET
def stay_detail(request, pk):
    stay = _stay_for(request, pk)
    user = request.user
    log_access(user=user, persons=[stay.person], route=route_of(request), what=f"stay {stay.pk}")
    can_view_support = user.has_perm("housing.view_support", stay)
    can_view_fees = user.has_perm("housing.view_fees", stay)
    context = {
        "stay": stay,
        "apartment": stay.place.room.apartment,
        "extensions": stay.extensions.order_by("decision_date", "pk"),
        "can_view_person": user.has_perm("people.view_person", stay.person),
        "can_change": user.has_perm("housing.change_stay", stay),
        "can_change_support": user.has_perm("housing.change_support", stay),
        "can_log_visit": user.has_perm("housing.log_visit", stay),
        "can_manage_fees": user.has_perm("housing.manage_fees", stay),
        "can_grant_exemption": user.has_perm("housing.grant_exemption", stay),
        "can_view_support": can_view_support,
        "can_view_fees": can_view_fees,
        "can_download_decision": can_view_fees or user.has_perm("housing.change_stay", stay),
        "ended": stay.actual_end is not None,
    }
    if can_view_support:
        plan = SupportPlan.objects.filter(stay=stay).prefetch_related("items").first()
        context.update(
            plan=plan,
            visit_months=[
                {**row, "kind_label": SupportKind(row["kind"]).label}
                for row in selectors.visits_per_resident_month([stay])
            ],
            visits=stay.visits.select_related("specialist").order_by("-date", "-pk"),
        )
    if can_view_fees:
        context.update(
            **_statement_page(request, stay),
            arrears=selectors.arrears(stay),
            exemptions=stay.exemptions.select_related("ground").order_by("valid_from"),
            fee_decisions=stay.fee_decisions.order_by("effective_from", "decision_date", "pk"),
        )
    return render(request, "housing/stay_detail.html", context)


def _statement_page(request, stay):
    """The stay's monthly statements, filtered, sorted and paged (the page's only list), each with the
    arrears to date: fees due less payments of its month and all earlier months, whatever the filter."""
    to_date = (
        MonthlyStatement.objects.filter(stay=stay, month__lte=OuterRef("month"))
        .order_by()
        .values("stay")
        .annotate(total=Sum(F("fee_due") - F("paid_amount")))
        .values("total")
    )
    money = DecimalField(max_digits=12, decimal_places=2)
    statements = (
        stay.statements.select_related("fee_table")
        .prefetch_related("fee_table__bands")
        .annotate(running=Coalesce(Subquery(to_date, output_field=money), Value(0, output_field=money)))
        .order_by("month", "pk")
    )
    filters, page, query = _filtered_page(request, StatementFilter, statements)
    return {
        "statement_filters": filters,
        "statements": page,
        "page": page,
        "query": query.urlencode(),
        "statements_filtered": bool(query),
        "statements_exist": stay.statements.exists(),
    }


@login_required
@require_http_methods(["GET", "POST"])
def stay_extend(request, pk):
    stay = _stay_for(request, pk, "housing.change_stay")
    form = StayExtendForm(posted(request))
    return form_page(
        request,
        form,
        template="housing/form.html",
        context={"title": _("Extend the stay of %(name)s") % {"name": stay.person.full_name}, "stay": stay},
        save=lambda: services.stay_extend(actor=request.user, stay=stay, **form.cleaned_data),
        saved=_("The stay has been extended."),
        back=stay.get_absolute_url(),
    )


@login_required
@require_http_methods(["GET", "POST"])
def stay_end(request, pk):
    stay = _stay_for(request, pk, "housing.change_stay")
    form = StayEndForm(posted(request), initial={"on": datetime.date.today()})
    return form_page(
        request,
        form,
        template="housing/form.html",
        context={"title": _("End the stay of %(name)s") % {"name": stay.person.full_name}, "stay": stay},
        save=lambda: services.stay_end(actor=request.user, stay=stay, **form.cleaned_data),
        saved=_("The end of the stay has been recorded."),
        back=stay.get_absolute_url(),
    )


@login_required
@require_http_methods(["GET", "POST"])
def visit_create(request, pk):
    stay = _stay_for(request, pk, "housing.log_visit")
    form = VisitForm(posted(request), instance=Visit(stay=stay, specialist=request.user))
    return form_page(
        request,
        form,
        template="housing/form.html",
        context={"title": _("Log a visit to %(name)s") % {"name": stay.person.full_name}, "stay": stay},
        save=lambda: services.visit_log(actor=request.user, visit=form.instance),
        saved=_("The visit has been logged."),
        back=f"{stay.get_absolute_url()}#visits",
    )


@login_required
@require_http_methods(["GET", "POST"])
def support_plan_edit(request, pk):
    stay = _stay_for(request, pk, "housing.change_support")
    plan = SupportPlan.objects.filter(stay=stay).first() or SupportPlan(
        stay=stay, drawn_up_on=datetime.date.today()
    )
    form = SupportPlanForm(posted(request), instance=plan)
    return form_page(
        request,
        form,
        template="housing/form.html",
        context={"title": _("Support plan of %(name)s") % {"name": stay.person.full_name}, "stay": stay},
        save=lambda: services.support_plan_save(actor=request.user, plan=form.instance, hours=form.hours()),
        saved=_("The support plan has been saved."),
        back=f"{stay.get_absolute_url()}#support",
    )


@login_required
@require_http_methods(["GET", "POST"])
def payment_create(request, pk):
    stay = _stay_for(request, pk, "housing.manage_fees")
    form = PaymentForm(posted(request), stay=stay, initial={"on": datetime.date.today()})
    return form_page(
        request,
        form,
        template="housing/form.html",
        context={
            "title": _("Record a fee payment of %(name)s") % {"name": stay.person.full_name},
            "stay": stay,
        },
        save=lambda: services.payment_record(actor=request.user, **form.cleaned_data),
        saved=_("The payment has been recorded."),
        back=f"{stay.get_absolute_url()}#fees",
    )


@login_required
@require_http_methods(["GET", "POST"])
def fee_decision_create(request, pk):
    """Record the fee of the referral decision, or of a decision changing it; the council's table
    proposes the amount from the income of the month of the decision (the user may change it)."""
    stay = _stay_for(request, pk, "housing.manage_fees")
    today = datetime.date.today()
    initial = {"decision_date": today, "effective_from": max(today, stay.planned_start)}
    hints = []
    try:
        for scope in ServiceScope:
            proposal = services.fee_propose(stay, today, scope=scope)
            initial.setdefault("monthly_fee", proposal.monthly_fee)
            hints.append(
                _("For %(scope)s the council's table proposes %(fee)s (%(how)s).")
                % {"scope": scope.label, "fee": format_pln(proposal.monthly_fee), "how": proposal.explanation}
            )
    except ValidationError as error:
        hints.append(" ".join(error.messages))
    hint = " ".join(hints)
    form = FeeDecisionForm(posted(request), instance=FeeDecision(stay=stay), initial=initial)
    return form_page(
        request,
        form,
        template="housing/form.html",
        context={
            "title": _("Fee set by a decision for %(name)s") % {"name": stay.person.full_name},
            "stay": stay,
            "intro": hint,
        },
        save=lambda: services.fee_decision_record(actor=request.user, decision=form.instance),
        saved=_("The fee decision has been recorded. Regenerate the statements of the months it covers."),
        back=f"{stay.get_absolute_url()}#fees",
    )


@login_required
@require_http_methods(["GET", "POST"])
def exemption_create(request, pk):
    stay = _stay_for(request, pk, "housing.grant_exemption")
    form = FeeExemptionForm(posted(request), instance=FeeExemption(stay=stay))
    return form_page(
        request,
        form,
        template="housing/form.html",
        context={
            "title": _("Fee exemption for %(name)s") % {"name": stay.person.full_name},
            "stay": stay,
            "intro": _("Regenerate the statements of the months the exemption covers."),
        },
        save=lambda: services.exemption_grant(actor=request.user, exemption=form.instance),
        saved=_("The exemption has been granted."),
        back=f"{stay.get_absolute_url()}#fees",
    )


@login_required
@require_http_methods(["GET", "POST"])
def statements_create(request, pk):
    stay = _stay_for(request, pk, "housing.manage_fees")
    form = StatementsForm(posted(request), initial={"until": datetime.date.today()})
    return form_page(
        request,
        form,
        template="housing/form.html",
        context={
            "title": _("Monthly fee statements of %(name)s") % {"name": stay.person.full_name},
            "stay": stay,
        },
        save=lambda: services.statements_generate(
            actor=request.user, stay=stay, until=form.cleaned_data["until"]
        ),
        saved=_("The monthly statements have been generated."),
        back=f"{stay.get_absolute_url()}#fees",
    )


# --- documents (PDF) ---------------------------------------------------------------------------------------


def _pdf_response(request, stay, html: str, filename: str, what: str) -> HttpResponse:
    """A resident's document as a PDF download; the read is access-logged on the resident."""
    log_access(
        user=request.user, persons=[stay.person], route=route_of(request), what=f"stay {stay.pk} {what}"
    )
    return pdf_response(request, html, filename)


@login_required
@require_GET
def decision_pdf(request, pk):
    stay = _stay_for(request, pk)
    if not (
        request.user.has_perm("housing.view_fees", stay) or request.user.has_perm("housing.change_stay", stay)
    ):
        raise PermissionDenied
    html = pdf.decision_html(stay, today=datetime.date.today())
    return _pdf_response(request, stay, html, pdf.filename("decision", stay), "decision")


@login_required
@require_GET
def agreement_pdf(request, pk):
    stay = _stay_for(request, pk)
    if not (
        request.user.has_perm("housing.view_fees", stay) or request.user.has_perm("housing.change_stay", stay)
    ):
        raise PermissionDenied
    html = pdf.agreement_html(stay, today=datetime.date.today())
    return _pdf_response(request, stay, html, pdf.filename("agreement", stay), "agreement")


@login_required
@require_GET
def statement_pdf(request, pk, statement_pk):
    stay = _stay_for(request, pk, "housing.view_fees")
    statement = get_object_or_404(MonthlyStatement, stay=stay, pk=statement_pk)
    html = pdf.statement_html(statement, arrears=selectors.arrears(stay), today=datetime.date.today())
    filename = pdf.filename("statement", stay, statement.month)
    return _pdf_response(request, stay, html, filename, f"statement {statement.month:%Y-%m}")
