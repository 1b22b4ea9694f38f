"""SSDA903 episodes derived from the three timelines (no database needed)."""

from __future__ import annotations

import datetime as dt

from hearth.care.episodes import Period, Spell, derive_episodes
from hearth.returns.ssda903 import sex_903, tables_for_year

d = dt.date
YEAR_END = d(2026, 3, 31)


def placement(
    start,
    end=None,
    *,
    place="U4",
    provider="PR1",
    postcode="PE2 8QR",
    urn="XXXXXXX",
    carer="Carer A",
    reason="",
):
    return Spell(start, end, (place, provider, postcode, urn, carer, reason))


def legal(start, end=None, code="C2"):
    return Spell(start, end, (code,))


START = d(2025, 4, 7)


def period(*, start=START, end=None, reason="", statuses=(), placements=()):
    return Period(
        start=start,
        end=end,
        reason_ceased=reason,
        category_of_need="N1",
        home_postcode="PE1 4TE",
        legal_statuses=list(statuses),
        placements=list(placements),
    )


def test_new_period_starts_with_s():
    eps = derive_episodes(
        period(statuses=[legal(d(2025, 4, 7))], placements=[placement(d(2025, 4, 7))]),
        year_end=YEAR_END,
    )
    assert [(e.rne, e.decom, e.dec, e.rec) for e in eps] == [("S", d(2025, 4, 7), None, "")]


def test_placement_change_only_is_p_and_reason_goes_on_the_episode_that_ends():
    eps = derive_episodes(
        period(
            statuses=[legal(d(2025, 4, 7))],
            placements=[
                placement(d(2025, 4, 7), d(2025, 6, 2), reason="CREQB"),
                placement(d(2025, 6, 2), carer="Carer B", postcode="PE3 9AU"),
            ],
        ),
        year_end=YEAR_END,
    )
    assert [e.rne for e in eps] == ["S", "P"]
    assert (eps[0].dec, eps[0].rec, eps[0].reason_place_change) == (d(2025, 6, 2), "X1", "CREQB")
    assert eps[1].reason_place_change == ""


def test_legal_status_change_only_is_l_without_placement_reason():
    eps = derive_episodes(
        period(
            statuses=[legal(d(2025, 4, 7), d(2025, 8, 1), code="C1"), legal(d(2025, 8, 1))],
            placements=[placement(d(2025, 4, 7))],
        ),
        year_end=YEAR_END,
    )
    assert [(e.rne, e.ls) for e in eps] == [("S", "C1"), ("L", "C2")]
    assert eps[0].reason_place_change == ""


def test_both_on_the_same_day_is_one_episode():
    """Legal status and placement change the same day: one new episode, not two.

    With a different carer that is U; with the same carer(s), B (codes.ReasonNewEpisode)."""
    statuses = [legal(d(2025, 4, 7), d(2025, 9, 1), code="C1"), legal(d(2025, 9, 1))]
    new_carer = period(
        statuses=statuses,
        placements=[
            placement(d(2025, 4, 7), d(2025, 9, 1), reason="CARPL"),
            placement(d(2025, 9, 1), carer="Carer B", postcode="PE3 9AU"),
        ],
    )
    same_carer = period(
        statuses=statuses,
        placements=[
            placement(d(2025, 4, 7), d(2025, 9, 1), place="U6", reason="CARPL"),
            placement(d(2025, 9, 1), place="U4"),
        ],
    )
    assert [e.rne for e in derive_episodes(new_carer, year_end=YEAR_END)] == ["S", "U"]
    assert [e.rne for e in derive_episodes(same_carer, year_end=YEAR_END)] == ["S", "B"]


def test_placement_move_keeping_the_carer_is_t():
    eps = derive_episodes(
        period(
            statuses=[legal(d(2025, 4, 7))],
            placements=[
                placement(d(2025, 4, 7), d(2025, 7, 1), place="U6", reason="CARPL"),
                placement(d(2025, 7, 1), place="U4"),
            ],
        ),
        year_end=YEAR_END,
    )
    assert [e.rne for e in eps] == ["S", "T"]


def test_identical_placement_record_is_not_a_new_episode():
    eps = derive_episodes(
        period(
            statuses=[legal(d(2025, 4, 7))],
            placements=[placement(d(2025, 4, 7), d(2025, 7, 1)), placement(d(2025, 7, 1))],
        ),
        year_end=YEAR_END,
    )
    assert [e.rne for e in eps] == ["S"]


def test_dec_and_rec_only_on_the_last_episode_of_a_period():
    eps = derive_episodes(
        period(
            end=d(2025, 12, 1),
            reason="E13",
            statuses=[legal(d(2025, 4, 7), d(2025, 12, 1))],
            placements=[
                placement(d(2025, 4, 7), d(2025, 6, 2), reason="CHILD"),
                placement(d(2025, 6, 2), d(2025, 12, 1), carer="B", postcode="PE3 9AU"),
            ],
        ),
        year_end=YEAR_END,
    )
    assert [(e.dec, e.rec) for e in eps] == [(d(2025, 6, 2), "X1"), (d(2025, 12, 1), "E13")]
    # The period ended: no placement-change reason on the final episode.
    assert eps[-1].reason_place_change == ""


def test_events_after_31_march_are_not_reported():
    eps = derive_episodes(
        period(
            end=d(2026, 5, 1),
            reason="E13",
            statuses=[legal(d(2025, 4, 7))],
            placements=[
                placement(d(2025, 4, 7), d(2026, 4, 20), reason="CHILD"),
                placement(d(2026, 4, 20), carer="B", postcode="PE3 9AU"),
            ],
        ),
        year_end=YEAR_END,
    )
    assert [(e.rne, e.dec, e.rec, e.reason_place_change) for e in eps] == [("S", None, "", "")]


def test_no_placement_change_reason_around_temporary_placements():
    eps = derive_episodes(
        period(
            statuses=[legal(d(2025, 4, 7))],
            placements=[
                placement(d(2025, 4, 7), d(2025, 8, 1), reason="OTHER"),
                placement(
                    d(2025, 8, 1), d(2025, 8, 5), place="T2", provider="", carer="", reason="OTHER"
                ),
                placement(d(2025, 8, 5), reason=""),
            ],
        ),
        year_end=YEAR_END,
    )
    assert [e.rne for e in eps] == ["S", "P", "P"]
    assert [e.reason_place_change for e in eps] == ["", "", ""]


def test_sex_codes_change_in_2024_25():
    assert sex_903("M", year="2023-24") == "1"
    assert sex_903("F", year="2023-24") == "2"
    assert sex_903("F", year="2024-25") == "F"


def test_tables_by_year():
    assert "SWEpisodes" not in tables_for_year("2022-23")
    assert "SWEpisodes" in tables_for_year("2023-24")
    assert "DoLo" not in tables_for_year("2025-26")
    assert "DoLo" in tables_for_year("2026-27")
