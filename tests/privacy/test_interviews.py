"""Community interviews under data protection (docs/data-protection.md): in the person's own copy (GDPR
art. 15) with the questions' labels and the revisions summarised, never the other members of the household;
cleared with the person's anonymisation; held as part of the case file (retention); and a social worker
never reads, in an interview's member lists, a household member of another team's file."""

import datetime
import io
import json
import zipfile
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from szansa.domain.interviews import services as interview_services
from szansa.domain.interviews.enums import InterviewKind, InterviewStatus
from szansa.domain.interviews.models import Interview, InterviewRevision
from szansa.domain.people import enums as people_enums
from szansa.domain.people.models import Person
from szansa.domain.privacy import services
from szansa.domain.privacy.anonymisation import anonymise_person
from szansa.domain.privacy.enums import RecordClass
from szansa.domain.privacy.models import RetentionReview
from szansa.domain.privacy.selectors import retention_of
from szansa.lib.pdf import pdf_text
from tests.factories import HouseholdFactory, IncomeRecordFactory, PersonFactory
from tests.factories.interviews import answers_for_completion

pytestmark = pytest.mark.django_db
D = datetime.date
DAY = D(2026, 1, 12)  # the interview's day; "the last month" is December 2025
HEALTH = "Cukrzyca, leczenie w poradni"


