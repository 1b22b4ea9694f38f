"""Run every SSDA903 rule of a collection year on a directory of CSVs; print a JSON report.

    python run_903.py --dir DIR [--prev-dir DIR] --year 2026 --la E06000031

Executed by the validators' virtual environment (lac_validator, pandas 1.5): imports only that
package and the standard library. Each rule runs on its own copy of the data, as the package's
own ``LacValidator`` does; a rule that raises, or that returns ``{}`` (the package's signal that
a table it needs is missing), is reported as ``not_checked``, never as passed.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import sys
import traceback
from pathlib import Path


def _files(directory: Path, description: str) -> list[dict]:
    return [
        {"name": p.name, "description": description, "file_content": p.read_bytes()}
        for p in sorted(directory.glob("*.csv"))
    ]


def run(directory: Path, prev_dir: Path | None, year: str, la: str) -> dict:
    import pandas as pd
    from lac_validator.datastore import copy_datastore, create_datastore
    from lac_validator.ingress import read_from_text
    from lac_validator.rules.ruleset_utils import get_year_ruleset

    files = _files(directory, "This year")
    if prev_dir is not None:
        files += _files(prev_dir, "Prev year")
    dfs, extras = read_from_text(raw_files=files)
    metadata = {"collectionYear": year, "localAuthority": la, **extras}
    store = create_datastore(dfs, metadata)
    pristine = {k: v if k == "metadata" else v.copy(deep=True) for k, v in store.items()}
    registry = get_year_ruleset(year)

    rules = []
    for code, rule in registry.items():
        entry = {
            "code": str(code),
            "message": rule.message or "",
            "type": "query" if str(code).upper().endswith("Q") else "error",
            "fields": list(rule.affected_fields or []),
            "tables": [t for t in (rule.tables or []) if t],
            "status": "passed",
            "failures": [],
            "reason": "",
        }
        rules.append(entry)
        try:
            # The package's copy_datastore is shallow, and with pandas 1.5 a rule that rewrites
            # a column (365 fills open episodes' DEC with the year's end) changes it for every
            # later rule: the DoLo rules (2026-27; 707 then saw care ended) get a deep copy of
            # the tables as read. Other rules keep the package's own behaviour, so earlier
            # years' results stand.
            deep = "DoLo" in (rule.tables or [])
            data = (
                {k: v if k == "metadata" else v.copy(deep=True) for k, v in pristine.items()}
                if deep
                else copy_datastore(store)
            )
            result = rule.func(data)
        except Exception as exc:  # the rule cannot run on this data
            entry["status"] = "not_checked"
            entry["reason"] = f"rule raised {type(exc).__name__}: {exc}"
            logging.debug(traceback.format_exc())
            continue
        if result == {}:
            entry["status"] = "not_checked"
            missing = [t for t in entry["tables"] if t not in store]
            entry["reason"] = (
                f"needs table(s) not supplied: {', '.join(missing)}"
                if missing
                else "needs data not supplied (e.g. last year's files or Ofsted's provider lists)"
            )
            continue
        fields = entry["fields"]
        for table, locations in result.items():
            locations = [i for i in locations if pd.notna(i)]
            if not locations:
                continue
            df = store.get(table)
            for loc in sorted(set(locations), key=str):
                child = ""
                if df is not None and "CHILD" in df.columns and loc in df.index:
                    value = df.at[loc, "CHILD"]
                    child = "" if pd.isna(value) else str(value)
                present = [f for f in fields if df is not None and f in df.columns]
                values = {}
                if df is not None and loc in df.index:
                    for f in present:
                        value = df.at[loc, f]
                        values[f] = (
                            "" if not isinstance(value, str) and pd.isna(value) else str(value)
                        )
                entry["failures"].append(
                    {
                        "child_id": child,
                        "table": table,
                        "row": int(loc) if isinstance(loc, int | float) else str(loc),
                        "fields": present or fields,
                        "values": values,
                    }
                )
        if entry["failures"]:
            entry["status"] = "failed"
    return {
        "return": "903",
        "collection_year": year,
        "local_authority": la,
        "tables": {name: len(df) for name, df in dfs.items()},
        "rules": rules,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dir", required=True, type=Path)
    parser.add_argument("--prev-dir", type=Path)
    parser.add_argument("--year", required=True, help="END year, e.g. 2026 for 2025-26")
    parser.add_argument("--la", required=True, help="ONS code of the local authority")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr, force=True)
    # The package and some rules print; keep stdout for the JSON report alone.
    with contextlib.redirect_stdout(sys.stderr):
        logging.getLogger().setLevel(logging.WARNING)
        report = run(args.dir, args.prev_dir, args.year, args.la)
    json.dump(report, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
