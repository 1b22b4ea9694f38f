"""Family Help pages: on each child's record (their Family Help, start Family Help), the family
page (members, lead, assessment, plan, reviews, events) and the family's forms. Every family
page sits under a child the user may see; changing the family's records needs the user to see
every child in the family and hold the capability for each. Every page is audited."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from hearth.access import permissions
from hearth.access.selectors import access_child, children_visible_to
from hearth.casework import clocks
from hearth.casework.models import Section47Enquiry, StrategyDiscussion
from hearth.core.child_pages import child_context, child_form, view_audit
from hearth.familyhelp import selectors, services
from hearth.familyhelp.forms import (
    FamilyAssessmentForm,
    FamilyHelpEndForm,
    FamilyHelpEventForm,
    FamilyHelpStartForm,
    FamilyPlanForm,
    FamilyPlanReviewForm,
)
from hearth.familyhelp.models import FamilyHelpEpisode
from hearth.workforce.models import Team

LA_BASE = "people/_child_base.html"
PARTNER_BASE = "macpt/_partner_child_base.html"
"""A partner lead sees the family's pages in the partner frame (no links to the full record)."""


def _frame(request, child, episode, **extra) -> dict:
    is_partner = getattr(request.user, "is_partner", False)
    return {
        "base_template": PARTNER_BASE if is_partner else LA_BASE,
        "is_partner": is_partner,
        "cancel_url": reverse("family_help", args=[child.pk, episode.pk]),
        **extra,
    }


@require_GET
def child_family_help(request, pk: int):
    child = access_child(user=request.user, pk=pk)
    episodes = selectors.episodes_for_child(child=child)
    view_audit(request, child, "Child record: Family Help", {"episodes": len(episodes)})
    context = child_context(request, child, section="family_help")
    context["episodes"] = episodes
    context["can_start"] = not any(e.is_open for e in episodes) and permissions.may(
        request.user, permissions.REFER, child=child
    )
    return render(request, "familyhelp/child_family_help.html", context)


def family_help_start(request, pk: int):
    child = access_child(user=request.user, pk=pk)
    visible = children_visible_to(user=request.user)
    candidates = selectors.candidate_children(child=child, visible=visible)
    adults = selectors.candidate_adults(child=child)
    leads = list(selectors.lead_candidates(roles=permissions.FAMILY_HELP_LEAD_ROLES))
    teams = list(Team.objects.filter(kind__in=[Team.Kind.EARLY_HELP, Team.Kind.SAFEGUARDING]))
    by_pk = {str(c.pk): c for c in candidates}
    adults_by_pk = {str(a.pk): a for a in adults}
    leads_by_pk = {str(u.pk): u for u in leads}
    teams_by_pk = {str(t.pk): t for t in teams}

    def save(form):
        data = dict(form.cleaned_data)
        chosen = [by_pk[v] for v in data.pop("children")]
        for c in chosen:
            if not permissions.may(request.user, permissions.REFER, child=c):
                raise PermissionDenied("You cannot start Family Help for one of these children.")
        return services.family_help_start(
            children=chosen,
            adults=[adults_by_pk[v] for v in data.pop("adults", [])],
            lead_user=leads_by_pk.get(data.pop("lead_user") or ""),
            team=teams_by_pk.get(data.pop("team") or ""),
            acting_user=request.user,
            request=request,
            **data,
        )

    return child_form(
        request,
        child,
        form_class=FamilyHelpStartForm,
        form_kwargs={"children": candidates, "adults": adults, "leads": leads, "teams": teams},
        title="Start Family Help",
        intro=(
            "Family Help brings targeted early help and child in need support together: one lead "
            "practitioner, one assessment and one plan for the family. At the s17 level each "
            "child becomes a child in need from the start date."
        ),
        initial={"family_name": f"The {child.last_name} family"},
        save=save,
        success="Family Help started",
        next_url=lambda episode: reverse("family_help", args=[child.pk, episode.pk]),
    )


