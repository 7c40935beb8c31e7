"""Each criterion passes and fails for the right reason; rules combine; proofs expire; scores add up."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from szansa.domain.people import enums as people_enums
from szansa.domain.people.models import Art7Reason
from szansa.domain.projects import services as project_services
from szansa.domain.projects.models import Project
from szansa.domain.recruitment import enums
from szansa.domain.recruitment.eligibility import evaluate, propose_candidates
from szansa.domain.recruitment.models import Application, ApplicationDocument, Participant
from tests.factories import HouseholdFactory, IncomeRecordFactory, PersonFactory
from tests.factories.projects import make_project
from tests.factories.recruitment import (
    JANUARY,
    ON,
    add_rule,
    add_scoring,
    document_kind,
    person_with_income,
    situation,
)

PASSED, FAILED, UNPROVEN = enums.Outcome.PASSED, enums.Outcome.FAILED, enums.Outcome.UNPROVEN


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def only(target_group, person, code, day=ON, documents=None, **parameters):
    """Evaluate a single-criterion rule; return the one result."""
    target_group.eligibility_rules.all().delete()
    add_rule(target_group, **{code: parameters})
    evaluation = evaluate(person, target_group, day, documents=documents)
    [result] = evaluation.results
    assert evaluation.eligible == result.passed
    return result


def test_residence_in_the_gmina_passes_and_elsewhere_fails(target_group):
    at_home = PersonFactory(gmina="Andrychów")
    away = PersonFactory(gmina="Wadowice")
    passed = only(target_group, at_home, "resident_gmina", gmina="andrychów")
    failed = only(target_group, away, "resident_gmina", gmina=["Andrychów", "Inwałd"])
    assert (passed.outcome, passed.reason()) == (PASSED, "resides in gmina Andrychów")
    assert (failed.outcome, failed.reason()) == (
        FAILED,
        "resides in gmina Wadowice, not in Andrychów, Inwałd",
    )


def test_residence_in_the_powiat(target_group):
    person = PersonFactory(powiat="wadowicki")
    assert only(target_group, person, "resident_powiat", powiat="wadowicki").passed
    assert only(target_group, person, "resident_powiat", powiat="olkuski").outcome == FAILED


def test_age_range_is_checked_on_the_evaluation_day_or_a_given_day(target_group):
    person = PersonFactory(birth_date=datetime.date(1954, 2, 2))  # 64 on 1.2.2019, 65 the next day
    within = only(target_group, person, "age_range", min=18, max=64)
    after = only(target_group, person, "age_range", min=18, max=64, on="2019-02-02")
    assert (within.outcome, within.reason()) == (PASSED, "age 64 on 1 Feb 2019, within 18–64")
    assert (after.outcome, after.reason()) == (FAILED, "age 65 on 2 Feb 2019, outside 18–64")


def test_income_criterion_reason_is_polish_by_default_with_the_amounts(target_group):
    person = person_with_income("612.40")
    with translation.override("pl"):
        result = only(target_group, person, "income")
        assert result.reason() == "dochód na osobę 612,40 zł ≤ kryterium 701,00 zł (01.2019)"
    assert result.passed


def test_income_above_the_criterion_fails_but_a_multiple_of_it_passes(target_group):
    person = person_with_income("900.00")  # single person: 701 zł; 150 % = 1 051,50 zł
    failed = only(target_group, person, "income")
    multiple = only(target_group, person, "income", percent=150)
    assert failed.outcome == FAILED
    assert failed.reason() == "income per person 900.00 zł > criterion 701.00 zł (Jan 2019)"
    assert multiple.passed
    assert multiple.reason() == (
        "income per person 900.00 zł ≤ 150% of the criterion 701.00 zł = 1,051.50 zł (Jan 2019)"
    )


def test_income_is_counted_per_person_of_the_household(target_group):
    household = HouseholdFactory()
    head = PersonFactory(household=household, household_relation="head")
    partner = PersonFactory(household=household, household_relation="spouse")
    IncomeRecordFactory(person=head, month=JANUARY, net_amount=Decimal("700.00"))
    IncomeRecordFactory(person=partner, month=JANUARY, net_amount=Decimal("300.00"))
    result = only(target_group, partner, "income")  # 1 000 / 2 = 500 ≤ 528 (per person in a family)
    assert result.reason() == "income per person 500.00 zł ≤ criterion 528.00 zł (Jan 2019)"


def test_at_risk_uses_the_registry_assessment(target_group):
    poor = person_with_income("400.00")
    well_off = person_with_income("3000.00")
    assert only(target_group, poor, "at_risk").passed
    failed = only(target_group, well_off, "at_risk")
    assert failed.reason() == "no reason of risk of poverty or social exclusion in the registry"


def test_disability_of_any_degree_or_of_a_minimum_degree(target_group):
    person = person_with_income("3000.00")
    situation(person, people_enums.SituationKind.DISABILITY, disability_degree="mild")
    assert only(target_group, person, "disability").passed
    moderate = only(target_group, person, "disability", min_degree="moderate")
    assert moderate.outcome == FAILED
    assert moderate.reason() == "no disability certificate of at least moderate degree in force"


def test_disability_with_an_expired_certificate_fails(target_group):
    person = person_with_income("3000.00")
    situation(
        person,
        people_enums.SituationKind.DISABILITY,
        disability_degree="severe",
        certificate_valid_until=datetime.date(2019, 1, 31),
    )
    assert only(target_group, person, "disability").outcome == FAILED


def test_disability_reasons_are_hidden_without_health_access(target_group):
    person = person_with_income("3000.00")
    situation(person, people_enums.SituationKind.DISABILITY, disability_degree="severe")
    result = only(target_group, person, "disability")
    assert result.reason(show_health=True) == "disability, severe degree"
    assert result.reason(show_health=False) == "details hidden (health data)"


def test_registered_and_long_term_unemployment(target_group):
    long_term = PersonFactory(birth_date=datetime.date(1980, 1, 1))
    situation(
        long_term,
        people_enums.SituationKind.LABOUR_MARKET,
        labour_status="registered_unemployed",
        valid_from=datetime.date(2017, 6, 1),
    )
    recent = PersonFactory(birth_date=datetime.date(1980, 1, 1))
    situation(
        recent,
        people_enums.SituationKind.LABOUR_MARKET,
        labour_status="unregistered_unemployed",
        valid_from=datetime.date(2018, 10, 1),
    )
    registered = only(target_group, long_term, "registered_unemployed")
    assert registered.reason() == "registered unemployed since 1 Jun 2017"
    assert only(target_group, recent, "registered_unemployed").outcome == FAILED
    assert only(target_group, long_term, "long_term_unemployed").reason() == (
        "unemployed since 1 Jun 2017, more than 12 months"
    )
    short = only(target_group, recent, "long_term_unemployed")
    assert (short.outcome, short.reason()) == (FAILED, "unemployed since 1 Oct 2018, not more than 12 months")


def test_food_aid_multi_problem_family_and_revitalisation_area(target_group):
    household = HouseholdFactory(multi_problem_family=True)
    person = PersonFactory(household=household, household_relation="head", revitalisation_area=True)
    situation(person, people_enums.SituationKind.FOOD_AID, valid_from=datetime.date(2018, 5, 1))
    other = PersonFactory()
    assert only(target_group, person, "food_aid").reason() == (
        "uses the food-aid programme (PO PŻ) since 1 May 2018"
    )
    assert only(target_group, other, "food_aid").outcome == FAILED
    assert only(target_group, person, "multi_problem_family").passed
    assert only(target_group, other, "multi_problem_family").outcome == FAILED
    assert only(target_group, person, "revitalisation_area").passed
    assert only(target_group, other, "revitalisation_area").outcome == FAILED


def test_multiple_exclusion_needs_two_distinct_reasons(target_group):
    one_reason = person_with_income("400.00")
    two_reasons = person_with_income("400.00")
    situation(two_reasons, people_enums.SituationKind.HOMELESSNESS)
    # art. 7 pt 1 (poverty) is the same reason as the low income: still one.
    situation(
        one_reason,
        people_enums.SituationKind.ASSISTANCE_REASON,
        assistance_reason=Art7Reason.objects.get(code="1"),
    )
    failed = only(target_group, one_reason, "multiple_exclusion")
    assert failed.outcome == FAILED
    assert failed.reason().startswith("1 distinct reasons of exclusion (at least 2 needed)")
    passed = only(target_group, two_reasons, "multiple_exclusion")
    assert passed.passed
    assert passed.reason().startswith("2 distinct reasons of exclusion; ")


def test_a_participant_of_another_project_of_the_same_measure_at_the_same_time_fails(
    target_group, project, cast
):
    other = make_project(cast.admin, number="R-2", participant_limit=None)
    person = PersonFactory()
    Participant.objects.create(
        person=person,
        project=other,
        start_date=datetime.date(2019, 1, 10),
        age_at_start=40,
        target_group=project_services.project_record_save(
            actor=cast.admin,
            record=type(target_group)(project=other, year=2019, name="Inni", planned_total=3),
        ),
    )
    failed = only(target_group, person, "not_in_other_project")
    assert (failed.outcome, failed.reason()) == (
        FAILED,
        "takes part in another project of the same measure: R-2",
    )
    Participant.objects.filter(project=other).update(end_date=datetime.date(2019, 1, 31), status="completed")
    assert only(target_group, person, "not_in_other_project").passed
    assert Project.objects.count() == 2


def test_all_of_needs_every_criterion_and_any_of_one(target_group):
    person = person_with_income("400.00", gmina="Wadowice")
    add_rule(target_group, income={}, resident_gmina={"gmina": "Andrychów"})
    assert not evaluate(person, target_group, ON).eligible
    target_group.eligibility_rules.all().delete()
    add_rule(target_group, mode=enums.RuleMode.ANY_OF, income={}, resident_gmina={"gmina": "Andrychów"})
    assert evaluate(person, target_group, ON).eligible


def test_every_rule_of_the_target_group_must_be_satisfied(target_group):
    person = person_with_income("400.00", birth_date=datetime.date(1970, 1, 1))  # poor, not disabled
    add_rule(target_group, resident_gmina={"gmina": "Andrychów"}, age_range={"min": 18})
    add_rule(target_group, mode=enums.RuleMode.ANY_OF, disability={}, registered_unemployed={})
    evaluation = evaluate(person, target_group, ON)
    assert [rule.satisfied for rule in evaluation.rules] == [True, False]
    assert not evaluation.eligible
    situation(person, people_enums.SituationKind.LABOUR_MARKET, labour_status="registered_unemployed")
    assert evaluate(person, target_group, ON).eligible


def test_score_sums_the_points_of_the_scoring_criteria_met(target_group):
    person = person_with_income("400.00", revitalisation_area=True)
    situation(person, people_enums.SituationKind.FOOD_AID)
    situation(person, people_enums.SituationKind.DISABILITY, disability_degree="moderate")
    add_scoring(target_group, "multiple_exclusion", 10)
    add_scoring(target_group, "food_aid", 5)
    add_scoring(target_group, "disability", 5, min_degree="moderate")
    add_scoring(target_group, "revitalisation_area", 3)
    add_scoring(target_group, "multi_problem_family", 4)
    evaluation = evaluate(person, target_group, ON)
    assert [r.passed for r in evaluation.scoring] == [True, True, True, True, False]
    assert evaluation.score == 23


def test_a_criterion_without_a_valid_proof_is_unproven_not_passed(target_group, round_, cast):
    person = person_with_income("400.00")
    application = Application.objects.create(
        person=person, round=round_, submitted_on=datetime.date(2019, 1, 20), channel="in_person"
    )
    missing = only(target_group, person, "income", documents=[])
    assert (missing.outcome, missing.reason()) == (
        UNPROVEN,
        "income per person 400.00 zł ≤ criterion 701.00 zł (Jan 2019); "
        "no valid proof: Statement of household income",
    )
    old = ApplicationDocument.objects.create(
        application=application,
        kind=document_kind("income_statement"),
        received_on=datetime.date(2018, 12, 1),
    )
    assert old.valid_until == datetime.date(2018, 12, 30)  # 30 days including the day of issue
    expired = only(target_group, person, "income", documents=[old])
    assert expired.outcome == UNPROVEN
    assert expired.reason().endswith("the proof (Statement of household income) expired on 30 Dec 2018")
    fresh = ApplicationDocument.objects.create(
        application=application,
        kind=document_kind("income_statement"),
        received_on=datetime.date(2019, 1, 20),
    )
    assert only(target_group, person, "income", documents=[old, fresh]).passed


def test_a_criterion_proven_by_the_registry_needs_no_document(target_group):
    person = PersonFactory(birth_date=datetime.date(1980, 5, 5))
    assert only(target_group, person, "age_range", documents=[], min=18).passed


def test_an_unproven_scoring_criterion_earns_no_points(target_group):
    person = PersonFactory(revitalisation_area=True)
    add_scoring(target_group, "revitalisation_area", 3)
    assert evaluate(person, target_group, ON).score == 3
    assert evaluate(person, target_group, ON, documents=[]).score == 0


def test_propose_candidates_returns_the_eligible_best_first_in_constant_queries(target_group, round_, cast):
    add_rule(target_group, resident_gmina={"gmina": "Andrychów"}, at_risk={})
    add_scoring(target_group, "revitalisation_area", 3)
    poor = [person_with_income("400.00") for _ in range(3)]
    best = person_with_income("450.00", revitalisation_area=True)
    situation(best, people_enums.SituationKind.FOOD_AID)
    person_with_income("3000.00")  # not at risk
    person_with_income("400.00", gmina="Wadowice")  # lives elsewhere
    applied = person_with_income("300.00")
    Application.objects.create(person=applied, round=round_, submitted_on=ON, channel="post")
    with CaptureQueriesContext(connection) as few:
        proposed = propose_candidates(target_group, ON)
    # Ties in score go to the lower income; the cast's two people have no income at all.
    no_income = sorted([cast.person_a, cast.person_b], key=lambda p: (p.last_name, p.pk))
    by_name = sorted(poor, key=lambda p: (p.last_name, p.pk))
    assert [e.person for e in proposed] == [best, *no_income, *by_name]
    for _ in range(10):
        person_with_income("400.00")
    with CaptureQueriesContext(connection) as many:
        assert len(propose_candidates(target_group, ON)) == 16
    assert len(many) == len(few) <= 10
