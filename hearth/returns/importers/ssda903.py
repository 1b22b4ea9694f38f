"""Import an SSDA903 return (a directory of CSV files made by another system) into Hearth.

Tables are recognised by their exact column set, as DfE's validator does (file names are free).
``Header`` and ``Episodes`` are required; the others are optional. Everything is read and
checked first (columns, codes, dd/mm/YYYY dates, duplicates, UTF-8); then, in one transaction:

* Child (Header; UASC ``DUC`` -> ``uasc_until``, ``uasc_from`` the first DECOM on record);
* episodes -> the three timelines: PeriodOfCare (an "S" episode starts one; the REC that is
  not X1 ends it, with ``HOME_POST``, ``CIN``), LegalStatus (a run of the same LS) and
  Placement (a new one at every P/T/U/B episode; ``REASON_PLACE_CHANGE`` on the one it ends;
  its LA from ``PL_POST`` through the ONS postcode table, so Annex A can tell in from out).
  The format has no carer: a T/B episode keeps the carer label of the placement before it, any
  other move gets a new "Carer n" label, so the episodes derive back the same;
* Reviews -> LACReview; Missing -> MissingEpisode (its return interview "not recorded"); OC3 ->
  CareLeaverContact dated the birthday it reports on (and, for a young person whose care Hearth
  holds no record of, a StatedHistory care-leaver status: relevant at 17, former relevant
  after, care ended "before the history we hold"); OC2 -> health assessment, dental check,
  immunisations and development check as StatedHistory facts about the collection year (the
  return gives no date, and Hearth invents none); SDQ / Offence / SubstanceMisuse dated the end
  of the collection year; AD1 + PlacedAdoption -> Adoption (keyed by child and ``DATE_PLACED``
  = the decision date; placement order, placed and adoption order dates from the episodes: LS
  E1, PLACE A3-A6, REC E11/E12); PrevPerm -> the period's previous permanence; SWEpisodes ->
  Allocation, with a placeholder Worker (and a "Imported social workers" Team) for each
  ``SW_ID`` Hearth does not know.

Natural keys: child by LA child ID; period by (child, start) — an episode chain that does not
start with "S" joins the period of care that is open on its DECOM, so importing several years
oldest first builds one history; spells by (period, start); the rest by (child, date[, kind]).

Not carried into Hearth: ``MOTHER``/``MC_DOB`` (Hearth derives them from the child's own
child's record, which the return does not identify). DoLo (2026-27) -> DeprivationOfLibertyOrder
keyed by (child, DOLO_START); a blank DOLO_END never erases an end Hearth holds.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import time
from collections import defaultdict
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone

from hearth.access.models import User
from hearth.care.models import (
    Adoption,
    CareLeaverContact,
    HealthCheck,
    LACReview,
    LegalStatus,
    MissingEpisode,
    Offence,
    PeriodOfCare,
    Placement,
    SubstanceMisuse,
)
from hearth.casework.models import StatedHistory
from hearth.core import codes
from hearth.core.calendar import add_months, collection_year_bounds, collection_year_label
from hearth.core.geo import postcode_la
from hearth.people.models import Child
from hearth.returns.importers.common import (
    ImportFailed,
    ImportResult,
    Issue,
    Preloaded,
    Reader,
    _key,
    bulk_inserts,
    identity_conflicts,
    insert,
    shown,
    upsert,
)
from hearth.returns.ssda903 import COLUMNS
from hearth.workforce.models import Allocation, Team, Worker

DMY = "%d/%m/%Y"
SEX = {"1": "M", "2": "F", "M": "M", "F": "F", "U": "U"}
SW_REASON_TO_ALLOCATION = {
    "FCONTA": Allocation.Reason.NEW_CASE,
    "TSPROC": Allocation.Reason.TRANSFER,
    "LEFTRL": Allocation.Reason.WORKER_LEFT,
    "MANAGE": Allocation.Reason.CASELOAD,
    "CHCHAN": Allocation.Reason.CHILD_REQUEST,
}
PLACEMENT_CHANGES = frozenset("PTUB")
ADOPTION_PLACEMENTS = frozenset({"A3", "A4", "A5", "A6"})
POSTCODE_COLUMNS = {"HOME_POST", "PL_POST"}
IDENTITY_COLUMNS = {"date_of_birth": "DOB", "sex": "SEX"}
# Where a record's field came from, to report a problem the database finds under its column.
FIELD_COLUMNS = {
    "home_postcode": "HOME_POST",
    "postcode": "PL_POST",
    "urn": "URN",
    "la_of_placement": "PL_LA",
    "previous_permanence_la": "LA_PERM",
    "previous_permanence_date": "DATE_PERM",
    "la_child_id": "CHILD",
    "upn": "UPN",
    "date_of_birth": "DOB",
    "staff_id": "SW_ID",
}
IMPORTED_TEAM = "Imported social workers"

DATE_COLUMNS = {
    "DOB", "MC_DOB", "DECOM", "DEC", "REVIEW", "DUC", "DATE_INT", "DATE_MATCH", "DATE_PLACED",
    "DATE_PLACED_CEASED", "MIS_START", "MIS_END", "SW_DECOM", "SW_DEC", "DOLO_START", "DOLO_END",
}  # fmt: skip
CODE_COLUMNS = {
    "ETHNIC": codes.Ethnicity,
    "RNE": codes.ReasonNewEpisode,
    "LS": codes.LegalStatus,
    "CIN": codes.CategoryOfNeed903,
    "PLACE": codes.PlacementType,
    "PLACE_PROVIDER": codes.PlacementProvider,
    "REC": codes.ReasonEpisodeCeased,
    "REASON_PLACE_CHANGE": codes.ReasonPlaceChange,
    "REVIEW_CODE": codes.ReviewCode,
    "SDQ_REASON": codes.SDQReason,
    "IN_TOUCH": codes.InTouch,
    "ACTIV": codes.CareLeaverActivity,
    "ACCOM": codes.CareLeaverAccommodation,
    "SEX_ADOPTR": codes.SexAdopter,
    "LS_ADOPTR": codes.LegalStatusAdopter,
    "REASON_PLACED_CEASED": codes.ReasonPlacedCeased,
    "PREV_PERM": codes.PrevPerm,
    "MISSING": codes.MissingType,
    "SW_REASON": codes.SWReason,
}
FLAG_COLUMNS = {
    "CONVICTED", "HEALTH_CHECK", "IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT",
    "SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED", "FOSTER_CARE",
}  # fmt: skip
REQUIRED = {
    "Header": ("CHILD", "SEX", "ETHNIC"),
    "Episodes": ("CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER"),
    "Reviews": ("CHILD", "REVIEW", "REVIEW_CODE"),
    "Missing": ("CHILD", "MISSING", "MIS_START"),
    "SWEpisodes": ("CHILD", "SW_ID", "SW_DECOM"),
    "OC3": ("CHILD", "IN_TOUCH"),
    "PlacedAdoption": ("CHILD", "DATE_PLACED"),
    "AD1": ("CHILD", "DATE_INT"),
}
UNIQUE = {
    "Header": ("CHILD",),
    "Episodes": ("CHILD", "DECOM"),
    "Reviews": ("CHILD", "REVIEW"),
    "UASC": ("CHILD",),
    "OC2": ("CHILD",),
    "OC3": ("CHILD",),
    "AD1": ("CHILD",),
    "PlacedAdoption": ("CHILD", "DATE_PLACED"),
    "PrevPerm": ("CHILD",),
    "SWEpisodes": ("CHILD", "SW_DECOM"),
}
"""The natural key of each table's rows: a second row with the same key is a duplicate."""


