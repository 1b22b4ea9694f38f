"""Returns jobs over the API: list them, start one, follow it, download what it produced. For
the people who prepare returns (`access.permissions.may_prepare_returns`), as the Returns page;
a job starts through the same calls as the page's form (`returns.jobs.create_job`/`start_job`)
and with the same rules (`returns.forms.start_errors`)."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.http import FileResponse
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from hearth.access import audit, permissions
from hearth.access.models import AuditEntry
from hearth.api.serializers import (
    ReturnJobCreateSerializer,
    ReturnJobDetailSerializer,
    ReturnJobSerializer,
)
from hearth.api.views import (
    IDEMPOTENCY_KEY,
    ByIdCursor,
    earlier_answer,
    idempotency_key,
    remember_answer,
)
from hearth.returns import jobs
from hearth.returns.models import ReturnJob


class NewestFirst(ByIdCursor):
    ordering = "-pk"


def _require_returns(request) -> None:
    if not permissions.may_prepare_returns(request.user):
        raise PermissionDenied("Statutory returns are prepared by analysts and leaders.")


def _job(request, pk: int) -> ReturnJob:
    _require_returns(request)
    job = ReturnJob.objects.select_related("requested_by").filter(pk=pk).first()
    if job is None:
        raise NotFound()
    return job


class ReturnJobs(generics.ListAPIView):
    """Return jobs, newest first (the Returns page's list); start one (send an
    ``Idempotency-Key`` so a retry starts no second job). The job runs in the background: follow
    it at its ``Location``."""

    serializer_class = ReturnJobSerializer
    pagination_class = NewestFirst

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ReturnJob.objects.none()
        _require_returns(self.request)
        return ReturnJob.objects.select_related("requested_by")

    @extend_schema(
        request=ReturnJobCreateSerializer,
        responses={202: ReturnJobSerializer},
        parameters=[IDEMPOTENCY_KEY],
    )
    def post(self, request):
        _require_returns(request)
        key = idempotency_key(request)
        earlier = earlier_answer(request, key)
        if earlier is not None:
            return earlier
        form = ReturnJobCreateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        try:
            with transaction.atomic():
                job = jobs.create_job(
                    kind=data["kind"],
                    user=request.user,
                    year=data.get("year") or "",
                    as_of=data.get("as_of"),
                )
                body = ReturnJobSerializer(job).data
                remember_answer(request, key, body=body, status=202)
        except IntegrityError:
            # The same key sent twice at once: the other request started the job.
            return earlier_answer(request, key)
        jobs.start_job(job)
        return Response(
            body,
            status=status.HTTP_202_ACCEPTED,
            headers={"Location": reverse("api_return_job", args=[job.pk])},
        )


class ReturnJobDetail(APIView):
    """A job's progress and outcome; once done, its validation report (failing rules with the
    children the caller may see, others counted) and whether there is a file to download."""

    @extend_schema(responses=ReturnJobDetailSerializer)
    def get(self, request, pk: int):
        job = _job(request, pk)
        if job.status == ReturnJob.Status.DONE and job.summary:
            audit.record(
                request=request._request,
                user=request.user,
                action=AuditEntry.Action.VIEW,
                what=f"API: validation report: {job.get_kind_display()} {job.period_label}",
                detail={"job": job.pk},
            )
        response = Response(ReturnJobDetailSerializer(job, context={"request": request}).data)
        response["Cache-Control"] = "no-store"
        return response


class ReturnJobDownload(APIView):
    """The file a finished job produced (not kept for a validation-only run): audited as an
    export, as the page's download."""

    @extend_schema(
        responses={
            (200, "application/zip"): OpenApiResponse(OpenApiTypes.BINARY, "SSDA903 tables"),
            (200, "application/xml"): OpenApiResponse(OpenApiTypes.BINARY, "CIN census"),
            (
                200,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ): OpenApiResponse(OpenApiTypes.BINARY, "Annex A"),
        }
    )
    def get(self, request, pk: int):
        job = _job(request, pk)
        path = jobs.result_file(job)
        if path is None:
            raise NotFound("This job has no file to download")
        audit.record(
            request=request._request,
            user=request.user,
            action=AuditEntry.Action.EXPORT,
            what=f"API: downloaded {job.get_kind_display()} {job.period_label}",
            detail={"job": job.pk, "kind": job.kind, "file": job.result_name},
        )
        return FileResponse(
            path.open("rb"),
            as_attachment=True,
            filename=job.result_name,
            content_type=jobs.content_type(path),
        )
