"""Pages for case audits, moderation and actions, feedback surveys (including the no-sign-in
link for young people) and complaints. Thin: the rules are in services and selectors."""

from __future__ import annotations

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from hearth.access import audit
from hearth.access.client_ip import client_ip
from hearth.access.models import AuditEntry, User
from hearth.access.selectors import children_visible_to
from hearth.quality import forms, selectors, services
from hearth.quality.models import (
    AuditAction,
    AuditProgramme,
    CaseAudit,
    Complaint,
    Domain,
    Survey,
    SurveyQuestion,
)


def _posted(request):
    return request.POST if request.method == "POST" else None


def _need(request, roles, message="You cannot use this page.") -> None:
    if request.user.role not in roles:
        raise PermissionDenied(message)


def _form_page(request, form, title, cancel_url, intro=""):
    return render(
        request,
        "quality/form.html",
        {"form": form, "title": title, "cancel_url": cancel_url, "intro": intro},
    )


def _auditors():
    return User.objects.filter(is_active=True, role__in=selectors.AUDITOR_ROLES).order_by(
        "last_name", "first_name", "username"
    )


# --- Programmes --------------------------------------------------------------------------------


def home(request):
    _need(request, selectors.FEEDBACK_ROLES)
    audit.record(request=request, action=AuditEntry.Action.VIEW, what="Quality assurance")
    return render(
        request,
        "quality/home.html",
        {
            "programmes": selectors.programmes()
            if request.user.role in selectors.AUDITOR_ROLES
            else None,
            "mine": selectors.audits_for(user=request.user),
            "may_lead": request.user.role in selectors.PROGRAMME_ROLES,
        },
    )


def programme_add(request):
    _need(request, selectors.PROGRAMME_ROLES, "Only managers and leaders run audits.")
    from hearth.insight.indicators import indicators

    choices = [(i.key, i.title) for i in indicators() if i.computed]
    form = forms.ProgrammeForm(_posted(request), indicators=choices)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            programme = services.programme_create(
                title=data["title"],
                theme=data["theme"],
                start_date=data["start_date"],
                end_date=data["end_date"],
                method=data["method"],
                risk=data["risk"],
                indicator=data["indicator"],
                sample_size=data["sample_size"],
                acting_user=request.user,
                request=request,
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, f"Audit programme {programme.title} created")
            return redirect("quality_programme", pk=programme.pk)
    return _form_page(request, form, "New audit programme", reverse("quality_home"))


def programme(request, pk: int):
    _need(request, selectors.AUDITOR_ROLES)
    item = get_object_or_404(AuditProgramme.objects.live(), pk=pk)
    audits = list(
        CaseAudit.objects.live()
        .filter(programme=item)
        .select_related("child", "auditor", "moderator")
        .order_by("child__la_child_id")
    )
    sample_form = None
    if item.sampled_at is None and request.user.role in selectors.PROGRAMME_ROLES:
        sample_form = forms.SampleForm(auditors=_auditors())
    audit.record(
        request=request,
        action=AuditEntry.Action.VIEW,
        what=f"Audit programme {item.title}",
        detail={"programme": item.pk},
    )
    return render(
        request,
        "quality/programme.html",
        {
            "programme": item,
            "audits": audits,
            "summary": selectors.programme_summary(programme=item),
            "sample_form": sample_form,
            "grades": forms.Grade.choices,
        },
    )


@require_POST
def programme_sample(request, pk: int):
    _need(request, selectors.PROGRAMME_ROLES, "Only managers and leaders run audits.")
    item = get_object_or_404(AuditProgramme.objects.live(), pk=pk)
    form = forms.SampleForm(request.POST, auditors=_auditors())
    if form.is_valid():
        try:
            audits = services.programme_sample(
                programme=item,
                auditors=list(form.cleaned_data["auditors"]),
                acting_user=request.user,
                request=request,
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, f"{len(audits)} children sampled")
            return redirect("quality_programme", pk=item.pk)
    return _form_page(
        request, form, f"Draw the sample: {item.title}", reverse("quality_programme", args=[pk])
    )


# --- Audits ------------------------------------------------------------------------------------


