"""Allocation, supervision and workforce administration."""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from hearth.access import audit, permissions
from hearth.access.models import AuditEntry, User
from hearth.casework import worklist
from hearth.core.child_pages import child_form
from hearth.core.services import ConcurrentEditError
from hearth.people.selectors import worker_caseload
from hearth.workforce import forms, services
from hearth.workforce.models import Post, Team, Worker
from hearth.workforce.selectors import access_child_to_allocate


def _posted(request):
    """The submitted data, or None for a GET. (Not ``request.POST or None``: an empty
    submission is still a submission, and must show its errors.)"""
    return request.POST if request.method == "POST" else None


def allocate(request, pk: int):
    child = access_child_to_allocate(user=request.user, pk=pk)
    if request.user.role not in permissions.ALLOCATING_ROLES:
        raise PermissionDenied("Only a team manager can allocate cases.")
    today = timezone.localdate()
    workers = (
        Worker.objects.filter(start_date__lte=today)
        .filter(Q(leave_date__isnull=True) | Q(leave_date__gte=today))
        .select_related("team")
        .order_by("team__name", "last_name")
    )
    return child_form(
        request,
        child,
        form_class=forms.AllocationForm,
        form_kwargs={"workers": workers},
        title="Allocate the case",
        initial={"start_date": today, "kind": "social_worker"},
        save=lambda f: services.allocation_change(
            child=child, acting_user=request.user, request=request, **f.cleaned_data
        ),
        success="Case allocated",
        next_url=reverse("allocate", args=[child.pk]),
        extra={"history": list(worklist.allocation_history(child=child))},
        template="workforce/allocate.html",
    )


def supervision_add(request, worker_pk: int):
    if request.user.role not in permissions.ALLOCATING_ROLES:
        raise PermissionDenied("Only a manager can record supervision.")
    worker = get_object_or_404(Worker.objects.select_related("team"), pk=worker_pk)
    from hearth.access.selectors import managed_team_ids

    if request.user.role != User.Role.SENIOR_LEADER and worker.team_id not in managed_team_ids(
        user=request.user
    ):
        raise PermissionDenied("You can only supervise workers in your teams.")
    # Only the children this manager may see: a restricted child stays hidden unless named.
    children = list(worker_caseload(worker=worker, user=request.user))
    form = forms.SupervisionForm(_posted(request), children=children)
    if request.method == "POST" and form.is_valid():
        try:
            services.supervision_record(
                worker=worker,
                date=form.cleaned_data["date"],
                reflective_notes=form.cleaned_data["reflective_notes"],
                wellbeing_discussed=form.cleaned_data["wellbeing_discussed"],
                discussions=form.discussions(),
                acting_user=request.user,
                request=request,
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, f"Supervision of {worker.full_name} recorded")
            return redirect("my_team")
    # The form names each child for a case discussion: one entry per child, so each child's
    # "who has viewed this record" shows it.
    for child in children:
        audit.record(
            request=request,
            action=AuditEntry.Action.VIEW,
            what=f"Supervision form: case discussion ({worker.full_name})",
            child=child,
        )
    if not children:
        audit.record(
            request=request,
            action=AuditEntry.Action.VIEW,
            what=f"Form: supervision of {worker.full_name}",
        )
    return render(
        request,
        "workforce/page_form.html",
        {
            "form": form,
            "title": f"Supervision: {worker.full_name}",
            "intro": _supervision_intro(worklist.supervision_due_for(worker=worker)),
            "cancel_url": reverse("my_team"),
        },
    )


def _supervision_intro(due) -> str:
    if due < timezone.localdate():
        return f"Supervision is overdue: it was due by {due:%-d %b %Y}."
    return f"Next supervision due {due:%-d %b %Y}."


# --- Administration -----------------------------------------------------------------------------


def _admin(request):
    if request.user.role not in permissions.WORKFORCE_ADMIN_ROLES:
        raise PermissionDenied("Only a system administrator manages the workforce.")


