"""Pages of internships and outcomes (included under /wsparcie/, app "support"). Thin views: parse the
request, call szansa.domain.support.internships / outcomes, render.

Scoping: a participant comes from the recruitment scope and an internship from the internships of the
participants in that scope (out of scope => 404); actions then check the `rules` permission
(visible but not allowed => 403), and the services check it again. A page that shows one participant's
data writes an access-log entry on the person, like opening the person's file.
"""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from szansa.domain.people.selectors import person_file_open
from szansa.domain.recruitment import selectors as recruitment_selectors
from szansa.domain.recruitment.access import scope_participants
from szansa.domain.recruitment.models import Participant
from szansa.domain.support import enums
from szansa.domain.support.internships import selectors as internship_selectors
from szansa.domain.support.internships import services as internship_services
from szansa.domain.support.internships.filters import InternshipFilter
from szansa.domain.support.models import Activity, ActivityParticipant, InternshipMonth, Outcome
from szansa.domain.support.outcomes import rules as outcome_rules
from szansa.domain.support.outcomes import selectors as outcome_selectors
from szansa.domain.support.outcomes import services as outcome_services
from szansa.domain.support.outcomes.filters import OutcomeFilter
from szansa.lib.access_log import route_of
from szansa.lib.views import pdf_response, require_perm
from szansa.web.support.forms.outcomes import InternshipForm, InternshipMonthForm, OutcomeForm
from szansa.web.support.pdf import internships as pdf_internships
from szansa.web.support.views.plans import paged_list


def _participant_for(request, pk, perm: str = "support.view_path") -> Participant:
    participant = recruitment_selectors.participant_get(user=request.user, pk=pk)
    require_perm(request.user, perm, participant)
    return participant


def _internship_for(request, pk):
    internship = get_object_or_404(internship_selectors.internship_list(user=request.user), pk=pk)
    require_perm(request.user, "support.view_path", internship)
    return internship


def _log_read(request, participant) -> None:
    person_file_open(user=request.user, pk=participant.person_id, route=route_of(request))


# --- internships -------------------------------------------------------------------------------------------


@login_required
@require_GET
def internship_list(request):
    """Internships of the participants the user sees, filtered like /api/v1/internships/."""
    return paged_list(
        request,
        internship_selectors.internship_list(user=request.user).order_by("starts_on", "pk"),
        InternshipFilter,
        template="support/internship_list.html",
        what="internships",
        person_of=lambda internship: internship.participant.person,
    )


def _internship_page(request, internship, month_form=None):
    _log_read(request, internship.participant)
    can_record = request.user.has_perm("support.record_attendance", internship.activity)
    summary = internship_selectors.internship_summary(internship)
    if can_record and month_form is None:
        recorded = {row["record"].month for row in summary["months"]}
        pending = [m for m in internship_selectors.internship_months(internship) if m not in recorded]
        initial = {"month": f"{pending[0]:%Y-%m}"} if pending else {}
        month_form = InternshipMonthForm(internship=internship, initial=initial)
    context = {
        "internship": internship,
        "participant": internship.participant,
        "person": internship.participant.person,
        "summary": summary,
        "can_record": can_record,
        "month_form": month_form,
    }
    return render(request, "support/internship_detail.html", context)


@login_required
@require_GET
def internship_detail(request, pk):
    return _internship_page(request, _internship_for(request, pk))


