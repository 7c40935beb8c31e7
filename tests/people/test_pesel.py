"""PESEL rules (docs/identifiers.md): checksum, century encoding, real dates, cross-checks."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from szansa.domain.people.validators import pesel_birth_date, pesel_sex, validate_pesel

WEIGHTS = (1, 3, 7, 9, 1, 3, 7, 9, 1, 3)
MONTH_OFFSET = {1800: 80, 1900: 0, 2000: 20, 2100: 40, 2200: 60}


def make_pesel(born: datetime.date, serial: int, sex_digit: int) -> str:
    """An independent PESEL encoder (the test must not reuse the code under test)."""
    century = born.year // 100 * 100
    month = born.month + MONTH_OFFSET[century]
    digits = f"{born.year % 100:02d}{month:02d}{born.day:02d}{serial:03d}{sex_digit}"
    check = (10 - sum(int(d) * w for d, w in zip(digits, WEIGHTS, strict=True)) % 10) % 10
    return digits + str(check)


birth_dates = st.dates(min_value=datetime.date(1800, 1, 1), max_value=datetime.date(2299, 12, 31))


@given(born=birth_dates, serial=st.integers(0, 999), sex_digit=st.integers(0, 9))
def test_generated_valid_pesels_pass_and_decode_date_and_sex(born, serial, sex_digit):
    pesel = make_pesel(born, serial, sex_digit)
    validate_pesel(pesel)
    assert pesel_birth_date(pesel) == born
    assert pesel_sex(pesel) == ("K" if sex_digit % 2 == 0 else "M")


@given(
    born=birth_dates,
    serial=st.integers(0, 999),
    sex_digit=st.integers(0, 9),
    position=st.integers(0, 10),
    shift=st.integers(1, 9),
)
def test_any_single_changed_digit_fails(born, serial, sex_digit, position, shift):
    pesel = make_pesel(born, serial, sex_digit)
    changed = str((int(pesel[position]) + shift) % 10)
    mutated = pesel[:position] + changed + pesel[position + 1 :]
    with pytest.raises(ValidationError):
        validate_pesel(mutated)


@pytest.mark.parametrize(
    ("pesel", "born", "sex"),
    [
        ("02122401358", datetime.date(1902, 12, 24), "M"),
        ("02211307589", datetime.date(2002, 1, 13), "K"),
        ("44051401359", datetime.date(1944, 5, 14), "M"),
    ],
)
def test_documented_vectors_decode_with_century_encoding(pesel, born, sex):
    validate_pesel(pesel)
    assert pesel_birth_date(pesel) == born
    assert pesel_sex(pesel) == sex


def test_century_offsets_for_each_century():
    for year, offset in ((1850, 80), (1950, 0), (2050, 20), (2150, 40), (2250, 60)):
        pesel = make_pesel(datetime.date(year, 3, 1), 123, 4)
        assert int(pesel[2:4]) == 3 + offset
        assert pesel_birth_date(pesel).year == year


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("44051401358", "pesel_checksum"),
        ("02381307589", "pesel_date"),
        ("4405140135", "pesel_format"),
        ("4405140135a", "pesel_format"),
        ("", "pesel_format"),
    ],
)
def test_invalid_pesels_are_refused_with_a_specific_reason(value, code):
    with pytest.raises(ValidationError) as error:
        validate_pesel(value)
    assert error.value.code == code
