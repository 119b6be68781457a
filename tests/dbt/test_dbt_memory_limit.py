"""The model build's memory budget (`--memory-limit`, MEDIACOOP_MEMORY_LIMIT): the command line
refuses a size DuckDB cannot read before anything runs, dbt's DuckDB gets the size given, and a
build that runs out of it tells the analyst which option to raise."""

import json
import os
import subprocess
import time

import duckdb
import preloaded
import pytest
from dbt_testkit import warehouse_in
from pipeline_run import MEDIACOOP, PROJECT_ROOT, pipeline_env

from orchestration import cli
from orchestration.assets.dbt import (
    out_of_memory_message,
    out_of_memory_nodes,
    run_dbt_executable,
)
from orchestration.exit_codes import EXIT_BAD_INPUT
from orchestration.runtime import memory_budget
from orchestration.runtime.paths import DBT_PROJECT_DIR


def _mediacoop(build, *args, **env):
    return preloaded.run(
        [*MEDIACOOP, *args], cwd=PROJECT_ROOT, env=pipeline_env(build, **env), timeout=300
    )


def test_a_bad_size_is_refused_before_anything_runs(tmp_path):
    build = tmp_path / "build"
    refused = _mediacoop(build, "run", "--memory-limit", "lots")
    assert refused.returncode == EXIT_BAD_INPUT
    assert "--memory-limit" in refused.stderr and "'lots'" in refused.stderr
    from_env = _mediacoop(build, "run", MEDIACOOP_MEMORY_LIMIT="3 gigs")
    assert from_env.returncode == EXIT_BAD_INPUT
    assert "MEDIACOOP_MEMORY_LIMIT" in from_env.stderr and "'3 gigs'" in from_env.stderr
    assert not build.exists()  # nothing was loaded, built or logged


@pytest.mark.parametrize("size", ["3GB", "500 MB", "12GiB", "1.5gb", "80%"])
def test_sizes_duckdb_reads_are_taken(size, monkeypatch):
    monkeypatch.delenv("MEDIACOOP_MEMORY_LIMIT", raising=False)
    assert cli._apply_options(cli._parser().parse_args(["run", "--memory-limit", size])) is None
    with duckdb.connect() as con:
        con.execute(f"set memory_limit = '{size}'")  # DuckDB reads it too


