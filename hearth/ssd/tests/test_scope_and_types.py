"""Who the SSD export covers (as the returns do), how it types and neutralises cells, and the
PostgreSQL schema load."""

from __future__ import annotations

import csv
import datetime as dt

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from hearth.care.models import PeriodOfCare
from hearth.returns import cin, ssda903
from hearth.returns.tests import builders
from hearth.ssd.export import MappingError, SchemaRefused, check_schema_name, load_schema, typed
from hearth.ssd.export import write_ssd as write
from hearth.ssd.spec import Field, ssd_tables

AS_OF = dt.date(2026, 3, 31)
on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the schema load needs PostgreSQL"
)


def _table(out, name: str) -> list[dict[str, str]]:
    with (out / f"{name}.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _column(out, name: str, field: str) -> list[str]:
    return [r[field] for r in _table(out, name)]


# --- Scope ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_restricted_children_are_exported_as_the_returns_export_them(tmp_path):
    builders.authority()
    looked_after = builders.looked_after_child(restricted=True)
    in_need = builders.child_in_need(restricted=True)
    write(out_dir=tmp_path, as_of=AS_OF)
    tables = ssda903.build_903(year="2025-26")
    cin_xml = cin.build_cin_xml(year="2025-26").decode()

    assert looked_after.la_child_id in {r["CHILD"] for r in tables["Header"]}
    assert f"<LAchildID>{in_need.la_child_id}</LAchildID>" in cin_xml
    persons = _column(tmp_path, "ssd_person", "pers_person_id")
    assert {looked_after.la_child_id, in_need.la_child_id} <= set(persons)
    episodes = [e for e in tables["Episodes"] if e["CHILD"] == looked_after.la_child_id]
    ssd_episodes = [
        r
        for r in _table(tmp_path, "ssd_cla_episodes")
        if r["clae_person_id"] == looked_after.la_child_id
    ]
    assert len(ssd_episodes) == len(episodes) == 3
    assert _column(tmp_path, "ssd_cin_episodes", "cine_person_id") == [in_need.la_child_id]


@pytest.mark.django_db
def test_an_archived_record_is_left_out_as_the_returns_leave_it_out(tmp_path):
    builders.authority()
    child = builders.looked_after_child()
    PeriodOfCare.objects.filter(child=child).update(
        archived_at=timezone.now(), archived_reason="Recorded in error"
    )
    write(out_dir=tmp_path, as_of=AS_OF)
    assert ssda903.build_903(year="2025-26")["Episodes"] == []
    assert _table(tmp_path, "ssd_cla_episodes") == []


# --- Cells ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_formula_like_text_is_neutralised(tmp_path):
    builders.authority()
    builders.child_in_need(first_name='=HYPERLINK("http://x")')
    write(out_dir=tmp_path, as_of=AS_OF)
    assert _column(tmp_path, "ssd_person", "pers_forename") == ['\'=HYPERLINK("http://x")']


def _field(kind: str) -> Field:
    return Field(name="x", type=kind, description="")


def test_dates_are_iso_and_times_local_iso():
    assert typed(dt.date(2026, 3, 1), _field("datetime")) == "2026-03-01"
    aware = timezone.make_aware(dt.datetime(2026, 7, 1, 9, 30))  # British Summer Time
    assert typed(aware, _field("datetime")) == "2026-07-01T09:30:00"


def test_flags_are_y_or_n_and_numbers_are_numbers():
    assert typed(True, _field("nchar")) == "Y"
    assert typed(False, _field("nchar")) == "N"
    assert typed(7, _field("int")) == "7"
    assert typed(2.345, _field("float")) == "2.35"
    assert typed(None, _field("datetime")) == ""


@pytest.mark.parametrize(
    ("value", "kind"),
    [(True, "nvarchar"), ("2026-01-01", "datetime"), ("3", "int"), (True, "int")],
)
def test_a_value_that_does_not_fit_its_field_is_refused(value, kind):
    with pytest.raises(MappingError):
        typed(value, _field(kind))


# --- PostgreSQL schema ---------------------------------------------------------------------------


def test_hearths_own_schema_is_never_replaced():
    with pytest.raises(SchemaRefused):
        check_schema_name("public")
    with pytest.raises(SchemaRefused):
        check_schema_name("Robert'); DROP")


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor == "postgresql", reason="SQLite only")
def test_schema_option_needs_postgresql(tmp_path):
    with pytest.raises(CommandError, match="PostgreSQL"):
        call_command("ssd", "export", "--out", str(tmp_path), "--database-schema", "ssd")


