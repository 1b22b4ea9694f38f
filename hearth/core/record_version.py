"""Record versions kept by the database, for caches that are never stale.

Every table that holds part of a child's record moves `core_childversion` for the children its
written rows belong to; every other table whose content appears on a child's pages (workers,
teams, providers, families, carers, users' names...) moves the single `core_recordepoch`. Both
are moved by triggers, installed after every `migrate` (and so on every test database), on
PostgreSQL and SQLite alike, so a service, a queryset `.update()`, a bulk import's COPY and raw
SQL all count. A cache keyed on (epoch, child's version) therefore misses after any write.

Which table does what is worked out from the models, so a new model is covered without being
listed: a model with a foreign key to a child is the child's; one with a foreign key to such a
model (an assessment's factors) belongs to that model's children; any other Hearth model moves
the epoch unless it is named in `NOT_SHOWN` with the reason it never appears on a child's page.

On PostgreSQL the triggers run once per statement over its transition tables (a COPY of 100,000
rows updates each child's version once); SQLite has only row triggers.
"""

from __future__ import annotations

import hashlib
import random
from contextlib import contextmanager
from dataclasses import dataclass

from django.apps import apps
from django.db import connections

# Hearth models whose writes never change what a child's pages show (so they do not move the
# epoch: some are written on every request). Label -> why.
NOT_SHOWN: dict[str, str] = {
    "access.AuditEntry": "who looked at a record, written on every view; shown only uncached",
    "access.AuditSeal": "the audit chain's seals",
    "api.ApiToken": "API credentials",
    "core.FormSubmission": "idempotency tokens of submitted forms",
    "core.ChildVersion": "the versions themselves",
    "core.RecordEpoch": "the epoch itself",
    "core.Authority": "the authority's settings, read on pages that are not cached",
    "returns.ReturnJob": "background return jobs",
    "returns.ImportBatch": "import history",
    "dfe_api.Submission": "DfE API submission log",
    "dfe_api.ChildState": "what the DfE feed last sent for each child",
    "insight.InspectionOutcome": "benchmarking data",
    "insight.StatisticalNeighbour": "benchmarking data",
    "insight.SelfAssessmentEntry": "the self-assessment, not a child's record",
    "partnership.PartnershipReport": "aggregate reports",
    "partnership.ReportCommentary": "aggregate reports",
    "api.IdempotentRequest": "API idempotency keys",
}
# Users are shown by name (who recorded what); signing in updates other columns.
USER_COLUMNS = ("first_name", "last_name", "username", "role")

# Tables whose writes change who may see which child: they also move the access epoch (row 2 of
# `core_recordepoch`), which keys each user's cached visibility (`access.selectors.scope_of`).
ACCESS_MODELS = (
    "workforce.Allocation",
    "workforce.Worker",
    "workforce.Team",  # its manager: the teams a manager works with
    "access.AccessGrant",
    "access.PartnerInvolvement",
    "familyhelp.FamilyHelpEpisode",
    "familyhelp.FamilyHelpChild",
)
ACCESS_USER_COLUMNS = ("role", "is_active")
# Tables that open and close cases (`workforce.selectors.open_case_child_ids_on`): they also move
# row 3, the cases epoch, which with the access epoch keys the authority-wide list of open cases
# without a social worker (`casework.worklist.unallocated_open_cases_kept`).
CASE_MODELS = ("casework.CINEpisode", "casework.CPPlan", "care.PeriodOfCare")
EPOCH, ACCESS, CASES = 1, 2, 3


@dataclass(frozen=True)
class Tracked:
    table: str
    # SQL giving the child ids of a set of rows `{rows}` (PostgreSQL, a transition table) and,
    # for SQLite, of one row `{row}` (NEW or OLD).
    pg: tuple[str, ...]
    sqlite: tuple[str, ...]


def _child_model():
    return apps.get_model("people", "Child")


def _child_columns(model) -> list[str]:
    Child = _child_model()
    if model is Child:
        return ["id", "merged_into_id"]
    return [
        f.column for f in model._meta.concrete_fields if f.is_relation and f.related_model is Child
    ]


def _hearth_models():
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.app_label in _hearth_labels() and meta.managed and not meta.proxy:
            yield model


def _hearth_labels() -> set[str]:
    return {c.label for c in apps.get_app_configs() if c.name.startswith("hearth.")}


