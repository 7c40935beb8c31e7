"""The hours and stipend rules of an internship (the package docstring states them; verify)."""

import datetime
from decimal import Decimal

from szansa.domain.support.models import Internship, StipendRate
from szansa.lib.dates import month_end, month_start
from szansa.lib.money import to_money

HOURS_A_DAY = 8  # docs/support-path.md: no more than 8 hours a day ...
HOURS_A_WEEK = 40  # ... and 40 a week
DEFAULT_FULL_MONTH_HOURS = 160


def hours_allowed(internship: Internship, month: datetime.date) -> Decimal:
    """The most hours the internship can schedule in `month`: over the internship's days in the month,
    each calendar week (Mon-Sun) gives min(8 h × its days, 40 h); the total never exceeds the agreement's
    hours a month. A month outside the internship allows 0."""
    first = max(month_start(month), internship.starts_on)
    last = min(month_end(month), internship.ends_on)
    total, day = 0, first
    while day <= last:
        week_end = min(day + datetime.timedelta(days=6 - day.weekday()), last)
        total += min(HOURS_A_DAY * ((week_end - day).days + 1), HOURS_A_WEEK)
        day = week_end + datetime.timedelta(days=1)
    return Decimal(min(total, internship.hours_per_month))


def stipend_for(rate: StipendRate, hours_scheduled: Decimal, hours_unexcused: Decimal) -> Decimal:
    """monthly_amount × (hours_scheduled − hours_unexcused) / full_month_hours, to grosze, half up
    (see the module docstring: verify)."""
    attended = Decimal(hours_scheduled) - Decimal(hours_unexcused)
    return to_money(rate.monthly_amount * attended / Decimal(rate.full_month_hours))
