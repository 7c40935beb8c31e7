"""Candidates from the registry: the database narrowing keeps everyone who can pass (the eligible are
exactly those of a full evaluation in Python), the page is paged, sorted and logs only the people shown.

The registry on ON = 1 Feb 2019 (income month January 2019; criterion 701 zł for a person alone, 528 zł
per person in a family), each person with why they pass or fail each kind of rule."""

import datetime
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from szansa.domain.people import enums as people_enums
from szansa.domain.people.models import Person
from szansa.domain.projects import services as project_services
from szansa.domain.recruitment import eligibility, enums
from szansa.domain.recruitment.models import Application, Participant
from tests.factories import HouseholdFactory, IncomeRecordFactory, PersonFactory
from tests.factories.projects import make_project
from tests.factories.recruitment import JANUARY, ON, add_rule, add_scoring, person_with_income, situation

pytestmark = pytest.mark.django_db

BORN = datetime.date(1980, 5, 1)  # 38 on ON
ALL_OF, ANY_OF = enums.RuleMode.ALL_OF, enums.RuleMode.ANY_OF


def _person(amount=None, **fields):
    fields.setdefault("birth_date", BORN)
    if amount is None:
        return PersonFactory(**fields)
    return person_with_income(amount, **fields)


@pytest.fixture
def registry(cast, project, target_group, round_):
    """Every person of the registry by a name the tests use. The cast's two people (no income at all: 0 zł
    per person, under any income criterion) are given a fixed birth date."""
    Person.objects.filter(pk__in=[cast.person_a.pk, cast.person_b.pk]).update(birth_date=BORN)
    people = {"cast_a": cast.person_a, "cast_b": cast.person_b}
    # Poor (400 zł alone), in Andrychów, 38: at risk by income.
    people["poor"] = _person("400.00")
    # Poor but in Wadowice (gmina and powiat elsewhere).
    people["elsewhere"] = _person("400.00", gmina="Wadowice", powiat="krakowski")
    # Poor, the gmina written in capitals with spaces around: the same gmina for `_in_place`.
    people["capitals"] = _person("400.00", gmina="  ANDRYCHÓW ")
    # Poor, 61 on ON (born 1 Feb 1958: the birthday is ON itself), and 60 (born a day later).
    people["aged_61"] = _person("400.00", birth_date=datetime.date(1958, 2, 1))
    people["aged_60"] = _person("400.00", birth_date=datetime.date(1958, 2, 2))
    # Born on 29 Feb 2000: 19 on 28 Feb 2019 (Kodeks cywilny art. 112), 18 on ON; poor and homeless.
    people["leap"] = _person("400.00", birth_date=datetime.date(2000, 2, 29))
    situation(people["leap"], people_enums.SituationKind.HOMELESSNESS)
    # 17 on ON: under any minimum age of 18.
    people["minor"] = _person("400.00", birth_date=datetime.date(2001, 6, 1))
    # Well off (3 000 zł) with nothing else: no reason of risk.
    people["rich"] = _person("3000.00")
    # Well off and employed: a situation in force that gives no reason of risk (kept by the database,
    # which only asks for some situation, and rejected by Python).
    people["employed"] = _person("3000.00")
    situation(people["employed"], people_enums.SituationKind.LABOUR_MARKET, labour_status="employed")
    # Well off with a mild disability: at risk by the disability, below a moderate minimum degree.
    people["mild"] = _person("3000.00")
    situation(people["mild"], people_enums.SituationKind.DISABILITY, disability_degree="mild")
    # Well off with a severe disability whose certificate expired on 31 Jan 2019: no disability on ON.
    people["expired"] = _person("3000.00")
    situation(
        people["expired"],
        people_enums.SituationKind.DISABILITY,
        disability_degree="severe",
        certificate_valid_until=datetime.date(2019, 1, 31),
    )
    # Well off, registered unemployed since June 2017 (long-term on ON) and using food aid.
    people["unemployed"] = _person("3000.00")
    situation(
        people["unemployed"],
        people_enums.SituationKind.LABOUR_MARKET,
        labour_status="registered_unemployed",
        valid_from=datetime.date(2017, 6, 1),
    )
    situation(people["unemployed"], people_enums.SituationKind.FOOD_AID)
    # A family of two with 1 000 zł: 500 zł per person ≤ 528, both at risk; in a multi-problem family.
    family = HouseholdFactory(multi_problem_family=True)
    people["family_head"] = _person(household=family, household_relation="head")
    people["family_spouse"] = _person(household=family, household_relation="spouse")
    IncomeRecordFactory(person=people["family_head"], month=JANUARY, net_amount=Decimal("700.00"))
    IncomeRecordFactory(person=people["family_spouse"], month=JANUARY, net_amount=Decimal("300.00"))
    # A family of two with 1 200 zł: 600 per person > 528, though ≤ 701 (the criterion of a person alone,
    # which the database takes as the wider bound): not at risk; the head lives in a revitalisation area.
    better = HouseholdFactory()
    people["better_head"] = _person(household=better, household_relation="head", revitalisation_area=True)
    people["better_spouse"] = _person(household=better, household_relation="spouse")
    IncomeRecordFactory(person=people["better_head"], month=JANUARY, net_amount=Decimal("1200.00"))
    # Poor, but a current participant of another project of the same measure.
    people["elsewhere_participant"] = _person("400.00")
    other = make_project(cast.admin, number="R-2", participant_limit=None)
    Participant.objects.create(
        person=people["elsewhere_participant"],
        project=other,
        start_date=datetime.date(2019, 1, 10),
        age_at_start=38,
        target_group=project_services.project_record_save(
            actor=cast.admin,
            record=type(target_group)(project=other, year=2019, name="Inni", planned_total=3),
        ),
    )
    # Poor, but already applied in the group's round: never a candidate.
    people["applied"] = _person("400.00")
    Application.objects.create(person=people["applied"], round=round_, submitted_on=ON, channel="post")
    return people


