"""Generated over the URLconf: every form page on a child's record that is rendered through the
shared `child_form` carries a one-time token and double-click protection on its buttons, so the
same rendered form is saved once (the saving itself is tested in test_idempotent_create)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from hearth.access.tests.signin import force_login_verified
from hearth.access.tests.test_access_matrix import ALL_PATTERNS
from hearth.casework.tests.factories import CINEpisodeFactory
from hearth.people.tests.factories import ChildFactory
from hearth.workforce.tests.factories import AllocationFactory, WorkerFactory

CHILD_PAGES = [
    name
    for name, route, kwargs in ALL_PATTERNS
    if name and kwargs == {"pk"} and route.startswith("children/<int:pk>/")
]


@pytest.fixture
def signed_in_child(client, db):
    worker = WorkerFactory()
    child = ChildFactory()
    AllocationFactory(child=child, worker=worker)
    CINEpisodeFactory(child=child)
    force_login_verified(client, worker.user)
    return child


def test_the_walk_finds_child_pages():
    assert "case_note_add" in CHILD_PAGES
    assert "child_identity_edit" in CHILD_PAGES


@pytest.mark.parametrize("name", CHILD_PAGES)
def test_every_child_form_carries_a_token_and_prevents_double_click(client, signed_in_child, name):
    response = client.get(reverse(name, args=[signed_in_child.pk]))
    templates = {t.name for t in getattr(response, "templates", [])}
    if response.status_code != 200 or "casework/child_form.html" not in templates:
        pytest.skip("not a child form page for this child")
    html = response.content.decode()
    form = html[html.index('<form method="post" novalidate>') :]
    form = form[: form.index("</form>")]
    assert re.search(r'name="form_token" value="[^"]{20,}"', form)
    buttons = re.findall(r'<(?:input type="submit"|button)[^>]*>', form)
    assert buttons
    assert all('data-prevent-double-click="true"' in b for b in buttons), buttons
