"""Corporate parenting and partnership reports: figures frozen from the indicator registry for a
period, versioned commentary by the director, an accessible page and a PDF; elected members read
them and never reach a child."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from hearth.access.models import AuditEntry, User
from hearth.access.tests.factories import UserFactory
from hearth.access.tests.signin import force_login_verified
from hearth.core.models import Authority
from hearth.core.services import ConcurrentEditError
from hearth.insight.evaluate import values_for
from hearth.insight.indicators import REGISTRY
from hearth.partnership import services
from hearth.partnership.models import PartnershipReport, ReportCommentary
from hearth.partnership.pdf import report_pdf
from hearth.partnership.sections import SECTIONS
from hearth.people.tests.factories import ChildFactory
from hearth.safeguarding.models import LadoReferral

pytestmark = pytest.mark.django_db
d = dt.date


@pytest.fixture
def leader():
    return UserFactory(role=User.Role.SENIOR_LEADER)


@pytest.fixture
def member():
    return UserFactory(role=User.Role.ELECTED_MEMBER)


@pytest.fixture
def report(leader):
    Authority.objects.create(
        name="Peterborough", ons_code="E06000031", dfe_number=874, population_0_17=50_000
    )
    LadoReferral.objects.create(
        received_date=d(2026, 2, 2),
        referrer="School",
        person_name="Alex Example",
        person_role="Coach",
        employer="Town FC",
        sector="sport",
        category="physical",
        summary="Pushed a player.",
    )
    return services.generate_report(
        audience=PartnershipReport.Audience.CORPORATE_PARENTING,
        period_start=d(2025, 4, 1),
        period_end=d(2026, 3, 31),
        acting_user=leader,
    )


def test_the_report_holds_the_registry_figures_for_the_period(report):
    sections = {s["key"]: s for s in report.figures["sections"]}
    assert [s.key for s in SECTIONS] == list(sections)
    rows = {r["key"]: r for s in sections.values() for r in s["rows"]}
    got = values_for(
        [REGISTRY["lado-referrals"], REGISTRY["cla-rate"]],
        as_of=d(2026, 3, 31),
        start=d(2025, 4, 1),
    )
    assert rows["lado-referrals"]["value"] == got[("lado-referrals", d(2026, 3, 31))]["value"] == 1
    assert rows["cla-rate"]["value"] == got[("cla-rate", d(2026, 3, 31))]["value"]
    levels = [c["level"] for c in rows["re-referrals"]["comparators"]]
    assert levels == ["England", "Statistical neighbours"]
    chart = sections["children-in-care"]["charts"][0]
    assert chart["key"] == "cla-rate" and len(chart["points"]) == 12


def test_commentary_is_versioned_with_who_and_when(report, leader):
    first = services.save_commentary(
        report=report,
        section="children-in-care",
        text="Fewer children moved placement three times.",
        expected_version=1,
        acting_user=leader,
    )
    second = services.save_commentary(
        report=report,
        section="children-in-care",
        text="Placement stability improved; sufficiency remains the risk.",
        expected_version=2,
        acting_user=leader,
    )
    assert (first.report_version, second.report_version) == (2, 3)
    report.refresh_from_db()
    assert report.version == 3
    with pytest.raises(ConcurrentEditError):  # someone saved since version 2 was read
        services.save_commentary(
            report=report,
            section="workforce",
            text="Agency use fell.",
            expected_version=2,
            acting_user=leader,
        )
    assert ReportCommentary.objects.filter(report=report).count() == 2


def test_the_director_edits_commentary_on_the_page(client, report, leader):
    force_login_verified(client, leader)
    url = reverse("partnership_commentary", args=[report.pk, "workforce"])
    page = client.get(url).content.decode()
    assert 'class="govuk-character-count"' in page
    bad = client.post(url, {"version": report.version, "text": ""}).content.decode()
    assert "govuk-error-summary" in bad
    response = client.post(url, {"version": report.version, "text": "Caseloads <down>."})
    assert response.status_code == 302
    html = client.get(reverse("partnership_report", args=[report.pk])).content.decode()
    assert "Caseloads &lt;down&gt;." in html
    assert f"Written by {leader}" in html
    assert "(report version 2)" in html


def test_the_elected_member_reads_the_report_and_no_child(client, report, member):
    child = ChildFactory()
    force_login_verified(client, member)
    page = client.get(reverse("partnership_report", args=[report.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    for section in SECTIONS:
        assert f'id="section-{section.key}-title">{section.title}</h2>' in html
    assert "/children/" not in html and "insight/indicator" not in html
    assert "<svg" in html and "govuk-table" in html
    assert "Add the commentary" not in html  # members read, leaders write
    assert client.get(reverse("child_summary", args=[child.pk])).status_code == 404
    assert client.get(reverse("child_search"), {"q": child.last_name}).status_code == 403
    assert client.get(reverse("insight_children", args=["cla"])).status_code == 403
    assert client.get(reverse("api_child", args=[child.pk])).status_code == 404
    assert client.post(reverse("partnership_reports"), {}).status_code == 403
    assert AuditEntry.objects.filter(user=member, what__startswith="Report:").exists()
    assert client.get(reverse("home")).url == reverse("partnership_reports")


def test_the_pdf_is_produced_with_its_headings_figures_and_commentary(client, report, leader):
    services.save_commentary(
        report=report,
        section="care-leavers",
        text="More care leavers are in education.",
        expected_version=1,
        acting_user=leader,
    )
    force_login_verified(client, leader)
    response = client.get(reverse("partnership_report_pdf", args=[report.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(page.extract_text() for page in reader.pages)
    for section in SECTIONS:
        assert section.title in text
    assert "Figure: Children looked after rate" in text
    assert "LADO referrals" in text
    assert "More care leavers are in education." in text
    assert AuditEntry.objects.filter(
        action=AuditEntry.Action.EXPORT, what__startswith="Report PDF"
    ).exists()


def test_generation_from_the_page(client, leader):
    force_login_verified(client, leader)
    url = reverse("partnership_reports")
    page = client.get(url).content.decode()
    assert "checked" not in page
    bad = client.post(url, {"audience": "partnership"}).content.decode()
    assert "govuk-error-summary" in bad
    today = timezone.localdate()
    start = today - dt.timedelta(days=90)
    response = client.post(
        url,
        {
            "audience": "partnership",
            "period_start_0": start.day,
            "period_start_1": start.month,
            "period_start_2": start.year,
            "period_end_0": today.day,
            "period_end_1": today.month,
            "period_end_2": today.year,
        },
    )
    assert response.status_code == 302
    assert PartnershipReport.objects.get().audience == "partnership"


def test_report_pdf_function_renders_without_network(report):
    assert report_pdf(report).startswith(b"%PDF")


def test_the_inspection_pack_holds_the_report_and_the_wider_safeguarding_lists(tmp_path, report):
    import zipfile

    from hearth.insight.pack import build_pack

    made = build_pack(as_of=d(2026, 3, 31), out=tmp_path / "pack.zip")
    names = set(made["files"])
    assert "corporate-parenting-report-2026-03-31.pdf" in names
    for name in ("lado-referrals", "private-fostering", "young-carers", "homeless-16-17"):
        assert f"{name}-2026-03-31.csv" in names
    with zipfile.ZipFile(tmp_path / "pack.zip") as z:
        lado = z.read("lado-referrals-2026-03-31.csv").decode()
    assert "Town FC" not in lado and "Alex Example" not in lado  # no adult named
    assert "Sport, leisure and voluntary groups" in lado
