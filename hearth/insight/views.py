"""Dashboards: the LA overview, themed pages, an indicator's definition and trend, the children
behind a number, team pages and the printable monthly report.

Who may see what
    * Dashboards (aggregate figures): performance analysts, senior leaders and team managers.
      Other roles get 403 -- a social worker's view of performance is their own caseload.
    * Drill-down lists: the children behind the number *that the user may see*
      (``children_visible_to``), each linking to the child's record; the page says how many
      others are not listed. Analysts, who have no case access, see pseudonymised rows (a
      stable pseudonym, no name, no link) so they can check a figure without identifying anyone.
    * Team pages: senior leaders and analysts for any team; team managers for the teams they
      manage.
Every drill-down view and every export writes an audit entry.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import hmac
import io

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from hearth.access import audit
from hearth.access.models import AuditEntry, User
from hearth.access.permissions import AUTHORITY_FIGURES_ROLES, PERFORMANCE_ROLES
from hearth.access.selectors import children_visible_to, managed_team_ids
from hearth.core.calendar import age_on
from hearth.core.query import QueryValueError, query_date_from, query_id
from hearth.core.spreadsheet import safe_row
from hearth.insight import charts, comparators
from hearth.insight.evaluate import month_ends, tiles, values_for
from hearth.insight.indicators import (
    PERCENT,
    REGISTRY,
    THEMES,
    UNIT_LABELS,
    Indicator,
    Scope,
    default_period_start,
    headline,
    indicators,
)
from hearth.people.models import Child
from hearth.workforce import selectors as wf
from hearth.workforce.models import Team

TEAM_INDICATORS = [
    "cp-visits",
    "management-oversight",
    "worker-changes",
    "unallocated",
    "supervision",
    "caseload-mean",
    "vacancy-rate",
    "assessments-45wd",
    "cla-reviews",
]


# --- Helpers ----------------------------------------------------------------------------------


def _require_dashboard(request) -> None:
    if getattr(request.user, "role", None) not in PERFORMANCE_ROLES:
        raise PermissionDenied("Performance dashboards are for managers, leaders and analysts.")


def _dates(request) -> tuple[dt.date, dt.date, str]:
    """as_of and period start from the query string (defaults: today, 12 months to it). A date
    that is not a real date in range is reported in the page's error summary."""
    as_of = timezone.localdate()
    start = None
    try:
        as_of = query_date_from(request.GET, "as_of", label="The date") or as_of
        start = query_date_from(request.GET, "period_start", label="The start of the period")
    except QueryValueError as problem:
        return (
            timezone.localdate(),
            default_period_start(timezone.localdate()),
            f"{problem}. Showing the 12 months to today.",
        )
    if start is None or start > as_of:
        start = default_period_start(as_of)
    return as_of, start, ""


def _scope(request) -> tuple[Scope, Team | None]:
    team_id = request.GET.get("team")
    if team_id and team_id.isdigit():
        team = get_object_or_404(Team, pk=query_id(team_id) or 0)
        _require_team(request, team)
        return Scope.team(team.pk), team
    return Scope.la(), None


def _require_team(request, team: Team) -> None:
    user = request.user
    if user.role in AUTHORITY_FIGURES_ROLES:
        return
    if team.pk not in managed_team_ids(user=user):
        raise PermissionDenied("You can see the pages of the teams you manage.")


def fmt(value, unit: str) -> str:
    if value is None:
        return "No data"
    if unit == PERCENT:
        return f"{value:.1f}%"
    if unit in ("count",) and float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.1f}"


def _national(ind: Indicator, value, data) -> dict | None:
    fig = comparators.for_indicator(ind.key, data=data)[0]
    if not fig.available:
        return None
    return {"figure": fig, "text": fig.text(ind.unit), "compare": fig.compare(value)}


def _query(as_of, start, scope: Scope) -> str:
    from urllib.parse import urlencode

    params = {"as_of": as_of.isoformat(), "period_start": start.isoformat()}
    if scope.kind == "team":
        params["team"] = scope.pk
    return urlencode(params)


def _base_context(request, as_of, start, scope, team, error=""):
    return {
        "as_of": as_of,
        "period_start": start,
        "scope": scope,
        "team": team,
        "date_error": error,
        "date_error_links": [("as_of", error)] if error else [],
        "query": _query(as_of, start, scope),
        "themes": THEMES,
    }


def _rows(inds, got, as_of, data):
    rows = []
    for ind in inds:
        summary = got.get((ind.key, as_of)) if ind.computed else None
        value = summary["value"] if summary else None
        rows.append(
            {
                "indicator": ind,
                "summary": summary,
                "display": fmt(value, ind.unit) if ind.computed else "Not yet recorded",
                "national": _national(ind, value, data),
            }
        )
    return rows


