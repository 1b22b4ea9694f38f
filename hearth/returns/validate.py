"""Run DfE's rule sets on Hearth's returns, across a process boundary.

The rule packages (csc-validator-be-903, csc-validator-be-cin) pin pandas 1.5 / numpy 1.24, so
they live in their own virtual environment (``settings.VALIDATORS_PYTHON``, built by
``make validators``). Hearth writes the return to files, runs a small script from
``hearth/returns/runner/`` with that Python and reads back a JSON report: every rule of the
year with its status — ``passed``, ``failed`` or ``not_checked`` (the rule raised, or needs a
table or reference list that was not supplied; never counted as passed) — and, for failures,
the LA child IDs and fields. ``Report`` maps those IDs back to Hearth children so the UI can
link each finding to the record where it is fixed.
"""

from __future__ import annotations

import json
import subprocess
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

from hearth.core.calendar import collection_year_bounds
from hearth.people.models import Child

RUNNER_DIR = Path(__file__).resolve().parent / "runner"


class ValidatorsUnavailable(RuntimeError):
    """The validators' virtual environment has not been built (``make validators``)."""


@dataclass(frozen=True)
class Failure:
    la_child_id: str
    child_pk: int | None
    table: str
    row: int | str
    fields: tuple[str, ...]


@dataclass
class RuleResult:
    code: str
    message: str
    type: str  # "error" or "query"
    status: str  # "passed", "failed" or "not_checked"
    reason: str = ""
    failures: list[Failure] = field(default_factory=list)

    @property
    def children(self) -> list[str]:
        """LA child IDs that fail this rule, each once, in order."""
        return sorted({f.la_child_id for f in self.failures if f.la_child_id})


@dataclass
class Report:
    return_name: str  # "903" or "cin"
    year: str  # "2025-26"
    rules: list[RuleResult]
    tables: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    def _with(self, status: str, kind: str | None = None) -> list[RuleResult]:
        return [r for r in self.rules if r.status == status and (kind is None or r.type == kind)]

    @property
    def errors(self) -> list[RuleResult]:
        return self._with("failed", "error")

    @property
    def queries(self) -> list[RuleResult]:
        return self._with("failed", "query")

    @property
    def not_checked(self) -> list[RuleResult]:
        return self._with("not_checked")

    @property
    def passed(self) -> list[RuleResult]:
        return self._with("passed")

    @property
    def ok(self) -> bool:
        return not self.errors

    def counts(self) -> Counter:
        return Counter(
            "error"
            if r.status == "failed" and r.type == "error"
            else "query"
            if r.status == "failed"
            else r.status
            for r in self.rules
        )

    def by_child(self) -> dict[int, list[RuleResult]]:
        """Hearth child pk -> the failing rules that name that child (for the child's page)."""
        out: dict[int, list[RuleResult]] = {}
        for rule in self.rules:
            for pk in {f.child_pk for f in rule.failures if f.child_pk}:
                out.setdefault(pk, []).append(rule)
        return out

    def describe_failures(self, *, limit: int = 10) -> str:
        """A plain-text list of failing rules with their children, for test failure messages."""
        lines = []
        for r in self.errors + self.queries:
            kids = r.children
            more = f" (+{len(kids) - limit} more)" if len(kids) > limit else ""
            lines.append(
                f"{r.code} [{r.type}] {r.message} — {len(r.failures)} location(s), children: "
                f"{', '.join(kids[:limit])}{more}"
            )
        return "\n".join(lines)


def end_year(year: str) -> str:
    """``"2025-26"`` -> ``"2026"`` (the validators name a year by its end)."""
    return str(collection_year_bounds(year)[1].year)


def validators_python() -> Path:
    python = Path(settings.VALIDATORS_PYTHON)
    if not python.exists():
        raise ValidatorsUnavailable(
            f"No validators environment at {python}: run `make validators` to build it."
        )
    return python


def _run(script: str, args: list[str]) -> dict:
    cmd = [str(validators_python()), str(RUNNER_DIR / script), *args]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"{script} failed (exit {proc.returncode}):\n{proc.stderr[-4000:]}")
    return json.loads(proc.stdout)


def _report(raw: dict, *, return_name: str, year: str, seconds: float) -> Report:
    ids = {f["child_id"] for r in raw["rules"] for f in r.get("failures", ()) if f.get("child_id")}
    pks = dict(Child.objects.filter(la_child_id__in=ids).values_list("la_child_id", "pk"))
    rules = [
        RuleResult(
            code=r["code"],
            message=r["message"],
            type=r["type"],
            status=r["status"],
            reason=r.get("reason", ""),
            failures=[
                Failure(
                    la_child_id=f.get("child_id") or "",
                    child_pk=pks.get(f.get("child_id") or ""),
                    table=f.get("table", ""),
                    row=f.get("row", ""),
                    fields=tuple(f.get("fields", ())),
                )
                for f in r.get("failures", ())
            ],
        )
        for r in raw["rules"]
    ]
    return Report(
        return_name=return_name,
        year=year,
        rules=rules,
        tables=raw.get("tables", {}),
        seconds=seconds,
    )


def ons_code() -> str:
    from hearth.core.models import Authority

    authority = Authority.objects.first()
    return authority.ons_code if authority else settings.HEARTH_LA_ONS_CODE


def validate_903(
    *, year: str, files_dir: str | Path | None = None, previous_year: bool = True
) -> Report:
    """Validate the SSDA903 for ``year``: the CSVs in ``files_dir``, or Hearth's own export.

    Hearth holds last year's records too, so (unless ``files_dir`` is given) it also writes
    last year's return and hands it to the rules that compare years."""
    import time

    from hearth.returns.ssda903 import write_903

    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="hearth903-") as tmp:
        args = ["--year", end_year(year), "--la", ons_code()]
        if files_dir is None:
            files_dir = Path(tmp) / "this"
            write_903(year=year, out_dir=files_dir)
            start, _end = collection_year_bounds(year)
            prev = f"{start.year - 1}-{start.year % 100:02d}"
            if previous_year and prev >= "2022-23":
                write_903(year=prev, out_dir=Path(tmp) / "prev")
                args += ["--prev-dir", str(Path(tmp) / "prev")]
        args += ["--dir", str(files_dir)]
        raw = _run("run_903.py", args)
    return _report(raw, return_name="903", year=year, seconds=time.perf_counter() - started)


def validate_cin(*, year: str, xml_file: str | Path | None = None, fast: bool = True) -> Report:
    """Validate the CIN census for ``year``.

    By default (``fast``) the rules get tables built straight from Hearth's records
    (``cin_tables``), skipping the package's XML reader, whose time grows with the square of
    the file size. ``fast=False`` (or ``xml_file``) goes through the XML as DfE's tool would."""
    import time

    from hearth.returns.cin import build_cin_xml, cin_tables

    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="hearthcin-") as tmp:
        args = ["--year", end_year(year)]
        if xml_file is not None:
            args += ["--xml", str(xml_file)]
        elif fast:
            path = Path(tmp) / "cin_tables.json"
            path.write_text(json.dumps(cin_tables(year=year)), encoding="utf-8")
            args += ["--tables", str(path)]
        else:
            path = Path(tmp) / "cin.xml"
            path.write_bytes(build_cin_xml(year=year))
            args += ["--xml", str(path)]
        raw = _run("run_cin.py", args)
    return _report(raw, return_name="cin", year=year, seconds=time.perf_counter() - started)