def _audit_for(request, pk: int) -> CaseAudit:
    item = get_object_or_404(
        CaseAudit.objects.live().select_related("child", "programme", "auditor", "moderator"),
        pk=pk,
    )
    if request.user.pk not in {item.auditor_id, item.moderator_id, item.programme.lead_id}:
        raise PermissionDenied("Only the auditor, the moderator and the programme lead see this.")
    return item


def audit_page(request, pk: int):
    item = _audit_for(request, pk)
    form = None
    if item.status == CaseAudit.Status.ALLOCATED and request.user.pk == item.auditor_id:
        moderators = _auditors().exclude(pk=request.user.pk)
        form = forms.AuditForm(_posted(request), moderators=moderators)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                services.audit_complete(
                    audit_obj=item,
                    grades=form.grades(),
                    overall_grade=data["overall_grade"],
                    chronology_reviewed=data["chronology_reviewed"],
                    strengths=data["strengths"],
                    learning=data["learning"],
                    themes=data["themes"],
                    moderator=data["moderator"],
                    acting_user=request.user,
                    request=request,
                )
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, "Audit completed and sent for moderation")
                return redirect("quality_audit", pk=item.pk)
    elif request.method == "POST":
        raise PermissionDenied("This audit cannot be changed now.")
    audit.record(
        request=request,
        action=AuditEntry.Action.VIEW,
        what=f"Case audit ({item.programme.title})",
        child=item.child,
        reason=item.programme.access_reason,
    )
    grades = {g.domain: g for g in item.grades.all()}
    return render(
        request,
        "quality/audit.html",
        {
            "item": item,
            "form": form,
            "grades": [(label, grades.get(value)) for value, label in Domain.choices],
            "actions": item.actions.live().select_related("owner"),
            "moderation": getattr(item, "moderation", None),
            "may_set_actions": item.status != CaseAudit.Status.ALLOCATED
            and request.user.pk in {item.auditor_id, item.moderator_id},
            "may_moderate": item.status == CaseAudit.Status.COMPLETED
            and request.user.pk == item.moderator_id,
        },
    )


def audit_moderate(request, pk: int):
    item = _audit_for(request, pk)
    if request.user.pk != item.moderator_id or item.status != CaseAudit.Status.COMPLETED:
        raise PermissionDenied("Only the named moderator moderates a completed audit.")
    form = forms.ModerationForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.audit_moderate(
                audit_obj=item,
                agrees=data["agrees"],
                moderated_grade=data["moderated_grade"],
                comment=data["comment"],
                acting_user=request.user,
                request=request,
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, "Moderation saved")
            return redirect("quality_audit", pk=item.pk)
    return _form_page(
        request,
        form,
        "Moderate the audit",
        reverse("quality_audit", args=[pk]),
        intro=f"The auditor graded this case {item.get_overall_grade_display().lower()}.",
    )


def action_add(request, pk: int):
    item = _audit_for(request, pk)
    if request.user.pk not in {item.auditor_id, item.moderator_id}:
        raise PermissionDenied("Only the auditor or moderator sets actions.")
    if item.status == CaseAudit.Status.ALLOCATED:
        raise PermissionDenied("Complete the audit before setting actions.")
    owners = User.objects.filter(is_active=True, worker__isnull=False).order_by(
        "last_name", "first_name"
    )
    form = forms.ActionForm(_posted(request), owners=owners)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.action_add(
                audit_obj=item,
                description=data["description"],
                owner=data["owner"],
                due_date=data["due_date"],
                acting_user=request.user,
                request=request,
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, "Action set")
            return redirect("quality_audit", pk=item.pk)
    return _form_page(request, form, "Set an action", reverse("quality_audit", args=[pk]))


def action_complete(request, pk: int):
    action = get_object_or_404(AuditAction.objects.live().select_related("audit", "child"), pk=pk)
    if request.user.pk not in {action.owner_id, action.audit.auditor_id}:
        raise PermissionDenied("Only the action's owner or the auditor marks it done.")
    form = forms.ActionCompleteForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.action_complete(
                action=action,
                note=form.cleaned_data["note"],
                acting_user=request.user,
                request=request,
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, "Action marked as done")
            return redirect("my_work")
    audit.record(
        request=request, action=AuditEntry.Action.VIEW, what="Audit action", child=action.child
    )
    return _form_page(
        request,
        form,
        "Mark the audit action as done",
        reverse("my_work"),
        intro=action.description,
    )


