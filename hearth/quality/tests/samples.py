"""Sample objects for the access matrix (hearth/access/tests/test_access_matrix.py): a
programme led by the senior leader, an audit of team A's child by team A's manager moderated
by the IRO, an action for the social worker, a survey with a link, and a complaint."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone


def _programme(world):
    from hearth.quality.models import AuditProgramme

    return AuditProgramme.objects.create(
        title="Voice of the child",
        theme="The child's voice in plans",
        start_date=dt.date(2026, 1, 1),
        end_date=dt.date(2026, 12, 31),
        method="random",
        sample_size=10,
        seed=7,
        lead=world.users["senior_leader"],
    )


def programme(world) -> dict:
    return {"pk": _programme(world).pk}


def _audit(world, *, completed: bool):
    from hearth.quality.models import CaseAudit

    return CaseAudit.objects.create(
        programme=_programme(world),
        child=world.child,
        auditor=world.users["team_manager"],
        moderator=world.users["iro"] if completed else None,
        status="completed" if completed else "allocated",
        completed_date=dt.date(2026, 2, 1) if completed else None,
        overall_grade="good" if completed else "",
    )


def audit(world) -> dict:
    return {"pk": _audit(world, completed=False).pk}


def completed_audit(world) -> dict:
    return {"pk": _audit(world, completed=True).pk}


def action(world) -> dict:
    from hearth.quality.models import AuditAction

    item = _audit(world, completed=True)
    act = AuditAction.objects.create(
        child=world.child,
        audit=item,
        description="Update the chronology",
        owner=world.users["social_worker"],
        set_date=dt.date(2026, 2, 1),
        due_date=dt.date(2026, 3, 1),
    )
    return {"pk": act.pk}


def _survey():
    from hearth.quality.models import Survey

    survey = Survey.objects.create(title="Your social worker", audience="children")
    survey.questions.create(
        number=1,
        text="Are you happy with your social worker?",
        kind="agree",
        measure="happy_with_worker",
    )
    return survey


def survey(world) -> dict:
    return {"pk": _survey().pk}


def survey_link(world) -> dict:
    from django.core.cache import cache

    from hearth.quality.models import SurveyLink
    from hearth.quality.services import token_hash

    cache.clear()  # the link page's rate limit counts by address
    token = "matrix-token-0123456789abcdefghijklmnopqrstuvwxyz"
    SurveyLink.objects.create(
        survey=_survey(),
        child=world.child,
        token_hash=token_hash(token),
        created_by=world.users["social_worker"],
        created_at=timezone.now(),
        expires_at=timezone.now() + dt.timedelta(days=28),
    )
    return {"token": token}


def complaint(world) -> dict:
    from hearth.quality.models import Complaint, ComplaintStage

    item = Complaint.objects.create(
        child=world.child,
        kind="complaint",
        made_by="parent",
        received_date=dt.date(2026, 2, 2),
        summary="Visits were cancelled",
    )
    ComplaintStage.objects.create(complaint=item, stage=1, start=item.received_date)
    return {"pk": item.pk}
