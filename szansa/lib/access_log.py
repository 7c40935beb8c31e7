"""The access log: the one writer of "who read whose data". Reading personal data is recorded as the
law asks of a controller (GDPR art. 5(2) and 32; see docs/data-protection.md), one entry per person read:

- who: the signed-in user (`actor`);
- when: the entry's timestamp;
- which person: the entry's object (content type and pk of the person);
- through which route: `additional_data["route"]`, the URL name of the page or API route (or the
  command) that showed the data;
- what: `additional_data["what"]`, what of the person was read ("file", "stay 12 agreement.pdf");
- why, if given: `additional_data["reason"]`.

Every read path calls `log_access`; nothing else writes ACCESS entries.
"""

from collections.abc import Iterable

from auditlog.cid import get_cid
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType

ACCESS = LogEntry.Action.ACCESS


def log_access(*, user, persons: Iterable, route: str, what: str = "", reason: str = "") -> list[LogEntry]:
    """Write one ACCESS entry for each of `persons` (model instances; duplicates count once), read by
    `user` through `route`. Returns the entries (one INSERT for all of them)."""
    seen: dict[int, object] = {}
    for person in persons:
        if person is not None and person.pk not in seen:
            seen[person.pk] = person
    if not seen:
        return []
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
    return LogEntry.objects.bulk_create(entries)


def route_of(request, default: str = "") -> str:
    """The URL name of the request's route ("people:person_detail"), for `log_access`."""
    match = getattr(request, "resolver_match", None)
    return (match.view_name if match else "") or default or request.path
