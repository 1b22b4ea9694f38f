"""Quality assurance and learning: case audit programmes, graded audits, moderation and the
actions they set; children's and families' feedback (surveys, participation, complaints)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from hearth.core.models import ChildRecord, Record


class Grade(models.TextChoices):
    """Ofsted's four-point scale, used for each audit domain and the overall judgement."""

    OUTSTANDING = "outstanding", "Outstanding"
    GOOD = "good", "Good"
    REQUIRES_IMPROVEMENT = "requires_improvement", "Requires improvement"
    INADEQUATE = "inadequate", "Inadequate"


GOOD_OR_BETTER = (Grade.OUTSTANDING, Grade.GOOD)


class Domain(models.TextChoices):
    """The audit tool's domains: each audit grades every one."""

    VOICE = "voice", "The child's voice and lived experience"
    CHRONOLOGY = "chronology", "Chronology and history"
    ASSESSMENT = "assessment", "Assessment and analysis"
    PLANNING = "planning", "Planning and review"
    SAFETY = "safety", "Safety and risk"
    OVERSIGHT = "oversight", "Management oversight and supervision"


DOMAIN_QUESTIONS = {
    Domain.VOICE: "Is the child seen, heard and their wishes and feelings shaping the plan?",
    Domain.CHRONOLOGY: "Is the chronology up to date and used to understand the child's history?",
    Domain.ASSESSMENT: "Does the assessment analyse risk and need, not just describe them?",
    Domain.PLANNING: "Is the plan specific, timely and reviewed, with progress for the child?",
    Domain.SAFETY: "Is the child safe, with risks identified and acted on quickly?",
    Domain.OVERSIGHT: "Does management oversight and supervision give direction and challenge?",
}


class AuditProgramme(Record):
    """A round of case audits on a theme over a period, with the sample of children drawn."""

    class Method(models.TextChoices):
        RANDOM = "random", "Random sample of open cases"
        RISK = "risk", "Risk-based sample"
        INDICATOR = "indicator", "Children behind an indicator"

    class Risk(models.TextChoices):
        CP_OVER_18_MONTHS = "cp_18m", "Child protection plan for more than 18 months"
        REPEAT_MISSING = "repeat_missing", "Missing 3 or more times in the last 12 months"
        CP_SECOND_PLAN = "cp_second", "Second or later child protection plan"

    title = models.CharField(max_length=120)
    theme = models.CharField(max_length=200)
    start_date = models.DateField()
    end_date = models.DateField()
    method = models.CharField(max_length=10, choices=Method.choices)
    risk = models.CharField(max_length=16, choices=Risk.choices, blank=True)
    indicator = models.CharField(max_length=60, blank=True)
    sample_size = models.PositiveSmallIntegerField()
    seed = models.PositiveIntegerField(default=0)
    sampled_at = models.DateTimeField(null=True, blank=True)
    lead = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-start_date", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="auditprogramme_ends_after_start"
            ),
            models.CheckConstraint(
                condition=~Q(method="risk") | ~Q(risk=""), name="auditprogramme_risk_rule"
            ),
            models.CheckConstraint(
                condition=~Q(method="indicator") | ~Q(indicator=""),
                name="auditprogramme_indicator",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def access_reason(self) -> str:
        """The reason recorded on every access grant the programme gives an auditor."""
        return f"case audit {self.title}"[:300]


class CaseAudit(ChildRecord):
    """One child's case audited in a programme: graded per domain, then moderated."""

    class Status(models.TextChoices):
        ALLOCATED = "allocated", "Not started"
        COMPLETED = "completed", "Waiting for moderation"
        MODERATED = "moderated", "Moderated"

    child = models.ForeignKey("people.Child", on_delete=models.CASCADE, related_name="case_audits")
    programme = models.ForeignKey(AuditProgramme, on_delete=models.CASCADE, related_name="audits")
    auditor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ALLOCATED)
    completed_date = models.DateField(null=True, blank=True)
    overall_grade = models.CharField(max_length=20, choices=Grade.choices, blank=True)
    chronology_reviewed = models.BooleanField(null=True, blank=True)
    strengths = models.TextField(blank=True)
    learning = models.TextField(blank=True)
    themes = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["programme", "child"]
        indexes = [models.Index(fields=["child", "completed_date"])]
        constraints = [
            models.UniqueConstraint(fields=["programme", "child"], name="one_audit_per_child"),
            models.CheckConstraint(
                condition=Q(moderator__isnull=True) | ~Q(moderator=F("auditor")),
                name="caseaudit_second_auditor",
            ),
            models.CheckConstraint(
                condition=Q(status="allocated")
                | (Q(completed_date__isnull=False) & ~Q(overall_grade="")),
                name="caseaudit_completed_has_grade",
            ),
        ]

    def __str__(self) -> str:
        return f"Case audit of {self.child} ({self.programme})"

    def theme_list(self) -> list[str]:
        return [t.strip() for t in self.themes.split(",") if t.strip()]


