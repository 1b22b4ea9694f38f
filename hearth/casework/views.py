"""Practice views: My work, the team manager's page, the front door, and the casework journeys.

Every view about a child fetches through ``access_child`` and writes exactly one audit entry:
a GET (or a form shown again with errors) records the view; a successful POST records the
change through its action, then redirects.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from hearth.access import audit, permissions
from hearth.access.models import AuditEntry, User
from hearth.access.selectors import (
    access_child,
    children_visible_to,
    managed_team_ids,
)
from hearth.casework import clocks, forms, notes, selectors, services, worklist
from hearth.casework.models import (
    Assessment,
    CINEpisode,
    CINPlan,
    Contact,
    CPPlan,
    EarlyHelpEpisode,
    Section47Enquiry,
)
from hearth.core import record_cache
from hearth.core.child_pages import child_context, child_form, view_audit
from hearth.core.child_pages import latest_values as _latest
from hearth.core.chronology import chronology_for
from hearth.core.forms import as_yes_no
from hearth.familyhelp import selectors as familyhelp_selectors
from hearth.people import matching
from hearth.people.forms import ChildSearchForm
from hearth.people.models import Child
from hearth.people.selectors import Status as ChildStatus
from hearth.people.selectors import (
    age_on,
    caseload_for,
    child_journey,
    status_of,
)


def _posted(request):
    """The submitted data, or None for a GET. (Not ``request.POST or None``: an empty
    submission is still a submission, and must show its errors.)"""
    return request.POST if request.method == "POST" else None


def _front_door_user(request) -> None:
    if request.user.role not in permissions.FRONT_DOOR_ROLES:
        raise PermissionDenied("Only front-door practitioners and social workers record contacts.")


def _open_cin(child) -> CINEpisode | None:
    return selectors.open_cin_episode(child=child)


def _need_open_cin(request, child) -> CINEpisode:
    episode = _open_cin(child)
    if episode is None:
        raise Http404("This child has no open referral")
    return episode


# --- Working surfaces -------------------------------------------------------------------------------


def my_work(request):
    children = list(caseload_for(user=request.user))
    now = timezone.now()
    items = worklist.due_items_kept(children=children, now=now)
    # Case audits to complete or moderate and audit actions the user owns (issue 18), and
    # Family Help the user leads: each family's assessment, plan and review (issue 16).
    # The user's own lists, each read only when it holds anything (asked in one query).
    present = worklist.own_work_present(user=request.user)
    quality = worklist.quality_items_for(user=request.user, present=present)
    families = familyhelp_selectors.led_by(user=request.user) if "families" in present else []
    items = sorted(
        [
            *items,
            *quality,
            *familyhelp_selectors.due_for_lead(user=request.user, episodes=families),
        ],
        key=lambda d: (d.state(now=now) != "overdue", *d.sort_key()),
    )
    audit.record(
        request=request,
        action=AuditEntry.Action.VIEW,
        what="My work",
        detail={"children": len(children), "items": len(items)},
    )
    # Each child's link worked out once, not once per row of their work.
    links: dict[int, str] = {}

    def link(child) -> str:
        if child.pk not in links:
            links[child.pk] = reverse("child_work", args=[child.pk])
        return links[child.pk]

    rows = []
    for i in items:
        state = i.state(now=now)
        rows.append({"item": i, "state": state, "tag": clocks.TAGS[state], "link": link(i.child)})
    next_due = {}
    for row in rows:
        next_due.setdefault(row["item"].child.pk, row)
    today = timezone.localdate()
    caseload = []
    for c in children:
        status = status_of(c, on=today)
        caseload.append(
            {
                "child": c,
                "link": link(c),
                "next": next_due.get(c.pk),
                "age": age_on(c.date_of_birth, today),
                "status_label": ChildStatus.LABELS[status],
                "status_colour": ChildStatus.COLOURS[status],
            }
        )
    return render(
        request,
        "casework/my_work.html",
        {
            "rows": rows,
            "caseload": caseload,
            "overdue": sum(1 for r in rows if r["state"] == "overdue"),
            "has_worker": getattr(request.user, "worker", None) is not None or bool(quality),
            "families": families,
            "search_form": ChildSearchForm(),
            "drafts": list(notes.drafts_of(user=request.user)) if "drafts" in present else [],
        },
    )


def team(request):
    team_ids = managed_team_ids(user=request.user)
    if not team_ids and request.user.role != User.Role.SENIOR_LEADER:
        raise PermissionDenied("Only team managers see the team page.")
    if not team_ids:
        from hearth.workforce.models import Team

        team_ids = set(Team.objects.values_list("pk", flat=True))
    on = timezone.localdate()
    read = worklist.team_read(team_ids=team_ids, user=request.user, on=on)
    # Approvals, caseloads and supervision, changes of worker: HTML kept under everything it
    # is read from and the user (whose visibility and own row it shows), rendered by its
    # partial with autoescape on.
    overview = record_cache.kept(
        f"{read.key}:html",
        build=lambda: render_to_string(
            "casework/_team_overview.html",
            {
                **worklist.team_overview_kept(
                    team_ids=team_ids, user=request.user, on=on, read=read
                ),
                "user": request.user,
            },
        ),
    )
    # Unallocated cases belong to no team, so managers see them to allocate them; a restricted
    # record is listed only to someone who may already see it.
    unallocated = worklist.unallocated_open_cases_kept(user=request.user)[:200]
    audit.record(
        request=request,
        action=AuditEntry.Action.VIEW,
        what="Team manager overview",
        detail={"teams": sorted(team_ids), "unallocated": len(unallocated)},
    )
    return render(
        request,
        "casework/team.html",
        {"overview": mark_safe(overview), "unallocated": unallocated},  # the partial above
    )


def child_work(request, pk: int):
    """The child's casework: what is open, what is due, and every journey's next step."""
    child = access_child(user=request.user, pk=pk)
    now = timezone.now()
    journey = child_journey(child=child)
    items = worklist.due_items(children=[child], now=now)
    view_audit(request, child, "Child record: work")
    cin = journey.cin_episode
    context = child_context(request, child)
    context.update(
        {
            "journey": journey,
            "due": [{"item": i, "tag": clocks.TAGS[i.state(now=now)]} for i in items],
            "assessments": _with_open_return(
                Assessment.objects.live()
                .filter(child=child)
                .prefetch_related("returns")
                .order_by("-start_date")
            ),
            "open_s47": Section47Enquiry.objects.live()
            .filter(child=child, end_date__isnull=True)
            .first(),
            "cin": cin,
            "family_help": familyhelp_selectors.open_episode_for_child(child=child),
            "early_help": selectors.open_early_help(child=child),
            "missing": list(
                child.missing_episodes.live().filter(return_interview_completed_at__isnull=True)
            ),
            "proceedings": child.care_proceedings.live()
            .filter(final_order_date__isnull=True)
            .first(),
            "is_manager": request.user.role in permissions.MANAGER_ROLES,
        }
    )
    return render(request, "casework/child_work.html", context)


# --- Front door -------------------------------------------------------------------------------------


def front_door(request):
    _front_door_user(request)
    visible = children_visible_to(user=request.user)
    rows = worklist.front_door_queue(contacts=Contact.objects.filter(child__in=visible))
    audit.record(
        request=request,
        action=AuditEntry.Action.VIEW,
        what="Front door queue",
        detail={"waiting": len(rows)},
    )
    return render(request, "casework/front_door.html", {"rows": rows, "now": timezone.now()})


def contact_add(request):
    """Record a contact. Children who may be the same child are offered first, so the contact
    joins the known child's record rather than creating a duplicate. Matching considers every
    child; a match the user may not see is only said to exist, and a new child made despite it
    is held for the front-door manager (`services.possible_duplicate_raise`)."""
    _front_door_user(request)
    matches: list = []
    hidden: list = []
    form = forms.ContactForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        found = matching.possible_matches(
            children=Child.objects.live(),
            first_name=data["first_name"],
            last_name=data["last_name"],
            date_of_birth=data["date_of_birth"],
            expected_date_of_birth=data["expected_date_of_birth"],
            nhs_number=data["nhs_number"],
            postcode=data["postcode"],
        )
        every = []
        for m in found:
            m.child.match_reason = m.explanation
            every.append(m.child)
        visible = set(
            children_visible_to(user=request.user)
            .filter(pk__in=[c.pk for c in every])
            .values_list("pk", flat=True)
        )
        matches = [c for c in every if c.pk in visible]
        hidden = [c for c in every if c.pk not in visible]
        form = forms.ContactForm(request.POST, matches=matches) if matches else form
        valid = form.is_valid()
        first_sight = "match" not in request.POST and "matches_offered" not in request.POST
        if (matches or hidden) and first_sight:
            form.errors.clear()  # first sight of the matches: a question, not an error
            valid = False
        if valid:
            saved = _save_contact(request, form, matches, hidden)
            if saved is not None:
                if saved.duplicates.exists():
                    messages.success(
                        request,
                        "Contact recorded and held: a possible match exists that you cannot "
                        "see; the front-door manager will resolve it",
                    )
                else:
                    messages.success(request, f"Contact about {saved.child.full_name} recorded")
                return redirect("front_door")
    audit.record(
        request=request,
        action=AuditEntry.Action.VIEW,
        what="Form: record a contact",
        detail={"matches": len(matches), "hidden_matches": len(hidden)}
        if (matches or hidden)
        else None,
    )
    return render(
        request,
        "casework/contact_form.html",
        {"form": form, "matches": matches, "hidden_match": bool(hidden)},
    )


def _save_contact(request, form, matches, hidden=()):
    data = form.cleaned_data
    chosen = data.get("match")
    child = next((c for c in matches if str(c.pk) == chosen), None)
    new_child = None
    if child is None:
        new_child = {
            "first_name": data["first_name"],
            "last_name": data["last_name"],
            "date_of_birth": data["date_of_birth"],
            "expected_date_of_birth": data["expected_date_of_birth"],
            "sex": data["sex"],
            "nhs_number": data["nhs_number"],
        }
    try:
        with transaction.atomic():
            contact = services.contact_record(
                child=child,
                new_child=new_child,
                received_at=data["received_at"],
                source=data["source"],
                referrer_name=data["referrer_name"],
                reason=data["reason"],
                child_protection=data["child_protection"],
                postcode=data["postcode"],
                acting_user=request.user,
                request=request,
            )
            if new_child is not None and hidden:
                services.possible_duplicate_raise(
                    contact=contact,
                    hidden_matches=hidden,
                    acting_user=request.user,
                    request=request,
                )
            return contact
    except ValidationError as exc:
        form.add_service_errors(exc)
        return None


def possible_duplicates(request):
    """Held contacts whose child may be one the recorder could not see. The existing child is
    identified only to those who may see it."""
    items = list(worklist.possible_duplicates_for(user=request.user))
    if not items and not permissions.may(request.user, permissions.RESOLVE_DUPLICATES):
        raise PermissionDenied("Only front-door managers resolve possible duplicates.")
    visible = set(
        children_visible_to(user=request.user)
        .filter(pk__in=[i.existing_child_id for i in items])
        .values_list("pk", flat=True)
    )
    for item in items:
        item.existing_visible = item.existing_child_id in visible
    audit.record(
        request=request,
        action=AuditEntry.Action.VIEW,
        what="Possible duplicates queue",
        detail={"open": len(items)},
    )
    return render(request, "casework/possible_duplicates.html", {"items": items})


@require_POST
def possible_duplicate_resolve(request, item_pk: int):
    item = get_object_or_404(worklist.possible_duplicates_for(user=request.user), pk=item_pk)
    decision = request.POST.get("decision")
    if decision not in {"same", "different"}:
        messages.error(request, "Select whether this is the same child or a different child.")
        return redirect("possible_duplicates")
    try:
        services.possible_duplicate_resolve(
            item=item, same_child=decision == "same", acting_user=request.user, request=request
        )
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, "Possible duplicate resolved")
    return redirect("possible_duplicates")


def contact_decide(request, contact_pk: int):
    _front_door_user(request)
    contact = get_object_or_404(
        Contact.objects.select_related("child"),
        pk=contact_pk,
        child__in=children_visible_to(user=request.user),
    )
    due = clocks.front_door_decision_due(
        contact.received_at, child_protection=contact.child_protection
    )
    return child_form(
        request,
        contact.child,
        form_class=forms.DecisionForm,
        title="Front door decision",
        initial={"decided_at": timezone.localtime()},
        intro=(
            f"Contact received {timezone.localtime(contact.received_at):%-d %b %Y %H:%M} from "
            f"{contact.get_source_display().lower()}. Decision due by "
            f"{due:%-d %b %Y %H:%M} ({clocks.time_left(due, now=timezone.now())})."
        ),
        aside=contact.reason,
        save=lambda f: services.front_door_decide(
            contact=contact,
            outcome=f.cleaned_data["outcome"],
            decided_at=f.cleaned_data["decided_at"],
            rationale=f.cleaned_data["rationale"],
            primary_need=f.cleaned_data["primary_need"],
            acting_user=request.user,
            request=request,
        ),
        success="Decision recorded",
        next_url=reverse("front_door"),
    )


# --- Early help, referral and assessment --------------------------------------------------------------


def early_help_add(request, pk: int):
    child = access_child(user=request.user, pk=pk)
    return child_form(
        request,
        child,
        form_class=forms.EarlyHelpForm,
        title="Start early help",
        save=lambda f: services.early_help_start(
            child=child, acting_user=request.user, request=request, **f.cleaned_data
        ),
    )


def _open_early_help(child) -> EarlyHelpEpisode:
    """The child's open early help (at most one: `one_open_early_help`), or 404."""
    episode = selectors.open_early_help(child=child)
    if episode is None:
        raise Http404("No open early help")
    return episode


