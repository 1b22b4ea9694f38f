"""The SSD specification: Data to Insight's table YAML files (``hearth/ssd/spec``), read once.

Each file has ``nodes: [{name: ssd_<table>, fields: [{name, type, …}, …]}]``; the order of the
fields is the order of the columns."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import yaml

SPEC_DIR = Path(__file__).parent / "spec"

SPEC_SOURCE = (
    "data-to-insight/ssd-data-model, data/objects/, commit 4987c73f5369395fa873397277fb8a66e9aa5243"
)

PG_TYPES: dict[str, str] = {
    "nvarchar": "text",
    "nchar": "text",
    "datetime": "timestamp",
    "int": "integer",
    "float": "double precision",
    "binary": "bytea",
    "bit": "boolean",
}
"""The spec's SQL Server types -> PostgreSQL column types."""


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # lower case: nvarchar, nchar, datetime, int, float, binary, bit
    description: str
    primary_key: bool = False

    @property
    def pg_type(self) -> str:
        return PG_TYPES[self.type]


@dataclass(frozen=True)
class Table:
    name: str
    fields: tuple[Field, ...]

    @property
    def field_names(self) -> list[str]:
        return [f.name for f in self.fields]


@functools.cache
def ssd_tables() -> tuple[Table, ...]:
    """Every SSD table in the spec, in file-name order, each with its fields in spec order."""
    tables = []
    for path in sorted(SPEC_DIR.glob("ssd_*.yml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        for node in doc["nodes"]:
            fields = tuple(
                Field(
                    name=f["name"],
                    type=str(f["type"]).lower(),
                    description=(f.get("description") or "").strip(),
                    primary_key=bool(f.get("primary_key")),
                )
                for f in node.get("fields") or ()
            )
            tables.append(Table(name=node["name"], fields=fields))
    return tuple(tables)


def ssd_table(name: str) -> Table:
    return next(t for t in ssd_tables() if t.name == name)
