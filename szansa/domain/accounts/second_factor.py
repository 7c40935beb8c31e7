"""The second factor of every staff account (docs/data-protection.md#sign-in), on django-otp:

- a TOTP device (RFC 6238, 30-second codes of 6 digits, as any authenticator app makes them), enrolled
  by the user at their first sign-in: the secret is shown as a QR code and as text, and the device
  counts only once the user has typed a code it made;
- ten single-use recovery codes (django-otp's static tokens: each is deleted when used), shown once
  after enrolment and whenever the user asks for new ones (the old ones stop working);
- a reset by the administrator (the user enrols again at their next sign-in).

A wrong code counts towards django-otp's throttling (each failure doubles the wait before the next try)."""

import secrets

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp import devices_for_user, user_has_device
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from szansa.domain.accounts.enums import Role
from szansa.domain.accounts.models import User

RECOVERY_CODES = 10
RECOVERY_DEVICE = "recovery"
TOTP_DEVICE = "authenticator"
# The alphabet of recovery codes: no 0/O, 1/l/I to misread.
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def has_second_factor(user: User) -> bool:
    return user_has_device(user, confirmed=True)


def pending_totp_device(user: User) -> TOTPDevice:
    """The unconfirmed TOTP device the user is enrolling (created on first call). Refused when the user
    already has a confirmed device: its secret is never shown again."""
    if has_second_factor(user):
        raise PermissionDenied(_("The second factor is already set up."))
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE, confirmed=False)
    return device


def secret_base32(device: TOTPDevice) -> str:
    """The secret as the authenticator apps take it by hand: base32, in groups of four."""
    import base64

    text = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


@transaction.atomic
def confirm_enrolment(user: User, code: str) -> tuple[TOTPDevice, list[str]] | None:
    """Confirm the pending device with a code it made: the device then counts, and the user gets
    fresh recovery codes (returned, to be shown once). None when the code is wrong."""
    device = pending_totp_device(user)
    if not device.verify_token(_clean(code)):
        return None
    device.confirmed = True
    device.save()
    TOTPDevice.objects.filter(user=user, confirmed=False).exclude(pk=device.pk).delete()
    return device, new_recovery_codes(user)


@transaction.atomic
def verify(user: User, code: str):
    """The confirmed device that accepts the code (a TOTP code or an unused recovery code, which is
    used up), or None. One transaction: the devices are locked while the code is checked, so a code is
    never accepted twice by two requests at once."""
    code = _clean(code)
    if not code:
        return None
    for device in devices_for_user(user, confirmed=True, for_verify=True):
        if device.verify_is_allowed()[0] and device.verify_token(code):
            return device
    return None


@transaction.atomic
def new_recovery_codes(user: User) -> list[str]:
    """Replace the user's recovery codes with RECOVERY_CODES new ones (returned to be shown once)."""
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name=RECOVERY_DEVICE, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = ["".join(secrets.choice(_ALPHABET) for _ in range(10)) for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


@transaction.atomic
def reset(user: User, *, actor: User | None) -> int:
    """Remove every second-factor device of the user (lost phone): they enrol again at their next
    sign-in. Only an administrator (or a command run on the server, actor None) may do it."""
    if actor is not None and not actor.has_role(Role.ADMINISTRATOR):
        raise PermissionDenied(_("Only an administrator may reset a second factor."))
    removed = 0
    for model in (TOTPDevice, StaticDevice):
        removed += model.objects.filter(user=user).delete()[1].get(model._meta.label, 0)
    return removed


def current_code(device: TOTPDevice) -> str:
    """The code the device makes now (the demo hint and the browser tests' sign-in)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def give_fixed_device(user: User, key_hex: str) -> TOTPDevice:
    """A confirmed TOTP device with the given secret (the demo accounts' fixed demo secret)."""
    device = TOTPDevice.objects.filter(user=user, name=TOTP_DEVICE).first()
    if device is None:
        return TOTPDevice.objects.create(user=user, name=TOTP_DEVICE, key=key_hex, confirmed=True)
    if device.key != key_hex or not device.confirmed:
        device.key = key_hex
        device.confirmed = True
        device.save(update_fields=["key", "confirmed"])
    return device


def _clean(code: str) -> str:
    return "".join((code or "").split()).lower()
