"""Downloads of exports (docs/participant-exports.md#large-exports): a small export is streamed straight
to the browser; a large one (more rows than EXPORT_JOB_THRESHOLD) runs as a background job whose page shows
its progress (HTMX polling) and offers the file when done, to the user who asked only. Thin: the files
come from szansa.domain.support.export_jobs."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_GET

from szansa.domain.support import export_jobs
from szansa.lib.access_log import route_of
from szansa.lib.replica import replica_reads
from szansa.lib.views import download_or_404


def _on_replica(chunks):
    """The pieces of a streamed file, read on the replica (the view's own replica context has ended by
    the time the server reads them)."""
    with replica_reads():
        yield from chunks


def deliver(request, export_request):
    """The export as a response: a job (redirect to its page) when large, else the file itself, streamed;
    the people in it access-logged first (one INSERT)."""
    if export_request.large:
        job = export_jobs.export_start(actor=request.user, request=export_request)
        return redirect("support:export_job", job=job)
    return direct_file(request, export_request)


def direct_file(request, export_request):
    export_jobs.log_persons(
        user=request.user, ids=export_jobs.person_ids(export_request), route=route_of(request)
    )
    disposition = f'attachment; filename="{export_request.filename}"'
    if export_request.format == "csv":
        response = StreamingHttpResponse(
            _on_replica(export_jobs.csv_stream(export_request)), content_type=export_request.content_type
        )
        response["Content-Disposition"] = disposition
        return response
    out = export_jobs.temporary_file()
    export_jobs.write(export_request, out)
    out.seek(0)
    return FileResponse(
        out, as_attachment=True, filename=export_request.filename, content_type=export_request.content_type
    )


def _job(request, job: str) -> dict:
    status = export_jobs.job_of(job, request.user)
    if status is None:
        raise Http404
    return status


def _context(job: str, status: dict) -> dict:
    return {
        "job": job,
        "status": status,
        "percent": export_jobs.percent(status),
        "done": status.get("state") in ("done", "failed"),
    }


@login_required
@require_GET
def export_job(request, job):
    status = _job(request, job)
    return render(request, "support/export_job.html", _context(job, status))


@login_required
@require_GET
def export_progress(request, job):
    """The progress fragment HTMX polls every second until the job is done."""
    status = _job(request, job)
    return render(request, "support/export_progress.html", _context(job, status))


@login_required
@require_GET
def export_file(request, job):
    return download_or_404(export_jobs.download(job, user=request.user, route=route_of(request)))


urlpatterns = [
    path("eksport/<str:job>/", export_job, name="export_job"),
    path("eksport/<str:job>/postep/", export_progress, name="export_progress"),
    path("eksport/<str:job>/plik/", export_file, name="export_file"),
]
