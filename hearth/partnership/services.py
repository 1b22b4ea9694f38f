"""Generating a report (freezing the registry's figures for the period) and saving the
director's commentary on a section."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from hearth.access.models import AuditEntry, User
from hearth.core.services import ConcurrentEditError, write_audit
from hearth.insight import comparators
from hearth.insight.evaluate import month_ends, values_for
from hearth.insight.indicators import REGISTRY, UNIT_LABELS
from hearth.partnership.models import PartnershipReport, ReportCommentary
from hearth.partnership.sections import BY_KEY, SECTIONS


def _fmt(value, unit: str) -> str:
    from hearth.insight.views import fmt  # the dashboards' one number format

    return fmt(value, unit)


def _indicators(keys) -> list:
    return [REGISTRY[k] for k in keys if k in REGISTRY and REGISTRY[k].computed]


def build_figures(*, period_start: dt.date, period_end: dt.date) -> dict:
    """The report's figures, read from the indicator registry through the dashboards' evaluation
    (``insight.evaluate.values_for``, the series twins, the same cache): nothing is recomputed
    here. Each row keeps its definition, source and comparators as they were on the day."""
    data = comparators.load()
    table = _indicators({k for s in SECTIONS for k in s.indicators})
    got = values_for(table, as_of=period_end, start=period_start)
    charted = _indicators({k for s in SECTIONS for k in s.charts})
    points = month_ends(period_end)
    trends = values_for(charted, as_of=period_end, points=points)
    sections = []
    for section in SECTIONS:
        rows = []
        for ind in _indicators(section.indicators):
            summary = got[(ind.key, period_end)]
            rows.append(
                {
                    "key": ind.key,
                    "title": ind.title,
                    "unit": ind.unit,
                    "unit_label": UNIT_LABELS.get(ind.unit, ind.unit),
                    "value": summary["value"],
                    "display": _fmt(summary["value"], ind.unit),
                    "numerator": summary["numerator"],
                    "denominator": summary["denominator"],
                    "definition": ind.definition,
                    "source": ind.dfe or ind.source,
                    "comparators": [
                        {
                            "level": fig.level_label,
                            "text": fig.text(ind.unit),
                            "year": fig.year,
                            "source": fig.source,
                            "compare": fig.compare(summary["value"]),
                        }
                        for fig in comparators.for_indicator(ind.key, data=data)
                        if fig.level in ("national", "statistical_neighbours")
                    ],
                }
            )
        charts = []
        for ind in _indicators(section.charts):
            charts.append(
                {
                    "key": ind.key,
                    "title": ind.title,
                    "unit": ind.unit,
                    "points": [
                        [
                            p.isoformat(),
                            trends[(ind.key, p)]["value"],
                            _fmt(trends[(ind.key, p)]["value"], ind.unit),
                        ]
                        for p in points
                    ],
                }
            )
        sections.append(
            {"key": section.key, "title": section.title, "rows": rows, "charts": charts}
        )
    return {"sections": sections, "comparators_updated": data.get("updated", "")}


@transaction.atomic
def generate_report(
    *, audience: str, period_start: dt.date, period_end: dt.date, acting_user: User, request=None
) -> PartnershipReport:
    errors = {}
    if period_end > timezone.localdate():
        errors["period_end"] = "The end of the period must be today or in the past"
    if period_start > period_end:
        errors["period_start"] = "The start of the period must be before its end"
    if errors:
        raise ValidationError(errors)
    report = PartnershipReport(
        audience=audience,
        period_start=period_start,
        period_end=period_end,
        figures=build_figures(period_start=period_start, period_end=period_end),
        generated_at=timezone.now(),
        generated_by=acting_user,
    )
    report.full_clean()
    report.save()
    write_audit(
        acting_user=acting_user,
        action=AuditEntry.Action.CREATE,
        what=f"Generated {report}",
        child=None,
        records=[report],
        request=request,
    )
    return report


@transaction.atomic
def save_commentary(
    *,
    report: PartnershipReport,
    section: str,
    text: str,
    expected_version: int,
    acting_user: User,
    request=None,
) -> ReportCommentary:
    """A new version of the commentary on one section; the report's version moves on by one, so
    two directors editing at once cannot silently overwrite each other."""
    if section not in BY_KEY:
        raise ValidationError({"text": "No such section"})
    updated = PartnershipReport.objects.filter(pk=report.pk, version=expected_version).update(
        version=F("version") + 1
    )
    if updated != 1:
        current = (
            PartnershipReport.objects.filter(pk=report.pk).values_list("version", flat=True).first()
        )
        raise ConcurrentEditError(report, current)
    report.version = expected_version + 1
    entry = ReportCommentary(
        report=report,
        section=section,
        text=text,
        report_version=report.version,
        written_by=acting_user,
        written_at=timezone.now(),
    )
    entry.full_clean()
    entry.save()
    write_audit(
        acting_user=acting_user,
        action=AuditEntry.Action.UPDATE,
        what=f"Director's commentary on {BY_KEY[section].title} (report version {report.version})",
        child=None,
        records=[report, entry],
        request=request,
    )
    return entry
