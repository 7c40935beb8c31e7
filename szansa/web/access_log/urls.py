from django.urls import path

from szansa.web.access_log import views

app_name = "access_log"
urlpatterns = [
    path("", views.entries, name="entries"),
    path("eksport.csv", views.entries_csv, name="entries_csv"),
]
