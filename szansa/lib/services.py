"""The two steps that open every write service: check the actor's permission, then validate and save
the instance with the actor named in the audit log."""

from auditlog.context import set_actor
from django.core.exceptions import PermissionDenied


def require(actor, perm: str, obj=None, message=None) -> None:
    """Raise PermissionDenied (with `message`, shown to the user) unless `actor` holds `perm` on `obj`."""
    if actor is None or not actor.has_perm(perm, obj):
        raise PermissionDenied(*([message] if message else []))


def save_validated(actor, instance, *, exclude_unique: bool = False):
    """`full_clean()` the instance, then save it with `actor` recorded as the author of the change."""
    if exclude_unique:
        instance.full_clean(validate_unique=False)
    else:
        instance.full_clean()
    with set_actor(actor):
        instance.save()
    return instance
