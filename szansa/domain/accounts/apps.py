from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "szansa.domain.accounts"
    label = "accounts"
    verbose_name = _("Staff and roles")

    def ready(self):
        from szansa.domain.accounts import access_log  # noqa: F401 - registers accounts.view_access_log