# --- Surveys -----------------------------------------------------------------------------------


def surveys(request):
    _need(request, selectors.FEEDBACK_ROLES)
    audit.record(request=request, action=AuditEntry.Action.VIEW, what="Feedback surveys")
    return render(
        request,
        "quality/surveys.html",
        {
            "surveys": Survey.objects.live(),
            "may_write": request.user.role in selectors.PROGRAMME_ROLES,
        },
    )


def survey_add(request):
    _need(request, selectors.PROGRAMME_ROLES, "Only managers and leaders write surveys.")
    form = forms.SurveyForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            survey = services.survey_create(
                title=data["title"],
                audience=data["audience"],
                introduction=data["introduction"],
                questions=data["question_list"],
                acting_user=request.user,
                request=request,
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, f"Survey {survey.title} created")
            return redirect("quality_survey", pk=survey.pk)
    return _form_page(request, form, "New survey", reverse("quality_surveys"))


def _survey_results(survey: Survey) -> list[dict]:
    out = []
    for q in survey.questions.all():
        answers = list(q.answers.values_list("value", flat=True))
        if q.kind == SurveyQuestion.Kind.AGREE:
            counts = [(label, answers.count(value)) for value, label in forms.AGREE_CHOICES]
            out.append({"question": q, "counts": counts, "total": len(answers)})
        else:
            out.append({"question": q, "counts": [], "total": len(answers)})
    return out


def survey(request, pk: int):
    _need(request, selectors.FEEDBACK_ROLES)
    item = get_object_or_404(Survey.objects.live(), pk=pk)
    link_form = forms.SurveyLinkForm(_posted(request))
    new_link = None
    if request.method == "POST" and link_form.is_valid():
        child = (
            children_visible_to(user=request.user)
            .filter(la_child_id__iexact=link_form.cleaned_data["la_child_id"].strip())
            .first()
        )
        if child is None:
            link_form.add_error("la_child_id", "You have no child with this LA child ID")
        else:
            try:
                link, token = services.survey_link_create(
                    survey=item, child=child, acting_user=request.user, request=request
                )
            except ValidationError as exc:
                link_form.add_service_errors(exc)
            else:
                new_link = {
                    "url": request.build_absolute_uri(reverse("survey_answer", args=[token])),
                    "expires_at": link.expires_at,
                }
                link_form = forms.SurveyLinkForm()
    audit.record(request=request, action=AuditEntry.Action.VIEW, what=f"Survey {item.title}")
    return render(
        request,
        "quality/survey.html",
        {
            "survey": item,
            "results": _survey_results(item),
            "responses": item.responses.count(),
            "form": link_form,
            "new_link": new_link,
        },
    )


def survey_enter(request, pk: int):
    _need(request, selectors.FEEDBACK_ROLES)
    item = get_object_or_404(Survey.objects.live(), pk=pk)
    form = forms.SurveyAnswersForm(_posted(request), survey=item, with_date=True)
    form.submit_label = "Save response"
    if request.method == "POST" and form.is_valid():
        child = None
        la_id = form.cleaned_data.get("la_child_id", "").strip()
        if la_id:
            child = children_visible_to(user=request.user).filter(la_child_id__iexact=la_id).first()
            if child is None:
                form.add_error("la_child_id", "You have no child with this LA child ID")
        if not form.errors:
            try:
                services.survey_response_enter(
                    survey=item,
                    child=child,
                    date=form.cleaned_data["date"],
                    answers=form.answers(),
                    acting_user=request.user,
                    request=request,
                )
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, "Response saved")
                return redirect("quality_survey", pk=item.pk)
    return _form_page(
        request, form, f"Enter a paper response: {item.title}", reverse("quality_survey", args=[pk])
    )


# The link page: no sign-in, nothing about the child or the LA's records on it.
LINK_RATE_LIMIT = 30  # requests per client address per hour


def _rate_limited(request) -> bool:
    key = f"quality:survey-link:{client_ip(request) or 'unknown'}"
    cache.add(key, 0, timeout=3600)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=3600)
        count = 1
    return count > LINK_RATE_LIMIT


