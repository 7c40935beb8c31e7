"""Writes of the privacy app: the retention review and its decisions, the anonymisation run, the
register of data-subject requests, and the removal of old import job folders."""

import datetime
import shutil
import time
from collections import Counter

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from szansa.domain.people.models import Person
from szansa.domain.privacy import enums
from szansa.domain.privacy.anonymisation import anonymise_person
from szansa.domain.privacy.models import AnonymisationBatch, RetentionReview, SubjectRequest
from szansa.domain.privacy.retention import Rules, person_retention, with_retention_records
from szansa.lib.services import require, save_validated

DENIED = _("Only the centre manager or the administrator may decide this.")


def grace_days() -> int:
    return settings.PRIVACY_ANONYMISATION_GRACE_DAYS


# --- the retention review ---------------------------------------------------------------------------


def retention_review_refresh(today: datetime.date, *, batch_size: int = 500) -> int:
    """Daily: list everyone whose every record has passed its retention date (a review DUE), and drop
    from the list anyone no longer due (a new record came). Decided reviews are left alone. Returns
    how many are due."""
    rules = Rules()
    decided = RetentionReview.objects.exclude(status=enums.ReviewStatus.DUE).values("person_id")
    people = with_retention_records(Person.objects.exclude(pk__in=decided).order_by("pk"))
    due = 0
    for start in range(0, people.count(), batch_size):
        for person in people[start : start + batch_size]:
            retention = person_retention(person, rules)
            if retention.passed(today):
                due += 1
                RetentionReview.objects.update_or_create(
                    person=person,
                    defaults={
                        "retention_until": retention.until,
                        "holding_record": retention.holding.describe()[:255],
                    },
                    create_defaults={
                        "listed_on": today,
                        "retention_until": retention.until,
                        "holding_record": retention.holding.describe()[:255],
                    },
                )
            else:
                RetentionReview.objects.filter(person=person, status=enums.ReviewStatus.DUE).delete()
    return due


def retention_review_approve(*, actor, review: RetentionReview, on: datetime.date) -> RetentionReview:
    """Approve the anonymisation; it runs after the grace period (PRIVACY_ANONYMISATION_GRACE_DAYS)."""
    require(actor, "privacy.decide_retention", review, message=DENIED)
    if review.status not in (enums.ReviewStatus.DUE, enums.ReviewStatus.KEPT):
        raise ValidationError(_("This person is no longer waiting for a decision."), code="decided")
    review.status = enums.ReviewStatus.APPROVED
    review.decided_by = actor
    review.decided_on = on
    review.anonymise_on = on + datetime.timedelta(days=grace_days())
    return save_validated(actor, review)


def retention_review_keep(
    *, actor, review: RetentionReview, on: datetime.date, reason: str
) -> RetentionReview:
    """Keep the person's data for now (e.g. a claim or an inspection pending), with the reason."""
    require(actor, "privacy.decide_retention", review, message=DENIED)
    if review.status == enums.ReviewStatus.ANONYMISED:
        raise ValidationError(_("This person has already been anonymised."), code="anonymised")
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason the data are kept.")}, code="reason")
    review.status = enums.ReviewStatus.KEPT
    review.decided_by = actor
    review.decided_on = on
    review.anonymise_on = None
    review.reason = reason
    return save_validated(actor, review)


def anonymise_due(today: datetime.date) -> AnonymisationBatch | None:
    """Daily: anonymise the approved people whose grace period has passed and whose every record is
    still past its retention date — all of them in one transaction, with one audit record that counts
    and names no one. A person who has a new record since the approval goes back on the list."""
    rules = Rules()
    reviews = RetentionReview.objects.filter(status=enums.ReviewStatus.APPROVED, anonymise_on__lte=today)
    with transaction.atomic():
        counts = Counter()
        persons = 0
        for review in reviews.select_for_update().select_related("person"):
            person = with_retention_records(Person.objects.filter(pk=review.person_id)).get()
            retention = person_retention(person, rules)
            if not retention.passed(today):
                review.status = enums.ReviewStatus.DUE
                review.anonymise_on = None
                review.decided_by = None
                review.decided_on = None
                review.save()
                continue
            counts += anonymise_person(person)
            persons += 1
            RetentionReview.objects.filter(pk=review.pk).update(
                status=enums.ReviewStatus.ANONYMISED, anonymised_on=today, holding_record=""
            )
        if not persons:
            return None
        log_entries = counts.pop("log_entries", 0)
        return AnonymisationBatch.objects.create(
            persons=persons, records=dict(counts), log_entries=log_entries
        )