def _family(request, pk: int, fh: int, *, capability: str | None = None):
    """The child (from the URL), the episode, its children, and those the user may see. For a
    change (`capability`), the user must see every child and hold the capability for each."""
    child = access_child(user=request.user, pk=pk)
    episode = selectors.episode_of_child(child=child, pk=fh)
    members = selectors.members(episode=episode)
    visible = set(
        children_visible_to(user=request.user)
        .filter(pk__in=[m.child_id for m in members])
        .values_list("pk", flat=True)
    )
    shown = [m for m in members if m.child_id in visible]
    if capability is not None:
        if len(shown) < len(members):
            raise PermissionDenied(
                "You can change this family's records only if you can see all its children."
            )
        # A GET shows the form as every page does; the change itself needs the capability for
        # every child (the URL's child is also checked by the write middleware).
        if request.method == "POST" and not all(
            permissions.may(request.user, capability, child=m.child) for m in members
        ):
            raise PermissionDenied("You cannot change this family's records.")
    return child, episode, members, shown


def _may_all(request, episode, shown, members, capability: str) -> bool:
    """Whether the family page offers a change: Family Help open, every child visible to the
    user and the capability held for each (partners never step up or end Family Help)."""
    if not episode.is_open or len(shown) < len(members):
        return False
    if getattr(request.user, "is_partner", False) and capability != permissions.FAMILY_HELP_LEAD:
        return False
    return all(permissions.may(request.user, capability, child=m.child) for m in members)


def _family_url(child, episode) -> str:
    return reverse("family_help", args=[child.pk, episode.pk])


@require_GET
def family_help(request, pk: int, fh: int):
    child, episode, members, shown = _family(request, pk, fh)
    assessment = getattr(episode, "assessment", None)
    plan = getattr(episode, "plan", None)
    visible_ids = {m.child_id for m in shown}
    view_audit(
        request,
        child,
        "Family Help: family page",
        {"episode": episode.pk, "children": sorted(visible_ids)},
    )
    context = child_context(request, child, section="family_help")
    context.update(_frame(request, child, episode))
    context.update(
        {
            "episode": episode,
            "members": shown,
            "hidden_count": len(members) - len(shown),
            "adults": list(episode.family.adults.live()),
            "assessment": assessment,
            "assessment_rows": [
                r
                for r in (assessment.children.live() if assessment else [])
                if r.child_id in visible_ids
            ],
            "assessment_due": clocks.family_help_assessment_due(episode.start_date),
            "plan": plan,
            "plan_rows": [
                r for r in (plan.children.live() if plan else []) if r.child_id in visible_ids
            ],
            "reviews": list(plan.reviews.live()) if plan else [],
            "events": [
                e
                for e in episode.events.live().select_related(
                    "child", "strategy_discussion", "section47"
                )
                if e.child_id in visible_ids
            ],
            "may_change": _may_all(request, episode, shown, members, permissions.FAMILY_HELP_LEAD),
            "may_step": _may_all(request, episode, shown, members, permissions.REFER),
            "may_end": _may_all(request, episode, shown, members, permissions.CLOSE),
        }
    )
    return render(request, "familyhelp/family.html", context)


def _refuse_closed(episode: FamilyHelpEpisode) -> None:
    if not episode.is_open:
        raise PermissionDenied("This Family Help has ended: its records can no longer change.")


def _family_document(
    request, pk: int, fh: int, *, attr, fields, form_class, save_with, intro, **page
):
    """The family's one assessment or one plan: shown with what is held (the family's answers
    and each child's needs and views), saved through its service with the version read."""
    child, episode, members, _ = _family(request, pk, fh, capability=permissions.FAMILY_HELP_LEAD)
    _refuse_closed(episode)
    existing = getattr(episode, attr, None)
    initial = {"start_date": timezone.localdate()}
    if existing is not None:
        initial = {"version": existing.version} | {f: getattr(existing, f) for f in fields}
        for row in existing.children.live():
            initial[f"needs_{row.child_id}"] = row.needs
            initial[f"views_{row.child_id}"] = row.views

    def save(form):
        return save_with(
            episode=episode,
            per_child=form.per_child(),
            expected_version=form.cleaned_data.get("version"),
            acting_user=request.user,
            request=request,
            **form.common(),
        )

    return child_form(
        request,
        child,
        form_class=form_class,
        form_kwargs={"members": members},
        template="casework/child_form.html",
        extra=_frame(request, child, episode),
        initial=initial,
        save=save,
        next_url=_family_url(child, episode),
        intro=intro(episode),
        **page,
    )


