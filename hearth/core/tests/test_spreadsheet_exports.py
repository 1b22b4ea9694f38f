"""Every CSV and workbook Hearth writes, fed records with hostile values, holds no live formula.

Generated: the code is scanned for every ``csv.writer``/``csv.DictWriter``/``Workbook`` (the
places a spreadsheet is written); each must have a case in ``EXPORTS`` that drives it with
formula-like names, postcodes and free text and returns every cell it wrote. A new export without
a case fails ``test_every_spreadsheet_writer_has_an_export_case``.
"""

from __future__ import annotations

import ast
import csv
import datetime as dt
import io
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client, RequestFactory
from django.urls import reverse

import hearth
from hearth.core.spreadsheet import FORMULA_CHARACTERS, starts_like_formula

pytestmark = pytest.mark.django_db

ROOT = Path(hearth.__file__).resolve().parent
LINK = '=HYPERLINK("http://evil.invalid","Open")'
PLUS = "+cmd|' /C calc'!A0"
MINUS = "-2+3+cmd|' /C calc'!A0"
AT = "@SUM(1+1)*cmd|' /C calc'!A0"
HOSTILE = (LINK, PLUS, MINUS, AT)


def _cells_from_csv(text: str) -> list:
    return [cell for row in csv.reader(io.StringIO(text.lstrip("\ufeff"))) for cell in row]


def _cells_from_xlsx(data: bytes) -> list:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data))
    cells = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate} is a formula"
                cells.append(cell.value)
    return cells


def _cells_from_dir(folder: Path) -> list:
    cells = []
    for path in sorted(folder.rglob("*")):
        if path.suffix == ".csv":
            cells += _cells_from_csv(path.read_text(encoding="utf-8"))
        elif path.suffix == ".xlsx":
            cells += _cells_from_xlsx(path.read_bytes())
    return cells


def _signed_in(role):
    from hearth.access.tests.factories import UserFactory
    from hearth.access.tests.signin import force_login_verified

    user = UserFactory(role=role, last_name=LINK)
    client = Client()
    force_login_verified(client, user)
    return user, client


# --- the cases: each writes hostile records through one export and returns every cell -----------


def audit_log_csv(tmp_path):
    from hearth.access.models import AuditEntry, User
    from hearth.access.tests.factories import UserFactory

    _user, client = _signed_in(User.Role.AUDITOR)
    AuditEntry.objects.create(
        at=dt.datetime(2025, 1, 1, tzinfo=dt.UTC),
        user=UserFactory(),
        username=PLUS,
        action=AuditEntry.Action.VIEW,
        what=LINK,
        reason=AT,
        path=MINUS,
    )
    response = client.get(reverse("audit_log_csv"))
    assert response.status_code == 200
    return _cells_from_csv(b"".join(response.streaming_content).decode())


def child_chronology_csv(tmp_path):
    from hearth.access.models import User
    from hearth.casework.tests.factories import ContactFactory
    from hearth.people.tests.factories import ChildFactory
    from hearth.workforce.tests.factories import AllocationFactory, WorkerFactory

    user, client = _signed_in(User.Role.SOCIAL_WORKER)
    child = ChildFactory()
    AllocationFactory(child=child, worker=WorkerFactory(user=user))
    ContactFactory(child=child, reason=LINK)
    response = client.get(reverse("child_chronology_csv", kwargs={"pk": child.pk}))
    assert response.status_code == 200
    return _cells_from_csv(response.content.decode())


def insight_export(tmp_path):
    from hearth.access.models import User
    from hearth.insight.views import _export

    user, _client = _signed_in(User.Role.ANALYST)
    cells = []
    for fmt in ("csv", "xlsx"):
        request = RequestFactory().get("/insight/", {"format": fmt})
        request.user = user
        response = _export(
            request,
            filename="children",
            headers=["Name", "Worker", "Postcode", "Note"],
            rows=[list(HOSTILE)],
            what="Insight export",
            detail={},
        )
        if fmt == "csv":
            cells += _cells_from_csv(response.content.decode())
        else:
            cells += _cells_from_xlsx(response.content)
    return cells


