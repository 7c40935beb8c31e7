"""Calendar helpers shared by the rules of several apps."""

import calendar
import datetime


def month_start(day: datetime.date) -> datetime.date:
    """The first day of the month of `day`."""
    return day.replace(day=1)


def month_end(day: datetime.date) -> datetime.date:
    """The last day of the month of `day`."""
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def month_bounds(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The first and the last day of the month of `day`."""
    return month_start(day), month_end(day)


def age_on(born: datetime.date, day: datetime.date) -> int:
    """Full years of life on `day` of someone born on `born`: the one age function of Szansa (the
    under-18 exclusion of the indicators, age criteria of eligibility rules, long-term unemployment).

    Kodeks cywilny art. 112: a period in years ends on the day that corresponds by date to its first day
    — or, when that day does not exist in the last month, on the last day of that month — and, when
    computing the age of a natural person, the period expires at the *beginning* of its last day. So a
    person becomes a year older at the start of their birthday, and a person born on 29 February becomes
    a year older on 28 February in a common year (the last day of February), not on 1 March.
    """
    years = day.year - born.year
    # The anniversary in `day`'s year; 29 February falls on 28 February in a common year (art. 112).
    anniversary_day = min(born.day, calendar.monthrange(day.year, born.month)[1])
    if (day.month, day.day) < (born.month, anniversary_day):
        years -= 1
    return years
