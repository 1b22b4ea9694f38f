"""The report as PDF, rendered by WeasyPrint from the same HTML the page shows (print layout).

WeasyPrint needs Debian's Pango (libpango-1.0-0, libpangoft2-1.0-0, libharfbuzz-subset0), which
`make system-deps` and .ci/run install; it fetches nothing over the network (the page's own
stylesheet is inlined and no URL is followed)."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from hearth.partnership.models import PartnershipReport
from hearth.partnership.selectors import report_sections


def _no_fetch(url: str, *args, **kwargs):
    raise ValueError(f"The PDF renderer fetches nothing: {url}")


# WeasyPrint draws SVG from its attributes, not from CSS: the dashboards' chart classes get the
# same colours as presentation attributes for the PDF.
_SVG_STYLES = {
    'class="insight-chart__grid"': 'stroke="#b1b4b6" stroke-width="1"',
    'class="insight-chart__axis"': 'fill="#0b0c0c" font-size="12" font-family="Arial"',
    'class="insight-chart__line"': 'stroke="#1d70b8" stroke-width="3"',
    'class="insight-chart__dot"': 'fill="#1d70b8"',
}


def _with_presentation_attributes(svg: str) -> SafeString:
    for cls, attrs in _SVG_STYLES.items():
        svg = svg.replace(cls, f"{cls} {attrs}")
    return mark_safe(svg)  # the chart's own markup, with fixed attributes added


def report_pdf(report: PartnershipReport, *, la_name: str = "") -> bytes:
    from weasyprint import HTML

    sections = report_sections(report)
    for section in sections:
        for chart in section["charts"]:
            chart["svg"] = _with_presentation_attributes(chart["svg"])
    html = render_to_string(
        "partnership/report_print.html",
        {
            "report": report,
            "sections": sections,
            "printed_at": timezone.localtime(),
            "LA_NAME": la_name,
        },
    )
    return HTML(string=html, url_fetcher=_no_fetch).write_pdf()
