"""Making, checking, revoking and rotating API tokens (actions audited like any permission
change)."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from hearth.access import audit
from hearth.access.models import AuditEntry, User
from hearth.api.models import ApiToken

PREFIX = "hth"
MAX_DAYS = 365
TOUCH_EVERY = dt.timedelta(minutes=1)


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _audit(*, acting_user, request, what: str, token: ApiToken) -> None:
    audit.record(
        request=request,
        user=acting_user,
        action=AuditEntry.Action.PERMISSION,
        what=what,
        detail={"token": token.prefix, "user": token.user_id, "scopes": token.scopes},
    )


@transaction.atomic
def api_token_create(
    *,
    name: str,
    user: User,
    scopes: list[str],
    days: int,
    acting_user: User,
    request=None,
) -> tuple[ApiToken, str]:
    """A new token for ``user``; returns it with the secret, which is never stored or shown
    again."""
    if not 1 <= days <= MAX_DAYS:
        raise ValidationError({"days": f"A token lasts between 1 and {MAX_DAYS} days"})
    unknown = set(scopes) - set(ApiToken.Scope.values)
    if unknown or not scopes:
        raise ValidationError({"scopes": "Select at least one scope"})
    if not user.is_active:
        raise ValidationError({"user": "The account is disabled"})
    prefix = secrets.token_hex(4)
    secret = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        name=name,
        user=user,
        prefix=prefix,
        secret_hash=_hash(secret),
        scopes=sorted(scopes),
        created_by=acting_user,
        expires_at=timezone.now() + dt.timedelta(days=days),
    )
    _audit(acting_user=acting_user, request=request, what=f"Created API token {name}", token=token)
    return token, f"{PREFIX}_{prefix}_{secret}"


@transaction.atomic
def api_token_revoke(*, token: ApiToken, acting_user: User, request=None) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        _audit(
            acting_user=acting_user,
            request=request,
            what=f"Revoked API token {token.name}",
            token=token,
        )
    return token


@transaction.atomic
def api_token_rotate(*, token: ApiToken, acting_user: User, request=None) -> tuple[ApiToken, str]:
    """A new secret for the same account and scopes; the old token stops working now."""
    days = max(1, (token.expires_at - timezone.now()).days or 1)
    new, secret = api_token_create(
        name=token.name,
        user=token.user,
        scopes=token.scopes,
        days=min(days, MAX_DAYS),
        acting_user=acting_user,
        request=request,
    )
    api_token_revoke(token=token, acting_user=acting_user, request=request)
    token.replaced_by = new
    token.save(update_fields=["replaced_by"])
    return new, secret


def api_token_check(raw: str) -> ApiToken | None:
    """The live token a presented secret belongs to, or None."""
    parts = raw.split("_", 2)
    if len(parts) != 3 or parts[0] != PREFIX:
        return None
    token = ApiToken.objects.select_related("user").filter(prefix=parts[1]).first()
    if token is None or not hmac.compare_digest(token.secret_hash, _hash(parts[2])):
        return None
    now = timezone.now()
    if token.revoked_at is not None or token.expires_at <= now or not token.user.is_active:
        return None
    if token.last_used_at is None or now - token.last_used_at > TOUCH_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token
