"""The dbt project in the asset graph: one asset per seed and model, dbt tests as asset checks.

Asset keys are [layer, name]: ["staging", "stg_inbox__contracts"], ["intermediate", ...],
["marts", "mart_budget"], ["seeds", "themes"]; dbt sources map to the ingestion assets
["raw", <table>] through meta.dagster.asset_key in the sources YAML. One `dbt build` runs them
all in the "warehouse" pool, so it never holds the DuckDB file while another asset writes it.

The assets are made on first use (`dbt_models()`, cached, as the definitions loader asks for
them), not at import: they need a current manifest, which may mean running `dbt parse`.

The warehouse path reaches dbt through the environment (MEDIACOOP_WAREHOUSE, read by
profiles.yml; a run starts dbt in its folder, orchestration.runtime.dbt_command); the province
being evaluated through a dbt var. The plan year is not one: the models hold every year.
"""

import functools
import importlib.metadata
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import dagster as dg
import dagster_dbt as dg_dbt
import duckdb
from packaging import version

from orchestration.runtime import environment, memory_budget, model_state, paths, working_copy

# Where dbt's own files live in the project; a change to any of them makes the manifest stale.
PROJECT_SOURCES = ("dbt_project.yml", "profiles.yml", "models", "macros", "seeds", "tests")


@functools.cache
def dbt_project() -> dg_dbt.DbtProject:
    return dg_dbt.DbtProject(
        project_dir=paths.DBT_PROJECT_DIR,
        target_path=paths.dbt_target_dir(),
    )


def dbt_executable() -> str:
    """The dbt next to this interpreter (the venv's), so PATH need not include the venv."""
    beside = Path(sys.executable).with_name("dbt")
    return str(beside) if beside.exists() else "dbt"


def run_dbt_executable() -> str:
    """dbt as a run starts it: `mediacoop-dbt`, dbt's command line in the warehouse's folder,
    so its parse of the project serves every build folder (orchestration.runtime.dbt_command);
    plain dbt where the package's scripts are not installed."""
    beside = Path(sys.executable).with_name("mediacoop-dbt")
    return str(beside) if beside.exists() else dbt_executable()


# dbt's file log (DBT_LOG_PATH, the target folder) keeps warnings and errors only: at the default
# debug level dbt writes ~10 MB a build, which costs seconds of CPU; the per-node lines still
# reach the run's log through dagster-dbt's event stream.
LOG_FLAGS = ("--log-level-file", "warn")


class MediacoopDbtCli(dg_dbt.DbtCliResource):
    """The dbt CLI resource, minus two costs dagster-dbt pays on every invocation that this
    project does not need: a `dbt --version` subprocess (the dbt beside this interpreter is
    the installed dbt-core, whose version the package metadata gives) and a dbt adapter built
    in this process to fetch column metadata and row counts, which no asset asks for."""

    @functools.cached_property
    def _cli_version(self) -> version.Version:
        return version.parse(importlib.metadata.version("dbt-core"))

    def _initialize_dbt_core_adapter(self, args: Sequence[str]) -> None:
        return None


def dbt_resource() -> dg_dbt.DbtCliResource:
    return MediacoopDbtCli(
        project_dir=dbt_project(),
        dbt_executable=run_dbt_executable(),
        global_config_flags=list(LOG_FLAGS),
    )


def dbt_vars(environ: Mapping[str, str]) -> dict[str, Any]:
    """dbt vars for the province a run is about (MEDIACOOP_PROVINCE, by default the one every
    entry point sets). Always given, so that a parse made anywhere (`prepare_manifest`, the
    test session's) has the vars of the build that reuses it: dbt parses the whole project
    again when they differ. The plan year is not one: the models hold every year, so one
    build serves the runs of all years (orchestration.runtime.model_state) and readers pick
    their year."""
    province = environ.get("MEDIACOOP_PROVINCE") or environment.DEFAULTS["MEDIACOOP_PROVINCE"]
    return {"province": province}


# Models and seeds (dbt selectors) a build may leave out, as their inputs did not change since
# the last finished build: set by the command line's refresh for its model build only
# (orchestration.runner, orchestration.runtime.model_state.unaffected_nodes).
MODELS_UNCHANGED_ENV = "MEDIACOOP_MODELS_UNCHANGED"
# The fingerprint of the build's inputs (orchestration.runtime.model_state), when the command
# line took it just before the step; the build records it instead of taking it again.
MODEL_INPUTS_ENV = "MEDIACOOP_MODEL_INPUTS"


