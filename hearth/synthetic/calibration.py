"""How the synthetic authority compares with national figures, computed through the indicator
registry (``hearth.insight.indicators.REGISTRY``): the figures the dashboards show, not a second
definition of them.

Bands: within +/-20% of the national figure (relative). For national shares under 10% a relative
band is narrower than the noise of one mid-sized authority, so those use an absolute band of
+/-2 percentage points (CP initial category physical / sexual / multiple, legal status placement
order) -- the ``absolute`` column says which.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from hearth.core.calendar import add_months
from hearth.core.models import Authority


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
    Workforce figures are taken at the 30 September before ``as_of``.

    Every figure is an indicator of the registry (``hearth.insight.indicators``), computed as
    the dashboards compute it, so the synthetic LA is calibrated on the numbers users see."""
    from hearth.insight.indicators import _CATEGORIES, _GROUP_LABELS, REGISTRY

    start = add_months(as_of, n=-12) + dt.timedelta(days=1)
    sept = dt.date(as_of.year if as_of.month >= 10 else as_of.year - 1, 9, 30)
    sept_start = add_months(sept, n=-12) + dt.timedelta(days=1)
    population = Authority.objects.get().population_0_17
    results: dict[tuple, object] = {}

    def result(key: str, *, on: dt.date = as_of, begun: dt.date = start):
        if (key, on) not in results:
            results[(key, on)] = REGISTRY[key].compute(
                as_of=on, period_start=begun, population=population
            )
        return results[(key, on)]

    def value(key: str, **kw) -> float | None:
        return result(key, **kw).value

    def share(key: str, labels) -> float | None:
        got = result(key)
        counts = dict(got.breakdown)
        return _share(counts, [str(label) for label in labels])

    per10k = 10_000 / population
    figs = [
        _figure("Referrals per 10k", value("referral-rate"), 520),
        _figure("Re-referrals within 12 months %", value("re-referrals"), 22),
        _figure("Assessments within 45 working days %", value("assessments-45wd"), 86),
        _figure("CIN per 10k at 31 March", value("cin-rate"), 332.9),
        _figure("CP plans per 10k at 31 March", value("cp-rate"), 42),
    ]
    cats = {code: _CATEGORIES[code] for code in ("NEG", "EMO", "PHY", "SAB", "MUL")}
    figs += [
        _figure("CP initial category neglect %", share("cp-started", [cats["NEG"]]), 50),
        _figure("CP initial category emotional %", share("cp-started", [cats["EMO"]]), 36),
        _figure(
            "CP initial category physical %", share("cp-started", [cats["PHY"]]), 7, absolute=2
        ),
        _figure("CP initial category sexual %", share("cp-started", [cats["SAB"]]), 4, absolute=2),
        _figure(
            "CP initial category multiple %", share("cp-started", [cats["MUL"]]), 3, absolute=2
        ),
        _figure("Second or subsequent CP plan %", value("cp-second"), 23),
        _figure("CLA per 10k at 31 March", value("cla-rate"), 70),
        _figure("CLA started in year per 10k", value("cla-started") * per10k, 33_050 / 1_195),
    ]
    foster, kinship = _GROUP_LABELS["foster"], _GROUP_LABELS["kinship_foster"]
    figs += [
        _figure(
            "Placed in foster care (incl. kinship) %",
            share("cla-placement-type", [foster, kinship]),
            67,
        ),
        _figure("Placed in kinship foster care %", share("cla-placement-type", [kinship]), 16),
        _figure(
            "Legal status care order (incl. interim) %",
            share(
                "cla-legal-status",
                [_GROUP_LABELS["care_order"], _GROUP_LABELS["interim_care_order"]],
            ),
            77,
        ),
        _figure(
            "Legal status section 20 %",
            share("cla-legal-status", [_GROUP_LABELS["section_20"]]),
            17,
        ),
        _figure(
            "Legal status placement order %",
            share("cla-legal-status", [_GROUP_LABELS["placement_order"]]),
            6,
            absolute=2,
        ),
        _figure("Placed more than 20 miles from home %", value("cla-20-miles"), 22),
        _figure("3 or more placements in year %", value("cla-3-placements"), 10),
        _figure("CLA missing in year %", value("cla-missing"), 10.5),
        _figure("Care leavers 19-21 in EET %", value("leavers-19-21-eet"), 57),
        _figure(
            "Social worker vacancy rate % (30 Sept)",
            value("vacancy-rate", on=sept, begun=sept_start),
            18.9,
        ),
        _figure(
            "Agency worker rate % (30 Sept)",
            value("agency-rate", on=sept, begun=sept_start),
            17.8,
        ),
        _figure(
            "Social worker turnover % (year to 30 Sept)",
            value("turnover", on=sept, begun=sept_start),
            16,
        ),
        _figure("Mean caseload (30 Sept)", value("caseload-mean", on=sept, begun=sept_start), 16),
    ]
    return figs + families_first_figures(result=result)


