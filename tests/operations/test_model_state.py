"""A refresh with nothing new runs no dbt: the fingerprint of what the models read, and the
command line that skips the build when it is unchanged."""

from pathlib import Path

import duckdb
import pytest
from ops_testkit import write_coverage_day
from pipeline_run import run_mediacoop
from small_inbox import write_small_inbox

from orchestration.runtime import model_state

VARS = {"year": 2025, "province": "Hải Phòng"}


@pytest.fixture
def warehouse(tmp_path) -> Path:
    path = tmp_path / "warehouse.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute("CREATE SCHEMA raw")
        con.execute("CREATE TABLE raw.coverage (item_id VARCHAR, title VARCHAR, views BIGINT)")
        con.execute("INSERT INTO raw.coverage VALUES ('a', 'Tin một', 10), ('b', 'Tin hai', 20)")
        con.execute("CREATE TABLE raw.agencies (agency VARCHAR)")
        con.execute("INSERT INTO raw.agencies VALUES ('Báo Hải Phòng')")
    return path


def counts(warehouse: Path) -> dict[str, int]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return {
            table: con.execute(f"select count(*) from {table}").fetchone()[0]
            for table in ("raw.coverage", "marts.fct_coverage")
        }


def fingerprint(path: Path, dbt_vars=VARS) -> str:
    with duckdb.connect(str(path), read_only=True) as con:
        return model_state.fingerprint(con, dbt_vars)


def test_the_fingerprint_follows_every_row_and_the_vars(warehouse):
    before = fingerprint(warehouse)
    assert fingerprint(warehouse) == before
    with duckdb.connect(str(warehouse)) as con:
        con.execute("UPDATE raw.coverage SET views = 11 WHERE item_id = 'a'")
    changed = fingerprint(warehouse)
    assert changed != before
    with duckdb.connect(str(warehouse)) as con:
        con.execute("UPDATE raw.coverage SET views = 10 WHERE item_id = 'a'")
    assert fingerprint(warehouse) == before  # the same rows again: the same inputs
    assert fingerprint(warehouse, {**VARS, "year": 2024}) != before
    with duckdb.connect(str(warehouse)) as con:  # a copy of a row counts
        con.execute("INSERT INTO raw.coverage SELECT * FROM raw.coverage WHERE item_id = 'a'")
    assert fingerprint(warehouse) != before


def test_models_are_current_only_after_a_build_from_the_same_inputs(warehouse):
    assert not model_state.models_current(warehouse, VARS)
    with duckdb.connect(str(warehouse)) as con:
        model_state.record_build(con, model_state.fingerprint(con, VARS), "run-1")
    assert model_state.models_current(warehouse, VARS)
    assert not model_state.models_current(warehouse, {**VARS, "province": "Hà Nội"})
    with duckdb.connect(str(warehouse)) as con:
        con.execute("DELETE FROM raw.agencies")
    assert not model_state.models_current(warehouse, VARS)


@pytest.mark.pipeline_runs(1)  # four `mediacoop refresh`, three building the models
def test_a_refresh_with_nothing_new_runs_no_dbt(tmp_path):
    inbox, build = tmp_path / "inbox", tmp_path / "build"
    write_small_inbox(inbox)
    refresh = ("refresh", "--inbox", str(inbox), "--month", "2025-12")

    first = run_mediacoop(build, *refresh)
    assert first.returncode == 0, first.stdout[-3000:] + first.stderr[-3000:]
    assert "✓ dbt_models" in first.stdout
    built = counts(build / "warehouse.duckdb")

    again = run_mediacoop(build, *refresh)
    assert again.returncode == 0, again.stdout[-3000:] + again.stderr[-3000:]
    assert "✓ dbt_models" not in again.stdout
    assert "nothing new in the inbox" in again.stdout
    assert "mediacoop_models" not in again.stdout
    assert counts(build / "warehouse.duckdb") == built

    write_coverage_day(inbox, "30/12/2025", 3)
    new_day = run_mediacoop(build, *refresh)
    assert new_day.returncode == 0, new_day.stdout[-3000:] + new_day.stderr[-3000:]
    assert "✓ dbt_models" in new_day.stdout
    after = counts(build / "warehouse.duckdb")
    assert after["raw.coverage"] == built["raw.coverage"] + 3
    assert after["marts.fct_coverage"] == built["marts.fct_coverage"] + 3

    # --full-refresh always rebuilds, whatever the fingerprint says.
    full = run_mediacoop(build, *refresh, "--full-refresh")
    assert full.returncode == 0, full.stdout[-3000:] + full.stderr[-3000:]
    assert "✓ dbt_models" in full.stdout
