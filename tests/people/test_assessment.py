"""Income criterion edges, household income per person, at-risk reasons, multiple exclusion."""

import datetime
from decimal import Decimal

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import translation

from szansa.domain.people import enums
from szansa.domain.people.assessment import assess, is_long_term_unemployed, unemployed_since
from szansa.domain.people.models import Art7Reason, IncomeCriterion
from szansa.lib.dates import age_on
from tests.factories import HouseholdFactory, IncomeRecordFactory, PersonFactory, SituationFactory

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.mark.parametrize(
    ("day", "single", "per_person"),
    [
        (D(2015, 10, 1), "634.00", "514.00"),
        (D(2018, 9, 30), "634.00", "514.00"),
        (D(2018, 10, 1), "701.00", "528.00"),
        (D(2021, 12, 31), "701.00", "528.00"),
        (D(2022, 1, 1), "776.00", "600.00"),
        (D(2024, 12, 31), "776.00", "600.00"),
        (D(2025, 1, 1), "1010.00", "823.00"),
        (D(2026, 11, 24), "1010.00", "823.00"),
    ],
)
def test_the_criterion_in_force_changes_exactly_on_the_boundary_dates(day, single, per_person):
    criterion = IncomeCriterion.objects.on(day).get()
    assert criterion.single_person == Decimal(single)
    assert criterion.per_person == Decimal(per_person)


def test_no_criterion_before_the_first_row_means_no_verdict():
    person = PersonFactory()
    result = assess(person, D(2010, 5, 5))
    assert result.income_criterion is None
    assert result.meets_income_criterion is None


def single_with_income(amount, month=None):
    month = month or D(2025, 1, 1)
    person = PersonFactory()
    IncomeRecordFactory(person=person, month=month, net_amount=Decimal(amount))
    return person


@pytest.mark.parametrize(
    ("amount", "meets"), [("1010.00", True), ("1010.01", False), ("1009.99", True), ("0.00", True)]
)
def test_a_single_person_qualifies_at_or_below_the_criterion(amount, meets):
    result = assess(single_with_income(amount), D(2025, 1, 15))
    assert result.single_person
    assert result.income_criterion == Decimal("1010.00")
    assert result.meets_income_criterion is meets


def test_the_same_income_qualifies_under_the_old_criterion_only_before_the_change():
    person = single_with_income("776.00", month=D(2024, 12, 1))
    assert assess(person, D(2024, 12, 31)).meets_income_criterion is True
    IncomeRecordFactory(person=person, month=D(2025, 1, 1), net_amount=Decimal("776.01"))
    assert assess(person, D(2024, 12, 31), income_month=D(2025, 1, 1)).meets_income_criterion is False
    assert assess(person, D(2025, 1, 1)).meets_income_criterion is True


def test_household_income_is_divided_among_all_members():
    household = HouseholdFactory()
    head = PersonFactory(household=household, household_relation=enums.HouseholdRelation.HEAD)
    spouse = PersonFactory(household=household, household_relation=enums.HouseholdRelation.SPOUSE)
    PersonFactory(household=household, household_relation=enums.HouseholdRelation.CHILD)
    IncomeRecordFactory(person=head, net_amount=Decimal("1500.00"))
    IncomeRecordFactory(person=spouse, net_amount=Decimal("969.01"))
    IncomeRecordFactory(person=spouse, net_amount=Decimal("800.00"), counts_as_income=False)
    IncomeRecordFactory(person=spouse, month=D(2024, 12, 1), net_amount=Decimal("9999.00"))
    result = assess(spouse, D(2025, 1, 20))
    assert result.household_size == 3
    assert result.household_income == Decimal("2469.01")
    assert result.income_per_person == Decimal("823.00")
    assert result.income_criterion == Decimal("823.00")
    assert result.meets_income_criterion is True
    assert result.reasons[0].text == "income per person 823.00 zł ≤ criterion 823.00 zł (Jan 2025)"


def test_poverty_reason_reads_in_the_language_it_is_shown_in():
    person = single_with_income("612.40")
    result = assess(person, D(2025, 1, 15))
    with translation.override("pl"):
        polish = result.reasons[0].text
    with translation.override("en"):
        english = result.reasons[0].text
    assert polish == "dochód na osobę 612,40 zł ≤ kryterium 1 010,00 zł (01.2025)"
    assert english == "income per person 612.40 zł ≤ criterion 1,010.00 zł (Jan 2025)"


def test_a_person_above_the_criterion_with_no_situation_is_not_at_risk():
    result = assess(single_with_income("3000.00"), D(2025, 1, 15))
    assert result.meets_income_criterion is False
    assert not result.at_risk
    assert not result.multiple_exclusion
    assert result.reasons == []


