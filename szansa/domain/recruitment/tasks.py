"""Scheduled jobs (Celery beat). Each wraps a plain service function so tests call that directly."""

import datetime

from celery import shared_task
from django.utils import timezone

from szansa.domain.recruitment import entry, services
from szansa.domain.recruitment.models import Participant


@shared_task(name="recruitment.create_missing_follow_up_tasks")
def create_missing_follow_up_tasks(today: str | None = None) -> int:
    """Daily: create the missing 3-month follow-up tasks. `today` is an ISO date (default: today).
    Returns how many tasks were created."""
    day = datetime.date.fromisoformat(today) if today else timezone.localdate()
    return len(services.create_missing_follow_up_tasks(day))


@shared_task(name="recruitment.recount_entry_flags")
def recount_entry_flags() -> int:
    """Nightly: recount every participant's flags at entry and mend those that drifted (a bulk load that
    bypassed the receivers). Returns how many were mended."""
    return entry.refresh(Participant.objects.all())
