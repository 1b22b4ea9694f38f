"""Signing in (password, then a code from an authenticator app), breaking the glass, named
people on restricted records, who has viewed a record, break-glass report and the audit log.

Views stay thin: who may see what is decided in `selectors`, every change is a `services`
action, and each page that shows a child writes exactly one audit entry."""

from __future__ import annotations

import csv
from base64 import b32encode
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.forms.utils import ErrorDict
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_otp import user_has_device

from hearth.access import audit, permissions, selectors, services
from hearth.access.forms import (
    AuditSearchForm,
    BreakGlassForm,
    NamedPersonForm,
    SignInForm,
    TwoFactorCodeForm,
)
from hearth.access.middleware import DEMO_SKIP_SESSION_KEY, two_factor_pending
from hearth.access.models import AccessGrant, AuditEntry
from hearth.access.pages import break_glass_offer
from hearth.core.child_pages import child_context
from hearth.core.spreadsheet import safe_row

RECOVERY_CODES_SESSION_KEY = "hearth_recovery_codes"
SETUP_DEVICE_SESSION_KEY = "hearth_two_factor_setup_device"
PER_PAGE = 50


def _demo_logins() -> list:
    """The demo accounts, shown on the sign-in page only in demo mode."""
    if not settings.DEMO:
        return []
    from hearth.synthetic.demo import demo_logins

    return demo_logins()


def _safe_next(request, default: str = "") -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default or reverse(settings.LOGIN_REDIRECT_URL)


class SignInView(auth_views.LoginView):
    template_name = "access/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["demo_logins"] = _demo_logins()
        context["timed_out"] = self.request.GET.get("timed_out") == "1"
        return context

    def form_valid(self, form):
        user = form.get_user()
        auth_login(self.request, user)
        demo_users = {login.username for login in _demo_logins()}
        if settings.DEMO and user.get_username() in demo_users:
            # Demo mode only: the middleware ignores this flag in every other mode.
            self.request.session[DEMO_SKIP_SESSION_KEY] = True
        return redirect(self.get_success_url())

    def get_success_url(self):
        target = super().get_success_url()
        if not two_factor_pending(self.request):
            return target
        step = "two_factor_verify" if user_has_device(self.request.user) else "two_factor_setup"
        return f"{reverse(step)}?{urlencode({'next': target})}"


def locked_out(request, original_response=None, credentials=None):
    """django-axes' lockout response: the sign-in page with the reason in the error summary."""
    form = SignInForm(request, data=request.POST)
    # Not cleaned (that would try the password again): the lockout is the only error.
    form._errors = ErrorDict()
    form.cleaned_data = {}
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    form.add_error(
        None,
        f"You have tried to sign in too many times. Wait {minutes} minutes, then try again. "
        "If you have forgotten your password, ask your system administrator.",
    )
    return render(
        request,
        "access/sign_in.html",
        {"form": form, "next": _safe_next(request), "locked_out": True},
        status=429,
    )


class SignOutView(auth_views.LogoutView):
    http_method_names = ["post", "options"]


# Two-factor authentication -------------------------------------------------------------------


def _grouped(text: str, size: int = 4) -> str:
    return " ".join(text[i : i + size] for i in range(0, len(text), size))


@never_cache
@require_http_methods(["GET", "POST"])
def two_factor_setup(request):
    """Add an authenticator app: scan the QR code (or type the key), then enter a code."""
    if user_has_device(request.user):
        return redirect(_safe_next(request))
    device = services.totp_device_for_setup(
        user=request.user, device_id=request.session.get(SETUP_DEVICE_SESSION_KEY)
    )
    request.session[SETUP_DEVICE_SESSION_KEY] = device.pk
    form = TwoFactorCodeForm(request.POST or None, submit_label="Set up two-factor")
    if request.method == "POST" and form.is_valid():
        codes = services.two_factor_confirm(
            user=request.user, device=device, token=form.cleaned_data["code"], request=request
        )
        if codes is not None:
            request.session[RECOVERY_CODES_SESSION_KEY] = codes
            return redirect(
                f"{reverse('two_factor_recovery_codes')}?{urlencode({'next': _safe_next(request)})}"
            )
        form.add_error("code", "The code is not right. Enter the 6-digit code your app shows now")
    qr = segno.make(device.config_url, error="m").svg_inline(
        scale=5, title="QR code to add Hearth to your authenticator app", border=2
    )
    return render(
        request,
        "access/two_factor_setup.html",
        {
            "form": form,
            "qr_svg": mark_safe(qr),
            "manual_key": _grouped(b32encode(device.bin_key).decode()),
            "next": _safe_next(request),
        },
    )