def build_args(environ: Mapping[str, str]) -> list[str]:
    """`dbt build` with the run's vars; MEDIACOOP_FULL_REFRESH=1 rebuilds the incremental models
    whole (after an upgrade that changed a macro they use: their own SQL and reference tables
    are tracked, macros are not); otherwise the models of MODELS_UNCHANGED_ENV are left out."""
    args = ["build", "--vars", json.dumps(dbt_vars(environ), ensure_ascii=False)]
    if environ.get("MEDIACOOP_FULL_REFRESH") == "1":
        args.append("--full-refresh")
    elif unchanged := environ.get(MODELS_UNCHANGED_ENV, "").split():
        args += ["--exclude", " ".join(unchanged)]  # one value: dagster-dbt splits it
    return args


# Work the command line wants done in this process while dbt builds the models in its own
# (importing what the later steps need), started once dbt's process runs: started any earlier,
# it competes for this process's interpreter lock with Dagster creating the run, and the run
# starts seconds later instead of the work overlapping dbt.
_while_models_build: list[Callable[[], None]] = []


def while_models_build(*starts: Callable[[], None]) -> None:
    """Have the next model build call `starts` once its dbt process runs (none: forget them)."""
    _while_models_build[:] = starts


def _start_work_beside_dbt() -> None:
    starts, _while_models_build[:] = list(_while_models_build), []
    for start in starts:
        start()


def _newest_source_mtime(project_dir: Path) -> float:
    newest = 0.0
    for name in PROJECT_SOURCES:
        path = project_dir / name
        files = path.rglob("*") if path.is_dir() else [path]
        for file in files:
            if file.is_file():
                newest = max(newest, file.stat().st_mtime)
    return newest


def manifest_is_current(project: dg_dbt.DbtProject) -> bool:
    manifest = project.manifest_path
    return manifest.exists() and manifest.stat().st_mtime >= _newest_source_mtime(
        Path(project.project_dir)
    )


def prepare_manifest() -> Path:
    """Run `dbt parse` when the manifest is missing or older than the project's files.

    Parsing renders profiles.yml, which needs MEDIACOOP_WAREHOUSE. It is given the warehouse
    and vars the run's `dbt build` will have (the working copy, run from its folder as the run
    does, and the province): dbt reuses its parse (partial parsing) only when profile and vars
    are unchanged, and a full parse costs seconds of CPU. Parse does not open the database.
    """
    project = dbt_project()
    if manifest_is_current(project):
        return project.manifest_path
    target = Path(project.target_path)
    env = {
        **os.environ,
        "DO_NOT_TRACK": "1",
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        "DBT_LOG_PATH": str(target),
    }
    final = Path(env.get("MEDIACOOP_WAREHOUSE") or paths.warehouse_path()).resolve()
    final.parent.mkdir(parents=True, exist_ok=True)  # dbt runs in it (dbt_command)
    env["MEDIACOOP_WAREHOUSE"] = str(working_copy.stable_working_path(final))
    subprocess.run(
        [
            run_dbt_executable(),
            *LOG_FLAGS,
            "parse",
            "--quiet",
            "--vars",
            json.dumps(dbt_vars(env), ensure_ascii=False),
            "--project-dir",
            str(project.project_dir),
            "--profiles-dir",
            str(project.profiles_dir),
            "--target-path",
            str(target),
        ],
        env=env,
        check=True,
    )
    return project.manifest_path


def layer_of(dbt_resource_props: Mapping[str, Any]) -> str:
    """staging, intermediate or marts for a model (its folder under models/), seeds for a seed."""
    if dbt_resource_props["resource_type"] == "seed":
        return "seeds"
    fqn = dbt_resource_props["fqn"]
    return fqn[1] if len(fqn) > 2 else "models"


class MediacoopTranslator(dg_dbt.DagsterDbtTranslator):
    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> dg.AssetKey:
        if dbt_resource_props["resource_type"] == "source":
            return super().get_asset_key(dbt_resource_props)  # meta.dagster.asset_key: raw/<t>
        return dg.AssetKey([layer_of(dbt_resource_props), dbt_resource_props["name"]])

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        return layer_of(dbt_resource_props)


