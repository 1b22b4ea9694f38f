from __future__ import annotations

import csv
import datetime as dt
import io
import json
import shutil

import pytest
from django.core.management import CommandError, call_command

from hearth.casework.tests.factories import CINEpisodeFactory
from hearth.insight import comparators
from hearth.insight.indicators import REGISTRY

pytestmark = pytest.mark.django_db


def test_indicators_command_prints_every_indicator_as_json():
    CINEpisodeFactory(referral_date=dt.date(2025, 6, 1))
    out = io.StringIO()
    call_command("indicators", "--as-of", "2026-03-31", "--format", "json", stdout=out)
    payload = json.loads(out.getvalue())
    rows = {r["key"]: r for r in payload["indicators"]}
    assert set(rows) == set(REGISTRY)
    assert rows["referrals"]["value"] == 1
    assert rows["case-audits"]["status"] == "computed"
    assert "not yet recorded" not in {r["status"] for r in rows.values()}
    assert payload["period_start"] == "2025-04-01"


def test_indicators_command_csv_for_a_period():
    out = io.StringIO()
    call_command(
        "indicators",
        "--as-of",
        "2026-03-31",
        "--period-start",
        "2026-01-01",
        "--format",
        "csv",
        stdout=out,
    )
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert len(rows) == len(REGISTRY) and rows[0]["period_start"] == "2026-01-01"


def test_every_comparator_names_its_source_and_year_and_unknown_levels_are_not_available():
    data = comparators.load()
    for key, levels in data["figures"].items():
        assert key in REGISTRY
        for fig in levels.values():
            assert fig["source"] and fig["year"]
    regional = comparators.for_indicator("cla-rate", data=data)[1]
    assert not regional.available and regional.text("rate per 10,000") == "Not available"


@pytest.fixture
def data_copy(tmp_path, settings):
    target = tmp_path / "comparators.json"
    shutil.copy(comparators.DEFAULT_FILE, target)
    settings.INSIGHT_COMPARATORS_FILE = str(target)
    return target


def test_update_merges_a_newer_published_csv(tmp_path, data_copy):
    newer = tmp_path / "newer.csv"
    newer.write_text(
        "indicator,level,value,year,source\n"
        "cla-rate,national,71,2025,DfE CLA 2025\n"
        "cla-rate,statistical_neighbours,80.5,2025,DfE CLA 2025 LA tables\n"
    )
    call_command("insight_comparators", "--update", str(newer), stdout=io.StringIO())
    figs = comparators.for_indicator("cla-rate")
    assert (figs[0].value, figs[0].year) == (71, "2025")
    assert figs[2].value == 80.5 and figs[1].available is False


def test_update_refuses_a_figure_without_a_source(tmp_path, data_copy):
    bad = tmp_path / "bad.csv"
    bad.write_text("indicator,level,value,year,source\ncla-rate,national,71,2025,\n")
    with pytest.raises(CommandError, match="source"):
        call_command("insight_comparators", "--update", str(bad))
    assert comparators.for_indicator("cla-rate")[0].value == 70