class Row(dict):
    """One CSV row with parsed values, and where it came from."""

    file: str = ""
    line: int = 0


def read_903(directory: str | Path) -> tuple[dict[str, list[Row]], list[Issue]]:
    """Every table in ``directory``, parsed; and every problem found."""
    directory = Path(directory)
    issues: list[Issue] = []
    tables: dict[str, list[Row]] = {}
    by_columns = {frozenset(cols): name for name, cols in COLUMNS.items()}
    files = sorted(p for p in directory.iterdir() if p.suffix.lower() == ".csv")
    if not files:
        issues.append(Issue(directory.name, None, "", "no .csv files"))
    for path in files:
        r = Reader(path.name)
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = path.read_bytes()[: exc.start].count(b"\n") + 1
            r.problem(line, "", f"not UTF-8 text (byte {exc.object[exc.start]:#x})")
            issues += r.issues
            continue
        lines = text.splitlines()
        reader = csv.reader(lines)
        try:
            header = [h.strip() for h in next(reader, [])]
        except csv.Error as exc:
            r.problem(1, "", f"the header cannot be read ({exc})")
            issues += r.issues
            continue
        name = by_columns.get(frozenset(header))
        if name is None:
            best = max(COLUMNS, key=lambda t: len(set(COLUMNS[t]) & set(header)))
            missing = [c for c in COLUMNS[best] if c not in header]
            extra = [c for c in header if c not in COLUMNS[best]]
            detail = "; ".join(
                part
                for part in (
                    f"missing {', '.join(missing)}" if missing else "",
                    f"unexpected {', '.join(extra)}" if extra else "",
                    "a column twice" if len(set(header)) != len(header) else "",
                )
                if part
            )
            r.problem(1, ", ".join(extra or missing), f"not an SSDA903 table ({best}?: {detail})")
            issues += r.issues
            continue
        if name in tables:
            r.problem(1, "", f"a second {name} table")
            issues += r.issues
            continue
        rows: list[Row] = []
        keys: dict[tuple, int] = {}
        for n, values in _rows(reader, lines, header, r):
            if not any(v.strip() for v in values):
                continue
            if len(values) != len(header):
                r.problem(n, "", f"{len(values)} values for {len(header)} columns")
                continue
            row = Row()
            row.file, row.line = path.name, n
            for col, raw in zip(header, values, strict=True):
                raw = raw.strip()
                if col in DATE_COLUMNS:
                    row[col] = r.date(raw, n, col, DMY)
                elif col in CODE_COLUMNS:
                    row[col] = r.code(raw, CODE_COLUMNS[col], n, col)
                elif col in FLAG_COLUMNS:
                    row[col] = r.flag(raw, n, col)
                elif col == "SEX":
                    row[col] = SEX.get(raw, "")
                    if raw not in SEX:
                        r.problem(n, col, f"{shown(raw)} is not a valid code")
                elif col in POSTCODE_COLUMNS:
                    row[col] = r.postcode(raw, n, col)
                elif col in ("SDQ_SCORE", "NB_ADOPTR"):
                    row[col] = r.integer(raw, n, col, 0, 40 if col == "SDQ_SCORE" else 9)
                else:
                    row[col] = r.plain(raw, n, col)
            for col in REQUIRED.get(name, ("CHILD",)):
                if not row.get(col) and raw_value(values, header, col) == "":
                    r.problem(n, col, "is required")
            if len(row.get("CHILD", "")) > 20:
                r.problem(n, "CHILD", "is longer than 20 characters")
            key = tuple(row.get(c) for c in UNIQUE.get(name, ()))
            if key and key in keys:
                r.problem(n, ",".join(UNIQUE[name]), f"duplicate of row {keys[key]}")
            keys.setdefault(key, n)
            rows.append(row)
        tables[name] = rows
        issues += r.issues
    for name in ("Header", "Episodes"):
        if name not in tables and not any(name in i.message for i in issues):
            issues.append(Issue(directory.name, None, "", f"no {name} table"))
    issues += _check_references(tables)
    return tables, issues


