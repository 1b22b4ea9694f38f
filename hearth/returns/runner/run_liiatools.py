"""Clean an Annex A workbook with the sector's cleaner (liiatools 0.2.0); print a JSON report.

    python run_liiatools.py --xlsx FILE.xlsx [--extend-codes]
    python run_liiatools.py --xlsx FILE.xlsx --cleanfile OUT_DIR --la-code BAR

Executed by ``.venv-liiatools`` (liiatools, pandas 1.5, sfdata-stream-parser): imports only
those and the standard library. It runs the same stream as ``liiatools annex-a cleanfile`` —
parse, match each sheet to a list by its headings, clean codes, integers, dates and postcodes,
check blanks — but stops before the anonymising steps (month-only dates of birth, short
postcodes) and reports, rather than writes, what the cleaner did:

* ``unmatched_sheets`` — a sheet whose headings match no list (liiatools drops it);
* ``missing_lists`` — lists not found in the workbook;
* ``extra_columns`` / ``duplicate_columns`` per list;
* ``blanked`` — cells the cleaner could not read as the column's type or code and blanked;
* ``blank_errors`` — cells that must not be blank but are;
* ``changed`` — coded cells the cleaner rewrote to a different value (a near-miss code);
* ``dropped_rows`` — rows the cleaner's output leaves out (blank key date).

``--extend-codes`` first adds to liiatools's code lists the values it does not know yet and
that Hearth writes on purpose (DfE codes added after liiatools 0.2.0, and English LAs' ONS codes
in "LA of Placement", where liiatools lists only NIR/WAL/SCO/NUK/CON); the report lists every
extension used (``extensions``), so nothing passes silently.

``--cleanfile`` instead runs liiatools' own ``annex-a cleanfile`` command end to end (read,
clean, degrade, log, add LA child IDs, write the cleaned workbook to OUT_DIR) exactly as an LA
runs it, and reports the cleaned workbook's sheets and row counts (``cleaned``), the files
written (``outputs``, ``logs``) and any exception (``error``, with its traceback).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
from collections import Counter, defaultdict

EXTENSIONS = {
    ("List 1", "Contact Source"): ["5D: LA services - early help"],
    ("List 3", "Referral Source"): ["5D: LA services - early help"],
    ("List 6", "Reason for Closure"): [
        "RC9 - Case closed after assessment, referred to early help"
    ],
    ("List 8", "Placement Type"): [
        "K3: Supported accommodation",
        "Z11: Other placement (Z11)",
        "Z12: Other placement (Z12)",
        "Z13: Other placement (Z13)",
        "Z14: Other placement (Z14)",
    ],
}
ONS_LA = re.compile(r"^E(0[6-9]|10)\d{6}$")
"""An English local authority's ONS code (unitary, metropolitan, London borough, county)."""

KEY_DATES = {
    "List 1": "Date of Contact",
    "List 3": "Date of referral",
    "List 5": "Strategy discussion initiating Section 47 Enquiry Start Date",
    "List 9": "Date of Birth",
    "List 10": "Date of Decision that Child Should be Placed for Adoption",
    "List 11": "Date enquiry received",
}
"""liiatools ``file_creator.filter_rows``: rows blank in these columns are left out."""


def _extend(config, ons_codes: set[str]) -> list[str]:
    used = []
    data = config["data_config"]
    for (sheet, column), values in EXTENSIONS.items():
        entries = data.get(sheet, {}).get(column)
        if entries is None:
            continue
        for value in values:
            # Put first: liiatools matches codes by substring/regex in list order.
            entries.insert(0, {"code": value, "name": value, "regex": []})
            used.append(f"{sheet} / {column}: {value}")
    entries = data["List 8"]["LA of Placement"]
    for code in sorted(ons_codes):
        entries.insert(0, {"code": code, "name": code, "regex": []})
    if ons_codes:
        used.append(f"List 8 / LA of Placement: {len(ons_codes)} English LA ONS codes")
    return used


def _comparable(value):
    if isinstance(value, dt.datetime):
        return value.date()
    if value is None:
        return ""
    return value


