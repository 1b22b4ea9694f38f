"""Changes to who may see what: breaking the glass, naming people on restricted records, roles,
and two-factor devices. Each is one keyword-only action that writes its audit entry in the
same transaction."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from hearth.access import audit, permissions
from hearth.access.models import (
    PARTNER_ROLES,
    AccessGrant,
    AuditEntry,
    NamedAccessRequest,
    PartnerInvolvement,
    User,
)
from hearth.access.permissions import may_decide_named_access
from hearth.access.selectors import break_glass_candidate, teams_of_child
from hearth.people.models import Child

BREAK_GLASS_HOURS = 24
BREAK_GLASS_REASON_MIN_LENGTH = 20
RECOVERY_CODES = 10
NAMED_REASON_MIN_LENGTH = 20


def break_glass(*, user: User, child: Child, reason: str, request=None) -> AccessGrant:
    """Give a practitioner 24 hours' access to an unrestricted child they are not working with,
    recording why. The child's team manager sees it in the break-glass report."""
    reason = " ".join(reason.split())
    if len(reason) < BREAK_GLASS_REASON_MIN_LENGTH:
        raise ValidationError(
            f"Reason must be {BREAK_GLASS_REASON_MIN_LENGTH} characters or more", code="short"
        )
    if break_glass_candidate(user=user, pk=child.pk) is None:
        raise ValidationError("You cannot break the glass for this child", code="not_allowed")
    now = timezone.now()
    limit = settings.HEARTH_BREAK_GLASS_PER_DAY
    recent = AccessGrant.objects.filter(
        user=user, kind=AccessGrant.Kind.BREAK_GLASS, granted_at__gte=now - dt.timedelta(days=1)
    ).count()
    if recent >= limit:
        audit.record(
            request=request,
            user=user,
            action=AuditEntry.Action.REFUSED,
            what="Break the glass refused: daily limit reached",
            child=child,
            reason=reason[:300],
            detail={"limit": limit},
        )
        raise ValidationError(
            f"You have opened {recent} records you are not working with in the last 24 hours, "
            "the most allowed. Ask your team manager to allocate the child or grant you access",
            code="limit",
        )
    with transaction.atomic():
        grant = AccessGrant(
            child=child,
            user=user,
            kind=AccessGrant.Kind.BREAK_GLASS,
            reason=reason[:300],
            granted_at=now,
            granted_by=user,
            expires_at=now + dt.timedelta(hours=BREAK_GLASS_HOURS),
        )
        grant.full_clean()
        grant.save()
        audit.record(
            request=request,
            user=user,
            action=AuditEntry.Action.BREAK_GLASS,
            what="Broke the glass to open a record",
            child=child,
            reason=grant.reason,
            detail={
                "grant": grant.pk,
                "expires_at": grant.expires_at,
                "flagged_to_teams": sorted(teams_of_child(child=child)),
            },
        )
    return grant


def _named_reason(reason: str) -> str:
    reason = " ".join(reason.split())
    if len(reason) < NAMED_REASON_MIN_LENGTH:
        raise ValidationError(
            f"Reason must be {NAMED_REASON_MIN_LENGTH} characters or more", code="short"
        )
    return reason[:300]


def _already_named(*, child: Child, user: User) -> bool:
    return AccessGrant.objects.filter(
        child=child, user=user, kind=AccessGrant.Kind.NAMED, revoked_at__isnull=True
    ).exists()


@transaction.atomic
def named_access_request(
    *, child: Child, user: User, reason: str, acting_user: User, request=None
) -> NamedAccessRequest:
    """Ask for a person to be named on a restricted record. Nobody is named until a second
    person approves (`named_access_decide`)."""
    if not permissions.may(acting_user, permissions.REQUEST_NAMED_ACCESS):
        raise ValidationError("You cannot ask for people to be named", code="not_allowed")
    if not child.restricted:
        raise ValidationError("This record is not restricted", code="not_restricted")
    if user.pk == acting_user.pk:
        raise ValidationError(
            "You cannot ask to name yourself: ask another administrator", code="self"
        )
    reason = _named_reason(reason)
    if _already_named(child=child, user=user):
        raise ValidationError(f"{user} is already named on this record", code="duplicate")
    if NamedAccessRequest.objects.filter(
        child=child, user=user, status=NamedAccessRequest.Status.PENDING
    ).exists():
        raise ValidationError(
            f"A request to name {user} is already waiting for approval", code="pending"
        )
    item = NamedAccessRequest.objects.create(
        child=child,
        user=user,
        reason=reason,
        requested_by=acting_user,
        requested_at=timezone.now(),
    )
    audit.record(
        request=request,
        user=acting_user,
        action=AuditEntry.Action.PERMISSION,
        what=f"Asked to name {user.get_username()} on a restricted record",
        child=child,
        reason=reason,
        detail={"request": item.pk, "named_user": user.pk, "username": user.get_username()},
    )
    return item


