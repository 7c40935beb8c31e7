import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

# docs/sheltered-housing.md: the Act of 28 July 2023 (Dz.U. 2023 poz. 1693) renamed the kinds from 1 Nov 2023.
NEW_REGIME_FROM = datetime.date(2023, 11, 1)


class ApartmentKind(models.TextChoices):
    CHRONIONE_TRENINGOWE = "chronione_treningowe", _("sheltered training flat (until 31 Oct 2023)")
    CHRONIONE_WSPIERANE = "chronione_wspierane", _("sheltered supported flat (until 31 Oct 2023)")
    TRENINGOWE = "treningowe", _("training flat (from 1 Nov 2023)")
    WSPOMAGANE = "wspomagane", _("assisted flat (from 1 Nov 2023)")


OLD_REGIME_KINDS = (ApartmentKind.CHRONIONE_TRENINGOWE, ApartmentKind.CHRONIONE_WSPIERANE)
NEW_REGIME_KINDS = (ApartmentKind.TRENINGOWE, ApartmentKind.WSPOMAGANE)


class ServedGroup(models.TextChoices):
    DISABILITIES = "disabilities", _("people with disabilities")
    LEAVING_FOSTER_CARE = "leaving_foster_care", _("people leaving foster care")
    LEAVING_PRISON = "leaving_prison", _("people leaving prison")
    HOMELESS = "homeless", _("homeless people")
    OTHER = "other", _("other")


class SupportKind(models.TextChoices):
    SOCIAL_WORK = "social_work", _("social work")
    PSYCHOLOGIST = "psychologist", _("psychologist")
    THERAPIST = "therapist", _("therapist")
    DISABILITY_ASSISTANT = "disability_assistant", _("disability assistant")
    CARER = "carer", _("carer")


class EndReason(models.TextChoices):
    PLANNED_END = "planned_end", _("end of the referral period")
    INDEPENDENT_LIVING = "independent_living", _("moved to independent living")
    NEEDS_24H_CARE = "needs_24h_care", _("needs 24-hour care")
    RESIGNATION = "resignation", _("resignation by the resident")
    BREACH_OF_RULES = "breach_of_rules", _("breach of the house rules")
    DEATH = "death", _("death")
    OTHER = "other", _("other")


class ServiceScope(models.TextChoices):
    """The scope of services granted by the referral decision, by which the council's fee table may set
    different fees (art. 97 ust. 5 of the social assistance act; docs/sheltered-housing.md#fees)."""

    BASIC = "basic", _("lodging with the support of specialists")
    WITH_CARE = "with_care", _("lodging with support and care services")
