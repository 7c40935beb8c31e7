"""Downloads of recruitment documents: the person's documents of an application (participation
declaration, GDPR clause and consent, statement of eligibility) and a round's ranking list and
waiting list (PDF, XLSX). Thin: scoping by recruitment.selectors / access, documents by
recruitment.pdf. Each download of a person's document is access-logged on the person
(szansa.lib.access_log), naming the document."""

import datetime

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from szansa.domain.projects.access import scope_projects
from szansa.domain.projects.models import Project
from szansa.domain.recruitment import access, selectors
from szansa.domain.recruitment.models import Application, RecruitmentRound
from szansa.lib.access_log import log_access, route_of
from szansa.lib.views import file_response, pdf_response, require_perm
from szansa.web.recruitment import pdf

PERSON_DOCUMENTS = {
    "declaration": pdf.declaration_html,
    "gdpr": pdf.gdpr_html,
    "eligibility": pdf.eligibility_html,
}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
@require_GET
def application_document(request, pk, kind):
    if kind not in PERSON_DOCUMENTS:
        raise Http404
    application = selectors.application_get(user=request.user, pk=pk)
    today = datetime.date.today()
    show_health = access.show_health(request.user, application.person)
    html = PERSON_DOCUMENTS[kind](application, today=today, show_health=show_health)
    response = pdf_response(request, html, pdf.filename(kind, application))
    log_access(
        user=request.user,
        persons=[application.person],
        route=route_of(request),
        what=f"application {application.pk} {kind}",
    )
    return response


@login_required
@require_GET
def round_ranking(request, pk, format):
    if format not in ("pdf", "xlsx"):
        raise Http404
    projects = scope_projects(Project.objects.all(), request.user)
    round_ = get_object_or_404(
        RecruitmentRound.objects.select_related("target_group__project"),
        pk=pk,
        target_group__project__in=projects,
    )
    require_perm(request.user, "recruitment.view", round_)
    visible = access.scope_applications(Application.objects.all(), request.user)
    ranking, waiting = pdf.ranking_lists(round_, visible)
    if format == "xlsx":
        return file_response(
            pdf.ranking_xlsx(round_, ranking, waiting), XLSX, pdf.filename("ranking", round_, "xlsx")
        )
    html = pdf.ranking_html(round_, ranking, waiting, today=datetime.date.today(), user=request.user)
    return pdf_response(request, html, pdf.filename("ranking", round_))