def run(path: str, extend: bool) -> dict:
    from liiatools.datasets.annex_a.lds_annexa_clean import cleaner, logger
    from liiatools.datasets.annex_a.lds_annexa_clean import configuration as clean_config
    from sfdata_stream_parser import events
    from sfdata_stream_parser.filters.column_headers import promote_first_row
    from sfdata_stream_parser.parser import openpyxl as sheets

    config = clean_config.Config()
    ons_codes: set[str] = set()
    if extend:
        import openpyxl

        wb = openpyxl.load_workbook(path, read_only=True)
        if "List 8" in wb.sheetnames:
            rows = wb["List 8"].iter_rows(values_only=True)
            heads = list(next(rows, ()))
            if "LA of Placement" in heads:
                i = heads.index("LA of Placement")
                ons_codes = {r[i] for r in rows if r[i] and ONS_LA.match(str(r[i]))}
        wb.close()
    extensions = _extend(config, ons_codes) if extend else []

    stream = sheets.parse_sheets(path)
    stream = [ev.from_event(ev, la_code="XXX", filename="annex_a") for ev in stream]
    stream = promote_first_row(stream)
    stream = clean_config.configure_stream(stream, config)
    stream = cleaner.clean(stream)
    stream = logger.log_errors(stream)

    report: dict = {
        "lists": {},
        "unmatched_sheets": [],
        "missing_lists": [],
        "extra_columns": {},
        "duplicate_columns": {},
        "blanked": defaultdict(Counter),
        "blank_errors": defaultdict(Counter),
        "changed": defaultdict(Counter),
        "dropped_rows": Counter(),
        "examples": [],
        "extensions": extensions,
    }
    sheet = None
    row_cells: dict = {}
    row_ix = 0
    for ev in stream:
        if isinstance(ev, events.StartTable):
            sheet = getattr(ev, "sheet_name", None)
            if sheet is None:
                report["unmatched_sheets"].append(
                    {"sheet": ev.name, "headings": list(ev.column_headers)}
                )
            else:
                report["lists"][sheet] = 0
                extra = [c for c in getattr(ev, "extra_columns", []) if c]
                if extra:
                    report["extra_columns"][sheet] = extra
                dup = getattr(ev, "duplicate_columns", None)
                if dup:
                    report["duplicate_columns"][sheet] = dup
        elif isinstance(ev, events.EndTable):
            sheet = None
        elif isinstance(ev, events.StartRow):
            row_cells = {}
            row_ix = getattr(ev, "row_index", 0) + 1
        elif isinstance(ev, events.EndRow):
            if sheet and getattr(ev, "blank_row", None) != "1":
                report["lists"][sheet] += 1
                key = KEY_DATES.get(sheet)
                if key and not row_cells.get(key):
                    report["dropped_rows"][sheet] += 1
        elif isinstance(ev, events.Cell) and sheet:
            header = getattr(ev, "column_header", "Unknown")
            row_cells[header] = ev.value
            where = f"{sheet}!{header} row {row_ix}"
            if getattr(ev, "formatting_error", "0") == "1":
                report["blanked"][sheet][header] += 1
                if len(report["examples"]) < 20:
                    report["examples"].append(f"blanked {where}")
            if getattr(ev, "blank_error", "0") == "1":
                report["blank_errors"][sheet][header] += 1
                if len(report["examples"]) < 20:
                    report["examples"].append(f"blank {where}")
            source = getattr(ev, "source_value", None)
            if (
                getattr(ev, "category_config", None)
                and getattr(ev, "formatting_error", "0") == "0"
                and source is not None
                and str(_comparable(source)) != str(_comparable(ev.value))
            ):
                report["changed"][sheet][header] += 1
                if len(report["examples"]) < 20:
                    report["examples"].append(f"changed {where}: {source!r} -> {ev.value!r}")
        elif isinstance(ev, events.EndContainer):
            missing = getattr(ev, "missing_sheet_error", None)
            if missing:
                report["missing_lists"] = sorted(
                    f"List {n}" for n in re.findall(r"List (\d+)", missing)
                )
    for key in ("blanked", "blank_errors", "changed"):
        report[key] = {s: dict(c) for s, c in report[key].items() if c}
    report["dropped_rows"] = dict(report["dropped_rows"])
    report["clean"] = not any(
        report[k]
        for k in (
            "unmatched_sheets",
            "missing_lists",
            "extra_columns",
            "duplicate_columns",
            "blanked",
            "blank_errors",
            "changed",
            "dropped_rows",
        )
    )
    return report


def _keep_source_values(module) -> None:
    """Remember each cell's value before the cleaner touches it (as ``source_value``)."""
    original = module.clean

    def clean(stream):
        from sfdata_stream_parser import events

        def tag(stream):
            for ev in stream:
                if isinstance(ev, events.Cell):
                    ev = ev.from_event(ev, source_value=ev.value)
                yield ev

        return original(tag(stream))

    module.clean = clean


def run_cleanfile(path: str, out_dir: str, la_code: str) -> dict:
    import traceback
    from pathlib import Path

    import openpyxl
    from liiatools.datasets.annex_a.annex_a_cli import cleanfile

    out = Path(out_dir)
    logs = out / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    report: dict = {"error": None, "outputs": [], "logs": [], "cleaned": {}}
    try:
        cleanfile.callback(input=path, la_code=la_code, la_log_dir=str(logs), output=str(out))
    except Exception as exc:  # reported to the caller, which decides
        report["error"] = f"{type(exc).__name__}: {exc}\n{traceback.format_exc()[-3000:]}"
    report["logs"] = sorted(p.name for p in logs.iterdir())
    for written in sorted(out.glob("*.xlsx")):
        report["outputs"].append(written.name)
        wb = openpyxl.load_workbook(written, read_only=True)
        report["cleaned"][written.name] = {
            ws.title: sum(1 for _ in ws.iter_rows(min_row=2)) for ws in wb.worksheets
        }
        wb.close()
    return report


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--xlsx", required=True)
    parser.add_argument("--extend-codes", action="store_true")
    parser.add_argument("--cleanfile", metavar="OUT_DIR")
    parser.add_argument("--la-code")
    args = parser.parse_args()
    if args.cleanfile:
        json.dump(run_cleanfile(args.xlsx, args.cleanfile, args.la_code), sys.stdout, default=str)
        return 0
    from liiatools.datasets.annex_a.lds_annexa_clean import cleaner

    _keep_source_values(cleaner)
    json.dump(run(args.xlsx, args.extend_codes), sys.stdout, default=str)
    return 0


if __name__ == "__main__":
    sys.exit(main())