class AuditGrade(models.Model):
    audit = models.ForeignKey(CaseAudit, on_delete=models.CASCADE, related_name="grades")
    domain = models.CharField(max_length=12, choices=Domain.choices)
    grade = models.CharField(max_length=20, choices=Grade.choices)
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["audit", "domain"]
        constraints = [
            models.UniqueConstraint(fields=["audit", "domain"], name="one_grade_per_domain")
        ]

    def __str__(self) -> str:
        return f"{self.get_domain_display()}: {self.get_grade_display()}"


class Moderation(Record):
    """A second auditor's view of a completed audit: agree or disagree with its grade."""

    audit = models.OneToOneField(CaseAudit, on_delete=models.CASCADE, related_name="moderation")
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    date = models.DateField()
    agrees = models.BooleanField()
    moderated_grade = models.CharField(max_length=20, choices=Grade.choices)
    comment = models.TextField(blank=True)

    def __str__(self) -> str:
        return f"Moderation of {self.audit}"


class AuditAction(ChildRecord):
    """Something an audit found must be done for the child, by an owner, by a date. It is in
    the owner's My work until it is done."""

    child = models.ForeignKey(
        "people.Child", on_delete=models.CASCADE, related_name="audit_actions"
    )
    audit = models.ForeignKey(CaseAudit, on_delete=models.CASCADE, related_name="actions")
    description = models.TextField(max_length=1000)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    set_date = models.DateField()
    due_date = models.DateField()
    completed_date = models.DateField(null=True, blank=True)
    completion_note = models.TextField(blank=True)

    class Meta:
        ordering = ["due_date", "pk"]
        indexes = [models.Index(fields=["owner", "completed_date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(due_date__gte=F("set_date")), name="auditaction_due_after_set"
            ),
        ]

    def __str__(self) -> str:
        return self.description[:60]

    def clean(self) -> None:
        if self.audit_id and self.child_id:
            self._check_same_child(self.audit, "audit")


# --- Children's and families' feedback ---------------------------------------------------------


class Survey(Record):
    """A feedback survey with questions the LA writes."""

    class Audience(models.TextChoices):
        CHILDREN_IN_CARE = "children_in_care", "Children in care"
        CARE_LEAVERS = "care_leavers", "Care leavers"
        CHILDREN = "children", "Children with a social worker"
        FAMILIES = "families", "Parents and carers"

    title = models.CharField(max_length=120)
    audience = models.CharField(max_length=20, choices=Audience.choices)
    introduction = models.TextField(blank=True, max_length=1000)
    open = models.BooleanField(default=True)

    class Meta:
        ordering = ["-recorded_at"]

    def __str__(self) -> str:
        return self.title


class SurveyQuestion(models.Model):
    class Kind(models.TextChoices):
        AGREE = "agree", "Yes, sometimes or no"
        TEXT = "text", "Written answer"

    class Measure(models.TextChoices):
        """What an answer counts towards in the indicators (most questions: nothing)."""

        NONE = "", "Nothing"
        HAPPY_WITH_WORKER = "happy_with_worker", "Happy with their social worker"

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    number = models.PositiveSmallIntegerField()
    text = models.CharField(max_length=300)
    kind = models.CharField(max_length=6, choices=Kind.choices)
    measure = models.CharField(max_length=20, choices=Measure.choices, blank=True)

    class Meta:
        ordering = ["survey", "number"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "number"], name="one_question_number"),
            models.UniqueConstraint(
                fields=["survey", "measure"],
                condition=~Q(measure=""),
                name="one_measure_per_survey",
            ),
        ]

    def __str__(self) -> str:
        return self.text


