"""The access log of residents' data: reading a resident's stay file or downloading one of their
documents writes an ACCESS entry on the person, as people.selectors.person_file_open does for the
registry file (that selector is not reused: it scopes by the registry, and a carer may read a stay of
a resident outside their registry scope; the stay itself is loaded through the housing scope)."""

from auditlog.models import LogEntry


def resident_read(*, user, person, what: str) -> LogEntry:
    """Log that `user` read `what` (e.g. "stay 12", "stay 12 agreement.pdf") of the resident."""
    return LogEntry.objects.log_create(
        person,
        action=LogEntry.Action.ACCESS,
        actor=user,
        force_log=True,
        changes=None,
        additional_data={"housing": what},
    )
