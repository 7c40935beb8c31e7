"""The API's one exception handler (REST_FRAMEWORK["EXCEPTION_HANDLER"]).

Views call the domain's services and selectors and let their refusals through; this handler answers
them in the API's error format, like DRF's own errors:

- a ServiceError or any Django ValidationError: 400 with the messages by field name, those not tied
  to a field under `non_field_errors` (api_settings.NON_FIELD_ERRORS_KEY). A view may name the field
  under which a refusal without a field belongs, by the error's code (`error_fields`);
- Django's PermissionDenied: 403 with `detail`, the refusal's message when it has one, else DRF's
  generic one;
- Http404: 404 with `detail`, its message when it has one (get_object_or_404's), else "Not found.".
"""

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler


def validation_detail(error: DjangoValidationError, error_fields: dict[str, str] | None = None) -> dict:
    """The body of a 400 for a Django ValidationError: its field keys kept, the rest under
    NON_FIELD_ERRORS_KEY, or under `error_fields[code]` when the error's (first) code is named there."""
    if hasattr(error, "error_dict"):
        return {
            (api_settings.NON_FIELD_ERRORS_KEY if key == NON_FIELD_ERRORS else key): messages
            for key, messages in error.message_dict.items()
        }
    code = error.error_list[0].code if error.error_list else None
    field = (error_fields or {}).get(code)
    return {field or api_settings.NON_FIELD_ERRORS_KEY: error.messages}


def api_exception(exc: Exception, view=None) -> Exception:
    """The DRF exception that answers `exc` (itself when DRF answers it already)."""
    if isinstance(exc, DjangoValidationError):
        return exceptions.ValidationError(validation_detail(exc, getattr(view, "error_fields", None)))
    if isinstance(exc, DjangoPermissionDenied):
        return exceptions.PermissionDenied(*exc.args)
    if isinstance(exc, Http404):
        return exceptions.NotFound(*exc.args)
    return exc


def exception_handler(exc, context):
    """DRF's handler, after translating the domain's and Django's errors (see the module docstring)."""
    return drf_exception_handler(api_exception(exc, context.get("view")), context)