def survey_answer(request, token: str):
    if _rate_limited(request):
        return render(request, "quality/link_limited.html", status=429)
    link = services.survey_link_usable(token)
    if link is None:
        audit.record(
            request=request,
            user=None,
            action=AuditEntry.Action.REFUSED,
            what="Survey link expired, used or unknown",
        )
        return render(request, "quality/link_gone.html", status=404)
    form = forms.SurveyAnswersForm(_posted(request), survey=link.survey)
    if request.method == "POST" and form.is_valid():
        try:
            services.survey_link_answer(token=token, answers=form.answers(), request=request)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            return render(request, "quality/link_thanks.html")
    audit.record(
        request=request,
        user=None,
        action=AuditEntry.Action.VIEW,
        what="Survey link opened",
        detail={"link": link.pk},
    )
    return render(request, "quality/link_answer.html", {"survey": link.survey, "form": form})


# --- Complaints --------------------------------------------------------------------------------


def complaints(request):
    _need(request, selectors.FEEDBACK_ROLES)
    form = forms.ComplaintForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        child = None
        if data["la_child_id"].strip():
            child = (
                children_visible_to(user=request.user)
                .filter(la_child_id__iexact=data["la_child_id"].strip())
                .first()
            )
            if child is None:
                form.add_error("la_child_id", "You have no child with this LA child ID")
        if not form.errors:
            item = services.complaint_record(
                kind=data["kind"],
                made_by=data["made_by"],
                received_date=data["received_date"],
                summary=data["summary"],
                child=child,
                acting_user=request.user,
                request=request,
            )
            messages.success(request, f"{item.get_kind_display()} recorded")
            return redirect("quality_complaint", pk=item.pk)
    audit.record(request=request, action=AuditEntry.Action.VIEW, what="Complaints and compliments")
    rows = []
    for c in Complaint.objects.live().prefetch_related("stages")[:200]:
        stages = list(c.stages.all())
        rows.append({"item": c, "stage": stages[-1] if stages else None})
    return render(request, "quality/complaints.html", {"rows": rows, "form": form})


def complaint(request, pk: int):
    _need(request, selectors.FEEDBACK_ROLES)
    item = get_object_or_404(Complaint.objects.live(), pk=pk)
    if (
        item.child_id
        and not children_visible_to(user=request.user).filter(pk=item.child_id).exists()
    ):
        raise Http404("No complaint found")
    respond = forms.ComplaintResponseForm(prefix="respond")
    escalate = forms.ComplaintEscalateForm(prefix="escalate")
    if request.method == "POST":
        try:
            if "respond-outcome" in request.POST:
                respond = forms.ComplaintResponseForm(request.POST, prefix="respond")
                if respond.is_valid():
                    services.complaint_respond(
                        complaint=item,
                        responded_date=respond.cleaned_data["responded_date"],
                        outcome=respond.cleaned_data["outcome"],
                        extended=respond.cleaned_data["extended"],
                        acting_user=request.user,
                        request=request,
                    )
                    messages.success(request, "Response recorded")
                    return redirect("quality_complaint", pk=item.pk)
            else:
                escalate = forms.ComplaintEscalateForm(request.POST, prefix="escalate")
                if escalate.is_valid():
                    services.complaint_escalate(
                        complaint=item,
                        start=escalate.cleaned_data["start"],
                        acting_user=request.user,
                        request=request,
                    )
                    messages.success(request, "Complaint moved to the next stage")
                    return redirect("quality_complaint", pk=item.pk)
        except ValidationError as exc:
            (respond if "respond-outcome" in request.POST else escalate).add_service_errors(exc)
    audit.record(request=request, action=AuditEntry.Action.VIEW, what="Complaint", child=item.child)
    from hearth.casework import clocks

    stages = [
        {
            "stage": s,
            "due": clocks.complaint_response_due(s.start, stage=s.stage, extended=s.extended),
        }
        for s in item.stages.all()
    ]
    current = stages[-1]["stage"] if stages else None
    return render(
        request,
        "quality/complaint.html",
        {
            "item": item,
            "stages": stages,
            "respond": respond if current and current.responded_date is None else None,
            "escalate": escalate
            if current and current.responded_date and current.stage < 3
            else None,
            "error_form": respond if respond.errors else escalate,
        },
    )
