"""Template filters: money and percentages in the format of the active language."""

from decimal import Decimal

from django import template
from django.utils.translation import get_language

from szansa.lib.money import format_pln

register = template.Library()


@register.filter
def pln(value):
    """`1 216 630,61 zł` in Polish, `1,216,630.61 zł` in English (szansa.lib.money.format_pln)."""
    if value is None or value == "":
        return "—"
    return format_pln(value)


@register.filter
def pct(value):
    """`84,79 %` in Polish, `84.79 %` in English; an em dash when the rate is unknown."""
    if value is None or value == "":
        return "—"
    decimal = "." if (get_language() or "").split("-")[0] == "en" else ","
    return f"{Decimal(value):.2f}".replace(".", decimal) + " %"
