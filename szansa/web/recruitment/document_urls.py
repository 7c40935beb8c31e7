"""Recruitment document downloads; included at rekrutacja/dokumenty/ by szansa/urls.py."""

from django.urls import path

from szansa.web.recruitment import documents as document_views

app_name = "recruitment_documents"

urlpatterns = [
    path(
        "zgloszenie/<int:pk>/<slug:kind>.pdf",
        document_views.application_document,
        name="application_document",
    ),
    path("nabor/<int:pk>/ranking.<str:format>", document_views.round_ranking, name="round_ranking"),
]
