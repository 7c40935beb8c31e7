"""Background job of community interviews: the reminder of an update of the interview."""

from celery import shared_task
from django.utils import timezone

from szansa.domain.interviews.services import update_tasks_create


@shared_task(name="interviews.update_reminders")
def update_reminders() -> int:
    """Create the community-interview tasks of the updates due today (idempotent); their number."""
    return len(update_tasks_create(timezone.localdate()))
