"""Sample objects for the practice URLs in the access matrix and audit completeness tests.

Each sample takes the access tests' `world` and returns the URL kwargs, creating whatever the
page needs (an open referral, a period of care, …) for the sample child allocated in team A."""

from __future__ import annotations

import datetime as dt


def _cin(world):
    from hearth.casework.models import CINEpisode
    from hearth.casework.tests.factories import CINEpisodeFactory

    return CINEpisode.objects.filter(child=world.child, closure_date__isnull=True).first() or (
        CINEpisodeFactory(child=world.child)
    )


def with_cin(world):
    _cin(world)
    return {"pk": world.child.pk}


def with_cin_plan(world):
    from hearth.casework.models import CINPlan

    cin = _cin(world)
    if not CINPlan.objects.filter(cin_episode=cin, end_date__isnull=True).exists():
        CINPlan.objects.create(
            child=world.child,
            cin_episode=cin,
            start_date=cin.referral_date,
            review_due=cin.referral_date + dt.timedelta(days=90),
        )
    return {"pk": world.child.pk}


def with_early_help(world):
    from hearth.casework.models import EarlyHelpEpisode

    EarlyHelpEpisode.objects.create(
        child=world.child,
        start_date=dt.date(2024, 1, 2),
        lead_professional="Ms Head",
        lead_agency="school",
    )
    return {"pk": world.child.pk}


def with_care(world):
    from hearth.care.models import PeriodOfCare
    from hearth.care.tests.factories import (
        LegalStatusFactory,
        PeriodOfCareFactory,
        PlacementFactory,
    )

    if not PeriodOfCare.objects.filter(child=world.child).exists():
        period = PeriodOfCareFactory(child=world.child)
        LegalStatusFactory(period=period)
        PlacementFactory(period=period)
    return {"pk": world.child.pk}


def with_cp_plan(world):
    from hearth.casework.tests.factories import CPPlanFactory

    CPPlanFactory(cin_episode=_cin(world))
    return {"pk": world.child.pk}


def assessment(world):
    from hearth.casework.tests.factories import AssessmentFactory

    a = AssessmentFactory(cin_episode=_cin(world), completed_date=dt.date(2024, 2, 1))
    return {"pk": world.child.pk, "assessment_pk": a.pk}


def section47(world):
    from hearth.casework.models import Section47Enquiry

    s = Section47Enquiry.objects.create(
        child=world.child, cin_episode=_cin(world), start_date=dt.date(2024, 1, 10)
    )
    return {"pk": world.child.pk, "s47_pk": s.pk}


def missing(world):
    from django.utils import timezone

    from hearth.care.models import MissingEpisode

    e = MissingEpisode.objects.create(
        child=world.child, started_at=timezone.now() - dt.timedelta(days=2)
    )
    return {"pk": world.child.pk, "episode_pk": e.pk}


def contact(world):
    from hearth.casework.tests.factories import ContactFactory

    return {"contact_pk": ContactFactory(child=world.child).pk}


def supervisee(world):
    return {"worker_pk": world.users["social_worker"].worker.pk}


def team(world):
    return {"team_pk": world.users["social_worker"].worker.team_id}


def post(world):
    from hearth.workforce.models import Post

    p = Post.objects.create(
        team=world.users["social_worker"].worker.team,
        title="Social worker 1",
        role="social_worker",
        start_date=dt.date(2020, 1, 1),
    )
    return {"post_pk": p.pk}


def document(world):
    """A PDF kept on the sample child's record (through the real upload action)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from hearth.documents.services import document_upload

    d = document_upload(
        child=world.child,
        upload=SimpleUploadedFile("plan.pdf", b"%PDF-1.4 sample", content_type="application/pdf"),
        title="Care plan",
        kind="plan",
        acting_user=None,
    )
    return {"pk": world.child.pk, "document_pk": d.pk}


def draft_note(world, author=None):
    """A draft case note, by default by someone who is none of the matrix's users."""
    from django.utils import timezone

    from hearth.access.tests.factories import UserFactory
    from hearth.casework.models import CaseNote

    note = CaseNote.objects.create(
        child=world.child,
        occurred_at=timezone.now(),
        subject="Call from school",
        text="Draft",
        status=CaseNote.Status.DRAFT,
        recorded_by=author or UserFactory(),
    )
    return {"pk": world.child.pk, "note_pk": note.pk}


def own_draft_note(world):
    """A draft case note by the sample child's social worker."""
    from hearth.access.models import User

    return draft_note(world, author=world.users[User.Role.SOCIAL_WORKER])


def visit_by_social_worker(world):
    """A visit to the sample child recorded by its social worker (for correcting an entry)."""
    from hearth.access.models import User
    from hearth.casework.tests.factories import VisitFactory

    visit = VisitFactory(child=world.child, recorded_by=world.users[User.Role.SOCIAL_WORKER])
    return {"pk": world.child.pk, "model": "casework.visit", "entry_pk": visit.pk}
