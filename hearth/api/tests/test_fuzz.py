"""Schemathesis fuzzes every operation in the OpenAPI document against the app in process: no
500s, every response matches the schema, and nothing outside the caller's scope comes back.

* As a team social worker with a read/write token, every operation; the children carry real
  journey records (team A's child, the restricted child in team B), and the restricted child's
  name, LA child ID and record texts never appear.
* As an analyst, the returns jobs (jobs are queued on django-tasks' dummy backend, not run).
* Every read about one child, with the real ids rather than generated ones: the answers carrying
  records match the schema too, and the children the caller may not see are 404s."""

from __future__ import annotations

import pytest
import schemathesis
from django.test import override_settings
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from hearth.access.models import User
from hearth.api.tests.journey import records_for
from hearth.people.tests.factories import ChildFactory
from hearth.workforce.tests.factories import AllocationFactory
from hearth.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", application)
RESTRICTED_TEXT = "Plan kept from view 7Q"  # a text on the restricted child's pathway plan
FUZZ = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,  # the same examples on every run, so CI is reproducible
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


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
def records(world):
    """Journey records on team A's child and on the restricted child, and team B's child."""
    records_for(world.child)
    hidden = records_for(world.restricted)
    type(hidden["pathwayplan"]).objects.filter(pk=hidden["pathwayplan"].pk).update(
        summary=RESTRICTED_TEXT
    )
    other = ChildFactory(last_name="Otherteam", la_child_id="C0000202")
    AllocationFactory(child=other, worker=world.team_b_worker.worker)
    return other


def _out_of_scope(world, text: str) -> list[str]:
    secrets = (world.restricted.la_child_id, world.restricted.last_name, RESTRICTED_TEXT)
    return [s for s in secrets if s in text]


@pytest.fixture
def headers(world, bearer):
    return {"Authorization": bearer(User.Role.SOCIAL_WORKER)["HTTP_AUTHORIZATION"]}


@pytest.mark.django_db
@schema.parametrize()
@FUZZ
def test_api_conforms_to_its_schema(case, world, records, headers):
    response = case.call_and_validate(headers=headers)
    assert response.status_code < 500
    assert not _out_of_scope(world, response.text)


@pytest.mark.django_db
@schema.include(path_regex="/returns/").parametrize()
@FUZZ
def test_returns_jobs_conform_to_the_schema_for_an_analyst(case, world, bearer):
    auth = {"Authorization": bearer(User.Role.ANALYST)["HTTP_AUTHORIZATION"]}
    dummy = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    with override_settings(TASKS=dummy):
        # A start's year and date rules hang on its kind and on today (`start_errors`), which
        # the schema cannot say: schemathesis' "valid data is accepted" check is replaced by
        # asking that a refusal of schema-valid data names only those two fields.
        response = case.call_and_validate(headers=auth, excluded_checks=[positive_data_acceptance])
    assert response.status_code < 500
    if response.status_code == 400 and case.method == "POST" and schema_valid(case):
        assert set(response.json()["errors"]) <= {"year", "as_of"}, response.text
    assert not _out_of_scope(world, response.text)


def schema_valid(case) -> bool:
    """Whether the start request fits its schema (schemathesis also sends ones that do not)."""
    import datetime as dt

    from hearth.returns.models import ReturnJob

    body = case.body
    if not isinstance(body, dict):
        return False
    if body.get("kind") not in ReturnJob.Kind.values or not isinstance(body.get("year", ""), str):
        return False
    as_of = body.get("as_of")
    if as_of is None:
        return True
    try:
        dt.date.fromisoformat(as_of)
    except (TypeError, ValueError):
        return False
    return len(as_of) == 10


CHILD_READS = [
    (path, "GET")
    for path, methods in schema.raw_schema["paths"].items()
    if path.startswith("/api/v1/children/{id}/") and "{note_pk}" not in path and "get" in methods
]


@pytest.mark.django_db
@pytest.mark.parametrize(("path", "method"), CHILD_READS, ids=lambda v: str(v))
def test_each_read_of_a_childs_real_records_conforms_and_stays_in_scope(
    world, records, headers, path, method
):
    operation = schema[path][method]
    for child, visible in ((world.child, True), (world.restricted, False), (records, False)):
        case = operation.Case(path_parameters={"id": child.pk})
        response = case.call_and_validate(headers=headers)
        assert response.status_code == (200 if visible else 404), (path, child)
        assert not _out_of_scope(world, response.text)
        if visible and "results" in response.json():
            assert response.json()["results"], f"{path}: no records to check the schema against"
