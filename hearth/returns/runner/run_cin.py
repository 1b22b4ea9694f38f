"""Run every CIN census rule of a collection year; print a JSON report.

    python run_cin.py --xml FILE --year 2026          # DfE's route: parse the XML
    python run_cin.py --tables FILE.json --year 2026  # tables built by Hearth (fast path)

Executed by the validators' virtual environment (cin_validator, pandas 1.5): imports only that
package and the standard library. The package's own ``CinValidator`` prints a rule that raises
and then counts it as passed; this runner runs each rule itself (on a deep copy of the data, as
the package does) and reports such a rule as ``not_checked``.
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import json
import sys
import xml.etree.ElementTree as ET
from pathlib import Path


def _tables_from_json(path: Path) -> dict:
    import pandas as pd

    raw = json.loads(path.read_text(encoding="utf-8"))
    tables = {}
    for name, table in raw.items():
        df = pd.DataFrame(table["rows"], columns=table["columns"], dtype=object)
        tables[name] = df.where(df.notna(), pd.NA) if len(df) else df
    return tables


def _issue_frames(ctx) -> list:
    frames = []
    for frame in (
        ctx.type_zero_issues,
        ctx.type_one_issues,
        ctx.type_two_issues,
        ctx.type_three_issues,
    ):
        if len(frame):
            frames.append(frame)
    return frames


def run(tables: dict, year: str) -> dict:
    import pandas as pd
    from cin_validator import cin_validator
    from cin_validator.rule_engine import RuleContext
    from cin_validator.rules.ruleset_utils import get_year_ruleset

    raw = copy.deepcopy(tables)
    data = cin_validator.enum_keys(cin_validator.process_data(tables))
    registry = get_year_ruleset(year)
    rules = []
    for code, rule in registry.items():
        entry = {
            "code": str(code),
            "message": (rule.message or "").strip(),
            "type": "query" if rule.rule_type.name == "QUERY" else "error",
            "status": "passed",
            "failures": [],
            "reason": "",
        }
        rules.append(entry)
        ctx = RuleContext(rule)
        try:
            rule.func(copy.deepcopy(data), ctx)
        except Exception as exc:  # the package would print this and count the rule as passed
            entry["status"] = "not_checked"
            entry["reason"] = f"rule raised {type(exc).__name__}: {exc}"
            continue
        locations: dict[tuple, list[str]] = {}
        for frame in _issue_frames(ctx):
            for rec in frame.to_dict("records"):
                table = rec.get("tables_affected")
                row = rec.get("ROW_ID")
                if table is None or row is None or pd.isna(row):
                    continue
                key = (str(table), int(row))
                column = rec.get("columns_affected")
                fields = locations.setdefault(key, [])
                if column is not None and str(column) not in fields:
                    fields.append(str(column))
        for (table, row), fields in sorted(locations.items()):
            df = raw.get(table)
            child = ""
            if df is not None and "LAchildID" in df.columns and 0 <= row < len(df):
                value = df["LAchildID"].iloc[row]
                child = "" if pd.isna(value) else str(value)
            entry["failures"].append(
                {"child_id": child, "table": table, "row": row, "fields": fields}
            )
        if len(ctx.la_level_issues):
            entry["failures"].append({"child_id": "", "table": "", "row": "", "fields": []})
        if entry["failures"]:
            entry["status"] = "failed"
    return {
        "return": "cin",
        "collection_year": year,
        "tables": {name: len(df) for name, df in raw.items()},
        "rules": rules,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--xml", type=Path)
    source.add_argument("--tables", type=Path)
    parser.add_argument("--year", required=True, help="END year, e.g. 2026 for 2025-26")
    args = parser.parse_args(argv)
    with contextlib.redirect_stdout(sys.stderr):
        if args.xml:
            from cin_validator import cin_validator

            tables = cin_validator.convert_data(ET.parse(args.xml).getroot())
        else:
            tables = _tables_from_json(args.tables)
        report = run(tables, args.year)
    json.dump(report, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
