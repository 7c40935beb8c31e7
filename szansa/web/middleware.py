from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


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
