"""Amounts are read as Szansa prints them (szansa.lib.forms.normalise_amount, installed on every decimal
form field at start-up by szansa.web.apps)."""

from decimal import Decimal

import pytest
from django import forms

from szansa.lib.forms import normalise_amount


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("1 200,50", "1200.50"),  # Polish, as Szansa prints it
        ("1\u00a0200,50 zł", "1200.50"),  # copied from a page: non-breaking space and the currency
        ("1\u202f200,50", "1200.50"),
        ("1.200,50", "1200.50"),  # dot groups thousands when the comma is the decimal sign
        ("1,200.50", "1200.50"),  # English, as Szansa prints it in English
        ("1200,5", "1200.5"),
        ("1.234.567", "1234567"),  # two dots: only grouping
        ("tysiąc", "tysiąc"),  # left for the field to refuse
    ],
)
def test_normalise_amount(typed, read):
    assert normalise_amount(typed) == read


class AmountForm(forms.Form):
    amount = forms.DecimalField(max_digits=10, decimal_places=2)


def test_every_decimal_field_accepts_the_printed_format_and_refuses_words():
    big = AmountForm({"amount": "1 216 630,61 zł"})
    assert big.is_valid() and big.cleaned_data["amount"] == Decimal("1216630.61")
    form = AmountForm({"amount": "1 200,50"})
    assert form.is_valid() and form.cleaned_data["amount"] == Decimal("1200.50")
    refused = AmountForm({"amount": "tysiąc"})
    assert not refused.is_valid() and "amount" in refused.errors
