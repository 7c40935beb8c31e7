"""API of the exports (docs/participant-exports.md#large-exports): a project's participant export (for the
managing body in its period's layout, or the full one) and budget workbook. A small export answers 200 with
the file; a large one (more rows than EXPORT_JOB_THRESHOLD) answers 202 with a job resource whose progress
the client reads at /export-jobs/{job}/ and whose file, when done, at /export-jobs/{job}/file/ — the job
and its file are the requesting user's only. A managing-body export with incomplete data sets answers 409
with the Polish validation report. Thin: szansa.domain.support.export_jobs decides and writes; every file
access-logs the people in it (one INSERT)."""

from django.http import FileResponse, Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from szansa.api.schema import PK_PARAMETER
from szansa.domain.projects.access import scope_projects
from szansa.domain.projects.models import Project
from szansa.domain.support import export_jobs, exports
from szansa.lib.access_log import route_of
from szansa.lib.replica import replica_reads
from szansa.lib.views import download_or_404


class ParticipantExportQuerySerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=[("managing_body", "managing_body"), ("full", "full")],
        default="managing_body",
        help_text=_(
            "managing_body: the layout of the project's programme period; full: with Szansa's columns."
        ),
    )
    format = serializers.ChoiceField(choices=[("xlsx", "xlsx"), ("csv", "csv")], default="xlsx")
    period_from = serializers.DateField(required=False, help_text=_("Reporting period from (first support)."))
    period_to = serializers.DateField(required=False, help_text=_("Reporting period to."))

    def validate(self, data):
        start, end = data.get("period_from"), data.get("period_to")
        if start and end and end < start:
            raise serializers.ValidationError(
                {"period_to": _("The end of the reporting period cannot be earlier than its start.")}
            )
        return data


class ExportJobSerializer(serializers.Serializer):
    id = serializers.CharField(help_text=_("The job's id."))
    state = serializers.ChoiceField(choices=["queued", "running", "done", "failed"])
    processed = serializers.IntegerField(help_text=_("Rows written so far."))
    total = serializers.IntegerField(help_text=_("Rows expected."))
    percent = serializers.IntegerField(allow_null=True)
    filename = serializers.CharField()
    download = serializers.CharField(allow_null=True, help_text=_("The file's address once the job is done."))


class IncompleteExportSerializer(serializers.Serializer):
    detail = serializers.CharField()
    report = serializers.ListField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text=_("Per participant: first name, surname, PESEL, the missing fields (in Polish)."),
    )


def job_resource(request, job: str, status_: dict) -> dict:
    done = status_.get("state") == "done"
    return {
        "id": job,
        "state": status_.get("state"),
        "processed": status_.get("processed", 0),
        "total": status_.get("total") or 0,
        "percent": export_jobs.percent(status_),
        "filename": status_.get("filename", ""),
        "download": request.build_absolute_uri(reverse("export-job-file", args=[job])) if done else None,
    }


def _answer(request, export_request):
    """202 with the job when large, else 200 with the file (the people in it access-logged first)."""
    if export_request.large:
        job = export_jobs.export_start(actor=request.user, request=export_request)
        resource = job_resource(request, job, export_jobs.read_status(job))
        response = Response(ExportJobSerializer(resource).data, status=status.HTTP_202_ACCEPTED)
        response["Location"] = reverse("export-job", args=[job])
        return response
    export_jobs.log_persons(
        user=request.user, ids=export_jobs.person_ids(export_request), route=route_of(request)
    )
    if export_request.format == "csv":

        def on_replica(chunks):
            with replica_reads():
                yield from chunks

        response = StreamingHttpResponse(
            on_replica(export_jobs.csv_stream(export_request)), content_type=export_request.content_type
        )
        response["Content-Disposition"] = f'attachment; filename="{export_request.filename}"'
        return response
    out = export_jobs.temporary_file()
    export_jobs.write(export_request, out)
    out.seek(0)
    return FileResponse(
        out, as_attachment=True, filename=export_request.filename, content_type=export_request.content_type
    )


def _project(request, pk, perm: str) -> Project:
    projects = scope_projects(Project.objects.select_related("measure__programme"), request.user)
    project = get_object_or_404(projects, pk=pk)
    if not request.user.has_perm(perm, project):
        raise PermissionDenied
    return project


FILE = OpenApiResponse(OpenApiTypes.BINARY, description=_("The file (XLSX or CSV)."))
JOB = OpenApiResponse(ExportJobSerializer, description=_("A large export: the job that writes it."))


class JsonAnswers(DefaultContentNegotiation):
    """The `format` query parameter names the file's format here, not a renderer: answers that are not
    the file (202, 409, errors) are JSON."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class ProjectParticipantExportView(APIView):
    """A project's participants in the managing body's layout of its programme period (SL2014 or
    CST2021 / SOWA EFS; only those who have started, optionally those whose first support falls in a
    reporting period) or the full export the re-import reads."""

    permission_classes = [IsAuthenticated]
    content_negotiation_class = JsonAnswers

    @extend_schema(
        parameters=[PK_PARAMETER, ParticipantExportQuerySerializer],
        responses={
            200: FILE,
            202: JOB,
            409: OpenApiResponse(IncompleteExportSerializer, description=_("Data sets are incomplete.")),
        },
        operation_id="projects_participant_export",
    )
    def get(self, request, pk):
        with replica_reads():
            project = _project(request, pk, "recruitment.manage")
            query = ParticipantExportQuerySerializer(data=request.query_params)
            query.is_valid(raise_exception=True)
            data = query.validated_data
            period = {"period_from": data.get("period_from"), "period_to": data.get("period_to")}
            if data["kind"] != "full":
                report = exports.incomplete_report(project, **period)
                if report:
                    detail = _("Some participants miss data-set fields; complete them first.")
                    return Response(
                        {"detail": str(detail), "report": report}, status=status.HTTP_409_CONFLICT
                    )
            export_request = export_jobs.participants_request(
                project, kind=data["kind"], format=data["format"], **period
            )
            return _answer(request, export_request)


class ProjectBudgetExportView(APIView):
    """A project's budget and its execution with every expenditure, as an XLSX workbook."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        parameters=[PK_PARAMETER], responses={200: FILE, 202: JOB}, operation_id="projects_budget_export"
    )
    def get(self, request, pk):
        with replica_reads():
            project = _project(request, pk, "projects.view_project")
            return _answer(request, export_jobs.budget_request([project]))


JOB_PARAMETER = OpenApiParameter("job", OpenApiTypes.STR, OpenApiParameter.PATH)


class ExportJobView(APIView):
    """A large export's job: its state and progress, and the file's address once done. Only the user who
    asked sees it (404 for anyone else)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        parameters=[JOB_PARAMETER], responses={200: ExportJobSerializer}, operation_id="export_jobs_retrieve"
    )
    def get(self, request, job):
        status_ = export_jobs.job_of(job, request.user)
        if status_ is None:
            raise Http404
        return Response(ExportJobSerializer(job_resource(request, job, status_)).data)


class ExportJobFileView(APIView):
    """The file of a finished export job, for the user who asked only; access-logged."""

    permission_classes = [IsAuthenticated]

    @extend_schema(parameters=[JOB_PARAMETER], responses={200: FILE}, operation_id="export_jobs_file")
    def get(self, request, job):
        return download_or_404(export_jobs.download(job, user=request.user, route=route_of(request)))
