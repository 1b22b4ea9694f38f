"""Sample objects for the access matrix (hearth/access/tests/test_access_matrix.py)."""

from __future__ import annotations

import datetime as dt


def lado_referral(world) -> dict:
    from hearth.safeguarding.models import LadoReferral

    referral = LadoReferral.objects.create(
        received_date=dt.date(2026, 3, 2),
        referrer="Head teacher, Ashfield Primary",
        person_name="Sam Example",
        person_role="Teaching assistant",
        employer="Ashfield Primary",
        sector=LadoReferral.Sector.EDUCATION,
        category=LadoReferral.Category.PHYSICAL,
        summary="A child said they were grabbed by the arm.",
    )
    return {"pk": referral.pk}


def report(world) -> dict:
    from hearth.partnership.models import PartnershipReport

    item = PartnershipReport.objects.create(
        audience=PartnershipReport.Audience.CORPORATE_PARENTING,
        period_start=dt.date(2025, 4, 1),
        period_end=dt.date(2026, 3, 31),
        figures={"sections": []},
        generated_at=dt.datetime(2026, 4, 2, 9, 0, tzinfo=dt.UTC),
        generated_by=world.users["senior_leader"],
    )
    return {"pk": item.pk}


def report_section(world) -> dict:
    return {**report(world), "section": "children-in-care"}


def private_fostering_open(world) -> dict:
    """The sample child privately fostered now, so the visit, assessment and end forms show."""
    from hearth.safeguarding.models import PrivateFostering

    PrivateFostering.objects.create(
        child=world.child,
        notified_date=dt.date(2026, 3, 2),
        start_date=dt.date(2026, 3, 1),
        notifier=PrivateFostering.Notifier.values[0],
        carer_name="Jo Example",
    )
    return {"pk": world.child.pk}
