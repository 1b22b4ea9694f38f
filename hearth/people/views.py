"""Finding a child and reading their record.

Every child page fetches through `access_child` (404 for a child the user may not see, exactly as
for one that does not exist) and writes exactly one audit entry.
"""

from __future__ import annotations

import csv
import hashlib
from collections import Counter

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template import engines
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from hearth.access import audit
from hearth.access.models import AuditEntry
from hearth.access.pages import break_glass_offer
from hearth.access.selectors import (
    NO_CASE_ACCESS,
    access_child,
    break_glass_candidate,
    children_by_id,
)
from hearth.casework import corrections
from hearth.core import record_cache
from hearth.core.child_pages import child_context
from hearth.core.chronology import Kind, chronology_for
from hearth.core.navigation import landing_url
from hearth.core.spreadsheet import safe_row
from hearth.people.details import linked_from, reciprocal_relationships
from hearth.people.forms import ChildSearchForm, ChronologyFilterForm
from hearth.people.models import FamilyMember, Professional
from hearth.people.selectors import Status as ChildStatus
from hearth.people.selectors import (
    age_on,
    allocated_social_worker,
    key_information,
    merged_survivor,
    search_matches,
    status_of,
    with_status_kept,
)

RESULTS_PER_PAGE = 25


def _rows(children, *, on):
    """Children with their age, status and allocated worker, ready for a results table."""
    for child in children:
        status = status_of(child, on=on)
        yield {
            "child": child,
            "age": age_on(child.date_of_birth, on),
            "status": status,
            "status_label": ChildStatus.LABELS[status],
            "status_colour": ChildStatus.COLOURS[status],
            "allocation": allocated_social_worker(child),
        }


@require_GET
def home(request):
    """Home is the role's own work (My work, the team, the front-door queue, the IRO's diary,
    the personal adviser's care leavers, early help families, the LA overview, users, the audit
    log), so nobody lands on an empty page."""
    return redirect(landing_url(request.user))


