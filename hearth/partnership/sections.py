"""What a corporate parenting and partnership report holds: four sections, each a list of
registry indicators (the table) and the ones charted over 12 months. Keys only: every value
comes from the indicator registry (`hearth.insight.indicators`)."""

from __future__ import annotations

from typing import NamedTuple


class Section(NamedTuple):
    key: str
    title: str
    indicators: tuple[str, ...]
    charts: tuple[str, ...]


SECTIONS: tuple[Section, ...] = (
    Section(
        "help-and-protection",
        "Help and protection",
        (
            "contacts-decided-1wd",
            "referral-rate",
            "re-referrals",
            "assessments-45wd",
            "section-47-rate",
            "icpc-15wd",
            "cp-rate",
            "cp-second",
            "cp-visits",
            "cin-rate",
            "unallocated",
            "lado-referrals",
            "lado-resolved-1-month",
            "lado-substantiated",
            "private-fostering-notifications",
            "private-fostering-first-visit",
            "private-fostering-visits",
            "young-carers",
            "young-carers-assessed",
            "homeless-16-17",
            "homeless-16-17-assessed",
        ),
        ("referral-rate", "re-referrals", "assessments-45wd", "cp-rate"),
    ),
    Section(
        "children-in-care",
        "Children in care",
        (
            "cla-rate",
            "cla-started",
            "cla-3-placements",
            "cla-long-term-stability",
            "cla-20-miles",
            "cla-reviews",
            "cla-health-assessment",
            "cla-dental",
            "cla-missing",
            "return-interviews-offered",
            "adoption-share",
            "care-proceedings-weeks",
        ),
        ("cla-rate", "cla-3-placements", "cla-missing"),
    ),
    Section(
        "care-leavers",
        "Care leavers",
        (
            "leavers-17-18-in-touch",
            "leavers-17-18-eet",
            "leavers-17-18-accommodation",
            "leavers-19-21-in-touch",
            "leavers-19-21-eet",
            "leavers-19-21-accommodation",
            "pathway-plans",
            "entitlements",
        ),
        ("leavers-19-21-eet", "leavers-19-21-accommodation"),
    ),
    Section(
        "workforce",
        "Workforce",
        (
            "caseload-mean",
            "vacancy-rate",
            "agency-rate",
            "turnover",
            "qualified",
            "supervision",
        ),
        ("caseload-mean", "vacancy-rate", "agency-rate"),
    ),
)
BY_KEY = {s.key: s for s in SECTIONS}
