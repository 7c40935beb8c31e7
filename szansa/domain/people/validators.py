"""Identifier validators (docs/identifiers.md) wrapping python-stdnum, with translated messages."""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from stdnum import exceptions as stdnum_errors
from stdnum.pl import nip, pesel, regon

from szansa.domain.people import enums


def validate_pesel(value: str) -> None:
    """11 digits, a valid checksum and a real birth date (docs/identifiers.md, PESEL rules 1-3)."""
    if not value or not value.isdigit() or len(value) != 11:
        raise ValidationError(_("PESEL must have exactly 11 digits."), code="pesel_format")
    try:
        pesel.validate(value)
    except stdnum_errors.InvalidChecksum as exc:
        raise ValidationError(
            _("This PESEL has a wrong check digit; check it for a typo."), code="pesel_checksum"
        ) from exc
    except stdnum_errors.InvalidComponent as exc:
        raise ValidationError(_("This PESEL does not encode a real birth date."), code="pesel_date") from exc
    except stdnum_errors.ValidationError as exc:
        raise ValidationError(_("This PESEL is not valid."), code="pesel_invalid") from exc


def compact_identifier(value: str) -> str:
    """NIP/REGON as digits only (python-stdnum accepts `PL`, spaces and hyphens on input)."""
    return nip.compact(value) if value else value


def validate_nip(value: str) -> None:
    if not nip.is_valid(value):
        raise ValidationError(_("This NIP is not valid."), code="nip_invalid")


def validate_regon(value: str) -> None:
    if not regon.is_valid(value):
        raise ValidationError(_("This REGON is not valid."), code="regon_invalid")


def pesel_birth_date(value: str):
    return pesel.get_birth_date(value)


def pesel_sex(value: str) -> str:
    """'K' or 'M', from digit 10 (even = woman), in the registry's notation."""
    return "M" if pesel.get_gender(value) == "M" else "K"


def check_birth_date(person) -> None:
    """A birth date in the future is a typo (the file would show a negative age)."""
    if person.birth_date and person.birth_date > timezone.localdate():
        raise ValidationError({"birth_date": gettext("The birth date is in the future.")})


def check_pesel_matches(person) -> None:
    """Cross-check birth date and sex against a valid PESEL (docs/identifiers.md, PESEL rule 4)."""
    if not person.pesel:
        return
    try:
        validate_pesel(person.pesel)
    except ValidationError:
        return  # the field validator reports it
    born = pesel_birth_date(person.pesel)
    if born > timezone.localdate():
        # A well-formed number, but nobody registered today can have been born after today.
        raise ValidationError(
            {
                "pesel": ValidationError(
                    _("This PESEL encodes a birth date in the future (%(date)s)."),
                    code="pesel_future",
                    params={"date": f"{born:%d.%m.%Y}"},
                )
            }
        )
    errors = {}
    if person.birth_date and person.birth_date != born:
        errors["birth_date"] = gettext("The birth date does not match PESEL (PESEL says %(date)s).") % {
            "date": f"{born:%d.%m.%Y}"
        }
    sex = pesel_sex(person.pesel)
    if person.sex and person.sex != sex:
        errors["sex"] = gettext("The sex does not match PESEL (PESEL says: %(sex)s).") % {
            "sex": enums.Sex(sex).label
        }
    if errors:
        raise ValidationError(errors)


validate_postal_code = RegexValidator(
    r"^\d{2}-\d{3}$",
    message=_("Enter the postal code as NN-NNN, e.g. 32-300."),
    code="postal_code",
)
