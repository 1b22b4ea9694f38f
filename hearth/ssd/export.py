"""The Standard Safeguarding Dataset from Hearth's records: one CSV per SSD table, and optionally
the same tables loaded into a PostgreSQL schema for analysts.

Columns are the spec's fields in the spec's order (``hearth.ssd.spec``); values come from
``hearth.ssd.mapping`` and are written as the spec types them: ``datetime`` as ISO 8601
(``YYYY-MM-DD`` for a date, ``YYYY-MM-DDTHH:MM:SS`` local time for a date and time), ``int`` and
``float`` as numbers, ``nchar`` flags as ``Y``/``N``; a field Hearth does not hold is empty.
Every text cell goes through ``hearth.core.spreadsheet`` (formula-like text gets a leading
apostrophe)."""

from __future__ import annotations

import csv
import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from django.db import connection, transaction
from django.utils import timezone

from hearth.core.spreadsheet import spreadsheet_safe
from hearth.ssd.mapping import MAPPING, Context
from hearth.ssd.spec import Field, Table, ssd_tables


class MappingError(Exception):
    """A row does not match the mapping or a value does not fit its field's type."""


def typed(value: object, field: Field) -> str:
    """``value`` as the CSV cell for ``field`` (its spec type), or MappingError."""
    if value is None or value == "":
        return ""
    kind = field.type
    if kind == "datetime":
        if isinstance(value, dt.datetime):
            if timezone.is_aware(value):
                value = timezone.localtime(value).replace(tzinfo=None)
            return value.isoformat(timespec="seconds")
        if isinstance(value, dt.date):
            return value.isoformat()
    elif kind == "nchar":
        if isinstance(value, bool):
            return "Y" if value else "N"
        if isinstance(value, str):
            return value
    elif kind == "int":
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
    elif kind == "float":
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return repr(round(float(value), 2))
    elif kind == "nvarchar" and isinstance(value, str):
        return value
    raise MappingError(f"{field.name} ({kind}) cannot hold {value!r}")


def table_rows(table: Table, ctx: Context):
    """The table's rows as lists of cells in spec order (nothing when the table is not held)."""
    mapping = MAPPING[table.name]
    if mapping.rows is None:
        return
    expected = set(mapping.mapped)
    for row in mapping.rows(ctx):
        if set(row) != expected:
            raise MappingError(
                f"{table.name}: row has {sorted(set(row) ^ expected)} not matching the mapping"
            )
        yield [spreadsheet_safe(typed(row.get(f.name), f)) for f in table.fields]


@dataclass(frozen=True)
class Written:
    table: str
    path: Path
    rows: int


def write_ssd(*, out_dir: str | Path, as_of: dt.date | None = None) -> list[Written]:
    """Write every SSD table as ``<table>.csv`` in ``out_dir`` (header-only when empty)."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    ctx = Context.build(as_of=as_of or timezone.localdate())
    written = []
    for table in ssd_tables():
        path = out / f"{table.name}.csv"
        count = 0
        with path.open("w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f)
            writer.writerow(table.field_names)
            for cells in table_rows(table, ctx):
                writer.writerow(cells)
                count += 1
        written.append(Written(table.name, path, count))
    return written


SCHEMA_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")
RESERVED_SCHEMAS = frozenset({"public", "information_schema"})


class SchemaRefused(Exception):
    pass


def check_schema_name(name: str) -> str:
    """A schema the loader may (re)create: a plain lower-case identifier that is not Hearth's
    own (``public`` or the first schema on the search path) nor a system schema."""
    if not SCHEMA_NAME.fullmatch(name) or name.startswith("pg_") or name in RESERVED_SCHEMAS:
        raise SchemaRefused(f"{name!r} is not a schema Hearth will replace; try e.g. 'ssd'.")
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_schema()")
        if cursor.fetchone()[0] == name:
            raise SchemaRefused(f"{name!r} holds Hearth's own tables.")
        cursor.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = %s",
            [name],
        )
        foreign = sorted(t for (t,) in cursor.fetchall() if t not in MAPPING)
    if foreign:
        raise SchemaRefused(
            f"Schema {name!r} holds tables that are not SSD tables ({', '.join(foreign[:5])}); "
            "Hearth replaces only a schema of its own."
        )
    return name


def load_schema(*, schema: str, written: list[Written]) -> None:
    """Replace PostgreSQL schema ``schema`` with the SSD tables (types from the spec) holding
    the CSVs just written, in one transaction: analysts see yesterday's tables until the new
    ones are complete."""
    if connection.vendor != "postgresql":
        raise SchemaRefused("Loading a schema needs PostgreSQL (DATABASE_URL=postgres://…).")
    check_schema_name(schema)
    tables = {t.name: t for t in ssd_tables()}
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        cursor.execute(f'CREATE SCHEMA "{schema}"')
        for w in written:
            table = tables[w.table]
            columns = ", ".join(f'"{f.name}" {f.pg_type}' for f in table.fields)
            cursor.execute(f'CREATE TABLE "{schema}"."{table.name}" ({columns})')
            names = ", ".join(f'"{f}"' for f in table.field_names)
            copy = f'COPY "{schema}"."{table.name}" ({names}) FROM STDIN WITH (FORMAT csv, HEADER true)'
            with cursor.copy(copy) as pipe, w.path.open("rb") as f:
                while chunk := f.read(1 << 16):
                    pipe.write(chunk)
