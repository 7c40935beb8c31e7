"""The framework floor of `make bench`: the full middleware stack and URL routing, no database, no
session read (it never touches request.user). Routed only with BENCH_BARE_VIEW=1 (bench/run.py sets it)."""

from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@require_GET
@never_cache
def bare(request):
    return HttpResponse(b"ok", content_type="text/plain")
