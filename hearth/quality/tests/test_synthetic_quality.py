"""The synthetic authority's quality records: present, valid and at the stated rates."""

from __future__ import annotations

import datetime as dt

import pytest

from hearth.insight.indicators import get
from hearth.quality import models as qm
from hearth.synthetic.build import build, wipe

pytestmark = [pytest.mark.slow, pytest.mark.django_db]
AS_OF = dt.date(2025, 3, 31)


def test_synthetic_quality_records_are_valid_and_plausible():
    wipe()
    build(seed=5, size="small", as_of=AS_OF)
    assert qm.AuditProgramme.objects.count() == 4
    audits = qm.CaseAudit.objects.all()
    assert audits.count() >= 24
    for model in (
        qm.AuditProgramme,
        qm.CaseAudit,
        qm.AuditGrade,
        qm.Moderation,
        qm.AuditAction,
        qm.SurveyResponse,
        qm.SurveyAnswer,
        qm.Complaint,
        qm.ComplaintStage,
        qm.ConferenceParticipation,
    ):
        for obj in model.objects.order_by("pk")[:50]:
            obj.full_clean()
    good = get("case-audits").compute(as_of=AS_OF).value
    assert 25 <= good <= 75
    agreement = get("audit-moderation-agreement").compute(as_of=AS_OF).value
    assert 65 <= agreement <= 100
    happy = get("children-feedback").compute(as_of=AS_OF)
    assert happy.denominator >= 5  # a quarter of a small LA's children in care aged 4+
    # a plausibility band: the share also moves with how many cases are open (other generators)
    assert 10 <= get("chronology-updated").compute(as_of=AS_OF).value <= 95
    assert get("complaints-on-time").compute(as_of=AS_OF).denominator > 0
    assert get("review-participation").compute(as_of=AS_OF).value is not None
    assert get("audits-completed").compute(as_of=AS_OF).value > 0
