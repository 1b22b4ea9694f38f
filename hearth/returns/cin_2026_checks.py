"""Hearth's own checks of the CIN census 2026-27 ``PreProceedingsandFGDM`` block.

DfE's 2026-27 rules for the block (9005-9015Q) exist in the csc-validator-be-cin repository but
not in a released package (0.1.13, the newest on PyPI, has neither the rules nor a reader for
the block). Until one is, ``validate_cin`` adds these checks to its report, each coded ``H`` +
DfE's code and saying in its message that it is Hearth's check, so a report never passes a
rule DfE's tool has not run. Each reads the block exactly as ``build_cin_xml`` writes it.
"""

from __future__ import annotations

import datetime as dt

from hearth.core.calendar import collection_year_bounds

PREFIX = "Hearth's check for DfE rule {code} (not yet in the released csc-validator-be-cin): "

# (code, type, message, fields, test(values, start, end) -> bool: True when the row fails)
CHECKS = [
    (
        "9005",
        "error",
        "the decision to begin pre-proceedings must fall in the reporting year.",
        ("PPStartDate",),
        lambda v, s, e: not _within(v["PPStartDate"], s, e),
    ),
    (
        "9006",
        "error",
        "the letter before proceedings must be in the year and on or after pre-proceedings began.",
        ("LBPSentDate",),
        lambda v, s, e: (
            _present(v, "LBPSentDate")
            and (not _within(v["LBPSentDate"], s, e) or v["LBPSentDate"] < v["PPStartDate"])
        ),
    ),
    (
        "9007",
        "error",
        "whether a family network meeting was offered goes with the letter before proceedings.",
        ("LBPSentDate", "FGDMMeetingOffer"),
        lambda v, s, e: v.get("FGDMMeetingOffer") is not None and not _present(v, "LBPSentDate"),
    ),
    (
        "9008",
        "error",
        "the first pre-proceedings meeting must fall in the reporting year.",
        ("InitialPPMeetingDate",),
        lambda v, s, e: (
            _present(v, "InitialPPMeetingDate") and not _within(v["InitialPPMeetingDate"], s, e)
        ),
    ),
    (
        "9009",
        "error",
        "the decision to step up or down must be in the year and on or after pre-proceedings began.",
        ("StepDecisionDate",),
        lambda v, s, e: (
            _present(v, "StepDecisionDate")
            and (
                not _within(v["StepDecisionDate"], s, e) or v["StepDecisionDate"] < v["PPStartDate"]
            )
        ),
    ),
    (
        "9010Q",
        "query",
        "a family network meeting was offered: say whether one was held.",
        ("FGDMMeetingFac",),
        lambda v, s, e: v.get("FGDMMeetingOffer") == "1" and v.get("FGDMMeetingFac") is None,
    ),
    (
        "9011",
        "error",
        "the outcome of pre-proceedings must be a valid code (A, B or C).",
        ("PPOutcome",),
        lambda v, s, e: v.get("PPOutcome") is not None and v["PPOutcome"] not in ("A", "B", "C"),
    ),
    (
        "9012",
        "error",
        "the application to court must be in the year and on or after the decision to apply.",
        ("CourtAppDate",),
        lambda v, s, e: (
            _present(v, "CourtAppDate")
            and (
                not _within(v["CourtAppDate"], s, e)
                or (_present(v, "StepDecisionDate") and v["CourtAppDate"] < v["StepDecisionDate"])
            )
        ),
    ),
    (
        "9013",
        "error",
        "the letter that care proceedings have begun must be in the year and on or after the "
        "application to court.",
        ("LetterInitCPDate",),
        lambda v, s, e: (
            _present(v, "LetterInitCPDate")
            and (
                not _within(v["LetterInitCPDate"], s, e)
                or (_present(v, "CourtAppDate") and v["LetterInitCPDate"] < v["CourtAppDate"])
            )
        ),
    ),
    (
        "9015Q",
        "query",
        "after a first pre-proceedings meeting, give the number of review meetings held.",
        ("ReviewMeetingsCount",),
        lambda v, s, e: (
            _present(v, "InitialPPMeetingDate") and v.get("ReviewMeetingsCount") is None
        ),
    ),
]


def _present(values: dict, tag: str) -> bool:
    return values.get(tag) is not None


def _within(day: str | None, start: dt.date, end: dt.date) -> bool:
    return day is not None and start.isoformat() <= day <= end.isoformat()


def pre_proceedings_rules(*, year: str) -> list[dict]:
    """The checks' results for ``year``'s census, in the runner's report format."""
    from hearth.returns.cin import PRE_PROCEEDINGS_FROM, iter_children

    if year < PRE_PROCEEDINGS_FROM:
        return []
    start, end = collection_year_bounds(year)
    rows = []  # (la_child_id, values) in document order
    for child in iter_children(year=year):
        for episode in child.episodes:
            for pp in episode.pre_proceedings:
                rows.append((child.la_child_id, dict(pp.elements())))
    rules = []
    for code, kind, message, fields, fails in CHECKS:
        failures = [
            {"child_id": la_id, "table": "PreProceedings", "row": n, "fields": list(fields)}
            for n, (la_id, values) in enumerate(rows)
            if fails(values, start, end)
        ]
        rules.append(
            {
                "code": f"H{code}",
                "message": PREFIX.format(code=code) + message,
                "type": kind,
                "fields": list(fields),
                "tables": ["PreProceedings"],
                "status": "failed" if failures else "passed",
                "failures": failures,
                "reason": "",
            }
        )
    return rules
