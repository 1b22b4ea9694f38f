import pytest
from django.urls import reverse

from hearth.access.models import AuditEntry
from hearth.access.tests.factories import UserFactory
from hearth.access.tests.signin import force_login_verified

pytestmark = pytest.mark.django_db


@pytest.fixture
def user():
    return UserFactory(username="casey.worker")


def test_sign_in_page_renders_a_govuk_form(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert b'class="govuk-input' in response.content
    assert b"Sign in" in response.content


def test_signing_in_with_good_credentials_asks_for_two_factor_set_up(client, user):
    response = client.post(
        reverse("login"), {"username": "casey.worker", "password": "correct-horse-battery"}
    )
    assert response.status_code == 302
    assert response.url.startswith(reverse("two_factor_setup"))


def test_bad_credentials_show_the_govuk_error_summary(client, user):
    response = client.post(reverse("login"), {"username": "casey.worker", "password": "wrong"})
    assert response.status_code == 200
    assert b"govuk-error-summary" in response.content
    assert b"There is a problem" in response.content
    assert b"Enter a correct username and password" in response.content


def test_bad_credentials_are_audited(client, user):
    client.post(reverse("login"), {"username": "casey.worker", "password": "wrong"})
    assert AuditEntry.objects.filter(action="sign_in_failed", username="casey.worker").exists()


def test_missing_fields_show_field_errors(client):
    response = client.post(reverse("login"), {"username": "", "password": ""})
    assert b"Enter your username" in response.content
    assert b"Enter your password" in response.content


def test_sign_out_needs_post(client, user):
    force_login_verified(client, user)
    assert client.get(reverse("logout")).status_code == 405


def test_sign_out_signs_the_user_out(client, user):
    force_login_verified(client, user)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 302


def test_pages_redirect_to_sign_in_when_signed_out(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_healthz_is_open_and_says_the_database_answered(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_healthz_answers_503_when_the_database_is_down(client, monkeypatch):
    from django.db import OperationalError, connection

    def refuse():
        raise OperationalError("connection to server failed: Connection refused")

    monkeypatch.setattr(connection, "ensure_connection", refuse)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"


def test_persistent_connections_are_health_checked_before_reuse(settings):
    """The first request after a database restart reconnects rather than failing."""
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True


def test_demo_logins_are_listed_only_in_demo_mode(client, settings):
    settings.DEMO = True
    shown = client.get(reverse("login")).content.decode()
    assert "Demo only" in shown
    assert "<code>social.worker</code>" in shown
    assert "<code>hearth-demo-only</code>" in shown
    settings.DEMO = False
    assert "social.worker" not in client.get(reverse("login")).content.decode()