def fgc_add(request, pk: int):
    child = access_child(user=request.user, pk=pk)
    episode = _open_early_help(child)
    return child_form(
        request,
        child,
        form_class=forms.FamilyGroupConferenceForm,
        title="Family group conference",
        save=lambda f: services.family_group_conference_record(
            episode=episode, acting_user=request.user, request=request, **f.cleaned_data
        ),
    )


def early_help_end(request, pk: int):
    child = access_child(user=request.user, pk=pk)
    episode = _open_early_help(child)
    return child_form(
        request,
        child,
        form_class=forms.EarlyHelpEndForm,
        title="End early help",
        intro="Stepping up opens a referral to children's social care on the same day.",
        initial={"version": episode.version},
        latest=lambda: _latest(episode, ["end_date", "end_reason"]),
        save=lambda f: services.early_help_end(
            episode=episode,
            expected_version=f.cleaned_data["version"],
            end_date=f.cleaned_data["end_date"],
            end_reason=f.cleaned_data["end_reason"],
            acting_user=request.user,
            request=request,
        ),
    )


def referral_add(request, pk: int):
    child = access_child(user=request.user, pk=pk)
    return child_form(
        request,
        child,
        form_class=forms.ReferralForm,
        title="Record a referral",
        save=lambda f: services.referral_record(
            child=child, acting_user=request.user, request=request, **f.cleaned_data
        ),
    )