def _hostile_child_in_care():
    """A child looked after through 2024-25, allocated to a worker with a formula for a name,
    from a formula home postcode, placed at a formula postcode (as stored before validation)."""
    from hearth.care.tests.factories import (
        LegalStatusFactory,
        PeriodOfCareFactory,
        PlacementFactory,
    )
    from hearth.people.tests.factories import ChildFactory
    from hearth.workforce.tests.factories import AllocationFactory, WorkerFactory

    child = ChildFactory(first_name="Ann", last_name="Example", date_of_birth=dt.date(2015, 5, 1))
    period = PeriodOfCareFactory(child=child, home_postcode="=1+1")
    LegalStatusFactory(period=period)
    PlacementFactory(period=period, postcode="@A1")
    AllocationFactory(child=child, worker=WorkerFactory(last_name=LINK, first_name=PLUS))
    return child


def insight_pack(tmp_path):
    """The inspection pack: Annex A, the self-assessment CSV and the indicators CSV and workbook."""
    from hearth.access.models import User
    from hearth.insight.models import Action, SelfAssessmentEntry
    from hearth.insight.pack import build_pack

    owner, _client = _signed_in(User.Role.SENIOR_LEADER)
    owner.first_name = AT
    owner.save()
    child = _hostile_child_in_care()
    from hearth.safeguarding.models import PrivateFostering

    # The wider safeguarding lists carry the child's LA child ID.
    PrivateFostering.objects.create(
        child=child,
        notified_date=dt.date(2025, 1, 6),
        start_date=dt.date(2025, 1, 6),
        notifier="school",
        carer_name="Carer",
    )
    entry = SelfAssessmentEntry.objects.create(
        kind=SelfAssessmentEntry.Kind.IMPROVEMENT,
        title=LINK,
        narrative=MINUS,
        indicators=["cp-visits"],
        created_by=owner,
    )
    Action.objects.create(
        entry=entry, description=PLUS, evidence=LINK, owner=owner, due_date=dt.date(2025, 6, 30)
    )
    # The quality evidence: a programme and a survey question with hostile titles.
    from hearth.quality.models import AuditProgramme, Survey, SurveyAnswer, SurveyResponse

    AuditProgramme.objects.create(
        title=LINK,
        theme=MINUS,
        start_date=dt.date(2025, 1, 1),
        end_date=dt.date(2025, 3, 1),
        method="random",
        sample_size=5,
        lead=owner,
    )
    survey = Survey.objects.create(title=PLUS, audience="children")
    question = survey.questions.create(number=1, text=LINK, kind="agree")
    response = SurveyResponse.objects.create(
        survey=survey,
        channel="paper",
        date=dt.date(2025, 3, 1),
        submitted_at=dt.datetime.now(dt.UTC),
    )
    SurveyAnswer.objects.create(response=response, question=question, value="yes")
    out = io.BytesIO()
    build_pack(as_of=dt.date(2025, 3, 31), out=out)
    cells = []
    with zipfile.ZipFile(out) as z:
        for name in z.namelist():
            if name.endswith(".csv"):
                cells += _cells_from_csv(z.read(name).decode())
            elif name.endswith(".xlsx"):
                cells += _cells_from_xlsx(z.read(name))
    return cells


def annex_a(tmp_path):
    from hearth.returns.annex_a import write_annex_a

    _hostile_child_in_care()
    return _cells_from_xlsx(
        write_annex_a(as_of=dt.date(2025, 3, 31), out=tmp_path / "a.xlsx").read_bytes()
    )


def indicators_command(tmp_path):
    out = io.StringIO()
    call_command("indicators", "--as-of", "2025-03-31", "--format", "csv", stdout=out)
    return _cells_from_csv(out.getvalue())


def ssda903(tmp_path):
    from hearth.returns.ssda903 import write_903

    _hostile_child_in_care()
    write_903(year="2024-25", out_dir=tmp_path / "903")
    return _cells_from_dir(tmp_path / "903")


def ssd(tmp_path):
    from hearth.ssd.export import write_ssd

    _hostile_child_in_care()
    write_ssd(out_dir=tmp_path / "ssd", as_of=dt.date(2025, 3, 31))
    return _cells_from_dir(tmp_path / "ssd")


def ssda903_job(tmp_path):
    from hearth.returns.jobs import write_903_tables

    _hostile_child_in_care()
    write_903_tables(year="2024-25", out_dir=tmp_path / "job", progress=lambda *a: None)
    return _cells_from_dir(tmp_path / "job")


def previous_year_903(tmp_path):
    from hearth.returns.ssda903 import COLUMNS
    from hearth.returns.validate import prepare_previous_year

    prev, this = tmp_path / "prev", tmp_path / "this"
    prev.mkdir()
    this.mkdir()
    with (prev / "Header.csv").open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=COLUMNS["Header"])
        writer.writeheader()
        writer.writerow(dict.fromkeys(COLUMNS["Header"], LINK))
    prepare_previous_year(prev, this_dir=this, year="2025-26")
    return _cells_from_dir(prev)


