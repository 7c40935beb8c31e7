"""The participant exports of a project (docs/participant-exports.md): for the managing body in the layout of
the project's programme period (SL2014 or CST2021 / SOWA EFS), with an optional reporting period, or the full
export with Szansa's own columns that the re-import reads. Thin: the files come from
szansa.domain.support.exports and szansa.domain.recruitment.exports; a large export runs as a job
(szansa.web.support.views.export_jobs). Who runs the project's recruitment
(recruitment.manage) may export."""

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from szansa.domain.projects.access import scope_projects
from szansa.domain.projects.models import Project
from szansa.domain.support import export_jobs, exports
from szansa.lib.forms import DateInput
from szansa.lib.replica import reads_from_replica
from szansa.lib.views import require_perm
from szansa.web.support.views.export_jobs import deliver


class ExportForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("Export"),
        choices=[
            ("managing_body", gettext_lazy("for the managing body (the layout of the programme period)")),
            ("full", gettext_lazy("full, with Szansa's own columns (for the re-import)")),
        ],
        initial="managing_body",
    )
    format = forms.ChoiceField(label=gettext_lazy("Format"), choices=[("xlsx", "XLSX"), ("csv", "CSV")])
    period_from = forms.DateField(
        label=gettext_lazy("Reporting period from"),
        required=False,
        widget=DateInput(),
        help_text=gettext_lazy(
            "Participants whose first support (start of participation) falls in the period."
        ),
    )
    period_to = forms.DateField(label=gettext_lazy("Reporting period to"), required=False, widget=DateInput())

    def clean(self):
        data = super().clean()
        start, end = data.get("period_from"), data.get("period_to")
        if start and end and end < start:
            self.add_error(
                "period_to", _("The end of the reporting period cannot be earlier than its start.")
            )
        return data


@login_required
@require_GET
@reads_from_replica
def participant_exports(request, pk):
    project = get_object_or_404(
        scope_projects(Project.objects.select_related("measure__programme"), request.user), pk=pk
    )
    require_perm(request.user, "recruitment.manage", project)
    layout = exports.layout_of(project)
    form = ExportForm(request.GET if "format" in request.GET else None)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        period = {"period_from": data["period_from"], "period_to": data["period_to"]}
        if data["kind"] != "full":
            report = exports.incomplete_report(project, **period)
            if report:
                back = reverse("support:participant_exports", args=[project.pk])
                context = {"project": project, "report": report, "back": back}
                return render(request, "recruitment/export_blocked.html", context, status=409)
        export_request = export_jobs.participants_request(
            project, kind=data["kind"], format=data["format"], **period
        )
        return deliver(request, export_request)
    context = {
        "project": project,
        "form": form,
        "layout": "SL2014" if layout == exports.SL2014 else "CST2021 / SOWA EFS",
        "threshold": settings.EXPORT_JOB_THRESHOLD,
    }
    return render(request, "support/participant_exports.html", context)


urlpatterns = [
    path("projekt/<int:pk>/eksport-uczestnikow/", participant_exports, name="participant_exports"),
]