def assessment_start(request, pk: int):
    child = access_child(user=request.user, pk=pk)
    episode = _need_open_cin(request, child)
    due = clocks.assessment_due(episode.referral_date)
    return child_form(
        request,
        child,
        form_class=forms.AssessmentStartForm,
        title="Start an assessment",
        intro=f"Referral {episode.referral_date:%-d %b %Y}: the assessment is due by {due:%-d %b %Y} (45 working days).",
        initial={"start_date": timezone.localdate()},
        save=lambda f: services.assessment_start(
            cin_episode=episode,
            start_date=f.cleaned_data["start_date"],
            acting_user=request.user,
            request=request,
        ),
        next_url=lambda a: reverse("assessment_edit", args=[child.pk, a.pk]),
    )


def assessment_edit(request, pk: int, assessment_pk: int):
    child = access_child(user=request.user, pk=pk)
    assessment = get_object_or_404(Assessment.objects.live(), pk=assessment_pk, child=child)
    if assessment.authorised_date:
        raise PermissionDenied("An authorised assessment cannot be changed.")
    returns = _returns_of(assessment)
    if assessment.awaiting_authorisation:
        # Sent to the manager: shown, not editable, until they authorise or return it. A post
        # (an old tab, back and resubmit) saves nothing and shows the same page.
        view_audit(request, child, "Assessment waiting for authorisation", None)
        context = child_context(request, child)
        context.update({"assessment": assessment, "returns": returns})
        return render(request, "casework/assessment_waiting.html", context)
    entries = [
        e
        for e in chronology_for(child=child)
        if e.date
        >= assessment.cin_episode.referral_date.replace(
            year=assessment.cin_episode.referral_date.year - 2
        )
    ]
    due = clocks.assessment_due(assessment.cin_episode.referral_date)
    elapsed = clocks.assessment_working_days(
        assessment.cin_episode.referral_date, on=timezone.localdate()
    )
    analysis = assessment.analysis.split("\n\nChronology entries cited:\n")[0]
    saved_before = assessment.version > 1

    def save(f):
        cd = f.cleaned_data
        return services.assessment_update(
            assessment=assessment,
            expected_version=cd["version"],
            analysis=services.cite_entries(cd["analysis"], f.cited_entries()),
            factors=cd["factors"],
            child_seen=cd["child_seen"],
            seen_alone=cd["seen_alone"],
            childs_views=cd["childs_views"],
            completed_date=cd["completed_date"],
            requires_support=cd["requires_support"],
            acting_user=request.user,
            request=request,
        )

    return child_form(
        request,
        child,
        form_class=forms.AssessmentForm,
        form_kwargs={"entries": entries},
        title="Assessment",
        intro=(
            f"Referral {assessment.cin_episode.referral_date:%-d %b %Y}. Due by {due:%-d %b %Y}: "
            f"working day {max(elapsed, 0)} of 45."
        ),
        initial={
            "version": assessment.version,
            # Statutory answers are never pre-ticked: shown only once the worker has saved them.
            "child_seen": as_yes_no(assessment.child_seen) if saved_before else None,
            "seen_alone": as_yes_no(assessment.seen_alone),
            "childs_views": assessment.childs_views,
            "factors": list(assessment.factors.values_list("code", flat=True)),
            "analysis": analysis,
            "completed_date": assessment.completed_date,
            "requires_support": as_yes_no(assessment.requires_support),
        },
        latest=lambda: _latest(assessment, ["analysis", "completed_date", "requires_support"]),
        save=save,
        success="Assessment saved",
        extra={"entries": entries[:40], "returns": returns},
        template="casework/assessment_form.html",
    )


