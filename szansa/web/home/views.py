from csp.decorators import csp_update
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from szansa.domain.people.access import scope_households, scope_persons
from szansa.domain.people.models import Household, Person


@require_GET
@never_cache
def healthz(request):
    """Liveness and database check for load balancers and monitoring."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        database = "ok"
    except Exception as exc:  # noqa: BLE001 - any database failure is reported, not raised
        database = f"error: {exc.__class__.__name__}"
    healthy = database == "ok"
    return JsonResponse(
        {"status": "ok" if healthy else "error", "checks": {"database": database}},
        status=200 if healthy else 503,
    )


@login_required
def home(request):
    people = scope_persons(Person.objects.all(), request.user)
    context = {
        "people_count": people.count(),
        "households_count": scope_households(Household.objects.all(), request.user).count(),
        "my_caseload": people.filter(responsible_worker=request.user).count(),
    }
    return render(request, "core/home.html", context)


# Error pages (szansa/urls.py: handler403, handler404, handler500) ---------------------------------


def permission_denied(request, exception=None):
    """403 in Szansa's layout and menu; a refusal's own message (PermissionDenied("…")) is shown."""
    message = str(exception or "")
    return render(request, "403.html", {"exception": message}, status=403)


def page_not_found(request, exception=None):
    """404 in Szansa's layout and menu (also for records outside the user's scope, which answer 404).
    Under /api/ (a path no route matches, e.g. a negative id) the API's JSON error body instead."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": _("Not found.")}, status=404)
    return render(request, "404.html", status=404)


# The self-contained 500 page keeps its few styles inline (no static files); only it may.
@csp_update({"style-src": ["'unsafe-inline'"]})
def server_error(request):
    """500 without a request context (the database or the context processors may be what failed);
    the page is self-contained and in the language the request had chosen."""
    try:
        content = loader.get_template("500.html").render()
    except Exception:  # noqa: BLE001 - the error page must answer whatever else is broken
        content = format_html(
            "<!doctype html><title>Szansa</title><h1>{}</h1><p>{}</p>",
            _("Server error"),
            _("Try again in a moment."),
        )
    return HttpResponseServerError(content)
