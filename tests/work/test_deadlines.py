"""Deadlines in working days skip weekends and Polish public holidays; calendar deadlines that end on
a day off move to the next working day (art. 57 § 4 KPA)."""

import datetime

import pytest

from szansa.domain.work.deadlines import add_working_days, deadline, is_working_day, working_days_between

D = datetime.date


def test_a_working_day_deadline_skips_the_weekend():
    # Friday 7 March 2025 + 1 working day = Monday 10 March.
    assert add_working_days(D(2025, 3, 7), 1) == D(2025, 3, 10)
    # Saturday start: the first working day after it is Monday.
    assert add_working_days(D(2025, 3, 8), 1) == D(2025, 3, 10)


def test_the_start_day_is_not_counted_and_zero_days_is_the_start():
    assert add_working_days(D(2025, 3, 10), 0) == D(2025, 3, 10)
    assert add_working_days(D(2025, 3, 10), 2) == D(2025, 3, 12)


def test_fourteen_working_days_are_nearly_three_weeks_without_holidays():
    # Monday 3 Feb 2025 + 14 working days = Friday 21 Feb 2025.
    assert add_working_days(D(2025, 2, 3), 14) == D(2025, 2, 21)


def test_easter_monday_is_not_a_working_day():
    assert not is_working_day(D(2025, 4, 21))
    # Thursday 17 April + 2 working days: Friday 18, (weekend, Easter Monday 21) Tuesday 22.
    assert add_working_days(D(2025, 4, 17), 2) == D(2025, 4, 22)


def test_the_may_holidays_are_skipped():
    # Wednesday 30 April 2025 + 2: 1 May (Thu) is a holiday, Fri 2 May works, 3 May is Saturday and
    # a holiday, so the second working day is Monday 5 May.
    assert add_working_days(D(2025, 4, 30), 2) == D(2025, 5, 5)


def test_independence_day_and_its_2018_centenary_extra_day_are_skipped():
    assert not is_working_day(D(2025, 11, 11))
    assert add_working_days(D(2025, 11, 10), 1) == D(2025, 11, 12)
    # 12 November 2018 (a Monday) was a one-off public holiday (the centenary); 9 Nov was a Friday.
    assert not is_working_day(D(2018, 11, 12))
    assert add_working_days(D(2018, 11, 9), 1) == D(2018, 11, 13)


@pytest.mark.parametrize(("year", "working"), [(2024, True), (2025, False), (2026, False)])
def test_christmas_eve_is_a_public_holiday_from_2025_on(year, working):
    day = D(year, 12, 24)
    assert is_working_day(day) is (working and day.weekday() < 5)


def test_an_urgent_interview_over_christmas_2025():
    # Tuesday 23 Dec 2025 + 2 working days: 24, 25, 26 Dec are holidays, 27-28 a weekend.
    assert add_working_days(D(2025, 12, 23), 2) == D(2025, 12, 30)


def test_working_days_between_counts_what_add_working_days_adds():
    start = D(2025, 4, 1)
    for n in range(0, 40):
        assert working_days_between(start, add_working_days(start, n)) == n


def test_a_month_deadline_ending_on_a_saturday_moves_to_monday():
    # 1 month from Friday 1 Feb 2019 would be Friday 1 March 2019 (a working day).
    assert deadline("months", 1, D(2019, 2, 1)) == D(2019, 3, 1)
    # From 5 April 2025 one month ends on Monday 5 May: unchanged; from 3 April 2025 it ends on
    # Saturday 3 May (a holiday too), so it moves to Monday 5 May.
    assert deadline("months", 1, D(2025, 4, 3)) == D(2025, 5, 5)


def test_a_fourteen_day_appeal_deadline_ending_on_a_holiday_moves_on():
    # Issued Friday 28 Oct 2025 + 14 days = Tuesday 11 Nov (holiday) -> Wednesday 12 Nov.
    assert deadline("calendar_days", 14, D(2025, 10, 28)) == D(2025, 11, 12)
    assert deadline("calendar_days", 14, D(2025, 3, 3)) == D(2025, 3, 17)
