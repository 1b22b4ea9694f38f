"""What both importers share: the problem report, value parsers and natural-key upserts.

An import runs in two phases. *Read*: parse every file completely into plain rows, checking
structure (columns, elements), codes, dates, duplicates and encoding, and collecting every
problem with its file, row (or XML line) and column. *Write*: only if nothing was found, build
Hearth's records in one transaction, matching children by LA child ID and every record by its
natural key, so importing the same file twice changes nothing. A problem the database finds while
writing (a constraint) is reported the same way and rolls the whole import back.

Records are checked field by field (``clean_fields``: types, lengths, code lists) and by the
database's constraints, but not by the models' ``clean()`` business rules: those are for
practitioners typing today, and a return that DfE accepted (a pre-birth referral, dated before
the date of birth the child has now) is history to keep, not to refuse.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import functools
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db import connection, models

from hearth.core import record_version
from hearth.core.spreadsheet import starts_like_formula
from hearth.core.validators import POSTCODE_RE, normalise_postcode
from hearth.people.upn import is_valid_upn

SHOWN = 60


def shown(value: object) -> str:
    """A value quoted for a problem message, cut to 60 characters (a 5 MB value in a file
    must not become a 5 MB message)."""
    text = str(value)
    return repr(text if len(text) <= SHOWN else text[:SHOWN] + "…")


@dataclass(frozen=True)
class Issue:
    file: str
    row: int | None  # CSV row number (header = 1) or XML line
    column: str  # CSV column or XML element
    message: str

    def __str__(self) -> str:
        where = f"{self.file}"
        if self.row is not None:
            where += f", row {self.row}" if not self.file.endswith(".xml") else f", line {self.row}"
        if self.column:
            where += f", {self.column}"
        return f"{where}: {self.message}"


class ImportFailed(Exception):
    """The files were not imported; ``issues`` says where and why."""

    def __init__(self, issues: list[Issue]):
        self.issues = issues
        super().__init__(f"{len(issues)} problem(s); nothing imported")


@dataclass
class ImportResult:
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)
    notices: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def changed(self) -> bool:
        return bool(sum(self.created.values()) or sum(self.updated.values()))

    def summary(self) -> str:
        names = sorted(set(self.created) | set(self.updated) | set(self.unchanged))
        return "\n".join(
            f"{n:<26} {self.created[n]:>7} created {self.updated[n]:>7} updated "
            f"{self.unchanged[n]:>7} unchanged"
            for n in names
        )


class Reader:
    """Collects issues for one file while values are parsed."""

    def __init__(self, file: str):
        self.file = file
        self.issues: list[Issue] = []

    def problem(self, row, column: str, message: str) -> None:
        self.issues.append(Issue(self.file, row, column, message))

    def date(self, value: str | None, row, column: str, fmt: str) -> dt.date | None:
        value = (value or "").strip()
        if not value:
            return None
        try:
            return dt.datetime.strptime(value, fmt).date()
        except ValueError:
            fmt_shown = "YYYY-MM-DD" if fmt == "%Y-%m-%d" else "DD/MM/YYYY"
            self.problem(row, column, f"{shown(value)} is not a date ({fmt_shown})")
            return None

    def code(self, value: str | None, choices, row, column: str, *, blank=True) -> str:
        value = (value or "").strip()
        if not value:
            if not blank:
                self.problem(row, column, "is required")
            return ""
        allowed = choices if isinstance(choices, (set, frozenset, list, tuple)) else _codes(choices)
        if value not in allowed:
            self.problem(row, column, f"{shown(value)} is not a valid code")
            return ""
        return value

    def flag(self, value: str | None, row, column: str, *, blank=True) -> bool | None:
        value = (value or "").strip().lower()
        if value in ("1", "true", "y"):
            return True
        if value in ("0", "false", "n"):
            return False
        if value or not blank:
            self.problem(row, column, f"{shown(value)} is not 0 or 1" if value else "is required")
        return None

    def upn(self, value: str | None, row, column: str) -> str:
        value = (value or "").strip()
        if value and not is_valid_upn(value, check_la=False):
            self.problem(row, column, f"{shown(value)} is not a valid UPN")
            return ""
        return value

    def plain(self, value: str | None, row, column: str) -> str:
        """Free text (an ID, a name): refused if a spreadsheet would run it as a formula."""
        value = (value or "").strip()
        if starts_like_formula(value):
            self.problem(
                row, column, f"{shown(value)} starts with =, +, - or @ (a spreadsheet formula)"
            )
            return ""
        return value

    def postcode(self, value: str | None, row, column: str) -> str:
        """A UK postcode (blank allowed), returned as ``SW1A 1AA``."""
        value = (value or "").strip()
        if not value:
            return ""
        normal = normalise_postcode(value)
        if not POSTCODE_RE.match(normal):
            self.problem(row, column, f"{shown(value)} is not a postcode")
            return ""
        return normal

    def integer(self, value: str | None, row, column: str, lo=0, hi=None) -> int | None:
        value = (value or "").strip()
        if not value:
            return None
        try:
            n = int(value)
        except ValueError:
            self.problem(row, column, f"{shown(value)} is not a whole number")
            return None
        if n < lo or (hi is not None and n > hi):
            self.problem(row, column, f"{n} is out of range")
            return None
        return n


@functools.cache
def _codes(choices: type[models.Choices]) -> frozenset:
    """A code list's values, once (Django builds ``Choices.values`` anew at each call)."""
    return frozenset(choices.values)


