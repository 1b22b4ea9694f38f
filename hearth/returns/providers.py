"""Ofsted's register of social care providers: load it, build a synthetic one, hand it to the
SSDA903 rules.

Loading (``hearth returns_providers --load FILE.csv``)
    A CSV in the layout of Ofsted's social care providers list (one row per provider; header
    row; UTF-8, a byte-order mark is fine). Headings are matched without regard to case or
    surrounding spaces; the names in brackets are accepted as well:

    ==========================  ====================================================  ========
    Column                      Meaning                                               Required
    ==========================  ====================================================  ========
    URN                         Ofsted unique reference number (SC123456 or 1234567)  yes
    Provider type               e.g. "Children's home", "Independent fostering agency" yes
    Setting name                (Provider name)                                       no
    Registration date           DD/MM/YYYY or YYYY-MM-DD                              no
    Deregistration date         (Closed date) blank while registered                  no
    Setting address postcode    (Setting postcode, Postcode)                          yes
    Local authority             the LA the setting is in                              no
    Placement code              SSDA903 placement types, "/" or "," between (K2/H5)   no
    Placement provider code     SSDA903 providers, "/" or "," between (PR4)           no
    ==========================  ====================================================  ========

    Other columns (region, ownership, inspection judgements …) are ignored. All or nothing:
    every problem (file, row, column) is reported and nothing is loaded unless the whole file
    is good; a good file replaces the register (loading it twice changes nothing).

Synthetic register (``--synthetic``)
    One provider per URN that the LA's placements use (the synthetic generator gives homes
    random SC numbers), with the placements' postcode, placement types and providers, and a
    registration date before the first placement — so the provider rules pass on synthetic data
    unless a placement really disagrees with its provider.

For the rules
    ``write_provider_lists(DIR)`` writes the register as Ofsted's two workbooks in the layout
    ``lac_validator`` reads (a Children's Homes list with a "Provider information" sheet, and a
    Social Care Providers list with current and closed sheets). ``validator_command_903`` runs
    ``runner/run_903.py`` with those lists added to the upload as the package's "CH lookup" and
    "SCP lookup" files, so rules 1008, 219, 221, 224, 227, 228 and 229 run instead of being
    "not checked".
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from hearth.core import codes
from hearth.core.spreadsheet import safe_row, starts_like_formula
from hearth.returns.importers.common import ImportFailed, Issue, shown
from hearth.returns.models import Provider

COLUMNS: dict[str, tuple[str, ...]] = {
    # field: accepted headings (lower case)
    "urn": ("urn",),
    "provider_type": ("provider type",),
    "name": ("setting name", "provider name"),
    "registration_date": ("registration date",),
    "deregistration_date": ("deregistration date", "closed date"),
    "postcode": ("setting address postcode", "setting postcode", "postcode"),
    "local_authority": ("local authority",),
    "placement_codes": ("placement code",),
    "provider_codes": ("placement provider code",),
}
REQUIRED = ("urn", "provider_type", "postcode")
URN_RE = re.compile(r"^(SC\d{6}|\d{6,7})$")
POSTCODE_RE = re.compile(r"^[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}$")
PLACE_CODES = {c.value for c in codes.PlacementType}
PROVIDER_CODES = {c.value for c in codes.PlacementProvider}


@dataclass
class LoadResult:
    created: int
    updated: int
    removed: int
    unchanged: int

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.removed)


def _date(value: str) -> dt.date:
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise ValueError(value)


def _codes(value: str, allowed: set[str]) -> tuple[list[str], list[str]]:
    parts = [p.strip().upper() for p in re.split(r"[/,]", value) if p.strip()]
    return sorted(set(parts)), [p for p in parts if p not in allowed]


def _records(reader, name: str, issues: list[Issue]):
    """(row number, values) for each row; a row the csv module cannot read (a value over its
    field size limit, a stray quote) is a problem on that row, not a traceback."""
    while True:
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            issues.append(Issue(name, reader.line_num, "", f"cannot be read as CSV ({exc})"))
            continue
        yield reader.line_num, record


def read_providers_csv(path: str | Path) -> list[dict]:
    """Parse and check the whole file; ``ImportFailed`` with every problem, or the rows."""
    path = Path(path)
    name = path.name
    issues: list[Issue] = []
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise ImportFailed(
            [Issue(name, None, "", f"cannot read the file: {exc.strerror}")]
        ) from exc
    except UnicodeDecodeError as exc:
        raise ImportFailed(
            [
                Issue(
                    name, None, "", f"not UTF-8 text (byte {exc.start}): save the list as CSV UTF-8"
                )
            ]
        ) from exc
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if not header:
        raise ImportFailed([Issue(name, None, "", "the file is empty")])
    positions: dict[str, int] = {}
    seen: dict[str, str] = {}
    for i, heading in enumerate(header):
        key = heading.strip().lower()
        for field, names in COLUMNS.items():
            if key in names:
                if field in positions:
                    issues.append(
                        Issue(name, 1, heading.strip(), f"duplicate column (also {seen[field]!r})")
                    )
                positions[field] = i
                seen[field] = heading.strip()
    for field in REQUIRED:
        if field not in positions:
            issues.append(
                Issue(name, 1, COLUMNS[field][0].capitalize(), "required column is missing")
            )
    if issues:
        raise ImportFailed(issues)

    rows: list[dict] = []
    first_row: dict[str, int] = {}
    for line, record in _records(reader, name, issues):
        if not any(cell.strip() for cell in record):
            continue
        if len(record) != len(header):
            issues.append(Issue(name, line, "", f"{len(record)} values for {len(header)} columns"))
            continue

        def value(field: str, record=record) -> str:
            return record[positions[field]].strip() if field in positions else ""

        def heading(field: str) -> str:
            return seen.get(field, COLUMNS[field][0])

        row = {"line": line}
        urn = value("urn").upper()
        if not URN_RE.match(urn):
            issues.append(Issue(name, line, heading("urn"), f"not an Ofsted URN: {shown(urn)}"))
        elif urn in first_row:
            issues.append(
                Issue(name, line, heading("urn"), f"URN {urn} already on row {first_row[urn]}")
            )
        else:
            first_row[urn] = line
        row["urn"] = urn
        row["provider_type"] = value("provider_type")
        if not row["provider_type"]:
            issues.append(Issue(name, line, heading("provider_type"), "must not be blank"))
        row["name"] = value("name")[:200]
        row["local_authority"] = value("local_authority")[:100]
        postcode = re.sub(r"\s+", " ", value("postcode").upper())
        if postcode and " " not in postcode and len(postcode) >= 5:
            postcode = f"{postcode[:-3]} {postcode[-3:]}"
        if not POSTCODE_RE.match(postcode):
            issues.append(
                Issue(
                    name, line, heading("postcode"), f"not a postcode: {shown(value('postcode'))}"
                )
            )
        row["postcode"] = postcode
        for field in ("provider_type", "name", "local_authority"):
            if starts_like_formula(row[field]):
                issues.append(
                    Issue(
                        name,
                        line,
                        heading(field),
                        f"{shown(row[field])} starts with =, +, - or @ (a spreadsheet formula)",
                    )
                )
        for field in ("registration_date", "deregistration_date"):
            raw = value(field)
            row[field] = None
            if raw:
                try:
                    row[field] = _date(raw)
                except ValueError:
                    issues.append(
                        Issue(name, line, heading(field), f"not a date (DD/MM/YYYY): {shown(raw)}")
                    )
        if (
            row["registration_date"]
            and row["deregistration_date"]
            and row["deregistration_date"] < row["registration_date"]
        ):
            issues.append(
                Issue(name, line, heading("deregistration_date"), "before the registration date")
            )
        for field, allowed in (
            ("placement_codes", PLACE_CODES),
            ("provider_codes", PROVIDER_CODES),
        ):
            found, bad = _codes(value(field), allowed)
            if bad:
                issues.append(
                    Issue(name, line, heading(field), f"unknown SSDA903 code(s): {', '.join(bad)}")
                )
            row[field] = ",".join(found)
        rows.append(row)
    if not rows and not issues:
        issues.append(Issue(name, None, "", "no providers in the file"))
    if issues:
        raise ImportFailed(issues)
    return rows


FIELDS = (
    "name",
    "provider_type",
    "postcode",
    "local_authority",
    "placement_codes",
    "provider_codes",
    "registration_date",
    "deregistration_date",
)


@transaction.atomic
def replace_register(rows: list[dict], *, source: str) -> LoadResult:
    """Make the register exactly ``rows`` (matched by URN)."""
    existing = {p.urn: p for p in Provider.objects.select_for_update()}
    now = timezone.now()
    created = updated = unchanged = 0
    for row in rows:
        values = {f: row.get(f) or ("" if "date" not in f else None) for f in FIELDS}
        current = existing.pop(row["urn"], None)
        if current is None:
            Provider.objects.create(urn=row["urn"], source=source, loaded_at=now, **values)
            created += 1
        elif all(getattr(current, f) == v for f, v in values.items()) and current.source == source:
            unchanged += 1
        else:
            for f, v in values.items():
                setattr(current, f, v)
            current.source, current.loaded_at = source, now
            current.save()
            updated += 1
    removed = len(existing)
    if existing:
        Provider.objects.filter(urn__in=list(existing)).delete()
    return LoadResult(created=created, updated=updated, removed=removed, unchanged=unchanged)


def load_providers_csv(path: str | Path) -> LoadResult:
    """Check the whole file, then replace the register with it (all or nothing)."""
    return replace_register(read_providers_csv(path), source=Provider.Source.OFSTED)


PROVIDER_TYPES = {
    "K1": "Secure children's home",
    "K2": "Children's home",
    "K3": "Supported accommodation",
    "H5": "Supported accommodation",
    "R1": "Residential family centre",
    "S1": "Residential special school",
}


def synthetic_register() -> list[dict]:
    """One provider per URN used by the LA's placements, consistent with those placements."""
    from hearth.care.models import Placement
    from hearth.core.models import Authority

    authority = Authority.objects.first()
    own_code = authority.ons_code if authority else ""
    by_urn: dict[str, dict] = {}
    placements = (
        Placement.objects.exclude(urn="")
        .exclude(urn="XXXXXXX")
        .order_by("start_date", "pk")
        .values_list(
            "urn", "place", "provider", "postcode", "la_of_placement", "start_date", "end_date"
        )
    )
    for urn, place, provider, postcode, la, start, _end in placements:
        urn = urn.strip().upper()
        entry = by_urn.setdefault(
            urn,
            {
                "urn": urn,
                "name": "",
                "postcodes": defaultdict(int),
                "places": set(),
                "providers": set(),
                "la": la,
                "first": start,
            },
        )
        entry["places"].add(place)
        entry["providers"].add(provider)
        if postcode:
            entry["postcodes"][postcode.upper()] += 1
        entry["first"] = min(entry["first"], start)
    rows = []
    for urn, e in sorted(by_urn.items()):
        place = sorted(e["places"])[0]
        postcode = max(e["postcodes"], key=e["postcodes"].get) if e["postcodes"] else ""
        rows.append(
            {
                "urn": urn,
                "name": f"Synthetic {PROVIDER_TYPES.get(place, 'provider').lower()} {urn}",
                "provider_type": PROVIDER_TYPES.get(place, "Other social care provider"),
                "postcode": postcode,
                "local_authority": authority.name if authority and e["la"] == own_code else e["la"],
                "placement_codes": ",".join(sorted(e["places"])),
                "provider_codes": ",".join(sorted(e["providers"])),
                "registration_date": e["first"] - dt.timedelta(days=365),
                "deregistration_date": None,
            }
        )
    return rows


