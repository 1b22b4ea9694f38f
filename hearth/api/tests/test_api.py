"""The REST API: the pages' visibility rules, audit, tokens, problem+json, ETag/If-Match,
idempotent creates, and an OpenAPI document in the repository that matches the code."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command
from django.test import Client
from django.urls import URLPattern, get_resolver, reverse
from django.utils import timezone

from hearth.access.models import AuditEntry, User
from hearth.api import tokens
from hearth.api.models import ApiToken
from hearth.casework.models import CaseNote

pytestmark = pytest.mark.django_db
R = User.Role
ROOT = Path(__file__).resolve().parents[3]


def _api_names() -> list[tuple[str, set[str]]]:
    resolver = get_resolver()
    for entry in resolver.url_patterns:
        if str(entry.pattern) == "api/v1/":
            return [
                (p.name, set(p.pattern.converters))
                for p in entry.url_patterns
                if isinstance(p, URLPattern)
            ]
    raise AssertionError("no api/v1/ in the URLconf")


def _url(world, name, kwarg_names, child):
    kwargs = {}
    if "pk" in kwarg_names:
        kwargs["pk"] = child.pk
    if "note_pk" in kwarg_names:
        kwargs["note_pk"] = 1
    if "key" in kwarg_names:
        kwargs["key"] = "referrals"
    return reverse(name, kwargs=kwargs)


@pytest.mark.parametrize("role", [*list(R), "team_b_social_worker"])
def test_no_api_endpoint_shows_a_restricted_child_to_anyone_not_named(world, bearer, role):
    """Generated over every API URL: the restricted child's name and ids appear in no
    response for any role except the one person named on the record."""
    headers = bearer(role)
    client = Client()
    named = role == "team_b_social_worker"
    secrets = (world.restricted.last_name, world.restricted.la_child_id)
    for name, kwarg_names in _api_names():
        for child in (world.restricted, world.child):
            response = client.get(_url(world, name, kwarg_names, child), **headers)
            assert response.status_code < 500, (name, response.status_code)
            body = response.content.decode()
            if not named:
                assert not any(s in body for s in secrets), (role, name)
            elif name == "api_child" and child == world.restricted:
                assert world.restricted.last_name in body  # the walk reads real records


def test_children_list_is_the_visibility_selector(world, bearer):
    response = Client().get(reverse("api_children"), **bearer(R.SOCIAL_WORKER))
    assert [c["la_child_id"] for c in response.json()["results"]] == [world.child.la_child_id]


def test_a_child_read_is_audited_with_the_child(world, bearer):
    Client().get(reverse("api_child", args=[world.child.pk]), **bearer(R.SOCIAL_WORKER))
    entry = AuditEntry.objects.filter(what="API: child record").get()
    assert entry.child == world.child and entry.user == world.users[R.SOCIAL_WORKER]


def test_errors_are_problem_details(world):
    response = Client().get(reverse("api_children"))
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 401 and response.json()["title"] == "Not signed in"
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_revoked_or_expired_token_is_refused(world, bearer):
    headers = bearer(R.SOCIAL_WORKER)
    token = ApiToken.objects.get()
    assert Client().get(reverse("api_children"), **headers).status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert Client().get(reverse("api_children"), **headers).status_code == 401
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() + dt.timedelta(days=1))
    tokens.api_token_revoke(token=token, acting_user=world.users[R.ADMIN])
    assert Client().get(reverse("api_children"), **headers).status_code == 401


def test_rotation_replaces_the_secret(world, bearer):
    old_headers = bearer(R.SOCIAL_WORKER)
    token = ApiToken.objects.get()
    _new, secret = tokens.api_token_rotate(token=token, acting_user=world.users[R.ADMIN])
    assert Client().get(reverse("api_children"), **old_headers).status_code == 401
    new_headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    assert Client().get(reverse("api_children"), **new_headers).status_code == 200


def test_a_read_only_token_cannot_write(world, bearer):
    headers = bearer(R.SOCIAL_WORKER, scopes=("read",))
    response = Client().post(
        reverse("api_case_notes", args=[world.child.pk]),
        {"occurred_at": timezone.now().isoformat(), "kind": "phone", "subject": "s", "text": "t"},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 403
    assert not CaseNote.objects.exists()


def _note(**overrides):
    return {
        "occurred_at": (timezone.now() - dt.timedelta(hours=1)).isoformat(),
        "kind": "phone",
        "subject": "Call from school",
        "text": "Attendance down.",
    } | overrides


def test_a_create_with_the_same_idempotency_key_makes_one_note(world, bearer):
    headers = bearer(R.SOCIAL_WORKER) | {"HTTP_IDEMPOTENCY_KEY": "abc-123"}
    url = reverse("api_case_notes", args=[world.child.pk])
    first = Client().post(url, _note(), content_type="application/json", **headers)
    second = Client().post(url, _note(), content_type="application/json", **headers)
    assert first.status_code == second.status_code == 201
    assert first.json() == second.json()
    assert CaseNote.objects.count() == 1


def test_a_create_is_validated_like_the_form(world, bearer):
    url = reverse("api_case_notes", args=[world.child.pk])
    future = (timezone.now() + dt.timedelta(days=1)).isoformat()
    response = Client().post(
        url, _note(occurred_at=future), content_type="application/json", **bearer(R.SOCIAL_WORKER)
    )
    assert response.status_code == 400
    assert "occurred_at" in response.json()["errors"]


def test_a_draft_update_needs_the_current_etag(world, bearer):
    headers = bearer(R.SOCIAL_WORKER)
    url = reverse("api_case_notes", args=[world.child.pk])
    created = Client().post(url, _note(finalise=False), content_type="application/json", **headers)
    note_url = reverse("api_case_note", args=[world.child.pk, created.json()["id"]])
    etag = created["ETag"]
    missing = Client().patch(note_url, {"text": "x"}, content_type="application/json", **headers)
    assert missing.status_code == 428
    ok = Client().patch(
        note_url,
        {"text": "Updated"},
        content_type="application/json",
        HTTP_IF_MATCH=etag,
        **headers,
    )
    assert ok.status_code == 200 and ok["ETag"] != etag
    stale = Client().patch(
        note_url, {"text": "Lost"}, content_type="application/json", HTTP_IF_MATCH=etag, **headers
    )
    assert stale.status_code == 412
    assert CaseNote.objects.get().text == "Updated"


def test_indicators_are_for_dashboard_roles(world, bearer):
    assert Client().get(reverse("api_indicators"), **bearer(R.SOCIAL_WORKER)).status_code == 403
    response = Client().get(
        reverse("api_indicator", args=["referrals"]) + "?as_of=2025-03-31", **bearer(R.ANALYST)
    )
    assert response.status_code == 200 and response.json()["as_of"] == "2025-03-31"


def test_a_bad_date_is_a_400_not_a_500(world, bearer):
    response = Client().get(
        reverse("api_indicator", args=["referrals"]) + "?as_of=9999-12-31", **bearer(R.ANALYST)
    )
    assert response.status_code == 400


def test_the_committed_openapi_document_matches_the_code(tmp_path):
    out = tmp_path / "openapi.yaml"
    call_command("spectacular", "--file", str(out), "--validate")
    committed = yaml.safe_load((ROOT / "docs" / "openapi.yaml").read_text())
    assert yaml.safe_load(out.read_text()) == committed, (
        "docs/openapi.yaml is out of date: run `hearth spectacular --file docs/openapi.yaml`"
    )


def test_an_administrator_makes_a_token_and_sees_the_secret_once(world):
    client = world.client_for(R.ADMIN)
    response = client.post(
        reverse("api_tokens"),
        {
            "name": "Data warehouse",
            "user": world.users[R.ANALYST].pk,
            "scopes": ["read"],
            "days": "90",
        },
    )
    assert response.status_code == 302
    token = ApiToken.objects.get(name="Data warehouse")
    first = client.get(reverse("api_tokens")).content.decode()
    assert f"hth_{token.prefix}_" in first
    assert f"hth_{token.prefix}_" not in client.get(reverse("api_tokens")).content.decode()
    assert AuditEntry.objects.filter(what="Created API token Data warehouse").exists()


def test_only_administrators_manage_tokens(world):
    assert world.client_for(R.TEAM_MANAGER).get(reverse("api_tokens")).status_code == 403
