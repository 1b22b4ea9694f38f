"""The report as PDF, rendered by WeasyPrint from the same HTML the page shows (print layout).

WeasyPrint needs Debian's Pango (libpango-1.0-0, libpangoft2-1.0-0, libharfbuzz-subset0), which
`make system-deps` and .ci/run install; it fetches nothing over the network (the page's own
stylesheet is inlined and no URL is followed)."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone

from hearth.partnership.models import PartnershipReport
from hearth.partnership.selectors import report_sections


def _no_fetch(url: str, *args, **kwargs):
    raise ValueError(f"The PDF renderer fetches nothing: {url}")


def report_pdf(report: PartnershipReport, *, la_name: str = "") -> bytes:
    from weasyprint import HTML

    html = render_to_string(
        "partnership/report_print.html",
        {
            "report": report,
            "sections": report_sections(report),
            "printed_at": timezone.localtime(),
            "LA_NAME": la_name,
        },
    )
    return HTML(string=html, url_fetcher=_no_fetch).write_pdf()