@require_GET
def child_search_view(request):
    if request.user.role in NO_CASE_ACCESS:
        raise PermissionDenied("Your role does not open children's records.")
    if "q" not in request.GET:
        return render(request, "people/search.html", {"form": ChildSearchForm(), "searched": False})
    form = ChildSearchForm(request.GET)
    if not form.is_valid():
        return render(request, "people/search.html", {"form": form, "searched": False})

    q = form.cleaned_data["q"]
    matches = search_matches(user=request.user, query=q)
    paginator = Paginator(matches.ids, RESULTS_PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    hidden_count, hidden = matches.hidden_count, matches.hidden
    shown = with_status_kept(page.object_list)
    children = [shown[pk] for pk in page.object_list if pk in shown]
    today = timezone.localdate()
    audit.record(
        request=request,
        action=AuditEntry.Action.SEARCH,
        what="Child search",
        detail={
            "q": q,
            "results": paginator.count,
            "page": page.number,
            "not_working_with": hidden_count,
        },
    )
    return render(
        request,
        "people/search.html",
        {
            "form": form,
            "searched": True,
            "q": q,
            "page": page,
            "rows": list(_rows(children, on=today)),
            "pages": _page_links(page, q),
            "hidden_count": hidden_count,
            "hidden": hidden,
        },
    )


def _page_links(page, q):
    """GOV.UK pagination items: first, last, current and its neighbours, with ellipses."""
    from urllib.parse import urlencode

    items = []
    last_shown = 0
    for number in page.paginator.page_range:
        if number in (1, page.paginator.num_pages) or abs(number - page.number) <= 1:
            if number - last_shown > 1:
                items.append({"ellipsis": True})
            items.append(
                {
                    "number": number,
                    "href": "?" + urlencode({"q": q, "page": number}),
                    "current": number == page.number,
                }
            )
            last_shown = number
    return items


@require_GET
def child_summary(request, pk: int):
    stamp = record_cache.stamp(pk)  # before the child is read: see hearth.core.record_cache
    try:
        child = access_child(user=request.user, pk=pk, stamp=stamp)
    except Http404:
        # A record merged into another: those who may see the survivor are taken there.
        survivor = merged_survivor(user=request.user, pk=pk)
        if survivor is not None:
            messages.info(request, "That record was a duplicate and has been merged into this one")
            return redirect("child_summary", pk=survivor.pk)
        # An unrestricted child the practitioner is not working with: they may break the glass.
        # Anyone else (and every restricted record) gets the plain 404.
        candidate = break_glass_candidate(user=request.user, pk=pk)
        if candidate is None:
            raise
        return break_glass_offer(request, candidate)
    today = timezone.localdate()
    held = record_cache.part(stamp, "summary", on=today, build=lambda: _summary_parts(child=child))
    key_info = _key_information(stamp, child)
    # Links to other children: only those this user may see, and their names as they are now.
    visible = children_by_id(
        user=request.user,
        ids={m.related_child_id for m in held["family"] if m.related_child_id}
        | {m.child_id for m in held["linked_from"]},
    )
    family = held["family"]
    family_rows = [{"member": m, "related_child": visible.get(m.related_child_id)} for m in family]
    reciprocal = reciprocal_relationships(links=held["linked_from"], visible=visible)

    audit.record(
        request=request, action=AuditEntry.Action.VIEW, what="Child record: summary", child=child
    )
    context = child_context(request, child, section="summary")
    # Where the child is now, who they are and their professionals, as HTML kept with the
    # record's version for the day and whether the user may oversee (the merge link); the
    # family table, with the links this user may follow, is rendered on every request.
    parts = record_cache.part(
        stamp,
        f"summary-html:{int(bool(context['can_oversee']))}",
        on=today,
        build=lambda: _summary_html(held=held, journey=key_info.journey, frame=context),
    )
    context.update(
        {
            "key_info": key_info.as_of(timezone.now()),
            # Rendered (and escaped) by the partials in _summary_html.
            "parts": {name: mark_safe(html) for name, html in parts.items()},
            "family_rows": family_rows,
            "reciprocal_relationships": reciprocal,
        }
    )
    return render(request, "people/child_summary.html", context)


def _summary_html(*, held: dict, journey, frame: dict) -> dict[str, str]:
    """The summary's panels that are the same for everyone who may see the child on the day
    (given whether they may oversee it), rendered by their partials with autoescape on."""
    addresses, professionals = held["addresses"], held["professionals"]
    context = {
        **frame,
        "journey": journey,
        "disabilities": held["disabilities"],
        "current_addresses": [a for a in addresses if a.end_date is None],
        "past_addresses": [a for a in addresses if a.end_date is not None],
        "current_professionals": [p for p in professionals if p.end_date is None],
        "past_professionals": [p for p in professionals if p.end_date is not None],
        "merges": held["merges"],
    }
    return {
        name: render_to_string(f"people/_summary_{name}.html", context)
        for name in ("where", "who", "professionals")
    }


def _key_information(stamp, child):
    """The key-information panel as of today (the same for everyone who may see the child)."""
    today = timezone.localdate()
    return record_cache.part(
        stamp,
        "key-info",
        on=today,
        build=lambda: key_information(child=child, on=today, stamp=stamp),
    )


def _summary_parts(*, child) -> dict:
    """What the summary shows that is the same for everyone who may see the child (cached)."""
    return {
        "disabilities": [d.get_code_display() for d in child.disabilities.all()],
        "family": list(
            FamilyMember.objects.live()
            .filter(child=child)
            .order_by("relationship", "last_name", "first_name")
        ),
        "linked_from": linked_from(child=child),
        "professionals": list(
            Professional.objects.live().filter(child=child).order_by("end_date", "agency", "name")
        ),
        "addresses": list(child.addresses.live().order_by("-start_date")),
        "merges": list(child.merges_in.select_related("merged", "merged_by")),
    }


def _chronology_parts(*, child) -> dict:
    entries = corrections.annotate(chronology_for(child=child), child=child)
    return {
        "entries": entries,
        "authorship": corrections.authorship_of(child=child, entries=entries),
    }


def _chronology(request, child, stamp):
    """All entries, the selected kinds, per-kind counts, the filtered entries and who wrote
    them (the same for everyone who may see the child, so kept with the record's version)."""
    form = ChronologyFilterForm(request.GET or None)
    selected = form.cleaned_data["kind"] if form.is_valid() else []
    held = record_cache.part(
        stamp, "chronology", on=timezone.localdate(), build=lambda: _chronology_parts(child=child)
    )
    entries = held["entries"]
    counts = Counter(e.kind for e in entries)
    if selected:
        wanted = set(selected)
        entries = [e for e in entries if e.kind in wanted]
    return form, selected, counts, entries, held["authorship"]


@require_GET
def child_chronology(request, pk: int):
    stamp = record_cache.stamp(pk)  # before the child is read: see hearth.core.record_cache
    child = access_child(user=request.user, pk=pk, stamp=stamp)
    _form, selected, counts, entries, authorship = _chronology(request, child, stamp)
    audit.record(
        request=request,
        action=AuditEntry.Action.VIEW,
        what="Child record: chronology",
        child=child,
        detail={"kinds": selected} if selected else None,
    )
    kinds = [
        {
            "value": value,
            "label": label,
            "count": counts.get(value, 0),
            "checked": value in selected,
        }
        for value, label in Kind.LABELS.items()
    ]
    correctable = corrections.correctable_keys(
        user=request.user, child=child, entries=entries, authorship=authorship
    )
    # The entries as HTML, kept for this version of the record, these kinds and what this user
    # may correct (everything the partial shows).
    mine = hashlib.sha256(",".join(sorted(correctable)).encode()).hexdigest()[:16]
    timeline = record_cache.part(
        stamp,
        f"timeline:{','.join(sorted(selected))}:{mine}",
        on=timezone.localdate(),
        build=lambda: (
            engines["jinja2"]
            .get_template("people/_chronology_timeline.html")
            .render(
                {
                    "child": child,
                    "entries": entries,
                    "correctable": correctable,
                    "selected_labels": [Kind.LABELS[k] for k in selected],
                }
            )
        ),
    )
    context = child_context(request, child, section="chronology")
    context.update(
        {
            "key_info": _key_information(stamp, child).as_of(timezone.now()),
            "timeline": mark_safe(timeline),  # rendered (and escaped) by the partial above
            "entries": entries,
            "kinds": kinds,
            "selected_labels": [Kind.LABELS[k] for k in selected],
            "selected": selected,
            "total": sum(counts.values()),
            "printed_at": timezone.localtime(),
            "csv_query": request.GET.urlencode(),
            "correctable": correctable,
        }
    )
    return render(request, "people/child_chronology.html", context)


@require_GET
def child_chronology_csv(request, pk: int):
    stamp = record_cache.stamp(pk)  # before the child is read: see hearth.core.record_cache
    child = access_child(user=request.user, pk=pk, stamp=stamp)
    _form, selected, _counts, entries, _authorship = _chronology(request, child, stamp)
    audit.record(
        request=request,
        action=AuditEntry.Action.EXPORT,
        what="Child record: chronology (CSV)",
        child=child,
        detail={"kinds": selected, "rows": len(entries)},
    )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = f"chronology-{child.la_child_id}-{timezone.localdate():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    response.write("\ufeff")  # so Excel opens UTF-8 correctly
    writer = csv.writer(response)
    writer.writerow(["Date", "Kind", "Event", "Detail", "Source"])
    for entry in entries:
        writer.writerow(
            safe_row(
                [
                    entry.date.isoformat(),
                    entry.kind_label,
                    f"Struck through: {entry.title}" if entry.struck else entry.title,
                    "\n\n".join(filter(None, [entry.detail, *entry.notes])),
                    entry.source,
                ]
            )
        )
    return response
