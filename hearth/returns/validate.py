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

from hearth.core.calendar import add_months, collection_year_bounds
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
    values: tuple[tuple[str, str], ...] = ()  # (field, value) of the row, where the runner has them


@dataclass
class RuleResult:
    code: str
    message: str
    type: str  # "error" or "query"
    status: str  # "passed", "failed" or "not_checked"
    reason: str = ""
    failures: list[Failure] = field(default_factory=list)
    # Findings that only a known defect of the rule's implementation produces (see
    # ``PACKAGE_DEFECTS``): listed, with why, but not counted as failures.
    defect_findings: list[Failure] = field(default_factory=list)
    defect: str = ""

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


def _aged_20_or_over(failure: dict, *, year: str, dobs: dict) -> bool:
    dob = dobs.get(failure.get("child_id"))
    _start, end = collection_year_bounds(year)
    return failure.get("table") == "OC3" and dob is not None and add_months(dob, n=240) <= end


def _k3_in_2024_25(failure: dict, *, year: str, dobs: dict) -> bool:
    return year == "2024-25" and failure.get("values", {}).get("PLACE") == "K3"


def _followed_by_another_worker(failure: dict, *, year: str, dobs: dict) -> bool:
    import datetime as dt

    from hearth.workforce.models import Allocation

    text = failure.get("values", {}).get("SW_DEC", "")[:10]
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            ended = dt.datetime.strptime(text, fmt).date()
            break
        except ValueError:
            continue
    else:
        return False
    return (
        Allocation.objects.live()
        .filter(
            child__la_child_id=failure.get("child_id"),
            kind=Allocation.Kind.SOCIAL_WORKER,
            start_date=ended,
        )
        .exists()
    )


