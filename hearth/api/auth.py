"""Who is calling: a system with a bearer token, or a person with a verified session."""

from __future__ import annotations

from rest_framework import authentication, exceptions, permissions

from hearth.access.middleware import two_factor_pending
from hearth.access.models import PARTNER_ROLES
from hearth.api.models import ApiToken
from hearth.api.tokens import api_token_check


class BearerTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode(errors="replace")
        if not header:
            return None
        keyword, _, raw = header.partition(" ")
        if keyword != self.keyword or not raw.strip():
            raise exceptions.AuthenticationFailed(
                "Send the token as 'Authorization: Bearer <token>'"
            )
        token = api_token_check(raw.strip())
        if token is None:
            raise exceptions.AuthenticationFailed(
                "The token is not valid, has expired or was revoked"
            )
        return token.user, token

    def authenticate_header(self, request) -> str:
        return f'{self.keyword} realm="hearth"'


class VerifiedSessionAuthentication(authentication.SessionAuthentication):
    """A signed-in person, but only once they have passed two-factor authentication."""

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is None:
            return None
        if two_factor_pending(request._request):
            raise exceptions.AuthenticationFailed(
                "Finish signing in with two-factor authentication"
            )
        return result


def _scopes(request) -> set[str]:
    token = request.auth
    if isinstance(token, ApiToken):
        return set(token.scopes)
    return {ApiToken.Scope.READ, ApiToken.Scope.WRITE}  # a person: the page rules apply


class HasScope(permissions.BasePermission):
    """Reads need the read scope, writes the write scope (a person has both)."""

    message = "This token's scopes do not allow this request"

    def has_permission(self, request, view) -> bool:
        if not (request.user and request.user.is_authenticated):
            return False
        if request.user.role in PARTNER_ROLES:
            # Partner agencies see a reduced record on their own pages; the API serves the
            # full record, so it is closed to them.
            return False
        needed = (
            ApiToken.Scope.READ
            if request.method in permissions.SAFE_METHODS
            else ApiToken.Scope.WRITE
        )
        return needed in _scopes(request)