def test_the_size_given_reaches_dbt(tmp_path, monkeypatch):
    """Through the project's own profile, here on a project of one model: showing a setting
    needs no parse of the whole project, which dbt would make again for a profile with another
    budget than the session's parse."""
    monkeypatch.delenv("MEDIACOOP_MEMORY_LIMIT", raising=False)
    assert cli._apply_options(cli._parser().parse_args(["run", "--memory-limit", "123MB"])) is None
    shown = subprocess.run(
        [
            run_dbt_executable(),
            "--quiet",
            "show",
            "--inline",
            "select current_setting('memory_limit') as memory_limit",
            "--output",
            "json",
            "--project-dir",
            str(_project_needing_memory(tmp_path / "project")),
            "--profiles-dir",
            str(DBT_PROJECT_DIR),
            "--target-path",
            str(tmp_path / "target"),
        ],
        env={
            **os.environ,
            "MEDIACOOP_WAREHOUSE": str(warehouse_in(tmp_path)),
            "DO_NOT_TRACK": "1",
            "DBT_LOG_PATH": str(tmp_path / "logs"),
        },
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert shown.returncode == 0, shown.stdout + shown.stderr
    (row,) = json.loads(shown.stdout[shown.stdout.index("{") :])["show"]
    with duckdb.connect() as con:
        con.execute("set memory_limit = '123MB'")
        (expected,) = con.execute("select current_setting('memory_limit')").fetchone()
    assert row["memory_limit"] == expected


def _project_needing_memory(folder):
    """A dbt project of one model holding a list of 5 million numbers (some 40 MB DuckDB
    cannot spill to disk), on the project's own profile: the budget reaches DuckDB as in a
    run, and the model, not the opening of the warehouse, is what runs out of it."""
    folder.mkdir()
    (folder / "dbt_project.yml").write_text(
        "name: memory_budget\nversion: '1.0'\nprofile: mediacoop\nmodel-paths: [models]\n"
    )
    (folder / "models").mkdir()
    (folder / "models" / "big_list.sql").write_text(
        "{{ config(materialized='table') }}\nselect list(range) as numbers from range(5000000)\n"
    )
    return folder


def test_running_out_of_memory_names_the_nodes_the_option_and_the_budget(tmp_path, monkeypatch):
    """A real dbt result: under a 16 MB budget DuckDB opens the warehouse but cannot build a
    model that needs more."""
    monkeypatch.setenv("MEDIACOOP_MEMORY_LIMIT", "16MB")
    project = _project_needing_memory(tmp_path / "project")
    env = {
        **os.environ,
        "MEDIACOOP_WAREHOUSE": str(warehouse_in(tmp_path)),
        "DO_NOT_TRACK": "1",
        "DBT_LOG_PATH": str(tmp_path / "logs"),
    }
    failed = subprocess.run(
        [
            run_dbt_executable(),
            "run",
            "--project-dir",
            str(project),
            "--profiles-dir",
            str(DBT_PROJECT_DIR),
            "--target-path",
            str(tmp_path / "target"),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert failed.returncode != 0
    nodes = out_of_memory_nodes(tmp_path / "target")
    assert nodes == ["big_list"], failed.stdout[-3000:]
    message = out_of_memory_message(nodes)
    assert "đã dùng hết bộ nhớ được cấp (16MB) ở big_list." in message
    assert "Hãy chạy lại với --memory-limit lớn hơn (hiện là 16MB), ví dụ --memory-limit 32MB" in (
        message
    )
    assert "re-run with a larger --memory-limit (now 16MB), e.g. --memory-limit 32MB" in message
    # A dbt command written before the run started is not this run's.
    assert out_of_memory_nodes(tmp_path / "target", since=time.time() + 60) == []


def test_the_message_names_a_few_nodes_and_no_guess_for_a_share():
    message = out_of_memory_message([f"m{n}" for n in range(5)], "80%")
    assert "ở m0, m1, m2 và 2 bước khác." in message and "in m0, m1, m2 and 2 more;" in message
    assert "ví dụ" not in message and "e.g." not in message
    assert "(hiện là 1.5GiB), ví dụ --memory-limit 3GiB" in out_of_memory_message([], "1.5GiB")


GIB = 2**30


@pytest.mark.parametrize(
    ("items", "machine", "budget"),
    [
        (0, 24 * GIB, "3GB"),
        (1_000_000, 24 * GIB, "3GB"),  # a year of a million items stays under 4 GiB
        (3_000_001, 24 * GIB, "4GB"),
        (10_000_000, 24 * GIB, "10GB"),
        (10_000_000, 8 * GIB, "4GB"),  # never above half the machine
        (100_000_000, 24 * GIB, "12GB"),
        (10_000_000, 4 * GIB, "3GB"),  # nor below the default
    ],
)
def test_the_default_budget_grows_with_the_coverage_up_to_half_the_machine(items, machine, budget):
    assert memory_budget.sized(items, machine) == budget


def test_a_build_without_a_given_size_gets_one_sized_to_the_warehouses_coverage(tmp_path):
    warehouse = tmp_path / "warehouse.duckdb"
    environ = {}
    with memory_budget.for_build(warehouse, environ) as (budget, sized):
        assert (budget, sized) == ("3GB", True)  # no coverage yet
        assert environ[memory_budget.VARIABLE] == "3GB"
    assert memory_budget.VARIABLE not in environ  # for the build only
    with duckdb.connect(str(warehouse)) as con:
        con.execute("CREATE SCHEMA raw")
        con.execute("CREATE TABLE raw.coverage AS SELECT range AS id FROM range(4_200_000)")
    expected = memory_budget.sized(4_200_000, memory_budget.machine_memory())
    with memory_budget.for_build(warehouse, environ) as (budget, sized):
        assert (budget, sized) == (expected, True)
        assert environ[memory_budget.VARIABLE] == expected
    given = {memory_budget.VARIABLE: "123MB"}
    with memory_budget.for_build(warehouse, given) as (budget, sized):
        assert (budget, sized) == ("123MB", False)
    assert given == {memory_budget.VARIABLE: "123MB"}
