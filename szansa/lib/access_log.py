"""The access log: the one writer of "who read whose data". Reading personal data is recorded as the
law asks of a controller (GDPR art. 5(2) and 32; see docs/data-protection.md), one entry per person read:

- who: the signed-in user (`actor`);
- when: the entry's timestamp;
- which person: the entry's object (content type and pk of the person);
- through which route: `additional_data["route"]`, the URL name of the page or API route (or the
  command) that showed the data;
- what: `additional_data["what"]`, what of the person was read ("file", "stay 12 agreement.pdf");
- why, if given: `additional_data["reason"]`.

Every read path calls `log_access`; nothing else writes ACCESS entries. While a request is served, the
entries of its `log_access` calls are written when the answer leaves the middleware, together with the
persons it showed, in one INSERT whatever the answer's status (a page that logs its person, then fails,
still leaves the read recorded); outside a request (a command, a job, a streamed file's rows) each call
writes at once.

Pages, the API, PDFs, exports, calendar feeds and the admin are covered by one mechanism, the
`AccessLogMiddleware`: while a request is served, every person loaded from the database is noted
(`note_loaded`, connected to the person model's `post_init` by szansa.domain.people), and a successful
answer (2xx) writes one entry per person it loaded and that no explicit `log_access` of the same
request already named (`what` = "shown"). A computation that loads people without showing them (the
household members of an income test a reader may not see) runs inside `not_shown()`. Views still call
`log_access` themselves where they can say more precisely what was read ("stay 12 agreement.pdf").
"""

import contextlib
from collections.abc import Iterable
from contextvars import ContextVar

from auditlog.cid import get_cid
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType

ACCESS = LogEntry.Action.ACCESS

# The persons loaded while the current request is served ({(model, pk): instance}), None outside one.
_loaded: ContextVar[dict | None] = ContextVar("access_log_loaded", default=None)
# The persons already logged by an explicit `log_access` of the current request.
_logged: ContextVar[set | None] = ContextVar("access_log_logged", default=None)
_quiet: ContextVar[bool] = ContextVar("access_log_quiet", default=False)
# The entries `log_access` made while the current request is served, written with the request's others.
_pending: ContextVar[list | None] = ContextVar("access_log_pending", default=None)


# A request's entries go in one INSERT statement, which is atomic by itself: bulk_create's transaction
# around its batches (BEGIN and COMMIT, two more round trips on every page that shows people) is left out
# up to this many entries; more (a large export's) are inserted in bulk_create's batches.
ONE_STATEMENT_ENTRIES = 1000


def _write(entries: list) -> None:
    if len(entries) > ONE_STATEMENT_ENTRIES:
        LogEntry.objects.bulk_create(entries)
        return
    meta = LogEntry._meta
    fields = [f for f in meta.concrete_fields if not f.primary_key and not f.generated]
    rows = LogEntry.objects._insert(entries, fields=fields, returning_fields=meta.db_returning_fields)
    for entry, row in zip(entries, rows, strict=True):
        for field, value in zip(meta.db_returning_fields, row, strict=True):
            setattr(entry, field.attname, value)
        entry._state.adding = False


def log_access(*, user, persons: Iterable, route: str, what: str = "", reason: str = "") -> list[LogEntry]:
    """Write one ACCESS entry for each of `persons` (model instances; duplicates count once), read by
    `user` through `route`. Returns the entries: written at once (one INSERT for all
    of them), or, while a request is served, when its answer leaves the AccessLogMiddleware (see the
    module's text)."""
    seen: dict[int, object] = {}
    for person in persons:
        if person is not None and person.pk not in seen:
            seen[person.pk] = person
    if not seen:
        return []
    logged = _logged.get()
    if logged is not None:
        logged.update((type(person), pk) for pk, person in seen.items())
    data = {"route": route, "what": what}
    if reason:
        data["reason"] = reason
    cid = get_cid()
    actor = user if getattr(user, "is_authenticated", False) else None
    entries = [
        LogEntry(
            content_type=ContentType.objects.get_for_model(type(person)),
            object_pk=str(pk),
            object_id=pk,
            object_repr=str(person)[:255],
            action=ACCESS,
            actor=actor,
            actor_email=getattr(actor, "email", None) or None,
            changes=None,
            cid=cid,
            additional_data={**data, "person_id": pk},
        )
        for pk, person in seen.items()
    ]
    pending = _pending.get()
    if pending is not None:
        pending.extend(entries)
        return entries
    _write(entries)
    return entries


def write_pending() -> None:
    """Write the current request's entries now (one INSERT), for a page that then reads the log itself
    and counts its own read (the access log page's heavy readers)."""
    pending = _pending.get()
    if pending:
        _write(pending)
        pending.clear()


def pending_entries(model, pk) -> list[LogEntry]:
    """The entries on one person (`model`, `pk`) the current request logged and has not written yet (a
    file's list of its reads shows the read that is showing it)."""
    content_type = ContentType.objects.get_for_model(model)
    return [
        entry
        for entry in _pending.get() or []
        if entry.content_type_id == content_type.pk and entry.object_id == pk
    ]


def route_of(request, default: str = "") -> str:
    """The URL name of the request's route ("people:person_detail"), for `log_access`."""
    match = getattr(request, "resolver_match", None)
    return (match.view_name if match else "") or default or request.path


def note_loaded(sender, instance, **kwargs) -> None:
    """A `post_init` receiver: note a person loaded while a request is served (see the module's text)."""
    loaded = _loaded.get()
    if loaded is not None and instance.pk is not None and not _quiet.get():
        loaded.setdefault((sender, instance.pk), instance)


@contextlib.contextmanager
def not_shown():
    """People loaded inside are used (e.g. to compute a figure) but not shown: the middleware does not
    log them."""
    token = _quiet.set(True)
    try:
        yield
    finally:
        _quiet.reset(token)


def _shown_persons(loaded: dict, logged: set) -> list:
    """The loaded persons not yet logged; those loaded with their names deferred are read again (one query
    per model) so that each entry names the person."""
    persons, deferred = [], {}
    for (model, pk), instance in loaded.items():
        if (model, pk) in logged:
            continue
        if instance.get_deferred_fields():
            deferred.setdefault(model, []).append(pk)
        else:
            persons.append(instance)
    for model, pks in deferred.items():
        persons.extend(model._base_manager.filter(pk__in=pks))
    return persons


class AccessLogMiddleware:
    """Logs the persons a successful answer loaded (pages, API, PDFs, exports, feeds, the admin): one
    entry per person, route = the URL name, what = "shown". Placed after the authentication middleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        loaded: dict = {}
        logged: set = set()
        pending: list = []
        tokens = (_loaded.set(loaded), _logged.set(logged), _pending.set(pending))
        response = None
        try:
            response = self.get_response(request)
        finally:
            _loaded.reset(tokens[0])
            _logged.reset(tokens[1])
            _pending.reset(tokens[2])
            user = getattr(request, "user", None)
            if (
                response is not None
                and loaded
                and 200 <= response.status_code < 300
                and getattr(user, "is_authenticated", False)
            ):
                # Made here, outside the request's context: log_access returns the entries unwritten.
                shown = _shown_persons(loaded, logged)
                token = _pending.set(pending)
                try:
                    log_access(user=user, persons=shown, route=route_of(request), what="shown")
                finally:
                    _pending.reset(token)
            if pending:
                # Every entry of the request in one INSERT.
                _write(pending)
        return response
