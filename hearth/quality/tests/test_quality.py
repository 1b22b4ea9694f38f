"""Case audits, moderation, actions, surveys by link, complaints and the quality indicators."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from hearth.access import permissions
from hearth.access.models import AccessGrant, AuditEntry, User
from hearth.access.selectors import children_visible_to
from hearth.access.tests.factories import UserFactory
from hearth.access.tests.signin import force_login_verified
from hearth.casework import clocks
from hearth.casework.tests.factories import CINEpisodeFactory, CPPlanFactory
from hearth.core.chronology import chronology_for
from hearth.insight.indicators import get
from hearth.people.tests.factories import ChildFactory
from hearth.quality import selectors, services
from hearth.quality.models import (
    AuditProgramme,
    CaseAudit,
    ComplaintStage,
    Domain,
    SurveyResponse,
)
from hearth.workforce.tests.factories import AllocationFactory, TeamFactory, WorkerFactory

pytestmark = pytest.mark.django_db

R = User.Role
TODAY = dt.date(2026, 3, 31)


@pytest.fixture
def people():
    team_a, team_b = TeamFactory(name="Team A"), TeamFactory(name="Team B")
    worker = WorkerFactory(team=team_a, user__role=R.SOCIAL_WORKER)
    manager_b = WorkerFactory(team=team_b, user__role=R.TEAM_MANAGER)
    leader = UserFactory(role=R.SENIOR_LEADER)
    iro = WorkerFactory(team=team_b, user__role=R.IRO)
    children = []
    for i in range(6):
        child = ChildFactory(la_child_id=f"Q{i:05d}")
        CINEpisodeFactory(child=child, referral_date=dt.date(2024, 1, 1))
        AllocationFactory(child=child, worker=worker)
        children.append(child)
    return {
        "worker": worker.user,
        "auditor": manager_b.user,
        "leader": leader,
        "moderator": iro.user,
        "children": children,
    }


def _programme(people, **kw):
    args = {
        "title": "Spring audit",
        "theme": "The child's voice",
        "start_date": dt.date(2026, 1, 1),
        "end_date": dt.date(2026, 6, 30),
        "method": AuditProgramme.Method.RANDOM,
        "sample_size": 3,
        "seed": 42,
        "acting_user": people["leader"],
    }
    args.update(kw)
    return services.programme_create(**args)


def _grades(grade="good"):
    return {d: (grade, f"Evidence for {d}") for d in Domain.values}


def test_random_sample_is_reproducible_from_its_seed_and_leaves_restricted_records_out(people):
    restricted = people["children"][0]
    restricted.restricted = True
    restricted.save()
    one = services.draw_sample(programme=_programme(people), day=TODAY)
    two = services.draw_sample(programme=_programme(people, title="Again"), day=TODAY)
    assert one == two and len(one) == 3
    assert restricted.pk not in one
    other = services.draw_sample(programme=_programme(people, title="x", seed=1), day=TODAY)
    assert set(other) <= {c.pk for c in people["children"][1:]}


def test_risk_sample_takes_children_on_a_plan_for_more_than_18_months(people):
    long_plan = people["children"][1]
    CPPlanFactory(cin_episode=long_plan.cin_episodes.first(), start_date=dt.date(2024, 6, 1))
    recent = people["children"][2]
    CPPlanFactory(cin_episode=recent.cin_episodes.first(), start_date=dt.date(2025, 12, 1))
    programme = _programme(
        people, method=AuditProgramme.Method.RISK, risk=AuditProgramme.Risk.CP_OVER_18_MONTHS
    )
    assert services.draw_sample(programme=programme, day=TODAY) == [long_plan.pk]


def test_sampling_gives_each_auditor_read_only_access_with_the_programme_as_reason(people):
    auditor = people["auditor"]
    child = people["children"][3]
    assert not children_visible_to(user=auditor).filter(pk=child.pk).exists()
    programme = _programme(people, sample_size=6)
    audits = services.programme_sample(
        programme=programme, auditors=[auditor], acting_user=people["leader"], day=TODAY
    )
    assert len(audits) == 6
    grant = AccessGrant.objects.get(user=auditor, child=child)
    assert grant.kind == AccessGrant.Kind.CASE_AUDIT
    assert grant.reason == "case audit Spring audit"
    assert children_visible_to(user=auditor).filter(pk=child.pk).exists()
    # Reading is not working the case: no capability to change the record comes with it.
    assert not permissions.may(auditor, permissions.RECORD, child=child)
    assert AuditEntry.objects.filter(
        child=child, action=AuditEntry.Action.PERMISSION, reason="case audit Spring audit"
    ).exists()
    with pytest.raises(ValidationError):
        services.programme_sample(
            programme=programme, auditors=[auditor], acting_user=people["leader"], day=TODAY
        )


def test_a_social_worker_cannot_run_a_programme(people):
    with pytest.raises(PermissionDenied):
        _programme(people, acting_user=people["worker"])


def test_audit_moderation_and_action_flow_to_my_work_and_the_chronology(people):
    auditor, moderator, worker = people["auditor"], people["moderator"], people["worker"]
    programme = _programme(people, sample_size=1)
    [item] = services.programme_sample(
        programme=programme, auditors=[auditor], acting_user=people["leader"], day=TODAY
    )
    with pytest.raises(ValidationError):
        services.audit_complete(
            audit_obj=item,
            grades=_grades(),
            overall_grade="good",
            chronology_reviewed=True,
            strengths="",
            learning="",
            themes="",
            moderator=auditor,
            acting_user=auditor,
        )
    services.audit_complete(
        audit_obj=item,
        grades=_grades("requires_improvement"),
        overall_grade="requires_improvement",
        chronology_reviewed=True,
        strengths="Visits",
        learning="Plans drift",
        themes="Drift, voice of the child",
        moderator=moderator,
        acting_user=auditor,
    )
    assert AccessGrant.objects.filter(user=moderator, child=item.child).exists()
    with pytest.raises(PermissionDenied):
        services.audit_moderate(
            audit_obj=item, agrees=True, moderated_grade=None, comment="", acting_user=auditor
        )
    services.audit_moderate(
        audit_obj=item,
        agrees=False,
        moderated_grade="inadequate",
        comment="Risk not seen",
        acting_user=moderator,
    )
    item.refresh_from_db()
    assert item.status == CaseAudit.Status.MODERATED
    # The moderator's case-audit grant ends with the moderation (an IRO still sees the child
    # authority-wide, as before).
    assert not AccessGrant.objects.filter(
        user=moderator, child=item.child, revoked_at__isnull=True
    ).exists()
    action = services.action_add(
        audit_obj=item,
        description="Update the chronology",
        owner=worker,
        due_date=timezone.localdate() + dt.timedelta(days=10),
        acting_user=auditor,
    )
    client = Client()
    force_login_verified(client, worker)
    page = client.get(reverse("my_work")).content.decode()
    assert "Audit action: Update the chronology" in page
    assert reverse("quality_action_complete", args=[action.pk]) in page
    response = client.post(
        reverse("quality_action_complete", args=[action.pk]), {"note": "Chronology updated"}
    )
    assert response.status_code == 302
    assert "Audit action" not in client.get(reverse("my_work")).content.decode()
    # Moderated and every action done: the auditor's access ends.
    assert not children_visible_to(user=auditor).filter(pk=item.child_id).exists()
    titles = [e.title for e in chronology_for(child=item.child)]
    assert any(t.startswith("Case audit (Spring audit): Requires improvement") for t in titles)
    assert "Case audit moderated: graded Inadequate" in titles
    assert "Audit action completed" in titles
    summary = selectors.programme_summary(programme=programme)
    assert summary.agreement == 0
    assert summary.themes == [("drift", 1), ("voice of the child", 1)]


def test_audit_form_shows_the_error_summary_and_no_radio_is_pre_ticked(people):
    auditor = people["auditor"]
    [item] = services.programme_sample(
        programme=_programme(people, sample_size=1),
        auditors=[auditor],
        acting_user=people["leader"],
        day=TODAY,
    )
    client = Client()
    force_login_verified(client, auditor)
    page = client.get(reverse("quality_audit", args=[item.pk])).content.decode()
    assert "checked" not in page
    assert "govuk-character-count" in page
    response = client.post(reverse("quality_audit", args=[item.pk]), {})
    body = response.content.decode()
    assert "govuk-error-summary" in body
    assert "Select the grade for the child&#x27;s voice" in body
    assert response.context["form"].errors


def _survey(people):
    return services.survey_create(
        title="Your social worker",
        audience="children_in_care",
        introduction="",
        questions=[
            ("Are you happy with your social worker?", "agree", "happy_with_worker"),
            ("What would make things better?", "text", ""),
        ],
        acting_user=people["leader"],
    )


def test_a_survey_link_reveals_nothing_works_once_and_is_audited(people):
    cache.clear()
    child = people["children"][0]
    survey = _survey(people)
    link, token = services.survey_link_create(
        survey=survey, child=child, acting_user=people["worker"]
    )
    assert link.token_hash != token and len(token) >= 40
    client = Client()
    url = reverse("survey_answer", args=[token])
    page = client.get(url).content.decode()
    assert "Are you happy with your social worker?" in page
    for secret in (child.first_name, child.last_name, child.la_child_id):
        assert escape(secret) not in page
    assert "checked" not in page
    question = survey.questions.get(number=1)
    response = client.post(url, {f"q_{question.pk}": "yes"})
    assert "Thank you" in response.content.decode()
    assert SurveyResponse.objects.get().child == child
    assert client.get(url).status_code == 404
    assert client.post(url, {f"q_{question.pk}": "no"}).status_code == 404
    assert SurveyResponse.objects.count() == 1
    assert AuditEntry.objects.filter(what__startswith="Survey answered by link").exists()
    assert client.get(reverse("survey_answer", args=["guess"])).status_code == 404


def test_an_expired_link_does_not_work_and_the_page_is_rate_limited(people, settings):
    cache.clear()
    survey = _survey(people)
    link, token = services.survey_link_create(
        survey=survey, child=people["children"][0], acting_user=people["worker"]
    )
    link.expires_at = timezone.now() - dt.timedelta(minutes=1)
    link.save()
    client = Client()
    assert client.get(reverse("survey_answer", args=[token])).status_code == 404
    from hearth.quality import views

    try:
        for _ in range(views.LINK_RATE_LIMIT):
            client.get(reverse("survey_answer", args=["x"]))
        assert client.get(reverse("survey_answer", args=[token])).status_code == 429
    finally:
        cache.clear()  # the limit counts by address: leave none used for later tests


def test_children_feedback_indicator_counts_those_happy_with_their_worker(people):
    survey = _survey(people)
    question = survey.questions.get(number=1)
    for value in ("yes", "yes", "yes", "sometimes", "no"):
        services.survey_response_enter(
            survey=survey,
            child=None,
            date=dt.date(2026, 3, 1),
            answers={question.pk: value},
            acting_user=people["worker"],
        )
    result = get("children-feedback").compute(as_of=TODAY)
    assert (result.numerator, result.denominator) == (3, 5)


def test_complaint_timescales_and_the_on_time_indicator(people):
    # Stage 1: 10 working days; received Monday 2 March 2026 -> due Monday 16 March.
    assert clocks.complaint_response_due(dt.date(2026, 3, 2), stage=1) == dt.date(2026, 3, 16)
    assert clocks.complaint_response_due(dt.date(2026, 3, 2), stage=1, extended=True) == dt.date(
        2026, 3, 30
    )
    on_time = services.complaint_record(
        kind="complaint",
        made_by="parent",
        received_date=dt.date(2026, 3, 2),
        summary="Late visits",
        acting_user=people["worker"],
    )
    services.complaint_respond(
        complaint=on_time,
        responded_date=dt.date(2026, 3, 13),
        outcome="partly",
        extended=False,
        acting_user=people["worker"],
    )
    late = services.complaint_record(
        kind="complaint",
        made_by="child",
        received_date=dt.date(2026, 2, 2),
        summary="Not listened to",
        acting_user=people["worker"],
    )
    services.complaint_record(
        kind="compliment",
        made_by="carer",
        received_date=dt.date(2026, 2, 2),
        summary="Thank you",
        acting_user=people["worker"],
    )
    result = get("complaints-on-time").compute(as_of=TODAY)
    assert (result.numerator, result.denominator) == (1, 2)
    services.complaint_respond(
        complaint=late,
        responded_date=dt.date(2026, 3, 20),
        outcome="upheld",
        extended=False,
        acting_user=people["worker"],
    )
    stage2 = services.complaint_escalate(
        complaint=late, start=dt.date(2026, 3, 23), acting_user=people["worker"]
    )
    assert stage2.stage == 2
    assert ComplaintStage.objects.filter(complaint=late).count() == 2


def test_chronology_reviewed_counts_supervision_and_audits_in_the_last_3_months(people):
    from hearth.workforce.services import supervision_record

    manager = WorkerFactory(team=people["worker"].worker.team, user__role=R.TEAM_MANAGER)
    reviewed, audited = people["children"][0], people["children"][1]
    supervision_record(
        worker=people["worker"].worker,
        date=dt.date(2026, 2, 10),
        reflective_notes="",
        wellbeing_discussed=True,
        discussions=[
            (reviewed, "Discussed", "", None, True),
            (people["children"][2], "x", "", None),
        ],
        acting_user=manager.user,
    )
    programme = _programme(people, sample_size=6)
    item = CaseAudit.objects.create(
        programme=programme,
        child=audited,
        auditor=people["auditor"],
        status="completed",
        completed_date=dt.date(2026, 3, 1),
        overall_grade="good",
        chronology_reviewed=True,
    )
    assert item.pk
    result = get("chronology-updated").compute(as_of=TODAY)
    assert result.denominator == 6
    assert {m.child_id for m in result.members if m.counted} == {reviewed.pk, audited.pk}
    later = get("chronology-updated").compute(as_of=dt.date(2026, 7, 1))
    assert later.numerator == 0


def test_audit_indicators(people):
    programme = _programme(people, sample_size=6)
    grades = ["outstanding", "good", "requires_improvement", "inadequate"]
    for child, grade in zip(people["children"], grades, strict=False):
        CaseAudit.objects.create(
            programme=programme,
            child=child,
            auditor=people["auditor"],
            status="completed",
            completed_date=dt.date(2026, 3, 1),
            overall_grade=grade,
        )
    assert get("audits-completed").compute(as_of=TODAY).value == 4
    assert get("case-audits").compute(as_of=TODAY).value == 50


def test_conference_form_records_how_the_child_took_part_and_the_indicator_counts_it(people):
    from hearth.quality.models import ConferenceParticipation

    child = people["children"][0]
    client = Client()
    force_login_verified(client, people["worker"])
    day = timezone.localdate() - dt.timedelta(days=3)
    data = {
        "kind": "initial",
        "plan_required": "yes",
        "category": "NEG",
        "visit_frequency_days": "10",
        "participation": "PN5",
        "date_0": str(day.day),
        "date_1": str(day.month),
        "date_2": str(day.year),
    }
    before = AuditEntry.objects.count()
    response = client.post(reverse("conference_add", args=[child.pk]), data)
    assert response.status_code == 302
    assert AuditEntry.objects.count() == before + 1  # one entry for the conference
    assert ConferenceParticipation.objects.get(child=child).code == "PN5"
    result = get("review-participation").compute(as_of=timezone.localdate())
    assert (result.numerator, result.denominator) == (1, 1)