def classify() -> tuple[list[Tracked], list[str], list[str]]:
    """(tables of children's records, tables that move the epoch, tables left alone)."""
    qn = connections["default"].ops.quote_name
    per_child: list[Tracked] = []
    epoch: list[str] = []
    skipped: list[str] = []
    for model in _hearth_models():
        label = model._meta.label
        table = model._meta.db_table
        if label in NOT_SHOWN:
            skipped.append(table)
            continue
        direct = _child_columns(model)
        if direct:
            per_child.append(
                Tracked(
                    table,
                    tuple(f"SELECT {qn(c)} FROM {{rows}}" for c in direct),
                    tuple(f"{{row}}.{qn(c)}" for c in direct),
                )
            )
            continue
        via = []
        for f in model._meta.concrete_fields:
            parent = f.related_model if f.is_relation else None
            if parent is None or parent is model:
                continue
            for c in _child_columns(parent):
                parent_table = qn(parent._meta.db_table)
                pk = qn(parent._meta.pk.column)
                via.append(
                    (
                        f"SELECT p.{qn(c)} FROM {parent_table} p "
                        f"WHERE p.{pk} IN (SELECT {qn(f.column)} FROM {{rows}})",
                        f"(SELECT p.{qn(c)} FROM {parent_table} p "
                        f"WHERE p.{pk} = {{row}}.{qn(f.column)})",
                    )
                )
        if via:
            per_child.append(Tracked(table, tuple(v[0] for v in via), tuple(v[1] for v in via)))
        else:
            epoch.append(table)
    return per_child, epoch, skipped


def _name(prefix: str, table: str) -> str:
    name = f"{prefix}_{table}"
    if len(name) > 60:
        name = f"{prefix}_{hashlib.sha1(table.encode()).hexdigest()[:16]}"
    return name


def install(*, using: str = "default", **_kwargs) -> None:
    """(Re)create every trigger; safe to run again (it runs after every `migrate`)."""
    connection = connections[using]
    existing = set(connection.introspection.table_names())
    if "core_childversion" not in existing or "core_recordepoch" not in existing:
        return  # core's migration has not run yet
    per_child, epoch, _ = classify()
    user_table = apps.get_model("access", "User")._meta.db_table
    access = [apps.get_model(label)._meta.db_table for label in ACCESS_MODELS]
    with connection.cursor() as cursor:
        postgresql = connection.vendor == "postgresql"
        if postgresql:
            statements = _postgresql(per_child, epoch, user_table, existing)
            insert = (
                "INSERT INTO core_recordepoch (id, value) VALUES (%s, %s) ON CONFLICT DO NOTHING"
            )
        else:
            statements = _sqlite(per_child, epoch, user_table, existing)
            insert = "INSERT OR IGNORE INTO core_recordepoch (id, value) VALUES (%s, %s)"
        statements += _counter(
            "access",
            [*access, user_table],
            user_table,
            ACCESS_USER_COLUMNS,
            existing,
            postgresql=postgresql,
        )
        statements += _counter(
            "cases",
            [apps.get_model(label)._meta.db_table for label in CASE_MODELS],
            user_table,
            ACCESS_USER_COLUMNS,
            existing,
            postgresql=postgresql,
        )
        for row in (EPOCH, ACCESS, CASES):
            cursor.execute(insert, [row, random.randrange(1, 2**52)])
        if _installed(cursor, connection.vendor, statements):
            return  # e.g. after a test's flush, which empties tables but keeps triggers
        _drop_all(cursor, connection.vendor)  # those of tables no longer tracked too
        for sql in statements:
            cursor.execute(sql)
        cursor.execute("DELETE FROM hearth_trigger_state")
        cursor.execute(
            "INSERT INTO hearth_trigger_state (digest) VALUES (%s)", [_digest(statements)]
        )


def _digest(statements: list[str]) -> str:
    return hashlib.sha256("\n".join(statements).encode()).hexdigest()


def _drop_all(cursor, vendor: str) -> None:
    qn = connections["default"].ops.quote_name
    if vendor == "postgresql":
        cursor.execute(
            "SELECT t.tgname, c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE t.tgname LIKE 'hearth%%' AND NOT t.tgisinternal"
        )
        for name, table in cursor.fetchall():
            cursor.execute(f"DROP TRIGGER IF EXISTS {qn(name)} ON {qn(table)}")
    else:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'hearth%%'"
        )
        for (name,) in cursor.fetchall():
            cursor.execute(f"DROP TRIGGER IF EXISTS {qn(name)}")


def _installed(cursor, vendor: str, statements: list[str]) -> bool:
    """Whether exactly these triggers are in place: the same definitions as last installed (kept
    in a table of its own, which Django's flush leaves alone) and none lost since (SQLite drops a
    table's triggers when a migration rebuilds the table)."""
    cursor.execute("CREATE TABLE IF NOT EXISTS hearth_trigger_state (digest varchar(64) NOT NULL)")
    cursor.execute("SELECT digest FROM hearth_trigger_state")
    row = cursor.fetchone()
    if row is None or row[0] != _digest(statements):
        return False
    if vendor == "postgresql":
        cursor.execute(
            "SELECT count(*) FROM pg_trigger WHERE tgname LIKE 'hearth%%' AND NOT tgisinternal"
        )
    else:
        cursor.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'hearth%%'"
        )
    expected = sum(1 for sql in statements if " TRIGGER hearth" in sql and "DROP" not in sql)
    return cursor.fetchone()[0] == expected