# Rule sets, each with the people eligible worked out from the registry's comments.
RULE_SETS = {
    # Andrychów, 18–60, in no other project; and at risk or registered unemployed.
    # Out: elsewhere (gmina), aged_61 (age), minor (age), rich / employed / expired / better_* (no reason
    # of risk, not unemployed), elsewhere_participant (other project), applied (applied).
    "residence_age_risk": (
        [
            (ALL_OF, {"resident_gmina": {"gmina": "andrychów"}, "age_range": {"min": 18, "max": 60}}),
            (ALL_OF, {"not_in_other_project": {}}),
            (ANY_OF, {"at_risk": {}, "registered_unemployed": {}}),
        ],
        {
            "cast_a",
            "cast_b",
            "poor",
            "capitals",
            "aged_60",
            "leap",
            "mild",
            "unemployed",
            "family_head",
            "family_spouse",
        },
    ),
    # Income ≤ 150 % of the criterion (1 051.50 alone, 792 per person in a family): the 400 zł people,
    # the cast (0 zł), both families (500 and 600 per person). Out: the 3 000 zł people.
    "income_150": (
        [(ALL_OF, {"income": {"percent": 150}})],
        {
            "cast_a",
            "cast_b",
            "poor",
            "elsewhere",
            "capitals",
            "aged_61",
            "aged_60",
            "leap",
            "minor",
            "elsewhere_participant",
            "family_head",
            "family_spouse",
            "better_head",
            "better_spouse",
        },
    ),
    # A disability of at least moderate degree, or food aid: only `unemployed` (food aid); mild is below
    # the minimum, expired has no certificate in force.
    "disability_or_food_aid": (
        [(ANY_OF, {"disability": {"min_degree": "moderate"}, "food_aid": {}})],
        {"unemployed"},
    ),
    # A multi-problem family or a revitalisation area: the first family and the better-off head.
    "household_flags": (
        [(ANY_OF, {"multi_problem_family": {}, "revitalisation_area": {}})],
        {"family_head", "family_spouse", "better_head"},
    ),
    # Long-term unemployed (not narrowed in the database, so the rule is not narrowed at all) or resident
    # of the powiat krakowski: `unemployed` and `elsewhere`.
    "unnarrowed_any_of": (
        [(ANY_OF, {"long_term_unemployed": {}, "resident_powiat": {"powiat": "Krakowski"}})],
        {"unemployed", "elsewhere"},
    ),
    # 19 on 28 Feb 2019 (born on or before 28 Feb 2000, or on 29 Feb 2000) with two distinct reasons of
    # exclusion: `leap` (poverty and homelessness) and `unemployed` (unemployment and food aid). Out: the
    # poor and the families (poverty alone), `mild` (disability alone), `minor` (17).
    "leap_day_and_exclusion": (
        [(ALL_OF, {"age_range": {"min": 19, "on": "2019-02-28"}, "multiple_exclusion": {}})],
        {"leap", "unemployed"},
    ),
    # An ANY_OF rule without criteria is never satisfied; an ALL_OF rule without criteria always is.
    "empty_any_of": ([(ANY_OF, {})], set()),
}


