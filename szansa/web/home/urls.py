from django.urls import path

from szansa.web.home import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
]
