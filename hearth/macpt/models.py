"""Multi-agency child protection (Children's Wellbeing and Schools Act 2026; DfE Families First
Partnership programme guide, March 2025): multi-agency child protection teams (MACPTs) run by
the safeguarding partners with members from the LA, police, health and education; a Lead Child
Protection Practitioner for every child on a section 47 enquiry or child protection plan; and
strategy discussions and section 47 enquiries recorded as joint work, with each agency's
contribution (who, what they shared, when).

Adding a partner-agency member to a child's MACPT work gives them a `PartnerInvolvement` (their
access to the child's reduced record); ending it ends that access (`hearth.macpt.services`)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from hearth.access.models import Agency
from hearth.core.models import ChildRecord, ends_after_start
from hearth.core.validators import validate_organisation_name


class MultiAgencyTeam(models.Model):
    """A multi-agency child protection team (a MACPT), run by the safeguarding partners."""

    name = models.CharField(max_length=100, unique=True, validators=[validate_organisation_name])
    area = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "multi-agency child protection team"

    def __str__(self) -> str:
        return self.name


class TeamMembership(models.Model):
    """A person's membership of a MACPT, for their agency, from a date (until a date)."""

    team = models.ForeignKey(MultiAgencyTeam, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="macpt_memberships"
    )
    agency = models.CharField(max_length=10, choices=Agency.choices)
    job_title = models.CharField(max_length=100, blank=True)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["team", "agency", "user__last_name"]
        constraints = [ends_after_start("macpt_membership")]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_agency_display()}) in {self.team}"


class ChildMember(ChildRecord):
    """A person working on one child's child protection work as part of the MACPT: a member
    from an agency, or the child's Lead Child Protection Practitioner (an LA social worker, as
    the guidance requires; one at a time)."""

    class Role(models.TextChoices):
        LEAD = "lead", "Lead child protection practitioner"
        MEMBER = "member", "Team member"

    child = models.ForeignKey(
        "people.Child", on_delete=models.CASCADE, related_name="macpt_members"
    )
    team = models.ForeignKey(
        MultiAgencyTeam, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    agency = models.CharField(max_length=10, choices=Agency.choices)
    role = models.CharField(max_length=6, choices=Role.choices, default=Role.MEMBER)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    involvement = models.ForeignKey(
        "access.PartnerInvolvement",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["role", "agency", "start_date"]
        verbose_name = "MACPT member for a child"
        constraints = [
            ends_after_start("macpt_child_member"),
            models.UniqueConstraint(
                fields=["child"],
                condition=Q(role="lead", end_date__isnull=True, archived_at__isnull=True),
                name="macpt_one_lead_per_child",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_agency_display()}): {self.get_role_display()}"


class Contribution(ChildRecord):
    """One agency's contribution to a strategy discussion or a section 47 enquiry: who, for
    which agency, what they shared, and when. Marked confidential, it is seen by the LA and the
    contributing agency only (never by other partner agencies)."""

    child = models.ForeignKey(
        "people.Child", on_delete=models.CASCADE, related_name="agency_contributions"
    )
    strategy_discussion = models.ForeignKey(
        "casework.StrategyDiscussion",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="contributions",
    )
    section47 = models.ForeignKey(
        "casework.Section47Enquiry",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="contributions",
    )
    agency = models.CharField(max_length=10, choices=Agency.choices)
    person = models.CharField("Person contributing", max_length=100)
    contributor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    date = models.DateField()
    shared = models.TextField("What they shared")
    confidential = models.BooleanField(
        "Confidential to the local authority and this agency", default=False
    )

    class Meta:
        ordering = ["date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(strategy_discussion__isnull=False) | Q(section47__isnull=False),
                name="macpt_contribution_to_something",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_agency_display()} contribution {self.date:%-d %b %Y}"

    def clean(self) -> None:
        self._check_same_child(
            self.strategy_discussion if self.strategy_discussion_id else None,
            "strategy_discussion",
        )
        self._check_same_child(self.section47 if self.section47_id else None, "section47")
        # No birth check: a pre-birth strategy discussion has contributions before the birth.
        if not self.strategy_discussion_id and not self.section47_id:
            raise ValidationError("A contribution is to a strategy discussion or an enquiry.")
