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
    """Full years of life on `day` of someone born on `born` (a birthday not yet reached this year
    does not count)."""
    years = day.year - born.year
    if (day.month, day.day) < (born.month, born.day):
        years -= 1
    return years
