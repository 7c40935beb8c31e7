from django.urls import include, path

from szansa.web.people import picker, views

app_name = "people"
urlpatterns = [
    path("", views.person_list, name="person_list"),
    path("import/", include("szansa.web.people.imports")),
    path("wybor/", picker.person_picker_search, name="person_picker"),
    path("nowa/", views.person_create, name="person_create"),
    path("<int:pk>/", views.person_detail, name="person_detail"),
    path("<int:pk>/edycja/", views.person_update, name="person_update"),
    path("<int:pk>/dochody/nowy/", views.income_create, name="income_create"),
    path("<int:pk>/sytuacje/nowa/", views.situation_create, name="situation_create"),
    path("<int:pk>/sytuacje/<int:situation_pk>/koniec/", views.situation_end, name="situation_end"),
    path("<int:pk>/zgody/nowa/", views.consent_create, name="consent_create"),
    path("<int:pk>/zgody/<int:consent_pk>/wycofanie/", views.consent_withdraw, name="consent_withdraw"),
    path("<int:pk>/wiadomosci/nowa/", views.person_message, name="person_message"),
    path("<int:pk>/gospodarstwo/nowe/", views.household_create, name="household_create"),
    path("gospodarstwa/", views.household_list, name="household_list"),
    path("gospodarstwa/<int:pk>/", views.household_detail, name="household_detail"),
    path("gospodarstwa/<int:pk>/edycja/", views.household_update, name="household_update"),
    path("gospodarstwa/<int:pk>/czlonkowie/nowy/", views.household_add_member, name="household_add_member"),
    path(
        "gospodarstwa/<int:pk>/czlonkowie/<int:person_pk>/usuniecie/",
        views.household_remove_member,
        name="household_remove_member",
    ),
]
