"""Pages of activities, sessions, attendance and calendars. Thin views: parse the request, call
szansa.domain.support.activities (services and selectors), render.

Activities and sessions are loaded through `activity_list` / `session_list` (out of scope => 404);
actions then check the `rules` permission (visible but not allowed => 403) and the services check it
again. Member names are shown to whoever records attendance and otherwise only for participants the
user may see in the registry. Pages about one participant (their calendar, their certificate) write an
access-log entry on the person.
"""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from szansa.domain.projects.access import scope_projects
from szansa.domain.projects.models import Project
from szansa.domain.support import calendar
from szansa.domain.support.activities import selectors as activity_selectors
from szansa.domain.support.activities import services as activity_services
from szansa.domain.support.activities.filters import ActivityFilter, SessionFilter
from szansa.domain.support.enums import AttendanceStatus, Delivery
from szansa.domain.support.models import ActivityParticipant, Room
from szansa.lib.access_log import log_access, route_of
from szansa.lib.views import form_page, pdf_response, posted, require_perm
from szansa.web.support.forms.activities import (
    ActivityForm,
    AssignForm,
    ExamForm,
    SessionForm,
    WeeklySessionsForm,
)
from szansa.web.support.pdf import activities as pdf_activities


def _changeable_projects(user):
    projects = scope_projects(Project.objects.all(), user).order_by("-start", "number")
    return projects.filter(pk__in=[p.pk for p in projects if user.has_perm("support.manage_activity", p)])


# --- activities --------------------------------------------------------------------------------------------


PAGE_SIZE = 50  # rows per page of the activities and sessions lists


def _list_context(request, filters, queryset) -> dict:
    """One page of a filtered list, read from the database; the filters (without the page) kept for the
    pager. An invalid filter shows its message in the form and the whole list."""
    page = Paginator(filters.qs if filters.is_valid() else queryset, PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "page": page,
        "query": query.urlencode(),
        "filters": filters,
        "filtered": any(query.get(name) for name in filters.form.fields),
        # the empty state tells "nothing matches the filter" from "nothing you may see"
        "any_visible": page.paginator.count > 0 or queryset.exists(),
    }


@login_required
@require_GET
def activity_list(request):
    """The activities the user may see: filtered, sorted and paged like /api/v1/activities/."""
    visible = activity_selectors.activity_list(user=request.user)
    context = _list_context(request, ActivityFilter(request.GET, queryset=visible, request=request), visible)
    context.update(activities=context["page"], can_create=_changeable_projects(request.user).exists())
    return render(request, "support/activity_list.html", context)


@login_required
@require_GET
def session_list(request):
    """The sessions of the activities the user may see: filtered, sorted and paged like /api/v1/sessions/.
    The participant of an individual session is not named here (its activity's page names those the
    user may see)."""
    visible = activity_selectors.session_list(user=request.user).order_by("starts_at", "pk")
    context = _list_context(request, SessionFilter(request.GET, queryset=visible, request=request), visible)
    context.update(sessions=context["page"])
    return render(request, "support/session_list.html", context)


