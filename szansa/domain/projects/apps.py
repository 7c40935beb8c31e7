from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "szansa.domain.projects"
    label = "projects"
    verbose_name = _("EU projects")

    def ready(self):
        from auditlog.registry import auditlog

        from szansa.domain.projects import access, models  # noqa: F401 - access registers the rules

        # Everything that carries money or decides who gets it is audited.
        for model in (
            models.Call,
            models.FundingApplication,
            models.Project,
            models.BudgetTask,
            models.BudgetLine,
            models.Expenditure,
            models.BudgetShift,
            models.PaymentClaim,
            models.TargetGroup,
            models.ProjectIndicator,
            models.ProjectStaff,
            models.IndirectCostRate,
        ):
            auditlog.register(model)
