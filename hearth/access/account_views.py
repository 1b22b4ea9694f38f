"""Administrators manage accounts in the browser: create, disable and re-enable, unlock, reset
two-factor, link to a worker. Thin views over `hearth.access.accounts`; all audited there."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from hearth.access import accounts, audit, selectors
from hearth.access.account_forms import UserCreateForm, UserDisableForm, UserWorkerForm
from hearth.access.models import AuditEntry, User
from hearth.workforce.models import Worker


def _target(request, pk: int) -> User:
    if request.user.role != User.Role.ADMIN:
        raise PermissionDenied
    return get_object_or_404(selectors.users_for_admin(user=request.user), pk=pk)


def _form_page(request, *, form, title: str, save, success: str, cancel_url: str, intro=""):
    if request.method == "POST" and form.is_valid():
        try:
            target = save(form)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, success)
            return redirect("user_detail", pk=target.pk)
    return render(
        request,
        "workforce/page_form.html",
        {"form": form, "title": title, "cancel_url": cancel_url, "intro": intro},
    )


def user_add(request):
    if request.user.role != User.Role.ADMIN:
        raise PermissionDenied
    form = UserCreateForm(request.POST or None)

    def save(f):
        return accounts.user_create(acting_user=request.user, request=request, **f.cleaned_data)

    return _form_page(
        request,
        form=form,
        title="Create an account",
        save=save,
        success="Account created",
        cancel_url=reverse("users"),
    )


def user_detail(request, pk: int):
    target = _target(request, pk)
    worker = Worker.objects.filter(user=target).select_related("team").first()
    audit.record(
        request=request,
        action=AuditEntry.Action.VIEW,
        what="User account",
        detail={"user": target.pk},
    )
    return render(
        request,
        "access/user_detail.html",
        {
            "person": target,
            "worker": worker,
            "locked": accounts.user_is_locked(user=target),
            "two_factor": TOTPDevice.objects.filter(user=target, confirmed=True).exists(),
            "is_self": target.pk == request.user.pk,
        },
    )


def user_worker(request, pk: int):
    target = _target(request, pk)
    current = Worker.objects.filter(user=target).first()
    form = UserWorkerForm(request.POST or None, initial={"worker": current})
    return _form_page(
        request,
        form=form,
        title=f"Worker record for {target.username}",
        save=lambda f: accounts.user_link_worker(
            user=target, worker=f.cleaned_data["worker"], acting_user=request.user, request=request
        ),
        success="Worker link saved",
        cancel_url=reverse("user_detail", args=[target.pk]),
    )


def user_disable(request, pk: int):
    target = _target(request, pk)
    form = UserDisableForm(request.POST or None)
    return _form_page(
        request,
        form=form,
        title=f"Disable {target.username}",
        intro="They will not be able to sign in. Their history stays; you can re-enable the "
        "account later.",
        save=lambda f: accounts.user_disable(
            user=target, reason=f.cleaned_data["reason"], acting_user=request.user, request=request
        ),
        success="Account disabled",
        cancel_url=reverse("user_detail", args=[target.pk]),
    )


def _post_action(request, pk: int, action, success: str):
    target = _target(request, pk)
    try:
        action(target)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, success)
    return redirect("user_detail", pk=target.pk)


@require_POST
def user_enable(request, pk: int):
    return _post_action(
        request,
        pk,
        lambda t: accounts.user_enable(user=t, acting_user=request.user, request=request),
        "Account re-enabled",
    )


@require_POST
def user_unlock(request, pk: int):
    return _post_action(
        request,
        pk,
        lambda t: accounts.user_unlock(user=t, acting_user=request.user, request=request),
        "Account unlocked",
    )


@require_POST
def user_two_factor_reset(request, pk: int):
    return _post_action(
        request,
        pk,
        lambda t: accounts.user_two_factor_reset(user=t, acting_user=request.user, request=request),
        "Two-factor authentication reset: they set it up again at their next sign-in",
    )
