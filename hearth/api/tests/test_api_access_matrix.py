"""Every API URL, every role (with a bearer token, as a system calls it), every kind of child:
the status the table says, generated from the API's URLconf: a URL without an entry fails.

Children: team A's child (``visible`` to team A and the authority-wide roles), team B's
unrestricted child (``other``: not team A's), the ``restricted`` child (only the one person named
on it), and an id no child has (``missing``). A child the caller may not see answers exactly as
the missing id does (status and body), and no response to anyone not named shows the restricted
child's name, LA child ID or records: 0 leaks.

(The pages' matrix, hearth/access/tests/test_access_matrix.py, also walks these URLs with a
signed-in session; this one is the API's own, with tokens and object-level subjects.)"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import URLPattern, get_resolver, reverse

from hearth.access.models import User
from hearth.api.tests.journey import ENDPOINTS as JOURNEY
from hearth.api.tests.journey import records_for
from hearth.people.tests.factories import ChildFactory
from hearth.returns.tests.samples import done_job
from hearth.workforce.tests.factories import AllocationFactory

pytestmark = pytest.mark.django_db

R = User.Role
TEAM_B = "team_b_social_worker"  # named on the restricted child; team B holds the `other` child
ANON = "anonymous"
CALLERS = [*list(R), TEAM_B]
SUBJECTS = ("visible", "other", "restricted", "missing")

# Who sees which child (hearth.access.selectors.children_visible_to), written out.
SEES = {
    "visible": {
        R.SOCIAL_WORKER,
        R.TEAM_MANAGER,
        R.PERSONAL_ADVISER,
        R.FRONT_DOOR,
        R.IRO,
        R.SENIOR_LEADER,
    },
    "other": {R.FRONT_DOOR, R.IRO, R.SENIOR_LEADER, TEAM_B},
    "restricted": {TEAM_B},
    "missing": set(),
}


# Partner agencies see a reduced record on their own pages; the API (the full record) refuses
# them whatever the child (hearth.api.auth).
PARTNERS = {R.PARTNER_POLICE, R.PARTNER_HEALTH, R.PARTNER_EDUCATION, R.PARTNER_VOLUNTARY}
REFUSED_PARTNERS = dict.fromkeys(PARTNERS, 403)


def child_url(ok: int = 200) -> dict:
    """subject → caller → status, for a URL about one child."""
    return {
        subject: {caller: ok if caller in SEES[subject] else 404 for caller in CALLERS}
        | REFUSED_PARTNERS
        | {ANON: 401}
        for subject in SUBJECTS
    }


def for_roles(default: int, **by_role: int) -> dict:
    """One subject (the URL is about no child): caller → status."""
    return {
        "-": {c: by_role.get(str(c), default) for c in CALLERS} | REFUSED_PARTNERS | {ANON: 401}
    }


_INSIGHT = {"analyst": 200, "senior_leader": 200, "team_manager": 200}
_RETURNS = {"analyst": 200, "senior_leader": 200}

# url name → (how its kwargs are filled, expected statuses)
API_EXPECTED: dict[str, tuple[str, dict]] = {
    "api_schema": ("none", {"-": dict.fromkeys([*CALLERS, ANON], 200)}),
    "api_children": ("none", for_roles(200)),
    "api_child": ("child", child_url()),
    "api_child_chronology": ("child", child_url()),
    "api_child_allocations": ("child", child_url()),
    "api_case_notes": ("child", child_url()),
    # PATCH only: a GET is refused once the caller is known; the PATCH rules are in test_api.
    "api_case_note": (
        "child+note",
        {s: dict.fromkeys(CALLERS, 405) | REFUSED_PARTNERS | {ANON: 401} for s in SUBJECTS},
    ),
    **{
        name: ("child", child_url())
        for name in (
            "api_child_cin_episodes",
            "api_child_assessments",
            "api_child_cin_plans",
            "api_child_strategy_discussions",
            "api_child_section47s",
            "api_child_cp_plans",
            "api_child_conferences",
            "api_child_periods_of_care",
            "api_child_lac_reviews",
            "api_child_missing_episodes",
            "api_child_pathway_plans",
        )
    },
    "api_indicators": ("none", for_roles(403, **_INSIGHT)),
    "api_indicator": ("indicator", for_roles(403, **_INSIGHT)),
    "api_return_jobs": ("none", for_roles(403, **_RETURNS)),
    "api_return_job": ("job", for_roles(403, **_RETURNS)),
    "api_return_job_download": ("job", for_roles(403, **_RETURNS)),
}


def api_patterns() -> list[tuple[str, set[str]]]:
    for entry in get_resolver().url_patterns:
        if str(entry.pattern) == "api/v1/":
            return [
                (p.name, set(p.pattern.converters))
                for p in entry.url_patterns
                if isinstance(p, URLPattern)
            ]
    raise AssertionError("no api/v1/ in the URLconf")


API_PATTERNS = api_patterns()


def test_every_api_url_has_an_entry_and_none_is_stale():
    names = {name for name, _ in API_PATTERNS}
    assert not names - set(API_EXPECTED), (
        f"API URLs with no entry in API_EXPECTED: {sorted(names - set(API_EXPECTED))}. Decide "
        "who may use each (hearth/api/tests/test_api_access_matrix.py)."
    )
    assert not set(API_EXPECTED) - names


@pytest.fixture
def scene(world, bearer):
    other = ChildFactory(first_name="Sam", last_name="Otherteam", la_child_id="C0000202")
    AllocationFactory(child=other, worker=world.team_b_worker.worker)
    hidden = records_for(world.restricted)  # records that must never show to the unnamed
    records_for(world.child)
    return {
        "children": {
            "visible": world.child.pk,
            "other": other.pk,
            "restricted": world.restricted.pk,
            "missing": 999_999,
        },
        "job": done_job(world.users[R.ANALYST]).pk,
        "headers": {c: bearer(c, scopes=("read",)) for c in CALLERS} | {ANON: {}},
        "hidden": hidden,
    }


def _urls(name: str, kind: str, kwarg_names: set[str], scene) -> dict[str, str]:
    """subject → URL for the pattern."""
    if kind in ("child", "child+note"):
        extra = {"note_pk": 1} if kind == "child+note" else {}
        urls = {s: reverse(name, kwargs={"pk": pk} | extra) for s, pk in scene["children"].items()}
    elif kind == "job":
        urls = {"-": reverse(name, kwargs={"pk": scene["job"]})}
    elif kind == "indicator":
        urls = {"-": reverse(name, kwargs={"key": "referrals"})}
    else:
        urls = {"-": reverse(name)}
    return urls


@pytest.mark.parametrize(("name", "kwarg_names"), API_PATTERNS, ids=lambda v: str(v))
def test_every_caller_gets_what_the_table_says_and_nothing_leaks(world, scene, name, kwarg_names):
    kind, expected = API_EXPECTED[name]
    secrets = (world.restricted.last_name, world.restricted.la_child_id)
    actual: dict = {}
    leaks = []
    named_saw = None
    for subject, url in _urls(name, kind, kwarg_names, scene).items():
        actual[subject] = {}
        if subject == "restricted":
            missing_url = _urls(name, kind, kwarg_names, scene)["missing"]
        for caller in [*CALLERS, ANON]:
            response = Client().get(url, **scene["headers"][caller])
            actual[subject][caller] = response.status_code
            if caller == TEAM_B and subject == "restricted" and name in JOURNEY:
                # The named person reads the restricted child's real records (the walk is real).
                named_saw = response.json()["results"]
            if caller == TEAM_B or name == "api_schema":
                continue
            body = response.content.decode(errors="replace") if not response.streaming else ""
            if any(s in body for s in secrets):
                leaks.append((subject, caller, "name or LA child ID"))
            if subject == "restricted" and response.status_code != 405:
                missing_body = Client().get(missing_url, **scene["headers"][caller])
                if (missing_body.status_code, missing_body.content) != (
                    response.status_code,
                    response.content,
                ):
                    leaks.append((subject, caller, "answers unlike a missing id"))
    assert not leaks, f"{name}: {leaks}"
    assert actual == expected
    if name in JOURNEY:
        assert [r["id"] for r in named_saw] == [scene["hidden"][JOURNEY[name]].pk]
