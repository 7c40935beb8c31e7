from django.db import models
from django.utils.translation import gettext_lazy as _


class CriterionKind(models.TextChoices):
    """What an eligibility or scoring criterion checks; `eligibility.CHECKS` implements each kind."""

    RESIDENT_GMINA = "resident_gmina", _("resident of a gmina")
    RESIDENT_POWIAT = "resident_powiat", _("resident of a powiat")
    AGE_RANGE = "age_range", _("age range")
    AT_RISK = "at_risk", _("at risk of poverty or social exclusion")
    INCOME = "income", _("income criterion (or a multiple of it)")
    DISABILITY = "disability", _("disability")
    REGISTERED_UNEMPLOYED = "registered_unemployed", _("registered unemployed")
    LONG_TERM_UNEMPLOYED = "long_term_unemployed", _("long-term unemployed")
    FOOD_AID = "food_aid", _("food-aid programme (PO PŻ) user")
    MULTI_PROBLEM_FAMILY = "multi_problem_family", _("member of a multi-problem family")
    MULTIPLE_EXCLUSION = "multiple_exclusion", _("multiple exclusion")
    REVITALISATION_AREA = "revitalisation_area", _("resident of a revitalisation area")
    NOT_IN_OTHER_PROJECT = "not_in_other_project", _("not a participant of another project of the measure")


class RuleMode(models.TextChoices):
    ALL_OF = "all_of", _("all of the criteria")
    ANY_OF = "any_of", _("at least one of the criteria")


class Outcome(models.TextChoices):
    PASSED = "passed", _("passed")
    FAILED = "failed", _("failed")
    UNPROVEN = "unproven", _("unproven")


class Channel(models.TextChoices):
    IN_PERSON = "in_person", _("in person")
    POST = "post", _("by post")
    EMAIL = "email", _("by e-mail")
    REFERRAL = "referral", _("referral by a social worker")


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("submitted")
    ELIGIBLE = "verified_eligible", _("verified: eligible")
    NOT_ELIGIBLE = "verified_not_eligible", _("verified: not eligible")
    RANKED = "ranked", _("ranked")
    ENROLLED = "enrolled", _("enrolled")
    WAITING_LIST = "waiting_list", _("on the waiting list")
    WITHDRAWN = "withdrawn", _("withdrawn")


# The moves the services allow (withdrawal is possible until the person is enrolled).
APPLICATION_TRANSITIONS: dict[str, frozenset[str]] = {
    ApplicationStatus.SUBMITTED: frozenset(
        {ApplicationStatus.ELIGIBLE, ApplicationStatus.NOT_ELIGIBLE, ApplicationStatus.WITHDRAWN}
    ),
    ApplicationStatus.ELIGIBLE: frozenset({ApplicationStatus.RANKED, ApplicationStatus.WITHDRAWN}),
    ApplicationStatus.NOT_ELIGIBLE: frozenset(),
    ApplicationStatus.RANKED: frozenset(
        {ApplicationStatus.ENROLLED, ApplicationStatus.WAITING_LIST, ApplicationStatus.WITHDRAWN}
    ),
    ApplicationStatus.WAITING_LIST: frozenset({ApplicationStatus.ENROLLED, ApplicationStatus.WITHDRAWN}),
    ApplicationStatus.ENROLLED: frozenset(),
    ApplicationStatus.WITHDRAWN: frozenset(),
}


class ParticipantRole(models.TextChoices):
    MAIN = "main", _("participant")
    ENVIRONMENT = "environment", _("participant's environment (otoczenie)")


class ParticipantStatus(models.TextChoices):
    ENROLLED = "enrolled", _("enrolled")
    ACTIVE = "active", _("active")
    COMPLETED = "completed", _("completed")
    LEFT_EARLY = "left_early", _("left early")
    RESIGNED_BEFORE_START = "resigned_before_start", _("resigned before the start")


# Statuses that occupy a place within the project's limit (a resignation before the start frees it).
COUNTED_STATUSES = (
    ParticipantStatus.ENROLLED,
    ParticipantStatus.ACTIVE,
    ParticipantStatus.COMPLETED,
    ParticipantStatus.LEFT_EARLY,
)
# Statuses of someone taking part right now (for "not in another project at the same time").
CURRENT_STATUSES = (ParticipantStatus.ENROLLED, ParticipantStatus.ACTIVE)


