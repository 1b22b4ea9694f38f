"""The bench's own bookkeeping: partial runs keep the other sections; the DfE command line gets
the file names it expects; the page timer signs in as a real, verified user."""

from __future__ import annotations

import importlib

import pytest

bench = importlib.import_module("hearth.bench.__main__")


def test_a_partial_run_keeps_the_sections_it_did_not_measure():
    text = (
        "# Benchmarks\n\nintro\n\n## Returns\n\nMeasured then.\n\n| a | b | c |\n\n"
        "## Web under load\n\nMeasured then.\n\n| x | y | z |\n\n"
        "## Reading these figures\n\nnotes"
    )
    blocks = bench._previous_blocks(text)
    assert list(blocks) == ["Returns", "Web under load"]
    assert blocks["Returns"].startswith("## Returns\n")
    assert "| a | b | c |" in blocks["Returns"]
    assert "notes" not in blocks["Web under load"]


def test_903_files_are_copied_to_the_names_the_package_command_line_reads(tmp_path):
    exported = tmp_path / "903"
    exported.mkdir()
    for ours in bench.OFFLINE_NAMES.values():
        (exported / f"{ours}.csv").write_text(f"{ours}\n")
    target = bench.offline_dir(exported, tmp_path)
    assert (target / "placed_for_adoption_errors.csv").read_text() == "PlacedAdoption\n"
    assert (target / "sw_episodes.csv").read_text() == "SWEpisodes\n"
    assert len(list(target.glob("*.csv"))) == len(bench.OFFLINE_NAMES)


@pytest.mark.django_db
def test_the_page_timer_signs_in_verified_as_the_role():
    from hearth.access.tests.factories import UserFactory
    from hearth.bench.page import signed_in_client

    UserFactory(role="senior_leader")
    client = signed_in_client(role="senior_leader")
    response = client.get("/insight/")
    assert response.status_code == 200
