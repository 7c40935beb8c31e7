"""Template filters of the project pages: Polish money formatting and percentages."""

from decimal import Decimal

from django import template

from szansa.lib.money import format_pln

register = template.Library()


@register.filter
def pln(value):
    """`1 216 630,61 zł` (Polish formatting in every interface language, as the documents use it)."""
    if value is None or value == "":
        return "—"
    return format_pln(value)


@register.filter
def pct(value):
    """`84,79 %` with a decimal comma; an em dash when the rate is unknown."""
    if value is None or value == "":
        return "—"
    return f"{Decimal(value):.2f}".replace(".", ",") + " %"
