from django.urls import path

from szansa.web.privacy import views

app_name = "privacy"
urlpatterns = [
    path("", views.review_list, name="review_list"),
    path("przeglad/<int:pk>/", views.review_decide, name="review_decide"),
    path("zasady/", views.rules, name="rules"),
    path("wnioski/", views.request_list, name="request_list"),
    path("wnioski/<int:pk>/odpowiedz/", views.request_answer, name="request_answer"),
    path("osoby/<int:pk>/", views.person_rights, name="person_rights"),
    path("osoby/<int:pk>/wniosek/", views.request_add, name="request_add"),
    path("osoby/<int:pk>/kopia.pdf", views.subject_access_pdf, name="subject_access_pdf"),
    path("osoby/<int:pk>/kopia.zip", views.subject_access_zip, name="subject_access_zip"),
]