def family_help_assessment(request, pk: int, fh: int):
    return _family_document(
        request,
        pk,
        fh,
        attr="assessment",
        fields=("start_date", "completed_date", "family_strengths", "family_needs", "family_views"),
        form_class=FamilyAssessmentForm,
        save_with=services.family_assessment_save,
        title="Family Help assessment",
        intro=lambda episode: (
            "One proportionate assessment for the whole family, with each child's needs and "
            "each child's own views. Due by "
            f"{clocks.family_help_assessment_due(episode.start_date):%-d %b %Y}."
        ),
        success="Family Help assessment saved",
    )


def family_help_plan(request, pk: int, fh: int):
    return _family_document(
        request,
        pk,
        fh,
        attr="plan",
        fields=("start_date", "outcomes", "actions", "review_due"),
        form_class=FamilyPlanForm,
        save_with=services.family_plan_save,
        title="Family Help plan",
        intro=lambda _episode: (
            "One plan for the family: what will change for each child, and what each child says."
        ),
        success="Family Help plan saved",
    )


def family_help_review(request, pk: int, fh: int):
    child, episode, _, _ = _family(request, pk, fh, capability=permissions.FAMILY_HELP_LEAD)
    _refuse_closed(episode)
    plan = getattr(episode, "plan", None)
    if plan is None:
        raise PermissionDenied("Record the family plan before reviewing it.")
    return child_form(
        request,
        child,
        form_class=FamilyPlanReviewForm,
        title="Review the Family Help plan",
        template="casework/child_form.html",
        extra=_frame(request, child, episode),
        initial={"date": timezone.localdate()},
        save=lambda f: services.family_plan_review_record(
            plan=plan, acting_user=request.user, request=request, **f.cleaned_data
        ),
        success="Family Help plan review recorded",
        next_url=_family_url(child, episode),
    )


def family_help_event(request, pk: int, fh: int):
    child, episode, members, _ = _family(request, pk, fh, capability=permissions.REFER)
    _refuse_closed(episode)
    ids = [m.child_id for m in members]
    discussions = list(
        StrategyDiscussion.objects.live().filter(child_id__in=ids).select_related("child")
    )
    enquiries = list(
        Section47Enquiry.objects.live().filter(child_id__in=ids).select_related("child")
    )
    by_child = {str(m.child_id): m.child for m in members}

    def save(form):
        data = dict(form.cleaned_data)
        sd = next((s for s in discussions if str(s.pk) == data.pop("strategy_discussion")), None)
        s47 = next((s for s in enquiries if str(s.pk) == data.pop("section47")), None)
        return services.family_help_event_record(
            episode=episode,
            child=by_child[data.pop("child")],
            strategy_discussion=sd,
            section47=s47,
            acting_user=request.user,
            request=request,
            **data,
        )

    return child_form(
        request,
        child,
        form_class=FamilyHelpEventForm,
        form_kwargs={"members": members, "discussions": discussions, "enquiries": enquiries},
        title="Step up or step down",
        template="casework/child_form.html",
        extra=_frame(request, child, episode),
        intro=(
            "Record a child stepping up to child protection or into care, or stepping down "
            "back to Family Help. Record the strategy discussion itself on the child's record."
        ),
        initial={"date": timezone.localdate()},
        save=save,
        success="Recorded",
        next_url=_family_url(child, episode),
    )


def family_help_end(request, pk: int, fh: int):
    child, episode, _, _ = _family(request, pk, fh, capability=permissions.CLOSE)
    _refuse_closed(episode)
    return child_form(
        request,
        child,
        form_class=FamilyHelpEndForm,
        form_kwargs={"s17": episode.level == FamilyHelpEpisode.Level.S17},
        title="End Family Help",
        template="casework/child_form.html",
        extra=_frame(request, child, episode),
        initial={"version": episode.version, "end_date": timezone.localdate()},
        save=lambda f: services.family_help_end(
            episode=episode,
            expected_version=f.cleaned_data["version"],
            end_date=f.cleaned_data["end_date"],
            end_reason=f.cleaned_data["end_reason"],
            acting_user=request.user,
            request=request,
            **(
                {"closure_reason": f.cleaned_data["closure_reason"]}
                if "closure_reason" in f.cleaned_data
                else {}
            ),
        ),
        success="Family Help ended",
        next_url=_family_url(child, episode),
    )
