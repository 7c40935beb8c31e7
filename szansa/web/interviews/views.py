"""Community interview pages (docs/community-interview.md): the list, the form rendered from the
questionnaire (save as draft, complete, a conflict resolved question by question), the write-back of the
changes into the registry, the saved revisions and the PDF for signatures.

Scoping and permissions are the domain's (access.py, selectors): out of scope answers 404, a role without
interviews 403; the administrative clerk reads without the health questions and changes nothing. Every page
naming a person writes its access-log entries (selectors.interview_open / interviews_read)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from szansa.domain.interviews import selectors, services
from szansa.domain.interviews import structure as form_structure
from szansa.domain.interviews.enums import InterviewStatus
from szansa.domain.interviews.filters import InterviewFilter
from szansa.domain.people.models import Person
from szansa.domain.work.models import Task
from szansa.lib.access_log import route_of
from szansa.lib.filters import StableOrderingFilter
from szansa.lib.views import pdf_response, require_perm
from szansa.web.interviews.forms import InterviewForm, WritebackForm, field_name

PAGE_SIZE = 50


class InterviewPageFilter(InterviewFilter):
    """The domain's filters with the list's sortable columns (ties by id)."""

    ordering = StableOrderingFilter(
        label=gettext_lazy("Sort by"),
        fields=(
            ("conducted_on", "conducted_on"),
            ("person__last_name", "person"),
            ("status", "status"),
        ),
        field_labels={
            "conducted_on": gettext_lazy("conducted on"),
            "person__last_name": gettext_lazy("person"),
            "status": gettext_lazy("status"),
        },
    )


@login_required
@require_GET
def interview_list(request):
    require_perm(request.user, "interviews.list_interviews")
    queryset = selectors.interviews_for(request.user).order_by("-conducted_on", "-pk")
    filters = InterviewPageFilter(request.GET or None, queryset=queryset, request=request)
    queryset = filters.qs if filters.is_bound and filters.is_valid() else filters.queryset
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    selectors.interviews_read(user=request.user, interviews=page, route=route_of(request))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "interviews/interview_list.html",
        {
            "filters": filters,
            "page": page,
            "query": query.urlencode(),
            "filtered": bool(query),
            "may_conduct": request.user.has_perm("interviews.conduct_interview"),
        },
    )


def _start(request, subject):
    try:
        interview = services.interview_start(subject, request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return None
    messages.success(request, _("The interview was started; the answers from the registry are filled in."))
    return redirect("interviews:detail", pk=interview.pk)


@login_required
@require_POST
def start_for_task(request, pk):
    task = get_object_or_404(Task.objects.select_related("person", "kind"), pk=pk)
    require_perm(request.user, "work.view_task", task)
    return _start(request, task) or redirect("work:task_detail", pk=task.pk)


@login_required
@require_POST
def start_for_person(request, pk):
    person = get_object_or_404(Person, pk=pk)
    if not request.user.has_perm("people.view_person", person):
        raise PermissionDenied
    return _start(request, person) or redirect(person.get_absolute_url())


def _form(request, interview, data=None, answers=None):
    structure = selectors.visible_structure(interview.questionnaire, request.user)
    editable = request.user.has_perm("interviews.change_interview", interview) and (
        interview.status == InterviewStatus.DRAFT
    )
    visible = selectors.visible_answers(interview, request.user, answers)
    form = InterviewForm(
        data,
        structure=structure,
        answers=visible,
        kind=interview.kind,
        read_only=not editable,
        initial={"base_revision": interview.revision},
    )
    return form, editable


def _required_segments(interview) -> set:
    return {
        (part["code"], segment["code"])
        for part, segment in form_structure.iter_segments(interview.questionnaire.structure)
        if segment.get("required")
    }


def _render(request, interview, form, editable, conflicts=None, status=200):
    return render(
        request,
        "interviews/interview_detail.html",
        {
            "interview": interview,
            "form": form,
            "editable": editable,
            "conflicts": conflicts,
            "required_segments": _required_segments(interview),
            "sees_health": selectors.sees_health(request.user),
            "may_confirm": interview.status == InterviewStatus.COMPLETED
            and request.user.has_perm("interviews.change_interview", interview),
        },
        status=status,
    )


def _conflict_rows(form, conflict):
    rows = []
    for item in conflict.conflicts:
        question = form.fields.get(field_name(item["question"]))
        rows.append({**item, "name": "choice_" + field_name(item["question"]), "field": question})
    return rows


@login_required
@require_http_methods(["GET", "POST"])
def interview_detail(request, pk):
    interview = selectors.interview_open(user=request.user, pk=pk, route=route_of(request))
    if request.method == "GET":
        form, editable = _form(request, interview)
        return _render(request, interview, form, editable)
    require_perm(request.user, "interviews.change_interview", interview)
    form, editable = _form(request, interview, request.POST)
    if not editable or not form.is_valid():
        return _render(request, interview, form, editable, status=400 if editable else 403)
    answers = form.answers()
    # a conflict resolved: for each question the user chose the server's answer, take it
    for name, code in form.codes.items():
        if request.POST.get("choice_" + name) == "server":
            server = interview.answers.get(code)
            if server in (None, "", []):
                answers.pop(code, None)
            else:
                answers[code] = server
    base = form.cleaned_data["base_revision"]
    if request.POST.get("resolved"):
        base = interview.revision
    try:
        interview = services.interview_save(interview, answers, base, request.user)
    except services.InterviewConflict as conflict:
        # the user's answers stay in the form; the base moves to the server's revision once chosen
        return _render(
            request, interview, form, editable, conflicts=_conflict_rows(form, conflict), status=409
        )
    except ValidationError as error:
        form.add_answer_errors(error.message_dict if hasattr(error, "error_dict") else {None: error.messages})
        return _render(request, interview, form, editable, status=400)
    if "complete" not in request.POST:
        messages.success(request, _("The answers were saved (revision %(n)s).") % {"n": interview.revision})
        return redirect("interviews:detail", pk=interview.pk)
    try:
        services.interview_complete(interview, request.user)
    except ValidationError as error:
        data = request.POST.copy()
        data["base_revision"] = str(interview.revision)  # the answers are saved: the next save is on it
        form, editable = _form(request, interview, data)
        form.is_valid()
        for message in error.messages:
            form.add_error(None, message)
        return _render(request, interview, form, editable, status=400)
    messages.success(request, _("The interview was completed. Check what goes back into the registry."))
    return redirect("interviews:writeback", pk=interview.pk)


@login_required
@require_http_methods(["GET", "POST"])
def interview_writeback(request, pk):
    interview = selectors.interview_open(user=request.user, pk=pk, route=route_of(request))
    require_perm(request.user, "interviews.change_interview", interview)
    if interview.status != InterviewStatus.COMPLETED:
        messages.error(request, _("Complete the interview before confirming it."))
        return redirect("interviews:detail", pk=interview.pk)
    changes = services.writeback_changes(interview, request.user)
    form = WritebackForm(
        request.POST if request.method == "POST" else None,
        changes=changes,
        initial={"accepted": [change["field"] for change in changes if change["writable"]]},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.interview_confirm(interview, request.user, form.cleaned_data["accepted"])
        except ValidationError as error:
            for message in error.messages:
                form.add_error("accepted" if form.fields["accepted"].choices else None, message)
        else:
            messages.success(request, _("The interview was confirmed."))
            return redirect("interviews:detail", pk=interview.pk)
    return render(
        request,
        "interviews/interview_writeback.html",
        {"interview": interview, "form": form, "changes": changes},
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
@require_GET
def revision_list(request, pk):
    interview = selectors.interview_open(user=request.user, pk=pk, route=route_of(request))
    revisions = interview.revisions.select_related("saved_by").order_by("-number")
    return render(request, "interviews/revision_list.html", {"interview": interview, "revisions": revisions})


@login_required
@require_GET
def revision_detail(request, pk, number):
    interview = selectors.interview_open(user=request.user, pk=pk, route=route_of(request))
    revision = get_object_or_404(interview.revisions.select_related("saved_by"), number=number)
    form, _editable = _form(request, interview, answers=revision.answers)
    for field in form.fields.values():
        field.disabled = True
    return render(
        request,
        "interviews/revision_detail.html",
        {"interview": interview, "revision": revision, "form": form},
    )


def _pdf_sections(interview, user):
    structure = selectors.visible_structure(interview.questionnaire, user)
    answers = selectors.visible_answers(interview, user)
    sections = []
    for part in form_structure.parts(structure):
        if not form_structure.part_used_by(part, interview.kind):
            continue
        segments = []
        for segment in part.get("segments") or []:
            rows = []
            for question in segment.get("questions") or []:
                value = answers.get(question["code"])
                choices = {str(c["value"]): c["label"] for c in question.get("choices") or []}
                if isinstance(value, bool):
                    value = _("yes") if value else _("no")
                elif isinstance(value, list):
                    value = ", ".join(choices.get(str(item), str(item)) for item in value)
                elif value is not None and choices:
                    value = choices.get(str(value), str(value))
                elif isinstance(value, str) and question.get("type") == "date" and len(value) == 10:
                    value = f"{value[8:10]}.{value[5:7]}.{value[0:4]}"
                rows.append((question, value))
            segments.append((segment, rows))
        sections.append((part, segments))
    return sections


@login_required
@require_GET
def interview_pdf(request, pk):
    """The interview laid out as the form for signatures; always in Polish, the language of the document."""
    interview = selectors.interview_open(
        user=request.user, pk=pk, route=route_of(request), what="community interview PDF"
    )
    with translation.override("pl"):
        html = render_to_string(
            "interviews/pdf/interview.html",
            {
                "interview": interview,
                "authority": settings.DECISION_AUTHORITY,
                "sections": _pdf_sections(interview, request.user),
            },
        )
    return pdf_response(request, html, f"wywiad-{interview.pk}.pdf")
