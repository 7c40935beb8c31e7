"""Withdrawing a consent stops what rests on it, kind by kind (szansa/domain/privacy/consents.py,
docs/data-protection.md#consent-withdrawal); what was done before the withdrawal stays (GDPR art. 7(3))."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from szansa.domain.people import services as people_services
from szansa.domain.people.enums import ConsentKind
from szansa.domain.privacy.consents import consent_states
from szansa.domain.projects import services as project_services
from szansa.domain.projects.enums import StaffRole
from szansa.domain.projects.models import ProjectStaff, TargetGroup
from szansa.domain.recruitment import services as recruitment_services
from szansa.domain.recruitment.models import Participant
from tests.factories import ConsentFactory, PersonFactory
from tests.factories.projects import make_project

pytestmark = pytest.mark.django_db
D = datetime.date
WITHDRAWN = D(2019, 1, 31)


def given_and_withdrawn(cast, person, kind):
    consent = ConsentFactory(person=person, kind=kind, given_on=D(2018, 6, 1))
    people_services.consent_withdraw(actor=cast.kierownik, consent=consent, on=WITHDRAWN)
    return consent


@pytest.fixture
def project(cast):
    project = make_project(cast.admin, number="S-1", participant_limit=12)
    project_services.project_record_save(
        actor=cast.admin,
        record=ProjectStaff(
            project=project, user=cast.koordynator, role=StaffRole.COORDINATOR, valid_from=project.start
        ),
    )
    target_group = project_services.project_record_save(
        actor=cast.admin,
        record=TargetGroup(project=project, year=2019, name="Osoby zagrożone", planned_total=12),
    )
    return project, target_group


def enrol(cast, project, person, start):
    project, target_group = project
    return recruitment_services.participant_enrol(
        actor=cast.koordynator, person=person, project=project, target_group=target_group, start_date=start
    )


def test_a_withdrawn_eu_project_consent_stops_new_enrolments_and_keeps_the_recorded_one(cast, project):
    person = PersonFactory(responsible_worker=cast.pracownik)
    consent = ConsentFactory(person=person, kind=ConsentKind.EU_PROJECT_DATA, given_on=D(2018, 6, 1))
    participant = enrol(cast, project, person, D(2019, 1, 15))  # before the withdrawal
    people_services.consent_withdraw(actor=cast.kierownik, consent=consent, on=WITHDRAWN)
    # The participation stays: its data belong to the project documentation the centre must keep.
    assert Participant.objects.filter(pk=participant.pk).exists()
    other = PersonFactory(responsible_worker=cast.pracownik)
    given_and_withdrawn(cast, other, ConsentKind.EU_PROJECT_DATA)
    with pytest.raises(ValidationError) as refusal:
        enrol(cast, project, other, D(2019, 2, 1))
    assert refusal.value.code == "consent_required"
    assert not Participant.objects.filter(person=other).exists()


def test_a_withdrawn_electronic_contact_consent_stops_the_emails(cast):
    person = PersonFactory(responsible_worker=cast.pracownik, email="ktos@example.org")
    consent = ConsentFactory(person=person, kind=ConsentKind.ELECTRONIC_CONTACT, given_on=D(2018, 6, 1))
    people_services.person_send_email(
        actor=cast.pracownik, person=person, subject="A", body="B", on=D(2019, 1, 2)
    )
    people_services.consent_withdraw(actor=cast.kierownik, consent=consent, on=WITHDRAWN)
    with pytest.raises(ValidationError) as refusal:
        people_services.person_send_email(
            actor=cast.pracownik, person=person, subject="C", body="D", on=D(2019, 2, 1)
        )
    assert refusal.value.code == "consent_required"
    assert [m.subject for m in mail.outbox] == ["A"]
    assert person.messages.count() == 1  # the e-mail sent before the withdrawal stays in the file


@pytest.mark.parametrize(
    "kind",
    [
        ConsentKind.EU_PROJECT_DATA,
        ConsentKind.ELECTRONIC_CONTACT,
        ConsentKind.IMAGE,
        ConsentKind.PARTNER_SHARING,
    ],
)
def test_every_kind_withdrawn_is_shown_as_stopped_from_its_day(cast, kind):
    person = cast.person_a
    given_and_withdrawn(cast, person, kind)
    before = {s.kind: s for s in consent_states(person, D(2019, 1, 30))}
    after = {s.kind: s for s in consent_states(person, WITHDRAWN)}
    assert (before[kind].allowed, before[kind].since) == (True, D(2018, 6, 1))
    assert (after[kind].allowed, after[kind].since) == (False, WITHDRAWN)
    # The other kinds were never given.
    assert [s.kind for s in after.values() if s.allowed or s.since] == [kind]


def test_the_persons_page_says_what_the_withdrawal_stopped(cast, client_for):
    given_and_withdrawn(cast, cast.person_a, ConsentKind.IMAGE)
    page = (
        client_for(cast.kierownik)
        .get(reverse("privacy:person_rights", args=[cast.person_a.pk]))
        .content.decode()
    )
    assert "wykorzystanie wizerunku" in page
    assert "wycofana 31.01.2019: wstrzymane" in page