@login_required
@require_POST
def internship_month(request, pk):
    internship = _internship_for(request, pk)
    require_perm(request.user, "support.record_attendance", internship.activity)
    form = InternshipMonthForm(request.POST, internship=internship)
    if form.is_valid():
        data = form.cleaned_data
        try:
            internship_services.internship_month_record(
                actor=request.user,
                internship=internship,
                month=data["month"],
                hours_scheduled=data["hours_scheduled"],
                hours_excused=data["hours_excused"],
                hours_unexcused=data["hours_unexcused"],
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The month is recorded and its stipend computed."))
            return redirect("support:internship", pk=internship.pk)
    return _internship_page(request, internship, month_form=form)


@login_required
@require_GET
def internship_timesheet(request, pk, month):
    internship = _internship_for(request, pk)
    try:
        first = datetime.datetime.strptime(month, "%Y-%m").date()
    except ValueError as exc:
        raise Http404 from exc
    record = get_object_or_404(
        InternshipMonth.objects.select_related("internship"), internship=internship, month=first
    )
    record.internship = internship
    _log_read(request, internship.participant)
    html = pdf_internships.timesheet_html(record, today=datetime.date.today())
    return pdf_response(request, html, pdf_internships.timesheet_filename(record))


@login_required
@require_http_methods(["GET", "POST"])
def internship_create(request, pk):
    participant = recruitment_selectors.participant_get(user=request.user, pk=pk)
    require_perm(request.user, "support.manage_activity", participant.project)
    activities = Activity.objects.filter(
        project=participant.project, form__delivery=enums.Delivery.INTERNSHIP
    ).order_by("starts_on", "pk")
    posted = request.POST if request.method == "POST" else None
    form = InternshipForm(posted, activities=activities, initial={"hours_per_month": 160})
    if posted is not None and form.is_valid():
        try:
            internship = internship_services.internship_create(
                actor=request.user, participant=participant, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The internship is recorded."))
            return redirect("support:internship", pk=internship.pk)
    context = {
        "form": form,
        "participant": participant,
        "title": _("New internship of %(person)s") % {"person": participant.person.full_name},
        "back": _outcomes_url(participant),
        "correct_url": _correct_url(request, form, participant),
    }
    return render(request, "support/internship_form.html", context)


# --- outcomes ----------------------------------------------------------------------------------------------


def _correct_url(request, form, participant) -> str:
    """After a refusal, the correction form of the participation's dates (a date may be what blocks the
    step, docs/recruitment.md#dates), for whoever may correct them."""
    if form.errors and request.user.has_perm("recruitment.manage", participant):
        return reverse("recruitment:participant_correct", args=[participant.pk])
    return ""


def _outcomes_url(participant) -> str:
    return reverse("support:outcomes", args=[participant.pk])


@login_required
@require_GET
def outcome_register(request):
    """Outcomes of the participants the user sees, filtered like /api/v1/outcomes/."""
    participants = scope_participants(Participant.objects.all(), request.user)
    return paged_list(
        request,
        Outcome.objects.filter(participant__in=participants)
        .select_related("participant__person", "participant__project")
        .order_by("achieved_on", "pk"),
        OutcomeFilter,
        template="support/outcome_register.html",
        what="outcomes",
        person_of=lambda outcome: outcome.participant.person,
    )


@login_required
@require_GET
def outcome_list(request, pk):
    participant = _participant_for(request, pk)
    _log_read(request, participant)
    rows = [
        {
            "outcome": outcome,
            "within_4_weeks": outcome_rules.within_4_weeks(outcome),
            "within_window": outcome_rules.within_effectiveness_window(outcome),
            "employment": outcome_rules.counts_as_employment(outcome),
            "social_progress": outcome_rules.counts_as_social_progress(outcome),
        }
        for outcome in outcome_selectors.outcomes_of(participant)
    ]
    context = {
        "participant": participant,
        "person": participant.person,
        "rows": rows,
        "internships": participant.internships.select_related("activity").order_by("starts_on"),
        "can_record": request.user.has_perm("support.approve_path", participant),
        "can_place": request.user.has_perm("support.manage_activity", participant.project),
    }
    return render(request, "support/outcome_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def outcome_create(request, pk):
    participant = _participant_for(request, pk, perm="support.approve_path")
    posted = request.POST if request.method == "POST" else None
    initial = {"achieved_on": participant.end_date or datetime.date.today()}
    form = OutcomeForm(posted, initial=initial)
    if posted is not None and form.is_valid():
        data = form.cleaned_data
        try:
            outcome_services.outcome_record(actor=request.user, participant=participant, **data)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The outcome is recorded."))
            return redirect("support:outcomes", pk=participant.pk)
    context = {
        "form": form,
        "participant": participant,
        "title": _("Outcome of %(person)s") % {"person": participant.person.full_name},
        "back": _outcomes_url(participant),
        "correct_url": _correct_url(request, form, participant),
    }
    return render(request, "support/outcome_form.html", context)


@login_required
@require_POST
def outcome_from_exam(request, member_pk):
    """Record the qualification a passed exam gives (the button the activity page may offer)."""
    visible = scope_participants(Participant.objects.all(), request.user)
    member = get_object_or_404(
        ActivityParticipant.objects.select_related("activity__form", "participant").filter(
            participant__in=visible
        ),
        pk=member_pk,
    )
    require_perm(request.user, "support.approve_path", member.participant)
    try:
        outcome_services.qualification_from_exam(actor=request.user, member=member)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The qualification is recorded as an outcome."))
    return redirect("support:outcomes", pk=member.participant_id)


urlpatterns = [
    path("staze/", internship_list, name="internship_list"),
    path("rezultaty/", outcome_register, name="outcome_register"),
    path("staz/<int:pk>/", internship_detail, name="internship"),
    path("staz/<int:pk>/miesiac/", internship_month, name="internship_month"),
    path("staz/<int:pk>/karta/<str:month>/", internship_timesheet, name="internship_timesheet"),
    path("uczestnik/<int:pk>/staz/", internship_create, name="internship_create"),
    path("uczestnik/<int:pk>/rezultat/", outcome_create, name="outcome_create"),
    path("uczestnik/<int:pk>/rezultaty/", outcome_list, name="outcomes"),
    path("kwalifikacja/<int:member_pk>/", outcome_from_exam, name="outcome_from_exam"),
]