@login_required
@require_GET
def activity_detail(request, pk):
    activity = activity_selectors.activity_get(user=request.user, pk=pk)
    user = request.user
    members = activity_selectors.visible_members(user, activity)
    table = activity_selectors.attendance_table(activity, members)
    sessions = list(activity.sessions.select_related("room", "specialist", "participant__person"))
    visible_ids = {row.member.participant_id for row in table.rows}
    return render(
        request,
        "support/activity_detail.html",
        {
            "activity": activity,
            "table": table,
            "sessions": sessions,
            "visible_ids": visible_ids,
            "individual": activity.form.delivery == Delivery.INDIVIDUAL,
            "hours": activity_selectors.hours_delivered(activity, members)
            if activity.form.delivery == Delivery.INDIVIDUAL
            else [],
            "can_manage": user.has_perm("support.manage_activity", activity),
            "can_record": user.has_perm("support.record_attendance", activity),
            "now": timezone.now(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def activity_create(request):
    projects = _changeable_projects(request.user)
    if not projects.exists():
        raise PermissionDenied
    initial = {"project": request.GET.get("project")}
    form = ActivityForm(posted(request), projects=projects, initial=initial)
    return form_page(
        request,
        form,
        template="support/activity_form.html",
        context={"title": _("New activity")},
        save=lambda: activity_services.activity_create(actor=request.user, **form.cleaned_data),
        saved=_("The activity has been created."),
        back=lambda activity: activity.get_absolute_url(),
        cancel=reverse("support:activity_list"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def activity_edit(request, pk):
    activity = activity_selectors.activity_get(user=request.user, pk=pk)
    require_perm(request.user, "support.manage_activity", activity)
    projects = Project.objects.filter(pk=activity.project_id)
    initial = {
        name: getattr(activity, name)
        for name in ("project", "form", "title", "provider", "trainer", "specialist", "room", "place")
    }
    initial.update(
        capacity=activity.capacity,
        starts_on=activity.starts_on,
        ends_on=activity.ends_on,
        min_attendance=activity.min_attendance,
        ends_with_exam="yes" if activity.ends_with_exam else "no",
    )
    form = ActivityForm(posted(request), projects=projects, initial=initial)
    form.fields["project"].disabled = True

    def save():
        data = {k: v for k, v in form.cleaned_data.items() if k != "project"}
        return activity_services.activity_update(actor=request.user, activity=activity, **data)

    return form_page(
        request,
        form,
        template="support/activity_form.html",
        context={"title": _("Edit the activity %(title)s") % {"title": activity.title}, "activity": activity},
        save=save,
        saved=_("The activity has been saved."),
        back=activity.get_absolute_url(),
    )


def _assign(request, form, activity):
    """Assign; a refusal because of the participation's dates links to their correction form
    (docs/recruitment.md#dates) for whoever may correct them."""
    participant, on = form.cleaned_data["participant"], form.cleaned_data["on"]
    try:
        return activity_services.activity_assign(
            actor=request.user,
            activity=activity,
            participant=participant,
            on=on,
            planned_support=form.planned_support(),
        )
    except ValidationError:
        outside = on < participant.start_date or (participant.end_date and on > participant.end_date)
        if outside and request.user.has_perm("recruitment.manage", participant):
            form.correct_url = reverse("recruitment:participant_correct", args=[participant.pk])
        raise


@login_required
@require_http_methods(["GET", "POST"])
def activity_assign(request, pk):
    activity = activity_selectors.activity_get(user=request.user, pk=pk)
    require_perm(request.user, "support.manage_activity", activity)
    # Today while the activity runs; else its last (or, before it, its first) day, never a day outside it.
    day = timezone.localdate()
    if activity.ends_on and day > activity.ends_on:
        day = activity.ends_on
    if activity.starts_on and day < activity.starts_on:
        day = activity.starts_on
    form = AssignForm(posted(request), activity=activity, initial={"on": day})
    return form_page(
        request,
        form,
        template="support/activity_form.html",
        context={
            "title": _("Assign a participant to %(title)s") % {"title": activity.title},
            "activity": activity,
        },
        save=lambda: _assign(request, form, activity),
        saved=_("The participant has been assigned."),
        back=f"{activity.get_absolute_url()}#members",
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_create(request, pk):
    activity = activity_selectors.activity_get(user=request.user, pk=pk)
    require_perm(request.user, "support.manage_activity", activity)
    form = SessionForm(posted(request), activity=activity)
    return form_page(
        request,
        form,
        template="support/activity_form.html",
        context={
            "title": _("Schedule a session of %(title)s") % {"title": activity.title},
            "activity": activity,
        },
        save=lambda: activity_services.session_schedule(
            actor=request.user, activity=activity, **form.service_arguments()
        ),
        saved=_("The session has been scheduled."),
        back=f"{activity.get_absolute_url()}#schedule",
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_series(request, pk):
    activity = activity_selectors.activity_get(user=request.user, pk=pk)
    require_perm(request.user, "support.manage_activity", activity)
    form = WeeklySessionsForm(posted(request), activity=activity)
    return form_page(
        request,
        form,
        template="support/activity_form.html",
        context={
            "title": _("Schedule weekly sessions of %(title)s") % {"title": activity.title},
            "activity": activity,
        },
        save=lambda: activity_services.session_schedule_weekly(
            actor=request.user, activity=activity, **form.service_arguments()
        ),
        saved=_("The weekly sessions have been scheduled."),
        back=f"{activity.get_absolute_url()}#schedule",
    )


@login_required
@require_POST
def session_cancel(request, pk):
    session = activity_selectors.session_get(user=request.user, pk=pk)
    require_perm(request.user, "support.manage_activity", session.activity)
    try:
        activity_services.session_cancel(actor=request.user, session=session)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The session has been cancelled."))
    return redirect(f"{session.activity.get_absolute_url()}#schedule")


def _member(request, pk, member_pk) -> ActivityParticipant:
    activity = activity_selectors.activity_get(user=request.user, pk=pk)
    members = activity_selectors.visible_members(request.user, activity)
    return get_object_or_404(members, pk=member_pk)


@login_required
@require_http_methods(["GET", "POST"])
def exam_record(request, pk, member_pk):
    member = _member(request, pk, member_pk)
    activity = member.activity
    require_perm(request.user, "support.manage_activity", activity)
    initial = {
        "result": member.exam_result,
        "on": member.exam_on,
        "certificate_number": member.certificate_number,
    }
    form = ExamForm(posted(request), initial={k: v for k, v in initial.items() if v})
    return form_page(
        request,
        form,
        template="support/activity_form.html",
        context={
            "title": _("Exam of %(name)s") % {"name": member.participant.person.full_name},
            "activity": activity,
        },
        save=lambda: activity_services.exam_record(actor=request.user, member=member, **form.cleaned_data),
        saved=_("The exam result has been recorded."),
        back=f"{activity.get_absolute_url()}#members",
    )


# --- attendance --------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def attendance(request, pk):
    """The whole group on one page, one row per participant, saved with one POST (HTMX or not)."""
    session = activity_selectors.session_get(user=request.user, pk=pk)
    user = request.user
    can_record = user.has_perm("support.record_attendance", session)
    if request.method == "POST" and not can_record:
        raise PermissionDenied
    expected = activity_selectors.session_participant_ids(session)
    members = activity_selectors.visible_members(user, session.activity).filter(participant_id__in=expected)
    recorded = dict(session.attendance.values_list("participant_id", "status"))
    errors, saved = [], None
    if request.method == "POST":
        statuses = {}
        for member in members:
            value = request.POST.get(f"status-{member.participant_id}", "")
            if value:
                statuses[member.participant_id] = value
        try:
            saved = activity_services.attendance_set(actor=user, session=session, statuses=statuses)
        except ValidationError as error:
            errors = error.messages
            recorded.update(statuses)
        else:
            recorded = dict(session.attendance.values_list("participant_id", "status"))
            if not request.headers.get("HX-Request"):
                messages.success(request, _("Attendance has been saved (%(count)s).") % {"count": len(saved)})
                return redirect(reverse("support:attendance", args=[session.pk]))
    rows = [{"member": m, "status": recorded.get(m.participant_id, "")} for m in members]
    context = {
        "session": session,
        "activity": session.activity,
        "rows": rows,
        # the empty state tells "nobody assigned" from "assigned, but none of them visible to you"
        "expected_count": len(set(expected)),
        "statuses": AttendanceStatus.choices,
        "can_record": can_record,
        "errors": errors,
        "saved": saved,
        "future": timezone.localtime(session.starts_at).date() > timezone.localdate(),
    }
    template = (
        "support/session_attendance_form.html"
        if request.headers.get("HX-Request")
        else "support/attendance.html"
    )
    return render(request, template, context)


# --- calendars ---------------------------------------------------------------------------------------------


def _calendar(request, *, sessions, title, kind, subject, participant_pk=None, feed_url=None):
    typed = request.GET.get("week", "").strip()
    monday = calendar.parse_week(typed, timezone.localdate())
    # a date that cannot be read is said so beside the field, which keeps what was typed
    week_error = (
        _("“%(value)s” is not a date; enter it as a day of the calendar, e.g. %(example)s.")
        % {"value": typed, "example": formats.date_format(timezone.localdate(), "SHORT_DATE_FORMAT")}
        if typed and calendar.parse_week(typed, None) is None
        else ""
    )
    visible = set(activity_selectors.visible_participants(request.user).values_list("pk", flat=True))
    return render(
        request,
        "support/calendar.html",
        {
            "week": calendar.week(sessions, monday, participant_pk=participant_pk),
            "week_typed": typed if week_error else monday.isoformat(),
            "week_error": week_error,
            "title": title,
            "kind": kind,
            "subject": subject,
            "visible_participants": visible,
            "feed_url": feed_url,
            "specialists": get_user_model()
            .objects.filter(is_active=True, sessions__isnull=False)
            .distinct()
            .order_by("last_name", "username"),
            "rooms": Room.objects.all(),
        },
    )


@login_required
@require_GET
def calendar_index(request):
    return redirect(reverse("support:calendar_specialist", args=[request.user.pk]))


@login_required
@require_GET
def calendar_specialist(request, pk):
    specialist = get_object_or_404(get_user_model(), pk=pk)
    sessions = calendar.specialist_sessions(activity_selectors.session_list(user=request.user), specialist.pk)
    feed_url = None
    if specialist.pk == request.user.pk:
        feed_url = request.build_absolute_uri(
            reverse("support:calendar_feed", args=[specialist.pk, calendar.feed_token(specialist)])
        )
    return _calendar(
        request,
        sessions=sessions,
        title=_("Sessions of %(name)s") % {"name": specialist},
        kind="specialist",
        subject=specialist,
        feed_url=feed_url,
    )


@login_required
@require_GET
def calendar_room(request, pk):
    room = get_object_or_404(Room, pk=pk)
    sessions = calendar.room_sessions(activity_selectors.session_list(user=request.user), room.pk)
    return _calendar(request, sessions=sessions, title=str(room), kind="room", subject=room)


@login_required
@require_GET
def calendar_participant(request, pk):
    participant = get_object_or_404(
        activity_selectors.visible_participants(request.user).select_related("person"), pk=pk
    )
    log_access(
        user=request.user,
        persons=[participant.person],
        route=route_of(request),
        what=f"calendar of participant {participant.pk}",
    )
    sessions = calendar.participant_sessions(
        activity_selectors.session_list(user=request.user), participant.pk
    )
    return _calendar(
        request,
        sessions=sessions,
        title=_("Sessions of %(name)s") % {"name": participant.person.full_name},
        kind="participant",
        subject=participant,
        participant_pk=participant.pk,
    )


@require_GET
def calendar_feed(request, pk, token):
    """The iCalendar feed of a specialist; the token in the URL stands for the login."""
    if not calendar.feed_token_valid(pk, token):
        raise Http404
    user = get_object_or_404(get_user_model(), pk=pk, is_active=True)
    response = HttpResponse(calendar.feed(user), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="szansa.ics"'
    return response


# --- documents ---------------------------------------------------------------------------------------------


@login_required
@require_GET
def attendance_sheet_pdf(request, pk):
    activity = activity_selectors.activity_get(user=request.user, pk=pk)
    require_perm(request.user, "support.record_attendance", activity)
    html = pdf_activities.attendance_sheet_html(activity, today=timezone.localdate())
    return pdf_response(request, html, f"lista-obecnosci-{slugify(activity.title) or activity.pk}.pdf")


@login_required
@require_GET
def certificate_pdf(request, pk, member_pk):
    member = _member(request, pk, member_pk)
    try:
        html = pdf_activities.certificate_html(member, today=timezone.localdate())
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(f"{member.activity.get_absolute_url()}#members")
    log_access(
        user=request.user,
        persons=[member.participant.person],
        route=route_of(request),
        what=f"certificate of activity {member.activity_id}",
    )
    return pdf_response(request, html, f"zaswiadczenie-{member.activity_id}-{member.pk}.pdf")


urlpatterns = [
    path("dzialania/", activity_list, name="activity_list"),
    path("dzialania/spotkania/", session_list, name="session_list"),
    path("dzialania/nowe/", activity_create, name="activity_create"),
    path("dzialania/<int:pk>/", activity_detail, name="activity"),
    path("dzialania/<int:pk>/edycja/", activity_edit, name="activity_edit"),
    path("dzialania/<int:pk>/uczestnicy/nowy/", activity_assign, name="activity_assign"),
    path("dzialania/<int:pk>/spotkania/nowe/", session_create, name="session_create"),
    path("dzialania/<int:pk>/spotkania/cykl/", session_series, name="session_series"),
    path("dzialania/<int:pk>/uczestnicy/<int:member_pk>/egzamin/", exam_record, name="exam_record"),
    path("dzialania/<int:pk>/lista-obecnosci.pdf", attendance_sheet_pdf, name="attendance_sheet_pdf"),
    path(
        "dzialania/<int:pk>/uczestnicy/<int:member_pk>/zaswiadczenie.pdf",
        certificate_pdf,
        name="certificate_pdf",
    ),
    path("zajecia/<int:pk>/obecnosc/", attendance, name="attendance"),
    path("zajecia/<int:pk>/odwolanie/", session_cancel, name="session_cancel"),
    path("kalendarz/", calendar_index, name="calendar"),
    path("kalendarz/specjalista/<int:pk>/", calendar_specialist, name="calendar_specialist"),
    path("kalendarz/sala/<int:pk>/", calendar_room, name="calendar_room"),
    path("kalendarz/uczestnik/<int:pk>/", calendar_participant, name="calendar_participant"),
    path("kalendarz/<int:pk>/<str:token>.ics", calendar_feed, name="calendar_feed"),
]
