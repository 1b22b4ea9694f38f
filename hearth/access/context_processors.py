from django.conf import settings


def session_timeout(request):
    """How long an idle session lasts and when the timeout warning opens, for base.html."""
    return {
        "SESSION_TIMEOUT_SECONDS": settings.SESSION_COOKIE_AGE,
        "SESSION_TIMEOUT_WARNING_SECONDS": settings.SESSION_TIMEOUT_WARNING_SECONDS,
    }
