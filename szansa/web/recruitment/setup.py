"""Recruitment set-up pages: a project's rounds, eligibility rules and scoring criteria per target group,
its stipend rates and its call's effectiveness thresholds; and the correction of a participation's dates.

Thin views over recruitment.setup, recruitment.services and support.internships.services. Everyone who
reads the project's recruitment sees the set-up; whoever runs it (recruitment.manage) changes it.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from szansa.domain.projects.access import scope_projects
from szansa.domain.projects.models import Project
from szansa.domain.recruitment import selectors, services, setup
from szansa.domain.recruitment.models import EligibilityRule, RecruitmentRound, ScoringCriterion
from szansa.domain.support.activities.filters import StipendRateFilter
from szansa.domain.support.internships import services as internship_services
from szansa.domain.support.models import StipendRate
from szansa.lib.views import form_page, posted, require_perm
from szansa.web.recruitment.setup_forms import (
    CorrectionForm,
    RoundForm,
    RuleCriteriaFormSet,
    RuleForm,
    ScoringForm,
    StipendRateForm,
    criteria_rows,
)

MANAGE = "recruitment.manage"


def _project(request, pk) -> Project:
    project = get_object_or_404(scope_projects(Project.objects.all(), request.user), pk=pk)
    require_perm(request.user, "recruitment.view", project)
    return project


def _group(request, pk):
    project_pk = request.resolver_match.kwargs["pk"]
    project = _project(request, project_pk)
    return project, get_object_or_404(project.target_groups, pk=pk)


def _setup_url(project, anchor="") -> str:
    return reverse("recruitment:setup", args=[project.pk]) + (f"#{anchor}" if anchor else "")


def _page(request, form, *, title, save, saved, back, project, formset=None, intro=""):
    return form_page(
        request,
        form,
        template="recruitment/setup_form.html",
        context={"title": title, "back": back, "project": project, "formset": formset, "intro": intro},
        save=save,
        saved=saved,
        back=back,
    )


@login_required
@require_GET
def setup_page(request, pk):
    project = _project(request, pk)
    groups = []
    for group in project.target_groups.order_by("year", "name"):
        groups.append(
            {
                "group": group,
                "rounds": list(group.rounds.order_by("opens_on")),
                "rules": list(group.eligibility_rules.prefetch_related("criteria__criterion")),
                "scoring": list(group.scoring_criteria.select_related("criterion")),
                "points": sum(s.points for s in group.scoring_criteria.all()),
            }
        )
    context = {
        "project": project,
        "groups": groups,
        "rates": project.stipend_rates.order_by("-valid_from"),
        "call": project.application.call if project.application_id else None,
        "can_manage": request.user.has_perm(MANAGE, project),
        "can_change_project": request.user.has_perm("projects.change_project", project),
        "can_change_call": request.user.has_perm("projects.change_call"),
    }
    return render(request, "recruitment/setup.html", context)


# --- rounds ---------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def round_create(request, pk, group_pk):
    project, group = _group(request, group_pk)
    require_perm(request.user, MANAGE, project)
    form = RoundForm(posted(request), instance=RecruitmentRound(target_group=group))
    return _page(
        request,
        form,
        title=_("New recruitment round of %(group)s") % {"group": group},
        save=lambda: setup.round_save(actor=request.user, round=form.instance),
        saved=lambda r: _("The round %(name)s has been saved.") % {"name": r.name},
        back=lambda r=None: reverse("recruitment:board", args=[project.pk]) + (f"#round-{r.pk}" if r else ""),
        project=project,
    )


def _round(request, pk) -> RecruitmentRound:
    visible = scope_projects(Project.objects.all(), request.user)
    round_ = get_object_or_404(
        RecruitmentRound.objects.select_related("target_group__project").filter(
            target_group__project__in=visible
        ),
        pk=pk,
    )
    require_perm(request.user, MANAGE, round_)
    return round_


@login_required
@require_http_methods(["GET", "POST"])
def round_edit(request, pk):
    round_ = _round(request, pk)
    project = round_.project
    form = RoundForm(posted(request), instance=round_)
    return _page(
        request,
        form,
        title=_("Edit the round %(name)s") % {"name": round_.name},
        save=lambda: setup.round_save(actor=request.user, round=form.instance),
        saved=lambda r: _("The round %(name)s has been saved.") % {"name": r.name},
        back=_setup_url(project, f"group-{round_.target_group_id}"),
        project=project,
    )


@login_required
@require_POST
def round_delete(request, pk):
    round_ = _round(request, pk)
    try:
        setup.round_delete(actor=request.user, round=round_)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The round has been removed."))
    return redirect(_setup_url(round_.project, f"group-{round_.target_group_id}"))


# --- eligibility rules ----------------------------------------------------------------------------------


def _rule_page(request, project, rule, title):
    initial = (
        [{"criterion": rc.criterion, "parameters": rc.parameters} for rc in rule.criteria.all()]
        if rule.pk
        else []
    )
    form = RuleForm(posted(request), instance=rule)
    formset = RuleCriteriaFormSet(posted(request), initial=initial, prefix="criteria")
    if request.method == "POST" and not formset.is_valid():
        form.is_valid()
        form.add_error(None, _("Correct the criteria below."))

    def save():
        return setup.rule_save(actor=request.user, rule=form.instance, criteria=criteria_rows(formset))

    return _page(
        request,
        form,
        title=title,
        save=save,
        saved=_("The eligibility rule has been saved."),
        back=_setup_url(project, f"group-{rule.target_group_id}"),
        project=project,
        formset=formset,
        intro=_(
            "A person is eligible when every rule of the target group is met; a rule is met when all "
            "(or at least one) of its criteria are."
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def rule_create(request, pk, group_pk):
    project, group = _group(request, group_pk)
    require_perm(request.user, MANAGE, project)
    rule = EligibilityRule(target_group=group, position=group.eligibility_rules.count())
    return _rule_page(request, project, rule, _("New eligibility rule of %(group)s") % {"group": group})


def _rule(request, pk) -> EligibilityRule:
    visible = scope_projects(Project.objects.all(), request.user)
    rule = get_object_or_404(
        EligibilityRule.objects.select_related("target_group__project").filter(
            target_group__project__in=visible
        ),
        pk=pk,
    )
    require_perm(request.user, MANAGE, rule.target_group)
    return rule


@login_required
@require_http_methods(["GET", "POST"])
def rule_edit(request, pk):
    rule = _rule(request, pk)
    return _rule_page(
        request, rule.target_group.project, rule, _("Edit the eligibility rule %(rule)s") % {"rule": rule}
    )


@login_required
@require_POST
def rule_delete(request, pk):
    rule = _rule(request, pk)
    setup.rule_delete(actor=request.user, rule=rule)
    messages.success(request, _("The eligibility rule has been removed."))
    return redirect(_setup_url(rule.target_group.project, f"group-{rule.target_group_id}"))


# --- scoring criteria -----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def scoring_create(request, pk, group_pk):
    project, group = _group(request, group_pk)
    require_perm(request.user, MANAGE, project)
    scoring = ScoringCriterion(target_group=group, position=group.scoring_criteria.count())
    form = ScoringForm(posted(request), instance=scoring)
    return _page(
        request,
        form,
        title=_("New scoring criterion of %(group)s") % {"group": group},
        save=lambda: setup.scoring_save(actor=request.user, scoring=form.instance),
        saved=_("The scoring criterion has been saved."),
        back=_setup_url(project, f"group-{group.pk}"),
        project=project,
    )


def _scoring(request, pk) -> ScoringCriterion:
    visible = scope_projects(Project.objects.all(), request.user)
    scoring = get_object_or_404(
        ScoringCriterion.objects.select_related("target_group__project").filter(
            target_group__project__in=visible
        ),
        pk=pk,
    )
    require_perm(request.user, MANAGE, scoring.target_group)
    return scoring


@login_required
@require_http_methods(["GET", "POST"])
def scoring_edit(request, pk):
    scoring = _scoring(request, pk)
    project = scoring.target_group.project
    form = ScoringForm(posted(request), instance=scoring)
    return _page(
        request,
        form,
        title=_("Edit the scoring criterion %(criterion)s") % {"criterion": scoring.criterion},
        save=lambda: setup.scoring_save(actor=request.user, scoring=form.instance),
        saved=_("The scoring criterion has been saved."),
        back=_setup_url(project, f"group-{scoring.target_group_id}"),
        project=project,
    )


@login_required
@require_POST
def scoring_delete(request, pk):
    scoring = _scoring(request, pk)
    setup.scoring_delete(actor=request.user, scoring=scoring)
    messages.success(request, _("The scoring criterion has been removed."))
    return redirect(_setup_url(scoring.target_group.project, f"group-{scoring.target_group_id}"))


# --- stipend rates --------------------------------------------------------------------------------------

PAGE_SIZE = 50  # rows per page of the stipend rates list


@login_required
@require_GET
def stipend_rate_list(request):
    """The stipend rates of the projects the user sees (the `project` filter: one project's): filtered,
    sorted and paged like /api/v1/stipend-rates/."""
    rates = StipendRate.objects.filter(project__in=scope_projects(Project.objects.all(), request.user))
    rates = rates.select_related("project").order_by("project__number", "-valid_from", "pk")
    filters = StipendRateFilter(request.GET, queryset=rates, request=request)
    page = Paginator(filters.qs if filters.is_valid() else rates, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    projects = {rate.project for rate in page}
    context = {
        "rates": page,
        "page": page,
        "query": query.urlencode(),
        "filters": filters,
        "filtered": bool(query),
        "may_change": {p.pk for p in projects if request.user.has_perm("projects.change_project", p)},
    }
    return render(request, "recruitment/stipend_rate_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def stipend_rate_create(request, pk):
    project = _project(request, pk)
    require_perm(request.user, "projects.change_project", project)
    form = StipendRateForm(posted(request), instance=StipendRate(project=project))
    return _page(
        request,
        form,
        title=_("New internship stipend rate"),
        save=lambda: internship_services.stipend_rate_save(actor=request.user, rate=form.instance),
        saved=_("The stipend rate has been saved."),
        back=_setup_url(project, "stipend-rates"),
        project=project,
    )


@login_required
@require_http_methods(["GET", "POST"])
def stipend_rate_edit(request, pk, rate_pk):
    project = _project(request, pk)
    require_perm(request.user, "projects.change_project", project)
    rate = get_object_or_404(project.stipend_rates, pk=rate_pk)
    form = StipendRateForm(posted(request), instance=rate)
    return _page(
        request,
        form,
        title=_("Edit the internship stipend rate"),
        save=lambda: internship_services.stipend_rate_save(actor=request.user, rate=form.instance),
        saved=_("The stipend rate has been saved."),
        back=_setup_url(project, "stipend-rates"),
        project=project,
        intro=_(
            "Months already recorded keep their stipend; the rate applies to months recorded from now on."
        ),
    )


@login_required
@require_POST
def stipend_rate_delete(request, pk, rate_pk):
    project = _project(request, pk)
    require_perm(request.user, "projects.change_project", project)
    rate = get_object_or_404(project.stipend_rates, pk=rate_pk)
    try:
        internship_services.stipend_rate_delete(actor=request.user, rate=rate)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The stipend rate has been removed."))
    return redirect(_setup_url(project, "stipend-rates"))


# --- corrections of participation dates ----------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def participant_correct(request, pk):
    participant = selectors.participant_get(user=request.user, pk=pk)
    if not request.user.has_perm(MANAGE, participant):
        raise PermissionDenied
    form = CorrectionForm(posted(request), participant=participant)
    back = reverse("recruitment:participant_detail", args=[participant.pk])

    def save():
        data = form.cleaned_data
        return services.participant_correct_dates(
            actor=request.user,
            participant=participant,
            reason=data["reason"],
            start_date=data["start_date"],
            end_date=data.get("end_date"),
        )

    return form_page(
        request,
        form,
        template="recruitment/correction_form.html",
        context={
            "title": _("Correct the dates of %(person)s") % {"person": participant.person.full_name},
            "participant": participant,
            "project": participant.project,
            "back": back,
            "corrections": participant.corrections.select_related("corrected_by"),
        },
        save=save,
        saved=_("The dates have been corrected; the reason is kept in the history."),
        back=back,
    )
