from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
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
