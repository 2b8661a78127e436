"""OpenAPI: every operation documents the one error shape (api.exceptions)."""

ERROR = {
    "type": "object",
    "required": ["error"],
    "properties": {"error": {
        "type": "object",
        "required": ["code", "message", "fields", "details"],
        "properties": {
            "code": {"type": "string", "description": "Stable: not_found, permission_denied, "
                     "not_authenticated, invalid, validation_failed, stale_edit, "
                     "transition_not_allowed…"},
            "message": {"type": "string", "description": "In the language of Accept-Language."},
            "fields": {"type": "object", "description": "Field or question code → messages.",
                       "additionalProperties": {"type": "array", "items": {"type": "string"}}},
            "details": {"type": "object", "additionalProperties": {},
                        "description": "For stale_edit: the current version and the changes."},
        },
    }},
}
ANSWERS = {
    400: "Invalid input; `fields` says where.",
    401: "No or invalid credentials.",
    403: "You may see this but not do this.",
    404: "Not found, or not yours to see.",
}
CONFLICT = "The sheet changed since the version you sent (stale_edit); `details` lists what."


def add_error_responses(result, generator, request, public):
    """drf-spectacular postprocessing hook."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR
    ref = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            for status, description in ANSWERS.items():
                responses.setdefault(str(status), {"content": ref, "description": description})
            if method in ("patch", "post") and path.startswith("/api/v1/sheets/"):
                responses.setdefault("409", {"content": ref, "description": CONFLICT})
    return result