TRANSLATOR = MediacoopTranslator(
    settings=dg_dbt.DagsterDbtTranslatorSettings(enable_asset_checks=True)
)


@functools.cache
def dbt_models() -> dg.AssetsDefinition:
    """The dbt assets, built on first use from a current manifest (`dbt parse` runs then if the
    manifest is stale), so importing the code location parses nothing."""

    @dg_dbt.dbt_assets(
        manifest=prepare_manifest(),
        dagster_dbt_translator=TRANSLATOR,
        project=dbt_project(),
        name="dbt_models",
        pool="warehouse",
    )
    def assets(context: dg.AssetExecutionContext, dbt: dg_dbt.DbtCliResource):
        """Seeds, staging views, intermediate tables and marts, with their dbt tests."""
        # Unit tests check the models' SQL, not the data: the test suite runs them
        # (tests/dbt), and no run pays for them. Data tests run as the asset checks selected.
        args = [*build_args(os.environ), "--exclude", "resource_type:unit_test"]
        whole = set(context.selected_asset_keys) == set(assets.keys)
        tested = set(context.selected_asset_check_keys) == set(assets.check_keys)
        inputs = (os.environ.get(MODEL_INPUTS_ENV) or _model_inputs()) if whole else None
        target, started = dbt_project().target_path, time.time()
        clear_written_sql(Path(target))
        warehouse = Path(os.environ["MEDIACOOP_WAREHOUSE"])
        try:
            with memory_budget.for_build(warehouse) as (budget, sized):
                if sized and budget != memory_budget.DEFAULT:
                    context.log.info(f"memory budget {budget}, sized to the inbox's coverage")
                invocation = dbt.cli(args, context=context, target_path=target)
                _start_work_beside_dbt()
                yield from invocation.stream()
        except dg_dbt.DagsterDbtCliRuntimeError as error:
            # Running out of the memory budget is the one dbt failure the analyst can remedy
            # alone: say so, and how, instead of dbt's generic failure.
            # (DuckDB may fail before any node, when dbt opens it: then only dbt's log says so.)
            nodes = out_of_memory_nodes(Path(target), started)
            if nodes or OUT_OF_MEMORY in str(error):
                raise ModelBuildOutOfMemory(out_of_memory_message(nodes, budget)) from error
            raise
        finally:
            # A failed or warned check's name says the model; its rows say the column, the
            # check, the value and how many rows carry it (dbt itself prints only a count).
            try:
                lines = failing_rows(Path(target), os.environ["MEDIACOOP_WAREHOUSE"], started)
            except duckdb.Error as error:  # e.g. an interrupted dbt still holding the file
                lines = [f"failing rows not read: {error}"]
            for line in lines:
                context.log.warning(line)
        if inputs is not None:
            # Every model was built from these inputs: a refresh (or, when the data tests ran
            # and passed, a run) that finds them unchanged need not run dbt
            # (orchestration.runtime.model_state).
            with duckdb.connect(os.environ["MEDIACOOP_WAREHOUSE"]) as con:
                model_state.record_build(con, inputs, context.run.run_id, tested=tested)

    return assets


# The folders of SQL dbt writes for every node it builds (compiled/, then run/ with the
# statements it ran); they hold nothing of a build once it has finished.
WRITTEN_SQL = ("compiled", "run")


def clear_written_sql(target_path: Path) -> None:
    """Remove the SQL files the last dbt command wrote, before the next one writes them again.

    dbt opens each of its ~280 files for writing, truncating the previous build's: on ext4
    (auto_da_alloc) replacing a file's contents by truncation makes the kernel flush it when it
    is closed, and on a busy disk each flush stalls the build; writing new files does not.
    """
    for name in WRITTEN_SQL:
        shutil.rmtree(Path(target_path) / name, ignore_errors=True)


class ModelBuildOutOfMemory(Exception):
    """dbt stopped because DuckDB ran out of the run's memory budget (MEDIACOOP_MEMORY_LIMIT,
    `--memory-limit`); the message names the models and the remedy."""


# How DuckDB's error starts when a query needs more than memory_limit and cannot spill.
OUT_OF_MEMORY = "Out of Memory Error"
# The models and tests an out-of-memory message names (when DuckDB cannot run at all, each of
# the first nodes fails).
NODES_NAMED = 3


