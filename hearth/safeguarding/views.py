"""Pages for the LADO register (not a child's page: the allegation is about an adult) and the
child pages for private fostering, young carers and homeless 16 and 17 year olds."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from hearth.access import audit
from hearth.access.models import AuditEntry
from hearth.access.permissions import LADO, may
from hearth.access.selectors import access_child, children_visible_to
from hearth.casework import clocks
from hearth.core.child_pages import child_context, child_form, view_audit
from hearth.core.child_pages import latest_values as _latest
from hearth.core.forms import as_yes_no
from hearth.core.services import ConcurrentEditError
from hearth.safeguarding import forms, selectors, services
from hearth.safeguarding.models import LadoReferral

# --- LADO --------------------------------------------------------------------------------------


def _require_lado(request) -> None:
    if not may(request.user, LADO):
        raise PermissionDenied("The LADO register is for the designated officer's service.")


def _audit(request, what: str, detail=None) -> None:
    audit.record(request=request, action=AuditEntry.Action.VIEW, what=what, detail=detail)


@require_GET
def lado_list(request):
    _require_lado(request)
    today = timezone.localdate()
    rows = selectors.lado_register(today=today)
    _audit(request, "LADO register", {"rows": len(rows)})
    return render(request, "safeguarding/lado_list.html", {"rows": rows, "today": today})


def _lado_form(request, *, form_class, title: str, save, initial=None, referral=None):
    """A GOV.UK form page for the LADO register; errors from the action land on the fields."""
    if request.method == "POST":
        form = form_class(request.POST, initial=initial)
        if form.is_valid():
            try:
                saved = save(form)
            except ValidationError as exc:
                form.add_service_errors(exc)
            except ConcurrentEditError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, f"{title}: saved")
                return redirect("lado_detail", pk=saved.pk if saved else referral.pk)
    else:
        form = form_class(initial=initial)
    _audit(request, f"Form: {title}", {"referral": referral.pk if referral else None})
    return render(
        request,
        "safeguarding/lado_form.html",
        {"form": form, "title": title, "referral": referral},
    )


def lado_add(request):
    _require_lado(request)
    return _lado_form(
        request,
        form_class=forms.LadoReferralForm,
        title="New LADO referral",
        save=lambda f: services.lado_referral_create(
            acting_user=request.user, request=request, **f.cleaned_data
        ),
    )


def _referral(request, pk: int) -> LadoReferral:
    _require_lado(request)
    return get_object_or_404(LadoReferral.objects.live(), pk=pk)


@require_GET
def lado_detail(request, pk: int):
    referral = _referral(request, pk)
    visible = set(
        children_visible_to(user=request.user)
        .filter(lado_links__referral=referral)
        .values_list("pk", flat=True)
    )
    links = [
        {"link": link, "visible": link.child_id in visible}
        for link in referral.links.live().select_related("child")
    ]
    _audit(request, f"LADO referral {referral.reference}", {"referral": referral.pk})
    return render(
        request,
        "safeguarding/lado_detail.html",
        {
            "referral": referral,
            "links": links,
            "consideration_due": clocks.lado_initial_consideration_due(referral.received_date),
            "resolution_due": clocks.lado_resolution_due(referral.received_date),
            "on_time": clocks.lado_resolved_on_time(
                referral.received_date, resolved=referral.outcome_date
            ),
        },
    )


def lado_consideration(request, pk: int):
    referral = _referral(request, pk)
    return _lado_form(
        request,
        form_class=forms.LadoConsiderationForm,
        title="Initial consideration and strategy meeting",
        referral=referral,
        initial={
            "version": referral.version,
            "initial_consideration_date": referral.initial_consideration_date,
            "threshold_met": as_yes_no(referral.threshold_met),
            "strategy_meeting_date": referral.strategy_meeting_date,
        },
        save=lambda f: services.lado_consideration(
            referral=referral,
            expected_version=f.cleaned_data["version"],
            initial_consideration_date=f.cleaned_data["initial_consideration_date"],
            threshold_met=f.cleaned_data["threshold_met"],
            strategy_meeting_date=f.cleaned_data["strategy_meeting_date"],
            acting_user=request.user,
            request=request,
        ),
    )


def lado_outcome(request, pk: int):
    referral = _referral(request, pk)
    return _lado_form(
        request,
        form_class=forms.LadoOutcomeForm,
        title="Outcome of the allegation",
        referral=referral,
        initial={
            "version": referral.version,
            "outcome": referral.outcome or None,
            "outcome_date": referral.outcome_date,
            "outcome_notes": referral.outcome_notes,
        },
        save=lambda f: services.lado_outcome(
            referral=referral,
            expected_version=f.cleaned_data["version"],
            outcome=f.cleaned_data["outcome"],
            outcome_date=f.cleaned_data["outcome_date"],
            outcome_notes=f.cleaned_data["outcome_notes"],
            acting_user=request.user,
            request=request,
        ),
    )


def lado_link_child(request, pk: int):
    referral = _referral(request, pk)

    def save(form):
        child = (
            children_visible_to(user=request.user)
            .filter(la_child_id=form.cleaned_data["la_child_id"].strip())
            .first()
        )
        if child is None:
            # The same answer whether the child does not exist or is not visible to the user.
            raise ValidationError({"la_child_id": "No child you can see has this LA child ID"})
        services.lado_link_child(
            referral=referral, child=child, acting_user=request.user, request=request
        )
        return referral

    return _lado_form(
        request,
        form_class=forms.LadoLinkChildForm,
        title="Link a child to the referral",
        referral=referral,
        save=save,
    )


# --- Private fostering -------------------------------------------------------------------------


def private_fostering(request, pk: int):
    """The child's private fostering arrangement (visits, due dates) or, with none open, the
    notification form."""
    child = access_child(user=request.user, pk=pk)
    arrangement = services.open_private_fostering(child=child)
    if arrangement is None:
        return child_form(
            request,
            child,
            form_class=forms.PrivateFosteringNotifyForm,
            title="Private fostering notification",
            intro="A child under 16 (18 if disabled) cared for for 28 days or more by someone "
            "who is not a parent or close relative. The first visit is due within 7 working "
            "days of the notification.",
            save=lambda f: services.private_fostering_notify(
                child=child, acting_user=request.user, request=request, **f.cleaned_data
            ),
            success="Private fostering notification recorded",
            next_url=reverse("private_fostering", args=[child.pk]),
        )
    if request.method != "GET":
        return redirect("private_fostering", pk=child.pk)
    visits = list(arrangement.visits.live())
    view_audit(request, child, "Private fostering")
    context = child_context(request, child)
    context.update(
        {
            "arrangement": arrangement,
            "visits": visits,
            "next_visit_due": clocks.private_fostering_visit_due(
                arrangement.notified_date, last_visit=visits[0].date if visits else None
            ),
            "first_visit_due": clocks.private_fostering_visit_due(arrangement.notified_date),
        }
    )
    return render(request, "safeguarding/private_fostering.html", context)


def _open_arrangement_or_redirect(request, pk: int):
    child = access_child(user=request.user, pk=pk)
    return child, services.open_private_fostering(child=child)


def private_fostering_visit(request, pk: int):
    child, arrangement = _open_arrangement_or_redirect(request, pk)
    if arrangement is None:
        return redirect("private_fostering", pk=child.pk)
    return child_form(
        request,
        child,
        form_class=forms.PrivateFosteringVisitForm,
        title="Private fostering visit",
        intro="Speak to the child alone unless that is inappropriate (regulation 8(3)).",
        save=lambda f: services.private_fostering_visit(
            arrangement=arrangement, acting_user=request.user, request=request, **f.cleaned_data
        ),
        success="Private fostering visit recorded",
        next_url=reverse("private_fostering", args=[child.pk]),
    )


def private_fostering_assess(request, pk: int):
    child, arrangement = _open_arrangement_or_redirect(request, pk)
    if arrangement is None:
        return redirect("private_fostering", pk=child.pk)
    return child_form(
        request,
        child,
        form_class=forms.PrivateFosteringAssessForm,
        title="Private fostering suitability assessment",
        initial={
            "version": arrangement.version,
            "assessment_date": arrangement.assessment_date,
            "assessment": arrangement.assessment or None,
        },
        latest=lambda: _latest(arrangement, ["assessment_date", "assessment"]),
        save=lambda f: services.private_fostering_assess(
            arrangement=arrangement,
            expected_version=f.cleaned_data["version"],
            assessment_date=f.cleaned_data["assessment_date"],
            assessment=f.cleaned_data["assessment"],
            acting_user=request.user,
            request=request,
        ),
        success="Private fostering assessment recorded",
        next_url=reverse("private_fostering", args=[child.pk]),
    )


def private_fostering_end(request, pk: int):
    child, arrangement = _open_arrangement_or_redirect(request, pk)
    if arrangement is None:
        return redirect("private_fostering", pk=child.pk)
    return child_form(
        request,
        child,
        form_class=forms.PrivateFosteringEndForm,
        title="End the private fostering arrangement",
        initial={"version": arrangement.version},
        latest=lambda: _latest(arrangement, ["end_date", "end_reason"]),
        save=lambda f: services.private_fostering_end(
            arrangement=arrangement,
            expected_version=f.cleaned_data["version"],
            end_date=f.cleaned_data["end_date"],
            end_reason=f.cleaned_data["end_reason"],
            acting_user=request.user,
            request=request,
        ),
        success="Private fostering arrangement ended",
    )


# --- Young carers ------------------------------------------------------------------------------


def young_carer(request, pk: int):
    """Identify a young carer or, once identified, record the needs assessment and support."""
    child = access_child(user=request.user, pk=pk)
    record = services.open_young_carer(child=child)
    if record is None:
        return child_form(
            request,
            child,
            form_class=forms.YoungCarerForm,
            title="Young carer",
            intro="A child who provides, or intends to provide, care for another person. They "
            "are entitled to a young carer's needs assessment (Children Act 1989 s17ZA).",
            save=lambda f: services.young_carer_identify(
                child=child, acting_user=request.user, request=request, **f.cleaned_data
            ),
            success="Young carer recorded",
        )
    due = clocks.young_carer_assessment_due(record.identified_date)
    return child_form(
        request,
        child,
        form_class=forms.YoungCarerAssessForm,
        title="Young carer's needs assessment and support",
        intro=f"Identified on {record.identified_date:%-d %b %Y}, caring for "
        f"{record.get_cares_for_display().lower()}. The needs assessment is due by "
        f"{due:%-d %b %Y}.",
        initial={
            "version": record.version,
            "assessment_date": record.assessment_date,
            "needs_identified": as_yes_no(record.needs_identified),
            "support": record.support,
        },
        latest=lambda: _latest(record, ["assessment_date", "needs_identified", "support"]),
        save=lambda f: services.young_carer_assess(
            record=record,
            expected_version=f.cleaned_data["version"],
            assessment_date=f.cleaned_data["assessment_date"],
            needs_identified=f.cleaned_data["needs_identified"],
            support=f.cleaned_data["support"],
            end_date=f.cleaned_data["end_date"],
            acting_user=request.user,
            request=request,
        ),
        success="Young carer's assessment and support saved",
    )


# --- Homeless 16 and 17 year olds ------------------------------------------------------------


def homeless(request, pk: int):
    """Record a 16 or 17 year old presenting as homeless or, while one is open, the joint
    assessment and its outcome."""
    child = access_child(user=request.user, pk=pk)
    presentation = services.open_homeless(child=child)
    if presentation is None:
        return child_form(
            request,
            child,
            form_class=forms.HomelessPresentForm,
            title="Homeless 16 or 17 year old",
            intro="A young person aged 16 or 17 who is homeless or at risk. Children's services "
            "and housing assess them jointly; no young person under 18 should be without a "
            "safe bed tonight.",
            save=lambda f: services.homeless_present(
                child=child, acting_user=request.user, request=request, **f.cleaned_data
            ),
            success="Presentation recorded",
        )
    due = clocks.homeless_assessment_due(presentation.presented_date)
    return child_form(
        request,
        child,
        form_class=forms.HomelessDecideForm,
        title="Joint assessment and outcome",
        intro=f"Presented on {presentation.presented_date:%-d %b %Y} to "
        f"{presentation.get_presented_to_display().lower()}. The joint assessment is due by "
        f"{due:%-d %b %Y}.",
        initial={"version": presentation.version},
        latest=lambda: _latest(presentation, ["joint_assessment_date", "outcome", "outcome_date"]),
        save=lambda f: services.homeless_decide(
            presentation=presentation,
            expected_version=f.cleaned_data["version"],
            acting_user=request.user,
            request=request,
            **{k: v for k, v in f.cleaned_data.items() if k != "version"},
        ),
        success="Joint assessment and outcome recorded",
    )
