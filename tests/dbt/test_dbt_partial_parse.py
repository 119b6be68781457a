"""A build in a fresh build folder reuses a parse of the project made in another one: dbt runs in
the warehouse's folder (orchestration.runtime.dbt_command), so its profile is the same in every
folder, and every parse is given the vars a run gives. Such a build is checked on the
materialisation tests/dbt/test_dbt_assets.py makes in its own fresh build folder
(test_a_build_in_a_fresh_folder_reuses_a_parse_made_elsewhere); here, the folder dbt runs in."""

import os
from pathlib import Path

import pytest

from orchestration.runtime import dbt_command


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
