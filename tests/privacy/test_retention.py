"""Retention dates per record class (docs/data-protection.md#retention) and "latest record wins"."""

import datetime

import pytest
from django.utils import timezone

from szansa.domain.privacy.enums import RecordClass
from szansa.domain.privacy.models import FilingCategory, RetentionRule
from szansa.domain.privacy.selectors import retention_of
from szansa.domain.projects.models import Measure
from szansa.domain.work.enums import TaskStatus
from tests.factories import (
    ApplicationFactory,
    CaseFactory,
    IncomeRecordFactory,
    ParticipantFactory,
    PersonFactory,
    ProjectFactory,
    RecruitmentRoundFactory,
    StayFactory,
    TargetGroupFactory,
    TaskFactory,
)

pytestmark = pytest.mark.django_db
D = datetime.date
LONG_AGO = D(2012, 3, 1)


def old_file(person, day=LONG_AGO):
    """Backdate the person's own file so that only the records under test hold them."""
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))
    type(person).objects.filter(pk=person.pk).update(created_at=moment, updated_at=moment)
    person.refresh_from_db()
    return person


def project_2021(**fields):
    measure = Measure.objects.get(programme__code="FEM 2021-2027", code="6.11")
    return ProjectFactory(measure=measure, start=D(2023, 1, 1), end=D(2025, 6, 30), **fields)


def holds_of(person, record_class):
    return [hold for hold in retention_of(person).holds if hold.record_class == record_class]


def test_eu_2021_2027_keeps_five_years_from_31_december_of_the_last_payment_year(cast):
    # Last payment 12.03.2026 -> 31.12.2026 + 5 years = 31.12.2031 (Reg. 2021/1060 art. 82).
    person = old_file(cast.person_a)
    ParticipantFactory(person=person, project=project_2021(last_payment_date=D(2026, 3, 12)))
    (hold,) = holds_of(person, RecordClass.EU_2021_2027)
    assert hold.until == D(2031, 12, 31)
    assert "2021/1060" in hold.legal_source


def test_eu_2021_2027_without_a_last_payment_holds_the_person_indefinitely(cast):
    person = old_file(cast.person_a)
    ParticipantFactory(person=person, project=project_2021())
    retention = retention_of(person)
    assert retention.until is None
    assert retention.holding.record_class == RecordClass.EU_2021_2027
    assert not retention.passed(D(2100, 1, 1))


def test_eu_2014_2020_keeps_until_the_managing_bodys_date_entered_in_the_project(cast):
    person = old_file(cast.person_a)
    project = ProjectFactory(documents_kept_until=D(2028, 12, 31))
    ParticipantFactory(person=person, project=project)
    (hold,) = holds_of(person, RecordClass.EU_2014_2020)
    assert hold.until == D(2028, 12, 31)
    project.documents_kept_until = None
    project.save()
    assert retention_of(person).until is None  # no date from the managing body: kept


def test_an_application_alone_holds_the_person_like_a_participation(cast):
    person = old_file(cast.person_a)
    project = ProjectFactory(documents_kept_until=D(2027, 6, 30))
    round = RecruitmentRoundFactory(target_group=TargetGroupFactory(project=project))
    ApplicationFactory(person=person, round=round)
    assert retention_of(person).until == D(2027, 6, 30)


def test_public_aid_keeps_ten_years_from_the_grant(cast):
    # Granted 15.06.2020 + 10 years = 15.06.2030, later than the project's own date (2026).
    person = old_file(cast.person_a)
    project = ProjectFactory(documents_kept_until=D(2026, 12, 31), public_aid_granted_on=D(2020, 6, 15))
    ParticipantFactory(person=person, project=project)
    (hold,) = holds_of(person, RecordClass.PUBLIC_AID)
    assert hold.until == D(2030, 6, 15)
    assert retention_of(person).until == D(2030, 6, 15)
    assert retention_of(person).holding.record_class == RecordClass.PUBLIC_AID


