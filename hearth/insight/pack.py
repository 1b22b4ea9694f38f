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


def fostering_sufficiency_rows(*, as_of: dt.date) -> list[list]:
    """The fostering sufficiency page's figures (``carers.selectors``), one per row."""
    from hearth.carers.selectors import fostering_sufficiency

    s = fostering_sufficiency(day=as_of, year_start=default_period_start(as_of))
    share = None if s.in_house_share is None else round(s.in_house_share, 1)
    rows = [
        ["Approved fostering households", "", s.approved_households],
        ["Households on hold", "", s.on_hold],
        ["Approved places", "", s.approved_places],
        ["Children placed with them", "", s.children_placed],
        ["Vacancies", "", s.vacancies],
        ["Children in foster care: in-house", "", s.in_house_placements],
        ["Children in foster care: agency", "", s.agency_placements],
        ["In-house share of foster placements (%)", "", share],
        ["Households approved in the 12 months", "", s.approvals],
        ["Households deregistered in the 12 months", "", s.deregistrations],
        ["Annual reviews overdue", "", s.reviews_overdue],
    ]
    for label, n, places, vacant in s.by_kind:
        rows += [
            ["Approved households", label, n],
            ["Approved places", label, places],
            ["Vacancies", label, vacant],
        ]
    return rows


def virtual_school_rows(*, as_of: dt.date) -> list[list]:
    """The virtual school's figures by school year (``education.selectors.pupils_on``):
    aggregates only, no child."""
    from hearth.education.selectors import pupils_on, year_label

    pupils = pupils_on(day=as_of)
    years = sorted({p.year for p in pupils})
    rows = []
    for year in [None, *years]:
        mine = [p for p in pupils if year is None or p.year == year]
        label = "All (Reception to Year 11)" if year is None else year_label(year)
        attendance = [p for p in mine if p.attendance is not None]
        rows.append(
            [
                label,
                len(mine),
                sum(p.pep_in_date for p in mine),
                len(attendance),
                sum(bool(p.persistently_absent) for p in attendance),
                sum(p.suspensions > 0 for p in mine),
                sum(p.permanent for p in mine),
                sum(bool(p.pep and p.pep.sen_provision == "E") for p in mine),
                sum(p.missing_education for p in mine),
                sum(p.home_educated for p in mine),
            ]
        )
    return rows


SUFFICIENCY_HEADERS = ["Measure", "Type of household", "Value"]
VIRTUAL_SCHOOL_HEADERS = [
    "School year",
    "Children in care",
    "PEP in date",
    "Attendance recorded",
    "Persistently absent",
    "Suspended this academic year",
    "Permanent exclusions this academic year",
    "With an EHC plan",
    "Missing education",
    "Electively home educated",
]


def _csv(headers: list[str], rows: list[list]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    writer.writerows(safe_row(r) for r in rows)
    return buffer.getvalue().encode()


def _quality_csv(*, as_of: dt.date) -> bytes:
    from hearth.quality.selectors import inspection_evidence

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["Section", "Measure", "Value"])
    writer.writerows(
        safe_row(r) for r in inspection_evidence(start=default_period_start(as_of), end=as_of)
    )
    return buffer.getvalue().encode()


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
            f"fostering-sufficiency-{stamp}.csv": _csv(
                SUFFICIENCY_HEADERS, fostering_sufficiency_rows(as_of=as_of)
            ),
            f"virtual-school-{stamp}.csv": _csv(
                VIRTUAL_SCHOOL_HEADERS, virtual_school_rows(as_of=as_of)
            ),
            f"quality-{stamp}.csv": _quality_csv(as_of=as_of),
        }
        files.update(_wider_evidence(as_of=as_of, stamp=stamp))
        readme = (
            f"Inspection pack as at {as_of:%-d %b %Y}, produced by Hearth on "
            f"{timezone.localtime():%-d %b %Y %H:%M}.\n\n"
            "annex-a: Ofsted's Annex A lists 1-11 (child-level; handle as OFFICIAL-SENSITIVE).\n"
            "self-assessment: strengths and areas for improvement with the indicators that "
            "evidence them and the action plans (HTML to print, CSV to sort).\n"
            "indicators: every indicator for the 12 months to the date (CSV and XLSX).\n"
            "fostering-sufficiency: approved fostering households, places and vacancies on the "
            "date, in-house and agency foster placements, approvals and deregistrations in the "
            "12 months.\n"
            "virtual-school: children in care of school age by school year: personal education "
            "plans in date, attendance, exclusions, EHC plans, missing and home education.\n"
            "quality: case audit programmes (grades by domain, moderation, actions, themes), "
            "children's and families' feedback surveys and complaints, for the 12 months "
            "(aggregates; no child named).\n"
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