def _full_python(target_group, on):
    """Today's evaluation without any narrowing: every person not yet a candidate, judged in Python."""
    rules = eligibility.load_rules(target_group)
    people = eligibility._not_yet_candidates(target_group, None)
    found = [
        eligibility.evaluate_facts(rules, f) for f in eligibility.load_facts(people, on, target_group.project)
    ]
    return sorted([e for e in found if e.eligible], key=eligibility.ORDERS["score"])


@pytest.mark.parametrize("name", RULE_SETS)
def test_the_narrowed_evaluation_finds_exactly_the_eligible_of_the_full_one(registry, target_group, name):
    rules, expected = RULE_SETS[name]
    for mode, criteria in rules:
        add_rule(target_group, mode=mode, **criteria)
    add_scoring(target_group, "food_aid", 5)
    by_pk = {person.pk: key for key, person in registry.items()}
    proposed = eligibility.propose_candidates(target_group, ON)
    full = _full_python(target_group, ON)
    assert [e.person.pk for e in proposed] == [e.person.pk for e in full]
    assert {by_pk[e.person.pk] for e in proposed} == expected
    ranked = eligibility.rank_candidates(target_group, ON)
    assert [r.person_id for r in ranked] == [e.person.pk for e in full]
    assert [r.score for r in ranked] == [e.score for e in full]


def test_the_database_keeps_only_those_who_can_pass(registry, target_group):
    """The narrowing is real: those who cannot pass are not loaded; a few who fail are kept (the SQL form
    is a wider bound) and rejected by Python."""
    add_rule(target_group, resident_gmina={"gmina": "Andrychów"}, age_range={"min": 18, "max": 60})
    add_rule(target_group, mode=ANY_OF, at_risk={}, registered_unemployed={})
    rules = eligibility.load_rules(target_group)
    kept = eligibility.narrow(eligibility._not_yet_candidates(target_group, None), rules, ON)
    kept = {person.pk for person in kept}
    # Dropped in SQL: elsewhere (gmina), minor (born after 2 Feb 2001), rich (3 000 zł > 701.01 and no
    # situation), expired (its only situation is not in force on ON), applied (applied).
    for name in ("elsewhere", "minor", "rich", "expired", "applied"):
        assert registry[name].pk not in kept, name
    # Kept: those who pass, and those the wider bounds keep — aged_61 (born 1 Feb 1958, within the day of
    # slack), employed (a situation in force, though it gives no reason), better_* (1 200 zł ≤ 701.01 × 2).
    for name in ("poor", "capitals", "aged_60", "unemployed", "aged_61", "employed", "better_head"):
        assert registry[name].pk in kept, name


def test_the_evaluation_is_done_in_chunks_with_the_same_result(registry, target_group):
    add_rule(target_group, income={"percent": 150})
    rules = eligibility.load_rules(target_group)
    people = eligibility._not_yet_candidates(target_group, None)
    whole = [e.person.pk for e in eligibility.evaluate_in_chunks(rules, people, ON) if e.eligible]
    chunked = [e.person.pk for e in eligibility.evaluate_in_chunks(rules, people, ON, chunk=3) if e.eligible]
    assert chunked == whole and len(whole) == 14


def _page(client, user, target_group, **params):
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    url = reverse("recruitment:candidates", args=[target_group.project_id, target_group.pk])
    return client.get(url, {"on": "2019-02-01", **params})


