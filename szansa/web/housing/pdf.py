"""Documents of a stay as PDF (WeasyPrint): the referral decision draft, the stay agreement and the
monthly fee statement. Each document is an HTML template under templates/housing/pdf/ with a print
style sheet; the `*_html` functions build that HTML (tests read it) and the views print it with
lib.views.pdf_response.

The figures come from the services and selectors (the fee from `services.fee_for`, the standards
and kinds from the apartment), never computed here.
"""

import datetime

from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils.text import slugify

from szansa.domain.housing import services
from szansa.domain.housing.models import FeeTable, MonthlyStatement, Stay, SupportPlan

FILE_PREFIXES = {
    "decision": "decyzja-skierowanie",
    "agreement": "umowa-pobytu",
    "statement": "oplata",
}


def filename(kind: str, stay: Stay, month: datetime.date | None = None) -> str:
    name = stay.person.last_name.replace("ł", "l").replace("Ł", "L")  # the only letter NFKD keeps
    parts = [FILE_PREFIXES[kind], slugify(name) or "osoba", str(stay.pk)]
    if month is not None:
        parts.append(f"{month:%Y-%m}")
    return "-".join(parts) + ".pdf"


def _common(stay: Stay, today: datetime.date) -> dict:
    apartment = stay.place.room.apartment
    start = stay.actual_start or stay.planned_start
    return {
        "stay": stay,
        "person": stay.person,
        "apartment": apartment,
        "kind": apartment.kind_label_on(start),
        "today": today,
        "planned_end": stay.current_planned_end,
    }


def _fee_rule(stay: Stay) -> dict:
    """The fee table in force at the start and the fee of the first month (or why it is not known)."""
    start = stay.actual_start or stay.planned_start
    table = FeeTable.objects.on(start).order_by("-valid_from").first()
    try:
        fee = services.fee_for(stay, start)
    except ValidationError as error:
        return {"fee_table": table, "fee": None, "fee_problem": " ".join(error.messages)}
    return {"fee_table": table, "fee": fee, "fee_problem": ""}


def decision_html(stay: Stay, *, today: datetime.date) -> str:
    """A draft of the referral decision for the clerk: parties, legal basis (art. 53 and art. 97 of
    the Social Assistance Act), place, period and the fee rule."""
    context = {**_common(stay, today), **_fee_rule(stay)}
    return render_to_string("housing/pdf/decision.html", context)


def agreement_html(stay: Stay, *, today: datetime.date) -> str:
    plan = SupportPlan.objects.filter(stay=stay).prefetch_related("items").first()
    context = {**_common(stay, today), **_fee_rule(stay), "plan": plan}
    return render_to_string("housing/pdf/agreement.html", context)


def statement_html(statement: MonthlyStatement, *, arrears, today: datetime.date) -> str:
    context = {**_common(statement.stay, today), "statement": statement, "arrears": arrears}
    return render_to_string("housing/pdf/statement.html", context)
