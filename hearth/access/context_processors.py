from django.conf import settings


def session_timeout(request):
    """How long an idle session lasts and when the timeout warning opens, for base.html."""
    return {
        # The session may have been renewed up to SESSION_RENEW_SECONDS before this page.
        "SESSION_TIMEOUT_SECONDS": settings.SESSION_COOKIE_AGE - settings.SESSION_RENEW_SECONDS,
        "SESSION_TIMEOUT_WARNING_SECONDS": settings.SESSION_TIMEOUT_WARNING_SECONDS,
    }