def load_synthetic_register() -> LoadResult:
    return replace_register(synthetic_register(), source=Provider.Source.SYNTHETIC)


def write_providers_csv(path: str | Path, providers=None) -> Path:
    """The register as a CSV in the loader's format (round-trips through ``--load``)."""
    path = Path(path)
    providers = list(Provider.objects.all() if providers is None else providers)
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow([names[0].capitalize() if f != "urn" else "URN" for f, names in COLUMNS.items()])
        for p in providers:
            w.writerow(
                safe_row(
                    [
                        p.urn,
                        p.provider_type,
                        p.name,
                        f"{p.registration_date:%d/%m/%Y}" if p.registration_date else "",
                        f"{p.deregistration_date:%d/%m/%Y}" if p.deregistration_date else "",
                        p.postcode,
                        p.local_authority,
                        p.placement_codes.replace(",", "/"),
                        p.provider_codes.replace(",", "/"),
                    ]
                )
            )
    return path


# --- Ofsted's workbooks, as lac_validator reads them ---------------------------------------------

CH_FILE = "ofsted_childrens_homes.xlsx"
SCP_FILE = "ofsted_social_care_providers.xlsx"
CH_COLUMNS = [
    "URN",
    "Local Authority",
    "Provider Code",
    "Provider Placement Code",
    "Closed Date",
    "Setting Postcode",
]
SCP_COLUMNS = [
    "URN",
    "Local authority",
    "Placement code",
    "Placement provider code",
    "Deregistration date",
    "Setting postcode",
]


