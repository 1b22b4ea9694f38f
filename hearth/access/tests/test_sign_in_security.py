"""Sign-in hardening: lockout, two-factor set-up and verification, recovery codes, the demo
exception, the timeout warning, and production settings passing `check --deploy`."""

from __future__ import annotations

import datetime as dt
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from hearth.access import services
from hearth.access.models import AuditEntry, User
from hearth.access.tests.factories import UserFactory
from hearth.access.tests.signin import current_code, force_login_verified, totp_device_for
from hearth.synthetic.demo import DEMO_PASSWORD

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-battery"
ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def user():
    return UserFactory(username="casey.worker")


def _sign_in(client, username="casey.worker", password=PASSWORD):
    return client.post(reverse("login"), {"username": username, "password": password})


# Lockout ------------------------------------------------------------------------------------


def test_five_failures_lock_the_account_with_a_govuk_error_summary(client, user):
    for _ in range(4):
        assert _sign_in(client, password="wrong").status_code == 200
    response = _sign_in(client, password="wrong")
    assert response.status_code == 429
    content = response.content.decode()
    assert "govuk-error-summary" in content
    assert "You have tried to sign in too many times. Wait 15 minutes" in content


def test_a_locked_account_refuses_even_the_right_password(client, user):
    for _ in range(5):
        _sign_in(client, password="wrong")
    response = _sign_in(client)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def _sign_in_from(client, ip, *, username="casey.worker", password="wrong", forwarded=None):
    extra = {"REMOTE_ADDR": ip}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


def test_failures_from_one_address_do_not_lock_another_user(client, user):
    UserFactory(username="other.worker")
    for _ in range(5):
        _sign_in_from(client, "203.0.113.7")
    response = _sign_in_from(client, "203.0.113.7", username="other.worker", password=PASSWORD)
    assert response.status_code == 302


def test_failures_from_one_address_do_not_lock_the_same_user_elsewhere(client, user):
    for _ in range(5):
        _sign_in_from(client, "203.0.113.7")
    assert _sign_in_from(client, "203.0.113.7", password=PASSWORD).status_code == 429
    assert _sign_in_from(client, "198.51.100.20", password=PASSWORD).status_code == 302


def test_behind_the_configured_proxy_each_client_is_locked_separately(client, user, settings):
    settings.HEARTH_PROXY_COUNT = 1
    for _ in range(5):
        _sign_in_from(client, "10.0.0.1", forwarded="203.0.113.7")
    assert _sign_in_from(client, "10.0.0.1", forwarded="203.0.113.7").status_code == 429
    response = _sign_in_from(client, "10.0.0.1", forwarded="198.51.100.20", password=PASSWORD)
    assert response.status_code == 302


def test_a_forged_forwarded_address_does_not_escape_the_lockout(client, user, settings):
    """The proxy appends the real client; what the client wrote to the left is ignored."""
    settings.HEARTH_PROXY_COUNT = 1
    for i in range(5):
        _sign_in_from(client, "10.0.0.1", forwarded=f"192.0.2.{i}, 203.0.113.7")
    response = _sign_in_from(
        client, "10.0.0.1", forwarded="192.0.2.99, 203.0.113.7", password=PASSWORD
    )
    assert response.status_code == 429


def test_forwarded_for_is_ignored_without_a_configured_proxy(client, user, settings):
    settings.HEARTH_PROXY_COUNT = 0
    for i in range(5):
        _sign_in_from(client, "203.0.113.7", forwarded=f"192.0.2.{i}")
    assert _sign_in_from(client, "203.0.113.7", password=PASSWORD).status_code == 429


def test_the_audit_log_records_the_real_client_address(client, user, settings):
    settings.HEARTH_PROXY_COUNT = 2
    _sign_in_from(client, "10.0.0.2", forwarded="192.0.2.1, 203.0.113.7, 10.0.0.1")
    entry = AuditEntry.objects.get(action="sign_in_failed")
    assert entry.ip_address == "203.0.113.7"


def test_too_few_forwarded_hops_falls_back_to_the_connecting_address(client, user, settings):
    settings.HEARTH_PROXY_COUNT = 2
    _sign_in_from(client, "10.0.0.2", forwarded="203.0.113.7")
    assert AuditEntry.objects.get(action="sign_in_failed").ip_address == "10.0.0.2"


