"""Recruitment pages. Thin views: parse the request, call selectors/services, render.

Scoping: a project is loaded through `scope_projects`, an application or participant through the
recruitment selectors (out of scope => 404); actions then check the `rules` permission on it
(visible but not allowed => 403). Services check the same permissions again.
"""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from szansa.domain.people.access import scope_persons
from szansa.domain.people.models import Person
from szansa.domain.people.selectors import person_file_open
from szansa.domain.projects.access import scope_projects
from szansa.domain.projects.models import Project
from szansa.domain.recruitment import access, eligibility, enums, selectors, services
from szansa.domain.recruitment.application_imports import import_applications
from szansa.domain.recruitment.filters import (
    APPLICATION_ORDER,
    PARTICIPANT_ORDER,
    ApplicationFilter,
    ParticipantFilter,
)
from szansa.domain.recruitment.models import DISADVANTAGE_FLAGS, Participant, RecruitmentRound
from szansa.domain.support import export_jobs
from szansa.domain.support import exports as support_exports
from szansa.lib.access_log import log_access, not_shown, route_of
from szansa.lib.pagination import NarrowPaginator
from szansa.lib.replica import reads_from_replica
from szansa.lib.views import form_page, posted, require_perm
from szansa.web.recruitment.forms import (
    ApplicationForm,
    ApplicationsImportForm,
    CandidatesForm,
    DataSetForm,
    DayForm,
    ExitForm,
    FollowUpForm,
)
from szansa.web.support.views.export_jobs import deliver

MANAGE = "recruitment.manage"


def _project_for(request, pk) -> Project:
    """A project the user sees (else 404) whose recruitment they read (else 403)."""
    project = get_object_or_404(scope_projects(Project.objects.all(), request.user), pk=pk)
    require_perm(request.user, "recruitment.view", project)
    return project


def _round_for(request, pk) -> RecruitmentRound:
    visible = scope_projects(Project.objects.all(), request.user)
    return get_object_or_404(
        RecruitmentRound.objects.select_related("target_group__project").filter(
            target_group__project__in=visible
        ),
        pk=pk,
    )


def _board_url(project) -> str:
    return reverse("recruitment:board", args=[project.pk])


def _action_page(request, form, *, title, save, saved, back, project=None):
    """`lib.views.form_page` on the recruitment form page; `save` gets the cleaned data."""
    return form_page(
        request,
        form,
        template="recruitment/form.html",
        context={"title": title, "back": back, "project": project},
        save=lambda: save(form.cleaned_data),
        saved=saved,
        back=back,
    )


# --- index and board ------------------------------------------------------------------------------------


@login_required
@require_GET
def index(request):
    projects = scope_projects(Project.objects.order_by("-start", "number"), request.user)
    projects = list(projects)
    gauges = selectors.limit_gauges(projects)
    rows = [{"project": project, "gauge": gauges[project.pk]} for project in projects]
    return render(request, "recruitment/index.html", {"rows": rows})


def _result_rows(application, show_health: bool) -> list[dict]:
    """The stored verification results in the reader's language, health reasons replaced for readers
    without health access."""
    rows = []
    for row in application.results:
        rows.append(
            row
            | {
                "name": eligibility.stored_name(row),
                "shown_reason": eligibility.stored_reason(row, show_health),
                "outcome": eligibility.stored_outcome(row, show_health),
            }
        )
    return rows


BOARD_PAGE_SIZE = 50  # rows per page of each list of the board (applications, ranking, waiting, participants)


def _board_page(request, queryset, param: str, anchor: str) -> dict:
    """One page of a list of the board, read from the database (LIMIT/OFFSET and one COUNT), whatever the
    size of the project; `param` is the list's page parameter (the others are kept in its links) and
    `anchor` the section its links return to."""
    page = NarrowPaginator(queryset, BOARD_PAGE_SIZE).get_page(request.GET.get(param))
    others = request.GET.copy()
    others.pop(param, None)
    return {"page": page, "param": param, "query": others.urlencode(), "anchor": anchor}


