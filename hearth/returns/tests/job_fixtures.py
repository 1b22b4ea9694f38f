"""Fixtures for the returns job, view, provider and data-quality tests (imported by each)."""

import pytest

from hearth.access.tests.conftest import world  # noqa: F401


@pytest.fixture(autouse=True)
def _returns_dir(settings, tmp_path):
    """Each test keeps its returns in its own folder."""
    settings.RETURNS_DIR = str(tmp_path / "returns")


@pytest.fixture
def fake_rules(monkeypatch):
    """DfE's rules replaced by a canned report (the real ones are tested where the validators'
    environment exists): returns the dict to fill with the runner's JSON."""
    from hearth.returns import jobs

    raw = {"rules": [], "tables": {}}
    calls = []

    def run_validator(cmd, *, progress, message):
        calls.append(cmd)
        progress(0.5, f"{message} (1s)")
        progress(1.0, f"{message}: done")
        return raw

    monkeypatch.setattr(jobs, "run_validator", run_validator)
    raw["calls"] = calls
    return raw