def write_provider_lists(out_dir: str | Path) -> Path | None:
    """Write the register as Ofsted's Children's Homes and Social Care Providers workbooks into
    ``out_dir``; ``None`` (nothing written) when the register is empty."""
    from openpyxl import Workbook

    providers = list(Provider.objects.all())
    if not providers:
        return None
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)

    def cells(p: Provider) -> list:
        # URNs are written as text (a numeric URN read back as a number would not match).
        return safe_row(
            [
                p.urn,
                p.local_authority,
                p.placement_codes,
                p.provider_codes,
                dt.datetime.combine(p.deregistration_date, dt.time())
                if p.deregistration_date
                else None,
                p.postcode,
            ]
        )

    ch = Workbook()
    sheet = ch.active
    sheet.title = "Provider information"
    sheet.append(CH_COLUMNS)
    scp = Workbook()
    current = scp.active
    current.title = "Current providers"
    current.append([c for c in SCP_COLUMNS if c != "Deregistration date"])
    closed = scp.create_sheet("Providers closed")
    closed.append(SCP_COLUMNS)
    for p in providers:
        row = cells(p)
        if p.is_childrens_home:
            sheet.append(row)
        elif p.deregistration_date:
            closed.append(row)
        else:
            current.append(row[:4] + row[5:])
    ch.save(out / CH_FILE)
    scp.save(out / SCP_FILE)
    return out


