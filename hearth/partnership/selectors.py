"""A report ready to show: its frozen sections with the charts drawn from the frozen trends and
the current commentary (and its history) on each section."""

from __future__ import annotations

import datetime as dt

from hearth.insight import charts
from hearth.partnership.models import PartnershipReport, ReportCommentary


def report_sections(report: PartnershipReport) -> list[dict]:
    history: dict[str, list[ReportCommentary]] = {}
    for entry in report.commentary.select_related("written_by").order_by("-report_version"):
        history.setdefault(entry.section, []).append(entry)
    out = []
    for section in report.figures.get("sections", []):
        drawn = []
        for chart in section["charts"]:
            points = [(dt.date.fromisoformat(day), value) for day, value, _shown in chart["points"]]
            drawn.append(
                {
                    **chart,
                    "id": f"{section['key']}-{chart['key']}",
                    "svg": charts.line_chart(
                        points,
                        label=f"{chart['title']}: monthly for the 12 months to "
                        f"{report.period_end:%-d %b %Y}. The same figures are in the table "
                        "after the chart.",
                        unit=chart["unit"],
                    ),
                    "rows": [
                        (dt.date.fromisoformat(day), shown) for day, _v, shown in chart["points"]
                    ],
                }
            )
        entries = history.get(section["key"], [])
        out.append(
            {
                **section,
                "charts": drawn,
                "commentary": entries[0] if entries else None,
                "history": entries[1:],
            }
        )
    return out
