"""How the synthetic authority compares with national figures, computed only through the
selectors that dashboards and returns use.

Bands: within +/-20% of the national figure (relative). For national shares under 10% a relative
band is narrower than the noise of one mid-sized authority, so those use an absolute band of
+/-2 percentage points (CP initial category physical / sexual / multiple, legal status placement
order) -- the ``absolute`` column says which.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from hearth.care import selectors as care
from hearth.casework import selectors as cw
from hearth.core import codes
from hearth.core.calendar import add_months
from hearth.core.models import Authority
from hearth.workforce import selectors as wf


@dataclass(frozen=True)
class Figure:
    name: str
    value: float | None
    national: float
    low: float
    high: float
    ok: bool
    absolute: bool = False


def _figure(name: str, value: float | None, national: float, *, absolute: float | None = None):
    if absolute is not None:
        low, high = national - absolute, national + absolute
    else:
        low, high = national * 0.8, national * 1.2
    ok = value is not None and low <= value <= high
    return Figure(
        name,
        None if value is None else round(value, 1),
        national,
        round(low, 1),
        round(high, 1),
        ok,
        absolute is not None,
    )


def _share(counts: dict[str, int], keys) -> float | None:
    total = sum(counts.values())
    return 100.0 * sum(counts.get(k, 0) for k in keys) / total if total else None


def calibration_report(*, as_of: dt.date) -> list[Figure]:
    """National comparison for the year ending ``as_of`` (use a 31 March) and the stocks on it.
    Workforce figures are taken at the 30 September before ``as_of``."""
    authority = Authority.objects.get()
    per10k = 10_000 / authority.population_0_17
    start = add_months(as_of, n=-12) + dt.timedelta(days=1)
    sept = dt.date(as_of.year if as_of.month >= 10 else as_of.year - 1, 9, 30)
    figs = []
    referrals = cw.referrals_in_period(start=start, end=as_of).count()
    figs.append(_figure("Referrals per 10k", referrals * per10k, 520))
    figs.append(
        _figure(
            "Re-referrals within 12 months %",
            cw.re_referral_rate(start=start, end=as_of).percent,
            22,
        )
    )
    figs.append(
        _figure(
            "Assessments within 45 working days %",
            cw.assessments_within_timescale(start=start, end=as_of).percent,
            86,
        )
    )
    figs.append(
        _figure("CIN per 10k at 31 March", cw.children_in_need_on(day=as_of) * per10k, 332.9)
    )
    figs.append(
        _figure("CP plans per 10k at 31 March", cw.cp_plans_open_on(day=as_of).count() * per10k, 42)
    )
    cats = cw.cp_initial_category_distribution(start=start, end=as_of)
    figs.append(_figure("CP initial category neglect %", _share(cats, ["NEG"]), 50))
    figs.append(_figure("CP initial category emotional %", _share(cats, ["EMO"]), 36))
    figs.append(_figure("CP initial category physical %", _share(cats, ["PHY"]), 7, absolute=2))
    figs.append(_figure("CP initial category sexual %", _share(cats, ["SAB"]), 4, absolute=2))
    figs.append(_figure("CP initial category multiple %", _share(cats, ["MUL"]), 3, absolute=2))
    started = cw.cp_plans_started_in_period(start=start, end=as_of).count()
    second = cw.cp_plans_second_or_subsequent(start=start, end=as_of).count()
    figs.append(
        _figure("Second or subsequent CP plan %", 100 * second / started if started else None, 23)
    )
    figs.append(
        _figure("CLA per 10k at 31 March", care.cla_open_on(day=as_of).count() * per10k, 70)
    )
    figs.append(
        _figure(
            "CLA started in year per 10k",
            care.cla_started_in_period(start=start, end=as_of).count() * per10k,
            33_050 / 1_195,
        )
    )
    places = care.placement_type_distribution_on(day=as_of)
    figs.append(
        _figure(
            "Placed in foster care (incl. kinship) %",
            _share(places, ["foster", "kinship_foster"]),
            67,
        )
    )
    figs.append(_figure("Placed in kinship foster care %", _share(places, ["kinship_foster"]), 16))
    legal = care.legal_status_distribution_on(day=as_of)
    figs.append(
        _figure(
            "Legal status care order (incl. interim) %",
            _share(legal, ["care_order", "interim_care_order"]),
            77,
        )
    )
    figs.append(_figure("Legal status section 20 %", _share(legal, ["section_20"]), 17))
    figs.append(
        _figure("Legal status placement order %", _share(legal, ["placement_order"]), 6, absolute=2)
    )
    figs.append(
        _figure(
            "Placed more than 20 miles from home %",
            care.placed_more_than_20_miles_on(day=as_of).percent,
            22,
        )
    )
    figs.append(
        _figure(
            "3 or more placements in year %",
            care.three_or_more_placements(start=start, end=as_of).percent,
            10,
        )
    )
    figs.append(
        _figure(
            "CLA missing in year %", care.missing_in_period(start=start, end=as_of).percent, 10.5
        )
    )
    figs.append(
        _figure(
            "Care leavers 19-21 in EET %", care.care_leavers_eet(start=start, end=as_of).percent, 57
        )
    )
    figs.append(
        _figure(
            "Social worker vacancy rate % (30 Sept)", wf.vacancy_rate_on(day=sept).percent, 18.9
        )
    )
    figs.append(
        _figure("Agency worker rate % (30 Sept)", wf.agency_rate_on(day=sept).percent, 17.8)
    )
    figs.append(
        _figure(
            "Social worker turnover % (year to 30 Sept)",
            wf.turnover_rate(
                start=add_months(sept, n=-12) + dt.timedelta(days=1), end=sept
            ).percent,
            16,
        )
    )
    figs.append(_figure("Mean caseload (30 Sept)", wf.caseload_mean_on(day=sept), 16))
    _ = codes  # the groupings used above are codes.PLACEMENT_GROUP / LEGAL_STATUS_GROUP
    return figs


def format_report(figures: list[Figure]) -> str:
    lines = [f"{'figure':48} {'value':>8} {'national':>9} {'band':>15}  ok"]
    for f in figures:
        band = f"{f.low:g}-{f.high:g}" + (" abs" if f.absolute else "")
        value = "-" if f.value is None else f"{f.value:g}"
        lines.append(
            f"{f.name:48} {value:>8} {f.national:>9.1f} {band:>15}  {'yes' if f.ok else 'NO'}"
        )
    return "\n".join(lines)
