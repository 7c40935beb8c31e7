from django.urls import path

from szansa.web.housing import views

app_name = "housing"
urlpatterns = [
    path("", views.occupancy_board, name="occupancy_board"),
    path("<int:pk>/", views.apartment_detail, name="apartment_detail"),
    path("miejsca/<int:place_pk>/skierowanie/", views.stay_create, name="stay_create"),
    path("pobyty/", views.stay_list, name="stay_list"),
    path("pobyty/<int:pk>/", views.stay_detail, name="stay_detail"),
    path("pobyty/<int:pk>/przedluzenie/", views.stay_extend, name="stay_extend"),
    path("pobyty/<int:pk>/zakonczenie/", views.stay_end, name="stay_end"),
    path("pobyty/<int:pk>/plan-wsparcia/", views.support_plan_edit, name="support_plan_edit"),
    path("pobyty/<int:pk>/wizyty/nowa/", views.visit_create, name="visit_create"),
    path("pobyty/<int:pk>/wplaty/nowa/", views.payment_create, name="payment_create"),
    path("pobyty/<int:pk>/decyzje-oplaty/nowa/", views.fee_decision_create, name="fee_decision_create"),
    path("pobyty/<int:pk>/zwolnienia/nowe/", views.exemption_create, name="exemption_create"),
    path("pobyty/<int:pk>/zestawienia/", views.statements_create, name="statements_create"),
    path("pobyty/<int:pk>/decyzja.pdf", views.decision_pdf, name="decision_pdf"),
    path("pobyty/<int:pk>/umowa.pdf", views.agreement_pdf, name="agreement_pdf"),
    path("pobyty/<int:pk>/zestawienia/<int:statement_pk>.pdf", views.statement_pdf, name="statement_pdf"),
]