def out_of_memory_nodes(target_path: Path, since: float = 0.0) -> list[str]:
    """The models and tests of the last dbt command (its run_results.json, if written after
    `since`) that stopped on DuckDB's out-of-memory error."""
    results_file = Path(target_path) / "run_results.json"
    if not results_file.exists() or results_file.stat().st_mtime < since:
        return []
    results = json.loads(results_file.read_text(encoding="utf-8"))["results"]
    return [
        result["unique_id"].split(".")[2]
        for result in results
        if result["status"] == "error" and OUT_OF_MEMORY in (result.get("message") or "")
    ]


def _doubled(size: str) -> str | None:
    """'3GB' -> '6GB', '1.5 GiB' -> '3GiB'; None for a share of the machine ('80%')."""
    match = re.fullmatch(r"(\d+(?:\.\d+)?)\s*([A-Za-z]+)", size.strip())
    if match is None:
        return None
    amount = float(match.group(1)) * 2
    return f"{amount:g}{match.group(2)}"


def out_of_memory_message(nodes: Sequence[str], limit: str | None = None) -> str:
    """What to tell the analyst when the model build ran out of its memory budget: which
    models, the budget, and the option that raises it."""
    limit = limit or os.environ.get(memory_budget.VARIABLE) or memory_budget.DEFAULT
    larger = _doubled(limit)
    example_vi = f", ví dụ --memory-limit {larger}" if larger else ""
    example_en = f", e.g. --memory-limit {larger}" if larger else ""
    where_vi = where_en = ""
    if nodes:
        where_vi = where_en = ", ".join(nodes[:NODES_NAMED])
        if len(nodes) > NODES_NAMED:
            where_vi += f" và {len(nodes) - NODES_NAMED} bước khác"
            where_en += f" and {len(nodes) - NODES_NAMED} more"
        where_vi, where_en = f" ở {where_vi}", f" in {where_en}"
    return (
        f"bước dựng mô hình (dbt) đã dùng hết bộ nhớ được cấp ({limit}){where_vi}. "
        f"Hãy chạy lại với --memory-limit lớn hơn (hiện là {limit}){example_vi}. / "
        f"The model build ran out of its memory budget of {limit}{where_en}; re-run with a "
        f"larger --memory-limit (now {limit}){example_en}."
    )


def failing_rows(
    target_path: Path, warehouse: str, since: float = 0.0, limit: int = 20
) -> list[str]:
    """The rows at fault of each data test that failed or warned in the last dbt command (its
    run_results.json, if written after `since`), read with the test's compiled SQL once dbt has
    let go of the warehouse:
    "<test> (fail|warn): column_name='…', failed_check='…', failing_value='…', failing_rows=3"
    for the project's column_checks, a test's own columns for the others."""
    results_file = Path(target_path) / "run_results.json"
    if not results_file.exists() or results_file.stat().st_mtime < since:
        return []
    results = json.loads(results_file.read_text(encoding="utf-8"))["results"]
    faulty = [
        result
        for result in results
        if result["unique_id"].startswith("test.")
        and result["status"] in ("fail", "warn")
        and result.get("compiled_code")
    ]
    lines: list[str] = []
    if not faulty:
        return lines
    with duckdb.connect(warehouse, read_only=True) as con:
        for result in faulty:
            name = result["unique_id"].split(".")[2]
            try:
                cursor = con.execute(f"select * from ({result['compiled_code']}) limit {limit}")
                rows = cursor.fetchall()
            except duckdb.Error as error:
                lines.append(f"{name} ({result['status']}): rows not read: {error}")
                continue
            columns = [column[0] for column in cursor.description]
            lines += [
                f"{name} ({result['status']}): "
                + ", ".join(f"{c}={v!r}" for c, v in zip(columns, row, strict=True))
                for row in rows
            ]
    return lines


def _model_inputs() -> str | None:
    """The fingerprint of what the build reads, taken before dbt holds the warehouse."""
    warehouse = os.environ.get("MEDIACOOP_WAREHOUSE")
    if not warehouse or not Path(warehouse).exists():
        return None
    with duckdb.connect(warehouse, read_only=True) as con:
        return model_state.fingerprint(con, dbt_vars(os.environ), dbt_project().manifest_path)
