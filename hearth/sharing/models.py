"""Information sharing about a child (Children Act 2004 s16LA, inserted by the Children's
Wellbeing and Schools Act 2026: a duty on safeguarding partners and relevant agencies to share
information for safeguarding). Every disclosure to a partner, and every decision *not* to
share, is recorded with what, to whom, why and on what lawful basis; consent where consent is
the basis."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from hearth.core.models import ChildRecord
from hearth.core.validators import validate_organisation_name


class SharingDecision(ChildRecord):
    class Decision(models.TextChoices):
        SHARED = "shared", "Information shared"
        NOT_SHARED = "not_shared", "Decided not to share"

    class Direction(models.TextChoices):
        DISCLOSED = "disclosed", "We disclosed to a partner"
        REQUESTED = "requested", "A partner asked us"

    class Agency(models.TextChoices):
        POLICE = "police", "Police"
        HEALTH = "health", "Health (GP, hospital, health visitor, midwife)"
        EDUCATION = "education", "School or education setting"
        PROBATION = "probation", "Probation or youth justice"
        HOUSING = "housing", "Housing"
        OTHER_LA = "other_la", "Another local authority"
        ADULT_SERVICES = "adult_services", "Adult social care"
        VOLUNTARY = "voluntary", "Voluntary or community organisation"
        COURT = "court", "Court or Cafcass"
        OTHER = "other", "Other"

    class LawfulBasis(models.TextChoices):
        S16LA = "s16la", "Duty to share for safeguarding (Children Act 2004 s16LA)"
        S47 = "s47", "Section 47 enquiry (Children Act 1989)"
        S17 = "s17", "Child in need services (Children Act 1989 s17)"
        COURT_ORDER = "court_order", "Court order or court proceedings"
        CONSENT = "consent", "Consent"
        LEGAL_OBLIGATION = "legal_obligation", "Another legal obligation"

    class Consent(models.TextChoices):
        GIVEN = "given", "Consent given"
        REFUSED = "refused", "Consent refused"
        NOT_SOUGHT = "not_sought", "Consent not sought"

    child = models.ForeignKey(
        "people.Child", on_delete=models.CASCADE, related_name="sharing_decisions"
    )
    date = models.DateField()
    decision = models.CharField(max_length=10, choices=Decision.choices)
    direction = models.CharField(max_length=9, choices=Direction.choices)
    agency = models.CharField(max_length=14, choices=Agency.choices)
    recipient = models.CharField(
        "Person or team",
        max_length=120,
        validators=[validate_organisation_name],
        help_text="Who received it, or who asked",
    )
    information = models.TextField("What information", max_length=2000)
    purpose = models.TextField("Why", max_length=2000)
    lawful_basis = models.CharField(max_length=16, choices=LawfulBasis.choices, blank=True)
    consent = models.CharField(max_length=10, choices=Consent.choices)
    consent_note = models.TextField(
        "Why consent was not sought, or what was said", max_length=1000, blank=True
    )
    reason_not_shared = models.TextField("Reason for not sharing", max_length=2000, blank=True)
    worker = models.ForeignKey(
        "workforce.Worker", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["decision", "date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(decision="not_shared") | ~Q(lawful_basis=""),
                name="sharing_shared_has_lawful_basis",
            ),
            models.CheckConstraint(
                condition=Q(decision="shared") | ~Q(reason_not_shared=""),
                name="sharing_not_shared_has_reason",
            ),
        ]

    def clean(self) -> None:
        errors = {}
        if self.decision == self.Decision.SHARED and not self.lawful_basis:
            errors["lawful_basis"] = "Select the lawful basis for sharing"
        if self.decision == self.Decision.NOT_SHARED and not (self.reason_not_shared or "").strip():
            errors["reason_not_shared"] = "Enter the reason for not sharing"
        if self.lawful_basis == self.LawfulBasis.CONSENT and self.consent != self.Consent.GIVEN:
            errors["consent"] = "Consent is the basis, so consent must have been given"
        if self.consent == self.Consent.NOT_SOUGHT and not (self.consent_note or "").strip():
            errors["consent_note"] = "Enter why consent was not sought"
        if errors:
            raise ValidationError(errors)

    def __str__(self) -> str:
        return f"{self.get_decision_display()}: {self.get_agency_display()} ({self.date})"