def providers(tmp_path):
    from hearth.returns.models import Provider
    from hearth.returns.providers import write_provider_lists, write_providers_csv

    for urn, ptype in (
        ("SC000001", "Children's home"),
        ("SC000002", "Independent fostering agency"),
    ):
        Provider.objects.create(
            urn=urn, name=LINK, provider_type=ptype, postcode="=1+1", local_authority=PLUS
        )
    write_providers_csv(tmp_path / "providers.csv")
    write_provider_lists(tmp_path / "lists")
    return _cells_from_dir(tmp_path)


# (module under hearth/, function or Class.method that writes) -> the case that drives it
EXPORTS = {
    ("access/views.py", "audit_log_csv"): audit_log_csv,
    ("people/views.py", "child_chronology_csv"): child_chronology_csv,
    ("insight/views.py", "_export"): insight_export,
    ("insight/pack.py", "self_assessment_csv"): insight_pack,
    ("insight/pack.py", "_xlsx"): insight_pack,
    ("insight/pack.py", "_csv"): insight_pack,
    ("insight/pack.py", "build_pack"): insight_pack,
    ("insight/pack.py", "_quality_csv"): insight_pack,
    ("insight/pack.py", "_wider_evidence"): insight_pack,
    ("insight/management/commands/indicators.py", "Command.handle"): indicators_command,
    ("returns/annex_a.py", "write_annex_a"): annex_a,
    ("returns/ssda903.py", "write_903"): ssda903,
    ("returns/jobs.py", "write_903_tables"): ssda903_job,
    ("returns/validate.py", "prepare_previous_year"): previous_year_903,
    ("returns/providers.py", "write_providers_csv"): providers,
    ("returns/providers.py", "write_provider_lists"): providers,
    ("ssd/export.py", "write_ssd"): ssd,
}
# Cases whose output carries no text a person typed (the hostile values cannot reach them).
NO_USER_TEXT = {indicators_command}


def _writers():
    """(module, enclosing function) for every place Hearth's code opens a spreadsheet writer."""
    found = set()
    for path in sorted(ROOT.rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        # bench/ writes timings, not records; returns/runner/ only reads (the validators' venvs).
        if "/tests/" in f"/{rel}" or rel.startswith(("bench/", "returns/runner/")):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))

        def visit(node, scope, rel=rel):
            for child in ast.iter_child_nodes(node):
                inner = scope
                if isinstance(child, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
                    inner = child.name if not scope or "." in scope else f"{scope}.{child.name}"
                    if isinstance(node, ast.FunctionDef):
                        inner = scope  # nested helpers belong to their function
                if isinstance(child, ast.Call):
                    func = child.func
                    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                    if name in {"writer", "DictWriter", "Workbook"}:
                        found.add((rel, scope))
                visit(child, inner, rel)

        visit(tree, "")
    return found


def test_every_spreadsheet_writer_has_an_export_case():
    missing = _writers() - set(EXPORTS)
    assert not missing, f"Spreadsheet writers with no case in EXPORTS: {sorted(missing)}"
    assert not set(EXPORTS) - _writers(), "EXPORTS names a writer that no longer exists"


@pytest.mark.parametrize(
    "case", sorted(set(EXPORTS.values()), key=lambda f: f.__name__), ids=lambda f: f.__name__
)
def test_no_export_writes_a_cell_a_spreadsheet_would_run_as_a_formula(case, tmp_path):
    cells = case(tmp_path)
    live = [c for c in cells if starts_like_formula(c)]
    assert not live, f"{case.__name__} wrote live formulas: {live[:5]}"
    if case not in NO_USER_TEXT:
        shown = [
            c
            for c in cells
            if isinstance(c, str) and c.startswith("'") and c[1:2] in FORMULA_CHARACTERS
        ]
        assert shown, f"{case.__name__}: the hostile values did not reach the export at all"


def test_annex_a_writes_a_formula_worker_name_and_postcode_as_text(tmp_path):
    cells = annex_a(tmp_path)
    texts = [c for c in cells if isinstance(c, str)]
    assert any(c.startswith("'") and LINK in c for c in texts)  # the Allocated Worker
    assert "'@A1" in texts  # the Placement postcode
