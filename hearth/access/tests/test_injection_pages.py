"""Hostile names and free text through every page in the URLconf, for every role that can see it.

Generated: every named URL pattern is reached through the access matrix's sample objects (so a
new page is covered as soon as it is added to the matrix), and every free-text field of every
Hearth model long enough to hold markup (names of children, family members, professionals,
workers, users, teams, carers, providers; notes, reasons, summaries …) is overwritten with
hostile markup before the page is fetched. CSP stops scripts, not ``<meta http-equiv=refresh>``
or an injected ``<form>``, so the markup itself must never reach the page unescaped.
"""

from __future__ import annotations

import itertools

import pytest
from django.apps import apps
from django.db import models
from django.urls import reverse

from hearth.access.tests.test_access_matrix import ALL_PATTERNS, ANON, EXPECTED, sample_url

pytestmark = pytest.mark.django_db

HOSTILE = (
    '<meta http-equiv=refresh content="0;url=//evil">',
    '"><form action=//evil><button>Go',
    "<img src=x onerror=alert(1)>",
)
RAW = ("<meta http-equiv=refresh", "<form action=//evil", "<img src=x")
ESCAPED = ("&lt;meta http-equiv=refresh", "&lt;form action=//evil", "&lt;img src=x")

# The audit log cannot be rewritten (database triggers); hostile text reaches it only through
# the records it names, which are poisoned.
APPEND_ONLY = {"access.AuditEntry", "access.AuditSeal"}

# Text that is not shown as text, or whose value the page must parse; everything else is hostile.
NOT_TEXT = {"password", "username", "email", "ip_address", "path", "result_path", "key"}


def hostile_fields():
    """(model, field) for every free-text field of Hearth's models that can hold the markup."""
    for model in apps.get_models():
        if not model.__module__.startswith("hearth."):
            continue
        if model._meta.label in APPEND_ONLY:
            continue
        for f in model._meta.concrete_fields:
            if not isinstance(f, models.CharField | models.TextField) or f.choices:
                continue
            if f.name in NOT_TEXT or f.primary_key or (f.unique and f.name != "name"):
                continue
            if isinstance(f, models.CharField) and (f.max_length or 0) < 40:
                continue
            yield model, f


def poison() -> None:
    """Overwrite every free-text field of every row with hostile markup (as legacy or imported
    data might hold, bypassing validation), rotating the three payloads."""
    payloads = itertools.cycle(HOSTILE)
    for model, f in hostile_fields():
        value = next(payloads)
        if f.unique:
            for obj in model._default_manager.all():
                model._default_manager.filter(pk=obj.pk).update(
                    **{f.name: f"{value}{obj.pk}"[: f.max_length]}
                )
        else:
            model._default_manager.update(**{f.name: value[: f.max_length or None]})


def pages():
    for name, _route, kwarg_names in ALL_PATTERNS:
        sample, expected = EXPECTED.get(name, (None, {}))
        roles = [r for r, status in expected.items() if status == 200 and r != ANON]
        if roles:
            yield name, sample, kwarg_names, roles


PAGES = list(pages())


def test_hostile_fields_cover_the_names_the_issue_found():
    covered = {(m._meta.label, f.name) for m, f in hostile_fields()}
    for needed in [
        ("people.Child", "first_name"),
        ("people.Child", "last_name"),
        ("people.FamilyMember", "first_name"),
        ("workforce.Worker", "last_name"),
        ("workforce.Team", "name"),
        ("care.Placement", "carer_name"),
        ("casework.Contact", "referrer_name"),
        ("access.User", "last_name"),
    ]:
        assert needed in covered, needed


@pytest.mark.parametrize(
    ("name", "sample", "kwarg_names", "roles"), PAGES, ids=[p[0] for p in PAGES]
)
def test_hostile_text_is_escaped_on_every_page_for_every_role(
    world, name, sample, kwarg_names, roles
):
    from hearth.people.tests.factories import ChildFactory

    child = world.child
    child.family.create(first_name="x", last_name="y", relationship="mother")
    child.professionals.create(name="x", role="GP", agency="gp", start_date="2020-01-01")
    ChildFactory(
        first_name="Other", la_child_id="C0009999"
    )  # an unallocated child, for search and lists
    url = sample_url(world, name, sample, kwarg_names)
    poison()
    for role in roles:
        response = world.client_for(role).get(url, {"q": "evil"} if name == "child_search" else {})
        assert response.status_code == 200, (name, role, response.status_code)
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        html = response.content.decode()
        for raw in RAW:
            assert raw not in html, f"{name} as {role}: {raw!r} reached the page unescaped"


def test_the_supervision_form_shows_the_child_hostile_name_escaped(world):
    world.child.__class__.objects.filter(pk=world.child.pk).update(first_name=HOSTILE[0])
    worker = world.users["social_worker"].worker
    html = (
        world.client_for("team_manager")
        .get(reverse("supervision_add", kwargs={"worker_pk": worker.pk}))
        .content.decode()
    )
    assert ESCAPED[0] in html
    assert RAW[0] not in html


def test_the_child_record_shows_every_hostile_payload_escaped(world):
    world.child.family.create(first_name="x", last_name="y", relationship="mother")
    poison()
    html = (
        world.client_for("social_worker")
        .get(reverse("child_summary", kwargs={"pk": world.child.pk}))
        .content.decode()
    )
    for escaped in ESCAPED:
        assert escaped in html
