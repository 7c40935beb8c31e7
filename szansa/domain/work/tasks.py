"""Scheduled jobs (Celery beat). Each wraps a plain service function so tests call that directly."""

import datetime

from celery import shared_task
from django.utils import timezone

from szansa.domain.work import services


@shared_task(name="work.notify_due_and_overdue")
def notify_due_and_overdue(today: str | None = None) -> int:
    """Daily: notify about tasks due today and overdue ones. `today` is an ISO date (default: today)."""
    day = datetime.date.fromisoformat(today) if today else timezone.localdate()
    return services.notify_due_and_overdue(day)
