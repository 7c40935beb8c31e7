from django.apps import AppConfig
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
            models.Participant,
            models.ParticipationCorrection,
        ):
            auditlog.register(model)
