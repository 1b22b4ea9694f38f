"""Users and roles. A user is a member of staff (or a partner agency); their role decides what
they may do, their involvement with a child decides whom they may see."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models


class User(AbstractUser):
    class Role(models.TextChoices):
        SOCIAL_WORKER = "social_worker", "Social worker"
        TEAM_MANAGER = "team_manager", "Team manager"
        FRONT_DOOR = "front_door", "Front door (MASH) practitioner"
        IRO = "iro", "Independent reviewing officer / CP chair"
        PERSONAL_ADVISER = "personal_adviser", "Personal adviser"
        EARLY_HELP = "early_help", "Early help lead professional"
        ANALYST = "analyst", "Performance analyst"
        SENIOR_LEADER = "senior_leader", "Senior leader"
        ADMIN = "admin", "System administrator"
        AUDITOR = "auditor", "Information governance auditor"
        # Partner agencies (Children's Wellbeing and Schools Act 2026, Families First): they
        # see only the children a `PartnerInvolvement` gives them, and a reduced record.
        PARTNER_POLICE = "partner_police", "Police partner"
        PARTNER_HEALTH = "partner_health", "Health partner"
        PARTNER_EDUCATION = "partner_education", "Education partner"
        PARTNER_VOLUNTARY = "partner_voluntary", "Voluntary sector partner"
        ELECTED_MEMBER = "elected_member", "Elected member (corporate parent)"

    role = models.CharField(max_length=20, choices=Role.choices, default=Role.SOCIAL_WORKER)
    organisation = models.CharField(
        "Agency or organisation",
        max_length=100,
        blank=True,
        help_text="For partner users: the force, trust, school or charity they work for.",
    )

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def is_partner(self) -> bool:
        return self.role in PARTNER_ROLES

    @property
    def agency(self) -> str:
        """The agency the user works for (an `Agency` value): the LA for staff roles."""
        return AGENCY_OF_ROLE.get(self.role, Agency.LA)


class Agency(models.TextChoices):
    """The safeguarding partners and relevant agencies (Working Together 2023; CWS Act 2026)."""

    LA = "la", "Local authority"
    POLICE = "police", "Police"
    HEALTH = "health", "Health"
    EDUCATION = "education", "Education"
    VOLUNTARY = "voluntary", "Voluntary sector"


# The partner-agency roles: every role named partner_* (one rule, so a new agency's role joins).
PARTNER_ROLES = frozenset(role for role in User.Role if role.startswith("partner_"))
AGENCY_OF_ROLE = {
    User.Role.PARTNER_POLICE: Agency.POLICE,
    User.Role.PARTNER_HEALTH: Agency.HEALTH,
    User.Role.PARTNER_EDUCATION: Agency.EDUCATION,
    User.Role.PARTNER_VOLUNTARY: Agency.VOLUNTARY,
}


class PartnerInvolvementQuerySet(models.QuerySet):
    def active_on(self, day) -> PartnerInvolvementQuerySet:
        """Involvements running on `day` (ended on `day` means access ended that day)."""
        return self.filter(started_on__lte=day).filter(
            models.Q(ended_on__isnull=True) | models.Q(ended_on__gt=day)
        )

    def active(self) -> PartnerInvolvementQuerySet:
        from django.utils import timezone

        return self.active_on(timezone.localdate())

    def giving_access(self) -> PartnerInvolvementQuerySet:
        """Involvements that open the child's (reduced) record: all but a referrer's."""
        return self.exclude(purpose=PartnerInvolvement.Purpose.REFERRER)


class PartnerInvolvement(models.Model):
    """Why a partner-agency user may see one child, for how long, and who said so.

    Created and ended only by services (`hearth.access.services.start_partner_involvement`,
    `end_partner_involvement`, `end_partner_involvements`) when the work that needs it starts
    and ends: adding a partner to a child's MACPT work, naming a Family Help lead practitioner,
    a partner's contact to the front door. Read by `children_visible_to`, `access_child` and
    `permissions.may`. `source` names the record that created it ("macpt.member:12"), so the
    service that ends the work ends exactly the access it gave.
    """

    class Purpose(models.TextChoices):
        MACPT_MEMBER = "macpt_member", "Multi-agency child protection team member"
        LEAD_CP_PRACTITIONER = "lead_cp_practitioner", "Lead child protection practitioner"
        FAMILY_HELP_LEAD = "family_help_lead", "Family Help lead practitioner"
        REFERRER = "referrer", "Referrer (sees the outcome of their referral only)"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="partner_involvements")
    child = models.ForeignKey(
        "people.Child", on_delete=models.CASCADE, related_name="partner_involvements"
    )
    purpose = models.CharField(max_length=24, choices=Purpose.choices)
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    granted_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    ended_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    source = models.CharField(max_length=60, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PartnerInvolvementQuerySet.as_manager()

    class Meta:
        ordering = ["-started_on", "-id"]
        indexes = [
            models.Index(fields=["user", "child"]),
            models.Index(fields=["child", "purpose"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(ended_on__gte=models.F("started_on")),
                name="partnerinvolvement_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} on child {self.child_id}: {self.get_purpose_display()}"


class AuditEntry(models.Model):
    """Append-only record of who did what, when, from where, to which child, and why.

    Rows are only ever inserted (`hearth.access.audit.record`); nothing updates or deletes them,
    and the database refuses to (triggers from migration 0006; the one update allowed is the
    sealer filling in an unsealed entry's `chain_hash`).
    """

    class Action(models.TextChoices):
        VIEW = "view", "Viewed"
        SEARCH = "search", "Searched"
        CREATE = "create", "Created"
        UPDATE = "update", "Updated"
        DELETE = "delete", "Deleted"
        EXPORT = "export", "Exported"
        SIGN_IN = "sign_in", "Signed in"
        SIGN_IN_FAILED = "sign_in_failed", "Sign-in failed"
        SIGN_OUT = "sign_out", "Signed out"
        TWO_FACTOR = "two_factor", "Two-factor authentication"
        PERMISSION = "permission", "Changed permissions"
        BREAK_GLASS = "break_glass", "Broke the glass"
        REFUSED = "refused", "Access refused"

    at = models.DateTimeField(db_index=True)
    user = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    username = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=16, choices=Action.choices)
    child = models.ForeignKey(
        "people.Child", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    what = models.CharField(max_length=200)
    path = models.CharField(max_length=300, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    reason = models.CharField(max_length=300, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    row_hash = models.CharField(max_length=64, default="", editable=False)
    chain_hash = models.CharField(max_length=64, blank=True, editable=False)
    # Which of AUDIT_HMAC_KEYS made row_hash ("legacy": SECRET_KEY, before audit keys existed).
    key_id = models.CharField(max_length=32, default="legacy", editable=False)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["child", "at"]), models.Index(fields=["user", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.action} {self.what}"


class AuditSeal(models.Model):
    """The head of the sealed audit chain: the last entry chained and the chain hash there.

    Sealing links entries into the hash chain after they are written, by one sealer at a time,
    so recording a view never waits on a chain lock."""

    sealed_at = models.DateTimeField()
    last_entry_id = models.BigIntegerField()
    chain_hash = models.CharField(max_length=64)
    entries = models.BigIntegerField()
    key_id = models.CharField(max_length=32, default="legacy", editable=False)

    class Meta:
        ordering = ["-last_entry_id"]

    def __str__(self) -> str:
        return f"Sealed to #{self.last_entry_id}"


class AccessGrant(models.Model):
    """Access to one child beyond the user's own involvement.

    - `named`: a restricted record's named person (granted by a manager or administrator).
    - `break_glass`: a user with no involvement opens the record with a recorded reason; the
      child's team manager is told and the access is listed in the break-glass report.
    - `case_audit`: an auditor or moderator reads a child sampled in an audit programme, with
      the reason "case audit <programme>", until the audit is moderated or the grant expires.
      It lets them see the record, never change it (`permissions.is_involved` ignores it).
    """

    class Kind(models.TextChoices):
        NAMED = "named", "Named person on a restricted record"
        BREAK_GLASS = "break_glass", "Break the glass"
        CASE_AUDIT = "case_audit", "Case audit (read only)"

    child = models.ForeignKey(
        "people.Child", on_delete=models.CASCADE, related_name="access_grants"
    )
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="access_grants")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    reason = models.CharField(max_length=300)
    granted_at = models.DateTimeField()
    granted_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    reviewed_by_manager_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-granted_at"]
        indexes = [
            models.Index(fields=["user", "child"]),
            models.Index(fields=["kind", "granted_at"]),
        ]
        constraints = [
            models.CheckConstraint(condition=~models.Q(reason=""), name="accessgrant_has_reason")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.user} → child {self.child_id}"


class NamedAccessRequest(models.Model):
    """A request to name a person on a restricted record. Nobody is named until a second
    person (a manager of the child's team, a senior leader or information governance) approves
    it; nobody asks for themselves or decides a request they made or that names them."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for approval"
        APPROVED = "approved", "Approved"
        REFUSED = "refused", "Refused"

    child = models.ForeignKey(
        "people.Child", on_delete=models.CASCADE, related_name="named_access_requests"
    )
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(max_length=300)
    requested_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField()
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.CharField(max_length=300, blank=True)
    grant = models.OneToOneField(
        AccessGrant, null=True, blank=True, on_delete=models.SET_NULL, related_name="request"
    )

    class Meta:
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(requested_by=models.F("user")),
                name="namedaccessrequest_not_for_self",
            ),
            models.CheckConstraint(
                condition=~models.Q(decided_by=models.F("requested_by"))
                & ~models.Q(decided_by=models.F("user")),
                name="namedaccessrequest_second_person",
            ),
        ]

    def __str__(self) -> str:
        return f"Name {self.user} on child {self.child_id}: {self.get_status_display()}"
