from django.db import models
from django.utils.translation import gettext_lazy as _


class InterviewKind(models.TextChoices):
    """A full interview, or its update (aktualizacja) for a person already interviewed."""

    FULL = "full", _("full interview")
    UPDATE = "update", _("update of the interview")


class InterviewStatus(models.TextChoices):
    """draft: being filled in; completed: the worker finished it (the task is done); confirmed: the worker
    confirmed what goes back into the registry."""

    DRAFT = "draft", _("draft")
    COMPLETED = "completed", _("completed")
    CONFIRMED = "confirmed", _("confirmed")


# The answer types a question may have (structure.QUESTION_TYPES lists them for the validator).
class QuestionType(models.TextChoices):
    TEXT = "text", _("short text")
    TEXTAREA = "textarea", _("long text")
    NUMBER = "number", _("number")
    MONEY = "money", _("amount (zł)")
    DATE = "date", _("date")
    BOOLEAN = "boolean", _("yes or no")
    CHOICE = "choice", _("one of a list")
    MULTICHOICE = "multichoice", _("several of a list")


CHOICE_TYPES = (QuestionType.CHOICE, QuestionType.MULTICHOICE)
