"""Teams, posts, workers, allocations of workers to children, and supervision."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q

from hearth.core.models import Record, ends_after_start, one_open_per_child
from hearth.core.validators import validate_organisation_name, validate_person_name


class Team(models.Model):
    class Kind(models.TextChoices):
        FRONT_DOOR = "front_door", "Front door (MASH)"
        EARLY_HELP = "early_help", "Early help"
        ASSESSMENT = "assessment", "Assessment"
        SAFEGUARDING = "safeguarding", "Child in need and protection"
        CHILDREN_IN_CARE = "children_in_care", "Children in care"
        LEAVING_CARE = "leaving_care", "Leaving care"
        DISABLED_CHILDREN = "disabled_children", "Disabled children"
        ADOPTION = "adoption", "Adoption and permanence"
        FOSTERING = "fostering", "Fostering"
        IRO = "iro", "Independent reviewing service"
        QUALITY = "quality", "Performance and quality"

    name = models.CharField(max_length=80, unique=True, validators=[validate_organisation_name])
    kind = models.CharField(max_length=20, choices=Kind.choices)
    manager = models.ForeignKey(
        "Worker", null=True, blank=True, on_delete=models.SET_NULL, related_name="managed_teams"
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Worker(models.Model):
    class Role(models.TextChoices):
        SOCIAL_WORKER = "social_worker", "Social worker"
        SENIOR_PRACTITIONER = "senior_practitioner", "Senior practitioner"
        TEAM_MANAGER = "team_manager", "Team manager"
        FAMILY_SUPPORT = "family_support", "Family support worker"
        PERSONAL_ADVISER = "personal_adviser", "Personal adviser"
        IRO = "iro", "Independent reviewing officer"
        FRONT_DOOR = "front_door", "Front door practitioner"
        EARLY_HELP = "early_help", "Early help practitioner"
        SENIOR_LEADER = "senior_leader", "Senior leader"
        ANALYST = "analyst", "Performance analyst"

    class Qualification(models.TextChoices):
        SOCIAL_WORK = "qualified", "Qualified social worker"
        ALTERNATIVE = "alternative", "Alternatively qualified practitioner"
        NONE = "none", "Not qualified in social work"

    class Employment(models.TextChoices):
        PERMANENT = "permanent", "Permanent"
        AGENCY = "agency", "Agency"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="worker",
    )
    staff_id = models.CharField("Staff ID", max_length=12, unique=True)
    first_name = models.CharField(max_length=60, validators=[validate_person_name])
    last_name = models.CharField(max_length=60, validators=[validate_person_name])
    role = models.CharField(max_length=20, choices=Role.choices)
    qualification = models.CharField(max_length=12, choices=Qualification.choices)
    employment = models.CharField(max_length=10, choices=Employment.choices)
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="workers")
    swe_number = models.CharField("Social Work England number", max_length=12, blank=True)
    fte = models.DecimalField("FTE", max_digits=3, decimal_places=2, default=1)
    start_date = models.DateField()
    leave_date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["last_name", "first_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(leave_date__isnull=True) | Q(leave_date__gte=F("start_date")),
                name="worker_leaves_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def is_in_post_on(self, day) -> bool:
        return self.start_date <= day and (self.leave_date is None or self.leave_date >= day)


class Post(models.Model):
    """An established post in a team. Filled by a worker, vacant, or covered by agency staff."""

    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="posts")
    title = models.CharField(max_length=80)
    role = models.CharField(max_length=20, choices=Worker.Role.choices)
    fte = models.DecimalField("FTE", max_digits=3, decimal_places=2, default=1)
    start_date = models.DateField("Established")
    end_date = models.DateField("Disestablished", null=True, blank=True)

    class Meta:
        ordering = ["team", "title"]
        constraints = [ends_after_start("post", name="post_ends_after_start")]

    def __str__(self) -> str:
        return f"{self.title}, {self.team}"


class PostHolding(models.Model):
    """A worker holding a post for a period (history of who filled which post)."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="holdings")
    worker = models.ForeignKey(Worker, on_delete=models.CASCADE, related_name="post_holdings")
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["post", "start_date"]
        constraints = [ends_after_start("postholding", name="postholding_ends_after_start")]

    def __str__(self) -> str:
        return f"{self.worker} in {self.post}"


class Allocation(Record):
    """A worker holding a child's case for a period. History feeds 'changes of social worker'."""

    class Kind(models.TextChoices):
        SOCIAL_WORKER = "social_worker", "Allocated social worker"
        PERSONAL_ADVISER = "personal_adviser", "Personal adviser"
        IRO = "iro", "Independent reviewing officer"
        EARLY_HELP = "early_help", "Early help practitioner"

    class Reason(models.TextChoices):
        NEW_CASE = "new", "New case"
        TRANSFER = "transfer", "Transfer between teams"
        WORKER_LEFT = "worker_left", "Worker left"
        CASELOAD = "caseload", "Caseload balancing"
        CHILD_REQUEST = "child_request", "Child or family request"
        OTHER = "other", "Other"

    child = models.ForeignKey("people.Child", on_delete=models.CASCADE, related_name="allocations")
    worker = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="allocations")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="allocations")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.SOCIAL_WORKER)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    reason = models.CharField(max_length=20, choices=Reason.choices, default=Reason.NEW_CASE)

    class Meta:
        ordering = ["child", "-start_date"]
        indexes = [
            models.Index(fields=["worker", "end_date"]),
            models.Index(fields=["team", "end_date"]),
            models.Index(fields=["child", "kind", "start_date"]),
            # Allocations open on a day, by kind (unallocated cases, caseloads on a day).
            models.Index(fields=["kind", "end_date"], name="workforce_alloc_kind_end"),
        ]
        constraints = [
            ends_after_start("allocation", name="allocation_ends_after_start"),
            one_open_per_child("one_open_allocation_per_kind", per=("kind",)),
        ]

    def __str__(self) -> str:
        return f"{self.worker} → {self.child}"

    def clean(self) -> None:
        if self.end_date and self.start_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "The allocation must end on or after it starts."})


class Supervision(Record):
    """A supervision session between a worker and their manager."""

    worker = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="supervisions")
    supervisor = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="+")
    date = models.DateField()
    reflective_notes = models.TextField(blank=True)
    wellbeing_discussed = models.BooleanField(default=True)

    class Meta:
        ordering = ["-date"]
        indexes = [models.Index(fields=["worker", "date"])]

    def __str__(self) -> str:
        return f"Supervision of {self.worker} on {self.date:%d %b %Y}"


class SupervisionCaseDiscussion(models.Model):
    """One child's case discussed in a supervision session, with the decisions made."""

    supervision = models.ForeignKey(
        Supervision, on_delete=models.CASCADE, related_name="case_discussions"
    )
    child = models.ForeignKey(
        "people.Child", on_delete=models.CASCADE, related_name="supervision_discussions"
    )
    discussion = models.TextField()
    actions = models.TextField(blank=True)
    next_review = models.DateField(null=True, blank=True)
    chronology_reviewed = models.BooleanField(
        default=False, help_text="The manager and worker reviewed the child's chronology."
    )

    def __str__(self) -> str:
        return f"{self.child} in {self.supervision}"