def test_a_case_file_is_kept_per_its_filing_plan_category_from_the_year_after_closing(cast):
    # Closed 10.05.2020, B10: from 1.01.2021 ten years -> last day 31.12.2030.
    person = old_file(cast.person_a)
    CaseFactory(person=person, opened_on=D(2020, 1, 10), closed_on=D(2020, 5, 10))
    (hold,) = holds_of(person, RecordClass.CASE_FILE)
    assert hold.until == D(2030, 12, 31)
    # The category is the centre's to set: B5 -> 31.12.2025.
    rule = RetentionRule.objects.get(record_class=RecordClass.CASE_FILE)
    rule.filing_category = FilingCategory.objects.get(symbol="B5")
    rule.save()
    (hold,) = holds_of(person, RecordClass.CASE_FILE)
    assert hold.until == D(2025, 12, 31)


def test_an_open_case_an_open_task_or_a_stay_going_on_hold_the_person(cast):
    person = old_file(cast.person_a)
    CaseFactory(person=person)
    assert retention_of(person).until is None
    other = old_file(cast.person_b)
    TaskFactory(person=other, status=TaskStatus.OPEN)
    assert retention_of(other).until is None
    third = old_file(PersonFactory())
    StayFactory(person=third, actual_start=D(2019, 4, 1))
    assert retention_of(third).holding.record_class == RecordClass.HOUSING
    assert retention_of(third).until is None


def test_a_dated_rule_applies_to_records_ending_in_its_period(cast):
    # A new rule from 2021 (B25) for case files: a case closed in 2020 keeps B10, one closed in 2022 B25.
    RetentionRule.objects.filter(record_class=RecordClass.CASE_FILE).update(valid_to=D(2020, 12, 31))
    RetentionRule.objects.create(
        record_class=RecordClass.CASE_FILE,
        valid_from=D(2021, 1, 1),
        filing_category=FilingCategory.objects.get(symbol="B25"),
        legal_source="JRWA 2021",
    )
    person = old_file(cast.person_a)
    CaseFactory(person=person, opened_on=D(2020, 1, 2), closed_on=D(2020, 2, 1))
    CaseFactory(person=person, opened_on=D(2022, 1, 2), closed_on=D(2022, 2, 1))
    untils = sorted(hold.until for hold in holds_of(person, RecordClass.CASE_FILE))
    assert untils == [D(2030, 12, 31), D(2047, 12, 31)]  # 2020 + 10; 2022 + 25


def test_the_latest_record_wins(cast):
    # Registry file: last entry (income of March 2013) -> 2013 + 10 = 31.12.2023.
    # Case closed 2015 -> 2025 + ... B10 = 31.12.2025.
    # 2021-2027 participation, last payment 2024 -> 31.12.2029: the latest, so it holds the person.
    person = old_file(cast.person_a)
    IncomeRecordFactory(person=person, month=D(2013, 3, 1))
    CaseFactory(person=person, opened_on=D(2015, 1, 5), closed_on=D(2015, 3, 1))
    ParticipantFactory(person=person, project=project_2021(last_payment_date=D(2024, 11, 30)))
    retention = retention_of(person)
    by_class = {hold.record_class: hold.until for hold in retention.holds}
    assert by_class == {
        RecordClass.CLIENT_FILE: D(2023, 12, 31),
        RecordClass.CASE_FILE: D(2025, 12, 31),
        RecordClass.EU_2021_2027: D(2029, 12, 31),
    }
    assert retention.until == D(2029, 12, 31)
    assert retention.holding.record_class == RecordClass.EU_2021_2027
    assert not retention.passed(D(2029, 12, 31))
    assert retention.passed(D(2030, 1, 1))


def test_a_person_with_nothing_but_the_registry_file_is_kept_ten_years_after_the_last_entry(cast):
    # File created and last changed on 1.03.2012: 2012 + 10 -> 31.12.2022.
    person = old_file(cast.person_a)
    retention = retention_of(person)
    assert [hold.record_class for hold in retention.holds] == [RecordClass.CLIENT_FILE]
    assert retention.until == D(2022, 12, 31)
