"""The SSD export of a small synthetic authority: every spec table, every field in spec order,
values typed as the spec types them."""

from __future__ import annotations

import csv
import datetime as dt

import pytest
from django.core.management import call_command

from hearth.people.models import Child
from hearth.returns import ssda903
from hearth.ssd.export import write_ssd
from hearth.ssd.spec import ssd_table, ssd_tables
from hearth.synthetic.build import build, wipe

AS_OF = dt.date(2026, 3, 31)

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


@pytest.fixture(scope="module", autouse=True)
def small_la(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        wipe()
        build(seed=3, size="small", as_of=AS_OF)
        yield
        wipe()


@pytest.fixture(scope="module")
def exported(small_la, django_db_blocker, tmp_path_factory):
    out = tmp_path_factory.mktemp("ssd")
    with django_db_blocker.unblock():
        write_ssd(out_dir=out, as_of=AS_OF)
    tables = {}
    for table in ssd_tables():
        with (out / f"{table.name}.csv").open(encoding="utf-8", newline="") as f:
            rows = list(csv.reader(f))
        tables[table.name] = (rows[0], rows[1:])
    return tables


def test_every_spec_table_is_written_with_its_fields_in_spec_order(exported):
    assert set(exported) == {t.name for t in ssd_tables()}
    for table in ssd_tables():
        header, _ = exported[table.name]
        assert header == table.field_names, table.name


def test_the_journey_tables_have_rows(exported):
    for name in (
        "ssd_person",
        "ssd_contacts",
        "ssd_cin_episodes",
        "ssd_cin_assessments",
        "ssd_s47_enquiry",
        "ssd_initial_cp_conference",
        "ssd_cp_plans",
        "ssd_cla_episodes",
        "ssd_cla_placement",
        "ssd_legal_status",
        "ssd_involvements",
        "ssd_professionals",
    ):
        assert exported[name][1], f"{name} is empty"


def test_one_person_row_per_child(exported):
    _, rows = exported["ssd_person"]
    assert sorted(r[0] for r in rows) == sorted(Child.objects.values_list("la_child_id", flat=True))


def _parses(kind: str, cell: str) -> bool:
    try:
        if kind == "datetime":
            if "T" in cell:
                dt.datetime.fromisoformat(cell)
            else:
                dt.date.fromisoformat(cell)
        elif kind == "int":
            int(cell)
        elif kind == "float":
            float(cell)
        elif kind == "nchar":
            return cell in ("Y", "N")
    except ValueError:
        return False
    return True


def test_every_value_is_typed_as_the_spec_types_its_field(exported):
    bad = []
    for table in ssd_tables():
        _, rows = exported[table.name]
        for row in rows:
            for f, cell in zip(table.fields, row, strict=True):
                if cell and not _parses(f.type, cell):
                    bad.append(f"{table.name}.{f.name}={cell!r}")
    assert not bad, bad[:10]


def test_cla_episodes_are_the_ssda903_episodes_of_the_year(exported):
    _, rows = exported["ssd_cla_episodes"]
    t = ssd_table("ssd_cla_episodes").field_names
    start = dt.date(2025, 4, 1)
    ssd = sorted(
        (
            r[t.index("clae_person_id")],
            r[t.index("clae_cla_episode_start_date")],
            r[t.index("clae_cla_episode_start_reason")],
            r[t.index("clae_cla_episode_ceased_reason")],
        )
        for r in rows
        if not r[t.index("clae_cla_episode_ceased_date")]
        or dt.date.fromisoformat(r[t.index("clae_cla_episode_ceased_date")]) >= start
    )

    def iso(d):
        return dt.datetime.strptime(d, "%d/%m/%Y").date().isoformat()

    returned = sorted(
        (e["CHILD"], iso(e["DECOM"]), e["RNE"], e["REC"])
        for e in ssda903.build_903(year="2025-26")["Episodes"]
    )
    assert ssd and ssd == returned


def test_command_writes_the_tables_and_names_each(tmp_path, capsys):
    call_command("ssd", "export", "--out", str(tmp_path), "--as-of", AS_OF.isoformat())
    out = capsys.readouterr().out
    assert len(list(tmp_path.glob("ssd_*.csv"))) == len(ssd_tables())
    assert "ssd_person" in out and "Done in" in out


def test_command_writes_an_export_entry_in_the_audit_log(tmp_path):
    from hearth.access.models import AuditEntry

    call_command("ssd", "export", "--out", str(tmp_path), "--as-of", AS_OF.isoformat())
    entry = AuditEntry.objects.get(action=AuditEntry.Action.EXPORT)
    assert entry.what.startswith("Standard Safeguarding Dataset")
    assert entry.detail["rows"]["ssd_person"] == Child.objects.count()
