from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from szansa.web.accounts.views import LogoutView
from szansa.web.home.views import healthz
from szansa.web.recruitment import urls as recruitment_urls

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", LogoutView.as_view(), name="logout"),
    path("konto/", include("szansa.web.accounts.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("szansa.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves Swagger UI's set-up as a script file, as the Content-Security-Policy needs.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
    path("osoby/", include("szansa.web.people.urls")),
    path("projekty/", include("szansa.web.projects.urls")),
    path("rekrutacja/dokumenty/", include(recruitment_urls.document_patterns)),
    path("rekrutacja/", include(recruitment_urls)),
    path("mieszkania/", include("szansa.web.housing.urls")),
    path("wsparcie/", include("szansa.web.support.urls")),
    path("zadania/", include("szansa.web.work.urls")),
    path("teren/", include("szansa.web.field.urls")),
    path("wywiady/", include("szansa.web.interviews.urls")),
    path("ochrona-danych/", include("szansa.web.privacy.urls")),
    path("dziennik-dostepu/", include("szansa.web.access_log.urls")),
    path("", include("szansa.web.home.urls")),
]
handler403 = "szansa.web.home.views.permission_denied"
handler404 = "szansa.web.home.views.page_not_found"
handler500 = "szansa.web.home.views.server_error"

if settings.BENCH_BARE_VIEW:
    # The framework floor of `make bench` (bench/views.py), served only while the benchmark runs.
    urlpatterns += [path("", include("bench.urls"))]