def assessment_authorise(request, pk: int, assessment_pk: int):
    child = access_child(user=request.user, pk=pk)
    if request.user.role not in permissions.MANAGER_ROLES:
        raise PermissionDenied("Only a manager can authorise an assessment.")
    assessment = get_object_or_404(
        Assessment.objects.live().prefetch_related("factors"), pk=assessment_pk, child=child
    )
    return child_form(
        request,
        child,
        form_class=forms.AuthoriseForm,
        title="Authorise assessment",
        initial={"version": assessment.version, "authorised_date": timezone.localdate()},
        latest=lambda: _latest(assessment, ["authorised_date", "completed_date"]),
        save=lambda f: services.assessment_authorise(
            assessment=assessment,
            expected_version=f.cleaned_data["version"],
            authorised_date=f.cleaned_data["authorised_date"],
            acting_user=request.user,
            request=request,
        ),
        success="Assessment authorised",
        extra={"assessment": assessment, "returns": _returns_of(assessment)},
        template="casework/authorise_form.html",
    )


def _with_open_return(assessments) -> list:
    """Each assessment with ``open_return``: the manager's return not yet answered, if any."""
    rows = list(assessments)
    for a in rows:
        a.open_return = next((r for r in a.returns.all() if r.resubmitted_at is None), None)
    return rows