def _rows(reader, lines: list[str], header: list[str], r: Reader):
    """(row number, values) for each data row; a row the csv module cannot read (a value over
    its field size limit, a stray quote) is reported with its row and column and skipped."""
    while True:
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            n = reader.line_num
            line = lines[n - 1] if 0 < n <= len(lines) else ""
            parts = line.split(",")
            column = ""
            if parts and len(parts) == len(header):
                column = header[max(range(len(parts)), key=lambda i: len(parts[i]))]
            limit = csv.field_size_limit()
            message = (
                f"a value is longer than {limit:,} characters"
                if "field larger than field limit" in str(exc)
                else f"cannot be read as CSV ({exc})"
            )
            r.problem(n, column, message)
            continue
        yield reader.line_num, values


def raw_value(values: list[str], header: list[str], col: str) -> str:
    return values[header.index(col)].strip() if col in header else ""


def _check_references(tables: dict[str, list[Row]]) -> list[Issue]:
    issues = []
    known = {r["CHILD"] for r in tables.get("Header", ())}
    for name, rows in tables.items():
        if name == "Header":
            continue
        for row in rows:
            if row.get("CHILD") and row["CHILD"] not in known:
                issues.append(Issue(row.file, row.line, "CHILD", "not in the Header table"))
    for row in tables.get("Episodes", ()):
        if row.get("DEC") and row.get("DECOM") and row["DEC"] < row["DECOM"]:
            issues.append(Issue(row.file, row.line, "DEC", "is before DECOM"))
        if row.get("DEC") and not row.get("REC"):
            issues.append(Issue(row.file, row.line, "REC", "is required when DEC is given"))
    return issues


def _by_file(rows) -> dict[str, list[Row]]:
    out: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        out[row.file].append(row)
    return out


def _infer_year(tables: dict[str, list[Row]]) -> str:
    days = [
        r[c]
        for name, cols in (("Episodes", ("DECOM", "DEC")), ("Reviews", ("REVIEW",)))
        for r in tables.get(name, ())
        for c in cols
        if r.get(c)
    ]
    return collection_year_label(max(days)) if days else collection_year_label(dt.date.today())