def _round_context(request, round_) -> dict:
    """A round's applications, ranking list and waiting list, each paged in the database; the counts by
    status in one aggregate query."""
    user = request.user
    visible = selectors.application_list(user=user, round=round_)
    counts = dict(visible.order_by().values_list("status").annotate(n=Count("pk")))
    applications = _board_page(
        request,
        visible.select_related("person__responsible_worker"),
        f"round-{round_.pk}",
        f"round-{round_.pk}",
    )
    for application in applications["page"]:
        application.result_rows = _result_rows(application, access.show_health(user, application.person))
    ranking = selectors.ranking(round_).filter(pk__in=visible.values("pk"))
    total = sum(counts.values())
    return {
        "round": round_,
        "status_counts": [
            (status.label, counts.get(status.value, 0))
            for status in enums.ApplicationStatus
            if counts.get(status)
        ],
        "applications": applications["page"],
        "applications_pages": applications,
        # the empty state tells "no applications" from "none of the people you may see"
        "applications_total": total or round_.applications.count(),
        "ranking": _board_page(request, ranking, f"ranking-{round_.pk}", f"round-{round_.pk}"),
        "waiting": _board_page(
            request,
            ranking.filter(status=enums.ApplicationStatus.WAITING_LIST),
            f"waiting-{round_.pk}",
            f"round-{round_.pk}",
        ),
        "can_rank": bool(counts.get(enums.ApplicationStatus.ELIGIBLE)),
        "can_enrol": bool(counts.get(enums.ApplicationStatus.RANKED)),
    }


@login_required
@require_GET
def board(request, pk):
    project = _project_for(request, pk)
    user = request.user
    today = timezone.localdate()
    groups = list(project.target_groups.order_by("year", "name"))
    # The limit gauge and the main participants per target group: one aggregate query.
    gauge, in_groups = selectors.board_counts(project)
    rounds: dict[int, list] = {}
    for round_ in RecruitmentRound.objects.filter(target_group__in=groups).order_by("opens_on", "pk"):
        rounds.setdefault(round_.target_group_id, []).append(round_)
    entries = []
    for group in groups:
        in_group = in_groups.get(group.pk, 0)
        entries.append(
            {
                "group": group,
                "main": in_group,
                "percent": round(100 * in_group / group.planned_total) if group.planned_total else None,
                "rounds": [_round_context(request, round_) for round_ in rounds.get(group.pk, [])],
            }
        )
    participants = selectors.participant_list(user=user, project=project).order_by(*PARTICIPANT_ORDER)
    participants = _board_page(request, participants, "page", "participants")
    overdue = _board_page(
        request, selectors.follow_ups_overdue(on=today, user=user, project=project), "overdue", "overdue"
    )
    can_manage = user.has_perm(MANAGE, project)
    context = {
        "project": project,
        "today": today,
        "gauge": gauge,
        "groups": entries,
        "participants": participants["page"],
        "participants_pages": participants,
        "overdue": overdue["page"],
        "overdue_pages": overdue,
        "can_manage": can_manage,
        "can_register": _may_register_anyone(user, project, can_manage),
    }
    return render(request, "recruitment/board.html", context)


def _may_register_anyone(user, project, can_manage: bool) -> bool:
    """Whether `_referable_people` holds anyone, without reading every visible person: whoever runs the
    recruitment may register anyone visible; anyone else stops at the first person they may change."""
    people = scope_persons(Person.objects.all(), user)
    if can_manage:
        return people.exists()
    return any(
        user.has_perm("people.change_person", person)
        for person in people.select_related("responsible_worker").iterator(chunk_size=200)
    )


# --- the lists of a project: applications and participants ------------------------------------------------

PAGE_SIZE = 50  # rows per page of the applications and participants lists