def _returns_of(assessment) -> list:
    return list(assessment.returns.select_related("returned_by").order_by("returned_at", "pk"))


def assessment_return(request, pk: int, assessment_pk: int):
    """The manager returns a completed assessment to the worker with comments instead of
    authorising it."""
    child = access_child(user=request.user, pk=pk)
    if request.user.role not in permissions.MANAGER_ROLES:
        raise PermissionDenied("Only a manager can return an assessment.")
    assessment = get_object_or_404(
        Assessment.objects.live().prefetch_related("factors"), pk=assessment_pk, child=child
    )
    return child_form(
        request,
        child,
        form_class=forms.AssessmentReturnForm,
        title="Return assessment for more work",
        intro="The worker can change the assessment again and send it back to you.",
        initial={"version": assessment.version},
        latest=lambda: _latest(assessment, ["completed_date", "analysis"]),
        save=lambda f: services.assessment_return(
            assessment=assessment,
            expected_version=f.cleaned_data["version"],
            comments=f.cleaned_data["comments"],
            acting_user=request.user,
            request=request,
        ),
        success="Assessment returned to the worker",
        extra={"assessment": assessment, "returns": _returns_of(assessment), "returning": True},
        template="casework/authorise_form.html",
    )


def cin_plan_add(request, pk: int):
    child = access_child(user=request.user, pk=pk)
    episode = _need_open_cin(request, child)
    return child_form(
        request,
        child,
        form_class=forms.CINPlanForm,
        title="Start a child in need plan",
        save=lambda f: services.cin_plan_start(
            cin_episode=episode, acting_user=request.user, request=request, **f.cleaned_data
        ),
    )


