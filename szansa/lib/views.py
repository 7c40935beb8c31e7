"""View helpers shared by every web page."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render

from szansa.lib.forms import add_service_error


def require_perm(user, perm: str, obj=None) -> None:
    """403 unless the user holds `perm` (on `obj`); scoping (404) is the queryset's job, done first."""
    if not user.has_perm(perm, obj):
        raise PermissionDenied


def posted(request):
    """The POST data of a POST request, else None (a form bound to it, or unbound on GET)."""
    return request.POST if request.method == "POST" else None


def form_page(
    request,
    form,
    *,
    template: str,
    context: dict,
    save,
    saved: str,
    back,
    field=None,
    cancel: str | None = None,
):
    """Validate a form, save through a service, or show it again with the errors next to the fields.

    `save()` calls the service; a ValidationError it raises goes next to the fields it names (else next
    to `field`, else above the form); a PermissionDenied with a message goes above the form (or next to
    the form's `permission_field`). On success the user is told `saved` (or `saved(result)`) and sent to
    `back(result)` (or `back`). A refused save keeps everything the user typed: the bound form is rendered
    again.

    The page's "back" link (`back` in the template, e.g. Cancel) is `cancel`, or `back` itself when it is
    an address rather than a function of the result; `context` may set its own.
    """
    context = {"back": cancel if cancel is not None else (None if callable(back) else back), **context}
    if request.method == "POST" and form.is_valid():
        try:
            result = save()
        except ValidationError as error:
            if hasattr(form, "add_service_error"):
                form.add_service_error(error)
            else:
                add_service_error(form, error, default_field=field)
        except PermissionDenied as refusal:
            if not refusal.args:
                raise
            form.add_error(getattr(form, "permission_field", None), str(refusal))
        else:
            messages.success(request, saved(result) if callable(saved) else saved)
            return redirect(back(result) if callable(back) else back)
    return render(request, template, {"form": form, **context})


def file_response(content: bytes, content_type: str, filename: str, *, inline: bool = False) -> HttpResponse:
    """A download (or, `inline`, a document the browser shows) named `filename`."""
    response = HttpResponse(content, content_type=content_type)
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


def download_or_404(found) -> FileResponse:
    """A stored file streamed as a download from `found` = (open binary file, file name, content type),
    or 404 when there is none (`found` is None)."""
    if found is None:
        raise Http404
    handle, filename, content_type = found
    return FileResponse(handle, as_attachment=True, filename=filename, content_type=content_type)


def pdf_response(request, html: str, filename: str) -> HttpResponse:
    """A PDF printed from `html` (links and images resolved against this site), as a download."""
    from szansa.lib.pdf import render_pdf

    return file_response(
        render_pdf(html, base_url=request.build_absolute_uri("/")), "application/pdf", filename
    )


def safe_next(request, default: str, field: str = "next") -> str:
    """The `next` address of the request (POST first, then GET) when it stays on this site (host and
    scheme checked with url_has_allowed_host_and_scheme), else `default` (a URL or a URL name)."""
    from django.shortcuts import resolve_url
    from django.utils.http import url_has_allowed_host_and_scheme

    candidate = request.POST.get(field) or request.GET.get(field) or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url(default)