def header_conflicts(tables: dict[str, list[Row]]) -> list[Issue]:
    """Where the Header disagrees with a child Hearth holds (date of birth, sex)."""
    return [
        issue
        for name, rows in _by_file(tables.get("Header", ())).items()
        for issue in identity_conflicts(
            file=name,
            rows=[
                (
                    row.line,
                    row["CHILD"],
                    {"date_of_birth": row.get("DOB"), "sex": row["SEX"]},
                    IDENTITY_COLUMNS,
                )
                for row in rows
            ],
        )
    ]


def import_903(
    directory: str | Path, *, acting_user: User, year: str | None = None
) -> ImportResult:
    """Import one SSDA903 return, all or nothing (``ImportFailed`` lists the problems).

    ``year`` (e.g. "2025-26") dates what the return says happened "in the year" (OC2); by
    default the collection year of the latest episode or review date in the files."""
    started = time.perf_counter()
    tables, issues = read_903(directory)
    if issues:
        raise ImportFailed(issues)
    conflicts = header_conflicts(tables)
    if conflicts:
        raise ImportFailed(conflicts)
    year = year or _infer_year(tables)
    where: list = [None, "", ""]

    def write(*, bulk: bool) -> ImportResult:
        result = ImportResult()
        with transaction.atomic():
            with bulk_inserts() if bulk else contextlib.nullcontext():
                _Writer(tables, year, result, where).run()
            if result.changed:
                from hearth.access import audit

                audit.record(
                    user=acting_user,
                    action="create",
                    what=f"Imported SSDA903 {year} from {Path(directory).name}",
                    detail={"created": dict(result.created), "updated": dict(result.updated)},
                )
        return result

    try:
        try:
            result = write(bulk=True)
        except (IntegrityError, DatabaseError):
            # Written in bulk, a constraint cannot say which row broke it: nothing was kept, so
            # write record by record to find the file, row and column.
            result = write(bulk=False)
    except (IntegrityError, ValidationError, DatabaseError) as exc:
        message = "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
        column = where[2]
        if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
            fields = [f for f in exc.error_dict if f in FIELD_COLUMNS]
            column = FIELD_COLUMNS[fields[0]] if fields else column
        raise ImportFailed([Issue(where[0] or "", where[1], column, message[:300])]) from exc
    result.seconds = time.perf_counter() - started
    return result


