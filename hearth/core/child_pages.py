"""The frame every page about one child shares: the child's header context, the audited GOV.UK
form page (`child_form`) and the latest saved values shown beside a conflicting edit.

Every app's child views build on these, so no app's views import another app's views."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from hearth.access import audit
from hearth.access.models import AuditEntry
from hearth.access.selectors import can_oversee_child, involvement_purposes
from hearth.core import idempotency
from hearth.core.services import ConcurrentEditError
from hearth.people.selectors import age_on, format_nhs_number


def child_context(request, child, *, section: str = "work") -> dict:
    return {
        "child": child,
        "section": section,
        "nhs_number": format_nhs_number(child.nhs_number),
        "age": age_on(child.date_of_birth, timezone.localdate()),
        "can_oversee": can_oversee_child(user=request.user, child=child),
    }


def view_audit(request, child, what: str, detail=None) -> None:
    """Audit a view of the child's record. A partner-agency user's view is marked as one, with
    their agency and the purposes of their involvement, so partner access can be reviewed."""
    user = request.user
    if getattr(user, "is_partner", False):
        detail = (detail or {}) | {
            "partner_view": True,
            "agency": user.agency,
            "purposes": sorted(involvement_purposes(user=user, child=child)),
        }
    audit.record(
        request=request, action=AuditEntry.Action.VIEW, what=what, child=child, detail=detail
    )


def child_form(
    request,
    child,
    *,
    form_class,
    title: str,
    save: Callable,
    form_kwargs: dict | None = None,
    initial: dict | None = None,
    intro: str = "",
    aside: str = "",
    extra: dict | None = None,
    latest: Callable | None = None,
    success: str = "",
    next_url: str | Callable | None = None,
    template: str = "casework/child_form.html",
):
    """Show a GOV.UK form about a child; on a valid POST call ``save(form)`` (an action) and
    redirect. Errors from the action land on the form's fields; a concurrent edit keeps the
    user's input and shows the latest saved values beside it."""
    form_kwargs = form_kwargs or {}
    conflict = None
    if request.method == "POST":
        form = form_class(request.POST, initial=initial, **form_kwargs)
        token = request.POST.get(idempotency.FIELD, "")
        earlier = idempotency.already_saved(token=token, user=request.user)
        if earlier is not None:
            messages.info(request, "This form had already been saved: it was saved once.")
            return redirect(earlier.next_url)
        if form.is_valid():
            try:
                saved, saved_now = idempotency.save_once(
                    token=token,
                    user=request.user,
                    save=lambda: save(form),
                    next_url=lambda saved: _next_url(child, next_url, saved),
                )
            except ValidationError as exc:
                form.add_service_errors(exc)
            except ConcurrentEditError as exc:
                form.add_error(None, str(exc))
                conflict = latest() if latest else None
                data = request.POST.copy()
                if conflict is not None:
                    data["version"] = str(conflict["version"])
                form = form_class(data, initial=initial, **form_kwargs)
                form.is_valid()
                form.add_error(None, str(exc))
            else:
                if not saved_now:
                    earlier = idempotency.already_saved(token=token, user=request.user)
                    messages.info(request, "This form had already been saved: it was saved once.")
                    return redirect(
                        earlier.next_url if earlier else reverse("child_work", args=[child.pk])
                    )
                messages.success(request, success or f"{title}: saved")
                return redirect(_next_url(child, next_url, saved))
    else:
        form = form_class(initial=initial, **form_kwargs)
        token = idempotency.new_token()
    view_audit(
        request, child, f"Form: {title}", {"errors": bool(form.errors)} if form.errors else None
    )
    context = child_context(request, child)
    context.update(
        {
            "form": form,
            "title": title,
            "intro": intro,
            "aside": aside,
            "conflict": conflict,
            "form_token": token or idempotency.new_token(),
            "cancel_url": reverse("child_work", args=[child.pk]),
        }
    )
    context.update(extra or {})
    return render(request, template, context, status=409 if conflict else 200)


def _next_url(child, next_url, saved) -> str:
    url = next_url(saved) if callable(next_url) else next_url
    return url or reverse("child_work", args=[child.pk])


def latest_values(instance, fields: list[str]) -> dict:
    fresh = type(instance)._default_manager.get(pk=instance.pk)
    rows = []
    for name in fields:
        field = fresh._meta.get_field(name)
        value = getattr(fresh, name)
        display = getattr(fresh, f"get_{name}_display", None)
        if display and value:
            value = display()
        elif value in (None, ""):
            value = "Not recorded"
        elif value is True:
            value = "Yes"
        elif value is False:
            value = "No"
        elif hasattr(value, "strftime"):
            value = value.strftime("%-d %b %Y")
        rows.append((field.verbose_name.capitalize(), value))
    return {"version": fresh.version, "rows": rows}
