"""Indicators computed from participant data (docs/indicators.md, docs/at-risk.md, docs/support-path.md)
on the hand-built cohort of tests/factories/indicator_cohort.py; every expected number is worked out in
the comments."""

import datetime
from decimal import Decimal

import pytest

from szansa.domain.support.indicators import cohort as indicator_cohort
from szansa.domain.support.indicators import figures as indicator_figures
from szansa.domain.support.indicators import selectors as indicator_selectors
from tests.factories.indicator_cohort import TARGETS, Builder, names

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def values(project, cohort):
    return {value.code: value for value in indicator_selectors.project_indicators(project)}


def test_only_main_participants_who_did_not_resign_before_the_start_are_in_the_cohort(project, cohort):
    loaded = indicator_cohort.load_cohort(project)
    # 10 enrolled: the environment (Env) and the one who resigned (Res) are left out.
    assert names(loaded.participants) == {"U", "P1", "P2", "P3", "P4", "P5", "P6", "P7"}
    assert names(loaded.ended) == {"U", "P1", "P2", "P3", "P4", "P7"}
    assert names(loaded.in_progress) == {"P5", "P6"}


def test_output_indicators_count_who_started_and_who_declared_a_disability(values):
    # P-01: U, P1-P7 = 8 (not Env, not Res); every one has started, so the forecast is 8 as well.
    assert (values["PI9i-P-01"].value, values["PI9i-P-01"].forecast) == (D(8), D(8))
    assert names(values["PI9i-P-01"].participants) == {"U", "P1", "P2", "P3", "P4", "P5", "P6", "P7"}
    # P-02: the disability flag at entry: P5, P6, P7 = 3.
    assert (values["PI9i-P-02"].value, values["PI9i-P-02"].forecast) == (D(3), D(3))
    assert names(values["PI9i-P-02"].participants) == {"P5", "P6", "P7"}


def test_before_anyone_starts_outputs_are_zero_and_the_forecast_is_everyone_enrolled(project, cohort):
    cohort_then = indicator_cohort.load_cohort(project, today=datetime.date(2019, 1, 15))
    value = indicator_selectors.compute("PI9i-P-01", cohort_then)
    assert (value.value, value.forecast) == (D(0), D(8))


def test_job_seeking_counts_up_to_day_28_after_exit_and_only_adults_inactive_at_entry(values):
    # Population: at risk, 18+ and inactive at entry: P1, P3, P4, P7 (left) and P5, P6 (in progress);
    # U is under 18, P2 was unemployed at entry. Job seeking: P2 day 3 (unemployed at entry: out),
    # P3 day 29 (too late), P4 on the exit day -> {P4} = 1.
    # Forecast: 1 + 2 in progress (P5, P6) x 1 / 4 who left (P1, P3, P4, P7) = 1.5.
    value = values["PI9i-R-01"]
    assert names(value.participants) == {"P4"}
    assert (value.value, value.forecast) == (D(1), D("1.5"))


def test_working_counts_day_27_and_day_28_and_excludes_under_18s_and_the_environment(values):
    # P1 day 27, P2 day 28 count; P7 day 50 is too late; U under 18; Env is the environment -> 2.
    # Forecast: 2 + 2 x 2/5 = 2.8.
    value = values["PI9i-R-02"]
    assert names(value.participants) == {"P1", "P2"}
    assert (value.value, value.forecast) == (D(2), D("2.8"))
    assert [o.achieved_on for c in value.counted for o in c.evidence] == [
        datetime.date(2019, 11, 27),
        datetime.date(2019, 11, 28),
    ]


def test_qualification_and_education_include_under_18s(values):
    # Qualification: U day 10 -> 1; forecast 1 + 2 x 1/6 (six left, all ages) = 1.33 -> 1.3.
    assert names(values["PI9i-R-03"].participants) == {"U"}
    assert (values["PI9i-R-03"].value, values["PI9i-R-03"].forecast) == (D(1), D("1.3"))
    # Education: P3 day 28 -> 1; forecast 1.3.
    assert names(values["PI9i-R-04"].participants) == {"P3"}
    assert (values["PI9i-R-04"].value, values["PI9i-R-04"].forecast) == (D(1), D("1.3"))


def test_the_2021_2027_codes_have_no_age_limit(values):
    # EECR01 job searching, inactive at entry (any age): U day 5, P4 day 0 = 2; P2's day 3 is out
    # (unemployed at entry). Forecast: 2 + 2 x 2 / 5 inactive who left (U, P1, P3, P4, P7) = 2.8.
    assert names(values["EECR01"].participants) == {"U", "P4"}
    assert (values["EECR01"].value, values["EECR01"].forecast) == (D(2), D("2.8"))
    assert names(values["EECR02"].participants) == {"P3"}
    assert names(values["EECR03"].participants) == {"U"}
    # EECR04 working: U day 20, P1 day 27, P2 day 28 = 3; forecast 3 + 2 x 3/6 = 4.0.
    assert names(values["EECR04"].participants) == {"U", "P1", "P2"}
    assert (values["EECR04"].value, values["EECR04"].forecast) == (D(3), D("4.0"))


def test_a_participant_counts_once_however_many_outcomes(cast, project, cohort):
    Builder(cast, project, None).employment(cohort["P1"], 5, "1.0", 12)  # a second job, day 5
    value = indicator_selectors.compute("PI9i-R-02", indicator_cohort.load_cohort(project))
    assert value.value == D(2)
    [p1] = [c for c in value.counted if c.participant.pk == cohort["P1"].pk]
    assert len(p1.evidence) == 2


def test_effectiveness_indicators_are_the_at_risk_ratios(values):
    # ES 3/3 = 100 % (P3's education on day 28 is social progress), EZ 1/3 = 33.3 % (worked out in
    # test_effectiveness.py).
    assert values["EFS-ES"].value == D("100.0")
    assert values["EFS-EZ"].value == D("33.3")
    assert names(values["EFS-ES"].participants) == {"U", "P3", "P4"}


def test_the_project_dashboard_selector_delegates_to_support(project, cohort):
    progress = {row.indicator.definition.code: row for row in indicator_figures.indicator_progress(project)}
    assert set(progress) == set(TARGETS)
    assert progress["PI9i-P-01"].achieved == D(8)
    assert progress["PI9i-P-01"].percent_achieved == D("66.67")  # 8 of 12
    assert progress["PI9i-R-02"].forecast == D("2.8")


def test_indicators_cost_a_constant_number_of_queries(cast, project, cohort, django_assert_max_num_queries):
    # The project with its programme (1), the cohort (participants with their people, applications and
    # activation; their outcomes: 2), the indicators (1) and the call (1) = 5, whatever the number of
    # participants: at risk at entry, the second effectiveness group and the kinds of activation are kept
    # on the participant (tests/support/test_indicator_figures.py counts the figures' and the drill-down's).
    with django_assert_max_num_queries(5):
        indicator_selectors.project_indicators(project)
