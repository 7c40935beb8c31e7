from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from szansa.core.views import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("api/v1/", include("szansa.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
    path("osoby/", include("szansa.people.urls")),
    path("projekty/", include("szansa.projects.urls")),
    path("rekrutacja/dokumenty/", include("szansa.recruitment.document_urls")),
    path("rekrutacja/", include("szansa.recruitment.urls")),
    path("mieszkania/", include("szansa.housing.urls")),
    path("wsparcie/", include("szansa.support.urls")),
    path("zadania/", include("szansa.work.urls")),
    path("", include("szansa.core.urls")),
]
