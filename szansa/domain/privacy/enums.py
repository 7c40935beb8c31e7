from django.db import models
from django.utils.translation import gettext_lazy as _


class RecordClass(models.TextChoices):
    """The classes of records a retention rule covers (docs/data-protection.md#retention)."""

    EU_2014_2020 = "eu_2014_2020", _("EU project documentation 2014-2020")
    EU_2021_2027 = "eu_2021_2027", _("EU project documentation 2021-2027")
    PUBLIC_AID = "public_aid", _("public aid records")
    CASE_FILE = "case_file", _("case files (requests, decisions, tasks)")
    HOUSING = "housing", _("sheltered housing files (stays and fees)")
    CLIENT_FILE = "client_file", _("the person's file in the registry")


# How each class counts its date; shown with the rule.
COUNTED_FROM = {
    RecordClass.EU_2014_2020: _("until the date the managing body communicated (entered per project)"),
    RecordClass.EU_2021_2027: _("from 31 December of the year of the last payment to the beneficiary"),
    RecordClass.PUBLIC_AID: _("from the day the aid was granted"),
    RecordClass.CASE_FILE: _("from 1 January of the year after the case was closed"),
    RecordClass.HOUSING: _("from 1 January of the year after the stay ended"),
    RecordClass.CLIENT_FILE: _("from 1 January of the year after the last entry in the file"),
}

# Classes whose period is the centre's filing-plan (JRWA) category; the others have fixed years.
FILING_PLAN_CLASSES = frozenset({RecordClass.CASE_FILE, RecordClass.HOUSING, RecordClass.CLIENT_FILE})


class ReviewStatus(models.TextChoices):
    DUE = "due", _("due for anonymisation")
    APPROVED = "approved", _("approved for anonymisation")
    KEPT = "kept", _("kept")
    ANONYMISED = "anonymised", _("anonymised")


class RequestKind(models.TextChoices):
    """The rights of GDPR arts. 15-18 and 21 a person may exercise with a request."""

    ACCESS = "access", _("access (art. 15)")
    RECTIFICATION = "rectification", _("rectification (art. 16)")
    ERASURE = "erasure", _("erasure (art. 17)")
    RESTRICTION = "restriction", _("restriction of processing (art. 18)")
    OBJECTION = "objection", _("objection (art. 21)")


class RequestStatus(models.TextChoices):
    OPEN = "open", _("open")
    GRANTED = "granted", _("granted")
    PARTLY_GRANTED = "partly_granted", _("partly granted")
    REFUSED = "refused", _("refused")


CLOSED_STATUSES = (RequestStatus.GRANTED, RequestStatus.PARTLY_GRANTED, RequestStatus.REFUSED)