# --- import job folders ------------------------------------------------------------------------------


def import_jobs_clean(*, now: float | None = None, days: int | None = None) -> int:
    """Daily: remove the people-import job folders (status, report, any upload left) older than
    PRIVACY_IMPORT_JOB_DAYS days. Returns how many were removed."""
    from szansa.domain.people.tasks import import_dir

    days = settings.PRIVACY_IMPORT_JOB_DAYS if days is None else days
    limit = (now or time.time()) - days * 86400
    folder = import_dir()
    if not folder.is_dir():
        return 0
    removed = 0
    for job in folder.iterdir():
        if job.is_dir() and not job.is_symlink() and job.stat().st_mtime < limit:
            shutil.rmtree(job, ignore_errors=True)
            removed += 1
    return removed


# --- data-subject requests ---------------------------------------------------------------------------


def erasure_refusal_ground(person: Person, today: datetime.date) -> str:
    """The legal ground for refusing an erasure while the law requires keeping the data
    (GDPR art. 17(3)(b)), naming the record and rule that hold it; "" when nothing holds it."""
    retention = person_retention(with_retention_records(Person.objects.filter(pk=person.pk)).get())
    if retention.passed(today):
        return ""
    hold = retention.holding
    ground = _(
        "GDPR art. 17(3)(b): the data are needed to comply with a legal obligation to keep the records."
    )
    source = f" {hold.legal_source}." if hold and hold.legal_source else ""
    return f"{ground} {hold.describe()}.{source}" if hold else ground


def subject_request_record(*, actor, request: SubjectRequest) -> SubjectRequest:
    require(actor, "privacy.manage_requests", request, message=DENIED)
    if request.pk is None:
        request.recorded_by = actor
    if request.extended and not request.extension_reason.strip():
        raise ValidationError(
            {"extension_reason": _("Give the reason for the extension (GDPR art. 12(3)).")}, code="extension"
        )
    return save_validated(actor, request)


@transaction.atomic
def subject_request_answer(
    *,
    actor,
    request: SubjectRequest,
    status: str,
    answered_on: datetime.date,
    outcome: str,
    refusal_ground: str = "",
) -> SubjectRequest:
    """Close a request. An erasure the law does not let the centre grant yet is refused with the ground
    filled in from the retention rule that holds the data; an erasure granted approves the person's
    anonymisation from the day of the answer."""
    require(actor, "privacy.manage_requests", request, message=DENIED)
    request.status = status
    request.answered_on = answered_on
    request.outcome = outcome
    request.refusal_ground = refusal_ground
    if request.kind == enums.RequestKind.ERASURE:
        held = erasure_refusal_ground(request.person, answered_on)
        if status == enums.RequestStatus.GRANTED and held:
            raise ValidationError({"status": held}, code="retention_applies")
        if status in (enums.RequestStatus.REFUSED, enums.RequestStatus.PARTLY_GRANTED) and held:
            request.refusal_ground = refusal_ground or held
        if status == enums.RequestStatus.GRANTED:
            retention = person_retention(
                with_retention_records(Person.objects.filter(pk=request.person_id)).get()
            )
            review, _created = RetentionReview.objects.get_or_create(
                person=request.person,
                defaults={
                    "listed_on": answered_on,
                    "retention_until": retention.until,
                    "holding_record": retention.holding.describe()[:255] if retention.holding else "",
                },
            )
            review.status = enums.ReviewStatus.APPROVED
            review.decided_by = actor
            review.decided_on = answered_on
            review.anonymise_on = answered_on
            review.reason = _("Erasure request no. %(pk)s granted.") % {"pk": request.pk}
            save_validated(actor, review)
    return save_validated(actor, request)