class _Writer:
    def __init__(self, tables, year, result: ImportResult, where: list):
        self.t = tables
        self.year = year
        self.start, self.end = collection_year_bounds(year)
        self.result = result
        self.where = where
        self.children: dict[str, Child] = {}
        self.periods: dict[int, list[PeriodOfCare]] = defaultdict(list)

    def at(self, row: Row, column: str = "") -> None:
        self.where[:] = [row.file, row.line, column]

    def upsert(self, model, key: dict, values: dict, *, obj=None):
        """``upsert`` matched against every live record of the return's children, loaded once
        per model and key (or against ``obj`` when the key is its primary key)."""
        if obj is not None:
            return upsert(self.result, model, key, values, cache={_key(key): obj})
        fields = tuple(sorted(key))
        cache = None
        if "child" in key:
            cache = self.caches.get((model, fields))
            if cache is None:
                cache = self.caches[(model, fields)] = Preloaded(
                    model, fields, child__la_child_id__in=self.la_ids
                )
        return upsert(self.result, model, key, values, cache=cache)

    def by_child(self, name: str) -> dict[str, list[Row]]:
        out = defaultdict(list)
        for row in self.t.get(name, ()):
            out[row["CHILD"]].append(row)
        return out

    def _preload(self) -> None:
        """The children the return names and their periods of care, in two queries rather than
        two per child."""
        la_ids = self.la_ids = sorted({row["CHILD"] for row in self.t["Header"]})
        self.caches: dict[tuple, Preloaded] = {}
        self.known_children = {
            c.la_child_id: c for c in Child.objects.filter(la_child_id__in=la_ids).order_by("-pk")
        }
        self.known_periods: dict[int, list[PeriodOfCare]] = defaultdict(list)
        for period in (
            PeriodOfCare.objects.live()
            .filter(child__la_child_id__in=la_ids)
            .order_by("start_date", "pk")
        ):
            self.known_periods[period.child_id].append(period)
        self.placements: dict[int, dict[dt.date, Placement]] = defaultdict(dict)
        for placement in (
            Placement.objects.live()
            .filter(child__la_child_id__in=la_ids, period__isnull=False)
            .order_by("-pk")  # the lowest pk wins a start date, as a query per period did
        ):
            self.placements[placement.period_id][placement.start_date] = placement

    def run(self) -> None:
        self._preload()
        uasc = {r["CHILD"]: r for r in self.t.get("UASC", ())}
        episodes = self.by_child("Episodes")
        for row in self.t["Header"]:
            self.at(row)
            self._child(row, uasc.get(row["CHILD"]), episodes.get(row["CHILD"], []))
        for cid, rows in episodes.items():
            self._episodes(self.children[cid], sorted(rows, key=lambda r: r["DECOM"]))
        self._prev_perm()
        self._reviews()
        self._missing()
        self._oc2()
        self._oc3()
        self._adoption()
        self._sw_episodes()
        self._dolo()

    # --- children ---------------------------------------------------------------------------

    def _child(self, row: Row, uasc: Row | None, episodes: list[Row]) -> None:
        upn = row.get("UPN", "")
        values = {"sex": row["SEX"], "date_of_birth": row.get("DOB"), "ethnicity": row["ETHNIC"]}
        if upn.startswith("UN"):
            values["upn_unknown_reason"] = upn
        elif upn:
            values["upn"] = upn
        if uasc and uasc.get("DUC"):
            first = min((e["DECOM"] for e in episodes), default=uasc["DUC"])
            values["uasc_until"] = uasc["DUC"]
            existing = self.known_children.get(row["CHILD"])
            if not (existing and existing.uasc_from):
                values["uasc_from"] = min(first, uasc["DUC"])
        child = self.known_children.get(row["CHILD"])
        if child is None:
            child = Child(
                la_child_id=row["CHILD"],
                first_name="Imported",
                last_name=row["CHILD"],
                **{k: v for k, v in values.items() if v is not None},
            )
            insert(child)
            self.result.created["Child"] += 1
        else:
            if values["sex"] == "U":
                values["sex"] = None  # the file does not know; it never erases what Hearth holds
            key = {"la_child_id": row["CHILD"]}
            child = upsert(self.result, Child, key, values, cache={_key(key): child})
        self.children[row["CHILD"]] = child
        self.periods[child.pk] = list(self.known_periods.get(child.pk, []))

    # --- episodes -> periods, legal statuses, placements -------------------------------------

    def _period_for(self, child: Child, row: Row) -> PeriodOfCare | None:
        day = row["DECOM"]
        for p in self.periods[child.pk]:
            if p.start_date <= day and (p.end_date is None or day <= p.end_date):
                return p
        return None

    def _episodes(self, child: Child, rows: list[Row]) -> None:
        chains: list[list[Row]] = []
        for row in rows:
            if not chains or row["RNE"] == "S" or chains[-1][-1].get("REC") not in ("X1", None):
                chains.append([row])
            else:
                chains[-1].append(row)
        for chain in chains:
            self._chain(child, chain)

    def _chain(self, child: Child, chain: list[Row]) -> None:
        first, last = chain[0], chain[-1]
        self.at(first, "DECOM")
        ended = last.get("DEC") if last.get("REC") not in ("X1", "", None) else None
        period = None if first["RNE"] == "S" else self._period_for(child, first)
        if period is None:
            if first["RNE"] != "S":
                self.result.notices.append(
                    f"{first.file} row {first.line}: child {first['CHILD']}'s care began before "
                    f"this return (RNE {first['RNE']}); recorded from {first['DECOM']:%d/%m/%Y}"
                )
            period = self.upsert(
                PeriodOfCare,
                {"child": child, "start_date": first["DECOM"]},
                {
                    "end_date": ended,
                    "reason_ceased": last.get("REC") if ended else None,
                    "category_of_need": first["CIN"],
                    "home_postcode": first.get("HOME_POST", ""),
                },
            )
            if period not in self.periods[child.pk]:
                self.periods[child.pk].append(period)
        elif ended:
            period = self.upsert(
                PeriodOfCare,
                {"pk": period.pk},
                {"end_date": ended, "reason_ceased": last["REC"]},
                obj=period,
            )
            self.periods[child.pk] = [
                period if p.pk == period.pk else p for p in self.periods[child.pk]
            ]
        # Legal statuses: runs of the same LS.
        runs: list[list[Row]] = []
        for row in chain:
            if runs and runs[-1][-1]["LS"] == row["LS"]:
                runs[-1].append(row)
            else:
                runs.append([row])
        for i, run in enumerate(runs):
            self.at(run[0], "LS")
            end = runs[i + 1][0]["DECOM"] if i + 1 < len(runs) else ended
            self.upsert(
                LegalStatus,
                {"child": child, "period": period, "start_date": run[0]["DECOM"]},
                {"code": run[0]["LS"], "end_date": end},
            )
        # Placements: a new one at each placement change.
        existing = dict(self.placements[period.pk])
        stays: list[list[Row]] = []
        for n, row in enumerate(chain):
            if n == 0 or row["RNE"] in PLACEMENT_CHANGES:
                stays.append([row])
            else:
                stays[-1].append(row)
        carer = ""
        before = [p for d, p in sorted(existing.items()) if d < stays[0][0]["DECOM"]]
        if before:
            carer = before[-1].carer_name
        count = len(existing)
        for i, stay in enumerate(stays):
            head = stay[0]
            self.at(head, "PLACE")
            held = existing.get(head["DECOM"])
            if held is not None:
                carer = held.carer_name
            elif head["RNE"] in ("T", "B") and carer:
                pass  # same carer as the placement before
            else:
                count += 1
                carer = f"Carer {count}"
            end = stays[i + 1][0]["DECOM"] if i + 1 < len(stays) else ended
            reason = stay[-1].get("REASON_PLACE_CHANGE") or None
            placement = self.upsert(
                Placement,
                {"child": child, "period": period, "start_date": head["DECOM"]},
                {
                    "place": head["PLACE"],
                    "provider": head["PLACE_PROVIDER"],
                    "postcode": head.get("PL_POST", ""),
                    "la_of_placement": (
                        postcode_la(head["PL_POST"]) or "" if head.get("PL_POST") else ""
                    ),
                    "urn": head.get("URN", ""),
                    "carer_name": carer if held is None else None,
                    "end_date": end,
                    "reason_changed": reason,
                },
            )
            self.placements[period.pk].setdefault(placement.start_date, placement)

    def _prev_perm(self) -> None:
        for row in self.t.get("PrevPerm", ()):
            self.at(row, "PREV_PERM")
            child = self.children[row["CHILD"]]
            started = [p for p in self.periods[child.pk] if self.start <= p.start_date <= self.end]
            if not started or row.get("PREV_PERM") in ("", "Z1"):
                continue
            latest = max(started, key=lambda p: p.start_date)
            self.upsert(
                PeriodOfCare,
                {"pk": latest.pk},
                {
                    "previous_permanence": row["PREV_PERM"],
                    "previous_permanence_la": row.get("LA_PERM", ""),
                    "previous_permanence_date": row.get("DATE_PERM", ""),
                },
                obj=latest,
            )

    def _containing(self, child: Child, day: dt.date) -> PeriodOfCare | None:
        for p in self.periods[child.pk]:
            if p.start_date <= day and (p.end_date is None or day <= p.end_date):
                return p
        return None

    def _reviews(self) -> None:
        for row in self.t.get("Reviews", ()):
            self.at(row, "REVIEW")
            child = self.children[row["CHILD"]]
            period = self._containing(child, row["REVIEW"])
            if period is None:
                raise ValidationError("the review is not during a period of care in the return")
            self.upsert(
                LACReview,
                {"child": child, "date": row["REVIEW"]},
                {"period": period, "participation": row["REVIEW_CODE"]},
            )

    def _missing(self) -> None:
        """Keyed by (child, kind, start date, n): a child can go missing twice in a day."""
        tz = timezone.get_current_timezone()
        nth: dict[tuple, int] = defaultdict(int)
        held: dict[tuple, list[MissingEpisode]] = defaultdict(list)
        for episode in (
            MissingEpisode.objects.live()
            .filter(child__la_child_id__in=self.la_ids)
            .order_by("started_at", "pk")
        ):
            day = timezone.localdate(episode.started_at)
            held[(episode.child_id, episode.kind, day)].append(episode)
        for row in self.t.get("Missing", ()):
            self.at(row, "MIS_START")
            child = self.children[row["CHILD"]]
            key = (child.pk, row["MISSING"], row["MIS_START"])
            n = nth[key]
            nth[key] += 1
            existing = held[(child.pk, row["MISSING"], row["MIS_START"])]
            back = dt.datetime.combine(row["MIS_END"], dt.time(12), tz) if row["MIS_END"] else None
            began = dt.datetime.combine(row["MIS_START"], dt.time(12, n), tz)
            if back and back < began:
                back = began
            lookup = (
                {"pk": existing[n].pk}
                if n < len(existing)
                else {"child": child, "kind": row["MISSING"], "started_at": began}
            )
            values = {"returned_at": back}
            if n >= len(existing):
                values["return_interview_recorded"] = False  # the format does not say
            if n < len(existing):
                self.upsert(MissingEpisode, lookup, values, obj=existing[n])
            else:
                self.upsert(MissingEpisode, lookup, values)

    def _oc2(self) -> None:
        day = self.end
        kinds = {
            "HEALTH_ASSESSMENT": HealthCheck.Kind.HEALTH_ASSESSMENT,
            "TEETH_CHECK": HealthCheck.Kind.DENTAL,
            "IMMUNISATIONS": HealthCheck.Kind.IMMUNISATIONS,
            "HEALTH_CHECK": HealthCheck.Kind.DEVELOPMENT,
        }
        in_year = {"date__gte": self.start, "date__lte": self.end}
        checked = set(
            HealthCheck.objects.live()
            .filter(child__la_child_id__in=self.la_ids, **in_year)
            .values_list("child_id", "kind")
        )
        convicted = set(
            Offence.objects.filter(
                child__la_child_id__in=self.la_ids, outcome=Offence.Outcome.CONVICTION, **in_year
            ).values_list("child_id", flat=True)
        )
        for row in self.t.get("OC2", ()):
            self.at(row)
            child = self.children[row["CHILD"]]
            for col, kind in kinds.items():
                # "Had one in the year" gives no date: a stated fact, never a dated check.
                if row.get(col) and (child.pk, kind) not in checked:
                    self.upsert(
                        StatedHistory,
                        {"child": child, "fact": kind.value, "about": day},
                        {"value": "1", "source_file": row.file},
                    )
            if row.get("SDQ_SCORE") is not None or row.get("SDQ_REASON"):
                self.upsert(
                    HealthCheck,
                    {"child": child, "kind": HealthCheck.Kind.SDQ, "date": day},
                    {"sdq_score": row.get("SDQ_SCORE"), "sdq_reason": row.get("SDQ_REASON")},
                )
            if row.get("CONVICTED") and child.pk not in convicted:
                self.upsert(
                    Offence,
                    {"child": child, "date": day, "outcome": Offence.Outcome.CONVICTION},
                    {},
                )
            if row.get("SUBSTANCE_MISUSE"):
                self.upsert(
                    SubstanceMisuse,
                    {"child": child, "identified_on": day},
                    {
                        "intervention_received": bool(row.get("INTERVENTION_RECEIVED")),
                        "intervention_offered": bool(
                            row.get("INTERVENTION_OFFERED") or row.get("INTERVENTION_RECEIVED")
                        ),
                    },
                )

    def _oc3(self) -> None:
        for row in self.t.get("OC3", ()):
            self.at(row)
            child = self.children[row["CHILD"]]
            dob = child.date_of_birth
            birthday = next(
                (
                    add_months(dob, n=age * 12)
                    for age in (17, 18, 19, 20, 21)
                    if dob and self.start <= add_months(dob, n=age * 12) <= self.end
                ),
                self.end,
            )
            if not self.periods[child.pk]:
                # Left care before the history we hold: the return's word is all there is.
                age = birthday.year - dob.year if dob else None
                self.upsert(
                    StatedHistory,
                    {"child": child, "fact": StatedHistory.Fact.CARE_LEAVER, "about": None},
                    {
                        "value": "relevant" if age == 17 else "former_relevant",
                        "source_file": row.file,
                    },
                )
            self.upsert(
                CareLeaverContact,
                {"child": child, "date": birthday},
                {
                    "in_touch": row["IN_TOUCH"],
                    "activity": row.get("ACTIV", ""),
                    "accommodation": row.get("ACCOM", ""),
                },
            )

    def _adoption(self) -> None:
        ad1 = {r["CHILD"]: r for r in self.t.get("AD1", ())}
        placed = self.by_child("PlacedAdoption")
        for cid in sorted(set(ad1) | set(placed)):
            child = self.children[cid]
            decisions = {r["DATE_PLACED"]: r for r in placed.get(cid, ())}
            if cid in ad1 and ad1[cid]["DATE_INT"] not in decisions:
                decisions[ad1[cid]["DATE_INT"]] = None
            for decided, row in sorted(decisions.items()):
                self.at(row or ad1[cid], "DATE_PLACED" if row else "DATE_INT")
                values = {"period": self._containing(child, decided)}
                if row is not None and row.get("DATE_PLACED_CEASED"):
                    values |= {
                        "no_longer_placed_date": row["DATE_PLACED_CEASED"],
                        "no_longer_reason": row.get("REASON_PLACED_CEASED", ""),
                    }
                a = ad1.get(cid)
                if a is not None and a["DATE_INT"] == decided:
                    values |= {
                        "match_date": a.get("DATE_MATCH"),
                        "placed_with_foster_carers": bool(a.get("FOSTER_CARE")),
                        "number_of_adopters": a.get("NB_ADOPTR"),
                        "adopters_sex": a.get("SEX_ADOPTR", ""),
                        "adopters_legal_status": a.get("LS_ADOPTR", ""),
                    }
                values |= self._adoption_milestones(cid, decided, sorted(decisions))
                self.upsert(Adoption, {"child": child, "decision_date": decided}, values)

    def _dolo(self) -> None:
        from hearth.care.models import DeprivationOfLibertyOrder

        for row in self.t.get("DoLo", ()):
            self.at(row, "DOLO_START")
            if not row.get("DOLO_START"):
                raise ValidationError("the order has no start date")
            if row.get("DOLO_END") and row["DOLO_END"] < row["DOLO_START"]:
                self.at(row, "DOLO_END")
                raise ValidationError("the order ends before it starts")
            self.upsert(
                DeprivationOfLibertyOrder,
                {"child": self.children[row["CHILD"]], "start_date": row["DOLO_START"]},
                {"end_date": row.get("DOLO_END") or None},
            )

    def _adoption_milestones(self, cid: str, decided: dt.date, decisions: list) -> dict:
        """The placement order, placed-for-adoption and adoption order dates the episodes carry
        for the plan decided on ``decided`` (until the next decision): the start of a legal
        status E1, of a placement A3-A6, and the DEC of an episode ceased E11/E12. A date is
        taken only where the episode says the change happened that day (RNE S, or a change of
        legal status or placement); a status or placement already in force when the held
        history begins stays unknown rather than dated on the first episode we hold."""
        later = [d for d in decisions if d > decided]
        until = later[0] if later else dt.date.max
        rows = sorted(self.by_child("Episodes").get(cid, ()), key=lambda r: r["DECOM"])
        out: dict[str, dt.date] = {}
        previous = None
        for row in rows:
            day = row["DECOM"]
            if decided <= day < until:
                status_changed = row["RNE"] in ("S", "L", "U", "B") and (
                    previous is None or previous["LS"] != row["LS"] or row["RNE"] == "S"
                )
                placement_changed = row["RNE"] in ("S", "P", "T", "U", "B")
                if row["LS"] == "E1" and status_changed:
                    out.setdefault("placement_order_date", day)
                if row["PLACE"] in ADOPTION_PLACEMENTS and placement_changed:
                    out.setdefault("placed_date", day)
            ceased = row.get("DEC")
            if ceased and row.get("REC") in codes.ADOPTED_REASONS and decided <= ceased < until:
                out.setdefault("adoption_order_date", ceased)
            previous = row
        if "placed_date" not in out:
            out.pop("adoption_order_date", None)  # the order needs a placement Hearth can date
        return out

    def _sw_episodes(self) -> None:
        rows = self.t.get("SWEpisodes", ())
        if not rows:
            return
        team = None
        workers: dict[str, Worker] = {}
        for row in rows:
            self.at(row, "SW_ID")
            sw_id = row["SW_ID"]
            worker = workers.get(sw_id)
            if worker is None:
                worker = (
                    Worker.objects.filter(swe_number=sw_id).first()
                    or Worker.objects.filter(staff_id=sw_id[:12]).first()
                    or (
                        Worker.objects.filter(staff_id=sw_id[2:14]).first()
                        if sw_id.startswith("XX")
                        else None
                    )
                )
            if worker is None:
                if team is None:
                    team = upsert(
                        self.result,
                        Team,
                        {"name": IMPORTED_TEAM},
                        {"kind": Team.Kind.SAFEGUARDING},
                    )
                worker = upsert(
                    self.result,
                    Worker,
                    {"staff_id": sw_id[:12]},
                    {
                        "first_name": "Imported",
                        "last_name": sw_id,
                        "role": Worker.Role.SOCIAL_WORKER,
                        "qualification": Worker.Qualification.SOCIAL_WORK,
                        "employment": Worker.Employment.PERMANENT,
                        "team": team,
                        "swe_number": sw_id if sw_id.upper().startswith("SW") else "",
                        "start_date": min(r["SW_DECOM"] for r in rows if r["SW_ID"] == sw_id),
                    },
                )
            workers[sw_id] = worker
            self.upsert(
                Allocation,
                {
                    "child": self.children[row["CHILD"]],
                    "kind": Allocation.Kind.SOCIAL_WORKER,
                    "start_date": row["SW_DECOM"],
                },
                {
                    "worker": worker,
                    "team": worker.team,
                    "end_date": row.get("SW_DEC"),
                    "reason": SW_REASON_TO_ALLOCATION.get(
                        row.get("SW_REASON", ""), Allocation.Reason.OTHER
                    ),
                },
            )
