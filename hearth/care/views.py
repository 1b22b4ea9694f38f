"""Journeys for children looked after, missing episodes, care leavers and court. Each view
fetches the child through ``access_child`` and writes exactly one audit entry (see
``hearth.casework.views.child_form``)."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone

from hearth.access.selectors import access_child
from hearth.care import forms, selectors, services
from hearth.care.models import CareProceedings, MissingEpisode, PeriodOfCare
from hearth.casework import clocks
from hearth.core.child_pages import child_form
from hearth.core.child_pages import latest_values as _latest
from hearth.core.forms import as_yes_no


def _open_period(child) -> PeriodOfCare:
    period = selectors.open_period_of_care(child=child)
    if period is None:
        raise Http404("This child is not looked after")
    return period


def care_start(request, pk: int):
    child = access_child(user=request.user, pk=pk)

    def save(f):
        cd = f.cleaned_data
        return services.care_start(
            child=child,
            start_date=cd["start_date"],
            category_of_need=cd["category_of_need"],
            legal_status=cd["legal_status"],
            home_postcode=cd["home_postcode"],
            placement=f.placement(),
            acting_user=request.user,
            request=request,
        )

    return child_form(
        request,
        child,
        form_class=forms.CareStartForm,
        title="Child becomes looked after",
        intro="The first review is due within 20 working days, and a visit within a week.",
        save=save,
        success="Child recorded as looked after",
    )


def placement_change(request, pk: int):
    child = access_child(user=request.user, pk=pk)
    period = _open_period(child)
    return child_form(
        request,
        child,
        form_class=forms.PlacementChangeForm,
        title="Placement move",
        save=lambda f: services.placement_change(
            period=period,
            start_date=f.cleaned_data["start_date"],
            reason_changed=f.cleaned_data["reason_changed"],
            placement=f.placement(),
            acting_user=request.user,
            request=request,
        ),
        success="Placement move recorded",
    )


def legal_status_change(request, pk: int):
    child = access_child(user=request.user, pk=pk)
    period = _open_period(child)
    return child_form(
        request,
        child,
        form_class=forms.LegalStatusForm,
        title="Change of legal status",
        save=lambda f: services.legal_status_change(
            period=period, acting_user=request.user, request=request, **f.cleaned_data
        ),
    )


def care_end(request, pk: int):
    child = access_child(user=request.user, pk=pk)
    period = _open_period(child)
    return child_form(
        request,
        child,
        form_class=forms.CareEndForm,
        title="Child leaves care",
        initial={"version": period.version},
        latest=lambda: _latest(period, ["end_date", "reason_ceased"]),
        save=lambda f: services.care_end(
            period=period,
            expected_version=f.cleaned_data["version"],
            end_date=f.cleaned_data["end_date"],
            reason_ceased=f.cleaned_data["reason_ceased"],
            acting_user=request.user,
            request=request,
        ),
    )


def lac_review_add(request, pk: int):
    child = access_child(user=request.user, pk=pk)
    period = _open_period(child)
    due = clocks.lac_review_due(
        period.start_date, reviews=period.reviews.values_list("date", flat=True)
    )
    return child_form(
        request,
        child,
        form_class=forms.LACReviewForm,
        title="Looked-after review",
        intro=f"This review was due by {due:%-d %b %Y}.",
        save=lambda f: services.lac_review_record(
            period=period, acting_user=request.user, request=request, **f.cleaned_data
        ),
    )


def health_check_add(request, pk: int):
    child = access_child(user=request.user, pk=pk)
    return child_form(
        request,
        child,
        form_class=forms.HealthCheckForm,
        title="Health assessment or check",
        save=lambda f: services.health_check_record(
            child=child, acting_user=request.user, request=request, **f.cleaned_data
        ),
    )


def missing_add(request, pk: int):
    child = access_child(user=request.user, pk=pk)
    return child_form(
        request,
        child,
        form_class=forms.MissingForm,
        title="Missing episode",
        save=lambda f: services.missing_episode_record(
            child=child, acting_user=request.user, request=request, **_no_time(f.cleaned_data)
        ),
        next_url=lambda e: reverse("return_interview", args=[child.pk, e.pk]),
        success="Missing episode recorded. Record the return when the child is back.",
    )


def _no_time(data: dict) -> dict:
    return {k: v for k, v in data.items() if not k.endswith("_time")}


def return_interview(request, pk: int, episode_pk: int):
    child = access_child(user=request.user, pk=pk)
    episode = get_object_or_404(MissingEpisode.objects.live(), pk=episode_pk, child=child)
    intro = f"Missing from {timezone.localtime(episode.started_at):%-d %b %Y %H:%M}."
    if episode.returned_at:
        due = clocks.return_interview_due(episode.returned_at)
        intro += (
            f" Returned {timezone.localtime(episode.returned_at):%-d %b %Y %H:%M}: the interview "
            f"must be offered by {due:%-d %b %Y %H:%M}."
        )

    def save(f):
        cd = f.cleaned_data
        return services.return_interview_record(
            episode=episode,
            expected_version=cd["version"],
            returned_at=cd["returned_at"],
            offered_at=cd["offered_at"],
            accepted=cd["accepted"],
            completed_at=cd["completed_at"],
            push_factors=cd["push_factors"],
            pull_factors=cd["pull_factors"],
            exploitation_concern=bool(cd["exploitation_concern"]),
            summary=cd["summary"],
            acting_user=request.user,
            request=request,
        )

    return child_form(
        request,
        child,
        form_class=forms.ReturnInterviewForm,
        title="Return and return interview",
        intro=intro,
        initial={
            "version": episode.version,
            "returned_at": episode.returned_at,
            "offered_at": episode.return_interview_offered_at,
            "accepted": as_yes_no(episode.return_interview_accepted),
            "completed_at": episode.return_interview_completed_at,
            "push_factors": episode.push_factors,
            "pull_factors": episode.pull_factors,
            "exploitation_concern": as_yes_no(episode.exploitation_concern),
            "summary": episode.interview_summary,
        },
        latest=lambda: _latest(
            episode,
            [
                "returned_at",
                "return_interview_offered_at",
                "return_interview_completed_at",
                "interview_summary",
            ],
        ),
        save=save,
        success="Return interview saved",
    )


def exploitation_add(request, pk: int):
    child = access_child(user=request.user, pk=pk)
    return child_form(
        request,
        child,
        form_class=forms.ExploitationForm,
        title="Exploitation risk assessment",
        save=lambda f: services.exploitation_assessment_record(
            child=child, acting_user=request.user, request=request, **f.cleaned_data
        ),
    )


def pathway_plan_add(request, pk: int):
    child = access_child(user=request.user, pk=pk)
    intro = ""
    if child.date_of_birth:
        intro = f"A pathway plan is due by {clocks.pathway_plan_due(child.date_of_birth):%-d %b %Y} (age 16 years 3 months)."
    return child_form(
        request,
        child,
        form_class=forms.PathwayPlanForm,
        title="Pathway plan",
        intro=intro,
        save=lambda f: services.pathway_plan_record(
            child=child, acting_user=request.user, request=request, **f.cleaned_data
        ),
    )


def care_leaver_contact_add(request, pk: int):
    child = access_child(user=request.user, pk=pk)
    return child_form(
        request,
        child,
        form_class=forms.CareLeaverContactForm,
        title="Contact with a care leaver",
        save=lambda f: services.care_leaver_contact_record(
            child=child, acting_user=request.user, request=request, **f.cleaned_data
        ),
    )


def entitlements_add(request, pk: int):
    child = access_child(user=request.user, pk=pk)

    def save(f):
        given = set(f.cleaned_data["given"])
        return services.entitlements_record(
            child=child,
            date=f.cleaned_data["date"],
            rights_explained="rights_explained" in given,
            local_offer_given="local_offer_given" in given,
            health_history_explained="health_history_explained" in given,
            acknowledged_by_young_person=f.cleaned_data["acknowledged_by_young_person"],
            acting_user=request.user,
            request=request,
        )

    return child_form(
        request,
        child,
        form_class=forms.EntitlementsForm,
        title="Leaving-care entitlements checklist",
        save=save,
    )


def proceedings_add(request, pk: int):
    child = access_child(user=request.user, pk=pk)
    open_case = (
        CareProceedings.objects.live().filter(child=child, final_order_date__isnull=True).first()
    )
    if open_case is not None:
        due = clocks.proceedings_due(open_case.issued_date)
        return child_form(
            request,
            child,
            form_class=forms.ProceedingsConcludeForm,
            title="Final order",
            intro=f"Issued {open_case.issued_date:%-d %b %Y}: 26 weeks ends {due:%-d %b %Y}.",
            initial={"version": open_case.version},
            latest=lambda: _latest(open_case, ["final_order_date", "final_order"]),
            save=lambda f: services.proceedings_conclude(
                proceedings=open_case,
                expected_version=f.cleaned_data["version"],
                final_order_date=f.cleaned_data["final_order_date"],
                final_order=f.cleaned_data["final_order"],
                acting_user=request.user,
                request=request,
            ),
        )
    intro = "The Public Law Outline expects proceedings to finish within 26 weeks of issue."
    if not child.pre_proceedings.live().filter(fgdm_offered_date__isnull=False).exists():
        intro += (
            " No family network meeting has been offered to this child's family: the Children's"
            " Wellbeing and Schools Act 2026 expects one to be offered before an application."
        )
    return child_form(
        request,
        child,
        form_class=forms.ProceedingsForm,
        title="Care proceedings",
        intro=intro,
        save=lambda f: services.proceedings_record(
            child=child, acting_user=request.user, request=request, **f.cleaned_data
        ),
    )


def adoption_add(request, pk: int):
    child = access_child(user=request.user, pk=pk)
    return child_form(
        request,
        child,
        form_class=forms.AdoptionForm,
        title="Adoption key dates",
        save=lambda f: services.adoption_record(
            child=child, acting_user=request.user, request=request, **f.cleaned_data
        ),
    )


def deprivation_of_liberty(request, pk: int):
    """Record a deprivation of liberty order or, while one is in force, its review, renewal or
    end (one order at a time, as the SSDA903 requires)."""
    child = access_child(user=request.user, pk=pk)
    order = services.open_deprivation_of_liberty_order(child)
    if order is not None:
        intro = f"Order made {order.start_date:%-d %b %Y}"
        intro += f" by {order.court}." if order.court else "."
        return child_form(
            request,
            child,
            form_class=forms.DeprivationOfLibertyUpdateForm,
            title="Deprivation of liberty order",
            intro=intro + " Record the court's review or renewal, or the date the order ended.",
            initial={
                "version": order.version,
                "review_date": order.review_date,
                "expiry_date": order.expiry_date,
            },
            latest=lambda: _latest(order, ["review_date", "expiry_date", "end_date"]),
            save=lambda f: services.deprivation_of_liberty_update(
                order=order,
                expected_version=f.cleaned_data["version"],
                review_date=f.cleaned_data["review_date"],
                expiry_date=f.cleaned_data["expiry_date"],
                end_date=f.cleaned_data["end_date"],
                acting_user=request.user,
                request=request,
            ),
            success="Deprivation of liberty order saved",
        )
    return child_form(
        request,
        child,
        form_class=forms.DeprivationOfLibertyForm,
        title="Deprivation of liberty order",
        intro="An order of the High Court (inherent jurisdiction) or, from 16, the Court of "
        "Protection authorising the deprivation of the child's liberty.",
        save=lambda f: services.deprivation_of_liberty_record(
            child=child, acting_user=request.user, request=request, **f.cleaned_data
        ),
        success="Deprivation of liberty order recorded",
    )


def pre_proceedings(request, pk: int):
    """Begin pre-proceedings or, while they are open, record the letter, the family network
    meeting, the pre-proceedings meetings and the decision to step up to court or down."""
    child = access_child(user=request.user, pk=pk)
    record = services.open_pre_proceedings(child)
    if record is None:
        return child_form(
            request,
            child,
            form_class=forms.PreProceedingsStartForm,
            title="Pre-proceedings (Public Law Outline)",
            intro="Offer the family a family network meeting in the letter before proceedings: "
            "it should be offered before any application to court.",
            save=lambda f: services.pre_proceedings_start(
                child=child, acting_user=request.user, request=request, **f.cleaned_data
            ),
            success="Pre-proceedings recorded",
        )
    intro = f"Pre-proceedings began {record.start_date:%-d %b %Y}."
    if not record.fgdm_offered_date:
        intro += " No family network meeting has been offered: offer one before applying to court."
    fields = list(services.PRE_PROCEEDINGS_FIELDS)
    return child_form(
        request,
        child,
        form_class=forms.PreProceedingsForm,
        title="Pre-proceedings (Public Law Outline)",
        intro=intro,
        initial={"version": record.version, **{n: getattr(record, n) for n in fields}},
        latest=lambda: _latest(record, fields),
        save=lambda f: services.pre_proceedings_update(
            record=record,
            expected_version=f.cleaned_data["version"],
            acting_user=request.user,
            request=request,
            **{n: f.cleaned_data[n] for n in fields},
        ),
        success="Pre-proceedings saved",
    )


def kinship(request, pk: int):
    """Start a kinship arrangement with a relative or friend or, while one is open, end it."""
    from hearth.care import kinship as k

    child = access_child(user=request.user, pk=pk)
    arrangement = k.open_arrangement(child=child)
    if arrangement is not None:
        carer = arrangement.carer
        return child_form(
            request,
            child,
            form_class=forms.KinshipEndForm,
            title="Kinship arrangement",
            intro=f"{arrangement.get_kind_display()} with {carer} since "
            f"{arrangement.start_date:%-d %b %Y}. Record the date it ended.",
            initial={"version": arrangement.version},
            latest=lambda: _latest(arrangement, ["end_date"]),
            save=lambda f: k.kinship_arrangement_end(
                arrangement=arrangement,
                expected_version=f.cleaned_data["version"],
                end_date=f.cleaned_data["end_date"],
                acting_user=request.user,
                request=request,
            ),
            success="Kinship arrangement ended",
        )
    return child_form(
        request,
        child,
        form_class=forms.KinshipStartForm,
        title="Kinship arrangement",
        intro="A child living with a relative or friend outside care. Connected-person foster "
        "care is a placement: record it as a placement move.",
        save=lambda f: k.kinship_arrangement_start(
            child=child, acting_user=request.user, request=request, **f.cleaned_data
        ),
        success="Kinship arrangement recorded",
    )
