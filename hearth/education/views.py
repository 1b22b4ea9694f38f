"""A child's education (where they are educated, personal education plans, exclusions) and the
virtual school head's page: the children in care of school age the viewer may see, with their
school, PEP, attendance, exclusions, SEN provision and missing-education flags."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone

from hearth.access import audit
from hearth.access.models import AuditEntry
from hearth.access.permissions import VIRTUAL_SCHOOL, may
from hearth.access.selectors import access_child, children_visible_to
from hearth.casework import clocks
from hearth.core.child_pages import child_form
from hearth.core.query import QueryValueError, query_date_from
from hearth.education import forms, selectors, services
from hearth.education.models import PersonalEducationPlan


def education_setting(request, pk: int):
    child = access_child(user=request.user, pk=pk)
    current = selectors.current_setting(child=child)
    intro = (
        f"Now: {current.get_kind_display().lower()}"
        + (f" at {current.school_name}" if current.school_name else "")
        + f", since {current.start_date:%-d %b %Y}. A new entry ends it."
        if current
        else "Where the child is educated: a school, alternative provision, home education, or "
        "no provision (missing education)."
    )
    return child_form(
        request,
        child,
        form_class=forms.SettingForm,
        title="Where the child is educated",
        intro=intro,
        save=lambda f: services.education_setting_change(
            child=child, acting_user=request.user, request=request, **f.cleaned_data
        ),
        success="Education recorded",
    )


def pep_add(request, pk: int):
    child = access_child(user=request.user, pk=pk)
    last = (
        PersonalEducationPlan.objects.live()
        .filter(child=child)
        .order_by("-date")
        .values_list("date", flat=True)
        .first()
    )
    intro = ""
    if last:
        intro = f"The last PEP was on {last:%-d %b %Y}; the next was due by "
        intro += f"{clocks.pep_due(last, last=last):%-d %b %Y}."
    return child_form(
        request,
        child,
        form_class=forms.PEPForm,
        title="Personal education plan",
        intro=intro,
        save=lambda f: services.pep_record(
            child=child, acting_user=request.user, request=request, **f.cleaned_data
        ),
        success="Personal education plan recorded",
    )


def exclusion_add(request, pk: int):
    child = access_child(user=request.user, pk=pk)
    return child_form(
        request,
        child,
        form_class=forms.ExclusionForm,
        title="Suspension or permanent exclusion",
        save=lambda f: services.exclusion_record(
            child=child, acting_user=request.user, request=request, **f.cleaned_data
        ),
        success="Exclusion recorded",
    )


def virtual_school(request):
    if not may(request.user, VIRTUAL_SCHOOL):
        raise PermissionDenied
    error = ""
    try:
        day = query_date_from(request.GET, "as_of", label="The date") or timezone.localdate()
    except QueryValueError as problem:
        error, day = str(problem), timezone.localdate()
    visible = children_visible_to(user=request.user).values("pk")
    pupils = selectors.pupils_on(day=day, child_ids=visible)
    audit.record(
        request=request,
        action=AuditEntry.Action.VIEW,
        what="Virtual school: children in care of school age",
        detail={"as_of": day.isoformat(), "children": [p.child_id for p in pupils]},
    )
    with_attendance = [p for p in pupils if p.attendance is not None]
    summary = {
        "children": len(pupils),
        "pep_in_date": sum(p.pep_in_date for p in pupils),
        "persistently_absent": sum(bool(p.persistently_absent) for p in with_attendance),
        "with_attendance": len(with_attendance),
        "excluded": sum(p.exclusions > 0 for p in pupils),
        "missing_education": sum(p.missing_education for p in pupils),
        "home_educated": sum(p.home_educated for p in pupils),
        "ehcp": sum(bool(p.pep and p.pep.sen_provision == "E") for p in pupils),
    }
    return render(
        request,
        "education/virtual_school.html",
        {
            "pupils": pupils,
            "summary": summary,
            "as_of": day,
            "date_error": error,
            "date_errors": [("as_of", error)] if error else [],
        },
    )
