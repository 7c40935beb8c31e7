"""Downloads of recruitment documents: the person's documents of an application (participation
declaration, GDPR clause and consent, statement of eligibility) and a round's ranking list and
waiting list (PDF, XLSX). Thin: scoping by recruitment.selectors / access, documents by
recruitment.pdf. Each download of a person's document writes an ACCESS entry on the person, as
people.selectors.person_file_open does for the registry file, naming the document."""

import datetime

from auditlog.models import LogEntry
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from szansa.domain.projects.models import Project
from szansa.domain.recruitment import access, selectors
from szansa.domain.recruitment.models import Application, RecruitmentRound
from szansa.web.recruitment import pdf

PERSON_DOCUMENTS = {
    "declaration": pdf.declaration_html,
    "gdpr": pdf.gdpr_html,
    "eligibility": pdf.eligibility_html,
}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def document_read(*, user, person, what: str) -> LogEntry:
    """Log that `user` downloaded `what` (e.g. "application 12 declaration") of the person."""
    return LogEntry.objects.log_create(
        person,
        action=LogEntry.Action.ACCESS,
        actor=user,
        force_log=True,
        changes=None,
        additional_data={"recruitment": what},
    )


def _download(content: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_GET
def application_document(request, pk, kind):
    if kind not in PERSON_DOCUMENTS:
        raise Http404
    application = selectors.application_get(user=request.user, pk=pk)
    today = datetime.date.today()
    if kind == "eligibility":
        html = pdf.eligibility_html(
            application, today=today, show_health=access.show_health(request.user, application.person)
        )
    else:
        html = PERSON_DOCUMENTS[kind](application, today=today)
    content = pdf.render_pdf(html, base_url=request.build_absolute_uri("/"))
    document_read(user=request.user, person=application.person, what=f"application {application.pk} {kind}")
    return _download(content, "application/pdf", pdf.filename(kind, application))


@login_required
@require_GET
def round_ranking(request, pk, format):
    if format not in ("pdf", "xlsx"):
        raise Http404
    projects = Project.objects.visible_to(request.user)
    round_ = get_object_or_404(
        RecruitmentRound.objects.select_related("target_group__project"),
        pk=pk,
        target_group__project__in=projects,
    )
    if not request.user.has_perm("recruitment.view", round_):
        raise PermissionDenied
    visible = access.scope_applications(Application.objects.all(), request.user)
    ranking, waiting = pdf.ranking_lists(round_, visible)
    if format == "xlsx":
        return _download(
            pdf.ranking_xlsx(round_, ranking, waiting), XLSX, pdf.filename("ranking", round_, "xlsx")
        )
    html = pdf.ranking_html(round_, ranking, waiting, today=datetime.date.today())
    content = pdf.render_pdf(html, base_url=request.build_absolute_uri("/"))
    return _download(content, "application/pdf", pdf.filename("ranking", round_))
