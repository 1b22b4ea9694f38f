"""Everything needs a signed-in user who has passed two-factor authentication, except the
sign-in page, the two-factor pages, sign-out and static files."""

from __future__ import annotations

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse
from django_otp import user_has_device

# "/have-your-say/": a young person's one-use survey link (hearth.quality), which shows nothing
# about the child or the LA's records.
OPEN_PREFIXES = ("/sign-in", "/static/", "/healthz", "/have-your-say/")
# The API authenticates each request itself (a bearer token, or a session that has passed
# two-factor) and answers 401 as problem+json instead of redirecting to a page.
API_PREFIX = "/api/"
# Pages a signed-in user who has not yet passed two-factor authentication may reach.
TWO_FACTOR_PREFIXES = ("/two-factor/", "/sign-out/")
# Set at sign-in for a demo account in demo mode only; ignored in every other mode.
DEMO_SKIP_SESSION_KEY = "hearth_demo_skipped_two_factor"


def two_factor_pending(request) -> bool:
    """Signed in with a password but not yet with a second factor."""
    user = request.user
    if not user.is_authenticated:
        return False
    # OTPMiddleware gives request.user `is_verified`; a user signed in during this very request
    # (the sign-in view) has not been through it, and has not passed two-factor yet.
    is_verified = getattr(user, "is_verified", None)
    if is_verified is not None and is_verified():
        return False
    return not (settings.DEMO and request.session.get(DEMO_SKIP_SESSION_KEY))


class LoginRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path
        if path.startswith(OPEN_PREFIXES) or path.startswith(API_PREFIX):
            return self.get_response(request)
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        if two_factor_pending(request) and not path.startswith(TWO_FACTOR_PREFIXES):
            target = "two_factor_verify" if user_has_device(request.user) else "two_factor_setup"
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse(target)}?{query}")
        return self.get_response(request)


# Key in the session holding when the idle timeout was last renewed (epoch seconds).
RENEWED_KEY = "hearth_renewed_at"


class SessionRenewMiddleware:
    """Keep an active session alive without writing it on every request.

    The idle timeout (SESSION_COOKIE_AGE) runs from the session's last save. Saving on every
    request costs a database write per page; instead the session is renewed when it was last
    renewed more than SESSION_RENEW_SECONDS ago, so it ends between AGE - RENEW and AGE seconds
    after the last request. The page's countdown (context processor) assumes the shorter."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or not session.accessed or session.is_empty():
            return response
        now = int(time.time())
        if now - int(session.get(RENEWED_KEY, 0)) >= settings.SESSION_RENEW_SECONDS:
            session[RENEWED_KEY] = now
        return response


class ChildWriteMiddleware:
    """Every write (POST, PUT, PATCH, DELETE) to a page about one child is checked against
    `hearth.access.permissions`: the child must be visible (else 404) and the role must hold the
    URL's capability for this child (else 403), before the view runs. A child URL with no entry
    in `permissions.CHILD_WRITES` or `permissions.EXEMPT` is refused, so a new page cannot
    forget. The REST API authenticates inside its views and is not covered here."""

    SAFE = {"GET", "HEAD", "OPTIONS", "TRACE"}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        from django.core.exceptions import PermissionDenied

        from hearth.access import permissions
        from hearth.access.selectors import access_child
        from hearth.workforce.selectors import access_child_to_allocate

        match = request.resolver_match
        if request.method in self.SAFE or match is None or "pk" not in view_kwargs:
            return None
        if not match.route.startswith("children/") or not request.user.is_authenticated:
            return None
        if match.url_name in permissions.EXEMPT:
            return None
        capability = permissions.CHILD_WRITES.get(match.url_name)
        if capability is None:
            raise PermissionDenied("This change is not declared in the permissions module.")
        # An unallocated open case belongs to no team yet: managers reach it to allocate it.
        fetch = access_child_to_allocate if capability == permissions.ALLOCATE else access_child
        child = fetch(user=request.user, pk=view_kwargs["pk"])
        if not permissions.may(request.user, capability, child=child):
            raise PermissionDenied("You are not working with this child, so you cannot change it.")
        return None


class PartnerScopeMiddleware:
    """A partner-agency user reaches only the child pages made for partners
    (`permissions.PARTNER_CHILD_URLS`): every other page about a child is a 404 for them, for
    every child, before the view runs, so no full-record page can show them a case note, an
    assessment or another agency's work, whatever the page itself checks. The record's front
    page sends them to their reduced view. The REST API refuses them (`hearth.api.auth`)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        from django.http import Http404

        from hearth.access import permissions
        from hearth.access.models import PARTNER_ROLES
        from hearth.access.selectors import children_visible_to

        user = request.user
        match = request.resolver_match
        if match is None or not user.is_authenticated or user.role not in PARTNER_ROLES:
            return None
        if not match.route.startswith("children/") or "pk" not in view_kwargs:
            return None  # search ("children/") shows them only the children they may see
        if match.url_name in permissions.PARTNER_CHILD_URLS:
            return None
        if (
            match.url_name == "child_summary"
            and request.method in {"GET", "HEAD"}
            and children_visible_to(user=user).filter(pk=view_kwargs["pk"]).exists()
        ):
            return redirect("partner_child", pk=view_kwargs["pk"])
        raise Http404("No child found")
