"""Administrators make, rotate and revoke API tokens in the browser. The secret is shown once."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from hearth.access import audit
from hearth.access.models import AuditEntry, User
from hearth.api import tokens
from hearth.api.models import ApiToken
from hearth.core.forms import GDSForm, text

SECRET_SESSION_KEY = "hearth_new_api_token"


class TokenForm(GDSForm):
    submit_label = "Create token"
    name = text(
        "Name", max_length=100, help_text="The system that will use it, e.g. Data warehouse"
    )
    user = forms.ModelChoiceField(
        label="Acts as account",
        help_text="The token sees and does exactly what this account may.",
        queryset=User.objects.filter(is_active=True).order_by("username"),
        error_messages={"required": "Select the account the token acts as"},
    )
    scopes = forms.MultipleChoiceField(
        label="Scopes",
        choices=ApiToken.Scope.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select at least one scope"},
    )
    days = forms.IntegerField(
        label="Lasts for (days)",
        min_value=1,
        max_value=tokens.MAX_DAYS,
        initial=90,
        error_messages={
            "required": "Enter how many days the token lasts",
            "min_value": f"A token lasts between 1 and {tokens.MAX_DAYS} days",
            "max_value": f"A token lasts between 1 and {tokens.MAX_DAYS} days",
            "invalid": "Enter a whole number of days",
        },
    )


def _admin(request) -> None:
    if request.user.role != User.Role.ADMIN:
        raise PermissionDenied


def api_tokens(request):
    _admin(request)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            _token, secret = tokens.api_token_create(
                acting_user=request.user, request=request, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            request.session[SECRET_SESSION_KEY] = secret
            return redirect("api_tokens")
    secret = request.session.pop(SECRET_SESSION_KEY, None)
    audit.record(request=request, action=AuditEntry.Action.VIEW, what="API tokens")
    return render(
        request,
        "api/tokens.html",
        {
            "form": form,
            "tokens": ApiToken.objects.select_related("user").order_by("-created_at")[:200],
            "secret": secret,
        },
    )


@require_POST
def api_token_revoke(request, pk: int):
    _admin(request)
    token = get_object_or_404(ApiToken, pk=pk)
    tokens.api_token_revoke(token=token, acting_user=request.user, request=request)
    messages.success(request, f"Token {token.name} revoked")
    return redirect("api_tokens")


@require_POST
def api_token_rotate(request, pk: int):
    _admin(request)
    token = get_object_or_404(ApiToken, pk=pk, revoked_at__isnull=True)
    _new, secret = tokens.api_token_rotate(token=token, acting_user=request.user, request=request)
    request.session[SECRET_SESSION_KEY] = secret
    messages.success(request, f"Token {token.name} rotated: the old secret no longer works")
    return redirect("api_tokens")