class ParticipantType(models.TextChoices):
    INDIVIDUAL = "individual", _("individual")
    INSTITUTION = "institution", _("employee or representative of an institution")


class LabourStatus(models.TextChoices):
    """Status on the labour market at entry (SL2014 field 24, docs/participant-exports.md)."""

    REGISTERED_UNEMPLOYED = "registered_unemployed", _("unemployed, registered at the labour office")
    UNREGISTERED_UNEMPLOYED = "unregistered_unemployed", _("unemployed, not registered")
    INACTIVE = "inactive", _("economically inactive")
    EMPLOYED = "employed", _("employed")


class LabourSubstatus(models.TextChoices):
    """'w tym' of field 25 (from memory, verify: docs/participant-exports.md)."""

    LONG_TERM_UNEMPLOYED = "long_term_unemployed", _("long-term unemployed")
    OTHER_UNEMPLOYED = "other_unemployed", _("other unemployed")
    INACTIVE_LEARNING = "inactive_learning", _("inactive, in education")
    INACTIVE_NOT_LEARNING = "inactive_not_learning", _("inactive, not in education or training")
    INACTIVE_OTHER = "inactive_other", _("other inactive")
    EMPLOYED_GOVERNMENT = "employed_government", _("employed in government administration")
    EMPLOYED_LOCAL_GOVERNMENT = "employed_local_government", _("employed in local government")
    EMPLOYED_SME = "employed_sme", _("employed in a micro, small or medium enterprise")
    EMPLOYED_NGO = "employed_ngo", _("employed in a non-governmental organisation")
    SELF_EMPLOYED = "self_employed", _("self-employed")
    EMPLOYED_LARGE = "employed_large", _("employed in a large enterprise")
    EMPLOYED_OTHER = "employed_other", _("other employed")


# Which sub-statuses belong to which status (the coordinator picks within the status).
SUBSTATUSES = {
    LabourStatus.REGISTERED_UNEMPLOYED: (
        LabourSubstatus.LONG_TERM_UNEMPLOYED,
        LabourSubstatus.OTHER_UNEMPLOYED,
    ),
    LabourStatus.UNREGISTERED_UNEMPLOYED: (
        LabourSubstatus.LONG_TERM_UNEMPLOYED,
        LabourSubstatus.OTHER_UNEMPLOYED,
    ),
    LabourStatus.INACTIVE: (
        LabourSubstatus.INACTIVE_LEARNING,
        LabourSubstatus.INACTIVE_NOT_LEARNING,
        LabourSubstatus.INACTIVE_OTHER,
    ),
    LabourStatus.EMPLOYED: (
        LabourSubstatus.EMPLOYED_GOVERNMENT,
        LabourSubstatus.EMPLOYED_LOCAL_GOVERNMENT,
        LabourSubstatus.EMPLOYED_SME,
        LabourSubstatus.EMPLOYED_NGO,
        LabourSubstatus.SELF_EMPLOYED,
        LabourSubstatus.EMPLOYED_LARGE,
        LabourSubstatus.EMPLOYED_OTHER,
    ),
}


class Degurba(models.TextChoices):
    DENSE = "1", _("1 - densely populated (cities)")
    INTERMEDIATE = "2", _("2 - intermediate (towns and suburbs)")
    THIN = "3", _("3 - thinly populated (rural areas)")


class ExitReason(models.TextChoices):
    COMPLETED = "completed", _("completed the path")
    LEFT_EARLY = "left_early", _("left early")
    OTHER = "other", _("other")


class FollowUpResult(models.TextChoices):
    """Situation 3 months after exit (docs/indicators.md, social and employment effectiveness)."""

    EMPLOYMENT = "employment", _("employed")
    SELF_EMPLOYMENT = "self_employment", _("self-employed")
    JOB_SEEKING = "job_seeking", _("seeking a job")
    SOCIAL_PROGRESS = "social_progress", _("progress in social activation")
    NONE = "none", _("no change")


class DisabilityGroup(models.TextChoices):
    """Why a participant is in the second effectiveness group (docs/indicators.md#severe-disability-group)."""

    SEVERE = "severe", _("severe degree of disability")
    INTELLECTUAL = "intellectual", _("intellectual disability")
    MULTIPLE = "multiple", _("multiple disabilities")