def _differs(obj: models.Model, name: str, value: object) -> bool:
    """Whether ``obj.name`` is not ``value``; a related record is compared by its key, without
    loading the one ``obj`` points at."""
    if isinstance(value, models.Model):
        return getattr(obj, obj._meta.get_field(name).attname) != value.pk
    return getattr(obj, name) != value


def check_fields(obj: models.Model) -> None:
    """Each field's type, length and code list (``clean_fields``), except that a foreign key is
    not looked up row by row: the importer sets it to a record it holds, and the database's own
    constraint refuses a dangling one."""
    fks = [f.name for f in obj._meta.concrete_fields if f.is_relation]
    obj.clean_fields(exclude=fks)


def insert(obj: models.Model) -> models.Model:
    """Check and create ``obj``: held for a bulk write when ``bulk_inserts()`` is active, saved
    at once otherwise."""
    check_fields(obj)
    bulk = _BULK.get()
    if bulk is None:
        obj.save(force_insert=True)
    else:
        bulk.add(obj)
    return obj


_BULK: contextvars.ContextVar[BulkInserts | None] = contextvars.ContextVar(
    "hearth_bulk_inserts", default=None
)


class BulkInserts:
    """New records held back and written in bulk (COPY on PostgreSQL; one INSERT per model and
    1,000 rows on SQLite) instead of one INSERT per record.

    Each record gets its primary key when it is added, so later records can point at it: on
    PostgreSQL reserved from the table's own sequence; on SQLite counted on from the highest id
    in the table (SQLite has one writer at a time, and the import holds it). Any other statement
    on the connection first writes everything held, so every query an importer makes sees what it
    has written: only the number of statements changes, never what is read or stored. A
    constraint the database finds is raised by the statement that wrote the batch; the importers
    then rerun record by record (``bulk_or_row_by_row``) to name the file, row and column."""

    BATCH = 1000

    def __init__(self) -> None:
        self.held: dict[type[models.Model], list[models.Model]] = defaultdict(list)
        self.held_ids: set[int] = set()
        self.ids: dict[type[models.Model], Iterator[int]] = {}
        self.quiet = False

    def holds(self, obj: models.Model) -> bool:
        return id(obj) in self.held_ids

    def add(self, obj: models.Model) -> None:
        model = type(obj)
        if obj.pk is None:
            if model not in self.ids:
                self.ids[model] = self._ids(model)
            obj.pk = next(self.ids[model])
        self.held[model].append(obj)
        self.held_ids.add(id(obj))

    def _ids(self, model: type[models.Model]) -> Iterator[int]:
        table = model._meta.db_table
        column = model._meta.pk.column
        qn = connection.ops.quote_name
        self.quiet = True
        try:
            with connection.cursor() as cur:
                if connection.vendor == "postgresql":
                    cur.execute("SELECT pg_get_serial_sequence(%s, %s)", [qn(table), column])
                    sequence = cur.fetchone()[0]
                else:
                    sequence = None
                    cur.execute(f"SELECT COALESCE(MAX({qn(column)}), 0) FROM {qn(table)}")
                    last = cur.fetchone()[0]
        finally:
            self.quiet = False
        if sequence is None:
            yield from _count_from(last + 1)
            return
        while True:
            self.quiet = True
            try:
                with connection.cursor() as cur:
                    cur.execute(
                        "SELECT nextval(%s) FROM generate_series(1, %s)", [sequence, self.BATCH]
                    )
                    reserved = [row[0] for row in cur.fetchall()]
            finally:
                self.quiet = False
            yield from reserved

    def flush(self) -> None:
        if not self.held:
            return
        self.quiet = True
        try:
            for model, objs in list(self.held.items()):
                if connection.vendor == "postgresql":
                    _copy(model, objs)
                else:
                    model._default_manager.bulk_create(objs, batch_size=self.BATCH)
        finally:
            self.quiet = False
            self.held.clear()
            self.held_ids.clear()

    def __call__(self, execute, sql, params, many, context):
        if self.held and not self.quiet:
            self.flush()
        return execute(sql, params, many, context)


