from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "szansa.domain.people"
    label = "people"
    verbose_name = _("Registry of people and households")

    def ready(self):
        from auditlog.registry import auditlog
        from django.db.models.signals import post_init

        from szansa.domain.people import access, models  # noqa: F401 - access registers the rules
        from szansa.lib.access_log import note_loaded

        # Every person loaded while a request is served is access-logged (szansa.lib.access_log).
        post_init.connect(note_loaded, sender=models.Person, dispatch_uid="access_log_person")

        auditlog.register(models.Person, exclude_fields=["updated_at", "search_text"])
        auditlog.register(models.Household)
        auditlog.register(models.IncomeRecord)
        auditlog.register(models.Situation)
        auditlog.register(models.Consent)
        auditlog.register(models.Message)
