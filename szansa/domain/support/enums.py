"""Choices of the support path (docs/social-work.md, docs/indicators.md, docs/support-path.md)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class InstrumentKind(models.TextChoices):
    """Active-integration services by their character (docs/support-path.md)."""

    SOCIAL = "social", _("social")
    VOCATIONAL = "vocational", _("vocational")
    EDUCATIONAL = "educational", _("educational")
    HEALTH = "health", _("health")


class Delivery(models.TextChoices):
    GROUP = "group", _("group activity")
    INDIVIDUAL = "individual", _("individual sessions")
    INTERNSHIP = "internship", _("internship")


class DiagnosisArea(models.TextChoices):
    SOCIAL = "social", _("social")
    FAMILY = "family", _("family")
    VOCATIONAL = "vocational", _("vocational")
    EDUCATION = "education", _("education")
    HEALTH = "health", _("health")
    HOUSING = "housing", _("housing")
    FINANCES = "finances", _("finances and debts")
    LEGAL = "legal", _("legal")


class NeedLevel(models.IntegerChoices):
    NONE = 0, _("no need")
    LOW = 1, _("low")
    MEDIUM = 2, _("medium")
    HIGH = 3, _("high")


class DiagnosisKind(models.TextChoices):
    INITIAL = "initial", _("initial diagnosis")
    REDIAGNOSIS = "rediagnosis", _("re-diagnosis")


class ContractVariant(models.TextChoices):
    """Parts A/B of the 2010 template (Dz.U. 2010 Nr 218 poz. 1439), docs/social-work.md."""

    A = "A", _("A: solving a difficult life situation")
    B = "B", _("B: strengthening activity and independence")
    HOMELESS = "homeless", _("individual programme for leaving homelessness")


class ContractStatus(models.TextChoices):
    IN_FORCE = "in_force", _("in force")
    FULFILLED = "fulfilled", _("fulfilled")
    BROKEN = "broken", _("broken")
    ENDED = "ended", _("ended early")


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("present")
    EXCUSED = "excused", _("excused")
    ABSENT = "absent", _("absent")


class ExamResult(models.TextChoices):
    PASSED = "passed", _("passed")
    FAILED = "failed", _("failed")


class OutcomeKind(models.TextChoices):
    """What a participant achieved after leaving (docs/indicators.md)."""

    EMPLOYMENT = "employment", _("in employment")
    SELF_EMPLOYMENT = "self_employment", _("self-employed")
    JOB_SEEKING = "job_seeking", _("seeking a job")
    EDUCATION = "education", _("in education or training")
    QUALIFICATION = "qualification", _("gained a qualification")
    SOCIAL_PROGRESS = "social_progress", _("progress in social activation")


class SocialProgressForm(models.TextChoices):
    """The forms of progress in social activation the guideline on social inclusion 2014–2020 lists
    (docs/indicators.md#what-counts-as-social-progress), starting education first. An outcome of the kind
    "in education or training" counts as the first form by itself; the others are recorded as "progress
    in social activation" confirmed by a specialist."""

    EDUCATION = "education", _("starting education")
    MOTIVATION = "motivation", _("stronger motivation to work after the project")
    SELF_CONFIDENCE = "self_confidence", _("more self-confidence and confidence in one's own skills")
    PROBLEM_SOLVING = "problem_solving", _("better skills in solving problems")
    ADDICTION_TREATMENT = "addiction_treatment", _("starting treatment in an addiction treatment facility")
    THERAPY = "therapy", _("starting psychological or psychiatric therapy")
    LESS_ISOLATION = "less_isolation", _("less social isolation, a wider circle of acquaintances")
    VOLUNTEERING = "volunteering", _("taking up voluntary work")
    HEALTH = "health", _("better health")
    FEWER_ADDICTIONS = "fewer_addictions", _("fewer addictions")
    OTHER = "other", _("other progress confirmed by a specialist")


class ContractType(models.TextChoices):
    EMPLOYMENT_CONTRACT = "employment_contract", _("employment contract")
    CIVIL_LAW = "civil_law", _("civil-law contract")
    BUSINESS = "business", _("own business")