def _copy(model: type[models.Model], objs: list[models.Model]) -> None:
    """Write ``objs`` with PostgreSQL's COPY: each value prepared as a save would prepare it
    (defaults, ``auto_now_add``, JSON), checked by every constraint as an INSERT would be."""
    fields = model._meta.concrete_fields
    qn = connection.ops.quote_name
    columns = ", ".join(qn(f.column) for f in fields)
    sql = f"COPY {qn(model._meta.db_table)} ({columns}) FROM STDIN"
    started = time.perf_counter()
    with connection.wrap_database_errors, connection.cursor() as cur, cur.cursor.copy(sql) as copy:
        for obj in objs:
            copy.write_row([f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields])
    if connection.queries_logged:  # shown in the query log like any other statement
        connection.queries_log.append(
            {"sql": f"{sql} -- {len(objs)} rows", "time": f"{time.perf_counter() - started:.3f}"}
        )
    for obj in objs:
        obj._state.adding = False
        obj._state.db = connection.alias


def _count_from(n: int) -> Iterator[int]:
    while True:
        yield n
        n += 1


@contextlib.contextmanager
def bulk_inserts() -> Iterator[BulkInserts]:
    """Hold new records for bulk writes until the block ends (inside the import's transaction)."""
    bulk = BulkInserts()
    token = _BULK.set(bulk)
    try:
        # A whole return at once: the record-version triggers stand aside and every kept view
        # is worked out afresh after (hearth.core.record_version.bulk_write).
        with record_version.bulk_write(), connection.execute_wrapper(bulk):
            yield bulk
            bulk.flush()
    finally:
        _BULK.reset(token)


def _key(key: dict) -> tuple:
    return tuple(sorted((k, v.pk if isinstance(v, models.Model) else v) for k, v in key.items()))


