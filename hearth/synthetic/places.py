"""Real postcodes for the synthetic authority: homes in the LA, placements near and far."""

from __future__ import annotations

import json
import random
from pathlib import Path

from hearth.core import geo

DATA = Path(__file__).parent / "data"

# Well-known city-centre postcodes, one per authority, used to find authorities far from home
# without scanning the whole postcode table.
_FAR_CANDIDATES = (
    ("E08000025", "B1 1AA"),  # Birmingham
    ("E06000016", "LE1 1AA"),  # Leicester
    ("E06000018", "NG1 1AA"),  # Nottingham
    ("E06000032", "LU1 1AA"),  # Luton
    ("E06000042", "MK9 1AA"),  # Milton Keynes
    ("E07000148", "NR1 1AA"),  # Norwich
    ("E08000035", "LS1 1AA"),  # Leeds
    ("E08000003", "M1 1AA"),  # Manchester
    ("E06000023", "BS1 1AA"),  # Bristol
    ("E06000010", "HU1 1AA"),  # Hull
    ("E06000015", "DE1 1AA"),  # Derby
    ("E08000019", "S1 1AA"),  # Sheffield
)


class Places:
    def __init__(self, rng: random.Random, ons_code: str):
        self.rng = rng
        self.la = ons_code
        pools = load_pools(ons_code)
        self.home = pools["home"]
        if not self.home:
            raise ValueError(f"No postcodes known for local authority {ons_code}")
        self.near = [tuple(x) for x in pools["near"]]
        self.far = [tuple(x) for x in pools["far"]]

    def home_postcode(self) -> str:
        return self.rng.choice(self.home)

    def placement(self, home: str | None, where: str) -> tuple[str, str]:
        """(postcode, LA code) for a placement: 'local', 'near' or 'far' from ``home``."""
        if where == "far" and self.far:
            return self.rng.choice(self.far)
        if where == "near" and self.near:
            return self.rng.choice(self.near)
        return self.rng.choice(self.home), self.la


def compute_pools(ons_code: str) -> dict:
    """Postcode pools for an authority, straight from the ONS data (a few seconds)."""
    home = geo.postcodes_in_la(ons_code, limit=3000, spread=True)
    near = []
    for la in geo.neighbour_las(ons_code, k=4)[:4]:
        near += [[pc, la] for pc in geo.postcodes_in_la(la, limit=300, spread=True)]
    far = []
    if home:
        origin = home[len(home) // 2]
        far_las = []
        for la, pc in _FAR_CANDIDATES:
            miles = geo.distance_miles(origin, pc) if la != ons_code else None
            if miles is not None and 30 <= miles <= 160:
                far_las.append(la)
            if len(far_las) == 4:
                break
        for la in far_las:
            far += [[pc, la] for pc in geo.postcodes_in_la(la, limit=200, spread=True)]
    return {"home": home, "near": near, "far": far}


def load_pools(ons_code: str) -> dict:
    """Pools from the cached file shipped for the default authority, else computed."""
    cached = DATA / f"postcodes_{ons_code}.json"
    if cached.exists():
        return json.loads(cached.read_text())
    return compute_pools(ons_code)


if __name__ == "__main__":  # python -m hearth.synthetic.places E06000031 (refresh the cache)
    import sys

    code = sys.argv[1] if len(sys.argv) > 1 else "E06000031"
    DATA.mkdir(exist_ok=True)
    (DATA / f"postcodes_{code}.json").write_text(json.dumps(compute_pools(code)))
