"""The parameters a criterion takes in an eligibility rule or a scoring criterion, checked where they are
entered (pages, API, admin, the demo) with messages in the user's language (docs/recruitment.md).

Each kind of `enums.CriterionKind` names the keys it reads (see `eligibility.CHECKS`); unknown keys and
values of the wrong type are refused so that a typo does not silently make a criterion pass or fail.
"""

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from szansa.domain.people.enums import DisabilityDegree
from szansa.domain.recruitment.enums import CriterionKind

# Keys each kind reads; a kind not listed takes no parameters.
KEYS = {
    CriterionKind.RESIDENT_GMINA: {"gmina"},
    CriterionKind.RESIDENT_POWIAT: {"powiat"},
    CriterionKind.AGE_RANGE: {"min", "max", "on"},
    CriterionKind.INCOME: {"percent"},
    CriterionKind.DISABILITY: {"min_degree"},
}
REQUIRED = {
    CriterionKind.RESIDENT_GMINA: {"gmina"},
    CriterionKind.RESIDENT_POWIAT: {"powiat"},
}
MAX_AGE = 130


def _refuse(message: str, code: str):
    raise ValidationError({"parameters": ValidationError(message, code=code)})


def _has_nul(value) -> bool:
    """PostgreSQL refuses a NUL character in a JSON value or key."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    return False


def _names_ok(value) -> bool:
    if isinstance(value, str):
        return bool(value.strip())
    return isinstance(value, list) and bool(value) and all(isinstance(v, str) and v.strip() for v in value)


def _whole(value) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not (0 <= value <= MAX_AGE):
        _refuse(
            _("An age is a whole number of years from 0 to %(max)s.") % {"max": MAX_AGE}, "parameters_age"
        )
    return value


def check_parameters(kind: str, parameters) -> None:
    """Raise a ValidationError under `parameters` unless they suit the criterion's kind."""
    if parameters in (None, ""):
        parameters = {}
    if not isinstance(parameters, dict):
        _refuse(_('The parameters are a JSON object, e.g. {"min": 18, "max": 64}.'), "parameters_not_object")
    if _has_nul(parameters):
        _refuse(_("The parameters may not contain a NUL character."), "parameters_nul")
    allowed = KEYS.get(kind, set())
    unknown = sorted(set(parameters) - allowed)
    if unknown:
        if allowed:
            message = _("Unknown parameters: %(unknown)s. This criterion takes: %(allowed)s.") % {
                "unknown": ", ".join(unknown),
                "allowed": ", ".join(sorted(allowed)),
            }
        else:
            message = _("This criterion takes no parameters (found: %(unknown)s).") % {
                "unknown": ", ".join(unknown)
            }
        _refuse(message, "parameters_unknown")
    missing = sorted(REQUIRED.get(kind, set()) - set(parameters))
    if missing:
        _refuse(_("Give the parameter: %(names)s.") % {"names": ", ".join(missing)}, "parameters_missing")
    for key in ("gmina", "powiat"):
        if key in parameters and not _names_ok(parameters[key]):
            _refuse(
                _("%(key)s is a name or a list of names.") % {"key": key},
                "parameters_names",
            )
    if kind == CriterionKind.AGE_RANGE:
        low, high = _whole(parameters.get("min")), _whole(parameters.get("max"))
        if low is None and high is None:
            _refuse(_("Give the lowest age (min), the highest (max) or both."), "parameters_missing")
        if low is not None and high is not None and low > high:
            _refuse(
                _("The lowest age (%(min)s) is above the highest (%(max)s).") % {"min": low, "max": high},
                "parameters_age_order",
            )
        if parameters.get("on"):
            try:
                datetime.date.fromisoformat(str(parameters["on"]))
            except ValueError:
                _refuse(_("The day of the age (on) is a date like 2025-01-31."), "parameters_date")
    if kind == CriterionKind.INCOME and "percent" in parameters:
        try:
            percent = Decimal(str(parameters["percent"]))
        except InvalidOperation:
            percent = None
        if isinstance(parameters["percent"], bool) or percent is None or not (0 < percent <= 1000):
            _refuse(
                _("The percentage of the income criterion is a number above 0 and at most 1000."),
                "parameters_percent",
            )
    if kind == CriterionKind.DISABILITY and parameters.get("min_degree") not in (
        None,
        *DisabilityDegree.values,
    ):
        _refuse(
            _("The lowest degree is one of: %(values)s.") % {"values": ", ".join(DisabilityDegree.values)},
            "parameters_degree",
        )