@never_cache
@require_GET
def two_factor_recovery_codes(request):
    """The recovery codes, shown once straight after setting up two-factor authentication."""
    codes = request.session.pop(RECOVERY_CODES_SESSION_KEY, None)
    if not codes:
        return redirect(_safe_next(request))
    return render(
        request,
        "access/two_factor_recovery_codes.html",
        {"codes": codes, "next": _safe_next(request)},
    )


@never_cache
@require_http_methods(["GET", "POST"])
def two_factor_verify(request):
    """Second step of signing in: a code from the app, or a recovery code."""
    if not two_factor_pending(request):
        return redirect(_safe_next(request))
    if not user_has_device(request.user):
        return redirect(f"{reverse('two_factor_setup')}?{urlencode({'next': _safe_next(request)})}")
    form = TwoFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if services.two_factor_verify(
            user=request.user, token=form.cleaned_data["code"], request=request
        ):
            return redirect(_safe_next(request))
        form.add_error(
            "code",
            "The security code is not right, or it has expired. "
            "After a wrong code, wait a few seconds before you try again",
        )
    return render(
        request, "access/two_factor_verify.html", {"form": form, "next": _safe_next(request)}
    )


@require_POST
def keep_alive(request):
    """'Stay signed in' from the timeout warning: the request itself renews the session."""
    request.session.modified = True
    return HttpResponse(status=204)


# Break the glass ------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def break_glass_view(request, pk: int):
    child = selectors.break_glass_candidate(user=request.user, pk=pk)
    if child is None:
        selectors.access_child(user=request.user, pk=pk)  # 404 unless they can already see it
        return redirect("child_summary", pk=pk)
    if request.method == "GET":
        return break_glass_offer(request, child, status=200)
    form = BreakGlassForm(request.POST)
    if not form.is_valid():
        return break_glass_offer(request, child, form=form, status=200)
    try:
        services.break_glass(
            user=request.user, child=child, reason=form.cleaned_data["reason"], request=request
        )
    except ValidationError as exc:
        # Outside the action's transaction, so the refusal it audited is kept.
        form.add_error("reason", exc.messages[0])
        return break_glass_offer(request, child, form=form, status=200)
    return redirect("child_summary", pk=pk)


@require_GET
def break_glass_report(request):
    if not selectors.may_read_break_glass_report(user=request.user):
        raise PermissionDenied
    grants = selectors.break_glass_grants_visible_to(user=request.user)
    page = Paginator(grants, PER_PAGE).get_page(request.GET.get("page"))
    audit.record(
        request=request,
        action=AuditEntry.Action.VIEW,
        what="Break-glass accesses report",
        detail={"page": page.number, "total": page.paginator.count},
    )
    context = {
        "page": page,
        "now": timezone.now(),
        "may_review": selectors.may_review_break_glass(user=request.user),
    }
    return render(request, "access/break_glass_report.html", context)


# Oversight of a child's record -----------------------------------------------------------------


@require_GET
def child_viewers(request, pk: int):
    """Who has viewed this record: for the child's team manager and senior leaders."""
    child = selectors.access_child_oversight(user=request.user, pk=pk)
    audit.record(
        request=request,
        action=AuditEntry.Action.VIEW,
        what="Child record: who has viewed this record",
        child=child,
    )
    entries = selectors.child_audit_entries(child=child).select_related("user")
    page = Paginator(entries, PER_PAGE).get_page(request.GET.get("page"))
    context = child_context(request, child, section="viewers")
    context["page"] = page
    return render(request, "access/child_viewers.html", context)


