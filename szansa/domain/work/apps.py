from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkConfig(AppConfig):
    name = "szansa.domain.work"
    label = "work"
    verbose_name = _("Organisation of work")

    def ready(self):
        from auditlog.registry import auditlog

        from szansa.domain.work import access, models  # noqa: F401 - access registers the rules

        auditlog.register(models.TaskKind)
        auditlog.register(models.Case)
        auditlog.register(models.Task)
        auditlog.register(models.TimeRecord)
        auditlog.register(models.Decision)
