"""Writes for inspection readiness: the self-assessment, its action plans and the ILACS register.

Every write is in a transaction with its audit entry, so the audit log and the records agree.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from hearth.access import audit
from hearth.access.models import AuditEntry, User
from hearth.core.spreadsheet import starts_like_formula
from hearth.insight.indicators import REGISTRY
from hearth.insight.models import (
    Action,
    ActionUpdate,
    Grade,
    InspectionOutcome,
    SelfAssessmentEntry,
    StatisticalNeighbour,
)

# --- Self-assessment ---------------------------------------------------------------------------


def _check_indicators(keys) -> list[str]:
    keys = list(dict.fromkeys(keys or []))
    unknown = [k for k in keys if k not in REGISTRY]
    if unknown:
        raise ValidationError({"indicators": f"Unknown indicator: {', '.join(unknown)}"})
    return keys


@transaction.atomic
def entry_create(
    *, kind: str, title: str, narrative: str, indicators, acting_user, request=None
) -> SelfAssessmentEntry:
    entry = SelfAssessmentEntry.objects.create(
        kind=kind,
        title=title.strip(),
        narrative=narrative.strip(),
        indicators=_check_indicators(indicators),
        created_by=acting_user,
    )
    audit.record(
        request=request,
        user=acting_user,
        action=AuditEntry.Action.CREATE,
        what=f"Self-assessment {entry.get_kind_display().lower()}: {entry.title}",
        detail={"entry": entry.pk, "indicators": entry.indicators},
    )
    return entry


@transaction.atomic
def entry_update(
    *,
    entry: SelfAssessmentEntry,
    expected_version: int,
    kind: str,
    title: str,
    narrative: str,
    indicators,
    acting_user,
    request=None,
) -> SelfAssessmentEntry:
    fresh = SelfAssessmentEntry.objects.select_for_update().get(pk=entry.pk)
    if fresh.version != expected_version:
        raise ValidationError("Someone else changed this entry. Reload the page and try again.")
    before = {"kind": fresh.kind, "title": fresh.title, "indicators": fresh.indicators}
    fresh.kind, fresh.title, fresh.narrative = kind, title.strip(), narrative.strip()
    fresh.indicators = _check_indicators(indicators)
    fresh.version += 1
    fresh.save()
    audit.record(
        request=request,
        user=acting_user,
        action=AuditEntry.Action.UPDATE,
        what=f"Self-assessment entry changed: {fresh.title}",
        detail={"entry": fresh.pk, "before": before, "indicators": fresh.indicators},
    )
    return fresh


@transaction.atomic
def action_create(
    *,
    entry: SelfAssessmentEntry,
    description: str,
    owner,
    due_date: dt.date,
    evidence: str = "",
    acting_user,
    request=None,
) -> Action:
    action = Action.objects.create(
        entry=entry,
        description=description.strip(),
        owner=owner,
        due_date=due_date,
        evidence=evidence.strip(),
    )
    ActionUpdate.objects.create(
        action=action,
        at=timezone.now(),
        by=acting_user,
        status=action.status,
        due_date=due_date,
        progress="Action added to the plan.",
        evidence=action.evidence,
    )
    audit.record(
        request=request,
        user=acting_user,
        action=AuditEntry.Action.CREATE,
        what=f"Self-assessment action: {action.description}",
        detail={"entry": entry.pk, "action": action.pk, "owner": owner.pk, "due": due_date},
    )
    return action


@transaction.atomic
def action_update(
    *,
    action: Action,
    expected_version: int,
    status: str,
    due_date: dt.date,
    progress: str,
    evidence: str,
    acting_user,
    request=None,
) -> ActionUpdate:
    """Record progress on an action: its new status, due date and evidence, with a note. Each
    update is kept (the progress history); the action shows the latest."""
    fresh = Action.objects.select_for_update().get(pk=action.pk)
    if fresh.version != expected_version:
        raise ValidationError("Someone else updated this action. Reload the page and try again.")
    if not progress.strip():
        raise ValidationError({"progress": "Enter the progress made"})
    before = {"status": fresh.status, "due_date": fresh.due_date}
    fresh.status, fresh.due_date, fresh.evidence = status, due_date, evidence.strip()
    fresh.version += 1
    fresh.save()
    update = ActionUpdate.objects.create(
        action=fresh,
        at=timezone.now(),
        by=acting_user,
        status=status,
        due_date=due_date,
        progress=progress.strip(),
        evidence=fresh.evidence,
    )
    audit.record(
        request=request,
        user=acting_user,
        action=AuditEntry.Action.UPDATE,
        what=f"Self-assessment action updated: {fresh.description}",
        detail={"action": fresh.pk, "before": before, "status": status, "due_date": due_date},
    )
    return update


# --- The ILACS register --------------------------------------------------------------------------

COLUMNS = (
    "la_code",
    "la_name",
    "inspection_date",
    "year",
    "framework",
    "impact_of_leaders",
    "help_and_protection",
    "children_in_care",
    "overall_effectiveness",
    "source",
    "notes",
)
REQUIRED = ("la_name", "framework", *InspectionOutcome.JUDGEMENTS, "source")

_GRADES = {
    "outstanding": Grade.OUTSTANDING,
    "good": Grade.GOOD,
    "requires improvement": Grade.REQUIRES_IMPROVEMENT,
    "requires improvement to be good": Grade.REQUIRES_IMPROVEMENT,
    "requires_improvement": Grade.REQUIRES_IMPROVEMENT,
    "ri": Grade.REQUIRES_IMPROVEMENT,
    "inadequate": Grade.INADEQUATE,
}


@dataclass(frozen=True)
class LoadError:
    file: str
    row: int  # the line number in the file (the header is line 1); 0 for the file itself
    column: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}" + (f", line {self.row}" if self.row else "")
        where += f", column {self.column}" if self.column else ""
        return f"{where}: {self.message}"


class LoadFailed(Exception):
    def __init__(self, errors: list[LoadError]):
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


def _register_rows(reader, name: str, errors: list[LoadError]):
    """(line, row) for each row; a row the csv module cannot read (a value over its field size
    limit) is an error on that line, not a traceback."""
    while True:
        try:
            raw = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            line = reader.reader.line_num  # DictReader's own line_num only moves on success
            errors.append(LoadError(name, line, "", f"Cannot be read as CSV ({exc})"))
            continue
        yield reader.line_num, raw


def parse_register(text: str, *, name: str) -> list[dict]:
    """Rows of a register CSV as model fields; every problem in the file is reported (file, line,
    column), and nothing is returned unless there are none."""
    errors: list[LoadError] = []
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    headers = [h.strip() for h in (reader.fieldnames or [])]
    missing = [c for c in REQUIRED if c not in headers]
    if "inspection_date" not in headers and "year" not in headers:
        missing.append("inspection_date or year")
    unknown = [h for h in headers if h not in COLUMNS]
    if missing:
        errors.append(LoadError(name, 1, "", f"Missing column(s): {', '.join(missing)}"))
    if unknown:
        errors.append(LoadError(name, 1, "", f"Unknown column(s): {', '.join(unknown)}"))
    if errors:
        raise LoadFailed(errors)
    rows, seen = [], {}
    for line, raw in _register_rows(reader, name, errors):
        row = {(k or "").strip(): (v or "").strip() for k, v in raw.items()}
        if not any(row.values()):
            continue

        def bad(column: str, message: str, line=line) -> None:
            errors.append(LoadError(name, line, column, message))

        for col in ("la_name", "source", "notes"):
            if starts_like_formula(row.get(col, "")):
                bad(col, "Must not start with =, +, - or @ (a spreadsheet would run it)")

        out: dict = {"la_code": row.get("la_code", ""), "la_name": row["la_name"]}
        for col in REQUIRED:
            if not row.get(col):
                bad(col, "Required")
        if out["la_code"] and not (out["la_code"].isdigit() and len(out["la_code"]) == 3):
            bad("la_code", f"Expected a 3-digit DfE LA number, got {out['la_code']!r}")
        day = None
        if row.get("inspection_date"):
            try:
                day = dt.date.fromisoformat(row["inspection_date"])
            except ValueError:
                bad("inspection_date", f"Expected YYYY-MM-DD, got {row['inspection_date']!r}")
        year = None
        if row.get("year"):
            if row["year"].isdigit() and 2000 <= int(row["year"]) <= 2100:
                year = int(row["year"])
            else:
                bad("year", f"Expected a year such as 2024, got {row['year']!r}")
        if day and year and day.year != year:
            bad("year", f"Year {year} does not match the inspection date {day}")
        if (
            not day
            and not year
            and not any(e.row == line and e.column in ("inspection_date", "year") for e in errors)
        ):
            bad("inspection_date", "Give the inspection date (or at least the year)")
        out["inspection_date"] = day
        out["inspection_year"] = day.year if day else year
        framework = row.get("framework", "").upper()
        if framework and framework not in InspectionOutcome.Framework.values:
            bad("framework", f"Expected ILACS or SIF, got {row['framework']!r}")
        out["framework"] = framework
        for col in InspectionOutcome.JUDGEMENTS:
            value = row.get(col, "")
            grade = _GRADES.get(value.lower().replace("\u2018", "").replace("\u2019", ""))
            if value and grade is None:
                bad(
                    col,
                    f"Expected outstanding, good, requires improvement or inadequate, got {value!r}",
                )
            out[col] = grade
        out["source"] = row.get("source", "")[:300]
        out["notes"] = row.get("notes", "")[:300]
        key = (out["la_name"].lower(), out["inspection_year"], framework)
        if key in seen and out["la_name"]:
            bad("la_name", f"Same LA, year and framework as line {seen[key]}")
        seen[key] = line
        rows.append(out)
    if not rows and not errors:
        errors.append(LoadError(name, 0, "", "The file has no rows"))
    if errors:
        raise LoadFailed(errors)
    return rows


@transaction.atomic
def load_register(text: str, *, name: str, acting_user: User) -> dict[str, int]:
    """Load a register CSV: all rows or none. A row for an LA, year and framework already in the
    register replaces it (a corrected file can be loaded again)."""
    rows = parse_register(text, name=name)
    created = updated = 0
    for row in rows:
        _obj, made = InspectionOutcome.objects.update_or_create(
            la_name=row["la_name"],
            inspection_year=row["inspection_year"],
            framework=row["framework"],
            defaults=row,
        )
        created += made
        updated += not made
    audit.record(
        user=acting_user,
        action=AuditEntry.Action.CREATE,
        what="ILACS register loaded",
        detail={"file": name, "created": created, "updated": updated, "username": "command"},
    )
    return {"created": created, "updated": updated}


@transaction.atomic
def set_neighbours(names: list[str], *, acting_user: User) -> list[StatisticalNeighbour]:
    """Replace the statistical neighbour list. Each item is an LA name, a 3-digit DfE LA number,
    or "NNN Name"."""
    StatisticalNeighbour.objects.all().delete()
    out = []
    for position, item in enumerate([n.strip() for n in names if n.strip()], start=1):
        code, _sep, rest = item.partition(" ")
        if code.isdigit() and len(code) == 3:
            la_code, la_name = code, rest.strip() or code
        else:
            la_code, la_name = "", item
        out.append(
            StatisticalNeighbour.objects.create(position=position, la_code=la_code, la_name=la_name)
        )
    audit.record(
        user=acting_user,
        action=AuditEntry.Action.UPDATE,
        what="Statistical neighbours set",
        detail={"neighbours": [str(n) for n in out], "username": "command"},
    )
    return out
