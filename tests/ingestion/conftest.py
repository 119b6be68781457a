"""Fixtures of the ingestion tests: an empty inbox and a warehouse file, both in tmp_path."""

from pathlib import Path

import duckdb
import pytest


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    folder = tmp_path / "inbox"
    folder.mkdir()
    return folder


@pytest.fixture
def con(tmp_path: Path):
    with duckdb.connect(str(tmp_path / "warehouse.duckdb")) as connection:
        yield connection
