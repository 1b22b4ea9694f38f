"""Information-sharing decisions in the child's chronology."""

from __future__ import annotations

from hearth.core.chronology import Kind, register
from hearth.sharing.models import SharingDecision


def _decision(s: SharingDecision):
    shared = s.decision == SharingDecision.Decision.SHARED
    title = (
        f"Information shared with {s.get_agency_display().lower()}"
        if shared
        else f"Decided not to share with {s.get_agency_display().lower()}"
    )
    parts = [
        ("To or from", s.recipient),
        ("What", s.information),
        ("Why", s.purpose),
        ("Lawful basis", s.get_lawful_basis_display() if s.lawful_basis else ""),
        ("Consent", s.get_consent_display()),
        ("About consent", s.consent_note),
        ("Reason for not sharing", s.reason_not_shared),
    ]
    yield s.date, title, "\n\n".join(f"{label}: {text}" for label, text in parts if text)


register(SharingDecision, kind=Kind.SHARING, events=_decision)