def _age_in_whole_years_misread(failure: dict, *, year: str, dobs: dict) -> bool:
    from hearth.core.calendar import age_on

    dob = dobs.get(failure.get("child_id"))
    _start, end = collection_year_bounds(year)
    if dob is None:
        return False
    return age_on(dob, on=end) != int((end - dob).days // 365.2425)


PACKAGE_DEFECTS = {
    ("903", "1001"): (
        "lac_validator 0.1.17 means to leave out young people aged 20 or over on 31 March "
        "(their care is older than the two years of files it sees) but, having dropped them, "
        "reports every one as not a relevant or former relevant child.",
        _aged_20_or_over,
    ),
    ("903", "146"): (
        "lac_validator 0.1.17 lists supported accommodation as 'k3' (lower case) among the "
        "2024-25 placement types, so it rejects K3, which DfE introduced that year (its other "
        "2024-25 rules, 221 and 371, expect K3).",
        _k3_in_2024_25,
    ),
    ("903", "SW11bSTG2"): (
        "lac_validator 0.1.17 looks for the episode after one that ended in the last days "
        "of March by pairing each episode with the wrong neighbour, so it reports a "
        "social-worker episode that another social worker's episode follows on the same day "
        "(when the child has three or more in the year).",
        _followed_by_another_worker,
    ),
    ("903", "1016"): (
        "lac_validator 0.1.17 takes a young person's age on 31 March as days / 365.2425, so "
        "one whose birthday is 31 March (or close to it) is a year younger to it than they "
        "are: an 18-year-old who left care before their 18th birthday is taken as a "
        "17-year-old who left after their 17th and told to have no OC3 row.",
        _age_in_whole_years_misread,
    ),
}
"""Findings produced by a defect in a rule's implementation rather than by the data, each
with a test in ``hearth/returns/tests/test_validation.py`` that shows the defect on a minimal
return (so that a fixed package makes the test, and then this entry, go)."""


def set_aside_package_defects(raw: dict, *, return_name: str, year: str) -> dict:
    """Move the findings of ``PACKAGE_DEFECTS`` in a runner's report (``raw``) from each rule's
    ``failures`` to its ``defect_findings`` (with ``defect``, the reason); a rule left with no
    failures has passed. Changes ``raw`` in place and returns it."""
    ids = {
        f.get("child_id")
        for r in raw.get("rules", ())
        if (return_name, r.get("code")) in PACKAGE_DEFECTS
        for f in r.get("failures", ())
    }
    dobs = dict(
        Child.objects.filter(la_child_id__in=ids).values_list("la_child_id", "date_of_birth")
    )
    for rule in raw.get("rules", ()):
        defect = PACKAGE_DEFECTS.get((return_name, rule.get("code")))
        if defect is None or rule.get("status") != "failed":
            continue
        why, applies = defect
        kept, set_aside = [], []
        for f in rule.get("failures", ()):
            (set_aside if applies(f, year=year, dobs=dobs) else kept).append(f)
        rule["failures"], rule["defect_findings"] = kept, set_aside
        if set_aside:
            rule["defect"] = why
        if not kept:
            rule["status"] = "passed"
    return raw


def _failure(f: dict, pks: dict) -> Failure:
    return Failure(
        la_child_id=f.get("child_id") or "",
        child_pk=pks.get(f.get("child_id") or ""),
        table=f.get("table", ""),
        row=f.get("row", ""),
        fields=tuple(f.get("fields", ())),
        values=tuple(sorted(f.get("values", {}).items())),
    )


def _report(raw: dict, *, return_name: str, year: str, seconds: float) -> Report:
    raw = set_aside_package_defects(raw, return_name=return_name, year=year)
    ids = {f["child_id"] for r in raw["rules"] for f in r.get("failures", ()) if f.get("child_id")}
    pks = dict(Child.objects.filter(la_child_id__in=ids).values_list("la_child_id", "pk"))
    rules = [
        RuleResult(
            code=r["code"],
            message=r["message"],
            type=r["type"],
            status=r["status"],
            reason=r.get("reason", ""),
            failures=[_failure(f, pks) for f in r.get("failures", ())],
            defect_findings=[_failure(f, pks) for f in r.get("defect_findings", ())],
            defect=r.get("defect", ""),
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


def prepare_previous_year(prev_dir: Path, *, this_dir: Path, year: str) -> None:
    """Make last year's files (in ``prev_dir``, as ``write_903`` wrote them) what DfE compares
    this year's return (in ``this_dir``) with. Use it wherever last year's files are handed to
    the rules.

    * Sex in this year's codes: M/F replaced 1/2 in 2024-25, and rule 202 compares the text.
    * With last year's episodes, the earlier care of this year's care leavers (OC3), which
      DfE holds from earlier returns and rules 1001/1002 look for."""
    import csv

    from hearth.core.spreadsheet import safe_record
    from hearth.returns.ssda903 import COLUMNS, earlier_episodes, sex_903

    def rows(path: Path) -> list[dict]:
        with path.open(newline="", encoding="utf-8") as f:
            return list(csv.DictReader(f))

    def write(path: Path, name: str, data: list[dict]) -> None:
        with path.open("w", newline="", encoding="utf-8") as f:
            writer = csv.DictWriter(f, fieldnames=COLUMNS[name])
            writer.writeheader()
            writer.writerows(safe_record(r) for r in data)

    start, _end = collection_year_bounds(year)
    legacy = {"1": "M", "2": "F"}
    for name in ("Header", "UASC"):
        path = prev_dir / f"{name}.csv"
        if not path.exists():
            continue
        data = rows(path)
        for r in data:
            r["SEX"] = sex_903(legacy.get(r["SEX"], r["SEX"]), year=year)
        write(path, name, data)
    oc3 = this_dir / "OC3.csv"
    care_leavers = [r["CHILD"] for r in rows(oc3)] if oc3.exists() else []
    if care_leavers and (prev_dir / "Episodes.csv").exists():
        path = prev_dir / "Episodes.csv"
        earlier = earlier_episodes(la_child_ids=care_leavers, before=add_months(start, n=-12))
        write(path, "Episodes", rows(path) + earlier)


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
                prepare_previous_year(Path(tmp) / "prev", this_dir=files_dir, year=year)
                args += ["--prev-dir", str(Path(tmp) / "prev")]
        args += ["--dir", str(files_dir)]
        raw = _run("run_903.py", args)
    return _report(raw, return_name="903", year=year, seconds=time.perf_counter() - started)


def validate_cin(*, year: str, xml_file: str | Path | None = None, fast: bool = True) -> Report:
    """Validate the CIN census for ``year``.

    By default (``fast``) the rules get tables built straight from Hearth's records
    (``cin_tables``), skipping the package's XML reader, whose time grows with the square of
    the file size. ``fast=False`` (or ``xml_file``) goes through the XML as DfE's tool would.

    From 2026-27 Hearth's own checks of ``PreProceedingsandFGDM`` (``cin_2026_checks``, codes
    ``H9005``...) join the report for Hearth's export, until a released package has DfE's."""
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
    if xml_file is None:
        from hearth.returns.cin_2026_checks import pre_proceedings_rules

        raw["rules"] = raw.get("rules", []) + pre_proceedings_rules(year=year)
    return _report(raw, return_name="cin", year=year, seconds=time.perf_counter() - started)
