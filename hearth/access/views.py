"""Signing in and out."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import views as auth_views

from hearth.access.forms import SignInForm


def _demo_logins() -> list:
    """The demo accounts, shown on the sign-in page only in demo mode."""
    if not settings.DEMO:
        return []
    try:
        from hearth.synthetic.demo import demo_logins
    except ImportError:
        return []
    try:
        return list(demo_logins())
    except Exception:
        return []


class SignInView(auth_views.LoginView):
    template_name = "access/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["demo_logins"] = [_as_login(item) for item in _demo_logins()]
        return context


def _as_login(item) -> dict:
    """Accept whatever shape the synthetic package returns: dicts, tuples or objects."""
    if isinstance(item, dict):
        data = item
    elif isinstance(item, (tuple, list)):
        keys = ("username", "password", "role", "description")
        data = dict(zip(keys, item, strict=False))
    else:
        data = {k: getattr(item, k, "") for k in ("username", "password", "role", "description")}
    return {
        "username": data.get("username", ""),
        "password": data.get("password", ""),
        "role": data.get("role_label") or data.get("role", ""),
        "description": data.get("description") or data.get("name") or data.get("note", ""),
    }


class SignOutView(auth_views.LogoutView):
    http_method_names = ["post", "options"]