@pytest.fixture
def many(cast, target_group):
    """55 poor people (400 zł alone) of the coordinator's team: eligible under the at-risk rule, the cast
    besides (0 zł): 57 candidates."""
    add_rule(target_group, at_risk={})
    Person.objects.filter(pk__in=[cast.person_a.pk, cast.person_b.pk]).update(birth_date=BORN)
    return [_person("400.00", responsible_worker=cast.pracownik) for _ in range(55)]


def test_the_candidates_page_shows_50_and_page_2_the_rest(client, cast, target_group, many):
    first = _page(client, cast.koordynator, target_group)
    assert first.context["pages"]["page"].paginator.count == 57
    shown = [row["evaluation"].person.pk for row in first.context["found"]]
    assert len(shown) == 50
    html = first.content.decode()
    assert "57 candidates" in html
    assert "on=2019-02-01" in html and "page=2" in html  # the date kept in the paging links
    second = _page(client, cast.koordynator, target_group, page=2)
    rest = [row["evaluation"].person.pk for row in second.context["found"]]
    assert len(rest) == 7 and not set(rest) & set(shown)
    assert set(shown) | set(rest) == {p.pk for p in many} | {cast.person_a.pk, cast.person_b.pk}
    # Best score first (all 0), then the lower income: the cast's 0 zł before the 400 zł people.
    assert set(shown[:2]) == {cast.person_a.pk, cast.person_b.pk}


def test_the_candidates_page_sorts_by_name(client, cast, target_group, many):
    response = _page(client, cast.koordynator, target_group, ordering="name")
    names = [
        (row["evaluation"].person.last_name, row["evaluation"].person.pk) for row in response.context["found"]
    ]
    everyone = sorted((p.last_name, p.first_name, p.pk) for p in [*many, cast.person_a, cast.person_b])
    assert names == [(last, pk) for last, _, pk in everyone[:50]]
    reverse_order = _page(client, cast.koordynator, target_group, ordering="-name")
    assert reverse_order.context["found"][0]["evaluation"].person.pk == everyone[-1][2]


def test_only_the_people_of_the_page_shown_are_access_logged(client, cast, target_group, many):
    response = _page(client, cast.koordynator, target_group, page=2)
    shown = {row["evaluation"].person.pk for row in response.context["found"]}
    logged = LogEntry.objects.filter(action=LogEntry.Action.ACCESS, actor=cast.koordynator)
    assert {int(pk) for pk in logged.values_list("object_pk", flat=True)} == shown
    assert len(shown) == 7
    assert all(entry.additional_data["route"] == "recruitment:candidates" for entry in logged)


def test_the_candidates_page_reads_a_constant_number_of_queries(client, cast, target_group, many):
    _page(client, cast.koordynator, target_group)  # the session and the caches of a first request
    with CaptureQueriesContext(connection) as few:
        _page(client, cast.koordynator, target_group, page=2)
    for _ in range(30):
        _person("400.00", responsible_worker=cast.pracownik)
    with CaptureQueriesContext(connection) as more:
        response = _page(client, cast.koordynator, target_group, page=2)
    assert response.context["pages"]["page"].paginator.count == 87
    assert len(more) == len(few)


def test_a_met_disability_criterion_is_not_shown_without_health_access(client, cast, target_group):
    """The person's severe disability scores 5 points: the coordinator reads why; the referent, without
    access to health data, sees the score but neither the criterion nor its reason."""
    add_rule(target_group, at_risk={})
    add_scoring(target_group, "disability", 5)
    Person.objects.filter(pk__in=[cast.person_a.pk, cast.person_b.pk]).update(birth_date=BORN)
    disabled = _person("400.00", responsible_worker=cast.pracownik)
    situation(disabled, people_enums.SituationKind.DISABILITY, disability_degree="severe")
    coordinator = _page(client, cast.koordynator, target_group)
    [row] = [r for r in coordinator.context["found"] if r["evaluation"].person.pk == disabled.pk]
    assert row["evaluation"].score == 5 and "disability, severe degree" in coordinator.content.decode()
    referent = _page(client, cast.referent, target_group)
    assert referent.status_code == 200
    [row] = [r for r in referent.context["found"] if r["evaluation"].person.pk == disabled.pk]
    assert row["scoring"] == [] and row["health_hidden"]
    assert "disability, severe degree" not in referent.content.decode()