def workforce_index(request):
    _admin(request)
    today = timezone.localdate()
    teams = list(
        Team.objects.select_related("manager")
        .prefetch_related("posts__holdings__worker", "workers")
        .annotate(n_workers=Count("workers"))
    )
    for team in teams:
        team.post_rows = []
        for post in team.posts.all():
            if post.end_date and post.end_date < today:
                continue
            holder = next(
                (
                    h.worker
                    for h in post.holdings.all()
                    if h.start_date <= today
                    and (h.end_date is None or h.end_date > today)
                    and h.worker.is_in_post_on(today)
                ),
                None,
            )
            if holder is None:
                state, colour = "Vacant", "red"
            elif holder.employment == Worker.Employment.AGENCY:
                state, colour = "Covered by agency", "yellow"
            else:
                state, colour = "Filled", "green"
            team.post_rows.append(
                {"post": post, "holder": holder, "state": state, "colour": colour}
            )
        team.worker_rows = sorted(team.workers.all(), key=lambda w: (w.last_name, w.first_name))
    audit.record(request=request, action=AuditEntry.Action.VIEW, what="Workforce administration")
    return render(request, "workforce/index.html", {"teams": teams, "today": today})


def _admin_form(request, *, form, title: str, save, success: str, refresh=None):
    """Show an administration form; save it on a valid POST. Someone else's change in the
    meantime gives 409 with the user's input kept and, through ``refresh``, the form re-based on
    the latest saved values, so that saving again replaces them."""
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            save(form)
        except ValidationError as exc:
            form.add_service_errors(exc)
        except ConcurrentEditError as exc:
            if refresh is not None:
                form = refresh()
                form.is_valid()
            form.add_error(None, str(exc))
            status = 409
        else:
            messages.success(request, success)
            return redirect("workforce")
    audit.record(request=request, action=AuditEntry.Action.VIEW, what=f"Form: {title}")
    return render(
        request,
        "workforce/page_form.html",
        {"form": form, "title": title, "cancel_url": reverse("workforce")},
        status=status,
    )


def team_add(request):
    _admin(request)
    return _admin_form(
        request,
        form=forms.TeamForm(_posted(request)),
        title="Add a team",
        save=lambda f: services.team_create(
            acting_user=request.user, request=request, **f.cleaned_data
        ),
        success="Team added",
    )


def post_add(request, team_pk: int):
    _admin(request)
    team = get_object_or_404(Team, pk=team_pk)
    return _admin_form(
        request,
        form=forms.PostForm(_posted(request)),
        title=f"Add a post to {team.name}",
        save=lambda f: services.post_create(
            team=team, acting_user=request.user, request=request, **f.cleaned_data
        ),
        success="Post added",
    )


def post_fill(request, post_pk: int):
    _admin(request)
    post = get_object_or_404(Post.objects.select_related("team"), pk=post_pk)
    workers = Worker.objects.filter(leave_date__isnull=True).select_related("team")
    return _admin_form(
        request,
        form=forms.PostFillForm(_posted(request), workers=workers),
        title=f"Fill post: {post.title}",
        save=lambda f: services.post_fill(
            post=post, acting_user=request.user, request=request, **f.cleaned_data
        ),
        success="Post filled",
    )


WORKER_FIELDS = [
    "staff_id",
    "first_name",
    "last_name",
    "role",
    "qualification",
    "employment",
    "team",
    "start_date",
    "leave_date",
]


def worker_add(request):
    _admin(request)

    def save(f):
        data = {k: f.cleaned_data[k] for k in WORKER_FIELDS}
        return services.worker_create(acting_user=request.user, request=request, **data)

    return _admin_form(
        request,
        form=forms.WorkerForm(_posted(request)),
        title="Add a worker",
        save=save,
        success="Worker added",
    )


def _worker_values(worker: Worker) -> dict:
    return {
        k: (str(getattr(worker, f"{k}_id")) if k == "team" else str(getattr(worker, k) or ""))
        for k in WORKER_FIELDS
    }


def worker_edit(request, worker_pk: int):
    _admin(request)
    worker = get_object_or_404(Worker, pk=worker_pk)
    initial = {k: getattr(worker, k) for k in WORKER_FIELDS}
    initial["original"] = json.dumps(_worker_values(worker))
    form = forms.WorkerForm(_posted(request), initial=initial)

    def save(f):
        expected = json.loads(f.cleaned_data["original"] or "{}")
        changes = {k: f.cleaned_data[k] for k in WORKER_FIELDS}
        expected = {("team_id" if k == "team" else k): v for k, v in expected.items()}
        return services.worker_update(
            worker=worker,
            expected=expected,
            changes=changes,
            acting_user=request.user,
            request=request,
        )

    def refresh():
        data = request.POST.copy()
        data["original"] = json.dumps(_worker_values(Worker.objects.get(pk=worker.pk)))
        return forms.WorkerForm(data, initial=initial)

    return _admin_form(
        request,
        form=form,
        title=f"Change {worker.full_name}",
        save=save,
        success="Worker updated",
        refresh=refresh,
    )
