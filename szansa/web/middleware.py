from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

from szansa.lib.replica import fresh_context, replica_configured


class PolishFirstLocaleMiddleware(LocaleMiddleware):
    """Pages speak Polish unless the user chose another language with the switch in the header
    (the language cookie); the browser's Accept-Language does not override that. API clients
    still negotiate with Accept-Language."""

    def process_request(self, request):
        if request.path.startswith("/api/"):
            return super().process_request(request)
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class ReplicaPinMiddleware:
    """Each request starts with a fresh replica context (szansa/lib/replica.py). After a POST (or any
    unsafe method) the user's requests stay on the primary for REPLICA_PIN_SECONDS, so the page a form
    redirects to reads what was just written even if the replica lags. Without a replica it does
    nothing visible."""

    COOKIE = "szansa_primary"
    SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with fresh_context(pinned=self.COOKIE in request.COOKIES):
            response = self.get_response(request)
        if request.method not in self.SAFE_METHODS and replica_configured():
            response.set_cookie(
                self.COOKIE,
                "1",
                max_age=settings.REPLICA_PIN_SECONDS,
                httponly=True,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        return response
