"""API tokens: issued to a user (by the user on their account page, or by an administrator), stored only
as a SHA-256 digest, valid until their expiry date, revocable at any time (docs/data-protection.md#sign-in).

A key is `<prefix>.<secret>`: 48 random bytes in URL-safe base64; the prefix lets a user tell their tokens
apart. SHA-256 (not a slow password hash) is enough for a random 256-bit-plus secret and keeps every API
call cheap."""

import datetime
import hashlib
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from szansa.domain.accounts.enums import Role
from szansa.domain.accounts.models import ApiToken, User
from szansa.lib.errors import ServiceError

PREFIX_LENGTH = 8


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    key: str  # shown once; never stored


def digest(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def may_manage_tokens_of(actor: User, owner: User) -> bool:
    """Users manage their own tokens; an administrator manages everyone's."""
    return actor.pk == owner.pk or actor.has_role(Role.ADMINISTRATOR)


def issue(owner: User, *, name: str, days: int | None = None, actor: User | None = None) -> IssuedToken:
    actor = actor or owner
    if not may_manage_tokens_of(actor, owner):
        raise PermissionDenied(_("You may not issue API tokens to another user."))
    days = settings.API_TOKEN_DEFAULT_DAYS if days is None else days
    if not 1 <= days <= settings.API_TOKEN_MAX_DAYS:
        raise ServiceError(
            _("A token is valid for 1 to %(max)s days.") % {"max": settings.API_TOKEN_MAX_DAYS},
            code="days",
        )
    name = (name or "").strip()
    if not name:
        raise ServiceError(_("Give the token a name, e.g. the program that will use it."), code="name")
    prefix = secrets.token_hex(PREFIX_LENGTH // 2)
    key = f"{prefix}.{secrets.token_urlsafe(48)}"
    token = ApiToken.objects.create(
        user=owner,
        name=name[:100],
        prefix=prefix,
        digest=digest(key),
        created_by=actor,
        expires_at=timezone.now() + datetime.timedelta(days=days),
    )
    return IssuedToken(token=token, key=key)


def revoke(token: ApiToken, *, actor: User) -> ApiToken:
    if not may_manage_tokens_of(actor, token.user):
        raise PermissionDenied(_("You may not revoke another user's API token."))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def authenticate(key: str) -> ApiToken | None:
    """The active token with this key (its user active too), or None; notes when it was last used (at
    most once a minute, to spare the database a write per call)."""
    now = timezone.now()
    token = (
        ApiToken.objects.active(now)
        .select_related("user")
        .filter(digest=digest(key), user__is_active=True)
        .first()
    )
    if token is None:
        return None
    if token.last_used_at is None or now - token.last_used_at > datetime.timedelta(minutes=1):
        with transaction.atomic():
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
