from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InterviewsConfig(AppConfig):
    name = "szansa.domain.interviews"
    label = "interviews"
    verbose_name = _("Community interviews")

    def ready(self):
        from auditlog.registry import auditlog

        from szansa.domain.interviews import access, models  # noqa: F401 - access registers the rules

        auditlog.register(models.Questionnaire)
        auditlog.register(models.Interview, exclude_fields=["answers"])
