from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """Staff roles. Each is a django.contrib.auth Group named by its value (created by a migration)."""

    ADMINISTRATOR = "administrator", _("administrator")
    CENTRE_MANAGER = "centre_manager", _("centre manager")
    PROJECT_COORDINATOR = "project_coordinator", _("project coordinator")
    SOCIAL_WORKER = "social_worker", _("social worker")
    SPECIALIST = "specialist", _("specialist")
    ADMINISTRATIVE_CLERK = "administrative_clerk", _("administrative clerk")
    AUDITOR = "auditor", _("auditor")
