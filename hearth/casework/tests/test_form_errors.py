"""The error path of every practice, care and workforce form: an empty (or incomplete) POST
shows the form again (200) with the GOV.UK error summary, whose links go to the first input of
each question, writes nothing but the one audit entry for viewing the form; and a concurrent edit
gives 409 with the user's input kept."""

from __future__ import annotations

import datetime as dt
import html
import json
import re

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from hearth.access.models import AuditEntry
from hearth.access.tests.signin import force_login_verified
from hearth.care import services as care
from hearth.care.tests.factories import LegalStatusFactory, PeriodOfCareFactory, PlacementFactory
from hearth.casework import services as casework
from hearth.casework.models import CPPlan
from hearth.casework.tests.conftest import date_parts
from hearth.casework.tests.factories import AssessmentFactory, ContactFactory
from hearth.workforce.models import Post, Worker

pytestmark = pytest.mark.django_db

APPS = ("people", "casework", "care", "workforce")


def _counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for label in APPS
        for model in apps.get_app_config(label).get_models()
    }


@pytest.fixture
def records(child, cin, social_worker, team):
    """A child with one of everything a form can act on."""
    user = social_worker.user
    episode = casework.early_help_start(
        child=child,
        start_date=dt.date(2024, 1, 2),
        lead_professional="Grace Okafor",
        lead_agency="school",
        acting_user=user,
    )
    assessment = AssessmentFactory(cin_episode=cin)
    casework.strategy_discussion_record(
        cin_episode=cin,
        date=dt.date(2024, 1, 10),
        police_attended=True,
        health_attended=True,
        section47_agreed=True,
        notes="Joint enquiry",
        acting_user=user,
    )
    casework.conference_record(
        cin_episode=cin,
        kind="initial",
        date=dt.date(2024, 1, 25),
        plan_required=True,
        category="NEG",
        acting_user=user,
    )
    casework.cin_plan_start(
        cin_episode=cin,
        start_date=dt.date(2024, 1, 9),
        review_due=dt.date(2024, 4, 9),
        acting_user=user,
    )
    period = PeriodOfCareFactory(child=child, start_date=dt.date(2024, 2, 1))
    LegalStatusFactory(period=period, start_date=dt.date(2024, 2, 1))
    PlacementFactory(period=period, start_date=dt.date(2024, 2, 1))
    missing = care.missing_episode_record(
        child=child,
        kind="M",
        started_at=timezone.make_aware(dt.datetime(2024, 3, 1, 21, 0)),
        acting_user=user,
    )
    proceedings = care.proceedings_record(
        child=child, issued_date=dt.date(2024, 2, 5), acting_user=user
    )
    post = Post.objects.create(
        team=team,
        title="Senior social worker",
        role="social_worker",
        start_date=dt.date(2020, 1, 1),
    )
    return {
        "early_help": episode,
        "assessment": assessment,
        "s47": child.section47s.get(),
        "plan": CPPlan.objects.get(child=child),
        "period": period,
        "missing": missing,
        "proceedings": proceedings,
        "contact": ContactFactory(child=child),
        "post": post,
    }


@pytest.fixture
def admin_user(db):
    from hearth.access.tests.factories import UserFactory

    return UserFactory(username="ad.min", role="admin")


# (who, url name, url args, data) — data is what an incomplete form sends.
FORMS = [
    ("sw", "contact_add", lambda c, r: [], lambda r: {}),
    ("sw", "contact_decide", lambda c, r: [r["contact"].pk], lambda r: {}),
    ("sw", "early_help_add", lambda c, r: [c.pk], lambda r: {}),
    ("sw", "fgc_add", lambda c, r: [c.pk], lambda r: {}),
    ("sw", "early_help_end", lambda c, r: [c.pk], lambda r: {"version": r["early_help"].version}),
    ("sw", "referral_add", lambda c, r: [c.pk], lambda r: {}),
    ("sw", "assessment_start", lambda c, r: [c.pk], lambda r: {}),
    (
        "sw",
        "assessment_edit",
        lambda c, r: [c.pk, r["assessment"].pk],
        lambda r: {"version": r["assessment"].version, "child_seen": "", "factors": ["21", "1A"]},
    ),
    (
        "tm",
        "assessment_authorise",
        lambda c, r: [c.pk, r["assessment"].pk],
        lambda r: {"version": r["assessment"].version},
    ),
    (
        "tm",
        "assessment_return",
        lambda c, r: [c.pk, r["assessment"].pk],
        lambda r: {"version": r["assessment"].version},
    ),
    ("sw", "cin_plan_add", lambda c, r: [c.pk], lambda r: {}),
    ("sw", "cin_plan_review_add", lambda c, r: [c.pk], lambda r: {}),
    ("sw", "case_close", lambda c, r: [c.pk], lambda r: {"version": 1}),
    ("sw", "strategy_add", lambda c, r: [c.pk], lambda r: {}),
    (
        "sw",
        "section47_complete",
        lambda c, r: [c.pk, r["s47"].pk],
        lambda r: {"version": r["s47"].version},
    ),
    ("sw", "conference_add", lambda c, r: [c.pk], lambda r: {}),
    ("sw", "cp_plan_end", lambda c, r: [c.pk], lambda r: {"version": r["plan"].version}),
    ("sw", "visit_add", lambda c, r: [c.pk], lambda r: {}),
    ("tm", "oversight_add", lambda c, r: [c.pk], lambda r: {}),
    ("sw", "event_add", lambda c, r: [c.pk], lambda r: {}),
    ("sw", "placement_change", lambda c, r: [c.pk], lambda r: {}),
    ("sw", "legal_status_change", lambda c, r: [c.pk], lambda r: {}),
    ("sw", "care_end", lambda c, r: [c.pk], lambda r: {"version": r["period"].version}),
    ("sw", "lac_review_add", lambda c, r: [c.pk], lambda r: {}),
    ("sw", "health_check_add", lambda c, r: [c.pk], lambda r: {}),
    ("sw", "missing_add", lambda c, r: [c.pk], lambda r: {}),
    (
        "sw",
        "return_interview",
        lambda c, r: [c.pk, r["missing"].pk],
        lambda r: {"version": r["missing"].version},
    ),
    ("sw", "exploitation_add", lambda c, r: [c.pk], lambda r: {}),
    ("sw", "pathway_plan_add", lambda c, r: [c.pk], lambda r: {}),
    ("sw", "care_leaver_contact_add", lambda c, r: [c.pk], lambda r: {}),
    ("sw", "entitlements_add", lambda c, r: [c.pk], lambda r: {}),
    # With proceedings open, this is the final order form.
    (
        "sw",
        "proceedings_add",
        lambda c, r: [c.pk],
        lambda r: {"version": r["proceedings"].version},
    ),
    ("sw", "adoption_add", lambda c, r: [c.pk], lambda r: {}),
    ("tm", "allocate", lambda c, r: [c.pk], lambda r: {}),
    ("tm", "supervision_add", lambda c, r: [c.allocations.get().worker_id], lambda r: {}),
    ("admin", "team_add", lambda c, r: [], lambda r: {}),
    ("admin", "post_add", lambda c, r: [r["post"].team_id], lambda r: {}),
    ("admin", "post_fill", lambda c, r: [r["post"].pk], lambda r: {}),
    ("admin", "worker_add", lambda c, r: [], lambda r: {}),
    ("admin", "worker_edit", lambda c, r: [c.allocations.get().worker_id], lambda r: {}),
]


