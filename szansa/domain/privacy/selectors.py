"""Reads of the privacy app: the review list, a person's retention, the request register."""

import datetime

from django.db.models import Q

from szansa.domain.people.models import Person
from szansa.domain.privacy import enums
from szansa.domain.privacy.models import AnonymisationBatch, RetentionReview, RetentionRule, SubjectRequest
from szansa.domain.privacy.retention import Retention, person_retention, with_retention_records
from szansa.lib.access_log import log_access
from szansa.lib.services import require


def retention_reviews(*, user):
    """The review list (people due, approved, kept), oldest retention date first; the caller filters and
    pages it and access-logs the people of the page it shows."""
    require(user, "privacy.view_retention")
    return RetentionReview.objects.select_related("person", "decided_by").exclude(
        status=enums.ReviewStatus.ANONYMISED
    )


def retention_review_get(*, user, pk) -> RetentionReview:
    require(user, "privacy.view_retention")
    return RetentionReview.objects.select_related("person").get(pk=pk)


def anonymisation_batches(limit: int = 20):
    return AnonymisationBatch.objects.all()[:limit]


def retention_rules():
    return RetentionRule.objects.select_related("filing_category")


def retention_of(person: Person) -> Retention:
    return person_retention(with_retention_records(Person.objects.filter(pk=person.pk)).get())


def subject_requests(
    *,
    user,
    route: str,
    kind: str = "",
    status: str = "",
    overdue_on: datetime.date | None = None,
    received_from: datetime.date | None = None,
    received_to: datetime.date | None = None,
    person: Person | None = None,
):
    """The register of requests for the data protection officer, filtered; access-logged."""
    require(user, "privacy.view_requests")
    requests = SubjectRequest.objects.select_related("person", "recorded_by")
    if kind:
        requests = requests.filter(kind=kind)
    if status:
        requests = requests.filter(status=status)
    if overdue_on:
        requests = requests.filter(status=enums.RequestStatus.OPEN, due_on__lt=overdue_on)
    if received_from:
        requests = requests.filter(received_on__gte=received_from)
    if received_to:
        requests = requests.filter(received_on__lte=received_to)
    if person is not None:
        requests = requests.filter(person=person)
    requests = list(requests)
    log_access(user=user, persons=[r.person for r in requests], route=route, what="data-subject requests")
    return requests


def subject_request_get(*, user, pk) -> SubjectRequest:
    require(user, "privacy.view_requests")
    return SubjectRequest.objects.select_related("person").get(pk=pk)


def open_requests_due(today: datetime.date):
    return SubjectRequest.objects.filter(Q(status=enums.RequestStatus.OPEN), due_on__lte=today)
