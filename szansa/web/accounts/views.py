"""Sign-in and the own account (docs/data-protection.md#sign-in): second-factor enrolment and
verification, recovery codes, the own password, API tokens (issued and revoked by their user or an
administrator), the administrator's second-factor reset, and the page a locked-out sign-in answers."""

import io

import django_otp
import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from szansa.domain.accounts import second_factor, tokens
from szansa.domain.accounts.enums import Role
from szansa.domain.accounts.models import ApiToken, User
from szansa.lib.forms import add_service_error
from szansa.lib.views import safe_next
from szansa.web.accounts.forms import CodeForm, EnrolForm, TokenForm

RECOVERY_SESSION_KEY = "szansa_recovery_codes"


class LogoutView(auth_views.LogoutView):
    """Django's sign-out, whose answer also tells the browser to drop what Szansa keeps on the device: the
    field app's encrypted interviews, its key, caches and service worker (docs/offline.md#wipe)."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        response["Clear-Site-Data"] = '"cache", "storage"'
        return response


def locked_out(request, original_response=None, credentials=None):
    """django-axes' answer to a locked-out sign-in: the sign-in page again, with the reason (429)."""
    form = AuthenticationForm(request)
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    message = _(
        "Too many failed sign-ins: this account is locked for %(minutes)s minutes. Wait, or ask the "
        "administrator to unlock it."
    ) % {"minutes": minutes}
    return render(
        request,
        "registration/login.html",
        {"form": form, "locked_out": message, "next": safe_next(request, settings.LOGIN_REDIRECT_URL)},
        status=429,
    )


# --- second factor -----------------------------------------------------------------------------------


@never_cache
@login_required
def verify(request):
    user = request.user
    if user.is_verified():
        return redirect(safe_next(request, settings.LOGIN_REDIRECT_URL))
    if not second_factor.has_second_factor(user):
        return redirect(reverse("accounts:enrol"))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = second_factor.verify(user, form.cleaned_data["code"])
        if device is not None:
            django_otp.login(request, device)
            if device.name == second_factor.RECOVERY_DEVICE:
                left = second_factor.recovery_codes_left(user)
                messages.warning(
                    request,
                    _(
                        "You signed in with a recovery code; %(left)s are left. Make new ones on your "
                        "account page."
                    )
                    % {"left": left},
                )
            return redirect(safe_next(request, settings.LOGIN_REDIRECT_URL))
        form.add_error("code", _("This code is wrong or already used. Try the current code."))
    return render(
        request,
        "accounts/verify.html",
        {
            "form": form,
            "next": safe_next(request, settings.LOGIN_REDIRECT_URL),
            "demo_code": _demo_code(user),
        },
    )


def _demo_code(user) -> str | None:
    """The demo only (DEBUG and DEMO both on): the current code of the user's device, as a hint."""
    if not (settings.DEBUG and settings.DEMO_SECOND_FACTOR_HINT):
        return None
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return second_factor.current_code(device) if device else None


@never_cache
@login_required
def enrol(request):
    user = request.user
    if second_factor.has_second_factor(user):
        return redirect(reverse("accounts:verify"))
    device = second_factor.pending_totp_device(user)
    form = EnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = second_factor.confirm_enrolment(user, form.cleaned_data["code"])
        if result is not None:
            device, codes = result
            django_otp.login(request, device)
            request.session[RECOVERY_SESSION_KEY] = codes
            return redirect(
                reverse("accounts:recovery_codes")
                + "?next="
                + safe_next(request, settings.LOGIN_REDIRECT_URL)
            )
        form.add_error("code", _("This code is wrong. Type the code the app shows now."))
    return render(
        request,
        "accounts/enrol.html",
        {
            "form": form,
            "secret": second_factor.secret_base32(device),
            "next": safe_next(request, settings.LOGIN_REDIRECT_URL),
        },
    )


@never_cache
@login_required
def enrol_qr(request):
    """The QR code of the device being enrolled, drawn here as SVG (no outside service sees the secret)."""
    if second_factor.has_second_factor(request.user):
        raise PermissionDenied
    device = second_factor.pending_totp_device(request.user)
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    return HttpResponse(buffer.getvalue(), content_type="image/svg+xml")


@never_cache
@login_required
def recovery_codes(request):
    """GET: the codes made at enrolment, shown once. POST: new codes (the old ones stop working)."""
    if request.method == "POST":
        codes = second_factor.new_recovery_codes(request.user)
    else:
        codes = request.session.pop(RECOVERY_SESSION_KEY, None)
        if not codes:
            return redirect(reverse("accounts:account"))
    return render(
        request,
        "accounts/recovery_codes.html",
        {"codes": codes, "next": safe_next(request, reverse("accounts:account"))},
    )


# --- the account page --------------------------------------------------------------------------------


def _owner(request, pk):
    if pk is None or pk == request.user.pk:
        return request.user
    if not request.user.has_role(Role.ADMINISTRATOR):
        raise PermissionDenied
    return get_object_or_404(User, pk=pk)


def _account_page(request, owner, *, password_form=None, token_form=None, issued=None, status=200):
    own = owner.pk == request.user.pk
    return render(
        request,
        "accounts/account.html",
        {
            "owner": owner,
            "own": own,
            "is_admin": request.user.has_role(Role.ADMINISTRATOR),
            "password_form": password_form or (PasswordChangeForm(owner) if own else None),
            "token_form": token_form or TokenForm(),
            "issued": issued,
            "tokens": ApiToken.objects.filter(user=owner).select_related("created_by"),
            "has_second_factor": second_factor.has_second_factor(owner),
            "recovery_codes_left": second_factor.recovery_codes_left(owner),
            "now": timezone.now(),
        },
        status=status,
    )


@never_cache
@login_required
def account(request, pk=None):
    return _account_page(request, _owner(request, pk))


@never_cache
@login_required
@require_POST
def password_change(request):
    form = PasswordChangeForm(request.user, request.POST)
    if form.is_valid():
        user = form.save()
        update_session_auth_hash(request, user)
        messages.success(request, _("Your password has been changed."))
        return redirect(reverse("accounts:account"))
    return _account_page(request, request.user, password_form=form, status=400)


@never_cache
@login_required
@require_POST
def token_issue(request, pk):
    owner = _owner(request, pk)
    form = TokenForm(request.POST)
    if form.is_valid():
        try:
            issued = tokens.issue(
                owner, name=form.cleaned_data["name"], days=form.cleaned_data["days"], actor=request.user
            )
        except ValidationError as error:
            add_service_error(form, error, default_field="name")
        else:
            return _account_page(request, owner, issued=issued)
    return _account_page(request, owner, token_form=form, status=400)


@login_required
@require_POST
def token_revoke(request, pk):
    token = get_object_or_404(ApiToken.objects.select_related("user"), pk=pk)
    tokens.revoke(token, actor=request.user)
    messages.success(request, _("The token %(name)s has been revoked.") % {"name": token.name})
    return redirect(_account_url(request, token.user))


@login_required
@require_POST
def second_factor_reset(request, pk):
    owner = get_object_or_404(User, pk=pk)
    second_factor.reset(owner, actor=request.user)
    messages.success(
        request,
        _("The second factor of %(user)s has been reset: they set it up again at their next sign-in.")
        % {"user": owner},
    )
    return redirect(_account_url(request, owner))


def _account_url(request, owner) -> str:
    if owner.pk == request.user.pk:
        return reverse("accounts:account")
    return reverse("accounts:user_account", args=[owner.pk])
