"""The recruitment pages (included at rekrutacja/, namespace "recruitment") and the document downloads
(`document_patterns`, included at rekrutacja/dokumenty/, namespace "recruitment_documents")."""

from django.urls import path

from szansa.web.recruitment import documents, setup, views

app_name = "recruitment"
urlpatterns = [
    path("", views.index, name="index"),
    path("projekt/<int:pk>/", views.board, name="board"),
    path("projekt/<int:pk>/uczestnicy.eksport/", views.participants_export, name="participants_export"),
    path("zgloszenia/", views.application_list, name="application_list"),
    path("uczestnicy/", views.participant_list, name="participant_list"),
    path("projekt/<int:pk>/zgloszenia/nowe/", views.application_create, name="application_create"),
    path("projekt/<int:pk>/grupy/<int:group_pk>/kandydaci/", views.candidates, name="candidates"),
    path("zgloszenia/<int:pk>/weryfikacja/", views.application_verify, name="application_verify"),
    path("nabory/<int:pk>/ranking/", views.round_rank, name="round_rank"),
    path("nabory/<int:pk>/import/", views.round_import, name="round_import"),
    path("nabory/<int:pk>/kwalifikacja/", views.round_enrol, name="round_enrol"),
    path("uczestnicy/<int:pk>/", views.participant_detail, name="participant_detail"),
    path("uczestnicy/<int:pk>/dane/", views.participant_data_set, name="participant_data_set"),
    path("uczestnicy/<int:pk>/zakonczenie/", views.participant_exit, name="participant_exit"),
    path("uczestnicy/<int:pk>/monitoring/", views.participant_follow_up, name="participant_follow_up"),
    path("uczestnicy/<int:pk>/rezygnacja/", views.participant_resign, name="participant_resign"),
    path("uczestnicy/<int:pk>/korekta-dat/", setup.participant_correct, name="participant_correct"),
    # Set-up: rounds, eligibility rules, scoring criteria, stipend rates (docs/recruitment.md).
    path("projekt/<int:pk>/ustawienia/", setup.setup_page, name="setup"),
    path("projekt/<int:pk>/grupy/<int:group_pk>/nabory/nowy/", setup.round_create, name="round_create"),
    path("nabory/<int:pk>/edycja/", setup.round_edit, name="round_edit"),
    path("nabory/<int:pk>/usun/", setup.round_delete, name="round_delete"),
    path("projekt/<int:pk>/grupy/<int:group_pk>/reguly/nowa/", setup.rule_create, name="rule_create"),
    path("reguly/<int:pk>/edycja/", setup.rule_edit, name="rule_edit"),
    path("reguly/<int:pk>/usun/", setup.rule_delete, name="rule_delete"),
    path(
        "projekt/<int:pk>/grupy/<int:group_pk>/punktacja/nowe/", setup.scoring_create, name="scoring_create"
    ),
    path("punktacja/<int:pk>/edycja/", setup.scoring_edit, name="scoring_edit"),
    path("punktacja/<int:pk>/usun/", setup.scoring_delete, name="scoring_delete"),
    path("stypendia/", setup.stipend_rate_list, name="stipend_rate_list"),
    path("projekt/<int:pk>/stypendia/nowa/", setup.stipend_rate_create, name="stipend_rate_create"),
    path("projekt/<int:pk>/stypendia/<int:rate_pk>/", setup.stipend_rate_edit, name="stipend_rate_edit"),
    path(
        "projekt/<int:pk>/stypendia/<int:rate_pk>/usun/",
        setup.stipend_rate_delete,
        name="stipend_rate_delete",
    ),
]

document_patterns = (
    [
        path(
            "zgloszenie/<int:pk>/<slug:kind>.pdf", documents.application_document, name="application_document"
        ),
        path("nabor/<int:pk>/ranking.<str:format>", documents.round_ranking, name="round_ranking"),
    ],
    "recruitment_documents",
)