def cin_plan_review_add(request, pk: int):
    child = access_child(user=request.user, pk=pk)
    plan = (
        CINPlan.objects.live()
        .filter(child=child, end_date__isnull=True)
        .order_by("-start_date")
        .first()
    )
    if plan is None:
        raise Http404("This child has no open child in need plan")
    due = f" It was due by {plan.review_due:%-d %b %Y}." if plan.review_due else ""
    last = plan.reviews.live().order_by("-date", "-pk").first()
    aside = (
        f"Last review, {last.date:%-d %b %Y}: {last.progress}\n"
        f"{child.preferred_name or child.first_name} said: “{last.childs_views}”"
        if last
        else ""
    )
    return child_form(
        request,
        child,
        form_class=forms.CINPlanReviewForm,
        title="Review the child in need plan",
        intro=f"The plan started on {plan.start_date:%-d %b %Y}.{due}",
        aside=aside,
        save=lambda f: services.cin_plan_review_record(
            plan=plan, acting_user=request.user, request=request, **f.cleaned_data
        ),
        success="Child in need plan review recorded",
    )


def case_close(request, pk: int):
    child = access_child(user=request.user, pk=pk)
    episode = _need_open_cin(request, child)
    return child_form(
        request,
        child,
        form_class=forms.CloseCaseForm,
        title="Close the case",
        initial={"version": episode.version},
        latest=lambda: _latest(episode, ["closure_date", "closure_reason"]),
        save=lambda f: services.cin_episode_close(
            episode=episode,
            expected_version=f.cleaned_data["version"],
            closure_date=f.cleaned_data["closure_date"],
            closure_reason=f.cleaned_data["closure_reason"],
            acting_user=request.user,
            request=request,
        ),
    )


# --- Child protection ---------------------------------------------------------------------------------


def strategy_add(request, pk: int):
    child = access_child(user=request.user, pk=pk)
    episode = _need_open_cin(request, child)
    return child_form(
        request,
        child,
        form_class=forms.StrategyDiscussionForm,
        title="Strategy discussion",
        save=lambda f: services.strategy_discussion_record(
            cin_episode=episode, acting_user=request.user, request=request, **f.cleaned_data
        ),
    )


