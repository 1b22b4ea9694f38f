"""Tokens for systems that call Hearth's API (a data warehouse, a partner's system).

A token acts as a service account (a `User` with a role, so every visibility rule applies to it
unchanged), carries scopes (read, write), expires, and can be revoked or rotated by an
administrator. Only a hash of the secret is stored; the secret is shown once, when made."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from hearth.core.validators import validate_organisation_name


class ApiToken(models.Model):
    class Scope(models.TextChoices):
        READ = "read", "Read records the account may see"
        WRITE = "write", "Write through the same rules as the forms"

    name = models.CharField(max_length=100, validators=[validate_organisation_name])
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_tokens"
    )
    prefix = models.CharField(max_length=12, unique=True)
    secret_hash = models.CharField(max_length=64)
    scopes = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    replaced_by = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="replaces"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix})"


class IdempotentRequest(models.Model):
    """The response to a create sent with an ``Idempotency-Key``: the same key from the same
    caller gets the same answer instead of a second record."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=100)
    path = models.CharField(max_length=300)
    status = models.PositiveSmallIntegerField()
    body = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="one_response_per_idempotency_key")
        ]

    def __str__(self) -> str:
        return f"{self.key} → {self.status}"
