"""Data-subject requests: the one-month deadline (GDPR art. 12(3)), its extension, an erasure refused
with the retention rule that requires keeping the data (art. 17(3)(b)), and the register's pages."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from szansa.domain.privacy import services
from szansa.domain.privacy.enums import RequestKind, RequestStatus, ReviewStatus
from szansa.domain.privacy.models import RetentionReview, SubjectRequest, request_due_on
from szansa.domain.projects.models import Measure
from tests.factories import ParticipantFactory, ProjectFactory

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.mark.parametrize(
    ("received", "extended", "due"),
    [
        (D(2026, 3, 10), False, D(2026, 4, 10)),  # one month later, a Friday
        (D(2026, 1, 15), False, D(2026, 2, 16)),  # 15.02 is a Sunday -> Monday
        (D(2026, 1, 31), False, D(2026, 3, 2)),  # no 31.02: 28.02, a Saturday -> Monday 2.03
        (D(2026, 10, 11), False, D(2026, 11, 12)),  # 11.11, Independence Day -> 12.11
        (D(2026, 3, 10), True, D(2026, 6, 10)),  # extended by two further months: three in all
    ],
)
def test_the_answer_is_due_one_month_from_receipt_moved_off_holidays(received, extended, due):
    assert request_due_on(received, extended=extended) == due


MARCH_10 = D(2026, 3, 10)


def record(cast, person, kind=RequestKind.ACCESS, received=MARCH_10, **fields):
    return services.subject_request_record(
        actor=cast.kierownik,
        request=SubjectRequest(person=person, kind=kind, received_on=received, **fields),
    )


def test_a_recorded_request_has_its_deadline_and_an_extension_needs_a_reason(cast):
    request = record(cast, cast.person_a)
    assert (request.due_on, request.status, request.recorded_by) == (
        D(2026, 4, 10),
        RequestStatus.OPEN,
        cast.kierownik,
    )
    with pytest.raises(ValidationError):
        record(cast, cast.person_a, extended=True)
    extended = record(cast, cast.person_a, extended=True, extension_reason="wiele teczek archiwalnych")
    assert extended.due_on == D(2026, 6, 10)
    assert extended.is_overdue(D(2026, 6, 11)) and not extended.is_overdue(D(2026, 6, 10))


@pytest.mark.parametrize("who", ["pracownik", "koordynator", "referent", "audytor", "specjalista"])
def test_only_the_manager_or_the_administrator_records_requests(cast, who):
    with pytest.raises(PermissionDenied):
        services.subject_request_record(
            actor=getattr(cast, who),
            request=SubjectRequest(person=cast.person_a, kind=RequestKind.ACCESS, received_on=D(2026, 3, 10)),
        )


@pytest.fixture
def held(cast):
    """Person A takes part in a 2021-2027 project that has had no last payment: the data must be kept."""
    measure = Measure.objects.get(programme__code="FEM 2021-2027", code="6.11")
    project = ProjectFactory(number="FEM-1", measure=measure, start=D(2023, 1, 1), end=D(2025, 6, 30))
    ParticipantFactory(person=cast.person_a, project=project)
    return cast.person_a


def test_an_erasure_the_law_does_not_allow_is_refused_with_the_rule_that_holds_the_data(cast, held):
    request = record(cast, held, kind=RequestKind.ERASURE)
    with pytest.raises(ValidationError) as refusal:
        services.subject_request_answer(
            actor=cast.kierownik,
            request=request,
            status=RequestStatus.GRANTED,
            answered_on=D(2026, 3, 20),
            outcome="x",
        )
    assert "17" in str(refusal.value) and "2021/1060" in str(refusal.value)
    request.refresh_from_db()
    answered = services.subject_request_answer(
        actor=cast.kierownik,
        request=request,
        status=RequestStatus.REFUSED,
        answered_on=D(2026, 3, 20),
        outcome="Odmowa usunięcia danych.",
    )
    assert "17" in answered.refusal_ground
    assert "2021/1060" in answered.refusal_ground  # the rule's legal source
    assert "FEM-1" in answered.refusal_ground  # the record that holds the data
    assert not RetentionReview.objects.exists()


def test_a_granted_erasure_approves_the_anonymisation_from_the_answer(cast):
    person = cast.person_b
    type(person).objects.filter(pk=person.pk).update(
        created_at=datetime.datetime(2012, 1, 1, tzinfo=datetime.UTC),
        updated_at=datetime.datetime(2012, 1, 1, tzinfo=datetime.UTC),
    )
    request = record(cast, person, kind=RequestKind.ERASURE, received=D(2026, 11, 2))
    services.subject_request_answer(
        actor=cast.admin,
        request=request,
        status=RequestStatus.GRANTED,
        answered_on=D(2026, 11, 20),
        outcome="Usunięto.",
    )
    review = RetentionReview.objects.get(person=person)
    assert (review.status, review.anonymise_on, review.decided_by) == (
        ReviewStatus.APPROVED,
        D(2026, 11, 20),
        cast.admin,
    )


def test_the_register_filters_and_shows_overdue_requests(cast, client_for):
    record(cast, cast.person_a, received=D(2020, 1, 2))  # long overdue
    record(cast, cast.person_b, kind=RequestKind.RECTIFICATION, received=D(2099, 1, 2))
    client = client_for(cast.audytor)  # the data protection officer reads with the auditor's role
    page = client.get(reverse("privacy:request_list")).content.decode()
    assert cast.person_a.full_name in page and cast.person_b.full_name in page
    overdue = client.get(reverse("privacy:request_list"), {"overdue": "on"}).content.decode()
    assert cast.person_a.full_name in overdue and cast.person_b.full_name not in overdue
    rectification = client.get(reverse("privacy:request_list"), {"kind": "rectification"}).content.decode()
    assert cast.person_a.full_name not in rectification and cast.person_b.full_name in rectification
    assert client_for(cast.pracownik).get(reverse("privacy:request_list")).status_code == 403


def test_the_request_form_records_and_refuses_in_polish(cast, client_for):
    client = client_for(cast.kierownik)
    url = reverse("privacy:request_add", args=[cast.person_a.pk])
    response = client.post(url, {"kind": "restriction", "received_on": "2026-03-10", "extended": "on"})
    assert response.status_code == 200
    assert "Podaj powód przedłużenia" in response.content.decode()
    response = client.post(url, {"kind": "restriction", "received_on": "2026-03-10", "details": "ogranicz"})
    assert response.status_code == 302
    assert SubjectRequest.objects.get().due_on == D(2026, 4, 10)
    assert (
        client_for(cast.audytor).post(url, {"kind": "access", "received_on": "2026-03-10"}).status_code == 403
    )
