"""MACPT pages: the LA's page for a child's multi-agency work (members, lead practitioner,
strategy discussions and enquiries), the strategy discussion and section 47 pages with each
agency's contribution, and the partner's own pages (their children, their referrals' outcomes,
the reduced record). Partners reach only the pages in `permissions.PARTNER_CHILD_URLS`; every
page here is audited, and a partner's views are marked as partner views in the audit."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from hearth.access import audit, permissions
from hearth.access.models import PARTNER_ROLES, Agency, AuditEntry, PartnerInvolvement, User
from hearth.access.selectors import access_child, children_visible_to
from hearth.casework.models import Section47Enquiry, StrategyDiscussion
from hearth.core.child_pages import child_context, child_form, view_audit
from hearth.macpt import selectors, services
from hearth.macpt.forms import (
    ContributionForm,
    EndForm,
    LeadForm,
    MemberForm,
    PartnerContributionForm,
)
from hearth.macpt.models import ChildMember
from hearth.macpt.partners import partner_record, referral_outcomes

PARTNER_BASE = "macpt/_partner_child_base.html"
LA_BASE = "people/_child_base.html"


def _is_partner(user) -> bool:
    return user.role in PARTNER_ROLES


def _frame(request, child, *, section: str = "macpt") -> dict:
    context = child_context(request, child, section=section)
    context["base_template"] = PARTNER_BASE if _is_partner(request.user) else LA_BASE
    context["is_partner"] = _is_partner(request.user)
    return context


def _audit_view(request, child, what: str, **detail) -> None:
    view_audit(request, child, what, detail or None)  # marks a partner's view as one


# --- The partner's own pages -------------------------------------------------------------------


@require_GET
def partner_home(request):
    """A partner's children (by involvement) and the outcomes of the referrals they made."""
    if not _is_partner(request.user):
        raise PermissionDenied("This page is for partner agencies.")
    involvements = list(
        PartnerInvolvement.objects.active()
        .giving_access()
        .filter(user=request.user, child__in=children_visible_to(user=request.user))
        .select_related("child")
        .order_by("child__last_name", "child__first_name", "purpose")
    )
    referrals = referral_outcomes(user=request.user)
    audit.record(
        request=request,
        action=AuditEntry.Action.VIEW,
        what="Partner: my children and referrals",
        detail={
            "partner_view": True,
            "agency": request.user.agency,
            "children": sorted({i.child_id for i in involvements}),
            "referrals": len(referrals),
        },
    )
    return render(
        request,
        "macpt/partner_home.html",
        {"involvements": involvements, "referrals": referrals},
    )


@require_GET
def partner_child(request, pk: int):
    """The reduced record a partner sees: key information, who is working with the child, the
    child protection work and contributions they may read; never case notes, assessments,
    documents or other agencies' confidential contributions."""
    if not _is_partner(request.user):
        raise Http404("No child found")
    child = access_child(user=request.user, pk=pk)
    context = _frame(request, child, section="partner")
    context.update(partner_record(user=request.user, child=child))
    _audit_view(request, child, "Partner view: child's record")
    return render(request, "macpt/partner_child.html", context)


# --- The LA's MACPT page -----------------------------------------------------------------------


@require_GET
def macpt_child(request, pk: int):
    child = access_child(user=request.user, pk=pk)
    context = _frame(request, child)
    context.update(
        {
            "members": list(selectors.current_members(child=child)),
            "past_members": list(selectors.past_members(child=child)[:20]),
            "lead": selectors.lead_practitioner(child=child),
            "strategy_discussions": list(
                StrategyDiscussion.objects.live().filter(child=child).order_by("-date")
            ),
            "section47s": list(
                Section47Enquiry.objects.live().filter(child=child).order_by("-start_date")
            ),
            "may_manage": permissions.may(request.user, permissions.MACPT, child=child),
        }
    )
    _audit_view(request, child, "Child record: multi-agency child protection")
    return render(request, "macpt/macpt_child.html", context)


def _labelled(form):
    form.fields["user"].label_from_instance = lambda u: (
        f"{u.get_full_name() or u.username} ({u.organisation or u.get_role_display()})"
    )
    return form


