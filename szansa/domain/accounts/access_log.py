"""Reading the access log (szansa.lib.access_log writes it): who read whose data, for the data protection
officer (GDPR art. 5(2) accountability, art. 32(1)(d) regular testing of the measures, art. 39(1)(b)
monitoring compliance), and the users who read unusually many distinct people's files in one hour.

Who may read it: the administrator, the centre manager and the auditor (`accounts.view_access_log`)."""

import datetime
from dataclasses import dataclass

import rules
from auditlog.models import LogEntry
from django.conf import settings
from django.db.models import Count
from django.db.models.functions import TruncHour

from szansa.domain.accounts.enums import Role
from szansa.lib.roles import has_any_role

# Roles that read the access log: those who answer for the data (administrator, manager) and the auditor.
READ_ACCESS_LOG = (Role.ADMINISTRATOR, Role.CENTRE_MANAGER, Role.AUDITOR)
reads_access_log = has_any_role(*READ_ACCESS_LOG)
rules.add_perm("accounts.view_access_log", reads_access_log)


@dataclass(frozen=True)
class AccessFilter:
    """What the officer asks for; every field optional."""

    user_id: int | None = None
    person: str = ""  # the person's id, or a part of their name as the entry recorded it
    since: datetime.date | None = None
    until: datetime.date | None = None
    route: str = ""  # a part of the route's name ("people:", "person-detail")


def access_entries(filters: AccessFilter):
    """The ACCESS entries matching `filters`, newest first, with their actor."""
    entries = LogEntry.objects.filter(action=LogEntry.Action.ACCESS).select_related("actor", "content_type")
    if filters.user_id:
        entries = entries.filter(actor_id=filters.user_id)
    person = filters.person.strip()
    if person.isdigit():
        entries = entries.filter(object_id=int(person))
    elif person:
        entries = entries.filter(object_repr__icontains=person)
    if filters.since:
        entries = entries.filter(timestamp__date__gte=filters.since)
    if filters.until:
        entries = entries.filter(timestamp__date__lte=filters.until)
    if filters.route.strip():
        entries = entries.filter(additional_data__route__icontains=filters.route.strip())
    return entries.order_by("-timestamp", "-pk")


@dataclass(frozen=True)
class HeavyReading:
    """A user who read more distinct people than the threshold within one clock hour."""

    actor_id: int
    actor: str
    hour: datetime.datetime
    people: int


def heavy_readers(filters: AccessFilter, threshold: int | None = None) -> list[HeavyReading]:
    """The (user, hour) pairs in which a user read more than `threshold` distinct people's data
    (settings.ACCESS_LOG_HOURLY_THRESHOLD by default), most first, among the entries `filters` select."""
    limit = settings.ACCESS_LOG_HOURLY_THRESHOLD if threshold is None else threshold
    rows = (
        access_entries(filters)
        .exclude(actor=None)
        .annotate(hour=TruncHour("timestamp"))
        .values("actor_id", "actor__username", "hour")
        .annotate(people=Count("object_id", distinct=True))
        .filter(people__gt=limit)
        .order_by("-people", "-hour")
    )
    return [HeavyReading(r["actor_id"], r["actor__username"], r["hour"], r["people"]) for r in rows]
