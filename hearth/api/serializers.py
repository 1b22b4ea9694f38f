"""What the API shows of each record: the fields a page about it shows, no more."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from hearth.care.models import (
    LACReview,
    LegalStatus,
    MissingEpisode,
    PathwayPlan,
    PeriodOfCare,
    Placement,
)
from hearth.casework.models import (
    Assessment,
    AssessmentFactor,
    CaseNote,
    ChildProtectionConference,
    CINEpisode,
    CINPlan,
    CINPlanReview,
    CPPlan,
    Section47Enquiry,
    StrategyDiscussion,
)
from hearth.people.models import Child
from hearth.people.selectors import Status, status_of
from hearth.returns.dataquality import group_findings
from hearth.returns.forms import start_errors, year_choices
from hearth.returns.jobs import result_file
from hearth.returns.models import ReturnJob
from hearth.workforce.models import Allocation


class ChildSerializer(serializers.ModelSerializer):
    status = serializers.SerializerMethodField()

    class Meta:
        model = Child
        fields = [
            "id",
            "la_child_id",
            "first_name",
            "last_name",
            "preferred_name",
            "date_of_birth",
            "expected_date_of_birth",
            "sex",
            "nhs_number",
            "status",
            "version",
        ]
        read_only_fields = fields

    def get_status(self, child: Child) -> str:
        return Status.LABELS[status_of(child)]


class ChronologyEntrySerializer(serializers.Serializer):
    date = serializers.DateField()
    kind = serializers.CharField()
    kind_label = serializers.CharField()
    title = serializers.CharField()
    detail = serializers.CharField(allow_blank=True)


class AllocationSerializer(serializers.ModelSerializer):
    worker = serializers.CharField(source="worker.full_name")
    team = serializers.CharField(source="team.name")

    class Meta:
        model = Allocation
        fields = ["id", "kind", "worker", "team", "start_date", "end_date", "reason"]
        read_only_fields = fields


class CaseNoteSerializer(serializers.ModelSerializer):
    finalise = serializers.BooleanField(write_only=True, default=True)
    subject = serializers.CharField(max_length=120)
    text = serializers.CharField(max_length=10_000)

    class Meta:
        model = CaseNote
        fields = [
            "id",
            "occurred_at",
            "kind",
            "subject",
            "text",
            "status",
            "finalise",
            "version",
        ]
        read_only_fields = ["id", "status", "version"]
        extra_kwargs = {"kind": {"required": True}}


class IndicatorSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    theme = serializers.CharField()
    unit = serializers.CharField()
    definition = serializers.CharField()
    source = serializers.CharField()


class IndicatorValueSerializer(serializers.Serializer):
    key = serializers.CharField()
    as_of = serializers.DateField()
    value = serializers.FloatField(allow_null=True)
    numerator = serializers.IntegerField(allow_null=True)
    denominator = serializers.IntegerField(allow_null=True)


# --- A child's journey records --------------------------------------------------------------------


class RecordSerializer(serializers.ModelSerializer):
    """A journey record: its fields, and beside each coded field the words the pages show for the
    code (``<field>_label``)."""

    def get_fields(self):
        fields = super().get_fields()
        for name in list(fields):
            model_field = self._model_field(name)
            if getattr(model_field, "choices", None):
                # A read-only field loses these; the schema must still allow a blank/no code.
                fields[name].allow_blank = model_field.blank
                fields[name].allow_null = model_field.null
                fields[f"{name}_label"] = serializers.CharField(
                    source=f"get_{name}_display", read_only=True
                )
        return fields

    def _model_field(self, name: str):
        try:
            return self.Meta.model._meta.get_field(name)
        except Exception:  # a field of the serializer's own (a worker's name, a nested list)
            return None


def _record_meta(model, names: list[str]):
    return type("Meta", (), {"model": model, "fields": names, "read_only_fields": names})


class CINEpisodeSerializer(RecordSerializer):
    Meta = _record_meta(
        CINEpisode,
        [
            "id",
            "referral_date",
            "referral_source",
            "primary_need",
            "referral_nfa",
            "closure_date",
            "closure_reason",
            "version",
        ],
    )


class AssessmentFactorSerializer(RecordSerializer):
    Meta = _record_meta(AssessmentFactor, ["code"])


class AssessmentSerializer(RecordSerializer):
    factors = AssessmentFactorSerializer(many=True, read_only=True)
    authorised_by = serializers.CharField(
        source="authorised_by.full_name", allow_null=True, read_only=True
    )
    Meta = _record_meta(
        Assessment,
        [
            "id",
            "cin_episode",
            "start_date",
            "child_seen",
            "seen_alone",
            "childs_views",
            "completed_date",
            "authorised_date",
            "authorised_by",
            "analysis",
            "requires_support",
            "factors",
            "version",
        ],
    )


class CINPlanReviewSerializer(RecordSerializer):
    Meta = _record_meta(
        CINPlanReview,
        ["id", "date", "childs_views", "progress", "outcome", "next_review_due", "version"],
    )


class CINPlanSerializer(RecordSerializer):
    reviews = CINPlanReviewSerializer(many=True, read_only=True)
    Meta = _record_meta(
        CINPlan,
        ["id", "cin_episode", "start_date", "end_date", "review_due", "reviews", "version"],
    )


class StrategyDiscussionSerializer(RecordSerializer):
    Meta = _record_meta(
        StrategyDiscussion,
        [
            "id",
            "cin_episode",
            "date",
            "police_attended",
            "health_attended",
            "section47_agreed",
            "notes",
            "version",
        ],
    )


class Section47Serializer(RecordSerializer):
    Meta = _record_meta(
        Section47Enquiry,
        [
            "id",
            "cin_episode",
            "strategy_discussion",
            "start_date",
            "icpc_target_date",
            "icpc_not_required",
            "end_date",
            "outcome",
            "version",
        ],
    )


class CPPlanSerializer(RecordSerializer):
    Meta = _record_meta(
        CPPlan,
        [
            "id",
            "cin_episode",
            "start_date",
            "end_date",
            "initial_category",
            "latest_category",
            "end_reason",
            "visit_frequency_days",
            "version",
        ],
    )


class ConferenceSerializer(RecordSerializer):
    chair = serializers.CharField(source="chair.full_name", allow_null=True, read_only=True)
    Meta = _record_meta(
        ChildProtectionConference,
        [
            "id",
            "cin_episode",
            "section47",
            "cp_plan",
            "kind",
            "date",
            "plan_required",
            "chair",
            "version",
        ],
    )


class PlacementSerializer(RecordSerializer):
    Meta = _record_meta(
        Placement,
        [
            "id",
            "place",
            "provider",
            "carer_name",
            "postcode",
            "urn",
            "la_of_placement",
            "start_date",
            "end_date",
            "reason_changed",
            "version",
        ],
    )


class LegalStatusSerializer(RecordSerializer):
    Meta = _record_meta(LegalStatus, ["id", "code", "start_date", "end_date", "version"])


class PeriodOfCareSerializer(RecordSerializer):
    placements = PlacementSerializer(many=True, read_only=True)
    legal_statuses = LegalStatusSerializer(many=True, read_only=True)
    Meta = _record_meta(
        PeriodOfCare,
        [
            "id",
            "start_date",
            "end_date",
            "reason_ceased",
            "category_of_need",
            "home_postcode",
            "previous_permanence",
            "previous_permanence_la",
            "previous_permanence_date",
            "placements",
            "legal_statuses",
            "version",
        ],
    )


class LACReviewSerializer(RecordSerializer):
    iro = serializers.CharField(source="iro.full_name", allow_null=True, read_only=True)
    Meta = _record_meta(LACReview, ["id", "period", "date", "participation", "iro", "version"])


class MissingEpisodeSerializer(RecordSerializer):
    push_factors = serializers.ListField(child=serializers.CharField(), read_only=True)
    pull_factors = serializers.ListField(child=serializers.CharField(), read_only=True)
    Meta = _record_meta(
        MissingEpisode,
        [
            "id",
            "kind",
            "started_at",
            "returned_at",
            "from_placement",
            "reported_to_police",
            "return_interview_offered_at",
            "return_interview_accepted",
            "return_interview_completed_at",
            "push_factors",
            "pull_factors",
            "exploitation_concern",
            "interview_summary",
            "version",
        ],
    )


class PathwayPlanSerializer(RecordSerializer):
    Meta = _record_meta(PathwayPlan, ["id", "date", "review_due", "summary", "version"])


# --- Returns jobs ---------------------------------------------------------------------------------


class ReturnJobSerializer(serializers.ModelSerializer):
    """A return job as the Returns page lists it: what, for when, who asked, how far it has got."""

    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    requested_by = serializers.CharField(read_only=True)
    finished = serializers.BooleanField(read_only=True)
    error = serializers.SerializerMethodField()
    download_name = serializers.SerializerMethodField()
    counts = serializers.SerializerMethodField()

    class Meta:
        model = ReturnJob
        fields = [
            "id",
            "kind",
            "kind_label",
            "year",
            "as_of",
            "validate_only",
            "status",
            "status_label",
            "progress",
            "message",
            "finished",
            "error",
            "download_name",
            "counts",
            "requested_by",
            "created_at",
            "started_at",
            "finished_at",
        ]
        read_only_fields = fields

    def get_error(self, job: ReturnJob) -> str:
        return job.error if job.status == ReturnJob.Status.FAILED else ""

    def get_download_name(self, job: ReturnJob) -> str:
        """The file's name when there is one to download (``…/download/``), else empty."""
        return job.result_name if result_file(job) is not None else ""

    @extend_schema_field({"type": "object", "additionalProperties": {"type": "integer"}})
    def get_counts(self, job: ReturnJob) -> dict:
        """Rules passed, failed as errors or queries, and not checked (a finished job)."""
        return job.summary.get("counts", {}) if job.status == ReturnJob.Status.DONE else {}