# The bridge until run_903.py takes the lists itself: the validators' Python runs run_903's
# own main() with the package's reader wrapped to add the two workbooks as the "CH lookup" and
# "SCP lookup" uploads (exactly how the package's front end passes them).
_BRIDGE = r"""
import sys
from pathlib import Path
runner_dir, lists_dir = sys.argv[1], Path(sys.argv[2])
sys.path.insert(0, runner_dir)
import lac_validator.ingress as ingress
_read = ingress.read_from_text
def read_with_providers(raw_files):
    extra = [
        {"name": "@CH@", "description": "CH lookup",
         "file_content": (lists_dir / "@CH@").read_bytes()},
        {"name": "@SCP@", "description": "SCP lookup",
         "file_content": (lists_dir / "@SCP@").read_bytes()},
    ]
    return _read(list(raw_files) + extra)
ingress.read_from_text = read_with_providers
import run_903
sys.exit(run_903.main(sys.argv[3:]))
""".replace("@CH@", CH_FILE).replace("@SCP@", SCP_FILE)


def validator_command_903(
    *, files_dir: Path, prev_dir: Path | None, year: str, lists_dir: Path | None
) -> list[str]:
    """The command that runs the SSDA903 rules on ``files_dir`` (and last year's files and
    Ofsted's lists when given). Raises ``ValidatorsUnavailable`` (a RuntimeError) when the
    validators' environment is missing."""
    from hearth.returns.validate import RUNNER_DIR, end_year, ons_code, validators_python

    args = ["--dir", str(files_dir), "--year", end_year(year), "--la", ons_code()]
    if prev_dir is not None:
        args += ["--prev-dir", str(prev_dir)]
    python = str(validators_python())
    if lists_dir is None:
        return [python, str(RUNNER_DIR / "run_903.py"), *args]
    return [python, "-c", _BRIDGE, str(RUNNER_DIR), str(lists_dir), *args]
