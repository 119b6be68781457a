"""The dbt project as Dagster assets: keys [layer, model], sources on raw/<table>, dbt tests as
asset checks, and a real materialisation on a synthetic warehouse, which also shows that a build
in a fresh build folder reuses a parse of the project made in another one."""

import contextlib
import importlib.metadata
import io
import json
import os
import shutil
import subprocess
import time
import types
from pathlib import Path

import dagster as dg
import dagster_dbt as dg_dbt
import duckdb
import pytest
import session_cache
from dbt_synthetic import materialise_on_synthetic_inbox
from dbt_testkit import query, warehouse_in

from orchestration.runtime import model_state, working_copy
from orchestration.runtime.paths import DBT_PROJECT_DIR


@pytest.fixture(scope="module")
def dbt_assets_module(tmp_path_factory):
    """orchestration.assets.dbt with its build folder in tmp (given the session's manifest):
    its cached project and assets are made again under that folder, and forgotten afterwards."""
    from orchestration.assets import dbt as module

    build = tmp_path_factory.mktemp("build")
    session_cache.seed_dbt_target(build)
    module.dbt_project.cache_clear()
    module.dbt_models.cache_clear()
    with pytest.MonkeyPatch.context() as env:
        env.setenv("MEDIACOOP_BUILD", str(build))
        env.delenv("MEDIACOOP_WAREHOUSE", raising=False)
        module.dbt_models()
        assert module.dbt_project().manifest_path == build / "dbt" / "target" / "manifest.json"
        assert module.dbt_project().manifest_path.exists()
        yield module
    module.dbt_project.cache_clear()
    module.dbt_models.cache_clear()


def test_asset_keys_are_layer_and_model(dbt_assets_module):
    models = dbt_assets_module.dbt_models()
    keys = {key.path[0]: set() for key in models.keys}
    for key in models.keys:
        keys[key.path[0]].add(key.path[1])
    assert set(keys) == {"seeds", "staging", "intermediate", "marts"}
    assert {"mart_budget", "fct_coverage", "dim_agency"} <= keys["marts"]
    assert "stg_inbox__contracts" in keys["staging"]
    assert "themes" in keys["seeds"]
    upstream = {key for key in models.dependency_keys if key.path[0] == "raw"}
    assert upstream == {
        dg.AssetKey(["raw", t])
        for t in (
            "contracts",
            "payments",
            "coverage",
            "indices",
            "agencies",
            "events",
            "targets",
            "reviews",
            "concerns",
        )
    }
    assert models.op.pool == "warehouse"


def test_dbt_tests_are_asset_checks(dbt_assets_module):
    checks = set(dbt_assets_module.dbt_models().check_keys)
    budget = dg.AssetKey(["marts", "mart_budget"])
    assert dg.AssetCheckKey(budget, "mart_budget__column_checks") in checks
    assert any(c.asset_key == dg.AssetKey(["marts", "fct_coverage"]) for c in checks)


def test_run_arguments_carry_the_province_not_the_year(dbt_assets_module):
    """The models hold every plan year: one build serves the runs of all years."""
    build_args = dbt_assets_module.build_args
    assert build_args({"MEDIACOOP_YEAR": "2024", "MEDIACOOP_PROVINCE": "Quảng Ninh"}) == [
        "build",
        "--vars",
        '{"province": "Quảng Ninh"}',
    ]
    # Unset, the province every entry point sets: a parse made without the run's environment
    # (the test session's, `prepare_manifest` in a clean process) has the vars of the build.
    default = ["build", "--vars", '{"province": "Hải Phòng"}']
    assert build_args({}) == build_args({"MEDIACOOP_YEAR": "2024"}) == default
    assert build_args({"MEDIACOOP_FULL_REFRESH": "1"}) == [*default, "--full-refresh"]
    unchanged = {dbt_assets_module.MODELS_UNCHANGED_ENV: "mediacoop.themes mediacoop.a.b"}
    assert build_args(unchanged) == [*default, "--exclude", "mediacoop.themes mediacoop.a.b"]
    # A full refresh builds every model.
    assert build_args({**unchanged, "MEDIACOOP_FULL_REFRESH": "1"}) == [*default, "--full-refresh"]


def test_manifest_is_stale_when_a_project_file_changes(tmp_path, dbt_assets_module):
    project_dir = tmp_path / "dbt_project"
    shutil.copytree(DBT_PROJECT_DIR, project_dir, ignore=shutil.ignore_patterns("target", "logs"))
    project = dg_dbt.DbtProject(project_dir=project_dir, target_path=tmp_path / "target")
    assert not dbt_assets_module.manifest_is_current(project)
    project.manifest_path.parent.mkdir(parents=True)
    project.manifest_path.write_text("{}")
    assert dbt_assets_module.manifest_is_current(project)
    model = project_dir / "models" / "marts" / "mart_budget.sql"
    later = time.time() + 5
    os.utime(model, (later, later))
    assert not dbt_assets_module.manifest_is_current(project)


