"""The service-error type. Domain services refuse a write by raising ServiceError (a Django
ValidationError, so forms and `full_clean` treat it alike), or PermissionDenied when the actor may not
act at all. Pages show a ServiceError next to the fields it names (lib.forms.add_service_error); the
API answers it as 400 through one exception handler (szansa.api.errors)."""

from django.core.exceptions import ValidationError


class ServiceError(ValidationError):
    """A rule of the domain refused the request; `message_dict` names the fields where it can."""
