"""Fixtures of the operations tests: a build folder of their own."""

from pathlib import Path

import pytest


@pytest.fixture
def build(tmp_path: Path, monkeypatch) -> Path:
    """MEDIACOOP_BUILD (and the warehouse under it) in tmp_path, for code run in this process."""
    folder = tmp_path / "build"
    monkeypatch.setenv("MEDIACOOP_BUILD", str(folder))
    monkeypatch.setenv("MEDIACOOP_WAREHOUSE", str(folder / "warehouse.duckdb"))
    return folder
