"""Administrators manage accounts in the browser: create, disable, re-enable, unlock, reset
two-factor, link to a worker; every change audited; never on their own account."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.core.exceptions import ValidationError
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from hearth.access import accounts
from hearth.access.models import AuditEntry, User
from hearth.access.tests.factories import UserFactory
from hearth.access.tests.signin import force_login_verified
from hearth.workforce.models import Worker
from hearth.workforce.tests.factories import WorkerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(client):
    user = UserFactory(role=User.Role.ADMIN, username="it.admin")
    force_login_verified(client, user)
    return user


def _create_form(**overrides):
    data = {
        "username": "new.worker",
        "first_name": "Nia",
        "last_name": "Okafor",
        "email": "nia.okafor@example.gov.uk",
        "role": User.Role.SOCIAL_WORKER,
        "password": "a-long-temporary-passphrase",
        "worker": "",
    }
    return data | overrides


def test_admin_creates_an_account_linked_to_a_worker(client, admin):
    worker = WorkerFactory(user=None, first_name="Nia", last_name="Okafor")
    response = client.post(reverse("user_add"), _create_form(worker=worker.pk))
    user = User.objects.get(username="new.worker")
    assert response.status_code == 302 and response.url == reverse("user_detail", args=[user.pk])
    assert user.check_password("a-long-temporary-passphrase")
    assert Worker.objects.get(pk=worker.pk).user == user
    assert AuditEntry.objects.filter(user=admin, what="Created the account new.worker").exists()


def test_create_refuses_a_short_password_with_a_govuk_error(client, admin):
    response = client.post(reverse("user_add"), _create_form(password="short"))
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    assert not User.objects.filter(username="new.worker").exists()


def test_create_refuses_a_username_already_taken(client, admin):
    UserFactory(username="New.Worker")
    response = client.post(reverse("user_add"), _create_form())
    assert "That username is already taken" in response.content.decode()


def test_create_refuses_a_worker_linked_to_someone_else(client, admin):
    worker = WorkerFactory()
    response = client.post(reverse("user_add"), _create_form(worker=worker.pk))
    assert "already linked to another account" in response.content.decode()
    assert not User.objects.filter(username="new.worker").exists()


def test_disable_needs_a_reason_and_stops_sign_in(client, admin):
    target = UserFactory()
    refused = client.post(reverse("user_disable", args=[target.pk]), {"reason": "x"})
    assert "at least 10 characters" in refused.content.decode()
    client.post(reverse("user_disable", args=[target.pk]), {"reason": "Left the authority"})
    target.refresh_from_db()
    assert not target.is_active
    entry = AuditEntry.objects.get(what=f"Disabled the account {target.username}")
    assert entry.detail["reason"] == "Left the authority"


def test_re_enable_restores_sign_in(client, admin):
    target = UserFactory(is_active=False)
    client.post(reverse("user_enable", args=[target.pk]))
    target.refresh_from_db()
    assert target.is_active


def test_admin_cannot_disable_their_own_account(admin):
    with pytest.raises(ValidationError):
        accounts.user_disable(user=admin, reason="Testing my own account", acting_user=admin)


def test_unlock_clears_failed_sign_ins(client, admin, settings):
    target = UserFactory()
    AccessAttempt.objects.create(
        username=target.username,
        ip_address="203.0.113.9",
        user_agent="test",
        failures_since_start=settings.AXES_FAILURE_LIMIT,
        get_data="",
        post_data="",
        http_accept="",
        path_info="/sign-in/",
    )
    assert accounts.user_is_locked(user=target)
    assert (
        "Locked after failed sign-ins"
        in client.get(reverse("user_detail", args=[target.pk])).content.decode()
    )
    client.post(reverse("user_unlock", args=[target.pk]))
    assert not accounts.user_is_locked(user=target)
    assert AuditEntry.objects.filter(what=f"Unlocked the account {target.username}").exists()


def test_reset_two_factor_removes_the_device(client, admin):
    target = UserFactory()
    TOTPDevice.objects.create(user=target, name="phone", confirmed=True)
    client.post(reverse("user_two_factor_reset", args=[target.pk]))
    assert not TOTPDevice.objects.filter(user=target).exists()
    assert AuditEntry.objects.filter(what=f"Reset two-factor for {target.username}").exists()


def test_link_worker_moves_the_link_and_is_audited(client, admin):
    target = UserFactory()
    old = WorkerFactory(user=target)
    new = WorkerFactory(user=None, first_name="Sam", last_name="Reid")
    client.post(reverse("user_worker", args=[target.pk]), {"worker": new.pk})
    old.refresh_from_db()
    new.refresh_from_db()
    assert old.user is None and new.user == target
    entry = AuditEntry.objects.get(what=f"Linked {target.username} to a worker")
    assert entry.detail["before"] == old.pk and entry.detail["after"] == new.pk


def test_non_admins_cannot_manage_accounts(client):
    force_login_verified(client, UserFactory(role=User.Role.TEAM_MANAGER))
    target = UserFactory()
    assert (
        client.post(reverse("user_disable", args=[target.pk]), {"reason": "x" * 20}).status_code
        == 403
    )
    assert client.post(reverse("user_unlock", args=[target.pk])).status_code == 403
    target.refresh_from_db()
    assert target.is_active
