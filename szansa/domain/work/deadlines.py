"""Statutory deadlines: working days (Polish public holidays from the `holidays` package), calendar
days and months.

* A deadline in working days counts only Monday to Friday that are not public holidays; the start
  day itself is not counted (the interview within 14 working days of learning it is needed).
* A deadline in calendar days or months that ends on a Saturday, Sunday or public holiday moves to
  the next working day (art. 57 § 4 KPA).
"""

import datetime
from functools import lru_cache

import holidays
from dateutil.relativedelta import relativedelta

from szansa.domain.work.enums import DeadlineKind

ONE_DAY = datetime.timedelta(days=1)


@lru_cache(maxsize=64)
def _polish_holidays(year: int) -> frozenset[datetime.date]:
    return frozenset(holidays.Poland(years=year))


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and day not in _polish_holidays(day.year)


def next_working_day(day: datetime.date) -> datetime.date:
    """The day itself if it is a working day, otherwise the first working day after it."""
    while not is_working_day(day):
        day += ONE_DAY
    return day


def add_working_days(start: datetime.date, n: int) -> datetime.date:
    """The n-th working day after `start` (start itself is not counted; n = 0 gives start)."""
    if n < 0:
        raise ValueError("n must not be negative")
    day = start
    while n:
        day += ONE_DAY
        if is_working_day(day):
            n -= 1
    return day


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days after `start` up to and including `end`."""
    count, day = 0, start
    while day < end:
        day += ONE_DAY
        count += is_working_day(day)
    return count


def deadline(kind: str, amount: int, start: datetime.date) -> datetime.date:
    if kind == DeadlineKind.WORKING_DAYS:
        return add_working_days(start, amount)
    if kind == DeadlineKind.CALENDAR_DAYS:
        return next_working_day(start + datetime.timedelta(days=amount))
    if kind == DeadlineKind.MONTHS:
        return next_working_day(start + relativedelta(months=amount))
    raise ValueError(f"unknown deadline kind {kind!r}")


def due_date(task_kind, start: datetime.date, *, urgent: bool = False, complex: bool = False):
    """The due date of a task of `task_kind` counted from `start`, or None when the kind has no rule."""
    if not task_kind.deadline_kind or task_kind.deadline_amount is None:
        return None
    amount = task_kind.deadline_amount
    if urgent and task_kind.urgent_amount is not None:
        amount = task_kind.urgent_amount
    elif complex and task_kind.complex_amount is not None:
        amount = task_kind.complex_amount
    return deadline(task_kind.deadline_kind, amount, start)
