"""The indicator registry: every performance figure Hearth reports, defined once.

Each computed indicator is built from the selectors in ``hearth.casework``, ``hearth.care`` and
``hearth.workforce`` (the same functions the statutory returns and the synthetic calibration
use), so a figure on a dashboard equals the figure in the return. An indicator computes its
*members* -- the records behind the number (a referral, a plan, a child in a cohort, a post) with
the child or worker they belong to and whether each counts towards the numerator -- and the value
is an aggregate of the members. Restricting to a team or a worker is therefore the same rule
applied to fewer members, and the drill-down lists exactly the children the number came from.

Indicators the records cannot support yet (children's feedback surveys, case audits) are in the
registry as "not yet recorded", with no value, so a report can say so rather than invent one.

Dates: ``as_of`` is the reference date for stocks ("at 31 March"); period measures cover
[period_start, as_of] inclusive, 12 months by default.
"""

from __future__ import annotations

from hearth.insight.indicators.care_leavers import (
    _SUITABLE as _SUITABLE,
)
from hearth.insight.indicators.care_leavers import (
    _eet as _eet,
)
from hearth.insight.indicators.care_leavers import (
    _entitlements as _entitlements,
)
from hearth.insight.indicators.care_leavers import (
    _in_touch as _in_touch,
)
from hearth.insight.indicators.care_leavers import (
    _leaver_members as _leaver_members,
)
from hearth.insight.indicators.care_leavers import (
    _leavers as _leavers,
)
from hearth.insight.indicators.care_leavers import (
    _pathway as _pathway,
)
from hearth.insight.indicators.care_leavers import (
    _suitable as _suitable,
)
from hearth.insight.indicators.children_in_care import (
    _GROUP_LABELS as _GROUP_LABELS,
)
from hearth.insight.indicators.children_in_care import (
    _a1 as _a1,
)
from hearth.insight.indicators.children_in_care import (
    _a2 as _a2,
)
from hearth.insight.indicators.children_in_care import (
    _adopted as _adopted,
)
from hearth.insight.indicators.children_in_care import (
    _adopted_share as _adopted_share,
)
from hearth.insight.indicators.children_in_care import (
    _cla_3plus as _cla_3plus,
)
from hearth.insight.indicators.children_in_care import (
    _cla_ceased as _cla_ceased,
)
from hearth.insight.indicators.children_in_care import (
    _cla_far as _cla_far,
)
from hearth.insight.indicators.children_in_care import (
    _cla_legal as _cla_legal,
)
from hearth.insight.indicators.children_in_care import (
    _cla_open as _cla_open,
)
from hearth.insight.indicators.children_in_care import (
    _cla_placement as _cla_placement,
)
from hearth.insight.indicators.children_in_care import (
    _cla_reviews as _cla_reviews,
)
from hearth.insight.indicators.children_in_care import (
    _cla_stability as _cla_stability,
)
from hearth.insight.indicators.children_in_care import (
    _cla_started as _cla_started,
)
from hearth.insight.indicators.children_in_care import (
    _exploitation as _exploitation,
)
from hearth.insight.indicators.children_in_care import (
    _health as _health,
)
from hearth.insight.indicators.children_in_care import (
    _missing_children as _missing_children,
)
from hearth.insight.indicators.children_in_care import (
    _missing_episodes as _missing_episodes,
)
from hearth.insight.indicators.children_in_care import (
    _offending as _offending,
)
from hearth.insight.indicators.children_in_care import (
    _proceedings as _proceedings,
)
from hearth.insight.indicators.children_in_care import (
    _ri as _ri,
)
from hearth.insight.indicators.cin_cp import (
    _CATEGORIES as _CATEGORIES,
)
from hearth.insight.indicators.cin_cp import (
    _SOURCES as _SOURCES,
)
from hearth.insight.indicators.cin_cp import (
    _assessment_factors as _assessment_factors,
)
from hearth.insight.indicators.cin_cp import (
    _assessments as _assessments,
)
from hearth.insight.indicators.cin_cp import (
    _assessments_45 as _assessments_45,
)
from hearth.insight.indicators.cin_cp import (
    _cin_open as _cin_open,
)
from hearth.insight.indicators.cin_cp import (
    _cp_ended as _cp_ended,
)
from hearth.insight.indicators.cin_cp import (
    _cp_ended_2y as _cp_ended_2y,
)
from hearth.insight.indicators.cin_cp import (
    _cp_open as _cp_open,
)
from hearth.insight.indicators.cin_cp import (
    _cp_reviews as _cp_reviews,
)
from hearth.insight.indicators.cin_cp import (
    _cp_second as _cp_second,
)
from hearth.insight.indicators.cin_cp import (
    _cp_second_2y as _cp_second_2y,
)
from hearth.insight.indicators.cin_cp import (
    _cp_started as _cp_started,
)
from hearth.insight.indicators.cin_cp import (
    _cp_visits as _cp_visits,
)
from hearth.insight.indicators.cin_cp import (
    _icpc as _icpc,
)
from hearth.insight.indicators.cin_cp import (
    _icpc_15 as _icpc_15,
)
from hearth.insight.indicators.cin_cp import (
    _re_referrals as _re_referrals,
)
from hearth.insight.indicators.cin_cp import (
    _referrals as _referrals,
)
from hearth.insight.indicators.cin_cp import (
    _referrals_nfa as _referrals_nfa,
)
from hearth.insight.indicators.cin_cp import (
    _s47 as _s47,
)
from hearth.insight.indicators.cin_cp import (
    _s47_to_icpc as _s47_to_icpc,
)
from hearth.insight.indicators.cin_cp import (
    _strategy as _strategy,
)
from hearth.insight.indicators.cin_cp import (
    _unallocated as _unallocated,
)
from hearth.insight.indicators.engine import (
    COUNT as COUNT,
)
from hearth.insight.indicators.engine import (
    DAYS as DAYS,
)
from hearth.insight.indicators.engine import (
    MEAN as MEAN,
)
from hearth.insight.indicators.engine import (
    PERCENT as PERCENT,
)
from hearth.insight.indicators.engine import (
    PERIOD as PERIOD,
)
from hearth.insight.indicators.engine import (
    RATE as RATE,
)
from hearth.insight.indicators.engine import (
    STOCK as STOCK,
)
from hearth.insight.indicators.engine import (
    THEMES as THEMES,
)
from hearth.insight.indicators.engine import (
    UNIT_LABELS as UNIT_LABELS,
)
from hearth.insight.indicators.engine import (
    WEEKS as WEEKS,
)
from hearth.insight.indicators.engine import (
    Context as Context,
)
from hearth.insight.indicators.engine import (
    Indicator as Indicator,
)
from hearth.insight.indicators.engine import (
    Member as Member,
)
from hearth.insight.indicators.engine import (
    Result as Result,
)
from hearth.insight.indicators.engine import (
    Scope as Scope,
)
from hearth.insight.indicators.engine import (
    _aggregate as _aggregate,
)
from hearth.insight.indicators.engine import (
    _cohort as _cohort,
)
from hearth.insight.indicators.engine import (
    _flagged as _flagged,
)
from hearth.insight.indicators.engine import (
    _labels as _labels,
)
from hearth.insight.indicators.engine import (
    _records as _records,
)
from hearth.insight.indicators.engine import (
    _timed as _timed,
)
from hearth.insight.indicators.engine import (
    authority_population as authority_population,
)
from hearth.insight.indicators.engine import (
    default_period_start as default_period_start,
)
from hearth.insight.indicators.front_door import (
    _AGENCY as _AGENCY,
)
from hearth.insight.indicators.front_door import (
    _contact_1wd as _contact_1wd,
)
from hearth.insight.indicators.front_door import (
    _contact_cp_4h as _contact_cp_4h,
)
from hearth.insight.indicators.front_door import (
    _contact_outcomes as _contact_outcomes,
)
from hearth.insight.indicators.front_door import (
    _contacts as _contacts,
)
from hearth.insight.indicators.front_door import (
    _eh_closed as _eh_closed,
)
from hearth.insight.indicators.front_door import (
    _eh_open as _eh_open,
)
from hearth.insight.indicators.front_door import (
    _eh_started as _eh_started,
)
from hearth.insight.indicators.front_door import (
    _eh_step_down as _eh_step_down,
)
from hearth.insight.indicators.front_door import (
    _eh_step_up as _eh_step_up,
)
from hearth.insight.indicators.front_door import (
    _fgcs as _fgcs,
)
from hearth.insight.indicators.practice import (
    _changes as _changes,
)
from hearth.insight.indicators.practice import (
    _oversight as _oversight,
)
from hearth.insight.indicators.practice import (
    _supervision as _supervision,
)
from hearth.insight.indicators.practice import (
    _visits_alone as _visits_alone,
)
from hearth.insight.indicators.practice import (
    _visits_views as _visits_views,
)
from hearth.insight.indicators.registry import (
    _ALL as _ALL,
)
from hearth.insight.indicators.registry import (
    CIN_CENSUS as CIN_CENSUS,
)
from hearth.insight.indicators.registry import (
    REGISTRY as REGISTRY,
)
from hearth.insight.indicators.registry import (
    SSDA903 as SSDA903,
)
from hearth.insight.indicators.registry import (
    WORKFORCE as WORKFORCE,
)
from hearth.insight.indicators.registry import (
    get as get,
)
from hearth.insight.indicators.registry import (
    headline as headline,
)
from hearth.insight.indicators.registry import (
    indicators as indicators,
)
from hearth.insight.indicators.workforce import (
    _agency as _agency,
)
from hearth.insight.indicators.workforce import (
    _caseload_band as _caseload_band,
)
from hearth.insight.indicators.workforce import (
    _caseloads as _caseloads,
)
from hearth.insight.indicators.workforce import (
    _posts as _posts,
)
from hearth.insight.indicators.workforce import (
    _qualified as _qualified,
)
from hearth.insight.indicators.workforce import (
    _turnover as _turnover,
)

__all__ = [
    "CIN_CENSUS",
    "COUNT",
    "DAYS",
    "MEAN",
    "PERCENT",
    "PERIOD",
    "RATE",
    "REGISTRY",
    "SSDA903",
    "STOCK",
    "THEMES",
    "UNIT_LABELS",
    "WEEKS",
    "WORKFORCE",
    "Context",
    "Indicator",
    "Member",
    "Result",
    "Scope",
    "authority_population",
    "default_period_start",
    "get",
    "headline",
    "indicators",
]
