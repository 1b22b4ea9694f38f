"""One-time form tokens: every create form carries a token issued when it was rendered; saving
spends it in the same transaction as the records, so the same rendered form is saved once."""

from __future__ import annotations

import secrets
from collections.abc import Callable

from django.db import IntegrityError, transaction

from hearth.core.models import FormSubmission

FIELD = "form_token"


def new_token() -> str:
    return secrets.token_urlsafe(24)


def already_saved(*, token: str, user) -> FormSubmission | None:
    """The earlier save of this rendered form by this user, if there was one."""
    if not token:
        return None
    return FormSubmission.objects.filter(token=token, user=user).first()


def save_once(*, token: str, user, save: Callable, next_url: Callable) -> tuple[object, bool]:
    """Run ``save()`` and spend the token in one transaction; return (result, saved_now).

    A concurrent second request with the same token fails on the unique token, rolls back its
    records and returns the first save's (None, False)."""
    if not token:
        return save(), True
    try:
        with transaction.atomic():
            saved = save()
            FormSubmission.objects.create(token=token, user=user, next_url=next_url(saved))
    except IntegrityError:
        if not FormSubmission.objects.filter(token=token).exists():
            raise
        return None, False
    return saved, True