class ReturnJobCreateSerializer(serializers.Serializer):
    """Start a return: the Returns page's form (and its rules: `returns.forms.start_errors`)."""

    kind = serializers.ChoiceField(choices=ReturnJob.Kind.choices)
    year = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="Collection year, for example 2025-26 (CIN census and SSDA903)",
    )
    as_of = serializers.DateField(
        required=False, allow_null=True, help_text="The date the lists run to (Annex A)"
    )

    def validate_as_of(self, value):
        if value is not None and value.year < 1900:  # as the page's GOV.UK date input
            raise serializers.ValidationError("Give a date from 1900")
        return value

    def validate_year(self, value: str) -> str:
        if value and value not in dict(year_choices()):
            raise serializers.ValidationError(
                f"Give one of {', '.join(y for y, _ in year_choices())}"
            )
        return value

    def validate(self, data):
        errors = start_errors(kind=data.get("kind"), year=data.get("year"), as_of=data.get("as_of"))
        if errors:
            raise serializers.ValidationError({k: [v] for k, v in errors.items()})
        return data


class RuleFindingsSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField(allow_blank=True)
    type = serializers.CharField()
    locations = serializers.IntegerField(help_text="Places in the file the rule failed")
    children = serializers.SerializerMethodField(
        help_text="Ids of the children with failures the caller may see"
    )
    hidden_children = serializers.IntegerField(
        help_text="Children with failures the caller may not see (counted, never named)"
    )

    def get_children(self, group) -> list[int]:
        return [c.child.pk for c in group.children]


class ValidationSummarySerializer(serializers.Serializer):
    passed = serializers.IntegerField()
    errors = RuleFindingsSerializer(many=True)
    queries = RuleFindingsSerializer(many=True)
    not_checked = serializers.SerializerMethodField()
    unavailable = serializers.CharField(
        allow_blank=True, help_text="Why DfE's rules could not run at all, if they could not"
    )

    def get_not_checked(self, grouped) -> list[str]:
        return [r["code"] for r in grouped.not_checked]


class ReturnJobDetailSerializer(ReturnJobSerializer):
    validation = serializers.SerializerMethodField()

    class Meta(ReturnJobSerializer.Meta):
        fields = [*ReturnJobSerializer.Meta.fields, "validation"]
        read_only_fields = fields

    @extend_schema_field(ValidationSummarySerializer(allow_null=True))
    def get_validation(self, job: ReturnJob):
        """The validation report of a finished job (as the report page groups it), else null."""
        if job.status != ReturnJob.Status.DONE or not job.summary:
            return None
        grouped = group_findings(job.summary, user=self.context["request"].user)
        return ValidationSummarySerializer(grouped).data