@pytest.fixture(scope="module")
def materialised(dbt_assets_module) -> types.SimpleNamespace:
    """One materialisation of the dbt assets on the synthetic inbox, made on the first call and
    read by the tests below (a build costs some 15 s of CPU). It runs in the module's fresh
    build folder, given the session's parse (made in the session's own build folder), on the
    run's working copy there, as orchestration.runtime.guard names it, with SQL an earlier
    build wrote planted in the target; dbt's lines are kept as a run's log gets them."""
    build = Path(os.environ["MEDIACOOP_BUILD"])
    seen = types.SimpleNamespace(
        warehouse=working_copy.stable_working_path(build / "warehouse.duckdb")
    )
    seen.target = Path(dbt_assets_module.dbt_project().target_path)
    # SQL an earlier build wrote, which this build does not write again.
    seen.earlier = [
        seen.target / name / "mediacoop" / "models" / "gone.sql" for name in ("compiled", "run")
    ]
    for file in seen.earlier:
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text("select 1")
    with pytest.MonkeyPatch.context() as env, contextlib.redirect_stdout(io.StringIO()) as out:
        env.setenv("MEDIACOOP_YEAR", "2025")
        env.setenv("MEDIACOOP_PROVINCE", "Hải Phòng")
        seen.manifest_was_current = dbt_assets_module.manifest_is_current(
            dbt_assets_module.dbt_project()
        )
        seen.result = materialise_on_synthetic_inbox(dbt_assets_module, seen.warehouse, env)
        seen.vars = dbt_assets_module.dbt_vars(os.environ)
    seen.said = out.getvalue()
    return seen


@pytest.mark.pipeline_runs(0.5)
def test_materialise_the_dbt_assets(dbt_assets_module, materialised):
    result, target, warehouse = materialised.result, materialised.target, materialised.warehouse
    assert result.success
    # The build wrote its SQL into emptied folders (dbt_models, clear_written_sql) and kept
    # the parse it started from.
    assert not [file for file in materialised.earlier if file.exists()]
    assert (target / "compiled" / "mediacoop" / "models" / "marts" / "mart_budget.sql").exists()
    assert (target / "run" / "mediacoop" / "models" / "marts" / "mart_budget.sql").exists()
    assert (target / "partial_parse.msgpack").exists()
    materialised_keys = {e.asset_key for e in result.get_asset_materialization_events()}
    assert materialised_keys == set(dbt_assets_module.dbt_models().keys)
    evaluations = result.get_asset_check_evaluations()
    assert evaluations and all(e.passed for e in evaluations)
    (row,) = query(warehouse, "select count(*) as n from marts.mart_budget")
    assert row["n"] == 6
    # Unit tests test the SQL (tests/dbt/test_dbt_marts.py runs them); a run does not.
    results = json.loads((target / "run_results.json").read_text())["results"]
    assert results and not [r for r in results if r["unique_id"].startswith("unit_test.")]
    # The build left its inputs' fingerprint, with its data tests run: a refresh or a run
    # with nothing new can skip dbt.
    manifest = dbt_assets_module.dbt_project().manifest_path
    with duckdb.connect(str(warehouse), read_only=True) as con:
        inputs = model_state.fingerprint(con, materialised.vars, manifest)
        assert model_state.last_build(con) == (inputs, True)


def test_a_build_in_a_fresh_folder_reuses_a_parse_made_elsewhere(materialised):
    """dbt runs in the warehouse's folder (orchestration.runtime.dbt_command), so its profile is
    the same in every folder, and every parse is given the vars a run gives."""
    assert materialised.manifest_was_current  # so no `dbt parse` ran first
    assert materialised.result.success
    said = materialised.said  # dbt's lines, as a run's log gets them
    assert "Running with dbt=" in said and "Found " in said
    assert "Unable to do partial parsing" not in said
    # dbt built the working copy it was given, not a file of that name in its own folder.
    with duckdb.connect(str(materialised.warehouse), read_only=True) as con:
        assert con.execute("select count(*) from marts.mart_budget").fetchone() == (6,)
    assert not (DBT_PROJECT_DIR / materialised.warehouse.name).exists()


def test_the_resource_starts_no_version_probe(dbt_assets_module, monkeypatch):
    resource = dbt_assets_module.dbt_resource()

    def no_subprocess(*args, **kwargs):
        raise AssertionError(f"a subprocess was started: {args}")

    monkeypatch.setattr(subprocess, "check_output", no_subprocess)
    monkeypatch.setattr(dg_dbt.core.resource, "check_output", no_subprocess)
    assert str(resource._cli_version) == importlib.metadata.version("dbt-core")
    assert resource.global_config_flags == ["--log-level-file", "warn"]


@pytest.mark.pipeline_runs(0.3)
def test_a_build_out_of_memory_says_which_option_to_raise(
    dbt_assets_module, tmp_path, monkeypatch, capsys
):
    """Under a 1 MB budget DuckDB cannot load a seed: the run names the budget and the option
    that raises it, not dbt's generic failure."""
    from orchestration import runner
    from orchestration.exit_codes import EXIT_FAILED

    monkeypatch.setenv("MEDIACOOP_MEMORY_LIMIT", "1MB")
    result = materialise_on_synthetic_inbox(dbt_assets_module, warehouse_in(tmp_path), monkeypatch)
    assert not result.success
    assert runner._outcome(result) == EXIT_FAILED
    said = capsys.readouterr().err
    assert "mediacoop: hết bộ nhớ khi dựng mô hình / out of memory in the model build: " in said
    # (which nodes it names depends on where DuckDB first fails: tests/dbt/test_dbt_memory_limit.py)
    assert "đã dùng hết bộ nhớ được cấp (1MB)" in said
    assert "Hãy chạy lại với --memory-limit lớn hơn (hiện là 1MB), ví dụ --memory-limit 2MB" in said
