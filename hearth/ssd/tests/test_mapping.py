"""Every field of every SSD table in the published spec is mapped or listed as not held."""

from __future__ import annotations

from pathlib import Path

import pytest

from hearth.ssd.mapping import MAPPING, coverage_markdown
from hearth.ssd.spec import ssd_tables

SPEC_FIELDS = [(t.name, f.name) for t in ssd_tables() for f in t.fields]


def test_the_spec_copy_has_every_ssd_table():
    names = [t.name for t in ssd_tables()]
    assert len(names) == 48 and "ssd_person" in names and "ssd_cla_episodes" in names


@pytest.mark.parametrize(("table", "field"), SPEC_FIELDS, ids=[f for _, f in SPEC_FIELDS])
def test_field_is_mapped_or_not_held_with_a_reason(table, field):
    mapping = MAPPING[table]
    mapped = field in mapping.mapped and mapping.mapped[field].strip()
    not_held = field in mapping.not_held and mapping.not_held[field].strip()
    assert bool(mapped) != bool(not_held), (
        f"{table}.{field}: mapped={mapped!r} not_held={not_held!r}"
    )


def test_mapping_names_no_table_or_field_outside_the_spec():
    spec = {t.name: set(t.field_names) for t in ssd_tables()}
    assert set(MAPPING) == set(spec)
    for name, mapping in MAPPING.items():
        assert set(mapping.mapped) | set(mapping.not_held) <= spec[name], name


def test_a_table_with_mapped_fields_has_rows_and_one_without_has_none():
    for name, mapping in MAPPING.items():
        assert (mapping.rows is None) == (not mapping.mapped), name


def test_docs_coverage_table_is_current():
    docs = (Path(__file__).resolve().parents[3] / "docs" / "ssd.md").read_text(encoding="utf-8")
    assert coverage_markdown() in docs, "run `hearth ssd coverage` and paste it into docs/ssd.md"
