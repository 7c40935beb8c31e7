"""The OpenAPI schema's shared pieces: the `id` path parameter and the schema class
(REST_FRAMEWORK["DEFAULT_SCHEMA_CLASS"]) that tags every operation with its app and documents its
error responses with the bodies szansa.api.errors answers."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import ResolvedComponent
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework.settings import api_settings

PK_PARAMETER = OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH)

WRITE_METHODS = ("POST", "PUT", "PATCH")

ERROR = ResolvedComponent(
    name="Error",
    type=ResolvedComponent.SCHEMA,
    object="Error",
    schema={
        "type": "object",
        "description": _("An error that is not about the input: `detail` says what went wrong."),
        "properties": {"detail": {"type": "string", "readOnly": True}},
        "required": ["detail"],
    },
)
VALIDATION_ERROR = ResolvedComponent(
    name="ValidationError",
    type=ResolvedComponent.SCHEMA,
    object="ValidationError",
    schema={
        "type": "object",
        "description": _(
            "Invalid input: the messages by field name (of the body or the query), those not tied to "
            "a field under `non_field_errors`."
        ),
        "properties": {
            api_settings.NON_FIELD_ERRORS_KEY: {
                "type": "array",
                "items": {"type": "string"},
                "readOnly": True,
            }
        },
        "additionalProperties": {},
    },
)


class SzansaAutoSchema(AutoSchema):
    """drf-spectacular's AutoSchema, plus: the tag of the app whose API module holds the view
    (szansa.api.<app>), and the error responses every operation may answer (400 when it takes input,
    403 when it needs a signed-in user or a permission, 404 when it names an object by its path).
    A response the view documents itself keeps its description and gets the error body."""

    def get_tags(self) -> list[str]:
        parts = type(self.view).__module__.split(".")
        if parts[:2] == ["szansa", "api"] and len(parts) > 2:
            return [parts[2]]
        return super().get_tags()

    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None:
            return None
        parameters = operation.get("parameters", [])
        errors = {}
        if self.method in WRITE_METHODS or any(
            p["in"] == "query" and p["name"] != "page" for p in parameters
        ):
            errors["400"] = (VALIDATION_ERROR, _("Invalid input (messages by field)."))
        security = operation.get("security", [])
        if security and {} not in security:
            errors["403"] = (ERROR, _("Not signed in, or you may not do this."))
        if any(p["in"] == "path" for p in parameters):
            errors["404"] = (ERROR, _("Not found, or not among what you may see."))
        elif any(p["in"] == "query" and p["name"] == "page" for p in parameters):
            errors["404"] = (ERROR, _("No such page of the list."))
        responses = operation["responses"]
        for code, (component, description) in errors.items():
            registry.register_on_missing(component)
            content = {"application/json": {"schema": component.ref}}
            if code not in responses:
                responses[code] = {"content": content, "description": description}
            elif "content" not in responses[code]:
                responses[code] = {"content": content, **responses[code]}
        operation["responses"] = dict(sorted(responses.items()))
        return operation
