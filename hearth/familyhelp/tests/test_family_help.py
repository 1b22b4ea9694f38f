"""Family Help: the family and its episode, the statutory records derived from it (CIN episode
at s17, early help when targeted), the one assessment and plan with each child's views, steps up
and down on each child's chronology, the lead practitioner's access and My work, the pages."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from hearth.access.models import AuditEntry, User
from hearth.access.permissions import RECORD, may
from hearth.access.selectors import children_visible_to
from hearth.access.tests.factories import UserFactory
from hearth.access.tests.signin import force_login_verified
from hearth.casework.models import Assessment, CINEpisode, EarlyHelpEpisode
from hearth.casework.tests.factories import CINEpisodeFactory, CPPlanFactory
from hearth.core.chronology import chronology_for
from hearth.familyhelp import selectors, services
from hearth.familyhelp.models import FamilyHelpChild, FamilyHelpEpisode, FamilyHelpEvent
from hearth.people.tests.factories import ChildFactory, FamilyMemberFactory
from hearth.returns.cin import build_cin_xml
from hearth.returns.tests import builders
from hearth.workforce.tests.factories import AllocationFactory, TeamFactory, WorkerFactory

pytestmark = pytest.mark.django_db
D = dt.date
R = User.Role


def _start(children, *, level="s17", lead=None, acting=None, **extra):
    acting = acting or UserFactory(role=R.SOCIAL_WORKER)
    values = {
        "family_name": "The Ahmed family",
        "level": level,
        "start_date": D(2026, 9, 1),
        "primary_need": "N4",
        "referral_source": "2A",
        "reason": "Parents separating; the children are not sleeping",
        "lead_agency": "la",
        "lead_user": lead or acting,
        "acting_user": acting,
    }
    values.update(extra)
    return services.family_help_start(children=children, **values)


def _siblings():
    a = ChildFactory(first_name="Aisha", last_name="Ahmed", date_of_birth=D(2014, 3, 1))
    b = ChildFactory(first_name="Bilal", last_name="Ahmed", date_of_birth=D(2017, 5, 1))
    return a, b


# --- Derived records ----------------------------------------------------------------------------


def test_s17_family_help_opens_each_childs_cin_episode_in_the_same_transaction():
    a, b = _siblings()
    episode = _start([a, b])
    for child in (a, b):
        cin = CINEpisode.objects.get(child=child)
        assert cin.referral_date == D(2026, 9, 1)
        assert (cin.referral_source, cin.primary_need) == ("2A", "N4")
        link = FamilyHelpChild.objects.get(episode=episode, child=child)
        assert link.cin_episode == cin and link.cin_opened_here
    assert not EarlyHelpEpisode.objects.exists()


def test_s17_family_help_links_an_open_cin_episode_rather_than_opening_a_second():
    a, b = _siblings()
    open_cin = CINEpisodeFactory(child=a, referral_date=D(2026, 6, 1))
    episode = _start([a, b])
    link = FamilyHelpChild.objects.get(episode=episode, child=a)
    assert link.cin_episode == open_cin and not link.cin_opened_here
    assert CINEpisode.objects.filter(child=a).count() == 1
    # Ending Family Help leaves the episode it did not open to the work that opened it.
    services.family_help_end(
        episode=episode,
        expected_version=episode.version,
        end_date=D(2026, 11, 1),
        end_reason="needs_met",
        acting_user=UserFactory(),
    )
    open_cin.refresh_from_db()
    assert open_cin.closure_date is None
    assert CINEpisode.objects.get(child=b).closure_date == D(2026, 11, 1)


def test_targeted_family_help_counts_where_early_help_counts():
    a, b = _siblings()
    episode = _start(
        [a, b],
        level="targeted",
        lead=None,
        lead_user=None,
        lead_name="Jo Bright",
        lead_agency="school",
        lead_organisation="Oakfield Primary School",
    )
    assert not CINEpisode.objects.exists()
    ehs = EarlyHelpEpisode.objects.order_by("child__date_of_birth")
    assert [(e.child, e.lead_professional, e.lead_agency) for e in ehs] == [
        (a, "Jo Bright", "school"),
        (b, "Jo Bright", "school"),
    ]
    services.family_help_end(
        episode=episode,
        expected_version=episode.version,
        end_date=D(2026, 10, 15),
        end_reason="needs_met",
        acting_user=UserFactory(),
    )
    assert set(EarlyHelpEpisode.objects.values_list("end_date", "end_reason")) == {
        (D(2026, 10, 15), "needs_met")
    }


def test_ending_closes_the_cin_episode_it_opened_unless_the_child_is_now_on_a_protection_plan():
    a, b = _siblings()
    episode = _start([a, b])
    CPPlanFactory(child=b, cin_episode=CINEpisode.objects.get(child=b), start_date=D(2026, 10, 1))
    services.family_help_end(
        episode=episode,
        expected_version=episode.version,
        end_date=D(2026, 10, 20),
        end_reason="step_up_cp",
        closure_reason="RC7",
        acting_user=UserFactory(),
    )
    assert CINEpisode.objects.get(child=a).closure_reason == "RC7"
    assert CINEpisode.objects.get(child=b).closure_date is None


def test_a_child_already_in_open_family_help_cannot_join_another_family():
    a, b = _siblings()
    _start([a])
    with pytest.raises(ValidationError, match="Already in open Family Help"):
        _start([a, b])
    assert FamilyHelpEpisode.objects.count() == 1


def test_a_partner_lead_needs_their_organisation():
    a, _ = _siblings()
    with pytest.raises(ValidationError) as err:
        _start([a], lead_agency="school", lead_organisation="")
    assert "lead_organisation" in err.value.error_dict


# --- Assessment, plan, reviews, steps ---------------------------------------------------------


def test_one_family_assessment_records_each_childs_needs_and_views_and_derives_their_s17_assessment():
    a, b = _siblings()
    episode = _start([a, b])
    user = UserFactory()
    per_child = {
        a.pk: {"needs": "Help with anxiety", "views": "I worry about Mum"},
        b.pk: {"needs": "Speech and language", "views": "Drew a sad face at home"},
    }
    assessment = services.family_assessment_save(
        episode=episode,
        start_date=D(2026, 9, 2),
        completed_date=D(2026, 10, 10),
        family_strengths="Warm grandparents nearby",
        family_needs="Housing and routines",
        per_child=per_child,
        acting_user=user,
    )
    derived = Assessment.objects.get(child=a)
    assert derived.cin_episode == CINEpisode.objects.get(child=a)
    assert (derived.start_date, derived.completed_date) == (D(2026, 9, 2), D(2026, 10, 10))
    assert derived.childs_views == "I worry about Mum"
    assert derived.awaiting_authorisation  # the manager authorises it as any assessment
    # A second save updates the same records: still one assessment per family and per child.
    services.family_assessment_save(
        episode=episode,
        start_date=D(2026, 9, 2),
        completed_date=D(2026, 10, 10),
        family_strengths="Warm grandparents nearby",
        family_needs="Housing and routines",
        per_child={**per_child, a.pk: {"needs": "Anxiety", "views": "I still worry"}},
        expected_version=assessment.version,
        acting_user=user,
    )
    assert Assessment.objects.filter(child=a).count() == 1
    assert Assessment.objects.get(child=a).childs_views == "I still worry"
    assert episode.assessment.children.count() == 2


def test_plan_review_sets_the_next_review_and_a_continuing_plan_needs_one():
    a, _ = _siblings()
    episode = _start([a])
    user = UserFactory()
    plan = services.family_plan_save(
        episode=episode,
        start_date=D(2026, 10, 12),
        outcomes="Calmer mornings",
        actions="Family support worker twice a week",
        per_child={a.pk: {"needs": "Gets to school on time", "views": "I like my teacher"}},
        review_due=D(2026, 11, 12),
        acting_user=user,
    )
    with pytest.raises(ValidationError):
        services.family_plan_review_record(
            plan=plan,
            date=D(2026, 11, 12),
            progress="Better",
            childrens_views="Good",
            outcome="continue",
            acting_user=user,
        )
    services.family_plan_review_record(
        plan=plan,
        date=D(2026, 11, 12),
        progress="Better",
        childrens_views="Aisha: mornings are easier",
        outcome="continue",
        next_review_due=D(2027, 1, 12),
        acting_user=user,
    )
    plan.refresh_from_db()
    assert plan.review_due == D(2027, 1, 12)


def test_a_step_up_is_dated_on_the_childs_chronology_and_links_the_strategy_discussion():
    from hearth.casework.models import StrategyDiscussion

    a, b = _siblings()
    episode = _start([a, b])
    cin = CINEpisode.objects.get(child=a)
    sd = StrategyDiscussion.objects.create(child=a, cin_episode=cin, date=D(2026, 10, 3))
    services.family_help_event_record(
        episode=episode,
        child=a,
        kind=FamilyHelpEvent.Kind.STEP_UP_CP,
        date=D(2026, 10, 3),
        note="Disclosure at school",
        strategy_discussion=sd,
        acting_user=UserFactory(),
    )
    titles = [(e.date, e.title) for e in chronology_for(child=a)]
    assert (D(2026, 10, 3), "Stepped up to child protection") in titles
    assert (D(2026, 9, 1), "Family Help started for The Ahmed family") in titles
    assert all(e.title != "Stepped up to child protection" for e in chronology_for(child=b))
    with pytest.raises(ValidationError):  # another child's strategy discussion
        services.family_help_event_record(
            episode=episode,
            child=b,
            kind=FamilyHelpEvent.Kind.STEP_UP_CP,
            date=D(2026, 10, 3),
            note="x",
            strategy_discussion=sd,
            acting_user=UserFactory(),
        )


def test_starting_as_a_step_down_records_it_on_each_child():
    a, b = _siblings()
    _start([a, b], stepped_down=True)
    assert FamilyHelpEvent.objects.filter(kind="step_down").count() == 2


# --- CIN census ------------------------------------------------------------------------------


def _cin_child_ids(xml: bytes) -> set[str]:
    from lxml import etree

    return {c.findtext("ChildIdentifiers/LAchildID") for c in etree.fromstring(xml).iter("Child")}


def test_a_family_help_child_at_s17_is_in_the_cin_census_and_a_targeted_one_is_not():
    builders.authority()
    a, b = _siblings()
    c = ChildFactory()
    _start([a, b])
    _start([c], level="targeted")
    ids = _cin_child_ids(build_cin_xml(year="2026-27"))
    assert {a.la_child_id, b.la_child_id} <= ids
    assert c.la_child_id not in ids


@pytest.mark.skipif(
    not Path(settings.VALIDATORS_PYTHON).exists(),
    reason="DfE validators' venv (.venv-validators) not built: run `make validators`",
)
def test_dfe_rules_find_no_error_in_a_family_help_childs_cin_return():
    from hearth.returns.validate import validate_cin

    builders.authority()
    a, b = _siblings()
    episode = _start([a, b])
    services.family_assessment_save(
        episode=episode,
        start_date=D(2026, 9, 2),
        family_strengths="Warm grandparents",
        family_needs="Routines",
        per_child={
            a.pk: {"needs": "Anxiety", "views": "I worry"},
            b.pk: {"needs": "Speech", "views": "Pointed at the door"},
        },
        acting_user=UserFactory(),
    )
    report = validate_cin(year="2026-27")
    mine = {a.pk, b.pk}
    errors = [r.code for r in report.errors if any(f.child_pk in mine for f in r.failures)]
    assert errors == [], report.describe_failures()


# --- Indicators ------------------------------------------------------------------------------


def test_family_help_counts_open_started_ended_and_partner_led():
    a, b = _siblings()
    c = ChildFactory()
    e1 = _start([a, b])
    _start(
        [c],
        level="targeted",
        lead_user=None,
        lead_name="Jo Bright",
        lead_agency="school",
        lead_organisation="Oakfield Primary School",
        start_date=D(2026, 10, 5),
    )
    services.family_help_end(
        episode=e1,
        expected_version=e1.version,
        end_date=D(2026, 10, 20),
        end_reason="needs_met",
        acting_user=UserFactory(),
    )
    counts = selectors.family_help_counts(start=D(2026, 10, 1), end=D(2026, 10, 31))
    assert (counts["open"], counts["started"], counts["ended"]) == (2, 1, 1)
    assert (counts["partner_led"], counts["families"], counts["s17"]) == (1, 2, 1)
    assert selectors.family_help_counts(start=D(2026, 11, 1), end=D(2026, 11, 30))["open"] == 1


# --- Access, pages and My work -----------------------------------------------------------------


def _client(user) -> Client:
    client = Client()
    force_login_verified(client, user)
    return client


def test_the_early_help_lead_sees_the_familys_children_and_may_record_on_them():
    a, b = _siblings()
    lead = UserFactory(role=R.EARLY_HELP)
    other = ChildFactory()
    assert not children_visible_to(user=lead).exists()
    episode = _start([a, b], lead=lead)
    assert set(children_visible_to(user=lead)) == {a, b}
    assert may(lead, RECORD, child=a) and not may(lead, RECORD, child=other)
    services.family_help_end(
        episode=episode,
        expected_version=episode.version,
        end_date=D(2026, 10, 1),
        end_reason="needs_met",
        acting_user=lead,
    )
    assert not children_visible_to(user=lead).exists()


def test_start_page_offers_siblings_the_user_may_see_and_saves_the_family():
    team = TeamFactory()
    sw = WorkerFactory(team=team, user__role=R.SOCIAL_WORKER).user
    a, b = _siblings()
    hidden = ChildFactory(first_name="Zara", last_name="Ahmed")
    for child in (a, b):
        AllocationFactory(child=child, worker=sw.worker)
    FamilyMemberFactory(
        child=a, relationship="sibling", related_child=b, first_name="Bilal", last_name="Ahmed"
    )
    FamilyMemberFactory(
        child=a, relationship="sibling", related_child=hidden, first_name="Zara", last_name="Ahmed"
    )
    mum = FamilyMemberFactory(child=a, relationship="mother", first_name="Noor", last_name="Ahmed")
    client = _client(sw)
    url = reverse("family_help_start", args=[a.pk])
    page = client.get(url).content.decode()
    assert (
        escape(b.full_name) in page
        and "Zara"
        not in page.split("Adults the help is for")[0].split("Children the help is for")[1]
    )
    assert "checked" not in page
    bad = client.post(url, {"family_name": "The Ahmed family"})
    assert bad.status_code == 200
    assert "govuk-error-summary" in bad.content.decode()
    response = client.post(
        url,
        {
            "family_name": "The Ahmed family",
            "children": [str(a.pk), str(b.pk)],
            "adults": [str(mum.pk)],
            "level": "s17",
            "start_date_0": "1",
            "start_date_1": "9",
            "start_date_2": "2026",
            "primary_need": "N4",
            "referral_source": "2A",
            "reason": "Parents separating",
            "lead_user": str(sw.pk),
            "lead_agency": "la",
            "team": "",
            "stepped_down": "no",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    episode = FamilyHelpEpisode.objects.get()
    assert response.url == reverse("family_help", args=[a.pk, episode.pk])
    assert [x.first_name for x in episode.family.adults.all()] == ["Noor"]
    page = client.get(response.url).content.decode()
    assert escape(a.full_name) in page and escape(b.full_name) in page and "Noor" in page
    assert AuditEntry.objects.filter(
        user=sw, child=a, what="Family Help: family page", action="view"
    ).exists()


def test_a_user_who_cannot_see_every_child_cannot_change_the_familys_records():
    team = TeamFactory()
    sw = WorkerFactory(team=team, user__role=R.SOCIAL_WORKER).user
    a, b = _siblings()
    AllocationFactory(child=a, worker=sw.worker)
    episode = _start(
        [a, b],
        lead_user=None,
        lead_name="Jo Bright",
        lead_agency="school",
        lead_organisation="Oakfield Primary School",
    )
    client = _client(sw)
    page = client.get(reverse("family_help", args=[a.pk, episode.pk])).content.decode()
    assert "1 other child" in page and escape(b.full_name) not in page
    assert client.get(reverse("family_help_assessment", args=[a.pk, episode.pk])).status_code == 403
    # And no child's page reaches a family they are not in.
    c = ChildFactory()
    AllocationFactory(child=c, worker=sw.worker)
    assert client.get(reverse("family_help", args=[c.pk, episode.pk])).status_code == 404


def test_the_lead_records_the_assessment_and_plan_and_sees_them_due_in_my_work():
    a, b = _siblings()
    lead = UserFactory(role=R.EARLY_HELP)
    episode = _start([a, b], lead=lead, level="targeted", acting=UserFactory())
    client = _client(lead)
    work = client.get(reverse("my_work")).content.decode()
    assert "Family Help assessment: The Ahmed family" in work
    url = reverse("family_help_assessment", args=[a.pk, episode.pk])
    form = client.get(url).content.decode()
    assert (
        "govuk-character-count" in form
        and escape(f"{b.full_name}'s views, in their own words") in form
    )
    data = {
        "start_date_0": "2",
        "start_date_1": "9",
        "start_date_2": "2026",
        "completed_date_0": "1",
        "completed_date_1": "10",
        "completed_date_2": "2026",
        "family_strengths": "Close to grandparents",
        "family_needs": "Routines",
        f"needs_{a.pk}": "Anxiety",
        f"views_{a.pk}": "I want Dad to come to parents' evening",
        f"needs_{b.pk}": "Speech",
    }
    bad = client.post(url, data)
    assert bad.status_code == 200 and f"Enter {escape(b.full_name)}" in bad.content.decode()
    data[f"views_{b.pk}"] = "Smiled when talking about nursery"
    assert client.post(url, data).status_code == 302
    work = client.get(reverse("my_work")).content.decode()
    assert "Family Help plan: The Ahmed family" in work
    family = client.get(reverse("family_help", args=[b.pk, episode.pk])).content.decode()
    assert escape("I want Dad to come to parents' evening") in family


def test_the_registry_counts_family_help_once_per_family_and_partner_led_families():
    from hearth.insight.indicators import REGISTRY

    builders.authority()
    a, b = _siblings()
    c = ChildFactory()
    e1 = _start([a, b])
    _start(
        [c],
        level="targeted",
        lead_user=None,
        lead_name="Jo Bright",
        lead_agency="school",
        lead_organisation="Oakfield Primary School",
        start_date=D(2026, 10, 5),
    )
    services.family_help_end(
        episode=e1,
        expected_version=e1.version,
        end_date=D(2026, 10, 20),
        end_reason="needs_met",
        acting_user=UserFactory(),
    )
    period = {"as_of": D(2026, 10, 31), "period_start": D(2026, 10, 1)}
    assert REGISTRY["family-help-started"].compute(**period).value == 1
    assert REGISTRY["family-help-ended"].compute(**period).value == 1
    opened = REGISTRY["family-help-open"].compute(as_of=D(2026, 10, 10))
    assert opened.value == 2 and sorted(opened.child_ids) == sorted([min(a.pk, b.pk), c.pk])
    assert REGISTRY["family-help-partner-lead"].compute(as_of=D(2026, 10, 10)).value == 50
    assert REGISTRY["family-help-partner-lead"].compute(as_of=D(2026, 10, 25)).value == 100
    for key in ("family-help-open", "family-help-started", "family-help-ended"):
        assert REGISTRY[key].definition and REGISTRY[key].source


def test_family_help_is_shown_on_each_childs_work_page():
    team = TeamFactory()
    sw = WorkerFactory(team=team, user__role=R.SOCIAL_WORKER).user
    a, b = _siblings()
    for child in (a, b):
        AllocationFactory(child=child, worker=sw.worker)
    episode = _start(
        [a, b],
        lead_user=None,
        lead_name="Jo Bright",
        lead_agency="school",
        lead_organisation="Oakfield Primary School",
    )
    client = _client(sw)
    for child in (a, b):
        page = client.get(reverse("child_work", args=[child.pk])).content.decode()
        assert reverse("family_help", args=[child.pk, episode.pk]) in page
        assert "Jo Bright" in page and "Oakfield Primary School" in page


def test_a_partner_lead_sees_only_the_familys_children_runs_the_plan_and_loses_access_at_the_end():
    from hearth.access.models import PartnerInvolvement
    from hearth.access.permissions import FAMILY_HELP_LEAD

    a, b = _siblings()
    other = ChildFactory()
    school = UserFactory(
        role=R.PARTNER_EDUCATION, organisation="Oakfield Primary School", username="dsl"
    )
    episode = _start([a, b], lead=school, acting=UserFactory(), lead_agency="la")
    assert (episode.lead_agency, episode.lead_organisation) == ("school", "Oakfield Primary School")
    assert set(children_visible_to(user=school)) == {a, b}
    assert may(school, FAMILY_HELP_LEAD, child=a) and not may(school, RECORD, child=a)
    client = _client(school)
    assert client.get(reverse("family_help", args=[a.pk, episode.pk])).status_code == 200
    assert client.get(reverse("child_notes", args=[a.pk])).status_code == 404
    assert client.get(reverse("family_help", args=[other.pk, episode.pk])).status_code == 404
    response = client.post(
        reverse("family_help_plan", args=[a.pk, episode.pk]),
        {
            "start_date_0": "2",
            "start_date_1": "9",
            "start_date_2": "2026",
            "outcomes": "Calmer mornings",
            "actions": "Breakfast club",
            f"needs_{a.pk}": "On time",
            f"views_{a.pk}": "I like breakfast club",
            f"needs_{b.pk}": "Nursery place",
            f"views_{b.pk}": "Smiled",
        },
    )
    assert response.status_code == 302
    assert episode.plan.children.count() == 2
    # Ending Family Help is the LA's (CLOSE), and it ends the partner's access.
    assert client.get(reverse("family_help_end", args=[a.pk, episode.pk])).status_code == 404
    services.family_help_end(
        episode=episode,
        expected_version=FamilyHelpEpisode.objects.get().version,
        end_date=D(2026, 10, 1),
        end_reason="needs_met",
        acting_user=UserFactory(),
    )
    assert not children_visible_to(user=school).exists()
    assert not PartnerInvolvement.objects.filter(ended_on__isnull=True).exists()