def test_failures_below_the_limit_do_not_lock(client, user):
    for _ in range(4):
        _sign_in(client, password="wrong")
    assert _sign_in(client).status_code == 302


# Two-factor is required outside the demo ----------------------------------------------------


def test_user_without_a_device_is_sent_to_set_up_and_cannot_reach_pages(client, user, settings):
    settings.DEMO = False
    response = _sign_in(client)
    assert response.url.startswith(reverse("two_factor_setup"))
    for url in (reverse("home"), reverse("child_search"), "/children/1/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("two_factor_setup"))


def test_set_up_shows_a_server_side_svg_qr_code_and_the_manual_key(client, user):
    _sign_in(client)
    content = client.get(reverse("two_factor_setup")).content.decode()
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert "<svg" in content
    assert "<script" not in content.split("<main")[1].split("</main>")[0]
    from base64 import b32encode

    key = b32encode(device.bin_key).decode()
    assert key[:4] in content and re.sub(r"\s", "", content).count(key) == 1


def _manual_key(device) -> str:
    from base64 import b32encode

    return b32encode(device.bin_key).decode()


def test_an_unconfirmed_secret_is_never_shown_to_a_later_session(user):
    from django.test import Client

    first, second = Client(), Client()
    _sign_in(first)
    first.get(reverse("two_factor_setup"))
    old_key = _manual_key(TOTPDevice.objects.get(user=user, confirmed=False))
    _sign_in(second)
    page = re.sub(r"\s", "", second.get(reverse("two_factor_setup")).content.decode())
    new_key = _manual_key(TOTPDevice.objects.get(user=user, confirmed=False))
    assert new_key != old_key
    assert old_key not in page and new_key in page


def test_the_same_set_up_session_keeps_its_secret_between_pages(client, user):
    _sign_in(client)
    client.get(reverse("two_factor_setup"))
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    client.get(reverse("two_factor_setup"))
    assert TOTPDevice.objects.get(user=user, confirmed=False).pk == device.pk


def test_an_abandoned_secret_cannot_be_confirmed_after_a_new_session_began(user, settings):
    from django.test import Client

    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    first, second = Client(), Client()
    _sign_in(first)
    first.get(reverse("two_factor_setup"))
    abandoned = TOTPDevice.objects.get(user=user, confirmed=False)
    _sign_in(second)
    second.get(reverse("two_factor_setup"))
    response = first.post(reverse("two_factor_setup"), {"code": current_code(abandoned)})
    assert response.status_code == 200
    assert "The code is not right" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def test_set_up_refuses_a_wrong_code_and_accepts_the_right_one(client, user, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # no back-off wait between the two attempts
    _sign_in(client)
    client.get(reverse("two_factor_setup"))
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(reverse("two_factor_setup"), {"code": "000000"})
    assert "The code is not right" in response.content.decode()
    response = client.post(reverse("two_factor_setup"), {"code": current_code(device)})
    assert response.url.startswith(reverse("two_factor_recovery_codes"))
    codes_page = client.get(response.url).content.decode()
    assert codes_page.count("<li><code>") == services.RECOVERY_CODES
    assert client.get(reverse("two_factor_recovery_codes")).status_code == 302  # shown once
    assert client.get(reverse("child_search")).status_code == 200
    assert AuditEntry.objects.filter(
        user=user, action="two_factor", what="Set up two-factor authentication"
    ).exists()


def test_user_with_a_device_must_enter_the_right_code(client, user, settings):
    settings.DEMO = False
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # no back-off wait between the two attempts
    device = totp_device_for(user)
    response = _sign_in(client)
    assert response.url.startswith(reverse("two_factor_verify"))
    assert client.get(reverse("home")).url.startswith(reverse("two_factor_verify"))
    wrong = client.post(reverse("two_factor_verify"), {"code": "123456", "next": "/"})
    assert wrong.status_code == 200
    assert "The security code is not right" in wrong.content.decode()
    assert "govuk-error-summary" in wrong.content.decode()
    assert client.get(reverse("child_search")).status_code == 302
    right = client.post(reverse("two_factor_verify"), {"code": current_code(device), "next": "/"})
    assert right.status_code == 302 and right.url == "/"
    assert client.get(reverse("child_search")).status_code == 200
    assert AuditEntry.objects.filter(user=user, what="Two-factor code refused").exists()


def test_wrong_codes_make_the_next_attempt_wait(client, user):
    device = totp_device_for(user)
    _sign_in(client)
    client.post(reverse("two_factor_verify"), {"code": "123456"})
    response = client.post(reverse("two_factor_verify"), {"code": current_code(device)})
    assert response.status_code == 200  # throttled, even with the right code
    assert client.get(reverse("child_search")).status_code == 302


def test_a_recovery_code_works_once(client, user):
    totp_device_for(user)
    code = services.recovery_codes_reset(user=user)[0]
    _sign_in(client)
    assert client.post(reverse("two_factor_verify"), {"code": code}).status_code == 302
    assert client.get(reverse("child_search")).status_code == 200
    client.post(reverse("logout"))
    _sign_in(client)
    response = client.post(reverse("two_factor_verify"), {"code": code})
    assert response.status_code == 200
    assert client.get(reverse("child_search")).status_code == 302


def test_verify_does_not_redirect_off_site(client, user):
    device = totp_device_for(user)
    _sign_in(client)
    response = client.post(
        reverse("two_factor_verify"),
        {"code": current_code(device), "next": "https://evil.example/"},
    )
    assert response.url == reverse("home")


# Demo mode only: demo logins skip the second step -------------------------------------------


@pytest.fixture
def demo_login(user):
    """The demo's own social worker account (as `hearth synth --demo-users` makes it)."""
    from hearth.synthetic.demo import DEMO_PASSWORD

    user.username = "social.worker"
    user.set_password(DEMO_PASSWORD)
    user.save()
    return user


def test_demo_logins_skip_two_factor_in_demo_mode(client, settings, demo_login):
    settings.DEMO = True
    assert b"Demo logins skip two-factor authentication" in client.get(reverse("login")).content
    response = _sign_in(client, username="social.worker", password=DEMO_PASSWORD)
    assert response.url == reverse("home")
    assert client.get(reverse("home"), follow=True).status_code == 200


def test_demo_skip_means_nothing_outside_demo_mode(client, settings, demo_login):
    settings.DEMO = True
    _sign_in(client, username="social.worker", password=DEMO_PASSWORD)
    settings.DEMO = False
    assert client.get(reverse("home")).url.startswith(reverse("two_factor_setup"))


def test_other_accounts_need_two_factor_even_in_demo_mode(client, settings, demo_login):
    settings.DEMO = True
    UserFactory(username="real.person")
    response = _sign_in(client, username="real.person")
    assert response.url.startswith(reverse("two_factor_setup"))


def test_every_demo_login_listed_by_make_demo_skips_two_factor_in_demo_mode(client, settings):
    """The real list `make demo` prints, signed in with, each reaches its home page."""
    from hearth.synthetic.demo import demo_logins

    settings.DEMO = True
    for login in demo_logins():
        UserFactory(username=login.username, password=login.password)
        client.logout()
        response = _sign_in(client, username=login.username, password=login.password)
        assert response.status_code == 302, login.username
        assert not response.url.startswith("/two-factor/"), login.username


# Session timeout warning --------------------------------------------------------------------


def test_signed_in_pages_carry_the_timeout_warning(client, user):
    force_login_verified(client, user)
    content = client.get(reverse("home"), follow=True).content.decode()
    assert 'id="hearth-timeout"' in content
    # 30 minutes idle, less the up-to-a-minute since the session was last renewed.
    assert 'data-timeout-seconds="1740"' in content
    assert 'data-warning-seconds="120"' in content
    assert "Stay signed in" in content
    assert "hearth/timeout.js" in content
    assert f'action="{reverse("keep_alive")}"' in content


def test_sign_in_page_has_no_timeout_warning(client):
    assert b"hearth-timeout" not in client.get(reverse("login")).content


def test_keep_alive_renews_the_session_and_needs_post(client, user):
    force_login_verified(client, user)
    assert client.post(reverse("keep_alive")).status_code == 204
    assert client.get(reverse("keep_alive")).status_code == 405


def _expiry(client):
    from django.contrib.sessions.models import Session

    return Session.objects.get(session_key=client.session.session_key).expire_date


def _renewed_seconds_ago(client, seconds: int) -> None:
    import time

    from hearth.access.middleware import RENEWED_KEY

    session = client.session
    session[RENEWED_KEY] = int(time.time()) - seconds
    session.save()


def test_a_page_within_a_minute_of_the_last_renewal_writes_no_session(client, user):
    force_login_verified(client, user)
    _renewed_seconds_ago(client, 30)
    before = _expiry(client)
    client.get(reverse("home"))
    assert _expiry(client) == before


def test_a_page_a_minute_after_the_last_renewal_renews_the_session(client, user):
    force_login_verified(client, user)
    _renewed_seconds_ago(client, 61)
    before = _expiry(client)
    client.get(reverse("home"))
    assert _expiry(client) > before


def test_an_idle_session_ends(client, user):
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    force_login_verified(client, user)
    client.get(reverse("home"))
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - dt.timedelta(seconds=1)
    )
    assert client.get(reverse("home")).url.startswith(reverse("login"))


def test_keep_alive_needs_a_csrf_token(user):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    force_login_verified(client, user)
    assert client.post(reverse("keep_alive")).status_code == 403


def test_timed_out_sign_in_page_says_why(client):
    assert b"You were signed out because" in client.get(reverse("login") + "?timed_out=1").content


# Permission changes are audited -------------------------------------------------------------


def test_role_change_is_audited_with_before_and_after(user):
    admin = UserFactory(username="admin", role=User.Role.ADMIN)
    services.user_set_role(user=user, role=User.Role.TEAM_MANAGER, acting_user=admin)
    entry = AuditEntry.objects.get(action="permission")
    assert entry.user == admin
    assert entry.detail == {"user": user.pk, "before": "social_worker", "after": "team_manager"}


# Production settings ------------------------------------------------------------------------


def test_production_settings_pass_check_deploy_with_no_warnings(tmp_path):
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "hearth.example.gov.uk",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
        "AUDIT_HMAC_KEYS": f"2026a:{secrets.token_urlsafe(48)}",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_behind_a_tls_proxy_the_forwarded_scheme_is_trusted_only_when_configured(tmp_path):
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(getattr(settings, 'SECURE_PROXY_SSL_HEADER', None))"
    )
    base = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "hearth.settings",
        "HEARTH_TESTING": "1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'proxy.sqlite3'}",
    }
    outputs = [
        subprocess.run(
            [sys.executable, "-c", code],
            cwd=ROOT,
            env={**base, **extra},
            capture_output=True,
            text=True,
            timeout=60,
        ).stdout.strip()
        for extra in ({}, {"HEARTH_PROXY_TLS": "true"})
    ]
    assert outputs == ["None", "('HTTP_X_FORWARDED_PROTO', 'https')"]


