"""OpenAPI details drf-spectacular cannot infer: the two ways to authenticate, and the problem
details every operation may answer with."""

from __future__ import annotations

from drf_spectacular.extensions import OpenApiAuthenticationExtension

PROBLEM = {
    "type": "object",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "errors": {},
    },
}
ERRORS = {
    "400": "The request has errors",
    "401": "Not signed in, or the token is not valid",
    "403": "The caller's role or the token's scopes do not allow this",
    "404": "No such record, or not one the caller may see",
    "405": "Method not allowed",
    "406": "Not acceptable",
    "412": "The record changed since it was read (If-Match)",
    "415": "Unsupported media type",
    "428": "If-Match is required",
    "429": "Too many requests",
}


class BearerScheme(OpenApiAuthenticationExtension):
    target_class = "hearth.api.auth.BearerTokenAuthentication"
    name = "bearerAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer"}


class SessionScheme(OpenApiAuthenticationExtension):
    target_class = "hearth.api.auth.VerifiedSessionAuthentication"
    name = "sessionAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "cookie", "name": "sessionid"}


def add_problem_responses(result, generator, request, public):
    """Declare problem+json for every error status on every operation."""
    result.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM
    ref = {"$ref": "#/components/schemas/Problem"}
    for path in result.get("paths", {}).values():
        for operation in path.values():
            responses = operation.setdefault("responses", {})
            for code, text in ERRORS.items():
                responses.setdefault(
                    code,
                    {"description": text, "content": {"application/problem+json": {"schema": ref}}},
                )
    return result
