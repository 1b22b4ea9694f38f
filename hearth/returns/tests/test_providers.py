"""Ofsted's provider register: the CSV loader is all or nothing and says where each problem is;
the synthetic register agrees with the LA's placements; the 903 provider rules then run."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from hearth.access.tests.factories import UserFactory
from hearth.care.models import Placement
from hearth.returns import jobs, providers
from hearth.returns.importers.common import ImportFailed
from hearth.returns.models import Provider
from hearth.returns.tests import builders

pytestmark = pytest.mark.django_db
HAS_VALIDATORS = Path(settings.VALIDATORS_PYTHON).exists()
HEADER = (
    "URN,Provider type,Setting name,Registration date,Deregistration date,"
    "Setting address postcode,Local authority,Placement code,Placement provider code,Region\n"
)
GOOD = HEADER + (
    "SC123456,Children's home,Oak House,01/04/2015,,PE2 8QR,Peterborough,K2,PR4,East\n"
    "1234567,Supported accommodation,Elm Lodge,2021-10-01,31/12/2025,PE1 1AA,Peterborough,H5/K3,PR4/PR5,East\n"
)


def _csv(tmp_path, text, name="providers.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_loads_a_good_list_and_reloading_changes_nothing(tmp_path):
    path = _csv(tmp_path, GOOD)
    first = providers.load_providers_csv(path)
    assert (first.created, first.updated) == (2, 0)
    elm = Provider.objects.get(urn="1234567")
    assert elm.placement_codes == "H5,K3" and elm.provider_codes == "PR4,PR5"
    assert str(elm.deregistration_date) == "2025-12-31"
    again = providers.load_providers_csv(path)
    assert not again.changed and again.unchanged == 2


def test_a_bad_file_loads_nothing_and_names_file_row_and_column(tmp_path):
    providers.load_providers_csv(_csv(tmp_path, GOOD))
    bad = _csv(
        tmp_path,
        HEADER
        + "SC123456,Children's home,Oak House,01/04/2015,,PE2 8QR,Peterborough,K2,PR4,East\n"
        + "ABC,Children's home,Ash,01/04/2015,,PE2 8QR,Peterborough,K2,PR4,East\n"
        + "SC123456,Children's home,Oak again,31/02/2015,,PE2 8QR,Peterborough,K2,PR4,East\n"
        + "SC654321,,Birch,01/04/2015,,NOT A PC,Peterborough,Q9,PR4,East\n",
        name="bad.csv",
    )
    with pytest.raises(ImportFailed) as caught:
        providers.load_providers_csv(bad)
    where = {(i.file, i.row, i.column) for i in caught.value.issues}
    assert ("bad.csv", 3, "URN") in where
    assert ("bad.csv", 4, "URN") in where  # duplicate of row 2
    assert ("bad.csv", 4, "Registration date") in where
    assert ("bad.csv", 5, "Provider type") in where
    assert ("bad.csv", 5, "Setting address postcode") in where
    assert ("bad.csv", 5, "Placement code") in where
    assert Provider.objects.count() == 2  # the earlier register is untouched
    assert Provider.objects.get(urn="SC123456").name == "Oak House"


def test_formula_values_and_oversized_fields_are_refused_by_row_and_column(tmp_path):
    import csv

    huge = "X" * (csv.field_size_limit() + 1)
    bad = _csv(
        tmp_path,
        HEADER
        + '=HYPERLINK("//evil"),Children\'s home,@SUM(A1),01/04/2015,,PE2 8QR,+cmd,K2,PR4,East\n'
        + f"SC123457,Children's home,{huge},01/04/2015,,PE2 8QR,Peterborough,K2,PR4,East\n",
        name="bad.csv",
    )
    with pytest.raises(ImportFailed) as caught:
        providers.load_providers_csv(bad)
    where = {(i.file, i.row, i.column) for i in caught.value.issues}
    assert {
        ("bad.csv", 2, "URN"),
        ("bad.csv", 2, "Setting name"),
        ("bad.csv", 2, "Local authority"),
    } <= where
    assert any(i.row == 3 and "cannot be read" in i.message for i in caught.value.issues)
    assert all(len(i.message) < 200 for i in caught.value.issues)
    assert not Provider.objects.exists()


def test_missing_columns_and_encoding_are_file_problems(tmp_path):
    with pytest.raises(ImportFailed) as caught:
        providers.read_providers_csv(_csv(tmp_path, "URN,Setting name\nSC123456,Oak\n"))
    assert {(i.row, i.column) for i in caught.value.issues} == {
        (1, "Provider type"),
        (1, "Setting address postcode"),
    }
    with pytest.raises(ImportFailed) as caught:
        providers.read_providers_csv(_csv(tmp_path, GOOD.replace("Oak", "Öak"), encoding="latin-1"))
    (issue,) = caught.value.issues
    assert issue.row is None and "UTF-8" in issue.message


def test_command_reports_every_problem_and_loads_nothing(tmp_path, capsys):
    bad = _csv(tmp_path, HEADER + "X1,Children's home,Ash,,,PE2 8QR,,K2,PR4,East\n")
    with pytest.raises(CommandError, match="nothing was loaded"):
        call_command("returns_providers", "--load", str(bad))
    assert "providers.csv, row 2, URN" in capsys.readouterr().err
    assert not Provider.objects.exists()
    call_command("returns_providers", "--load", str(_csv(tmp_path, GOOD)))
    assert Provider.objects.count() == 2


def _with_home():
    kids = builders.small_la()
    current = Placement.objects.get(child=kids[0], end_date__isnull=True)
    Placement.objects.filter(pk=current.pk).update(place="K2", provider="PR4", urn="SC123456")
    return kids


def test_synthetic_register_matches_the_placements(tmp_path):
    _with_home()
    result = providers.load_synthetic_register()
    assert result.created == 1
    home = Provider.objects.get()
    assert (home.urn, home.placement_codes, home.provider_codes, home.postcode) == (
        "SC123456",
        "K2",
        "PR4",
        builders.FOSTER,
    )
    assert home.is_childrens_home and home.source == "synthetic"
    # The export round-trips through the loader.
    path = providers.write_providers_csv(tmp_path / "register.csv")
    assert not providers.load_providers_csv(path).created


def test_provider_lists_are_written_as_ofsteds_workbooks(tmp_path):
    from openpyxl import load_workbook

    assert providers.write_provider_lists(tmp_path / "none") is None
    providers.load_providers_csv(_csv(tmp_path, GOOD))
    out = providers.write_provider_lists(tmp_path / "lists")
    ch = load_workbook(out / providers.CH_FILE)
    assert ch.sheetnames == ["Provider information"]
    assert [c.value for c in ch.active[2]][:3] == ["SC123456", "Peterborough", "K2"]
    scp = load_workbook(out / providers.SCP_FILE)
    closed = scp["Providers closed"]
    assert closed.cell(2, 1).value == "1234567"  # a URN stays text


@pytest.mark.skipif(not HAS_VALIDATORS, reason="DfE validators' venv not built")
def test_provider_rules_run_once_the_register_is_loaded():
    provider_rules = ["1008", "219", "221", "224", "227", "228", "229"]
    kids = _with_home()
    user = UserFactory(role="analyst")

    def statuses():
        job = jobs.start_job(jobs.create_job(kind="903", user=user, year="2025-26"))
        assert job.status == "done", job.error
        by_code = {r["code"]: r for r in job.summary["rules"]}
        return {c: by_code[c]["status"] for c in provider_rules if c in by_code}, by_code

    before, _ = statuses()
    assert set(before.values()) == {"not_checked"}
    providers.load_synthetic_register()
    after, _ = statuses()
    assert set(after.values()) == {"passed"}
    # A home Ofsted does not know is found, and traced to the child.
    Provider.objects.update(urn="SC999999")
    found, by_code = statuses()
    assert found["1008"] == "failed"
    assert {f["child_pk"] for f in by_code["1008"]["failures"]} == {kids[0].pk}
