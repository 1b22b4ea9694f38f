"""Administering people's accounts: create, disable and re-enable, unlock after failed sign-ins,
reset two-factor, link to a worker. Each is one keyword-only action that writes its audit entry
in the same transaction; an administrator never acts on their own account (another must)."""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from hearth.access import audit
from hearth.access.models import PARTNER_ROLES, AuditEntry, User
from hearth.workforce.models import Worker


def _not_self(*, user: User, acting_user: User, what: str) -> None:
    if user.pk == acting_user.pk:
        raise ValidationError(f"You cannot {what} your own account: ask another administrator.")


def _audit(*, acting_user: User, request, what: str, user: User, **detail) -> None:
    audit.record(
        request=request,
        user=acting_user,
        action=AuditEntry.Action.PERMISSION,
        what=what,
        detail={"user": user.pk, "username": user.get_username(), **detail},
    )


@transaction.atomic
def user_create(
    *,
    username: str,
    first_name: str,
    last_name: str,
    email: str,
    role: str,
    password: str,
    worker: Worker | None = None,
    organisation: str = "",
    acting_user: User,
    request=None,
) -> User:
    """A new account with a temporary password (the person sets up two-factor at first sign-in).
    A partner agency's account names its organisation and has no LA worker record."""
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": "That username is already taken"})
    organisation = " ".join(organisation.split())
    if role in PARTNER_ROLES:
        if not organisation:
            raise ValidationError({"organisation": "Enter the partner's agency or organisation"})
        if worker is not None:
            raise ValidationError(
                {"worker": "A partner agency's account is not linked to an LA worker record"}
            )
    user = User(
        username=username,
        first_name=first_name,
        last_name=last_name,
        email=email,
        role=role,
        organisation=organisation,
    )
    try:
        validate_password(password, user=user)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from exc
    user.set_password(password)
    user.full_clean()
    user.save()
    if worker is not None:
        _link(user=user, worker=worker)
    _audit(
        acting_user=acting_user,
        request=request,
        what=f"Created the account {username}",
        user=user,
        role=role,
        worker=worker.pk if worker else None,
    )
    return user


def _link(*, user: User, worker: Worker) -> None:
    if worker.user_id and worker.user_id != user.pk:
        raise ValidationError(
            {"worker": f"{worker.full_name} is already linked to another account"}
        )
    Worker.objects.filter(user=user).exclude(pk=worker.pk).update(user=None)
    worker.user = user
    worker.save(update_fields=["user"])


@transaction.atomic
def user_link_worker(*, user: User, worker: Worker | None, acting_user: User, request=None) -> User:
    """Link the account to the worker whose caseload and team it acts for (or unlink it)."""
    before = Worker.objects.filter(user=user).values_list("pk", flat=True).first()
    if worker is None:
        Worker.objects.filter(user=user).update(user=None)
    else:
        _link(user=user, worker=worker)
    _audit(
        acting_user=acting_user,
        request=request,
        what=f"Linked {user.get_username()} to a worker",
        user=user,
        before=before,
        after=worker.pk if worker else None,
    )
    return user


@transaction.atomic
def user_disable(*, user: User, reason: str, acting_user: User, request=None) -> User:
    """Stop the account signing in (leavers, suspected misuse). Its history stays."""
    _not_self(user=user, acting_user=acting_user, what="disable")
    reason = " ".join(reason.split())
    if len(reason) < 10:
        raise ValidationError({"reason": "Give the reason in at least 10 characters"})
    user.is_active = False
    user.save(update_fields=["is_active"])
    # Signed-in sessions end at their next request: the authentication middleware refuses an
    # inactive user.
    _audit(
        acting_user=acting_user,
        request=request,
        what=f"Disabled the account {user.get_username()}",
        user=user,
        reason=reason,
    )
    return user


@transaction.atomic
def user_enable(*, user: User, acting_user: User, request=None) -> User:
    _not_self(user=user, acting_user=acting_user, what="re-enable")
    user.is_active = True
    user.save(update_fields=["is_active"])
    _audit(
        acting_user=acting_user,
        request=request,
        what=f"Re-enabled the account {user.get_username()}",
        user=user,
    )
    return user


@transaction.atomic
def user_unlock(*, user: User, acting_user: User, request=None) -> int:
    """Clear the failed sign-ins that locked the account (from every address)."""
    from axes.models import AccessAttempt

    cleared, _ = AccessAttempt.objects.filter(username=user.get_username()).delete()
    _audit(
        acting_user=acting_user,
        request=request,
        what=f"Unlocked the account {user.get_username()}",
        user=user,
        attempts_cleared=cleared,
    )
    return cleared


def user_is_locked(*, user: User) -> bool:
    from axes.models import AccessAttempt
    from django.conf import settings

    return AccessAttempt.objects.filter(
        username=user.get_username(), failures_since_start__gte=settings.AXES_FAILURE_LIMIT
    ).exists()


@transaction.atomic
def user_two_factor_reset(*, user: User, acting_user: User, request=None) -> None:
    """Remove the person's authenticator and recovery codes (lost phone): they set up two-factor
    again at their next sign-in."""
    _not_self(user=user, acting_user=acting_user, what="reset two-factor on")
    totp, _ = TOTPDevice.objects.filter(user=user).delete()
    static, _ = StaticDevice.objects.filter(user=user).delete()
    _audit(
        acting_user=acting_user,
        request=request,
        what=f"Reset two-factor for {user.get_username()}",
        user=user,
        devices_removed=totp + static,
    )
