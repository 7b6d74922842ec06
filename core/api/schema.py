"""drf-spectacular hooks: the token scope each operation needs; the error responses every
operation can give; a blank-allowed text field as one string schema."""

from drf_spectacular.openapi import AutoSchema

from core.scopes import scope_for
from core.validators import NoControlCharacters


class ScopedAutoSchema(AutoSchema):
    """States the scope a token needs for each operation as `x-token-scope` (the token's
    security requirement names it too: core.api.authentication.APITokenScheme)."""

    def get_operation(self, *args, **kwargs):
        operation = super().get_operation(*args, **kwargs)
        if operation is not None:
            operation["x-token-scope"] = scope_for(self.view, self.method)
        return operation


ERROR = {
    "type": "object",
    "description": "What went wrong.",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
# A 400 names the fields in error (field → messages), or carries one `detail`.
VALIDATION_ERROR = {
    "type": "object",
    "description": "Field name (or non_field_errors) → messages; or a `detail` message.",
    "additionalProperties": {},
}

_JSON = "application/json"


def _response(description: str, schema_name: str) -> dict:
    return {
        "description": description,
        "content": {_JSON: {"schema": {"$ref": f"#/components/schemas/{schema_name}"}}},
    }


def add_error_responses(result, generator, request, public):
    """Documents 400, 401, 403, 404, 405, 409, 413 and 429 where an operation can answer them."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault("Error", ERROR)
    schemas.setdefault("ValidationError", VALIDATION_ERROR)
    for path, item in result.get("paths", {}).items():
        for method, operation in item.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            responses = operation.setdefault("responses", {})
            errors = {
                "401": "No valid token or session.",
                "403": "The role may not do this.",
                "429": "Too many requests: retry after the Retry-After header's seconds.",
            }
            parameters = {parameter["in"] for parameter in operation.get("parameters", [])}
            if "{" in path or "query" in parameters:
                errors["404"] = "No such object, or not one of yours (or no such page)."
            if method == "delete":
                errors["409"] = "Other records still refer to this object."
            for status, description in errors.items():
                responses.setdefault(status, _response(description, "Error"))
            if "requestBody" in operation or "query" in parameters:
                responses.setdefault("400", _response("Invalid input.", "ValidationError"))
            if "requestBody" in operation:
                responses.setdefault("413", _response("The request body is too large.", "Error"))
    return result


_EMPTY_STRING = {"type": "string", "maxLength": 0}
# The control-character pattern as drf-spectacular writes it; it matches "".
TEXT_PATTERN = NoControlCharacters.regex.replace(r"\x", r"\u00")


def _one_string(schema):
    """`schema` without drf-spectacular's `oneOf: [pattern, empty string]` where the pattern
    already matches "": an empty text matches both, so `oneOf` refused it."""
    if isinstance(schema, dict):
        one_of = schema.get("oneOf")
        if (
            isinstance(one_of, list)
            and len(one_of) == 2
            and one_of[1] == _EMPTY_STRING
            and one_of[0].get("pattern") == TEXT_PATTERN
        ):
            schema.update(schema.pop("oneOf")[0])
        for value in schema.values():
            _one_string(value)
    elif isinstance(schema, list):
        for item in schema:
            _one_string(item)
    return schema


def blank_text_as_one_string(result, generator, request, public):
    """Collapses the `oneOf` drf-spectacular gives a blank-allowed text field with a pattern."""
    _one_string(result.get("components", {}).get("schemas", {}))
    return result