def _export(request, *, filename: str, headers: list[str], rows: list[list], what: str, detail):
    fmt_ = request.GET.get("format")
    audit.record(
        request=request,
        action=AuditEntry.Action.EXPORT,
        what=what,
        detail={**detail, "format": fmt_, "rows": len(rows)},
    )
    if fmt_ == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(safe_row(headers))
        for row in rows:
            writer.writerow(safe_row(row))
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
        return response
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = filename[:31]
    sheet.append(headers)
    for row in rows:
        sheet.append(safe_row(row))
    out = io.BytesIO()
    book.save(out)
    response = HttpResponse(
        out.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


def _wants_export(request) -> bool:
    return request.GET.get("format") in {"csv", "xlsx"}


# --- Pages ------------------------------------------------------------------------------------


@require_GET
def overview(request):
    _require_dashboard(request)
    as_of, start, error = _dates(request)
    scope, team = _scope(request)
    data = comparators.load()
    cards = []
    for tile in tiles(headline(), as_of=as_of, start=start, scope=scope):
        ind = tile.indicator
        cards.append(
            {
                "indicator": ind,
                "display": fmt(tile.value["value"], ind.unit),
                "summary": tile.value,
                "national": _national(ind, tile.value["value"], data),
                "spark": charts.sparkline(
                    tile.trend, label=f"{ind.title}: 12-month trend, table below"
                ),
                "trend": [(d, fmt(v, ind.unit)) for d, v in tile.trend],
            }
        )
    context = _base_context(request, as_of, start, scope, team, error)
    context.update({"cards": cards, "teams": Team.objects.order_by("name")})
    return render(request, "insight/overview.html", context)


@require_GET
def theme(request, theme: str):
    _require_dashboard(request)
    if theme not in THEMES:
        raise Http404("No such theme")
    as_of, start, error = _dates(request)
    scope, team = _scope(request)
    inds = indicators(theme)
    got = values_for([i for i in inds if i.computed], as_of=as_of, start=start, scope=scope)
    rows = _rows(inds, got, as_of, comparators.load())
    if _wants_export(request):
        return _export(
            request,
            filename=f"{theme}-{as_of:%Y-%m-%d}",
            headers=["Indicator", "Unit", "Value", "Numerator", "Denominator", "England"],
            rows=[
                [
                    r["indicator"].title,
                    r["indicator"].unit,
                    None if not r["summary"] else r["summary"]["value"],
                    None if not r["summary"] else r["summary"]["numerator"],
                    None if not r["summary"] else r["summary"]["denominator"],
                    r["national"]["text"] if r["national"] else "",
                ]
                for r in rows
            ],
            what=f"Insight export: {THEMES[theme]}",
            detail={"theme": theme, "as_of": as_of, "scope": scope.key},
        )
    context = _base_context(request, as_of, start, scope, team, error)
    context.update({"theme_key": theme, "theme_title": THEMES[theme], "rows": rows})
    return render(request, "insight/theme.html", context)


def _indicator(key: str) -> Indicator:
    try:
        return REGISTRY[key]
    except KeyError as exc:
        raise Http404("No such indicator") from exc


@require_GET
def indicator(request, key: str):
    _require_dashboard(request)
    ind = _indicator(key)
    as_of, start, error = _dates(request)
    scope, team = _scope(request)
    context = _base_context(request, as_of, start, scope, team, error)
    context.update(
        {
            "indicator": ind,
            "unit_label": UNIT_LABELS.get(ind.unit, ind.unit),
            "comparators": comparators.for_indicator(ind.key),
        }
    )
    if not ind.computed:
        return render(request, "insight/indicator.html", context)
    points = month_ends(as_of)
    got = values_for([ind], as_of=as_of, start=start, scope=scope, points=points)
    current = got[(ind.key, as_of)]
    trend = []
    for p in points:
        s = got[(ind.key, p)]
        trend.append({"date": p, "summary": s, "display": fmt(s["value"], ind.unit)})
    if _wants_export(request):
        return _export(
            request,
            filename=f"{ind.key}-trend-{as_of:%Y-%m-%d}",
            headers=["As at", "Value", "Numerator", "Denominator"],
            rows=[
                [
                    t["date"],
                    t["summary"]["value"],
                    t["summary"]["numerator"],
                    t["summary"]["denominator"],
                ]
                for t in trend
            ],
            what=f"Insight export: {ind.title} trend",
            detail={"indicator": ind.key, "as_of": as_of, "scope": scope.key},
        )
    context.update(
        {
            "current": current,
            "display": fmt(current["value"], ind.unit),
            "national": _national(ind, current["value"], comparators.load()),
            "trend": trend,
            "chart": charts.line_chart(
                [(p, got[(ind.key, p)]["value"]) for p in points],
                label=f"{ind.title}, monthly for 12 months to {as_of:%-d %b %Y}. "
                "The same figures are in the table below.",
                unit=ind.unit,
            ),
            "breakdown": [
                {"label": label, "count": n} for label, n in current.get("breakdown") or []
            ],
        }
    )
    return render(request, "insight/indicator.html", context)


def pseudonym(child_id: int) -> str:
    key = hashlib.sha256(("hearth-insight:" + settings.SECRET_KEY).encode()).digest()
    return "P-" + hmac.new(key, str(child_id).encode(), hashlib.sha256).hexdigest()[:10].upper()


@require_GET
def drill_down(request, key: str):
    _require_dashboard(request)
    ind = _indicator(key)
    if not ind.computed:
        raise Http404("This indicator is not yet recorded")
    as_of, start, error = _dates(request)
    scope, team = _scope(request)
    result = ind.compute(as_of=as_of, period_start=start, scope=scope)
    members = [m for m in result.members if m.child_id is not None]
    pseudonymised = request.user.role == User.Role.ANALYST
    ids = {m.child_id for m in members}
    if pseudonymised:
        visible = {}
        children = dict(Child.objects.filter(pk__in=ids).values_list("pk", "date_of_birth"))
    else:
        visible = {c.pk: c for c in children_visible_to(user=request.user).filter(pk__in=ids)}
        children = {}
    rows = []
    for m in members:
        if pseudonymised:
            dob = children.get(m.child_id)
            rows.append(
                {
                    "pseudonym": pseudonym(m.child_id),
                    "age": age_on(dob, on=as_of) if dob and dob <= as_of else None,
                    "member": m,
                }
            )
        elif m.child_id in visible:
            rows.append({"child": visible[m.child_id], "member": m})
    rows.sort(key=lambda r: (not r["member"].counted, r["member"].date or dt.date.min))
    hidden = 0 if pseudonymised else len(ids - set(visible))
    detail = {
        "indicator": ind.key,
        "as_of": as_of,
        "period_start": start,
        "scope": scope.key,
        "listed": len(rows),
        "hidden": hidden,
        "pseudonymised": pseudonymised,
    }
    if _wants_export(request):
        headers = (
            ["Pseudonym", "Age", "Date", "Counted", "Detail"]
            if pseudonymised
            else ["LA child ID", "Name", "Date", "Counted", "Detail"]
        )
        return _export(
            request,
            filename=f"{ind.key}-children-{as_of:%Y-%m-%d}",
            headers=headers,
            rows=[
                (
                    [r["pseudonym"], r["age"]]
                    if pseudonymised
                    else [r["child"].la_child_id, r["child"].full_name]
                )
                + [r["member"].date, "Yes" if r["member"].counted else "No", r["member"].detail]
                for r in rows
            ],
            what=f"Insight export: children behind {ind.title}",
            detail=detail,
        )
    audit.record(
        request=request,
        action=AuditEntry.Action.VIEW,
        what=f"Insight drill-down: {ind.title}",
        detail=detail,
    )
    context = _base_context(request, as_of, start, scope, team, error)
    context.update(
        {
            "indicator": ind,
            "result": result,
            "display": fmt(result.value, ind.unit),
            "rows": rows,
            "hidden": hidden,
            "pseudonymised": pseudonymised,
            "is_share": ind.aggregate in {"percent"},
        }
    )
    return render(request, "insight/drill_down.html", context)


@require_GET
def teams(request):
    _require_dashboard(request)
    qs = Team.objects.order_by("name")
    if request.user.role == User.Role.TEAM_MANAGER:
        qs = qs.filter(pk__in=managed_team_ids(user=request.user))
    return render(request, "insight/teams.html", {"teams": qs})


@require_GET
def team(request, pk: int):
    _require_dashboard(request)
    team = get_object_or_404(Team, pk=pk)
    _require_team(request, team)
    as_of, start, error = _dates(request)
    scope = Scope.team(team.pk)
    inds = [REGISTRY[k] for k in TEAM_INDICATORS]
    got = values_for(inds, as_of=as_of, start=start, scope=scope)
    rows = _rows(inds, got, as_of, comparators.load())
    loads = wf.caseloads_on(day=as_of)
    supervised = wf.supervision_on_time(day=as_of, team_id=team.pk)
    workers = []
    for w in (
        wf.social_workers_in_post_on(day=as_of)
        .filter(team=team)
        .order_by("last_name", "first_name")
    ):
        workers.append(
            {
                "worker": w,
                "caseload": loads.get(w.pk, 0),
                "supervision": supervised.get(w.pk),
                "supervision_due": w.pk in supervised,
            }
        )
    context = _base_context(request, as_of, start, scope, team, error)
    context.update({"rows": rows, "workers": workers})
    return render(request, "insight/team.html", context)


@require_GET
def report(request):
    """The monthly performance report: every indicator by theme, printable."""
    _require_dashboard(request)
    as_of, start, error = _dates(request)
    scope, team = _scope(request)
    inds = indicators()
    got = values_for([i for i in inds if i.computed], as_of=as_of, start=start, scope=scope)
    data = comparators.load()
    sections = [
        {"key": k, "title": t, "rows": _rows(indicators(k), got, as_of, data)}
        for k, t in THEMES.items()
    ]
    context = _base_context(request, as_of, start, scope, team, error)
    context.update({"sections": sections, "printed_at": timezone.localtime()})
    return render(request, "insight/report.html", context)
