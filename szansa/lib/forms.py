"""Form helpers shared by every web page."""

from django import forms
from django.core.exceptions import ValidationError


class DateInput(forms.DateInput):
    """A native date picker; ISO values round-trip whatever the UI language."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def add_service_error(form: forms.Form, error: ValidationError, default_field: str | None = None) -> None:
    """Put a service's ValidationError next to the fields it names; the rest goes next to
    `default_field` (a one-field form) or above the form."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else default_field, errors)
    else:
        form.add_error(default_field, error)


# Spaces Szansa prints between thousands (a plain, a non-breaking and a narrow non-breaking space) and
# the currency it prints after amounts.
_GROUPING = (" ", "\u00a0", "\u202f")


def normalise_amount(value):
    """An amount as typed, in the form a Decimal reads: "1 200,50", "1 200,50 zł", "1.200,50" and
    "1,200.50" all give "1200.50". Thousands may be grouped with spaces or with the separator that is
    not the decimal one; with both a comma and a dot, the last of them is the decimal separator. Anything
    else is left as it was, for the field to refuse."""
    if not isinstance(value, str):
        return value
    text = value.strip()
    if text.lower().endswith("zł"):
        text = text[:-2].strip()
    for space in _GROUPING:
        text = text.replace(space, "")
    if "," in text and "." in text:
        decimal = "," if text.rfind(",") > text.rfind(".") else "."
        grouping = "." if decimal == "," else ","
        text = text.replace(grouping, "").replace(decimal, ".")
    elif text.count(",") == 1:
        text = text.replace(",", ".")
    elif text.count(".") > 1:
        text = text.replace(".", "")
    return text


def accept_grouped_amounts() -> None:
    """Every decimal form field reads amounts as Szansa prints them ("1 200,50 zł"), whatever the form:
    installed once at start-up (szansa.web.apps)."""
    if getattr(forms.DecimalField, "_szansa_grouped", False):
        return
    original = forms.DecimalField.to_python

    def to_python(self, value):
        return original(self, normalise_amount(value))

    forms.DecimalField.to_python = to_python
    forms.DecimalField._szansa_grouped = True
