"""The 2026-27 collections: deprivation of liberty orders (SSDA903 DoLo table, rules 700-710).

Earlier years export exactly as before: the DoLo table does not exist before 2026-27."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from hearth.care.models import DeprivationOfLibertyOrder, Placement
from hearth.care.tests.factories import DeprivationOfLibertyOrderFactory, PlacementFactory
from hearth.core.services import system_user
from hearth.people.models import Child
from hearth.returns import ssda903
from hearth.returns.importers.common import ImportFailed
from hearth.returns.importers.ssda903 import import_903
from hearth.returns.tests import builders

pytestmark = pytest.mark.django_db
YEAR = "2026-27"
needs_validators = pytest.mark.skipif(
    not Path(settings.VALIDATORS_PYTHON).exists(),
    reason="DfE validators' venv (.venv-validators) not built: run `make validators`",
)


def _child_in_secure_placement_with_order(*, end=None):
    """small_la's looked-after child moves to a K2 children's home on 1 May 2026 when a court
    authorises depriving them of their liberty (rule 709 expects K2, Z12 or Z13)."""
    child = builders.looked_after_child()
    builders.authority()
    day = dt.date(2026, 5, 1)
    current = Placement.objects.get(child=child, end_date__isnull=True)
    Placement.objects.filter(pk=current.pk).update(end_date=day, reason_changed="CHILD")
    PlacementFactory(
        period=current.period,
        place="K2",
        provider="PR4",
        postcode=current.postcode,
        urn="SC123456",
        start_date=day,
    )
    return child, DeprivationOfLibertyOrderFactory(child=child, start_date=day, end_date=end)


def test_2026_27_903_reports_an_order_in_force_without_an_end_date():
    child, _ = _child_in_secure_placement_with_order()
    [row] = ssda903.build_903(year=YEAR)["DoLo"]
    assert row == {
        "CHILD": child.la_child_id,
        "DOB": "14/05/2012",
        "DOLO_START": "01/05/2026",
        "DOLO_END": "",
    }


def test_an_order_ending_after_31_march_has_no_end_date_in_the_return():
    _child_in_secure_placement_with_order(end=dt.date(2027, 6, 1))
    [row] = ssda903.build_903(year=YEAR)["DoLo"]
    assert row["DOLO_END"] == ""


def test_an_order_that_ended_before_the_year_is_not_reported():
    child = builders.looked_after_child()
    DeprivationOfLibertyOrderFactory(
        child=child, start_date=dt.date(2025, 6, 2), end_date=dt.date(2026, 1, 5)
    )
    assert ssda903.build_903(year=YEAR)["DoLo"] == []
    assert ssda903.build_903(year="2025-26").keys() == set(ssda903.tables_for_year("2025-26"))


def test_2025_26_903_is_unchanged_by_orders():
    builders.small_la()
    before = ssda903.build_903(year="2025-26")
    child = builders.looked_after_child()
    DeprivationOfLibertyOrderFactory(child=child, start_date=dt.date(2025, 6, 2))
    after = ssda903.build_903(year="2025-26")
    assert "DoLo" not in after
    assert after.keys() == before.keys()


def test_an_order_cannot_end_before_it_starts_in_the_database():
    child = builders.looked_after_child()
    with pytest.raises(IntegrityError), transaction.atomic():
        DeprivationOfLibertyOrderFactory(
            child=child, start_date=dt.date(2026, 5, 1), end_date=dt.date(2026, 4, 1)
        )


def test_orders_for_one_child_may_not_overlap():
    _child, order = _child_in_secure_placement_with_order()
    second = DeprivationOfLibertyOrderFactory.build(
        child=order.child, start_date=dt.date(2026, 9, 1)
    )
    with pytest.raises(ValidationError, match="overlaps"):
        second.full_clean()


def test_an_order_may_not_start_before_birth():
    order = DeprivationOfLibertyOrderFactory.build(
        child=builders.looked_after_child(), start_date=dt.date(2011, 1, 1)
    )
    with pytest.raises(ValidationError, match="before the child was born"):
        order.full_clean()


@needs_validators
def test_dfe_dolo_rules_700_to_710_pass_on_hearths_2026_27_return():
    from hearth.returns.validate import validate_903

    _child_in_secure_placement_with_order()
    report = validate_903(year=YEAR)
    statuses = {r.code: r.status for r in report.rules}
    dolo_rules = [str(n) for n in range(700, 711)]
    # 706 compares with last year's DoLo table, which 2025-26 does not have; 709 and 710 (in
    # csc-validator-be-903 0.1.17) read an Episodes column "PLACEMENT" that the 903 calls PLACE,
    # so they raise on any return: "not checked", never passed.
    not_checked = {"706", "709", "710"}
    assert {c: statuses[c] for c in dolo_rules} == {
        c: "not_checked" if c in not_checked else "passed" for c in dolo_rules
    }
    assert not [r.code for r in report.errors if r.code in dolo_rules], report.describe_failures()


def _exported_then_wiped(tmp_path, *, end=None):
    _child_in_secure_placement_with_order(end=end)
    ssda903.write_903(year=YEAR, out_dir=tmp_path / "903")
    before = ssda903.build_903(year=YEAR)
    Child.objects.all().delete()
    return tmp_path / "903", before


def test_903_import_of_dolo_round_trips_to_the_same_return(tmp_path):
    directory, before = _exported_then_wiped(tmp_path, end=dt.date(2026, 11, 30))
    import_903(directory, year=YEAR, acting_user=system_user())
    [order] = DeprivationOfLibertyOrder.objects.all()
    assert (order.start_date, order.end_date) == (dt.date(2026, 5, 1), dt.date(2026, 11, 30))
    assert ssda903.build_903(year=YEAR)["DoLo"] == before["DoLo"]


def test_903_import_refuses_an_order_ending_before_it_starts(tmp_path):
    directory, _ = _exported_then_wiped(tmp_path, end=dt.date(2026, 11, 30))
    path = directory / "DoLo.csv"
    rows = list(csv.reader(path.open(encoding="utf-8")))
    rows[1][rows[0].index("DOLO_END")] = "01/04/2026"
    with path.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows(rows)
    with pytest.raises(ImportFailed) as exc:
        import_903(directory, year=YEAR, acting_user=system_user())
    [issue] = exc.value.issues
    assert (issue.file, issue.column) == ("DoLo.csv", "DOLO_END")
    assert "ends before it starts" in issue.message
    assert not DeprivationOfLibertyOrder.objects.exists()


@pytest.fixture
def synthetic_2026_27():
    """The small synthetic authority as of the end of 2026-27 (its generator makes deprivation
    of liberty orders during children's home placements)."""
    from django.core.management import call_command

    call_command("synth", seed=1, size="small", reset=True, as_of=dt.date(2027, 3, 31))


@needs_validators
@pytest.mark.slow
def test_synthetic_la_2026_27_returns_have_no_errors(synthetic_2026_27):
    from hearth.returns.validate import validate_903, validate_cin

    assert ssda903.build_903(year=YEAR)["DoLo"], "the synthetic LA has no order in 2026-27"
    for report in (validate_903(year=YEAR), validate_cin(year=YEAR)):
        assert report.ok, f"{report.return_name}: {report.describe_failures()}"
    statuses = {r.code: r.status for r in validate_903(year=YEAR).rules}
    checked = ["700", "701", "702", "703", "704", "705", "707", "708"]
    assert {c: statuses[c] for c in checked} == dict.fromkeys(checked, "passed")
