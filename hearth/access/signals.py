from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from hearth.access import audit


@receiver(user_logged_in)
def _signed_in(sender, request, user, **kwargs):
    audit.record(request=request, user=user, action="sign_in", what="Signed in")


@receiver(user_logged_out)
def _signed_out(sender, request, user, **kwargs):
    if user is not None:
        audit.record(request=request, user=user, action="sign_out", what="Signed out")


@receiver(user_login_failed)
def _failed(sender, credentials, request=None, **kwargs):
    audit.record(
        request=request,
        user=None,
        action="sign_in_failed",
        what="Sign-in failed",
        detail={"username": str(credentials.get("username", ""))[:150]},
    )
