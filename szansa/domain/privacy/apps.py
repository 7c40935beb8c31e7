from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "szansa.domain.privacy"
    label = "privacy"
    verbose_name = _("Data protection")

    def ready(self):
        from auditlog.registry import auditlog

        from szansa.domain.privacy import access, models  # noqa: F401 - access registers the rules

        auditlog.register(models.FilingCategory)
        auditlog.register(models.RetentionRule)
        auditlog.register(models.RetentionReview)
        auditlog.register(models.SubjectRequest)
        # The anonymisation's own audit entry: counts only, it names no one (docs/data-protection.md).
        auditlog.register(models.AnonymisationBatch)