@pytest.mark.parametrize(("who", "name", "args", "data"), FORMS, ids=[f[1] for f in FORMS])
def test_an_incomplete_form_shows_the_error_summary_and_writes_nothing(
    client, child, records, social_worker, manager, admin_user, who, name, args, data
):
    user = {"sw": social_worker.user, "tm": manager.user, "admin": admin_user}[who]
    force_login_verified(client, user)
    url = reverse(name, args=args(child, records))
    before = _counts()
    last_audit = AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0

    response = client.post(url, data(records))

    assert response.status_code == 200
    content = response.content.decode()
    assert "There is a problem" in content
    assert "<title>Error: " in content
    assert _counts() == before, "an invalid form wrote records"
    new = list(AuditEntry.objects.filter(id__gt=last_audit))
    assert [e.action for e in new] == [AuditEntry.Action.VIEW]
    # Every error summary link goes to an element that exists and is an input the user answers.
    summary = content.split('class="govuk-error-summary"')[1].split("</ul>")[0]
    targets = re.findall(r'href="#([^"]+)"', summary)
    assert targets
    for target in targets:
        tag = re.search(rf'<(\w+)[^>]*\bid="{re.escape(target)}"', content)
        assert tag is not None, f"#{target} is not on the page"
        assert tag.group(1) in {"input", "select", "textarea"}, f"#{target} is a <{tag.group(1)}>"


def test_a_concurrent_edit_to_a_plan_gives_409_and_keeps_the_users_input(
    client, child, records, social_worker
):
    force_login_verified(client, social_worker.user)
    plan = records["plan"]
    read_version = plan.version
    # A colleague changes the plan after the form was opened.
    casework.save_changes(plan, expected_version=read_version, changes={"latest_category": "PHY"})
    before = _counts()

    response = client.post(
        reverse("cp_plan_end", args=[child.pk]),
        {
            "version": read_version,
            "end_reason": "looked_after",
            **date_parts("end_date", dt.date(2024, 6, 3)),
        },
    )

    assert response.status_code == 409
    content = response.content.decode()
    assert "changed by someone else" in content
    assert re.search(r'value="looked_after"\s+checked', content)  # the user's answer is kept
    assert 'value="3"' in content and 'value="6"' in content and 'value="2024"' in content
    assert "Physical abuse" in content  # the latest saved version is shown beside it
    assert f'value="{read_version + 1}"' in content  # saving again replaces the latest
    assert _counts() == before
    plan.refresh_from_db()
    assert plan.end_date is None


def _original(content: str) -> str:
    tag = re.search(r'<input[^>]*name="original"[^>]*>', content).group(0)
    return html.unescape(re.search(r'value="([^"]*)"', tag).group(1))


def test_a_concurrent_edit_to_a_worker_gives_409_and_saving_again_replaces_it(
    client, social_worker, admin_user, team
):
    force_login_verified(client, admin_user)
    url = reverse("worker_edit", args=[social_worker.pk])
    page = client.get(url).content.decode()
    original = _original(page)
    Worker.objects.filter(pk=social_worker.pk).update(last_name="Bello-Smith")
    data = {
        "staff_id": social_worker.staff_id,
        "first_name": "Adeola",
        "last_name": "Bello",
        "role": social_worker.role,
        "qualification": social_worker.qualification,
        "employment": social_worker.employment,
        "team": team.pk,
        "original": original,
        **date_parts("start_date", social_worker.start_date),
    }

    response = client.post(url, data)

    assert response.status_code == 409
    content = response.content.decode()
    assert "changed by someone else" in content
    assert 'value="Adeola"' in content
    social_worker.refresh_from_db()
    assert social_worker.first_name != "Adeola"
    # The form now carries the latest values, so saving again replaces them.
    refreshed = _original(content)
    assert json.loads(refreshed)["last_name"] == "Bello-Smith"
    response = client.post(url, {**data, "original": refreshed})
    assert response.status_code == 302
    social_worker.refresh_from_db()
    assert (social_worker.first_name, social_worker.last_name) == ("Adeola", "Bello")
