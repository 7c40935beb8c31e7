from django.db import models
from django.utils.translation import gettext_lazy as _


class Sex(models.TextChoices):
    FEMALE = "K", _("woman")
    MALE = "M", _("man")


class IdentityDocumentType(models.TextChoices):
    ID_CARD = "id_card", _("ID card")
    PASSPORT = "passport", _("passport")
    RESIDENCE_CARD = "residence_card", _("residence card")
    OTHER = "other", _("other document")


class Citizenship(models.TextChoices):
    POLISH = "PL", _("Polish")
    EU = "EU", _("another EU country")
    THIRD_COUNTRY = "non_eu", _("a non-EU country or stateless")


class Voivodeship(models.TextChoices):
    """Województwa with their TERYT codes (docs/identifiers.md)."""

    DOLNOSLASKIE = "02", "dolnośląskie"
    KUJAWSKO_POMORSKIE = "04", "kujawsko-pomorskie"
    LUBELSKIE = "06", "lubelskie"
    LUBUSKIE = "08", "lubuskie"
    LODZKIE = "10", "łódzkie"
    MALOPOLSKIE = "12", "małopolskie"
    MAZOWIECKIE = "14", "mazowieckie"
    OPOLSKIE = "16", "opolskie"
    PODKARPACKIE = "18", "podkarpackie"
    PODLASKIE = "20", "podlaskie"
    POMORSKIE = "22", "pomorskie"
    SLASKIE = "24", "śląskie"
    SWIETOKRZYSKIE = "26", "świętokrzyskie"
    WARMINSKO_MAZURSKIE = "28", "warmińsko-mazurskie"
    WIELKOPOLSKIE = "30", "wielkopolskie"
    ZACHODNIOPOMORSKIE = "32", "zachodniopomorskie"


class EducationLevel(models.TextChoices):
    """ISCED levels as the EU participant data set groups them (docs/participant-exports.md)."""

    ISCED_0 = "0", _("below primary (ISCED 0)")
    ISCED_1 = "1", _("primary (ISCED 1)")
    ISCED_2 = "2", _("lower secondary (ISCED 2)")
    ISCED_3 = "3", _("upper secondary (ISCED 3)")
    ISCED_4 = "4", _("post-secondary (ISCED 4)")
    ISCED_5_8 = "5-8", _("tertiary (ISCED 5-8)")


class HouseholdRelation(models.TextChoices):
    HEAD = "head", _("head of household")
    SPOUSE = "spouse", _("spouse or partner")
    CHILD = "child", _("child")
    PARENT = "parent", _("parent")
    SIBLING = "sibling", _("sibling")
    GRANDCHILD = "grandchild", _("grandchild")
    OTHER_RELATIVE = "relative", _("other relative")
    NOT_RELATED = "unrelated", _("unrelated person")


class IncomeSource(models.TextChoices):
    EMPLOYMENT = "employment", _("employment")
    CIVIL_CONTRACT = "civil_contract", _("civil-law contract")
    SELF_EMPLOYMENT = "self_employment", _("self-employment")
    PENSION = "pension", _("old-age pension")
    DISABILITY_PENSION = "disability_pension", _("disability pension")
    UNEMPLOYMENT_BENEFIT = "unemployment_benefit", _("unemployment benefit")
    SOCIAL_ASSISTANCE = "social_assistance", _("social-assistance benefit")
    FAMILY_BENEFIT = "family_benefit", _("family benefit")
    ALIMONY = "alimony", _("alimony received")
    FARM = "farm", _("farm income")
    OTHER = "other", _("other")


class SituationKind(models.TextChoices):
    DISABILITY = "disability", _("disability")
    LABOUR_MARKET = "labour_market", _("labour-market status")
    HOMELESSNESS = "homelessness", _("homelessness")
    FOOD_AID = "food_aid", _("food-aid programme (PO PŻ) user")
    ASSISTANCE_REASON = "assistance_reason", _("reason for assistance (art. 7)")


class DisabilityDegree(models.TextChoices):
    MILD = "mild", _("mild")
    MODERATE = "moderate", _("moderate")
    SEVERE = "severe", _("severe")


class DisabilityCause(models.TextChoices):
    """The cause of a disability as a disability certificate records it (symbol przyczyny
    niepełnosprawności): rozporządzenie Ministra Gospodarki, Pracy i Polityki Społecznej z dnia 15 lipca
    2003 r. w sprawie orzekania o niepełnosprawności i stopniu niepełnosprawności, § 32 ust. 2 pkt 3
    (docs/indicators.md#severe-disability-group). A certificate may name more than one."""

    INTELLECTUAL = "01-U", _("01-U intellectual disability")
    MENTAL = "02-P", _("02-P mental illness")
    HEARING_SPEECH = "03-L", _("03-L voice, speech and hearing disorders")
    SIGHT = "04-O", _("04-O diseases of the organ of sight")
    MOTOR = "05-R", _("05-R impairment of the motor organ")
    EPILEPSY = "06-E", _("06-E epilepsy")
    RESPIRATORY_CIRCULATORY = "07-S", _("07-S diseases of the respiratory and circulatory systems")
    DIGESTIVE = "08-T", _("08-T diseases of the digestive system")
    GENITOURINARY = "09-M", _("09-M diseases of the genitourinary system")
    NEUROLOGICAL = "10-N", _("10-N neurological diseases")
    OTHER = "11-I", _("11-I other")
    DEVELOPMENTAL = "12-C", _("12-C pervasive developmental disorders")


class LabourMarketStatus(models.TextChoices):
    REGISTERED_UNEMPLOYED = (
        "registered_unemployed",
        _("unemployed, registered at the labour office"),
    )
    UNREGISTERED_UNEMPLOYED = "unregistered_unemployed", _("unemployed, not registered")
    INACTIVE = "inactive", _("economically inactive")
    EMPLOYED = "employed", _("employed")


UNEMPLOYED_STATUSES = (
    LabourMarketStatus.REGISTERED_UNEMPLOYED,
    LabourMarketStatus.UNREGISTERED_UNEMPLOYED,
)


# art. 7 points that are special-category or criminal-record data, hidden from readers without the need
# (people.access.can_view_health_data): disability (5), long-term or serious illness (6) and alcoholism or
# drug addiction (13) are health data (GDPR art. 9); difficulty adapting after release from prison (12)
# is data on criminal convictions (GDPR art. 10).
HEALTH_ART7_CODES = frozenset({"5", "6", "12", "13"})


class ConsentKind(models.TextChoices):
    EU_PROJECT_DATA = "eu_project_data", _("processing of data for an EU project")
    ELECTRONIC_CONTACT = "electronic_contact", _("contact by e-mail and text message")
    IMAGE = "image", _("use of image")
    PARTNER_SHARING = "partner_sharing", _("sharing data with project partners")