def families_first_figures(*, result) -> list[Figure]:
    """Family network meetings, pre-proceedings, kinship and information sharing, through the
    same registry indicators. Only the pre-proceedings diversion rate has a published figure;
    the rest check that the simulation delivers the generator's stated assumptions
    (``hearth.synthetic.config``), named "(assumption)"."""
    from hearth.care.kinship import KINDS
    from hearth.core import codes
    from hearth.synthetic import config as C

    population = Authority.objects.get().population_0_17
    fgdm = dict(result("fgdm-before-proceedings").breakdown)
    offered = sum(n for group, n in fgdm.items() if not group.startswith("No "))
    held = fgdm.get("Family network meeting held", 0)
    kinship = dict(result("kinship-open").breakdown)
    started = dict(result("kinship-started").breakdown)
    ceased = dict(result("cla-ceased").breakdown)
    sgo_leavers = sum(
        ceased.get(str(codes.ReasonEpisodeCeased(code).label), 0) for code in codes.SGO_REASONS
    )
    family_and_friends = sum(n for kind, n in kinship.items() if "friends care" in kind)
    disclosures = result("sharing-disclosures")
    refused = result("sharing-not-shared")
    strategy = result("strategy-discussions").value
    asked = sum("asked us" in m.detail for m in disclosures.members + refused.members)
    refused_asked = sum("asked us" in m.detail for m in refused.members)
    return [
        _figure(
            "Family network meeting offered before proceedings % (assumption)",
            result("fgdm-before-proceedings").value,
            round(100 * C.P_FGDM_OFFERED * PRE_PROCEEDINGS_BEFORE_APPLICATION, 1),
            absolute=8,
        ),
        _figure(
            "Family network meetings held, of offered % (assumption)",
            100 * held / offered if offered else None,
            100 * C.P_FGDM_HELD,
            # counted over applications to court only: about a dozen offers in the small test LA,
            # where one binomial standard deviation is about 15 points
            absolute=25,
        ),
        # Masson et al. (2013): a quarter to a third of families in pre-proceedings avoid court.
        _figure(
            "Pre-proceedings stepped down without court %",
            result("pre-proceedings-diverted").value,
            29,
            absolute=8,
        ),
        # The journey's reasons for special guardianship (E45 30, E46 15, E47 45, E48 10): 75%
        # to relatives or friends, each a kinship arrangement. Few a year: a wide band.
        _figure(
            "SGOs on leaving care that are kinship % (assumption)",
            100 * started.get(str(KINDS["sgo"]), 0) / sgo_leavers if sgo_leavers else None,
            75,
            absolute=20,
        ),
        _figure(
            "Informal or LA-supported kinship per 10k (assumption)",
            10_000 * family_and_friends / population,
            KINSHIP_FAMILY_AND_FRIENDS_PER_10K,
        ),
        _figure(
            "Disclosures per strategy discussion (assumption)",
            disclosures.value / strategy if strategy else None,
            DISCLOSURES_PER_STRATEGY,
        ),
        _figure(
            "Partner requests refused % (assumption)",
            100 * refused_asked / asked if asked else None,
            100 * C.P_NOT_SHARED_OF_REQUESTS,
            absolute=3,
        ),
    ]


# About 2 in 5 applications for a care order follow pre-proceedings in the generator (the
# CP-plan children's applications with a PLO meeting; see config "Pre-proceedings").
PRE_PROCEEDINGS_BEFORE_APPLICATION = 0.4
# Informal and LA-supported arrangements open at a time: config P_KINSHIP_FROM_PLAN.
KINSHIP_FAMILY_AND_FRIENDS_PER_10K = 12.0
# Police and health at each strategy discussion (1 + C.P_SHARE_HEALTH_S47), feedback to
# referring schools and partners' requests answered: about 2.5 a strategy discussion.
DISCLOSURES_PER_STRATEGY = 2.5


def format_report(figures: list[Figure]) -> str:
    lines = [f"{'figure':48} {'value':>8} {'national':>9} {'band':>15}  ok"]
    for f in figures:
        band = f"{f.low:g}-{f.high:g}" + (" abs" if f.absolute else "")
        value = "-" if f.value is None else f"{f.value:g}"
        lines.append(
            f"{f.name:48} {value:>8} {f.national:>9.1f} {band:>15}  {'yes' if f.ok else 'NO'}"
        )
    return "\n".join(lines)
