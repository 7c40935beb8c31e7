"""The access log page of the data protection officer: who read whose data, through which route, when;
filters, a CSV export, and the users who read unusually many people's files in an hour. Reading it is
itself access-logged (the persons its entries name)."""

import csv
import io

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from szansa.domain.accounts.access_log import heavy_readers
from szansa.domain.accounts.filters import AccessLogFilter, access_log_rows
from szansa.domain.people.models import Person
from szansa.lib.access_log import log_access, route_of, write_pending
from szansa.lib.spreadsheets import csv_cell
from szansa.lib.views import file_response, require_perm

PAGE_SIZE = 100
EXPORT_LIMIT = 100_000


def _log_read(request, entries, what: str) -> None:
    """Reading the log shows the people its entries name: that read is logged too."""
    ids = {entry.object_id for entry in entries if entry.object_id is not None}
    log_access(
        user=request.user, persons=Person.objects.filter(pk__in=ids), route=route_of(request), what=what
    )
    write_pending()  # written before the page counts the heavy readers: this read counts too


def _rows(filters: AccessLogFilter):
    """The entries the filters select, sorted; all of them, newest first, when a filter is invalid (the
    page then shows the filter's error)."""
    return filters.qs if filters.is_valid() else access_log_rows()


@login_required
@require_GET
def entries(request):
    require_perm(request.user, "accounts.view_access_log")
    filters = AccessLogFilter(request.GET, queryset=access_log_rows())
    page = Paginator(_rows(filters), PAGE_SIZE).get_page(request.GET.get("page"))
    _log_read(request, page.object_list, "access log")
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "access_log/entries.html",
        {
            "filters": filters,
            "page": page,
            "query": query.urlencode(),
            "filtered": bool(query),
            "heavy": heavy_readers(filters.access_filter()),
            "threshold": settings.ACCESS_LOG_HOURLY_THRESHOLD,
        },
    )


@login_required
@require_GET
def entries_csv(request):
    require_perm(request.user, "accounts.view_access_log")
    filters = AccessLogFilter(request.GET, queryset=access_log_rows())
    back = f"{reverse('access_log:entries')}?{request.GET.urlencode()}"
    if not filters.is_valid():
        return redirect(back)  # the page shows what is wrong with the filters
    rows = list(filters.qs[: EXPORT_LIMIT + 1])
    if len(rows) > EXPORT_LIMIT:  # no export cut short without a word
        messages.error(
            request,
            _("The export holds at most %(limit)s entries; narrow the filters, e.g. the dates.")
            % {"limit": number_format(EXPORT_LIMIT, force_grouping=True)},
        )
        return redirect(back)
    _log_read(request, rows, "access log export")
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(["czas", "uzytkownik", "osoba_id", "osoba", "droga", "co", "powod"])
    for entry in rows:
        data = entry.additional_data or {}
        writer.writerow(
            csv_cell(value)
            for value in (
                entry.timestamp.isoformat(),
                entry.actor.username if entry.actor else "",
                entry.object_id or "",
                entry.object_repr,
                data.get("route", ""),
                data.get("what", ""),
                data.get("reason", ""),
            )
        )
    return file_response(
        out.getvalue().encode("utf-8-sig"), "text/csv; charset=utf-8", "dziennik-dostepu.csv"
    )
