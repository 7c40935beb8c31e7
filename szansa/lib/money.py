"""Money: Decimal with two places, PLN; one format per interface language.

Polish `1 216 630,61 zł`; English `1,216,630.61 zł` (the złoty sign stays, the separators follow the
language). Every page, PDF and message shows money through `format_pln` (templates: the `pln` filter);
XLSX/CSV exports keep numbers as numbers.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import get_language

CENT = Decimal("0.01")


def to_money(value) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def _separators(language: str | None) -> tuple[str, str]:
    """(thousands, decimal) of a language; Polish when no language is active (commands, tasks)."""
    if language and language.split("-")[0] == "en":
        return ",", "."
    return " ", ","


def format_pln(value, currency: bool = True, language: str | None = None) -> str:
    """`value` as money in `language` (default: the active language)."""
    thousands, decimal = _separators(language or get_language())
    amount = to_money(value)
    sign = "-" if amount < 0 else ""
    whole, _, cents = f"{abs(amount):.2f}".partition(".")
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    text = f"{sign}{thousands.join(groups)}{decimal}{cents}"
    return f"{text} zł" if currency else text
