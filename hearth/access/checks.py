"""System checks for the audit key: `manage.py check --deploy` fails outside demo mode when the
audit log would be keyed with a missing, public or too-short key, or with SECRET_KEY."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, Tags, register

MIN_AUDIT_KEY_LENGTH = 32


@register(Tags.security, deploy=True)
def audit_hmac_keys(app_configs=None, **kwargs) -> list[Error]:
    if getattr(settings, "DEMO", False):
        return []
    keys = dict(getattr(settings, "AUDIT_HMAC_KEYS", None) or {})
    if not keys:
        return [
            Error(
                "AUDIT_HMAC_KEYS is not set, so the audit log is keyed with SECRET_KEY.",
                hint="Set AUDIT_HMAC_KEYS=<id>:<random key of 32+ characters> in the environment "
                "(docs/security.md, 'Rotating keys').",
                id="hearth.E001",
            )
        ]
    public = {getattr(settings, "DEMO_SECRET_KEY", ""), getattr(settings, "DEMO_AUDIT_KEY", "")}
    errors = []
    for key_id, secret in keys.items():
        if secret in public:
            errors.append(
                Error(
                    f"Audit key '{key_id}' is the public demo key.",
                    hint="Generate a new key; the demo keys are published in Hearth's source.",
                    id="hearth.E002",
                )
            )
    current_id, current = next(iter(keys.items()))
    if len(current) < MIN_AUDIT_KEY_LENGTH:
        errors.append(
            Error(
                f"The current audit key '{current_id}' is shorter than {MIN_AUDIT_KEY_LENGTH} characters.",
                id="hearth.E003",
            )
        )
    if current == settings.SECRET_KEY:
        errors.append(
            Error(
                f"The current audit key '{current_id}' is SECRET_KEY.",
                hint="Use a separate key, so rotating SECRET_KEY leaves the audit log verifiable.",
                id="hearth.E004",
            )
        )
    return errors
