"""The submission log page: for analysts and senior leaders, audited."""

import uuid

import pytest
from django.urls import reverse

from hearth.access.models import AuditEntry
from hearth.access.tests.conftest import world  # noqa: F401
from hearth.dfe_api.models import Submission

pytestmark = pytest.mark.django_db


def _batch():
    return Submission.objects.create(
        run=uuid.uuid4(),
        mode="changes",
        batch=1,
        status=Submission.Status.FAILED,
        http_status=429,
        attempts=6,
        children=["C0000101", "C0000102"],
        response_body='{"detail": "Too many requests"}',
    )


def test_an_analyst_sees_each_batch_with_its_status_and_response(world):  # noqa: F811
    _batch()
    response = world.client_for("analyst").get(reverse("dfe_api_log"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "HTTP 429, 6 attempts" in body and "C0000101, C0000102" in body
    assert "Too many requests" in body


def test_a_social_worker_may_not_see_the_log(world):  # noqa: F811
    response = world.client_for("social_worker").get(reverse("dfe_api_log"))
    assert response.status_code == 403


def test_viewing_the_log_is_audited(world):  # noqa: F811
    world.client_for("senior_leader").get(reverse("dfe_api_log"))
    assert AuditEntry.objects.filter(what="DfE API submission log").count() == 1
