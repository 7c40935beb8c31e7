"""Internships (staż, docs/support-path.md): the placement with an employer and the monthly timesheet with its
stipend. Writes in `services`, reads in `selectors`, the hours and stipend rules in `rules`; pages, the PDF
and (later) the API call these functions.

The stipend rule (`stipend_for`), **verify** against the project's internship regulations and art. 53 of
the employment-promotion act (docs/support-path.md marks it "from memory, verify"):

    stipend = monthly_amount × (hours_scheduled − hours_unexcused) / full_month_hours,

rounded to grosze ROUND_HALF_UP, where `monthly_amount` and `full_month_hours` (default 160) come from
the project's StipendRate in force on the month's first day. Excused absence (sick leave with a
certificate, days off granted by the organiser) does not reduce it. For a partial month (the internship
starts or ends within it) `hours_scheduled` is what the month's internship days allow: in each calendar
week (Monday to Sunday) at most 8 hours a day and 40 hours a week (`hours_allowed`), never more than the
agreement's hours a month.
"""
