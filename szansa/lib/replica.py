"""Reads that may go to a PostgreSQL streaming replica (docs/deployment.md#read-replica).

With `DATABASE_REPLICA_URL` set, settings add a database alias `replica`. Only code that asks for it
reads there: reports, exports and drill-downs run inside `replica_reads()` (or a view decorated with
`reads_from_replica`). Everything else, every write and every read made after a write in the same
request or job, stays on the primary:

- `ReplicaRouter.db_for_write` pins the current context to the primary, so a read after a write in
  the same request sees what was just written;
- inside a transaction (`atomic`) reads stay on the primary;
- `ReplicaPinMiddleware` (szansa.web.middleware) also keeps the next few seconds of a user's requests
  on the primary after a form was posted, so the page a POST redirects to shows the change even if
  the replica lags a little.

Without the alias every read goes to `default` and `replica_reads()` changes nothing."""

from __future__ import annotations

import contextlib
import contextvars
import functools

from django.db import connections

REPLICA = "replica"
PRIMARY = "default"
NOT_PINNING = {"auditlog.logentry", "sessions.session"}

_replica_allowed: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "szansa_replica_allowed", default=False
)
_pinned: contextvars.ContextVar[bool] = contextvars.ContextVar("szansa_primary_pinned", default=False)


def replica_configured() -> bool:
    return REPLICA in connections.settings


@contextlib.contextmanager
def replica_reads():
    """Reads inside the block may go to the replica (unless the context is pinned to the primary)."""
    token = _replica_allowed.set(True)
    try:
        yield
    finally:
        _replica_allowed.reset(token)


def reads_from_replica(view):
    """Decorates a report, export or drill-down view (or a job) whose reads may go to the replica."""

    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        with replica_reads():
            return view(*args, **kwargs)

    return wrapped


@contextlib.contextmanager
def primary_only():
    """Pins the block to the primary: for a request that follows the same user's write."""
    token = _pinned.set(True)
    try:
        yield
    finally:
        _pinned.reset(token)


def pin_to_primary() -> None:
    """Pins the rest of the current context (request or job) to the primary."""
    _pinned.set(True)


def pinned_to_primary() -> bool:
    return _pinned.get()


def reset_context() -> None:
    """Starts a job (Celery's task_prerun) unpinned, whatever the worker's previous job wrote."""
    _pinned.set(False)
    _replica_allowed.set(False)


@contextlib.contextmanager
def fresh_context(*, pinned: bool = False):
    """One request or job: starts unpinned (or pinned, after the same user's recent write) and leaves
    nothing behind for the next request served by the same thread."""
    allowed_token = _replica_allowed.set(False)
    pinned_token = _pinned.set(pinned)
    try:
        yield
    finally:
        _pinned.reset(pinned_token)
        _replica_allowed.reset(allowed_token)


class ReplicaRouter:
    """Sends allowed reads to the replica; writes, migrations and everything else to the primary."""

    def db_for_read(self, model, **hints):
        if not _replica_allowed.get() or _pinned.get() or not replica_configured():
            return PRIMARY
        if connections[PRIMARY].in_atomic_block:
            return PRIMARY
        return REPLICA

    def db_for_write(self, model, **hints):
        # The log entries a read writes (access log) and the session saved after the response are
        # read by nothing later in the same request: they do not pin it.
        if model._meta.label_lower not in NOT_PINNING:
            pin_to_primary()
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        # The replica holds the same rows as the primary: objects read from either may be related.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == PRIMARY
