"""Scheduled jobs (Celery beat) of retention. Each wraps a plain service function so tests call that."""

import datetime

from celery import shared_task
from django.utils import timezone

from szansa.domain.privacy import services


def _day(today: str | None) -> datetime.date:
    return datetime.date.fromisoformat(today) if today else timezone.localdate()


@shared_task(name="privacy.retention_review")
def retention_review(today: str | None = None) -> int:
    """Daily: list the people whose every record has passed its retention date."""
    return services.retention_review_refresh(_day(today))


@shared_task(name="privacy.anonymise_approved")
def anonymise_approved(today: str | None = None) -> int:
    """Daily: anonymise the approved people once the grace period has passed."""
    batch = services.anonymise_due(_day(today))
    return batch.persons if batch else 0


@shared_task(name="privacy.clean_import_jobs")
def clean_import_jobs() -> int:
    """Daily: remove old import job folders (their reports hold personal data)."""
    return services.import_jobs_clean()
