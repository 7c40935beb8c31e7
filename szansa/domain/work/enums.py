from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class WorkClass(models.TextChoices):
    """What kind of work a task is: the split the Olkusz project measures."""

    ADMINISTRATIVE = "administrative", _("administrative work")
    SOCIAL_WORK = "social_work", _("social work")
    SOCIAL_SERVICE = "social_service", _("social service")


class DeadlineKind(models.TextChoices):
    WORKING_DAYS = "working_days", _("working days")
    CALENDAR_DAYS = "calendar_days", _("calendar days")
    MONTHS = "months", _("months")


class DeadlineFrom(models.TextChoices):
    """The day a deadline is counted from."""

    TASK = "task", _("the day the task starts")
    CASE = "case", _("the day the request was registered")


class TaskStatus(models.TextChoices):
    OPEN = "open", _("open")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", _("done")
    CANCELLED = "cancelled", _("cancelled")


ACTIVE_STATUSES = (TaskStatus.OPEN, TaskStatus.IN_PROGRESS)


class CaseStatus(models.TextChoices):
    """The steps of a request for assistance, in order (docs/social-work.md; ustawa o pomocy
    społecznej, art. 106-107)."""

    REQUEST_REGISTERED = "request_registered", _("request registered")
    INTERVIEW = "interview", _("community interview carried out")
    SUPPORT_PROPOSED = "support_proposed", _("support proposed")
    DECISION_DRAFTED = "decision_drafted", _("decision drafted")
    DECISION_APPROVED = "decision_approved", _("decision approved")
    DECISION_ISSUED = "decision_issued", _("decision issued")
    CLOSED = "closed", _("closed")


CASE_STEPS = list(CaseStatus)


class DecisionOutcome(models.TextChoices):
    """GRANT grants the request in full (then the decision may be executed before the appeal deadline,
    art. 130 § 4 KPA); PARTIAL grants part of it; REFUSE refuses."""

    GRANT = "grant", _("grant in full")
    PARTIAL = "partial", _("grant in part")
    REFUSE = "refuse", _("refuse")


class DeliveryMethod(models.TextChoices):
    """How a decision reached the party (docs/social-work.md#delivery)."""

    IN_PERSON = "in_person", _("in person (against signature)")
    POST = "post", _("by post")
    ELECTRONIC = "electronic", _("electronically")


class NotificationKind(models.TextChoices):
    NEW = "new", _("new task")
    DUE = "due", _("task due today")
    OVERDUE = "overdue", _("task overdue")


# The stages of a decision (Decision.stage), in order.
DECISION_STAGES = (
    ("draft", pgettext_lazy("decision stage", "draft")),
    ("approved", pgettext_lazy("decision stage", "approved")),
    ("issued", pgettext_lazy("decision stage", "issued, not yet delivered")),
    ("delivered", pgettext_lazy("decision stage", "delivered")),
    ("appealed", pgettext_lazy("decision stage", "appealed")),
    ("final", pgettext_lazy("decision stage", "final")),
)