def test_each_listed_condition_alone_makes_a_person_at_risk():
    day = D(2025, 3, 1)
    cases = {
        "disability": dict(kind=enums.SituationKind.DISABILITY, disability_degree="moderate"),
        "homelessness": dict(kind=enums.SituationKind.HOMELESSNESS),
        "food_aid": dict(kind=enums.SituationKind.FOOD_AID),
        "unemployment": dict(
            kind=enums.SituationKind.LABOUR_MARKET,
            labour_status=enums.LabourMarketStatus.REGISTERED_UNEMPLOYED,
        ),
    }
    for category, fields in cases.items():
        person = single_with_income("5000.00", month=D(2025, 3, 1))
        SituationFactory(person=person, valid_from=D(2024, 6, 1), **fields)
        result = assess(person, day)
        assert result.at_risk, category
        assert result.categories == {category}
        assert not result.multiple_exclusion


def test_two_reasons_at_once_are_multiple_exclusion_and_duplicates_count_once():
    person = single_with_income("500.00", month=D(2025, 3, 1))
    SituationFactory(person=person, kind=enums.SituationKind.HOMELESSNESS, valid_from=D(2025, 1, 1))
    SituationFactory(
        person=person,
        kind=enums.SituationKind.ASSISTANCE_REASON,
        assistance_reason=Art7Reason.objects.get(code="1"),
        valid_from=D(2025, 1, 1),
    )
    result = assess(person, D(2025, 3, 10))
    assert result.categories == {"poverty", "homelessness"}
    assert len(result.reasons) == 3
    assert result.multiple_exclusion


def test_ended_situations_and_expired_certificates_do_not_count():
    person = single_with_income("5000.00", month=D(2025, 3, 1))
    SituationFactory(
        person=person,
        kind=enums.SituationKind.HOMELESSNESS,
        valid_from=D(2024, 1, 1),
        valid_to=D(2025, 2, 28),
    )
    SituationFactory(
        person=person,
        kind=enums.SituationKind.DISABILITY,
        disability_degree="severe",
        valid_from=D(2020, 1, 1),
        certificate_valid_until=D(2025, 3, 9),
    )
    assert not assess(person, D(2025, 3, 10)).at_risk
    assert assess(person, D(2025, 3, 9)).categories == {"disability"}


def test_situation_python_and_database_activity_agree():
    person = PersonFactory()
    situations = [
        SituationFactory(person=person, valid_from=D(2025, 1, 1), valid_to=D(2025, 1, 31)),
        SituationFactory(person=person, valid_from=D(2025, 2, 1)),
        SituationFactory(
            person=person,
            kind=enums.SituationKind.DISABILITY,
            disability_degree="mild",
            valid_from=D(2024, 1, 1),
            certificate_valid_until=D(2025, 1, 15),
        ),
    ]
    for day in (D(2024, 12, 31), D(2025, 1, 1), D(2025, 1, 15), D(2025, 1, 16), D(2025, 2, 1)):
        in_db = set(person.situations.on(day))
        in_python = {s for s in situations if s.is_active_on(day)}
        assert in_db == in_python, day


def test_the_art7_domestic_violence_label_follows_the_2023_amendment():
    reason = Art7Reason.objects.get(code="7")
    with translation.override("pl"):
        assert reason.label(D(2023, 6, 21)) == "przemoc w rodzinie"
        assert reason.label(D(2023, 6, 22)) == "przemoc domowa"


def test_disability_reasons_are_sensitive_and_hidden_from_those_without_health_access():
    person = single_with_income("5000.00", month=D(2025, 3, 1))
    SituationFactory(
        person=person, kind=enums.SituationKind.DISABILITY, disability_degree="mild", valid_from=D(2024, 1, 1)
    )
    SituationFactory(person=person, kind=enums.SituationKind.FOOD_AID, valid_from=D(2024, 1, 1))
    result = assess(person, D(2025, 3, 1))
    assert len(result.visible_reasons(show_health=True)) == 2
    assert [r.category for r in result.visible_reasons(show_health=False)] == ["food_aid"]


@pytest.mark.parametrize(
    ("age", "months_unemployed", "expected"),
    [(24, 6, False), (24, 7, True), (25, 12, False), (25, 13, True), (40, 13, True)],
)
def test_long_term_unemployment_depends_on_age(age, months_unemployed, expected):
    on = D(2025, 6, 15)
    person = PersonFactory(birth_date=D(on.year - age, 1, 1))
    since = on - relativedelta(months=months_unemployed)
    situation = SituationFactory(
        person=person,
        kind=enums.SituationKind.LABOUR_MARKET,
        labour_status=enums.LabourMarketStatus.REGISTERED_UNEMPLOYED,
        valid_from=since,
    )
    assert is_long_term_unemployed(person, [situation], on) is expected


