"""Sign-in hardening that every request passes (docs/data-protection.md#sign-in).

- InactivityTimeoutMiddleware: a session idle longer than SESSION_IDLE_TIMEOUT is signed out.
- SecondFactorMiddleware: a user signed in with the password but without the second factor reaches
  nothing but the second-factor pages, sign-in/out, the language switch, static files and /healthz;
  pages send them to verification (or enrolment when they have no device), the API answers 403.
- SecurityHeadersMiddleware: Permissions-Policy on every answer, and `Cache-Control: no-store` on every
  page and API answer of a signed-in user (they may carry personal data)."""

import time

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django_otp import user_has_device

LAST_SEEN_KEY = "szansa_last_seen"


class InactivityTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            last_seen = request.session.get(LAST_SEEN_KEY)
            if last_seen is not None and now - last_seen > settings.SESSION_IDLE_TIMEOUT:
                logout(request)
                if request.path.startswith("/api/"):
                    return JsonResponse(
                        {"detail": _("Your session ended after a period of inactivity. Sign in again.")},
                        status=403,
                    )
                response = redirect_to_login(request.get_full_path())
                return response
            # Written at most once a minute, so that not every request saves the session.
            if last_seen is None or now - last_seen >= 60:
                request.session[LAST_SEEN_KEY] = now
        return self.get_response(request)


def _exempt_paths() -> tuple[str, ...]:
    return (
        reverse("login"),
        reverse("logout"),
        reverse("accounts:verify"),
        reverse("accounts:enrol"),
        reverse("accounts:enrol_qr"),
        reverse("accounts:recovery_codes"),
        reverse("set_language"),
        reverse("healthz"),
        "/" + settings.STATIC_URL.lstrip("/"),
    )


class SecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self._exempt = None

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not user.is_verified()
            and not request.path.startswith(self.exempt)
        ):
            return self.refuse(request, user)
        return self.get_response(request)

    @property
    def exempt(self) -> tuple[str, ...]:
        if self._exempt is None:
            self._exempt = _exempt_paths()
        return self._exempt

    def refuse(self, request, user):
        if request.path.startswith("/api/"):
            response = JsonResponse(
                {"detail": _("Confirm the sign-in with the second factor first.")}, status=403
            )
            add_never_cache_headers(response)
            return response
        target = "accounts:verify" if user_has_device(user) else "accounts:enrol"
        url = reverse(target)
        if request.method == "GET" and not request.headers.get("HX-Request"):
            url += "?" + urlencode({"next": request.get_full_path()})
        return redirect(url)


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        if not request.path.startswith("/" + settings.STATIC_URL.lstrip("/")) and (
            request.path.startswith("/api/") or (user is not None and user.is_authenticated)
        ):
            patch_cache_control(response, no_store=True, private=True)
        return response
