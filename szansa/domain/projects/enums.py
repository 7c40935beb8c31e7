from django.db import models
from django.utils.translation import gettext_lazy as _


class BodyKind(models.TextChoices):
    MANAGING = "managing", _("managing body")
    INTERMEDIATE = "intermediate", _("intermediate body")


class ProgrammePeriod(models.TextChoices):
    P2014_2020 = "2014-2020", "2014-2020"
    P2021_2027 = "2021-2027", "2021-2027"


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    EVALUATED = "evaluated", _("evaluated")
    SELECTED = "selected", _("selected for funding")
    NOT_SELECTED = "not_selected", _("not selected")
    CONTRACT_SIGNED = "contract_signed", _("contract signed")
    WITHDRAWN = "withdrawn", _("withdrawn")


# The life of a funding application: the only moves application_transition allows.
APPLICATION_TRANSITIONS: dict[str, frozenset[str]] = {
    ApplicationStatus.DRAFT: frozenset({ApplicationStatus.SUBMITTED, ApplicationStatus.WITHDRAWN}),
    ApplicationStatus.SUBMITTED: frozenset({ApplicationStatus.EVALUATED, ApplicationStatus.WITHDRAWN}),
    ApplicationStatus.EVALUATED: frozenset(
        {ApplicationStatus.SELECTED, ApplicationStatus.NOT_SELECTED, ApplicationStatus.WITHDRAWN}
    ),
    ApplicationStatus.SELECTED: frozenset({ApplicationStatus.CONTRACT_SIGNED, ApplicationStatus.WITHDRAWN}),
    ApplicationStatus.NOT_SELECTED: frozenset(),
    ApplicationStatus.CONTRACT_SIGNED: frozenset(),
    ApplicationStatus.WITHDRAWN: frozenset(),
}


class CostCategory(models.TextChoices):
    PERSONNEL = "personnel", _("personnel")
    SERVICES = "services", _("services")
    EQUIPMENT = "equipment", _("equipment")
    PARTICIPANT_SUPPORT = "participant_support", _("participant support")
    STIPENDS = "stipends", _("stipends")
    CROSS_FINANCING = "cross_financing", _("cross-financing")
    INDIRECT = "indirect", _("indirect costs")
    OTHER = "other", _("other")


class LineKind(models.TextChoices):
    DIRECT = "direct", _("direct cost")
    INDIRECT_FLAT_RATE = "indirect_flat_rate", _("indirect costs (flat rate)")


class ClaimStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", _("rejected")
    PAID = "paid", _("paid")


class IndicatorKind(models.TextChoices):
    OUTPUT = "output", _("output")
    RESULT = "result", _("result")


class MeasurementMoment(models.TextChoices):
    AT_ENTRY = "at_entry", _("at entry")  # output indicators count a participant when they join
    AT_EXIT = "at_exit", _("at exit")
    WEEKS_4_AFTER_EXIT = "4_weeks_after_exit", _("up to 4 weeks after exit")
    MONTHS_3_AFTER_EXIT = "3_months_after_exit", _("up to 3 months after exit")


class StaffRole(models.TextChoices):
    COORDINATOR = "coordinator", _("project coordinator")
    SOCIAL_WORKER = "social_worker", _("social worker")
    SPECIALIST = "specialist", _("specialist")
    OTHER = "other", _("other")
