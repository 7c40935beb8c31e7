"""The retention review, the manager's approval and the anonymisation after the grace period."""

import datetime
import io
import os

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from szansa.domain.people import enums as people_enums
from szansa.domain.people.models import Person
from szansa.domain.people.services import person_update
from szansa.domain.people.tasks import import_dir
from szansa.domain.privacy import services
from szansa.domain.privacy.enums import ReviewStatus
from szansa.domain.privacy.models import RetentionReview
from szansa.lib.access_log import log_access
from tests.factories import (
    CaseFactory,
    HouseholdFactory,
    IncomeRecordFactory,
    PersonFactory,
    SituationFactory,
)

pytestmark = pytest.mark.django_db
D = datetime.date
LONG_AGO = D(2012, 3, 1)
TODAY = D(2026, 12, 4)  # the registry file of 2012 was due after 31.12.2022


def backdate(*persons):
    moment = timezone.make_aware(datetime.datetime.combine(LONG_AGO, datetime.time(12)))
    Person.objects.filter(pk__in=[p.pk for p in persons]).update(created_at=moment, updated_at=moment)


@pytest.fixture
def due(cast):
    """Anna, due: an old file with an income, a disability, a closed case and a household."""
    household = HouseholdFactory(notes="Rodzina Anny, mieszkanie socjalne")
    person = PersonFactory(
        first_name="Anna",
        last_name="Zawadzka-Testowa",
        phone="600100200",
        email="anna.zt@example.org",
        street="Lipowa",
        flat_number="4",
        responsible_worker=cast.pracownik,
        household=household,
        household_relation=people_enums.HouseholdRelation.HEAD,
        sex=people_enums.Sex.FEMALE,
        birth_date=D(1980, 7, 14),
    )
    IncomeRecordFactory(person=person, month=D(2012, 1, 1), note="umowa u Kowalskiego")
    SituationFactory(
        person=person,
        kind=people_enums.SituationKind.DISABILITY,
        disability_degree=people_enums.DisabilityDegree.MODERATE,
        valid_from=D(2010, 1, 1),
        valid_to=D(2012, 1, 31),
        note="orzeczenie z PZON",
    )
    CaseFactory(
        person=person,
        opened_on=D(2012, 1, 5),
        closed_on=D(2012, 2, 20),
        request_text="Anna prosi o zasiłek",
        created_by=cast.pracownik,
    )
    # History with the identity in it: a change of the phone, a read of the file.
    person_update(actor=cast.kierownik, person=person, data={"phone": "600100201"})
    log_access(user=cast.pracownik, persons=[person], route="people:person_detail", what="file")
    backdate(person)
    return Person.objects.get(pk=person.pk)


@pytest.fixture
def kept(cast):
    """Bogdan, not due: a case still open."""
    person = PersonFactory(responsible_worker=cast.pracownik)
    CaseFactory(person=person, opened_on=D(2012, 1, 5), created_by=cast.pracownik)
    backdate(person)
    return person


def test_the_daily_job_lists_only_people_whose_every_record_has_passed(cast, due, kept):
    backdate(cast.person_a, cast.person_b)
    assert services.retention_review_refresh(TODAY) == 3  # Anna and the cast's two old files
    listed = {r.person_id: r for r in RetentionReview.objects.all()}
    assert kept.pk not in listed
    review = listed[due.pk]
    assert review.status == ReviewStatus.DUE
    # Registry file: last entry 2012 -> 31.12.2022; the case closed in 2012 -> 31.12.2022 too.
    assert review.retention_until == D(2022, 12, 31)


def test_a_person_with_a_new_record_leaves_the_list(cast, due):
    services.retention_review_refresh(TODAY)
    assert RetentionReview.objects.filter(person=due).exists()
    CaseFactory(person=due, created_by=cast.pracownik)  # a new request: open case
    services.retention_review_refresh(TODAY)
    assert not RetentionReview.objects.filter(person=due).exists()


@pytest.mark.parametrize("who", ["pracownik", "koordynator", "referent", "audytor", "specjalista"])
def test_only_a_manager_or_the_administrator_approves(cast, due, who):
    services.retention_review_refresh(TODAY)
    review = RetentionReview.objects.get(person=due)
    with pytest.raises(PermissionDenied):
        services.retention_review_approve(actor=getattr(cast, who), review=review, on=TODAY)
    review.refresh_from_db()
    assert review.status == ReviewStatus.DUE


def test_keeping_needs_a_reason(cast, due):
    services.retention_review_refresh(TODAY)
    review = RetentionReview.objects.get(person=due)
    with pytest.raises(Exception, match="reason|powód"):
        services.retention_review_keep(actor=cast.kierownik, review=review, on=TODAY, reason=" ")
    services.retention_review_keep(actor=cast.admin, review=review, on=TODAY, reason="kontrola NIK w toku")
    assert RetentionReview.objects.get(pk=review.pk).status == ReviewStatus.KEPT
    assert services.anonymise_due(TODAY + datetime.timedelta(days=60)) is None


def test_approved_people_are_anonymised_after_the_grace_period_only(cast, due, settings):
    settings.PRIVACY_ANONYMISATION_GRACE_DAYS = 30
    services.retention_review_refresh(TODAY)
    review = RetentionReview.objects.get(person=due)
    services.retention_review_approve(actor=cast.kierownik, review=review, on=TODAY)
    review.refresh_from_db()
    assert review.anonymise_on == D(2027, 1, 3)  # 4.12.2026 + 30 days
    assert services.anonymise_due(D(2027, 1, 2)) is None
    assert Person.objects.get(pk=due.pk).last_name == "Zawadzka-Testowa"
    batch = services.anonymise_due(D(2027, 1, 3))
    assert batch.persons == 1
    assert RetentionReview.objects.get(pk=review.pk).status == ReviewStatus.ANONYMISED


