"""Pages of a project's indicators and effectiveness, with the people behind each figure.

Thin: figures come from szansa.domain.support.indicators. Access: whoever reads the project
(projects.view_project; out of scope => 404). The figures are the project's; the lists of people are
limited to the participants the user may see (recruitment.access.scope_participants), and a list that
reveals a disability is not shown to roles without access to health data. Every person listed is
written to the access log (szansa.lib.access_log: one ACCESS entry per person, inserted in one query).
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import path
from django.views.decorators.http import require_GET

from szansa.domain.people.access import can_view_health_data
from szansa.domain.projects.access import scope_projects
from szansa.domain.projects.models import IndicatorDefinition, Project
from szansa.domain.recruitment.access import scope_participants
from szansa.domain.support.indicators import effectiveness as indicator_effectiveness
from szansa.domain.support.indicators import figures as indicator_figures
from szansa.domain.support.indicators import rules as indicator_rules
from szansa.domain.support.indicators import selectors as indicator_selectors
from szansa.lib.access_log import log_access, route_of
from szansa.lib.replica import reads_from_replica

HEALTH_CODES = frozenset({"PI9i-P-02", "EECO12"})
# The effectiveness page's list of an effectiveness indicator's people (its drill-down shows that page).
RATIO_LISTS = {"EFS-ES": "social-at_risk", "EFS-EZ": "employment-at_risk"}


def _project(request, pk) -> Project:
    project = get_object_or_404(scope_projects(Project.objects.all(), request.user), pk=pk)
    if not request.user.has_perm("projects.view_project", project):
        raise PermissionDenied
    return project


def mask_pesel(pesel: str | None) -> str:
    """Only the last four digits: enough to tell two people apart, not to identify one."""
    if not pesel:
        return "—"
    return "•" * (len(pesel) - 4) + pesel[-4:]


def _row(participant, evidence=(), why: str = "") -> dict:
    """One person of a list of the indicator pages: the PESEL masked, the outcomes that count, why."""
    return {
        "participant": participant,
        "pesel": mask_pesel(participant.person.pesel),
        "evidence": evidence,
        "why": why,
    }


DRILLDOWN_PAGE_SIZE = 100


def _drilldown_page(request, rows, param: str, anchor: str) -> dict:
    """One page of a drill-down list, paged in the database; `param` is its page parameter, the other
    list's is kept in its links."""
    page = Paginator(rows, DRILLDOWN_PAGE_SIZE).get_page(request.GET.get(param))
    others = request.GET.copy()
    others.pop(param, None)
    return {"page": page, "param": param, "query": others.urlencode(), "anchor": anchor}


@login_required
@require_GET
@reads_from_replica
def indicators_page(request, pk):
    project = _project(request, pk)
    context = {
        "project": project,
        "values": indicator_figures.project_figures(project),
        "eeco": indicator_figures.eeco_figures(project),
        "methods": [
            indicator_rules.OUTPUT_FORECAST,
            indicator_rules.RESULT_FORECAST,
            indicator_rules.RATIO_FORECAST,
        ],
    }
    return render(request, "support/indicators.html", context)


@login_required
@require_GET
@reads_from_replica
def indicator_people(request, pk, code):
    project = _project(request, pk)
    if not IndicatorDefinition.objects.filter(code=code).exists() or code not in indicator_rules.RULES:
        raise Http404
    if indicator_rules.RULES[code].kind == indicator_rules.RATIO:
        return effectiveness_page(request, pk, RATIO_LISTS.get(code, ""))
    value = indicator_figures.figure(project, code)
    health_hidden = code in HEALTH_CODES and not can_view_health_data(request.user)
    # Both lists are paged in the database (DRILLDOWN_PAGE_SIZE rows, parameters "page" and "other"), the
    # people the user may see only; only the people on the pages shown are explained and access-logged.
    people = scope_participants(indicator_figures.drilldown_participants(project, code), request.user)
    if health_hidden:
        people = people.none()
    counted_pages = _drilldown_page(request, people.filter(counts=True), "page", "people-h")
    other_pages = _drilldown_page(request, people.filter(counts=False), "other", "not-counted-h")
    shown = [*counted_pages["page"], *other_pages["page"]]
    explained = {e.participant.pk: e for e in indicator_selectors.explain_participants(code, shown)}
    for pages in (counted_pages, other_pages):
        # Every participant who does not count is listed with why: a future starter, under 18, not
        # inactive at entry, not at risk at entry, not left, an outcome too late…
        pages["page"].object_list = [
            _row(p, explained[p.pk].evidence, explained[p.pk].reason) for p in pages["page"]
        ]
    log_access(
        user=request.user,
        persons=[p.person for p in shown],
        route=route_of(request),
        what=f"indicator {code}",
    )
    context = {
        "project": project,
        "value": value,
        "definition": IndicatorDefinition.objects.get(code=code),
        "rows": counted_pages["page"],
        "rows_pages": counted_pages,
        "not_counted": other_pages["page"],
        "not_counted_pages": other_pages,
        "hidden": value.count - counted_pages["page"].paginator.count,
        "health_hidden": health_hidden,
    }
    return render(request, "support/indicator_people.html", context)


@login_required
@require_GET
@reads_from_replica
def effectiveness_page(request, pk, default_list: str = ""):
    """The ratios counted in the database (one aggregate) and the people of one ratio (`list`, the first
    ratio by default), paged in the database: only the page's people are explained and access-logged. A
    ratio of the severe-disability group tells who has a disability: its people are not listed to roles
    without access to health data."""
    project = _project(request, pk)
    result = indicator_effectiveness.effectiveness_figures(project)
    health_hidden = not can_view_health_data(request.user)
    selected = result.ratio(request.GET.get("list", default_list)) or result.ratios[0]
    hidden_list = health_hidden and selected.group == "severe_disability"
    people = scope_participants(
        indicator_effectiveness.ratio_participants(project, selected.kind, selected.group), request.user
    )
    if hidden_list:
        people = people.none()
    pages = _drilldown_page(request, people, "page", "people-h")
    explained = indicator_effectiveness.explain_page(selected.kind, pages["page"].object_list)
    pages["page"].object_list = [
        _row(e.participant, e.evidence, e.reason) | {"counted": e.counted} for e in explained
    ]
    log_access(
        user=request.user,
        persons=[e.participant.person for e in explained],
        route=route_of(request),
        what="effectiveness",
    )
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("list", None)
    context = {
        "project": project,
        "result": result,
        "selected": selected,
        "rows": pages["page"],
        "pages": pages,
        "list_query": query.urlencode(),
        "hidden": 0 if hidden_list else selected.denominator - pages["page"].paginator.count,
        "health_hidden": hidden_list,
        "combined_before": indicator_effectiveness.combined_cut_off(),
    }
    return render(request, "support/effectiveness.html", context)


urlpatterns = [
    path("projekt/<int:pk>/wskazniki/", indicators_page, name="indicators"),
    path("projekt/<int:pk>/wskazniki/<str:code>/", indicator_people, name="indicator_people"),
    path("projekt/<int:pk>/efektywnosc/", effectiveness_page, name="effectiveness"),
]