# Restricted records: named people (system administrators) -------------------------------------


@require_GET
def restricted_records(request):
    if request.user.role != request.user.Role.ADMIN:
        raise PermissionDenied
    children = selectors.restricted_children_for_admin(user=request.user)
    page = Paginator(children, PER_PAGE).get_page(request.GET.get("page"))
    audit.record(
        request=request,
        action=AuditEntry.Action.VIEW,
        what="Restricted records list",
        detail={"page": page.number, "total": page.paginator.count},
    )
    return render(request, "access/restricted_records.html", {"page": page})


@require_http_methods(["GET", "POST"])
def named_people(request, pk: int):
    child = selectors.access_restricted_child_for_admin(user=request.user, pk=pk)
    form = NamedPersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.named_access_request(
                child=child,
                user=form.cleaned_data["username"],
                reason=form.cleaned_data["reason"],
                acting_user=request.user,
                request=request,
            )
        except ValidationError as exc:
            form.add_error("reason" if exc.code == "short" else "username", exc.messages[0])
        else:
            messages.success(request, "Request sent for approval. Nobody is named until then.")
            return redirect("named_people", pk=pk)
    if request.method == "GET" or form.errors:
        audit.record(
            request=request,
            action=AuditEntry.Action.VIEW,
            what="Restricted record: named people",
            child=child,
        )
    return render(
        request,
        "access/named_people.html",
        {
            "child": child,
            "grants": selectors.named_grants_for(child=child),
            "requests": selectors.named_access_requests_for(child=child),
            "form": form,
        },
    )


@require_GET
def named_access_requests(request):
    """Requests to name people on restricted records, for the second person to decide."""
    if not permissions.may(request.user, permissions.APPROVE_NAMED_ACCESS):
        raise PermissionDenied
    items = permissions.named_access_requests_to_decide(user=request.user)
    audit.record(
        request=request,
        action=AuditEntry.Action.VIEW,
        what="Requests to name people on restricted records",
        detail={"pending": len(items)},
    )
    return render(request, "access/named_access_requests.html", {"items": items})


@require_POST
def named_access_decide(request, request_pk: int):
    from hearth.access import permissions
    from hearth.access.models import NamedAccessRequest

    if not permissions.may(request.user, permissions.APPROVE_NAMED_ACCESS):
        raise PermissionDenied
    item = get_object_or_404(NamedAccessRequest, pk=request_pk)
    if not services.may_decide_named_access(user=request.user, item=item):
        raise PermissionDenied("This request needs a different second person.")
    decision = request.POST.get("decision")
    if decision not in {"approve", "refuse"}:
        messages.error(request, "Select approve or refuse.")
        return redirect("named_access_requests")
    try:
        services.named_access_decide(
            item=item,
            approve=decision == "approve",
            acting_user=request.user,
            note=request.POST.get("note", ""),
            request=request,
        )
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        verb = "approved" if decision == "approve" else "refused"
        messages.success(request, f"Request to name {item.user} {verb}.")
    return redirect("named_access_requests")


@require_POST
def named_person_remove(request, pk: int, grant_pk: int):
    child = selectors.access_restricted_child_for_admin(user=request.user, pk=pk)
    grant = get_object_or_404(
        AccessGrant, pk=grant_pk, child=child, kind=AccessGrant.Kind.NAMED, revoked_at__isnull=True
    )
    services.access_grant_revoke(grant=grant, acting_user=request.user, request=request)
    return redirect("named_people", pk=pk)


# The audit log (information governance auditor) -----------------------------------------------


def _audit_search(request):
    if not selectors.may_read_audit_log(user=request.user):
        raise PermissionDenied
    form = AuditSearchForm(request.GET or None)
    if not (request.GET and form.is_valid()):
        return form, None, {}
    terms = {
        "person": form.cleaned_data["person"],
        "la_child_id": form.cleaned_data["child"],
        "start": form.cleaned_data["start"],
        "end": form.cleaned_data["end"],
    }
    return form, selectors.audit_entries(user=request.user, **terms), terms