class Preloaded(dict):
    """Every live record of a model that an import may match, by natural key: a key that is
    not here is not in the database, so matching costs no query per record."""

    def __init__(self, model: type[models.Model], fields: tuple[str, ...], **filters):
        super().__init__()
        qs = model._default_manager.filter(**filters)
        if any(f.name == "archived_at" for f in model._meta.fields):
            qs = qs.live()
        attnames = {f: model._meta.get_field(f).attname for f in fields}
        for obj in qs.order_by("-pk"):  # the first (lowest pk) wins, as in upsert
            self[tuple(sorted((f, getattr(obj, attnames[f])) for f in fields))] = obj


def upsert(
    result: ImportResult,
    model: type[models.Model],
    key: dict,
    values: dict,
    *,
    cache: dict | None = None,
) -> models.Model:
    """Find the live record with ``key`` (its natural key) or create it with ``values``.

    An existing record takes the file's values where the file has one (``None``/"" never erase
    what Hearth holds: an older return knows less than a newer one), so a re-import is a no-op.
    """
    name = model.__name__
    lookup = _key(key)
    obj = cache.get(lookup) if cache is not None else None
    if obj is None and not isinstance(cache, Preloaded):
        qs = model._default_manager.filter(**key)
        if any(f.name == "archived_at" for f in model._meta.fields):
            qs = qs.live()
        obj = qs.order_by("pk").first()
    if obj is None:
        obj = model(**key, **{k: v for k, v in values.items() if v is not None})
        insert(obj)
        result.created[name] += 1
    else:
        changes = {
            k: v for k, v in values.items() if v is not None and v != "" and _differs(obj, k, v)
        }
        if changes:
            for k, v in changes.items():
                setattr(obj, k, v)
            bulk = _BULK.get()
            if bulk is not None and bulk.holds(obj):
                check_fields(obj)  # not written yet: it is written with these values
            else:
                if hasattr(obj, "version"):
                    obj.version += 1
                check_fields(obj)
                obj.save()
            result.updated[name] += 1
        else:
            result.unchanged[name] += 1
    if cache is not None:
        cache[lookup] = obj
    return obj


UNKNOWN_SEX = ("", "U")


def identity_conflicts(*, file: str, rows: list[tuple[int | None, str, dict, dict]]) -> list[Issue]:
    """Where a file disagrees with a child Hearth already holds about who the child is.

    ``rows`` are (line, LA child ID, values by field, column by field) for ``date_of_birth`` and
    ``sex``. An import completes a record (a date of birth Hearth lacks, a sex it holds as
    unknown); it never changes one: a different value is a conflict for a person to resolve,
    and the whole import is refused. A file that says less (no date, sex unknown) is not one."""
    from hearth.people.models import Child

    held = {
        c.la_child_id: c
        for c in Child.objects.filter(la_child_id__in=[la_id for _l, la_id, _v, _c in rows])
    }
    labels = {"date_of_birth": "date of birth", "sex": "sex"}
    issues = []
    for line, la_id, values, columns in rows:
        child = held.get(la_id)
        if child is None:
            continue
        for name, label in labels.items():
            ours, theirs = getattr(child, name), values.get(name)
            if name == "sex" and (ours in UNKNOWN_SEX or theirs in UNKNOWN_SEX):
                continue
            if ours is None or theirs is None or ours == theirs:
                continue
            issues.append(
                Issue(
                    file,
                    line,
                    columns[name],
                    f"conflict for child {la_id}: Hearth holds {label} {_plain(ours)}, the file "
                    f"says {_plain(theirs)}. An import only completes a record; correct the "
                    "file or the child's record first",
                )
            )
    return issues


def _plain(value) -> str:
    return f"{value:%d/%m/%Y}" if isinstance(value, dt.date) else shown(value)


# Problems that are DfE queries, never refusals.
QUERY_COLUMNS = {"FormerUPN"}


def split_queries(issues: list[Issue]) -> tuple[list[Issue], list[Issue]]:
    """(problems, queries): a FormerUPN problem is reported, not refused."""
    problems = [i for i in issues if i.column not in QUERY_COLUMNS]
    queries = [i for i in issues if i.column in QUERY_COLUMNS]
    return problems, queries