class _Labelled:
    """Wrap a person form class so the choices say which agency each person is from."""

    def __init__(self, form_class):
        self.form_class = form_class

    def __call__(self, *args, **kwargs):
        return _labelled(self.form_class(*args, **kwargs))


def macpt_member_add(request, pk: int):
    child = access_child(user=request.user, pk=pk)
    if not permissions.may(request.user, permissions.MACPT, child=child):
        raise PermissionDenied("You are not working with this child, so you cannot change it.")
    working = selectors.current_members(child=child).values("user_id")
    users = (
        User.objects.filter(is_active=True)
        .filter(role__in=[*PARTNER_ROLES, User.Role.SOCIAL_WORKER, User.Role.TEAM_MANAGER])
        .exclude(pk__in=working)
        .order_by("role", "last_name", "first_name")
    )
    return child_form(
        request,
        child,
        form_class=_Labelled(MemberForm),
        form_kwargs={"users": users},
        title="Add someone to the multi-agency team",
        intro=(
            "A partner you add sees this child's reduced record (key information, who is "
            "working with the child, the child protection work and agencies' contributions) "
            "until their part ends. They never see case notes, assessments or documents."
        ),
        initial={"start_date": timezone.localdate()},
        save=lambda f: services.member_add(
            child=child,
            user=f.cleaned_data["user"],
            start_date=f.cleaned_data["start_date"],
            acting_user=request.user,
            request=request,
        ),
        success="Added to the multi-agency team",
        next_url=reverse("macpt_child", args=[child.pk]),
        extra={"cancel_url": reverse("macpt_child", args=[child.pk])},
    )


def macpt_member_end(request, pk: int, member_pk: int):
    child = access_child(user=request.user, pk=pk)
    member = get_object_or_404(
        ChildMember.objects.live().select_related("user"),
        pk=member_pk,
        child=child,
        end_date__isnull=True,
    )
    if not permissions.may(request.user, permissions.MACPT, child=child):
        raise PermissionDenied("You are not working with this child, so you cannot change it.")
    return child_form(
        request,
        child,
        form_class=EndForm,
        title=f"End {member.user}'s part in the work",
        intro=(
            "A partner's access to this child's record ends on this date."
            if member.user.role in PARTNER_ROLES
            else ""
        ),
        initial={"end_date": timezone.localdate()},
        save=lambda f: services.member_end(
            member=member,
            end_date=f.cleaned_data["end_date"],
            acting_user=request.user,
            request=request,
        ),
        success="Their part in the work has ended",
        next_url=reverse("macpt_child", args=[child.pk]),
        extra={"cancel_url": reverse("macpt_child", args=[child.pk])},
    )


def macpt_lead(request, pk: int):
    child = access_child(user=request.user, pk=pk)
    if not permissions.may(request.user, permissions.MACPT, child=child):
        raise PermissionDenied("You are not working with this child, so you cannot change it.")
    users = (
        User.objects.filter(is_active=True, role__in=services.LEAD_ROLES)
        .filter(worker__isnull=False)
        .order_by("last_name", "first_name")
    )
    return child_form(
        request,
        child,
        form_class=_Labelled(LeadForm),
        form_kwargs={"users": users},
        title="Lead child protection practitioner",
        intro=(
            "Every child on a section 47 enquiry or child protection plan has a lead child "
            "protection practitioner: a local authority social worker in the multi-agency "
            "child protection team."
        ),
        initial={"start_date": timezone.localdate()},
        save=lambda f: services.lead_appoint(
            child=child,
            user=f.cleaned_data["user"],
            start_date=f.cleaned_data["start_date"],
            acting_user=request.user,
            request=request,
        ),
        success="Lead child protection practitioner named",
        next_url=reverse("macpt_child", args=[child.pk]),
        extra={"cancel_url": reverse("macpt_child", args=[child.pk])},
    )


# --- Strategy discussions and section 47 enquiries, with each agency's contribution ----------


def _back_url(request, child) -> str:
    if _is_partner(request.user):
        return reverse("partner_child", args=[child.pk])
    return reverse("macpt_child", args=[child.pk])