@on_postgres
@pytest.mark.django_db
def test_schema_load_creates_every_table_typed_from_the_spec_with_every_row(tmp_path):
    builders.small_la()
    written = write(out_dir=tmp_path, as_of=AS_OF)
    load_schema(schema="ssd_test", written=written)
    load_schema(schema="ssd_test", written=written)  # a second night replaces the first
    with connection.cursor() as cursor:
        for table in ssd_tables():
            cursor.execute(
                "SELECT column_name, data_type FROM information_schema.columns "
                "WHERE table_schema = 'ssd_test' AND table_name = %s ORDER BY ordinal_position",
                [table.name],
            )
            expected = [
                (f.name, "timestamp without time zone" if f.type == "datetime" else f.pg_type)
                for f in table.fields
            ]
            assert cursor.fetchall() == expected, table.name
            cursor.execute(f'SELECT count(*) FROM ssd_test."{table.name}"')
            assert cursor.fetchone()[0] == next(w.rows for w in written if w.table == table.name)
        cursor.execute(
            "SELECT clap_cla_placement_start_date, clap_cla_placement_distance "
            "FROM ssd_test.ssd_cla_placement ORDER BY clap_cla_placement_start_date LIMIT 1"
        )
        start, distance = cursor.fetchone()
    assert start == dt.datetime(2023, 6, 5) and distance > 0


@on_postgres
@pytest.mark.django_db
def test_a_schema_holding_other_tables_is_refused():
    with connection.cursor() as cursor:
        cursor.execute("CREATE SCHEMA analysts_own")
        cursor.execute("CREATE TABLE analysts_own.notes (x int)")
    with pytest.raises(SchemaRefused, match="notes"):
        check_schema_name("analysts_own")


def test_pg_types_cover_every_spec_type():
    for table in ssd_tables():
        for f in table.fields:
            assert f.pg_type


@pytest.mark.django_db
def test_queries_do_not_grow_with_the_number_of_children(tmp_path):
    from django.test.utils import CaptureQueriesContext

    builders.small_la()
    with CaptureQueriesContext(connection) as few:
        write(out_dir=tmp_path / "a", as_of=AS_OF)
    builders.looked_after_child()
    builders.child_in_need()
    with CaptureQueriesContext(connection) as more:
        write(out_dir=tmp_path / "b", as_of=AS_OF)
    assert len(more) == len(few)


@pytest.mark.django_db
def test_cp_review_due_dates_follow_the_review_clock(tmp_path):
    from hearth.casework.models import ChildProtectionConference, CPPlan

    builders.authority()
    child = builders.child_in_need()
    plan = CPPlan.objects.get(child=child)
    for day in (dt.date(2025, 9, 25), dt.date(2026, 3, 20)):
        ChildProtectionConference.objects.create(
            child=child, cin_episode=plan.cin_episode, cp_plan=plan, kind="review", date=day
        )
    write(out_dir=tmp_path, as_of=AS_OF)
    reviews = _table(tmp_path, "ssd_cp_reviews")
    assert [(r["cppr_cp_review_date"], r["cppr_cp_review_due"]) for r in reviews] == [
        ("2025-09-25", "2025-10-01"),  # 3 months after the ICPC of 1 July
        ("2026-03-20", "2026-03-25"),  # 6 months after the last review
    ]