AGREE_CHOICES = [("yes", "Yes"), ("sometimes", "Sometimes"), ("no", "No")]


class SurveyResponse(models.Model):
    class Channel(models.TextChoices):
        PAPER = "paper", "Paper form entered by staff"
        LINK = "link", "Answered online by link"

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    child = models.ForeignKey(
        "people.Child", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    channel = models.CharField(max_length=5, choices=Channel.choices)
    date = models.DateField()
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField()

    class Meta:
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["survey", "date"])]

    def __str__(self) -> str:
        return f"Response to {self.survey} on {self.date:%-d %b %Y}"


class SurveyAnswer(models.Model):
    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(SurveyQuestion, on_delete=models.CASCADE, related_name="answers")
    value = models.CharField(max_length=10, blank=True)
    text = models.TextField(blank=True, max_length=2000)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="one_answer_each")
        ]

    def __str__(self) -> str:
        return self.value or self.text[:40]


class SurveyLink(models.Model):
    """A link a young person answers a survey through without signing in. Only a hash of its
    token is stored; it works once, until it expires, and names nothing about the child."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="links")
    child = models.ForeignKey("people.Child", on_delete=models.CASCADE, related_name="survey_links")
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    response = models.OneToOneField(
        SurveyResponse, null=True, blank=True, on_delete=models.SET_NULL, related_name="link"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Survey link {self.pk}"


class ConferenceParticipation(ChildRecord):
    """How the child took part in a child protection conference (the 903's PN codes are for
    looked-after reviews, recorded on the review itself; the same codes serve here)."""

    child = models.ForeignKey(
        "people.Child", on_delete=models.CASCADE, related_name="conference_participation"
    )
    conference = models.OneToOneField(
        "casework.ChildProtectionConference", on_delete=models.CASCADE, related_name="participation"
    )
    code = models.CharField(max_length=3)

    def __str__(self) -> str:
        return f"{self.code} at {self.conference}"

    def clean(self) -> None:
        from hearth.core.codes import ReviewCode

        if self.code not in ReviewCode.values:
            from django.core.exceptions import ValidationError

            raise ValidationError({"code": "Select how the child took part"})
        if self.conference_id and self.child_id:
            self._check_same_child(self.conference, "conference")


class Complaint(Record):
    """A complaint or compliment about children's services, with the statutory stages."""

    class Kind(models.TextChoices):
        COMPLAINT = "complaint", "Complaint"
        COMPLIMENT = "compliment", "Compliment"

    class From(models.TextChoices):
        CHILD = "child", "The child or young person"
        PARENT = "parent", "A parent"
        CARER = "carer", "A carer"
        ADVOCATE = "advocate", "An advocate on the child's behalf"
        OTHER = "other", "Someone else"

    class Stage(models.IntegerChoices):
        LOCAL = 1, "Stage 1: local resolution"
        INVESTIGATION = 2, "Stage 2: independent investigation"
        PANEL = 3, "Stage 3: review panel"

    class Outcome(models.TextChoices):
        UPHELD = "upheld", "Upheld"
        PARTLY = "partly", "Partly upheld"
        NOT_UPHELD = "not_upheld", "Not upheld"
        WITHDRAWN = "withdrawn", "Withdrawn"

    child = models.ForeignKey(
        "people.Child", null=True, blank=True, on_delete=models.SET_NULL, related_name="complaints"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    made_by = models.CharField(max_length=10, choices=From.choices)
    received_date = models.DateField()
    summary = models.TextField(max_length=2000)

    class Meta:
        ordering = ["-received_date", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} received {self.received_date:%-d %b %Y}"


class ComplaintStage(models.Model):
    """Each stage a complaint went through, kept when it escalates (timeliness per stage)."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="stages")
    stage = models.PositiveSmallIntegerField(choices=Complaint.Stage.choices)
    start = models.DateField()
    extended = models.BooleanField(default=False)
    responded_date = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=10, choices=Complaint.Outcome.choices, blank=True)

    class Meta:
        ordering = ["complaint", "stage"]
        constraints = [
            models.UniqueConstraint(fields=["complaint", "stage"], name="one_row_per_stage"),
            models.CheckConstraint(
                condition=Q(responded_date__isnull=True) | Q(responded_date__gte=F("start")),
                name="complaintstage_responded_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.complaint}: stage {self.stage}"
