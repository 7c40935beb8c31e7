"""The monthly internship timesheet as PDF (WeasyPrint through szansa.lib.pdf): employer, mentor,
participant, month, hours scheduled and absent, the stipend, and signature lines for the participant and
the mentor. The figures come from the recorded month (the stipend is computed by
support.internships when the month is recorded), never here."""

import datetime

from django.template.loader import render_to_string
from django.utils.text import slugify

from szansa.domain.support.internships.selectors import rate_on
from szansa.domain.support.models import InternshipMonth


def timesheet_filename(month: InternshipMonth) -> str:
    name = month.internship.participant.person.last_name.replace("ł", "l").replace("Ł", "L")
    return f"karta-stazu-{slugify(name) or 'osoba'}-{month.internship_id}-{month.month:%Y-%m}.pdf"


def timesheet_html(month: InternshipMonth, *, today: datetime.date) -> str:
    internship = month.internship
    context = {
        "record": month,
        "internship": internship,
        "person": internship.participant.person,
        "project": internship.activity.project,
        "rate": rate_on(internship.activity.project, month.month),
        "hours_attended": month.hours_scheduled - month.hours_excused - month.hours_unexcused,
        "today": today,
    }
    return render_to_string("support/pdf/timesheet.html", context)