BUMP_EPOCH = f"UPDATE core_recordepoch SET value = value + 1 WHERE id = {EPOCH}"
# PostgreSQL only: inside `bulk_write` the triggers return at once.
STAND_ASIDE = "IF current_setting('hearth.bulk_write', true) = 'on' THEN RETURN NULL; END IF;"
BUMP_ACCESS = f"UPDATE core_recordepoch SET value = value + 1 WHERE id = {ACCESS}"
BUMP_CASES = f"UPDATE core_recordepoch SET value = value + 1 WHERE id = {CASES}"


def _counter(kind: str, tables, user_table, user_columns, existing, *, postgresql: bool):
    """Triggers moving one counter row (`kind`: "epoch", "access" or "cases") on any write to
    ``tables``; on the users' table only when ``user_columns`` change."""
    qn = connections["default"].ops.quote_name
    bump = {"epoch": BUMP_EPOCH, "access": BUMP_ACCESS, "cases": BUMP_CASES}[kind]
    of = f"OF {', '.join(user_columns)}"
    out = []
    if postgresql:
        out.append(
            f"CREATE OR REPLACE FUNCTION hearth_bump_{kind}() RETURNS trigger LANGUAGE plpgsql AS "
            f"$$ BEGIN {STAND_ASIDE} {bump}; RETURN NULL; END $$"
        )
    for table in tables:
        if table not in existing:
            continue
        if postgresql:
            events = (
                f"UPDATE {of}" if table == user_table else "INSERT OR UPDATE OR DELETE OR TRUNCATE"
            )
            out.append(
                f"CREATE OR REPLACE TRIGGER hearth_{kind} AFTER {events} ON {qn(table)} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION hearth_bump_{kind}()"
            )
            continue
        for event in ("UPDATE",) if table == user_table else ("INSERT", "UPDATE", "DELETE"):
            name = _name(f"hearth_{kind}_{event.lower()}", table)
            on = f"{event} {of}" if table == user_table else event
            out.append(f"DROP TRIGGER IF EXISTS {name}")
            out.append(f"CREATE TRIGGER {name} AFTER {on} ON {qn(table)} BEGIN {bump}; END")
    return out


def _pg_bump(selects: tuple[str, ...], rows: str) -> str:
    union = " UNION ".join(s.format(rows=rows) for s in selects)
    return (
        "INSERT INTO core_childversion (child_id, value) "
        f"SELECT DISTINCT c, 1 FROM ({union}) AS ids(c) WHERE c IS NOT NULL "
        "ON CONFLICT (child_id) DO UPDATE SET value = core_childversion.value + 1"
    )


def _postgresql(per_child, epoch, user_table, existing) -> list[str]:
    qn = connections["default"].ops.quote_name
    # The epoch's function first: each table's TRUNCATE trigger calls it.
    out = _counter("epoch", epoch, user_table, USER_COLUMNS, existing, postgresql=True)
    for t in per_child:
        if t.table not in existing:
            continue
        fn = _name("hearth_rv", t.table)
        out.append(
            f"CREATE OR REPLACE FUNCTION {fn}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            f"{STAND_ASIDE} IF TG_OP IN ('INSERT', 'UPDATE') THEN {_pg_bump(t.pg, 'hearth_new')}; END IF; "
            f"IF TG_OP IN ('DELETE', 'UPDATE') THEN {_pg_bump(t.pg, 'hearth_old')}; END IF; "
            "RETURN NULL; END $$"
        )
        table = qn(t.table)
        for event, refs in (
            ("INSERT", "NEW TABLE AS hearth_new"),
            ("UPDATE", "OLD TABLE AS hearth_old NEW TABLE AS hearth_new"),
            ("DELETE", "OLD TABLE AS hearth_old"),
        ):
            out.append(
                f"CREATE OR REPLACE TRIGGER hearth_rv_{event.lower()} AFTER {event} ON {table} "
                f"REFERENCING {refs} FOR EACH STATEMENT EXECUTE FUNCTION {fn}()"
            )
        out.append(
            f"CREATE OR REPLACE TRIGGER hearth_rv_truncate AFTER TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION hearth_bump_epoch()"
        )
    return out


def _sqlite_bump(exprs: tuple[str, ...], row: str) -> str:
    values = " UNION ".join(f"SELECT {e.format(row=row)} AS c" for e in exprs)
    return (
        "INSERT INTO core_childversion (child_id, value) "
        f"SELECT c, 1 FROM ({values}) WHERE c IS NOT NULL "
        "ON CONFLICT (child_id) DO UPDATE SET value = value + 1;"
    )


