from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportConfig(AppConfig):
    name = "szansa.domain.support"
    label = "support"
    verbose_name = _("Support paths")

    def ready(self):
        from auditlog.registry import auditlog

        from szansa.domain.support import access, models, signals  # noqa: F401 - access registers the rules

        signals.connect()

        for model in (
            models.SupportForm,
            models.Diagnosis,
            models.DiagnosisArea,
            models.IndividualPlan,
            models.PlanGoal,
            models.PlannedSupport,
            models.SocialContract,
            models.Room,
            models.Activity,
            models.ActivityParticipant,
            models.Session,
            models.Attendance,
            models.StipendRate,
            models.Internship,
            models.InternshipMonth,
            models.Outcome,
        ):
            auditlog.register(model)