@require_GET
def strategy_detail(request, pk: int, sd_pk: int):
    child = access_child(user=request.user, pk=pk)
    discussion = get_object_or_404(StrategyDiscussion.objects.live(), pk=sd_pk, child=child)
    contributions = selectors.contributions_visible_to(user=request.user, child=child).filter(
        strategy_discussion=discussion
    )
    context = _frame(request, child)
    context.update(
        {
            "discussion": discussion,
            "contributions": list(contributions),
            "agencies": _agency_tags(discussion),
            "may_contribute": permissions.may(request.user, permissions.CONTRIBUTE, child=child),
            "add_url": reverse("strategy_contribution_add", args=[child.pk, discussion.pk]),
            "back_url": _back_url(request, child),
        }
    )
    _audit_view(request, child, "Strategy discussion", strategy_discussion=discussion.pk)
    return render(request, "macpt/strategy_detail.html", context)


def _agency_tags(discussion) -> list[tuple[str, bool]]:
    present = selectors.agencies_contributing(strategy_discussion=discussion)
    return [
        (Agency.POLICE.label, Agency.POLICE in present or discussion.police_attended),
        (Agency.HEALTH.label, Agency.HEALTH in present or discussion.health_attended),
        (Agency.EDUCATION.label, Agency.EDUCATION in present),
    ]


@require_GET
def section47_detail(request, pk: int, s47_pk: int):
    child = access_child(user=request.user, pk=pk)
    enquiry = get_object_or_404(Section47Enquiry.objects.live(), pk=s47_pk, child=child)
    contributions = selectors.contributions_visible_to(user=request.user, child=child).filter(
        section47=enquiry
    )
    context = _frame(request, child)
    context.update(
        {
            "enquiry": enquiry,
            "contributions": list(contributions),
            "may_contribute": permissions.may(request.user, permissions.CONTRIBUTE, child=child),
            "add_url": reverse("section47_contribution_add", args=[child.pk, enquiry.pk]),
            "back_url": _back_url(request, child),
        }
    )
    _audit_view(request, child, "Section 47 enquiry", section47=enquiry.pk)
    return render(request, "macpt/section47_detail.html", context)


def _contribution_form(request, child, *, title: str, target: dict, next_url: str):
    if not permissions.may(request.user, permissions.CONTRIBUTE, child=child):
        raise PermissionDenied("You cannot record a contribution for this child.")
    partner = _is_partner(request.user)
    return child_form(
        request,
        child,
        form_class=PartnerContributionForm if partner else ContributionForm,
        title=title,
        intro=(
            f"You are recording your agency's ({Agency(request.user.agency).label.lower()}) "
            "contribution in your name. The local authority and your agency see it; other partner agencies "
            "see it unless you mark it confidential."
            if partner
            else "Record what an agency shared: the local authority's, or another agency's "
            "given in the discussion or enquiry."
        ),
        initial={"date": timezone.localdate()},
        save=lambda f: services.contribution_add(
            child=child, acting_user=request.user, request=request, **target, **f.cleaned_data
        ),
        success="Contribution recorded",
        next_url=next_url,
        template="casework/child_form.html",
        extra={"cancel_url": next_url, "base_template": _frame(request, child)["base_template"]},
    )


def strategy_contribution_add(request, pk: int, sd_pk: int):
    child = access_child(user=request.user, pk=pk)
    discussion = get_object_or_404(StrategyDiscussion.objects.live(), pk=sd_pk, child=child)
    return _contribution_form(
        request,
        child,
        title=f"Contribution to the strategy discussion on {discussion.date:%-d %b %Y}",
        target={"strategy_discussion": discussion},
        next_url=reverse("strategy_detail", args=[child.pk, discussion.pk]),
    )


def section47_contribution_add(request, pk: int, s47_pk: int):
    child = access_child(user=request.user, pk=pk)
    enquiry = get_object_or_404(Section47Enquiry.objects.live(), pk=s47_pk, child=child)
    return _contribution_form(
        request,
        child,
        title=f"Contribution to the section 47 enquiry from {enquiry.start_date:%-d %b %Y}",
        target={"section47": enquiry},
        next_url=reverse("section47_detail", args=[child.pk, enquiry.pk]),
    )
