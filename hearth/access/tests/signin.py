"""Test-only: sign a test client in as a user who has passed two-factor authentication.

`client.force_login` alone leaves the session at the password step, so the two-factor
middleware would send every request to the two-factor pages. This gives the user a confirmed
authenticator-app device and stores it in the session under django-otp's own key, exactly as
the real verify step (`django_otp.login`) does. Production
code never reads anything this sets up that a real sign-in would not.
"""

from __future__ import annotations

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice


def totp_device_for(user) -> TOTPDevice:
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Test authenticator", confirmed=True)
    return device


def current_code(device: TOTPDevice) -> str:
    """The code the user's authenticator app would show now."""
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):0{device.digits}d}"


def force_login_verified(client, user) -> TOTPDevice:
    device = totp_device_for(user)
    client.force_login(user)
    # What `django_otp.login(request, device)` stores after a good code.
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device
