from django.urls import path

from szansa.web.projects import views

app_name = "projects"
urlpatterns = [
    path("", views.project_list, name="project_list"),
    path("nowy/", views.project_create, name="project_create"),
    path("eksport.xlsx", views.projects_export, name="projects_export"),
    path("<int:pk>/", views.project_detail, name="project_detail"),
    path("<int:pk>/edycja/", views.project_update, name="project_update"),
    path("<int:pk>/budzet/", views.budget, name="budget"),
    path("<int:pk>/budzet/eksport.xlsx", views.budget_export, name="budget_export"),
    path("<int:pk>/budzet/zadania/nowe/", views.task_edit, name="task_create"),
    path("<int:pk>/budzet/zadania/<int:task_pk>/edycja/", views.task_edit, name="task_update"),
    path("<int:pk>/budzet/pozycje/nowa/", views.line_edit, name="line_create"),
    path("<int:pk>/budzet/pozycje/<int:line_pk>/edycja/", views.line_edit, name="line_update"),
    path("<int:pk>/budzet/koszty-posrednie/", views.indirect_costs_apply, name="indirect_costs_apply"),
    path("<int:pk>/wydatki/nowy/", views.expenditure_create, name="expenditure_create"),
    path("<int:pk>/przesuniecia/nowe/", views.shift_create, name="shift_create"),
    path("<int:pk>/wnioski-o-platnosc/nowy/", views.claim_edit, name="claim_create"),
    path("<int:pk>/wnioski-o-platnosc/<int:claim_pk>/edycja/", views.claim_edit, name="claim_update"),
    path(
        "<int:pk>/wnioski-o-platnosc/<int:claim_pk>/status/", views.claim_transition, name="claim_transition"
    ),
    path("<int:pk>/grupy-docelowe/nowa/", views.target_group_edit, name="target_group_create"),
    path(
        "<int:pk>/grupy-docelowe/<int:record_pk>/edycja/", views.target_group_edit, name="target_group_update"
    ),
    path("<int:pk>/wskazniki/nowy/", views.indicator_edit, name="indicator_create"),
    path("<int:pk>/wskazniki/<int:record_pk>/edycja/", views.indicator_edit, name="indicator_update"),
    path("<int:pk>/kadra/nowa/", views.staff_edit, name="staff_create"),
    path("<int:pk>/kadra/<int:record_pk>/edycja/", views.staff_edit, name="staff_update"),
    path("nabory/", views.call_list, name="call_list"),
    path("nabory/nowy/", views.call_edit, name="call_create"),
    path("nabory/<int:call_pk>/edycja/", views.call_edit, name="call_update"),
    path("nabory/<int:call_pk>/wnioski/nowy/", views.application_edit, name="application_create"),
    path(
        "nabory/<int:call_pk>/wnioski/<int:application_pk>/edycja/",
        views.application_edit,
        name="application_update",
    ),
    path("wnioski/<int:application_pk>/status/", views.application_transition, name="application_transition"),
]