def test_check_deploy_fails_without_an_audit_key(tmp_path):
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "hearth.example.gov.uk",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "hearth.E001" in result.stderr + result.stdout


def _audit_key_errors(settings, keys, *, demo=False):
    from hearth.access.checks import audit_hmac_keys

    settings.DEMO = demo
    settings.AUDIT_HMAC_KEYS = keys
    return [error.id for error in audit_hmac_keys()]


def test_the_public_demo_audit_key_fails_the_deploy_check(settings):
    assert "hearth.E002" in _audit_key_errors(settings, {"demo": settings.DEMO_AUDIT_KEY})


def test_the_demo_secret_key_as_audit_key_fails_the_deploy_check(settings):
    assert "hearth.E002" in _audit_key_errors(settings, {"k": settings.DEMO_SECRET_KEY})


def test_a_short_audit_key_fails_the_deploy_check(settings):
    assert _audit_key_errors(settings, {"k": "short"}) == ["hearth.E003"]


def test_secret_key_as_audit_key_fails_the_deploy_check(settings):
    settings.SECRET_KEY = "s" * 50
    assert _audit_key_errors(settings, {"k": "s" * 50}) == ["hearth.E004"]


def test_a_previous_demo_key_fails_too(settings):
    keys = {"new": secrets.token_urlsafe(48), "old": settings.DEMO_AUDIT_KEY}
    assert _audit_key_errors(settings, keys) == ["hearth.E002"]


def test_a_proper_audit_key_passes_and_demo_mode_is_exempt(settings):
    assert _audit_key_errors(settings, {"k": secrets.token_urlsafe(48)}) == []
    assert _audit_key_errors(settings, {}, demo=True) == []
