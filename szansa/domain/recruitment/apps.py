from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class RecruitmentConfig(AppConfig):
    name = "szansa.domain.recruitment"
    label = "recruitment"
    verbose_name = _("Recruitment and participation")

    def ready(self):
        from auditlog.registry import auditlog

        from szansa.domain.recruitment import access, models, signals  # noqa: F401 - access registers the rules

        signals.connect()

        # Who was found eligible, ranked, enrolled or dropped, and on which rules: all audited.
        for model in (
            models.DocumentKind,
            models.Criterion,
            models.EligibilityRule,
            models.RuleCriterion,
            models.ScoringCriterion,
            models.RecruitmentRound,
            models.Application,
            models.ApplicationDocument,
            models.ParticipationCorrection,
        ):
            auditlog.register(model)
        # The copies of the person's name are the database's (recruitment.name_copy), not an edit.
        auditlog.register(models.Participant, exclude_fields=["sort_last_name", "sort_first_name"])
        post_migrate.connect(_name_copy_triggers, sender=self)


def _name_copy_triggers(sender, using="default", **kwargs):
    """On SQLite, the name-copy triggers again after every migrate: rebuilding a table in a migration
    drops its triggers (recruitment.name_copy)."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    from szansa.domain.recruitment import name_copy

    if "recruitment_participant" in connection.introspection.table_names():
        name_copy.create(connection)