def _sqlite(per_child, epoch, user_table, existing) -> list[str]:
    qn = connections["default"].ops.quote_name
    out = []
    for t in per_child:
        if t.table not in existing:
            continue
        table = qn(t.table)
        for event, rows in (("INSERT", ("NEW",)), ("UPDATE", ("OLD", "NEW")), ("DELETE", ("OLD",))):
            name = _name(f"hearth_rv_{event.lower()}", t.table)
            body = " ".join(_sqlite_bump(t.sqlite, row) for row in rows)
            out.append(f"DROP TRIGGER IF EXISTS {name}")
            out.append(f"CREATE TRIGGER {name} AFTER {event} ON {table} BEGIN {body} END")
    out += _counter("epoch", epoch, user_table, USER_COLUMNS, existing, postgresql=False)
    return out


def versions_of(child_ids, *, using: str = "default") -> tuple[int, dict[int, int]]:
    """(epoch, child id -> version) for many children, in one round trip."""
    ids = sorted({int(i) for i in child_ids})
    epoch_sql = f"SELECT 0, value FROM core_recordepoch WHERE id = {EPOCH}"  # no child has id 0
    found: dict[int, int] = {}
    with connections[using].cursor() as cursor:
        if connections[using].vendor == "postgresql":
            # One parameter however many children (a team's thousand in one round trip).
            cursor.execute(
                f"{epoch_sql} UNION ALL SELECT child_id, value FROM core_childversion "
                "WHERE child_id = ANY(string_to_array(%s, ',')::bigint[])",
                [",".join(map(str, ids))],
            )
            found.update(cursor.fetchall())
        else:
            cursor.execute(epoch_sql)
            found.update(cursor.fetchall())
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                marks = ", ".join(["%s"] * len(chunk))
                cursor.execute(
                    f"SELECT child_id, value FROM core_childversion WHERE child_id IN ({marks})",
                    chunk,
                )
                found.update(cursor.fetchall())
    return found.get(0, 0), {i: found.get(i, 0) for i in ids}


@contextmanager
def bulk_write(*, using: str = "default"):
    """For writers of whole returns and synthetic authorities: on PostgreSQL the triggers stand
    aside (a statement per row would otherwise move a version per row) and, when the block ends
    without an error, both epochs move, so every kept view and visibility is worked out afresh.
    Only inside the writer's transaction (`SET LOCAL`: a rollback undoes it with the writes);
    SQLite's row triggers run as usual."""
    connection = connections[using]
    if not connection.in_atomic_block:
        raise RuntimeError("bulk_write is used inside the writer's transaction")
    postgresql = connection.vendor == "postgresql"
    if postgresql:
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL hearth.bulk_write = 'on'")
    yield
    with connection.cursor() as cursor:
        if postgresql:
            cursor.execute("SET LOCAL hearth.bulk_write = 'off'")
        cursor.execute("UPDATE core_recordepoch SET value = value + 1")


def access_epoch(*, using: str = "default") -> int:
    """The access epoch: moves on every write that can change who may see which child. Read
    once per request (`hearth.core.request_memo`, emptied by any write to those tables)."""
    from hearth.core import request_memo

    memo = request_memo.get()
    if memo is not None and ("access-epoch", using) in memo:
        return memo["access-epoch", using]
    with connections[using].cursor() as cursor:
        cursor.execute(f"SELECT value FROM core_recordepoch WHERE id = {ACCESS}")
        row = cursor.fetchone()
    value = row[0] if row else 0
    if memo is not None:
        memo["access-epoch", using] = value
    return value


def epochs(*, using: str = "default") -> dict[int, int]:
    """Every counter row (`EPOCH`, `ACCESS`, `CASES`) -> its value, in one round trip."""
    with connections[using].cursor() as cursor:
        cursor.execute("SELECT id, value FROM core_recordepoch")
        found = dict(cursor.fetchall())
    return {row: found.get(row, 0) for row in (EPOCH, ACCESS, CASES)}


def versions(child_id: int, *, using: str = "default") -> tuple[int, int]:
    """(epoch, the child's version), in one round trip. Read it *before* reading the record
    for a cache: then whatever is built is at least as new as the key it is stored under.

    The access epoch comes in the same round trip and is remembered for the request (as
    `access_epoch` would), since a page about a child asks who may see it next."""
    from hearth.core import request_memo

    with connections[using].cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT value FROM core_recordepoch WHERE id = {EPOCH}), "
            "(SELECT value FROM core_childversion WHERE child_id = %s), "
            f"(SELECT value FROM core_recordepoch WHERE id = {ACCESS})",
            [child_id],
        )
        epoch, version, access = cursor.fetchone()
    memo = request_memo.get()
    if memo is not None:
        memo.setdefault(("access-epoch", using), access or 0)
    return epoch or 0, version or 0
