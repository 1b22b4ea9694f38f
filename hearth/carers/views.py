"""Pages for foster carer and adopter households (the fostering and adoption teams) and the
fostering sufficiency page. Households are not children's records: each page checks
``may_work_with_carers`` (sufficiency: ``may_see_fostering_sufficiency``), and every view and
change is audited without a child."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from hearth.access import audit
from hearth.access.models import AuditEntry
from hearth.access.permissions import may_see_fostering_sufficiency, may_work_with_carers
from hearth.carers import forms, selectors, services
from hearth.carers.models import CarerHousehold
from hearth.core.calendar import add_months
from hearth.core.query import QueryValueError, query_date_from
from hearth.core.services import ConcurrentEditError

H = CarerHousehold


def _allowed(request) -> None:
    if not may_work_with_carers(request.user):
        raise PermissionDenied("Carer households are the fostering and adoption teams' records.")


def _household(request, pk: int) -> CarerHousehold:
    _allowed(request)
    return get_object_or_404(H.objects.live().select_related("supervising_worker"), pk=pk)


def _viewed(request, what: str, household: CarerHousehold | None = None) -> None:
    detail = {"household": household.reference} if household else None
    audit.record(request=request, action=AuditEntry.Action.VIEW, what=what, detail=detail)


def _form_page(request, *, form_class, title, save, success, next_url, initial=None, intro=""):
    form = form_class(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        except ConcurrentEditError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, success)
            return redirect(next_url() if callable(next_url) else next_url)
    _viewed(request, f"Form: {title}")
    return render(
        request,
        "carers/form.html",
        {"form": form, "title": title, "intro": intro, "cancel_url": reverse("carer_households")},
    )


def households(request):
    _allowed(request)
    kind = request.GET.get("kind", "")
    status = request.GET.get("status", "")
    kind = kind if kind in H.Kind.values else ""
    status = status if status in H.Status.values else ""
    rows = list(selectors.households(kind=kind, status=status))
    today = timezone.localdate()
    due = selectors.reviews_due_by(households=rows, day=today)
    placed = selectors.children_placed_on(day=today)
    _viewed(request, "Carer households")
    return render(
        request,
        "carers/households.html",
        {
            "rows": [
                {
                    "household": h,
                    "review_due": due.get(h.pk),
                    "overdue": h.pk in due and due[h.pk] < today,
                    "placed": placed.get(h.pk, 0),
                }
                for h in rows
            ],
            "kinds": H.Kind.choices,
            "statuses": H.Status.choices,
            "kind": kind,
            "status": status,
        },
    )


def household_add(request):
    _allowed(request)
    created = {}

    def save(cd):
        created["household"] = services.household_create(
            acting_user=request.user, request=request, **cd
        )

    return _form_page(
        request,
        form_class=forms.HouseholdForm,
        title="Record a carer household",
        intro="Record the enquiry first; add the people in the household, the assessment and "
        "the approval from the household's page.",
        save=save,
        success="Household recorded",
        next_url=lambda: reverse("carer_household", args=[created["household"].pk]),
    )


def household(request, pk: int):
    h = _household(request, pk)
    today = timezone.localdate()
    _viewed(request, "Carer household", h)
    placements = list(selectors.placements_with(household=h))
    return render(
        request,
        "carers/household.html",
        {
            "household": h,
            "members": list(h.members.live()),
            "reviews": list(h.reviews.live()),
            "review_due": selectors.review_due(h),
            "today": today,
            "placements": placements,
            "placed_now": sum(p.start_date <= today and not p.end_date for p in placements),
            "adoptions": list(h.adoptions.live().select_related("child")),
        },
    )


def _back(h):
    return reverse("carer_household", args=[h.pk])


def household_edit(request, pk: int):
    h = _household(request, pk)
    return _form_page(
        request,
        form_class=forms.HouseholdEditForm,
        title=f"Details and support: {h.name}",
        initial={
            "version": h.version,
            "name": h.name,
            "address": h.address,
            "postcode": h.postcode,
            "supervising_worker": h.supervising_worker_id or "",
            "support_plan": h.support_plan,
        },
        save=lambda cd: services.household_update(
            household=h,
            expected_version=cd.pop("version"),
            changes=cd,
            acting_user=request.user,
            request=request,
        ),
        success="Household details saved",
        next_url=_back(h),
    )


def member_add(request, pk: int):
    h = _household(request, pk)
    return _form_page(
        request,
        form_class=forms.MemberForm,
        title=f"Add a household member: {h.name}",
        save=lambda cd: services.household_member_add(
            household=h, acting_user=request.user, request=request, **cd
        ),
        success="Household member added",
        next_url=_back(h),
    )


def assessment(request, pk: int):
    h = _household(request, pk)
    return _form_page(
        request,
        form_class=forms.AssessmentForm,
        title=f"Assessment: {h.name}",
        initial={"version": h.version},
        save=lambda cd: services.household_assessment_start(
            household=h,
            expected_version=cd["version"],
            start_date=cd["start_date"],
            stage2_start=cd["stage2_start"],
            acting_user=request.user,
            request=request,
        ),
        success="Assessment started",
        next_url=_back(h),
    )


def approve(request, pk: int):
    h = _household(request, pk)
    return _form_page(
        request,
        form_class=forms.ApprovalForm,
        title=f"Approval: {h.name}",
        intro="The terms of approval: how many children, their ages and the types of care. "
        "Approving an approved household again changes its terms.",
        initial={
            "version": h.version,
            "approved_places": h.approved_places,
            "age_from": h.age_from,
            "age_to": h.age_to,
            "care_types": h.care_types,
        },
        save=lambda cd: services.household_approve(
            household=h,
            expected_version=cd["version"],
            approval_date=cd["approval_date"],
            approved_places=cd["approved_places"],
            age_from=cd["age_from"],
            age_to=cd["age_to"],
            care_types=cd["care_types"],
            acting_user=request.user,
            request=request,
        ),
        success="Approval saved",
        next_url=_back(h),
    )


def status(request, pk: int):
    h = _household(request, pk)
    return _form_page(
        request,
        form_class=forms.StatusForm,
        title=f"Registration status: {h.name}",
        initial={"version": h.version},
        save=lambda cd: services.household_status_change(
            household=h,
            expected_version=cd["version"],
            status=cd["status"],
            date=cd["date"],
            reason=cd["reason"],
            acting_user=request.user,
            request=request,
        ),
        success="Registration status saved",
        next_url=_back(h),
    )


def review_add(request, pk: int):
    h = _household(request, pk)
    due = selectors.review_due(h)
    return _form_page(
        request,
        form_class=forms.ReviewForm,
        title=f"Annual review: {h.name}",
        intro=f"This review is due by {due:%-d %b %Y}." if due else "",
        save=lambda cd: services.carer_review_record(
            household=h, acting_user=request.user, request=request, **cd
        ),
        success="Annual review recorded",
        next_url=_back(h),
    )


def sufficiency(request):
    if not may_see_fostering_sufficiency(request.user):
        raise PermissionDenied
    error = ""
    try:
        day = query_date_from(request.GET, "as_of", label="The date") or timezone.localdate()
    except QueryValueError as problem:
        error, day = str(problem), timezone.localdate()
    year_start = add_months(day, n=-12) + dt.timedelta(days=1)
    result = selectors.fostering_sufficiency(day=day, year_start=year_start)
    _viewed(request, "Fostering sufficiency")
    return render(
        request,
        "carers/sufficiency.html",
        {
            "s": result,
            "as_of": day,
            "date_error": error,
            "date_errors": [("as_of", error)] if error else [],
        },
    )