@transaction.atomic
def named_access_decide(
    *, item: NamedAccessRequest, approve: bool, acting_user: User, note: str = "", request=None
) -> NamedAccessRequest:
    """Approve (naming the person) or refuse a request, audited either way."""
    item = NamedAccessRequest.objects.select_for_update().get(pk=item.pk)
    if item.status != NamedAccessRequest.Status.PENDING:
        raise ValidationError("This request has already been decided", code="decided")
    if not may_decide_named_access(user=acting_user, item=item):
        raise ValidationError(
            "You cannot decide this request: it needs a second person", code="not_allowed"
        )
    now = timezone.now()
    item.decided_by = acting_user
    item.decided_at = now
    item.decision_note = " ".join(note.split())[:300]
    if approve:
        if _already_named(child=item.child, user=item.user):
            raise ValidationError(f"{item.user} is already named on this record", code="duplicate")
        grant = AccessGrant(
            child=item.child,
            user=item.user,
            kind=AccessGrant.Kind.NAMED,
            reason=item.reason,
            granted_at=now,
            granted_by=acting_user,
        )
        grant.full_clean()
        grant.save()
        item.grant = grant
        item.status = NamedAccessRequest.Status.APPROVED
    else:
        item.status = NamedAccessRequest.Status.REFUSED
    item.full_clean()
    item.save()
    verb = "Approved naming" if approve else "Refused naming"
    audit.record(
        request=request,
        user=acting_user,
        action=AuditEntry.Action.PERMISSION,
        what=f"{verb} {item.user.get_username()} on a restricted record",
        child=item.child,
        reason=item.decision_note or item.reason,
        detail={
            "request": item.pk,
            "grant": item.grant_id,
            "named_user": item.user_id,
            "requested_by": item.requested_by_id,
        },
    )
    return item


@transaction.atomic
def access_grant_revoke(*, grant: AccessGrant, acting_user: User, request=None) -> AccessGrant:
    grant.revoked_at = timezone.now()
    grant.save(update_fields=["revoked_at"])
    audit.record(
        request=request,
        user=acting_user,
        action=AuditEntry.Action.PERMISSION,
        what=f"Removed {grant.user.get_username()}'s access ({grant.get_kind_display()})",
        child=grant.child,
        detail={"grant": grant.pk, "named_user": grant.user_id},
    )
    return grant


@transaction.atomic
def user_set_role(*, user: User, role: str, acting_user: User | None, request=None) -> User:
    """Change a user's role (which decides what they may do), audited with before and after."""
    before = user.role
    user.role = role
    user.full_clean()
    user.save(update_fields=["role"])
    audit.record(
        request=request,
        user=acting_user,
        action=AuditEntry.Action.PERMISSION,
        what=f"Changed {user.get_username()}'s role",
        detail={"user": user.pk, "before": before, "after": role},
    )
    return user


def totp_device_for_setup(*, user: User, device_id: int | None = None) -> TOTPDevice:
    """The authenticator-app device this set-up session made (not yet usable), or a new one.

    An unconfirmed device's secret is only ever shown to the session that made it: a new
    session (a device id it did not make) gets a fresh secret, and the old unconfirmed devices
    are deleted, so a secret left on screen or in a browser history is useless."""
    if device_id is not None:
        device = TOTPDevice.objects.filter(user=user, confirmed=False, pk=device_id).first()
        if device is not None:
            return device
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)


@transaction.atomic
def two_factor_confirm(*, user: User, device: TOTPDevice, token: str, request) -> list[str] | None:
    """Confirm a new authenticator app with a code from it. Returns the user's fresh recovery
    codes (shown once), or None if the code was wrong."""
    if device.user_id != user.pk or device.confirmed or not device.verify_token(token):
        audit.record(
            request=request,
            user=user,
            action=AuditEntry.Action.TWO_FACTOR,
            what="Two-factor set-up code refused",
        )
        return None
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = recovery_codes_reset(user=user)
    otp_login(request, device)
    audit.record(
        request=request,
        user=user,
        action=AuditEntry.Action.TWO_FACTOR,
        what="Set up two-factor authentication",
        detail={"device": device.persistent_id, "recovery_codes": len(codes)},
    )
    return codes


def recovery_codes_reset(*, user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    static = StaticDevice.objects.create(user=user, name="Recovery codes", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=static, token=c) for c in codes)
    return codes


