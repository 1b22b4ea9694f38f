"""Hearth's REST API, version 1. Reads start from the same selectors as the pages
(`children_visible_to`, `access_child`) and are audited like pages; writes call the same actions
as the forms (same validation), with optimistic concurrency through ETag / If-Match and
idempotent creates through an ``Idempotency-Key`` header."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.pagination import CursorPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from hearth.access import audit, permissions
from hearth.access.models import AuditEntry
from hearth.access.selectors import access_child, children_visible_to
from hearth.api import serializers as api_serializers
from hearth.api.models import IdempotentRequest
from hearth.api.problems import PreconditionFailed, PreconditionRequired
from hearth.api.serializers import (
    AllocationSerializer,
    CaseNoteSerializer,
    ChildSerializer,
    ChronologyEntrySerializer,
    IndicatorSerializer,
    IndicatorValueSerializer,
)
from hearth.care import selectors as care_selectors
from hearth.casework import notes
from hearth.casework import selectors as casework_selectors
from hearth.casework.models import CaseNote
from hearth.core.chronology import chronology_for
from hearth.core.services import ConcurrentEditError
from hearth.people.selectors import child_search, with_status
from hearth.workforce.models import Allocation


class ByIdCursor(CursorPagination):
    ordering = "pk"
    page_size = 50
    max_page_size = 200
    page_size_query_param = "page_size"

    def get_page_size(self, request):
        """A page size that is not a whole number from 1 to the maximum is a 400, not ignored."""
        raw = request.query_params.getlist(self.page_size_query_param)
        if not raw:
            return self.page_size
        if len(raw) > 1 or not raw[0].isdigit() or not 1 <= int(raw[0]) <= self.max_page_size:
            raise ApiValidationError(
                {"page_size": [f"Give a whole number from 1 to {self.max_page_size}"]}
            )
        return int(raw[0])

    def get_schema_operation_parameters(self, view):
        params = super().get_schema_operation_parameters(view)
        for param in params:
            if param["name"] == self.page_size_query_param:
                param["schema"] |= {"minimum": 1, "maximum": self.max_page_size}
        return params


def etag_of(record) -> str:
    return f'"v{record.version}"'


def _expected_version(request, record) -> int:
    header = request.headers.get("If-Match")
    if not header:
        raise PreconditionRequired()
    if header.strip() != etag_of(record):
        raise PreconditionFailed()
    return record.version


def _child(request, pk: int):
    child = access_child(user=request.user, pk=pk)
    return child


def _child_to_change(request, pk: int):
    """A child the caller may see (else 404) and may write to by `hearth.access.permissions`
    (else 403): the pages' `ChildWriteMiddleware` rule, for the API's token callers too."""
    from django.core.exceptions import PermissionDenied

    child = _child(request, pk)
    capability = permissions.CHILD_WRITES[request.resolver_match.url_name]
    if not permissions.may(request.user, capability, child=child):
        raise PermissionDenied("You are not working with this child, so you cannot change it.")
    return child


IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description="A key unique to this create; a retry with it returns the first answer",
)


def idempotency_key(request) -> str:
    return (request.headers.get("Idempotency-Key") or "").strip()[:100]


def earlier_answer(request, key: str) -> Response | None:
    """The answer to the caller's earlier create with this key (a retry gets the same answer and
    creates nothing), or None. A key already used on another path is a 400."""
    if not key:
        return None
    earlier = IdempotentRequest.objects.filter(user=request.user, key=key).first()
    if earlier is None:
        return None
    if earlier.path != request.path:
        raise ApiValidationError({"Idempotency-Key": ["Already used for another request"]})
    return Response(earlier.body, status=earlier.status)


def remember_answer(request, key: str, *, body, status: int) -> None:
    """Keep a create's answer under its key, in the create's transaction (a second request with
    the key at the same moment fails on the unique key and reads this answer)."""
    if key:
        IdempotentRequest.objects.create(
            user=request.user, key=key, path=request.path, status=status, body=body
        )


def _audit_child(request, child, what: str, **detail) -> None:
    audit.record(
        request=request._request if hasattr(request, "_request") else request,
        user=request.user,
        action=AuditEntry.Action.VIEW,
        what=f"API: {what}",
        child=child,
        detail=detail or None,
    )


class ChildList(generics.ListAPIView):
    """Children the caller may see (the same rule as search and lists), optionally matching
    ``q`` (name, date of birth, LA child ID, UPN or NHS number)."""

    serializer_class = ChildSerializer
    pagination_class = ByIdCursor

    @extend_schema(
        parameters=[OpenApiParameter("q", OpenApiTypes.STR, description="Search text")],
    )
    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        audit.record(
            request=request._request,
            user=request.user,
            action=AuditEntry.Action.SEARCH,
            what="API: children",
            detail={
                "q": request.query_params.get("q", ""),
                "results": len(response.data["results"]),
            },
        )
        return response

    def get_queryset(self):
        q = (self.request.query_params.get("q") or "").strip()[:100]
        if q:
            return with_status(child_search(user=self.request.user, query=q)).order_by("pk")
        return with_status(children_visible_to(user=self.request.user)).order_by("pk")


class ChildDetail(APIView):
    @extend_schema(responses=ChildSerializer)
    def get(self, request, pk: int):
        child = with_status(children_visible_to(user=request.user)).filter(pk=pk).first()
        if child is None:
            raise NotFound()
        _audit_child(request, child, "child record")
        return Response(ChildSerializer(child).data, headers={"ETag": etag_of(child)})


class ChildChronology(APIView):
    @extend_schema(responses=ChronologyEntrySerializer(many=True))
    def get(self, request, pk: int):
        child = _child(request, pk)
        entries = chronology_for(child=child)
        _audit_child(request, child, "chronology", entries=len(entries))
        return Response(ChronologyEntrySerializer(entries, many=True).data)


class ChildAllocations(APIView):
    @extend_schema(responses=AllocationSerializer(many=True))
    def get(self, request, pk: int):
        child = _child(request, pk)
        rows = (
            Allocation.objects.live()
            .filter(child=child)
            .select_related("worker", "team")
            .order_by("-start_date", "-pk")
        )
        _audit_child(request, child, "allocations")
        return Response(AllocationSerializer(rows, many=True).data)


class ChildRecordList(generics.ListAPIView):
    """One kind of the child's journey records, as the pages show them: a child the caller may not
    see is a 404 (the same as no such child), and records struck through or removed are left
    out. Cursor-paginated in the order they were recorded; each read is audited with the child."""

    pagination_class = ByIdCursor
    selector = None  # (child=) -> the records, from the record's app's selectors
    what = ""

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # drf-spectacular reading the view
            return self.get_serializer_class().Meta.model.objects.none()
        self.child = _child(self.request, self.kwargs["pk"])
        return type(self).selector(child=self.child)

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        _audit_child(request, self.child, self.what, records=len(response.data["results"]))
        return response


def _records(name: str, selector, serializer, what: str, doc: str) -> type[ChildRecordList]:
    return type(
        name,
        (ChildRecordList,),
        {
            "selector": staticmethod(selector),
            "serializer_class": serializer,
            "what": what,
            "__doc__": doc,
        },
    )


ChildCINEpisodes = _records(
    "ChildCINEpisodes",
    casework_selectors.cin_episodes_of,
    api_serializers.CINEpisodeSerializer,
    "CIN episodes",
    "The child's referrals (children in need episodes): referral and closure dates and reasons.",
)
ChildAssessments = _records(
    "ChildAssessments",
    casework_selectors.assessments_of,
    api_serializers.AssessmentSerializer,
    "assessments",
    "The child's assessments, with the factors identified at assessment.",
)
ChildCINPlans = _records(
    "ChildCINPlans",
    casework_selectors.cin_plans_of,
    api_serializers.CINPlanSerializer,
    "CIN plans",
    "The child's children in need plans, with their reviews.",
)
ChildStrategyDiscussions = _records(
    "ChildStrategyDiscussions",
    casework_selectors.strategy_discussions_of,
    api_serializers.StrategyDiscussionSerializer,
    "strategy discussions",
    "The child's strategy discussions.",
)
ChildSection47s = _records(
    "ChildSection47s",
    casework_selectors.section47s_of,
    api_serializers.Section47Serializer,
    "section 47 enquiries",
    "The child's section 47 enquiries.",
)
ChildCPPlans = _records(
    "ChildCPPlans",
    casework_selectors.cp_plans_of,
    api_serializers.CPPlanSerializer,
    "child protection plans",
    "The child's child protection plans: categories of abuse, start and end.",
)
ChildConferences = _records(
    "ChildConferences",
    casework_selectors.conferences_of,
    api_serializers.ConferenceSerializer,
    "child protection conferences",
    "The child's initial and review child protection conferences.",
)
ChildPeriodsOfCare = _records(
    "ChildPeriodsOfCare",
    care_selectors.periods_of_care_of,
    api_serializers.PeriodOfCareSerializer,
    "periods of care",
    "The child's periods of care, each with its placements and legal statuses.",
)
ChildLACReviews = _records(
    "ChildLACReviews",
    care_selectors.lac_reviews_of,
    api_serializers.LACReviewSerializer,
    "looked-after reviews",
    "The child's looked-after reviews.",
)
ChildMissingEpisodes = _records(
    "ChildMissingEpisodes",
    care_selectors.missing_episodes_of,
    api_serializers.MissingEpisodeSerializer,
    "missing episodes",
    "The child's missing and away-from-placement episodes, with return interviews.",
)
ChildPathwayPlans = _records(
    "ChildPathwayPlans",
    care_selectors.pathway_plans_of,
    api_serializers.PathwayPlanSerializer,
    "pathway plans",
    "The care leaver's pathway plans.",
)


def _validate_note(data: dict) -> None:
    if data["occurred_at"] > timezone.now() + dt.timedelta(minutes=5):
        raise ApiValidationError({"occurred_at": ["The time must be now or in the past"]})


class ChildCaseNotes(APIView):
    """Case notes on the child: final notes and the caller's own drafts; create one (send an
    ``Idempotency-Key`` to make a retry safe)."""

    @extend_schema(responses=CaseNoteSerializer(many=True))
    def get(self, request, pk: int):
        child = _child(request, pk)
        rows = list(notes.notes_for(child=child, user=request.user))
        _audit_child(request, child, "case notes", notes=len(rows))
        return Response(CaseNoteSerializer(rows, many=True).data)

    @extend_schema(
        request=CaseNoteSerializer,
        responses={201: CaseNoteSerializer},
        parameters=[IDEMPOTENCY_KEY],
    )
    def post(self, request, pk: int):
        child = _child_to_change(request, pk)
        key = idempotency_key(request)
        earlier = earlier_answer(request, key)
        if earlier is not None:
            return earlier
        serializer = CaseNoteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        _validate_note(data)
        try:
            with transaction.atomic():
                note = notes.case_note_add(
                    child=child,
                    occurred_at=data["occurred_at"],
                    kind=data["kind"],
                    subject=data["subject"],
                    text=data["text"],
                    finalise=data["finalise"],
                    acting_user=request.user,
                    request=request._request,
                )
                body = CaseNoteSerializer(note).data
                remember_answer(request, key, body=body, status=201)
        except DjangoValidationError as exc:
            raise ApiValidationError(
                exc.message_dict if hasattr(exc, "error_dict") else exc.messages
            ) from exc
        except IntegrityError:
            # The same key sent twice at once: the other request made the note.
            return earlier_answer(request, key)
        return Response(body, status=status.HTTP_201_CREATED, headers={"ETag": etag_of(note)})


class CaseNoteDraft(APIView):
    """Change or finish one of the caller's draft notes: send ``If-Match`` with its ETag."""

    @extend_schema(
        request=CaseNoteSerializer,
        responses=CaseNoteSerializer,
        parameters=[
            OpenApiParameter("If-Match", OpenApiTypes.STR, OpenApiParameter.HEADER, required=True)
        ],
    )
    def patch(self, request, pk: int, note_pk: int):
        child = _child_to_change(request, pk)
        note = notes.access_draft(child=child, user=request.user, pk=note_pk)
        expected = _expected_version(request, note)
        serializer = CaseNoteSerializer(note, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = {
            "occurred_at": note.occurred_at,
            "kind": note.kind,
            "subject": note.subject,
            "text": note.text,
            "finalise": False,
        } | serializer.validated_data
        _validate_note(data)
        try:
            notes.case_note_draft_update(
                note=note,
                expected_version=expected,
                acting_user=request.user,
                request=request._request,
                **data,
            )
        except ConcurrentEditError as exc:
            raise PreconditionFailed() from exc
        except DjangoValidationError as exc:
            raise ApiValidationError(exc.messages) from exc
        note = CaseNote.objects.get(pk=note.pk)
        return Response(CaseNoteSerializer(note).data, headers={"ETag": etag_of(note)})


def _require_dashboard(request) -> None:
    if getattr(request.user, "role", None) not in permissions.PERFORMANCE_ROLES:
        raise PermissionDenied("Indicators are for managers, leaders and analysts")


class IndicatorList(APIView):
    @extend_schema(responses=IndicatorSerializer(many=True))
    def get(self, request):
        from hearth.insight.indicators import indicators

        _require_dashboard(request)
        return Response(IndicatorSerializer(indicators(), many=True).data)


class AsOf(serializers.Serializer):
    as_of = serializers.DateField(required=False)

    def validate_as_of(self, value):
        if value and not dt.date(2000, 1, 1) <= value <= timezone.localdate():
            raise serializers.ValidationError("Give a date from 2000 to today")
        return value


class IndicatorValue(APIView):
    """An indicator's value for the whole authority on ``as_of`` (default today): the same
    computation, cache and definition as the dashboard."""

    @extend_schema(
        parameters=[OpenApiParameter("as_of", OpenApiTypes.DATE)],
        responses=IndicatorValueSerializer,
    )
    def get(self, request, key: str):
        from hearth.insight.evaluate import values_for
        from hearth.insight.indicators import REGISTRY

        _require_dashboard(request)
        indicator = REGISTRY.get(key)
        if indicator is None:
            raise NotFound()
        params = AsOf(data=request.query_params)
        params.is_valid(raise_exception=True)
        as_of = params.validated_data.get("as_of") or timezone.localdate()
        summary = values_for([indicator], as_of=as_of)[(key, as_of)]
        audit.record(
            request=request._request,
            user=request.user,
            action=AuditEntry.Action.VIEW,
            what=f"API: indicator {key}",
            detail={"as_of": as_of},
        )
        return Response(
            IndicatorValueSerializer(
                {
                    "key": key,
                    "as_of": as_of,
                    "value": summary["value"],
                    "numerator": summary["numerator"],
                    "denominator": summary["denominator"],
                }
            ).data
        )
