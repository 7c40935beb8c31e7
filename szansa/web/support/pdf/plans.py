"""The individual plan and the social contract as PDF documents for signature (WeasyPrint).

`*_html` build the HTML from templates/support/pdf/ (tests read it); views print it with
lib.views.pdf_response.
Figures come from szansa.domain.support.plans (hours delivered), never computed here.
"""

import datetime
import unicodedata

from django.template.loader import render_to_string
from django.utils.text import slugify

from szansa.domain.support.models import IndividualPlan, SocialContract
from szansa.domain.support.plans import selectors as plan_selectors


def _ascii(text: str) -> str:
    """A file-name part without Polish letters (ł has no NFKD decomposition)."""
    text = text.replace("ł", "l").replace("Ł", "L")
    return slugify(unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()) or "osoba"


def plan_filename(plan: IndividualPlan) -> str:
    person = plan.participant.person
    return f"plan-ipd-{_ascii(person.last_name)}-{plan.participant_id}-v{plan.version}.pdf"


def contract_filename(contract: SocialContract) -> str:
    return f"kontrakt-socjalny-{_ascii(contract.person.last_name)}-{_ascii(contract.number)}.pdf"


def plan_html(plan: IndividualPlan, *, today: datetime.date) -> str:
    context = {
        "plan": plan,
        "participant": plan.participant,
        "person": plan.participant.person,
        "project": plan.participant.project,
        "goals": plan.goals.all(),
        "hours": plan_selectors.hours_delivered_vs_planned(plan),
        "today": today,
    }
    return render_to_string("support/pdf/plan.html", context)


def contract_html(contract: SocialContract, *, today: datetime.date) -> str:
    context = {
        "contract": contract,
        "person": contract.person,
        "goals": SocialContract.lines(contract.goals),
        "client_obligations": SocialContract.lines(contract.client_obligations),
        "centre_obligations": SocialContract.lines(contract.centre_obligations),
        "schedule": SocialContract.lines(contract.schedule),
        "today": today,
    }
    return render_to_string("support/pdf/contract.html", context)
