from django.urls import path

from szansa.web.accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.account, name="account"),
    path("uzytkownik/<int:pk>/", views.account, name="user_account"),
    path("haslo/", views.password_change, name="password_change"),
    path("weryfikacja/", views.verify, name="verify"),
    path("drugi-skladnik/", views.enrol, name="enrol"),
    path("drugi-skladnik/qr.svg", views.enrol_qr, name="enrol_qr"),
    path("kody-odzyskiwania/", views.recovery_codes, name="recovery_codes"),
    path("uzytkownik/<int:pk>/tokeny/", views.token_issue, name="token_issue"),
    path("tokeny/<int:pk>/odwolaj/", views.token_revoke, name="token_revoke"),
    path("uzytkownik/<int:pk>/drugi-skladnik/reset/", views.second_factor_reset, name="second_factor_reset"),
]