def two_factor_verify(*, user: User, token: str, request) -> bool:
    """Check a code from the user's app, or one of their recovery codes (each works once)."""
    from django_otp import match_token

    token = "".join(token.split()).lower()
    device = match_token(user, token) if token else None
    if device is None:
        audit.record(
            request=request,
            user=user,
            action=AuditEntry.Action.SIGN_IN_FAILED,
            what="Two-factor code refused",
        )
        return False
    otp_login(request, device)
    used_recovery = isinstance(device, StaticDevice)
    audit.record(
        request=request,
        user=user,
        action=AuditEntry.Action.TWO_FACTOR,
        what="Used a recovery code" if used_recovery else "Two-factor code accepted",
        detail={"device": device.persistent_id},
    )
    return True


@transaction.atomic
def break_glass_review(*, grant: AccessGrant, acting_user: User, request=None) -> AccessGrant:
    """A manager confirms they have checked a break-glass access (audited)."""
    grant.reviewed_by_manager_at = timezone.now()
    grant.save(update_fields=["reviewed_by_manager_at"])
    audit.record(
        request=request,
        user=acting_user,
        action=AuditEntry.Action.UPDATE,
        what="Reviewed a break-glass access",
        child=grant.child,
        detail={"grant": grant.pk, "by": grant.user.get_username(), "reason": grant.reason},
    )
    return grant


# Partner involvement -------------------------------------------------------------------------


@transaction.atomic
def start_partner_involvement(
    *,
    user: User,
    child: Child,
    purpose: str,
    started_on: dt.date,
    granted_by: User,
    source: str = "",
    request=None,
) -> PartnerInvolvement:
    """Give a user an involvement with a child for one purpose (for a partner-agency user, the
    access that purpose needs), audited. Called by the services that start the work: MACPT
    membership, a Family Help lead, a partner's contact. Starting the same involvement twice
    (same user, child, purpose and source, still running) returns the running one.

    A restricted child is opened to a partner only if they are also named on the record."""
    if purpose not in PartnerInvolvement.Purpose.values:
        raise ValidationError(f"Unknown purpose {purpose!r}", code="purpose")
    running = (
        PartnerInvolvement.objects.active_on(started_on)
        .filter(user=user, child=child, purpose=purpose, source=source)
        .first()
    )
    if running is not None:
        return running
    if (
        child.restricted
        and user.role in PARTNER_ROLES
        and purpose != PartnerInvolvement.Purpose.REFERRER
        and not _already_named(child=child, user=user)
    ):
        raise ValidationError(
            f"This record is restricted: {user} must be named on it before they can be involved",
            code="restricted",
        )
    item = PartnerInvolvement(
        user=user,
        child=child,
        purpose=purpose,
        started_on=started_on,
        granted_by=granted_by,
        source=source[:60],
    )
    item.full_clean()
    item.save()
    audit.record(
        request=request,
        user=granted_by,
        action=AuditEntry.Action.PERMISSION,
        what=f"Involved {user.get_username()}: {item.get_purpose_display()}"[:200],
        child=child,
        detail={
            "involvement": item.pk,
            "involved_user": user.pk,
            "purpose": purpose,
            "started_on": started_on,
            "source": item.source,
        },
    )
    return item


@transaction.atomic
def end_partner_involvement(
    *, involvement: PartnerInvolvement, ended_on: dt.date, ended_by: User, request=None
) -> PartnerInvolvement:
    """End an involvement (and the access it gave) on `ended_on`, audited. Ending one that has
    already ended changes nothing."""
    item = PartnerInvolvement.objects.select_for_update().get(pk=involvement.pk)
    if item.ended_on is not None and item.ended_on <= ended_on:
        return item
    item.ended_on = max(ended_on, item.started_on)
    item.ended_by = ended_by
    item.full_clean()
    item.save(update_fields=["ended_on", "ended_by"])
    audit.record(
        request=request,
        user=ended_by,
        action=AuditEntry.Action.PERMISSION,
        what=f"Ended involvement of {item.user.get_username()}: {item.get_purpose_display()}"[:200],
        child=item.child,
        detail={"involvement": item.pk, "purpose": item.purpose, "ended_on": item.ended_on},
    )
    return item


def end_partner_involvements(
    *,
    child: Child,
    ended_on: dt.date,
    ended_by: User,
    user: User | None = None,
    purpose: str | None = None,
    source: str | None = None,
    request=None,
) -> list[PartnerInvolvement]:
    """End every running involvement with the child matching the filters (a user, a purpose,
    the source record), e.g. when a CP plan ends or a Family Help episode closes."""
    items = PartnerInvolvement.objects.filter(child=child, ended_on__isnull=True)
    if user is not None:
        items = items.filter(user=user)
    if purpose is not None:
        items = items.filter(purpose=purpose)
    if source is not None:
        items = items.filter(source=source)
    return [
        end_partner_involvement(
            involvement=item, ended_on=ended_on, ended_by=ended_by, request=request
        )
        for item in items
    ]