def aware(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def interview_holds(person):
    # she has no case, task, contract or stay: her only case-file record is the interview
    return [h for h in retention_of(person).holds if h.record_class == RecordClass.CASE_FILE]


@pytest.fixture
def family(cast):
    """Irena (team A) and her husband Tadeusz (team B's file) in one household, both with an income of
    December 2025; Irena's interview started by her worker and saved once with a health answer."""
    household = HouseholdFactory()
    irena = PersonFactory(
        first_name="Irena",
        last_name="Wywiadowa-Próbna",
        responsible_worker=cast.pracownik,
        household=household,
        household_relation=people_enums.HouseholdRelation.HEAD,
    )
    tadeusz = PersonFactory(
        first_name="Tadeusz",
        last_name="Obcy-Domownik",
        responsible_worker=cast.pracownik2,
        household=household,
        household_relation=people_enums.HouseholdRelation.SPOUSE,
    )
    IncomeRecordFactory(person=irena, month=D(2025, 12, 1), net_amount=Decimal("900.00"))
    IncomeRecordFactory(person=tadeusz, month=D(2025, 12, 1), net_amount=Decimal("3456.78"))
    interview = interview_services.interview_start(irena, cast.pracownik, DAY)
    interview = interview_services.interview_save(
        interview, {**interview.answers, "I.E.2": HEALTH}, interview.revision, cast.pracownik
    )
    return irena, tadeusz, interview


def test_the_interview_prefills_both_members_and_their_incomes(family):
    # the premise of the tests below: the pre-filled lists name the husband
    _irena, _tadeusz, interview = family
    assert "Obcy-Domownik" in interview.answers["I.A.7"]
    assert "Obcy-Domownik" in interview.answers["I.G.2"]
    # 900.00 + 3456.78 = 4356.78, the household's December
    assert interview.answers["I.G.1"] == "4356.78"


def test_the_persons_copy_holds_her_interviews_answers_with_labels_and_revisions(cast, family, client_for):
    irena, tadeusz, interview = family
    response = client_for(cast.kierownik).get(reverse("privacy:subject_access_zip", args=[irena.pk]))
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        files = {name: archive.read(name).decode("utf-8-sig") for name in archive.namelist()}
    sections = json.loads(files["data.json"])["sections"]
    (row,) = sections["interviews"]["rows"]
    assert row["interview"] == interview.pk
    assert row["conducted_on"] == "2026-01-12"
    assert row["kind"] == "pełny wywiad"
    assert row["revision"] == 2
    answers = {r["question"]: r for r in sections["interview_answers"]["rows"]}
    assert answers["I.A.1"]["label"].startswith("Imię i nazwisko osoby")
    assert answers["I.A.1"]["answer"] == irena.full_name
    assert answers["I.E.2"]["answer"] == HEALTH  # her own health data are hers to have
    assert answers["I.G.1"]["answer"] == "4356.78"
    # Revisions summarised: the pre-filled start (1) and the save (2), by her worker.
    revisions = sections["interview_revisions"]["rows"]
    assert [r["revision"] for r in revisions] == [1, 2]
    assert {r["saved_by"] for r in revisions} == {cast.pracownik.get_full_name() or "pracownik"}
    assert revisions[1]["answers"] == revisions[0]["answers"] + 1
    assert {"interviews.csv", "interview_answers.csv", "interview_revisions.csv"} <= set(files)
    # The lists of the other members (their names, their incomes) are left out (art. 15(4)).
    assert "I.A.7" not in answers and "I.G.2" not in answers
    pdf = pdf_text(
        client_for(cast.kierownik).get(reverse("privacy:subject_access_pdf", args=[irena.pk])).content
    )
    for text in ("\n".join(files.values()), pdf):
        assert "Obcy-Domownik" not in text and "Tadeusz" not in text and "3456.78" not in text
        assert tadeusz.pesel not in text
    assert "Stan zdrowia osoby" in pdf and HEALTH in pdf


def test_anonymisation_clears_the_answers_of_the_interview_and_of_every_revision(cast, family):
    irena, _tadeusz, interview = family
    Interview.objects.filter(pk=interview.pk).update(status=InterviewStatus.CONFIRMED)
    counts = anonymise_person(Person.objects.get(pk=irena.pk))
    interview = Interview.objects.get(pk=interview.pk)
    assert interview.answers == {} and interview.prefilled == {}
    assert interview.household is None
    assert list(InterviewRevision.objects.filter(interview=interview).values_list("answers", flat=True)) == [
        {},
        {},
    ]
    # Kept: kind, status, day, worker, revision numbers.
    assert (interview.kind, interview.status, interview.conducted_on, interview.worker) == (
        InterviewKind.FULL,
        InterviewStatus.CONFIRMED,
        DAY,
        cast.pracownik,
    )
    assert counts["interviews.interview"] == 1 and counts["interviews.interviewrevision"] == 2
    # The interview's change history (it logs the pre-filled registry values) names her no more.
    entries = LogEntry.objects.filter(content_type__model="interview", object_id=interview.pk)
    assert entries.exists()
    text = " ".join(f"{e.object_repr} {e.changes} {e.changes_text} {e.serialized_data}" for e in entries)
    assert "Wywiadowa" not in text and "Irena" not in text


def test_a_draft_interview_holds_the_person_and_a_completed_one_is_kept_as_the_case_file(cast, family):
    irena, _tadeusz, interview = family
    (hold,) = interview_holds(irena)
    assert hold.record == f"wywiad środowiskowy nr {interview.pk}"
    assert hold.record_class == RecordClass.CASE_FILE
    assert hold.until is None  # a draft: the interview is still being conducted
    interview = interview_services.interview_save(
        interview, answers_for_completion(interview), interview.revision, cast.pracownik
    )
    interview_services.interview_complete(interview, cast.pracownik)
    # Completed on 10.05.2020 (set by hand), case file B10: from 1.01.2021 ten years -> 31.12.2030.
    Interview.objects.filter(pk=interview.pk).update(completed_at=aware(D(2020, 5, 10)))
    (hold,) = interview_holds(irena)
    assert hold.until == D(2030, 12, 31)
    assert hold.rule.record_class == RecordClass.CASE_FILE
    assert "archiwach" in hold.legal_source


def test_an_open_interview_keeps_the_person_off_the_review_list(cast, family):
    irena, _tadeusz, _interview = family
    services.retention_review_refresh(D(2060, 1, 1))
    assert not RetentionReview.objects.filter(person=irena).exists()


def test_a_social_worker_reads_no_member_of_another_teams_file_in_the_interview(cast, family, client_for):
    irena, tadeusz, interview = family
    url = reverse("interview-detail", args=[interview.pk])
    own = client_for(cast.pracownik).get(url).json()["answers"]
    assert irena.full_name in own["I.A.7"] and "Obcy-Domownik" not in own["I.A.7"]
    assert "Obcy-Domownik" not in own["I.G.2"] and "900.00" in own["I.G.2"]
    # the manager reads the whole household, and the read names both in the access log
    whole = client_for(cast.kierownik).get(url).json()["answers"]
    assert "Obcy-Domownik" in whole["I.A.7"] and "3456.78" in whole["I.G.2"]
    logged = set(
        LogEntry.objects.filter(action=LogEntry.Action.ACCESS, actor=cast.kierownik).values_list(
            "object_id", flat=True
        )
    )
    assert {irena.pk, tadeusz.pk} <= logged
    # What she does not see she cannot remove: her save of what she was shown keeps his lines.
    saved = interview_services.interview_save(
        interview, {**interview.answers, **own, "I.A.6": 2}, interview.revision, cast.pracownik
    )
    assert "Obcy-Domownik" in saved.answers["I.A.7"] and "3456.78" in saved.answers["I.G.2"]


def test_anonymising_a_member_renames_him_in_the_other_members_interview(cast, family):
    irena, tadeusz, interview = family
    born = f"{tadeusz.birth_date:%d.%m.%Y}"
    assert born in interview.answers["I.A.7"]
    counts = anonymise_person(Person.objects.get(pk=tadeusz.pk))
    interview = Interview.objects.get(pk=interview.pk)
    label = f"Osoba anonimowa {tadeusz.pk}"
    # His lines name the anonymous label, his birth date only its year; hers are as they were.
    assert (
        label in interview.answers["I.A.7"]
        and f"01.01.{tadeusz.birth_date.year}" in interview.answers["I.A.7"]
    )
    assert label in interview.answers["I.G.2"] and "3456.78" in interview.answers["I.G.2"]
    assert irena.full_name in interview.answers["I.A.7"]
    texts = [interview.answers, interview.prefilled, *interview.revisions.values_list("answers", flat=True)]
    for text in map(str, texts):
        assert "Obcy-Domownik" not in text and "Tadeusz" not in text
        if born != f"01.01.{tadeusz.birth_date.year}":
            assert born not in text
    assert counts["interviews.interview_mentions"] == 1
    # Her own interview is hers: its kind, answers and health answer stay.
    assert interview.answers["I.E.2"] == HEALTH
