"""What the API shows of each record: the fields a page about it shows, no more."""

from __future__ import annotations

from rest_framework import serializers

from hearth.casework.models import CaseNote
from hearth.people.models import Child
from hearth.people.selectors import Status, status_of
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
