"""A build in a fresh build folder reuses a parse of the project made in another one: dbt runs in
the warehouse's folder (orchestration.runtime.dbt_command), so its profile is the same in every
folder, and every parse is given the vars a run gives."""

import os
from pathlib import Path

import duckdb
import pytest
import session_cache
from dbt_synthetic import materialise_on_synthetic_inbox

from orchestration.runtime import dbt_command, working_copy
from orchestration.runtime.paths import DBT_PROJECT_DIR


@pytest.fixture
def fresh_build(tmp_path, monkeypatch):
    """orchestration.assets.dbt in a new build folder given the session's parse, which was made
    in the session's own build folder; its cached project and assets are forgotten afterwards."""
    from orchestration.assets import dbt as module

    build = tmp_path / "build"
    session_cache.seed_dbt_target(build)
    module.dbt_project.cache_clear()
    module.dbt_models.cache_clear()
    monkeypatch.setenv("MEDIACOOP_BUILD", str(build))
    monkeypatch.delenv("MEDIACOOP_WAREHOUSE", raising=False)
    yield module, build
    module.dbt_project.cache_clear()
    module.dbt_models.cache_clear()


@pytest.mark.pipeline_runs(0.5)
def test_a_build_in_a_fresh_folder_reuses_a_parse_made_elsewhere(fresh_build, monkeypatch, capsys):
    module, build = fresh_build
    # The run's working copy, as orchestration.runtime.guard names it.
    warehouse = working_copy.stable_working_path(build / "warehouse.duckdb")
    monkeypatch.setenv("MEDIACOOP_PROVINCE", "Hải Phòng")
    assert module.manifest_is_current(module.dbt_project())  # so no `dbt parse` runs first
    result = materialise_on_synthetic_inbox(module, warehouse, monkeypatch)
    assert result.success
    said = capsys.readouterr().out  # dbt's lines, as a run's log gets them
    assert "Running with dbt=" in said and "Found " in said
    assert "Unable to do partial parsing" not in said
    # dbt built the working copy it was given, not a file of that name in its own folder.
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute("select count(*) from marts.mart_budget").fetchone() == (6,)
    assert not (DBT_PROJECT_DIR / warehouse.name).exists()


def test_dbt_runs_in_the_warehouse_folder_and_names_the_file_alone(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "build-a"
    folder.mkdir()
    environ = {
        "MEDIACOOP_WAREHOUSE": str(folder / "warehouse.duckdb.next"),
        dbt_command.FILE_VARIABLE: "stale.duckdb",
    }
    assert dbt_command.enter_warehouse_folder(environ) == folder
    assert Path(os.getcwd()) == folder
    assert environ[dbt_command.FILE_VARIABLE] == "warehouse.duckdb.next"
    # The absolute path stays in the environment: a later run finds an orphaned dbt by it.
    assert environ["MEDIACOOP_WAREHOUSE"] == str(folder / "warehouse.duckdb.next")


@pytest.mark.parametrize("warehouse", [None, "warehouse.duckdb", "/nowhere/at/all/w.duckdb"])
def test_dbt_gets_the_path_as_given_when_there_is_no_folder_to_run_in(
    tmp_path, monkeypatch, warehouse
):
    monkeypatch.chdir(tmp_path)
    environ = {dbt_command.FILE_VARIABLE: "stale.duckdb"}
    if warehouse is not None:
        environ["MEDIACOOP_WAREHOUSE"] = warehouse
    assert dbt_command.enter_warehouse_folder(environ) is None
    assert Path(os.getcwd()) == tmp_path
    assert dbt_command.FILE_VARIABLE not in environ
