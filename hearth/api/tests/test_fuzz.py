"""Schemathesis fuzzes every operation in the OpenAPI document against the app in process, as a
team social worker with a read/write token: no 500s, every response matches the schema, and the
restricted child never appears."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from hearth.access.models import User
from hearth.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", application)


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """The app is called through WSGI, not Django's test client, so stop Django closing the
    test's database connection at the end of each request, as the test client does (on
    PostgreSQL the test's transaction lives on that connection)."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def headers(world, bearer):
    return {"Authorization": bearer(User.Role.SOCIAL_WORKER)["HTTP_AUTHORIZATION"]}


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=40,
    deadline=None,
    derandomize=True,  # the same examples on every run, so CI is reproducible
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_api_conforms_to_its_schema(case, world, headers):
    response = case.call_and_validate(headers=headers)
    assert response.status_code < 500
    assert world.restricted.la_child_id not in response.text
