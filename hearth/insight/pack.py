"""The inspection pack: one zip with the Annex A workbook, the self-assessment and the indicator
pack, as of a date (``hearth insight_pack --as-of DATE --out FILE.zip`` and the pack page)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import tempfile
import zipfile
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from hearth.core.spreadsheet import safe_row
from hearth.insight.evaluate import values_for
from hearth.insight.indicators import UNIT_LABELS, default_period_start, indicators
from hearth.insight.models import SelfAssessmentEntry

INDICATOR_HEADERS = [
    "Key",
    "Indicator",
    "Theme",
    "Unit",
    "Period start",
    "As at",
    "Value",
    "Numerator",
    "Denominator",
    "Definition",
    "Source fields",
    "DfE definition",
]


def indicator_rows(*, as_of: dt.date) -> list[list]:
    start = default_period_start(as_of)
    inds = indicators()
    got = values_for([i for i in inds if i.computed], as_of=as_of, start=start)
    rows = []
    for ind in inds:
        summary = got.get((ind.key, as_of)) if ind.computed else None
        rows.append(
            [
                ind.key,
                ind.title,
                ind.theme_title,
                UNIT_LABELS.get(ind.unit, ind.unit),
                start,
                as_of,
                summary["value"] if summary else None,
                summary["numerator"] if summary else None,
                summary["denominator"] if summary else None,
                ind.definition if ind.computed else ind.not_recorded,
                ind.source,
                ind.dfe,
            ]
        )
    return rows


def self_assessment_context(*, as_of: dt.date) -> dict:
    """Entries with their actions and the current value of each linked indicator."""
    from hearth.insight.indicators import REGISTRY

    entries = list(
        SelfAssessmentEntry.objects.prefetch_related("actions__owner", "actions__updates")
    )
    keys = sorted({k for e in entries for k in e.indicators if k in REGISTRY})
    inds = [REGISTRY[k] for k in keys if REGISTRY[k].computed]
    got = values_for(inds, as_of=as_of) if inds else {}
    from hearth.insight.views import fmt

    out = []
    for e in entries:
        evidence = []
        for k in e.indicators:
            ind = REGISTRY.get(k)
            if ind is None:
                continue
            summary = got.get((k, as_of))
            evidence.append(
                {
                    "indicator": ind,
                    "value": summary["value"] if summary else None,
                    "display": fmt(summary["value"], ind.unit) if summary else "Not yet recorded",
                }
            )
        actions = [
            {"action": a, "overdue": a.is_overdue(today=as_of), "updates": list(a.updates.all())}
            for a in e.actions.all()
        ]
        out.append({"entry": e, "evidence": evidence, "actions": actions})
    return {
        "as_of": as_of,
        "strengths": [x for x in out if x["entry"].kind == SelfAssessmentEntry.Kind.STRENGTH],
        "improvements": [x for x in out if x["entry"].kind == SelfAssessmentEntry.Kind.IMPROVEMENT],
        "overdue": sum(a["overdue"] for x in out for a in x["actions"]),
    }


def self_assessment_csv(context: dict) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(
        [
            "Kind",
            "Summary",
            "What the evidence shows",
            "Indicators (value as at)",
            "Action",
            "Owner",
            "Due date",
            "Status",
            "Overdue",
            "Evidence",
            "Latest progress",
        ]
    )
    for item in context["strengths"] + context["improvements"]:
        e = item["entry"]
        evidence = "; ".join(f"{x['indicator'].title}: {x['display']}" for x in item["evidence"])
        base = [e.get_kind_display(), e.title, e.narrative, evidence]
        if not item["actions"]:
            writer.writerow(safe_row(base) + [""] * 7)
        for a in item["actions"]:
            act = a["action"]
            latest = a["updates"][0].progress if a["updates"] else ""
            writer.writerow(
                safe_row(
                    [
                        *base,
                        act.description,
                        act.owner.get_full_name() or act.owner.get_username(),
                        act.due_date.isoformat(),
                        act.get_status_display(),
                        "Yes" if a["overdue"] else "No",
                        act.evidence,
                        latest,
                    ]
                )
            )
    return buffer.getvalue()


def _xlsx(rows: list[list], headers: list[str], title: str) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    sheet.append(headers)
    for row in rows:
        sheet.append(safe_row(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _wider_evidence(*, as_of: dt.date, stamp: str) -> dict[str, bytes]:
    """Wider safeguarding lists and the latest corporate parenting report, for the pack."""
    from hearth.partnership.models import PartnershipReport
    from hearth.partnership.pdf import report_pdf
    from hearth.safeguarding.selectors import pack_evidence

    files = {}
    for name, (headers, rows) in pack_evidence(as_of=as_of).items():
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(headers)
        writer.writerows(safe_row(r) for r in rows)
        files[f"{name}-{stamp}.csv"] = buffer.getvalue().encode()
    report = PartnershipReport.objects.filter(period_end__lte=as_of).first()
    if report is not None:
        files[f"corporate-parenting-report-{report.period_end:%Y-%m-%d}.pdf"] = report_pdf(
            report, la_name=settings.HEARTH_LA_NAME
        )
    return files


def build_pack(*, as_of: dt.date, out) -> dict:
    """Write the zip to ``out`` (a path or a binary file object); returns what went in."""
    from hearth.returns.annex_a import write_annex_a

    stamp = f"{as_of:%Y-%m-%d}"
    manifest = {}
    with tempfile.TemporaryDirectory() as tmp:
        annex = write_annex_a(as_of=as_of, out=Path(tmp) / f"annex-a-{stamp}.xlsx")
        rows = indicator_rows(as_of=as_of)
        context = self_assessment_context(as_of=as_of)
        context["printed_at"] = timezone.localtime()
        html = render_to_string("insight/self_assessment_print.html", context)
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(INDICATOR_HEADERS)
        writer.writerows(safe_row(r) for r in rows)
        files = {
            f"annex-a-{stamp}.xlsx": annex.read_bytes(),
            f"self-assessment-{stamp}.html": html.encode(),
            f"self-assessment-{stamp}.csv": self_assessment_csv(context).encode(),
            f"indicators-{stamp}.csv": buffer.getvalue().encode(),
            f"indicators-{stamp}.xlsx": _xlsx(rows, INDICATOR_HEADERS, f"Indicators {stamp}"),
        }
        files.update(_wider_evidence(as_of=as_of, stamp=stamp))
        readme = (
            f"Inspection pack as at {as_of:%-d %b %Y}, produced by Hearth on "
            f"{timezone.localtime():%-d %b %Y %H:%M}.\n\n"
            "annex-a: Ofsted's Annex A lists 1-11 (child-level; handle as OFFICIAL-SENSITIVE).\n"
            "self-assessment: strengths and areas for improvement with the indicators that "
            "evidence them and the action plans (HTML to print, CSV to sort).\n"
            "indicators: every indicator for the 12 months to the date (CSV and XLSX).\n"
            "lado-referrals, private-fostering, young-carers, homeless-16-17: the wider "
            "safeguarding records behind those indicators (CSV; the LADO list names no adult).\n"
            "corporate-parenting-report: the latest corporate parenting or partnership report "
            "generated up to the date, with the director's commentary (PDF), if there is one.\n"
        )
        with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as z:
            z.writestr("README.txt", readme)
            for name, data in files.items():
                z.writestr(name, data)
                manifest[name] = len(data)
    return {"files": manifest, "indicators": len(rows)}
