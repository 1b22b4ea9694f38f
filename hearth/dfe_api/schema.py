"""The published DfE schema (``schema/openapi.json``, see ``schema/README.md``) and validation
of one child's payload or a whole request body against it with ``jsonschema``."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from jsonschema import Draft202012Validator, FormatChecker

SCHEMA_PATH = Path(__file__).parent / "schema" / "openapi.json"
MAX_BATCH = 100  # the CSC array's maxItems: at most 100 children per POST


@cache
def openapi() -> dict:
    return json.loads(SCHEMA_PATH.read_text())


@cache
def _validators() -> tuple[Draft202012Validator, Draft202012Validator]:
    body = openapi()["components"]["schemas"]["CSC"]
    checker = FormatChecker()
    return Draft202012Validator(body, format_checker=checker), Draft202012Validator(
        body["items"], format_checker=checker
    )


def _messages(validator, instance) -> list[str]:
    out = []
    for e in sorted(validator.iter_errors(instance), key=lambda e: list(e.absolute_path)):
        where = "/".join(str(p) for p in e.absolute_path) or "(top)"
        out.append(f"{where}: {e.message[:200]}")
    return out


def child_errors(payload: dict) -> list[str]:
    """Problems with one child's object (empty when it matches the published schema)."""
    return _messages(_validators()[1], payload)


def body_errors(body) -> list[str]:
    """Problems with a whole request body: an array of at most 100 children."""
    return _messages(_validators()[0], body)