def section47_complete(request, pk: int, s47_pk: int):
    child = access_child(user=request.user, pk=pk)
    enquiry = get_object_or_404(Section47Enquiry.objects.live(), pk=s47_pk, child=child)
    return child_form(
        request,
        child,
        form_class=forms.Section47CompleteForm,
        title="Complete the section 47 enquiry",
        intro=(
            f"Started {enquiry.start_date:%-d %b %Y}. Initial conference due by "
            f"{(enquiry.icpc_target_date or clocks.icpc_due(enquiry.start_date)):%-d %b %Y}."
        ),
        initial={"version": enquiry.version},
        latest=lambda: _latest(enquiry, ["end_date", "outcome"]),
        save=lambda f: services.section47_complete(
            enquiry=enquiry,
            expected_version=f.cleaned_data["version"],
            end_date=f.cleaned_data["end_date"],
            outcome=f.cleaned_data["outcome"],
            icpc_not_required=not f.cleaned_data["icpc_needed"],
            acting_user=request.user,
            request=request,
        ),
    )


def conference_add(request, pk: int):
    child = access_child(user=request.user, pk=pk)
    episode = _need_open_cin(request, child)
    has_plan = selectors.open_cp_plan(child=child) is not None
    return child_form(
        request,
        child,
        form_class=forms.ConferenceForm,
        title="Child protection conference",
        initial={"kind": "review" if has_plan else "initial", "visit_frequency_days": 10},
        save=lambda f: _conference_with_participation(request, episode, f.cleaned_data),
    )


@transaction.atomic
def _conference_with_participation(request, episode, data):
    """The conference, and how the child took part in it where the chair recorded that."""
    from hearth.quality.services import conference_participation_record

    conference = services.conference_record(
        cin_episode=episode,
        kind=data["kind"],
        date=data["date"],
        plan_required=data["plan_required"],
        category=data["category"],
        visit_frequency_days=data["visit_frequency_days"],
        acting_user=request.user,
        request=request,
    )
    if data.get("participation"):
        conference_participation_record(
            conference=conference,
            code=data["participation"],
            acting_user=request.user,
            request=request,
            audited_with_conference=True,
        )
    return conference


def cp_plan_end(request, pk: int):
    child = access_child(user=request.user, pk=pk)
    plan = get_object_or_404(CPPlan.objects.live(), child=child, end_date__isnull=True)
    return child_form(
        request,
        child,
        form_class=forms.CPPlanEndForm,
        title="End the child protection plan",
        initial={"version": plan.version},
        latest=lambda: _latest(plan, ["end_date", "end_reason", "latest_category"]),
        save=lambda f: services.cp_plan_end(
            plan=plan,
            expected_version=f.cleaned_data["version"],
            end_date=f.cleaned_data["end_date"],
            end_reason=f.cleaned_data["end_reason"],
            acting_user=request.user,
            request=request,
        ),
    )


# --- Practice records ------------------------------------------------------------------------------------


def visit_add(request, pk: int):
    child = access_child(user=request.user, pk=pk)
    journey = child_journey(child=child)
    kind = {"CLA": "cla", "CP": "cp", "CIN": "cin", "Care leaver": "care_leaver"}.get(
        journey.status, "other"
    )
    return child_form(
        request,
        child,
        form_class=forms.VisitForm,
        title="Record a visit",
        initial={"kind": kind, "date": timezone.localdate()},
        save=lambda f: services.visit_record(
            child=child, acting_user=request.user, request=request, **f.cleaned_data
        ),
        success="Visit recorded",
    )


def oversight_add(request, pk: int):
    child = access_child(user=request.user, pk=pk)
    if request.user.role not in permissions.MANAGER_ROLES:
        raise PermissionDenied("Only a manager can record management oversight.")
    return child_form(
        request,
        child,
        form_class=forms.OversightForm,
        title="Management oversight",
        initial={"date": timezone.localdate()},
        save=lambda f: services.oversight_record(
            child=child, acting_user=request.user, request=request, **f.cleaned_data
        ),
    )


def event_add(request, pk: int):
    child = access_child(user=request.user, pk=pk)
    return child_form(
        request,
        child,
        form_class=forms.SignificantEventForm,
        title="Add a significant event",
        intro="The event will appear in the child's chronology.",
        save=lambda f: services.significant_event_add(
            child=child, acting_user=request.user, request=request, **f.cleaned_data
        ),
        success="Event added to the chronology",
        next_url=reverse("child_chronology", args=[child.pk]),
    )