def test_anonymisation_replaces_identity_contact_address_and_texts_and_keeps_the_statistics(cast, due):
    household = due.household
    old_pesel = due.pesel
    services.retention_review_refresh(TODAY)
    review = RetentionReview.objects.get(person=due)
    services.retention_review_approve(
        actor=cast.kierownik, review=review, on=TODAY - datetime.timedelta(days=40)
    )
    batch = services.anonymise_due(TODAY)
    person = Person.objects.get(pk=due.pk)
    # Replaced.
    assert (person.first_name, person.last_name) == ("Osoba", f"anonimowa {person.pk}")
    assert person.pesel is None
    assert person.other_id_number == f"ANON-{person.pk}"
    assert (person.phone, person.email, person.street, person.flat_number) == ("", "", "", "")
    assert person.postal_code == "00-000"
    assert person.household is None
    assert household.__class__.objects.get(pk=household.pk).notes == ""
    assert person.income_records.get().note == ""
    assert person.situations.get().note == ""
    assert person.work_cases.get().request_text == ""
    # Kept: sex, year of birth, gmina, the records' dates, kinds and flags.
    assert person.sex == people_enums.Sex.FEMALE
    assert person.birth_date == D(1980, 1, 1)
    assert (person.gmina, person.powiat) == ("Andrychów", "wadowicki")
    situation = person.situations.get()
    assert (situation.kind, situation.disability_degree, situation.valid_from) == (
        people_enums.SituationKind.DISABILITY,
        people_enums.DisabilityDegree.MODERATE,
        D(2010, 1, 1),
    )
    assert person.income_records.get().net_amount == IncomeRecordFactory._meta.declarations["net_amount"]
    # The history and the access log keep their entries but no longer name the person.
    entries = LogEntry.objects.filter(additional_data__person_id=person.pk) | LogEntry.objects.filter(
        object_id=person.pk, content_type__model="person"
    )
    assert entries.exists()
    text = " ".join(f"{e.object_repr} {e.changes} {e.changes_text} {e.serialized_data}" for e in entries)
    for identifying in ("Zawadzka", "Anna", old_pesel, "600100200", "600100201", "Kowalskiego", "PZON"):
        assert identifying not in text
    assert not LogEntry.objects.filter(object_repr__contains="Zawadzka").exists()
    # The audit record counts and names no one.
    assert batch.persons == 1
    assert batch.records["people.person"] == 1
    assert batch.records["work.case"] == 1
    audit = LogEntry.objects.get_for_object(batch).get()
    assert "Zawadzka" not in str(audit.changes) and "Anna" not in str(audit.changes)


def test_a_person_with_a_new_record_after_approval_is_not_anonymised(cast, due):
    services.retention_review_refresh(TODAY)
    review = RetentionReview.objects.get(person=due)
    services.retention_review_approve(actor=cast.admin, review=review, on=TODAY - datetime.timedelta(days=40))
    CaseFactory(person=due, created_by=cast.pracownik)
    assert services.anonymise_due(TODAY) is None
    assert Person.objects.get(pk=due.pk).last_name == "Zawadzka-Testowa"
    assert RetentionReview.objects.get(pk=review.pk).status == ReviewStatus.DUE


def test_old_import_job_folders_are_removed(settings, tmp_path):
    settings.PRIVATE_ROOT = str(tmp_path)
    old = import_dir() / ("a" * 32)
    new = import_dir() / ("b" * 32)
    for folder in (old, new):
        folder.mkdir(parents=True)
        (folder / "report.csv").write_text("PESEL;błąd\n")
    ten_days_ago = datetime.datetime.now().timestamp() - 10 * 86400
    os.utime(old, (ten_days_ago, ten_days_ago))
    assert services.import_jobs_clean(days=7) == 1
    assert not old.exists()
    assert (new / "report.csv").exists()


def test_the_command_runs_the_nightly_jobs_and_names_no_one(cast, due):
    out = io.StringIO()
    call_command("retention", "--review", "--today", "2026-12-04", stdout=out)
    assert out.getvalue() == "Osoby do anonimizacji: 1.\n"
    services.retention_review_approve(
        actor=cast.kierownik, review=RetentionReview.objects.get(person=due), on=D(2026, 10, 1)
    )
    out = io.StringIO()
    call_command("retention", "--anonymise", "--today", "2026-12-04", stdout=out)
    assert out.getvalue() == "Zanonimizowane osoby: 1.\n"
    assert Person.objects.get(pk=due.pk).pesel is None


def test_the_review_page_lists_and_the_manager_decides_there(cast, due, client_for):
    services.retention_review_refresh(TODAY)
    review = RetentionReview.objects.get(person=due)
    auditor = client_for(cast.audytor)  # the data protection officer reads the list
    page = auditor.get(reverse("privacy:review_list")).content.decode()
    assert "Zawadzka-Testowa" in page and "31.12.2022" in page
    assert reverse("privacy:review_decide", args=[review.pk]) not in page
    assert (
        auditor.post(reverse("privacy:review_decide", args=[review.pk]), {"decision": "approve"}).status_code
        == 403
    )
    assert client_for(cast.pracownik).get(reverse("privacy:review_list")).status_code == 403
    manager = client_for(cast.kierownik)
    url = reverse("privacy:review_decide", args=[review.pk])
    refused = manager.post(url, {"decision": "keep", "reason": ""})
    assert refused.status_code == 200 and "Podaj powód zachowania danych." in refused.content.decode()
    assert manager.post(url, {"decision": "approve"}).status_code == 302
    review.refresh_from_db()
    assert (review.status, review.decided_by) == (ReviewStatus.APPROVED, cast.kierownik)