def _list_page(request, filters, queryset) -> dict:
    """One page of a filtered list, read from the database; the filters (without the page) kept for the
    pager. An invalid filter shows its message in the form and the whole list."""
    page = Paginator(filters.qs if filters.is_valid() else queryset, PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return {"page": page, "query": query.urlencode(), "filters": filters, "filtered": bool(query)}


@login_required
@require_GET
def application_list(request):
    """The applications the user may see (the `project` filter: one project's): filtered, sorted and paged
    like /api/v1/applications/."""
    applications = selectors.application_list(user=request.user).order_by(*APPLICATION_ORDER)
    filters = ApplicationFilter(request.GET, queryset=applications, request=request)
    context = _list_page(request, filters, applications)
    log_access(
        user=request.user,
        persons=[application.person for application in context["page"]],
        route=route_of(request),
        what="applications",
    )
    projects = {application.round.target_group.project for application in context["page"]}
    context.update(
        applications=context["page"],
        may_verify={project.pk for project in projects if request.user.has_perm(MANAGE, project)},
    )
    return render(request, "recruitment/application_list.html", context)


@login_required
@require_GET
def participant_list(request):
    """The participants the user may see (the `project` filter: one project's): filtered, sorted and paged
    like /api/v1/participants/."""
    participants = selectors.participant_list(user=request.user).order_by(*PARTICIPANT_ORDER)
    filters = ParticipantFilter(request.GET, queryset=participants, request=request)
    context = _list_page(request, filters, participants)
    log_access(
        user=request.user,
        persons=[participant.person for participant in context["page"]],
        route=route_of(request),
        what="participants",
    )
    context.update(participants=context["page"])
    return render(request, "recruitment/participant_list.html", context)


# --- applications ---------------------------------------------------------------------------------------


def _referable_people(user, project):
    """People the user may register: everyone visible for whoever runs the recruitment, else the
    visible people the user may change (a social worker's own team)."""
    people = scope_persons(Person.objects.all(), user).order_by("last_name", "first_name", "pk")
    if user.has_perm(MANAGE, project):
        return people
    allowed = [
        p.pk for p in people.select_related("responsible_worker") if user.has_perm("people.change_person", p)
    ]
    return people.filter(pk__in=allowed)


@login_required
@require_http_methods(["GET", "POST"])
def application_create(request, pk):
    project = _project_for(request, pk)
    user = request.user
    people = _referable_people(user, project)
    if not people.exists():
        raise PermissionDenied
    rounds = RecruitmentRound.objects.filter(target_group__project=project).select_related("target_group")
    today = timezone.localdate()
    form = ApplicationForm(
        posted(request),
        rounds=rounds,
        people=people,
        project=project,
        initial={"submitted_on": today, "round": request.GET.get("round")},
    )

    def save(data):
        with transaction.atomic():
            application = services.application_submit(
                actor=user,
                person=data["person"],
                round=data["round"],
                submitted_on=data["submitted_on"],
                channel=data["channel"],
                note=data["note"],
            )
            for kind in data["documents"]:
                services.document_receive(
                    actor=user, application=application, kind=kind, received_on=data["submitted_on"]
                )
        return application

    def check_and_save(data):
        if not access.may_submit_application(user, data["round"], data["person"]):
            raise ValidationError({"person": _("You may not register an application of this person.")})
        if data["documents"] and not user.has_perm(MANAGE, project):
            raise ValidationError({"documents": _("Only the coordinator records the documents received.")})
        return save(data)

    return _action_page(
        request,
        form,
        title=_("Register an application"),
        save=check_and_save,
        saved=lambda a: _("The application of %(person)s is registered.") % {"person": a.person.full_name},
        back=_board_url(project),
        project=project,
    )


def _application_for(request, pk):
    application = selectors.application_get(user=request.user, pk=pk)
    require_perm(request.user, MANAGE, application)
    return application


@login_required
@require_http_methods(["GET", "POST"])
def application_verify(request, pk):
    application = _application_for(request, pk)
    project = application.project
    form = DayForm(request.POST or None, label=_("Verified on"), initial={"on": timezone.localdate()})

    def saved(evaluation):
        if evaluation.eligible:
            return _("%(person)s is eligible (score %(score)s).") % {
                "person": application.person.full_name,
                "score": evaluation.score,
            }
        return _("%(person)s is not eligible; the reasons are on the board.") % {
            "person": application.person.full_name
        }

    return _action_page(
        request,
        form,
        title=_("Verify the application of %(person)s") % {"person": application.person.full_name},
        save=lambda data: services.application_verify(
            actor=request.user, application=application, on=data["on"]
        ),
        saved=saved,
        back=_board_url(project),
        project=project,
    )


# --- rounds ---------------------------------------------------------------------------------------------


@login_required
@require_POST
def round_rank(request, pk):
    round_ = _round_for(request, pk)
    require_perm(request.user, MANAGE, round_)
    try:
        ranked = services.round_rank(actor=request.user, round=round_)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(count)s applications ranked.") % {"count": len(ranked)})
    return redirect(_board_url(round_.project))


@login_required
@require_GET
@reads_from_replica
def participants_export(request, pk):
    """The participants' data set for the managing body in the layout of the project's programme period
    (SL2014 or CST2021, szansa.domain.support.exports; the export page offers the reporting period and the
    full export). Blocked, with the list of what is missing per participant, while any data set is
    incomplete."""
    project = _project_for(request, pk)
    require_perm(request.user, MANAGE, project)
    format = "csv" if request.GET.get("format") == "csv" else "xlsx"
    report = support_exports.incomplete_report(project)
    if report:
        context = {"project": project, "report": report, "back": _board_url(project)}
        return render(request, "recruitment/export_blocked.html", context, status=409)
    # streamed, or a background job when large (szansa.web.support.views.export_jobs)
    return deliver(request, export_jobs.participants_request(project, kind="managing_body", format=format))


@login_required
@require_http_methods(["GET", "POST"])
def round_import(request, pk):
    """Import the round's applications from a file: all rows or none, with a per-row report."""
    round_ = _round_for(request, pk)
    require_perm(request.user, MANAGE, round_)
    form = ApplicationsImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        result = import_applications(
            actor=request.user, round=round_, content=upload, format=form.format_of(upload.name)
        )
        if result.ok:
            messages.success(request, _("%(count)s applications imported.") % {"count": len(result.saved)})
            return redirect(_board_url(round_.project))
        errors = result.errors
    context = {"form": form, "round": round_, "errors": errors, "back": _board_url(round_.project)}
    return render(request, "recruitment/import.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def round_enrol(request, pk):
    round_ = _round_for(request, pk)
    require_perm(request.user, MANAGE, round_)
    form = DayForm(
        request.POST or None, label=_("Start of participation"), initial={"on": timezone.localdate()}
    )
    return _action_page(
        request,
        form,
        title=_("Enrol the ranked applicants of %(round)s") % {"round": round_},
        save=lambda data: services.round_enrol(actor=request.user, round=round_, start_date=data["on"]),
        saved=lambda enrolled: (
            _("%(count)s participants enrolled; the others are on the waiting list.")
            % {"count": len(enrolled)}
        ),
        back=_board_url(round_.project),
        project=round_.project,
    )


CANDIDATES_PAGE_SIZE = 50


def _candidates_order(request) -> tuple[str, bool]:
    """The list's order from `ordering` (eligibility.ORDERS, "-" reverses it); best score first by default."""
    value = request.GET.get("ordering", "")
    name = value.removeprefix("-")
    if name not in eligibility.ORDERS:
        return "score", False
    return name, value.startswith("-")


@login_required
@require_GET
def candidates(request, pk, group_pk):
    """Bulk evaluation of the registry (the people the user sees) against a target group: narrowed in the
    database, evaluated in chunks, paged (CANDIDATES_PAGE_SIZE); only the page's people are shown,
    explained and access-logged (the evaluation of the others runs `not_shown`)."""
    project = _project_for(request, pk)
    group = get_object_or_404(project.target_groups, pk=group_pk)
    form = CandidatesForm(request.GET or None, initial={"on": timezone.localdate()})
    found = pages = None
    if form.is_valid():
        on = form.cleaned_data["on"]
        order, reverse_order = _candidates_order(request)
        people = scope_persons(Person.objects.all(), request.user)
        with not_shown():
            ranked = eligibility.rank_candidates(group, on, people=people, order=order)
        if reverse_order:
            ranked.reverse()
        page = Paginator(ranked, CANDIDATES_PAGE_SIZE).get_page(request.GET.get("page"))
        evaluations = eligibility.evaluate_people(
            group, on, [r.person_id for r in page], people=people.select_related("responsible_worker")
        )
        found = []
        for evaluation in evaluations:
            show = access.show_health(request.user, evaluation.person)
            found.append(
                {
                    "evaluation": evaluation,
                    # a met criterion on a health attribute would name the person's health: left out
                    "scoring": [
                        {"result": r, "reason": r.reason(show_health=show)}
                        for r in evaluation.scoring
                        if r.passed and (show or not r.criterion.sensitive)
                    ],
                    "health_hidden": not show,
                }
            )
        page.object_list = found
        others = request.GET.copy()
        others.pop("page", None)
        pages = {"page": page, "param": "page", "query": others.urlencode(), "anchor": "candidates"}
        log_access(
            user=request.user,
            persons=[e.person for e in evaluations],
            route=route_of(request),
            what=f"candidates {group.pk}",
        )
    context = {"project": project, "group": group, "form": form, "found": found, "pages": pages}
    return render(request, "recruitment/candidates.html", context)


# --- participants ---------------------------------------------------------------------------------------


def _data_set(participant, show_health: bool = True) -> list[tuple[str, str]]:
    """The EU data set as label / value pairs for the card (the health flags only with health access)."""
    rows = []
    for name in (
        "participant_type",
        "institution",
        "age_at_start",
        "education",
        "labour_status",
        "labour_substatus",
        "occupation",
        "employer",
        "degurba",
    ):
        field = Participant._meta.get_field(name)
        value = getattr(participant, f"get_{name}_display")() if field.choices else getattr(participant, name)
        rows.append((field.verbose_name, value if value not in (None, "") else "—"))
    answers = {True: _("yes"), False: _("no"), "refused": _("refused to answer"), None: "—"}
    for name in DISADVANTAGE_FLAGS:
        if name in access.HEALTH_FLAGS and not show_health:
            continue
        rows.append((Participant._meta.get_field(name).verbose_name, answers[participant.flag_answer(name)]))
    return rows


def _path_steps(user, participant) -> dict:
    """The steps of the participant's path the card links to: diagnoses, the current plan, activities,
    internships (outcomes and the calendar are one page each)."""
    plans = participant.plans.filter(superseded_on__isnull=True).order_by("-pk")
    return {
        "diagnoses": list(participant.diagnoses.all()),
        "plan": plans.first(),
        "activities": list(participant.activity_places.select_related("activity").order_by("assigned_on")),
        "internships": list(participant.internships.all()),
        "may_write": user.has_perm("support.change_path", participant),
    }


def _card(request, participant, **bound_forms):
    """The participant card; `bound_forms` are forms sent back with their errors."""
    user = request.user
    today = timezone.localdate()
    may_manage = user.has_perm(MANAGE, participant)
    forms = {}
    if may_manage:
        forms["data_set_form"] = DataSetForm(participant=participant)
        if participant.status == enums.ParticipantStatus.ENROLLED:
            # Also recorded afterwards: the service checks that it was before the start date.
            day_before = participant.start_date - datetime.timedelta(days=1)
            forms["resign_form"] = DayForm(label=_("Resigned on"), initial={"on": min(today, day_before)})
        if participant.status in enums.CURRENT_STATUSES:
            forms["exit_form"] = ExitForm(initial={"end_date": today})
    if (
        participant.end_date
        and not participant.follow_up_on
        and access.may_record_follow_up(user, participant)
    ):
        forms["follow_up_form"] = FollowUpForm(initial={"on": today})
    forms.update(bound_forms)
    documents = participant.application.documents.select_related("kind") if participant.application_id else []
    show_health = access.show_health(user, participant.person)
    context = {
        "participant": participant,
        "person": participant.person,
        "data_set": _data_set(participant, show_health),
        "health_hidden": not show_health,
        "missing": participant.missing_fields(),
        "documents": access.visible_documents(user, participant.person, documents),
        "environment": participant.environment.select_related("person"),
        "today": today,
        "follow_up_overdue": participant.follow_up_due is not None
        and participant.follow_up_on is None
        and participant.follow_up_due < today,
        "can_correct": may_manage,
        "corrections": participant.corrections.select_related("corrected_by"),
        "path": _path_steps(user, participant),
        **forms,
    }
    return render(request, "recruitment/participant.html", context)


def _participant_for(request, pk):
    participant = selectors.participant_get(user=request.user, pk=pk)
    # The card shows the person's data: reading it is logged like opening the person's file.
    person_file_open(user=request.user, pk=participant.person_id, route=route_of(request))
    return participant


@login_required
@require_GET
def participant_detail(request, pk):
    return _card(request, _participant_for(request, pk))


def _card_action(request, pk, *, perm_check, form_class, form_key, save, saved, form_kwargs=None):
    participant = selectors.participant_get(user=request.user, pk=pk)
    if not perm_check(participant):
        raise PermissionDenied
    form_kwargs = form_kwargs(participant) if callable(form_kwargs) else (form_kwargs or {})
    form = form_class(request.POST, **form_kwargs)
    if form.is_valid():
        try:
            save(participant, form)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, saved)
            return redirect("recruitment:participant_detail", pk=participant.pk)
    return _card(request, participant, **{form_key: form})


@login_required
@require_POST
def participant_exit(request, pk):
    def save(participant, form):
        data = form.cleaned_data
        services.participant_exit(
            actor=request.user,
            participant=participant,
            end_date=data["end_date"],
            exit_reason=data["exit_reason"],
            completed_path=data["completed_path"],
            exit_situation_1=data["exit_situation_1"],
            exit_situation_2=data["exit_situation_2"],
            note=data["note"],
        )

    return _card_action(
        request,
        pk,
        perm_check=lambda p: request.user.has_perm(MANAGE, p),
        form_class=ExitForm,
        form_key="exit_form",
        save=save,
        saved=_("The exit is recorded; a follow-up task is set for 3 months later."),
    )


@login_required
@require_POST
def participant_follow_up(request, pk):
    def save(participant, form):
        data = form.cleaned_data
        services.participant_record_follow_up(
            actor=request.user,
            participant=participant,
            on=data["on"],
            result=data["result"],
            note=data["note"],
        )

    return _card_action(
        request,
        pk,
        perm_check=lambda p: access.may_record_follow_up(request.user, p),
        form_class=FollowUpForm,
        form_key="follow_up_form",
        save=save,
        saved=_("The follow-up is recorded."),
    )


@login_required
@require_POST
def participant_resign(request, pk):
    promoted = []

    def save(participant, form):
        promoted.append(
            services.participant_resign_before_start(
                actor=request.user, participant=participant, on=form.cleaned_data["on"]
            )
        )

    response = _card_action(
        request,
        pk,
        perm_check=lambda p: request.user.has_perm(MANAGE, p),
        form_class=DayForm,
        form_key="resign_form",
        save=save,
        saved=_("The resignation is recorded."),
        form_kwargs={"label": _("Resigned on")},
    )
    if promoted and promoted[0] is not None:
        messages.info(
            request,
            _("%(person)s moves up from the waiting list.") % {"person": promoted[0].person.full_name},
        )
    return response


@login_required
@require_POST
def participant_data_set(request, pk):
    def save(participant, form):
        services.participant_update(actor=request.user, participant=participant, data=form.data_set())

    return _card_action(
        request,
        pk,
        perm_check=lambda p: request.user.has_perm(MANAGE, p),
        form_class=DataSetForm,
        form_key="data_set_form",
        save=save,
        saved=_("The data set is saved."),
        form_kwargs=lambda participant: {"participant": participant},
    )
