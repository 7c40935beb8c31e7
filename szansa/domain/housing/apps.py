from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HousingConfig(AppConfig):
    name = "szansa.domain.housing"
    label = "housing"
    verbose_name = _("Sheltered housing")

    def ready(self):
        from auditlog.registry import auditlog

        from szansa.domain.housing import access, models  # noqa: F401 - access registers the rules

        for model in (
            models.Apartment,
            models.ApartmentKindPeriod,
            models.Room,
            models.Place,
            models.HousingStandard,
            models.Stay,
            models.StayExtension,
            models.ApartmentStaff,
            models.SupportPlan,
            models.PlannedSupport,
            models.Visit,
            models.FeeTable,
            models.FeeBand,
            models.FeeExemption,
            models.FeeDecision,
            models.ExemptionGround,
            models.MonthlyStatement,
        ):
            auditlog.register(model)