@require_GET
def audit_log(request):
    form, entries, terms = _audit_search(request)
    context = {"form": form, "searched": entries is not None}
    if entries is not None:
        page = Paginator(entries, PER_PAGE).get_page(request.GET.get("page"))
        audit.record(
            request=request,
            action=AuditEntry.Action.SEARCH,
            what="Audit log search",
            detail={**terms, "results": page.paginator.count, "page": page.number},
        )
        query = request.GET.copy()
        query.pop("page", None)
        context.update({"page": page, "query": query.urlencode()})
    return render(request, "access/audit_log.html", context)


class _Echo:
    def write(self, value):
        return value


@require_GET
def audit_log_csv(request):
    _form, entries, terms = _audit_search(request)
    if entries is None:
        entries = selectors.audit_entries(user=request.user)
    audit.record(
        request=request,
        action=AuditEntry.Action.EXPORT,
        what="Audit log export (CSV)",
        detail={**terms, "rows": entries.count()},
    )
    writer = csv.writer(_Echo())

    def rows():
        yield "\ufeff"
        yield writer.writerow(
            ["Entry", "When", "Who", "Action", "LA child ID", "What", "Why", "Path", "IP address"]
        )
        for entry in entries.iterator(chunk_size=2000):
            yield writer.writerow(
                safe_row(
                    [
                        entry.pk,
                        timezone.localtime(entry.at).isoformat(timespec="seconds"),
                        entry.username,
                        entry.get_action_display(),
                        entry.child.la_child_id if entry.child_id else "",
                        entry.what,
                        entry.reason,
                        entry.path,
                        entry.ip_address or "",
                    ]
                )
            )

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="audit-log-{timezone.localdate():%Y-%m-%d}.csv"'
    )
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def audit_log_verify(request):
    if not selectors.may_read_audit_log(user=request.user):
        raise PermissionDenied
    result = audit.verify()
    audit.record(
        request=request,
        action=AuditEntry.Action.VIEW,
        what="Audit log verification",
        detail={"ok": result.ok, "checked": result.checked, "entry": result.entry_id},
    )
    return render(request, "access/audit_verify.html", {"result": result})


@require_POST
def break_glass_review(request, grant_pk: int):
    if not selectors.may_review_break_glass(user=request.user):
        raise PermissionDenied
    grant = get_object_or_404(
        selectors.break_glass_grants_visible_to(user=request.user), pk=grant_pk
    )
    if grant.reviewed_by_manager_at is None:
        services.break_glass_review(grant=grant, acting_user=request.user, request=request)
    messages.success(
        request, f"Access by {grant.user} to {grant.child.la_child_id} marked as checked."
    )
    return redirect("break_glass_report")


# Users and roles (system administrators) -------------------------------------------------------


@require_GET
def users(request):
    if request.user.role != request.user.Role.ADMIN:
        raise PermissionDenied
    page = Paginator(selectors.users_for_admin(user=request.user), PER_PAGE).get_page(
        request.GET.get("page")
    )
    audit.record(request=request, action=AuditEntry.Action.VIEW, what="Users and roles")
    return render(request, "access/users.html", {"page": page, "roles": request.user.Role.choices})


@require_POST
def user_role(request, pk: int):
    if request.user.role != request.user.Role.ADMIN:
        raise PermissionDenied
    target = get_object_or_404(selectors.users_for_admin(user=request.user), pk=pk)
    role = request.POST.get("role", "")
    if role not in request.user.Role.values:
        messages.error(request, "Select a role from the list.")
    elif target == request.user:
        messages.error(request, "You cannot change your own role: ask another administrator.")
    elif role != target.role:
        services.user_set_role(user=target, role=role, acting_user=request.user, request=request)
        messages.success(request, f"{target} is now a {target.get_role_display().lower()}.")
    return redirect("users")