def test_adjacent_unemployment_spells_join_into_one():
    on = D(2025, 6, 15)
    person = PersonFactory(birth_date=D(1980, 1, 1))
    spells = [
        SituationFactory(
            person=person,
            kind=enums.SituationKind.LABOUR_MARKET,
            labour_status=enums.LabourMarketStatus.UNREGISTERED_UNEMPLOYED,
            valid_from=D(2024, 1, 1),
            valid_to=D(2024, 9, 30),
        ),
        SituationFactory(
            person=person,
            kind=enums.SituationKind.LABOUR_MARKET,
            labour_status=enums.LabourMarketStatus.REGISTERED_UNEMPLOYED,
            valid_from=D(2024, 10, 1),
        ),
    ]
    assert is_long_term_unemployed(person, spells, on)
    assert not is_long_term_unemployed(person, spells[1:], on)


def test_an_open_older_spell_is_not_hidden_by_a_newer_closed_one():
    # docs/at-risk.md#long-term-unemployment: A registered 01.01.2024 – open; B unregistered
    # 01.03.2025 – 31.03.2025 inside A. Joined: one spell from 01.01.2024 still running on 15.06.2025.
    # Aged 45 -> more than 12 months needed: 01.01.2024 + 12 m = 01.01.2025 < 15.06.2025 -> long-term.
    on = D(2025, 6, 15)
    person = PersonFactory(birth_date=D(1980, 1, 1))
    spells = [
        SituationFactory(
            person=person,
            kind=enums.SituationKind.LABOUR_MARKET,
            labour_status=enums.LabourMarketStatus.REGISTERED_UNEMPLOYED,
            valid_from=D(2024, 1, 1),
        ),
        SituationFactory(
            person=person,
            kind=enums.SituationKind.LABOUR_MARKET,
            labour_status=enums.LabourMarketStatus.UNREGISTERED_UNEMPLOYED,
            valid_from=D(2025, 3, 1),
            valid_to=D(2025, 3, 31),
        ),
    ]
    assert unemployed_since(spells, on) == D(2024, 1, 1)
    assert is_long_term_unemployed(person, spells, on)
    # Without the open record the person is not unemployed on 15.06.2025 at all.
    assert unemployed_since(spells[1:], on) is None


def test_a_spell_separated_by_a_free_day_is_a_new_spell():
    # 01.01.2024 – 30.06.2024, then from 02.07.2024 (01.07 free): the spell covering 15.06.2025 starts
    # 02.07.2024; + 12 months = 02.07.2025 > 15.06.2025 -> not long-term (aged 45).
    on = D(2025, 6, 15)
    person = PersonFactory(birth_date=D(1980, 1, 1))
    spells = [
        SituationFactory(
            person=person,
            kind=enums.SituationKind.LABOUR_MARKET,
            labour_status=enums.LabourMarketStatus.REGISTERED_UNEMPLOYED,
            valid_from=D(2024, 1, 1),
            valid_to=D(2024, 6, 30),
        ),
        SituationFactory(
            person=person,
            kind=enums.SituationKind.LABOUR_MARKET,
            labour_status=enums.LabourMarketStatus.REGISTERED_UNEMPLOYED,
            valid_from=D(2024, 7, 2),
        ),
    ]
    assert unemployed_since(spells, on) == D(2024, 7, 2)
    assert not is_long_term_unemployed(person, spells, on)


@pytest.mark.parametrize(
    ("on", "age"),
    [
        # Born 29.02.2008. Civil Code art. 112: in a common year the year of life ends on the last day of
        # February, and the age is reached at the beginning of that day -> 18 on 28.02.2026.
        (D(2026, 2, 27), 17),
        (D(2026, 2, 28), 18),
        (D(2026, 3, 1), 18),
        # In a leap year the birthday exists: 19 on 28.02.2028, 20 on 29.02.2028.
        (D(2028, 2, 28), 19),
        (D(2028, 2, 29), 20),
        # An ordinary birthday counts from its own start: born 10.05.2000 -> 25 on 10.05.2025, not 09.05.
        (D(2025, 5, 9), None),
    ],
)
def test_age_by_civil_code_art_112(on, age):
    if age is None:
        assert age_on(D(2000, 5, 10), on) == 24
        assert age_on(D(2000, 5, 10), D(2025, 5, 10)) == 25
    else:
        assert age_on(D(2008, 2, 29), on) == age


def test_long_term_unemployment_takes_age_29_february_rule():
    # Born 29.02.2000, assessed 28.02.2025 (a common year): 25 by art. 112 -> the 12-month rule applies.
    # Unemployed since 01.08.2024: 7 months -> more than 6 but not more than 12 -> not long-term.
    # (With the old rule she would be 24 that day and long-term after 6 months.)
    on = D(2025, 2, 28)
    person = PersonFactory(birth_date=D(2000, 2, 29))
    spell = SituationFactory(
        person=person,
        kind=enums.SituationKind.LABOUR_MARKET,
        labour_status=enums.LabourMarketStatus.REGISTERED_UNEMPLOYED,
        valid_from=D(2024, 8, 1),
    )
    assert person.age_on(on) == 25
    assert not is_long_term_unemployed(person, [spell], on)
    assert is_long_term_unemployed(person, [spell], D(2025, 2, 27))  # 24 the day before
