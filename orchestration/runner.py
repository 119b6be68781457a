"""The step runner of the command line: each command is a list of Dagster job runs (steps),
run in this process under one guarded session (the pipeline lock, a working copy of the
warehouse published only when every step finished), then summarised on the terminal.

A step's outcome becomes the command's exit code (orchestration.exit_codes).
"""

import contextlib
import os
import re
import subprocess
import sys
import threading
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from orchestration.console import say
from orchestration.exit_codes import (
    EXIT_BAD_INPUT,
    EXIT_BUSY,
    EXIT_FAILED,
    EXIT_GATE_BLOCKED,
    EXIT_OK,
)


@dataclass
class Step:
    """One Dagster job run of a command."""

    job: str
    partition_key: str | None = None
    partition_range: tuple[str, str] | None = None
    assets: list = field(default_factory=list)  # a subset of the job's assets (all when empty)
    # A callable saying why the step need not run (None: it runs), asked when its turn comes.
    skip_reason: Callable[[], str | None] | None = None
    # A callable saying why the step may leave its dbt models out (None: they are built),
    # asked when its turn comes; the step then runs its other assets only.
    models_skip_reason: Callable[[], str | None] | None = None


def _error_chain(error):
    while error is not None:
        yield error
        error = error.cause


def _error_text(error) -> str:
    """The message of a serialised error, without the exception class in front."""
    return re.sub(r"^[\w.]+: ", "", error.message.strip())


def _outcome(result) -> int:
    """Map a finished Dagster run to an exit code, printing why it did not succeed."""
    import dagster as dg

    from orchestration.resources import is_blocked_check

    failed = []
    for event in result.get_step_failure_events():
        error = event.step_failure_data.error
        if is_blocked_check(error):
            continue
        bad_input = next((e for e in _error_chain(error) if e.cls_name == "BadInputError"), None)
        if bad_input is not None:
            say(
                f"mediacoop: dữ liệu đầu vào không hợp lệ / bad input: {_error_text(bad_input)}",
                error=True,
            )
            return EXIT_BAD_INPUT
        out_of_memory = next(
            (e for e in _error_chain(error) if e.cls_name == "ModelBuildOutOfMemory"), None
        )
        if out_of_memory is not None:
            say(
                "mediacoop: hết bộ nhớ khi dựng mô hình / out of memory in the model build: "
                + _error_text(out_of_memory),
                error=True,
            )
            return EXIT_FAILED
        cause = list(_error_chain(error))[-1] if error else None
        failed.append(f"{event.step_key}: {_error_text(cause) if cause else 'failed'}")
    if failed:
        say("mediacoop: run failed: " + "; ".join(failed), error=True)
        return EXIT_FAILED
    blocked = [
        evaluation.check_name
        for evaluation in result.get_asset_check_evaluations()
        if not evaluation.passed and evaluation.severity == dg.AssetCheckSeverity.ERROR
    ]
    if blocked:
        say("Cổng quyết toán bị chặn / settlement gate blocked: " + ", ".join(sorted(blocked)))
        _print_gate_summary()
        return EXIT_GATE_BLOCKED
    return EXIT_OK


def _print_gate_summary() -> None:
    """Each broken rule with its row count and the VND at stake, and each case a blocking rule
    stops, from the run's warehouse."""
    import duckdb

    from quality.gate import format_gate_summary, load_gate_result, top_violations

    with duckdb.connect(os.environ["MEDIACOOP_WAREHOUSE"], read_only=True) as con:
        result = load_gate_result(con, int(os.environ["MEDIACOOP_YEAR"]))
        violations = top_violations(con, result.run_id) if result is not None else {}
    if result is not None:
        say(format_gate_summary(result, violations))


def _without_models(defs, job_name: str) -> list:
    """The assets of the job other than the dbt models (and seeds)."""
    from orchestration import jobs

    (job,) = [job for job in jobs.all_jobs if job.name == job_name]
    return sorted((job.selection - jobs.MODELS).resolve(defs.resolve_asset_graph()))


def _builds_models_then_gate(defs, job_name: str, assets: list) -> bool:
    """Whether a run of the job (on `assets`, all when empty) builds dbt models and then runs
    the quality gate."""
    from orchestration import jobs
    from orchestration.assets.quality import QUALITY_RESULTS

    (job,) = [job for job in jobs.all_jobs if job.name == job_name]
    selected = set(assets) or set(job.selection.resolve(defs.resolve_asset_graph()))
    models = set(jobs.MODELS.resolve(defs.resolve_asset_graph()))
    return QUALITY_RESULTS in selected and bool(selected & models)


def _import_renderer() -> None:
    with contextlib.suppress(Exception):  # the step that needs them imports them again
        import reports.portal  # noqa: F401
        import reports.render  # noqa: F401


def _import_renderer_in_background() -> None:
    threading.Thread(target=_import_renderer, name="reports-import", daemon=True).start()


@contextlib.contextmanager
def _warehouse_kept_open(job_name: str):
    """Keep one connection to the run's warehouse open while an inbox-only job runs.

    Each load asset opens and closes its own connection; while another connection to the file
    is open in this process, DuckDB hands them the database it already opened instead of
    reading the catalogue again, and writes the file once at the end instead of at every
    asset's close. Only for jobs that run no dbt: dbt opens the file from its own process,
    which must find it closed."""
    from orchestration import jobs

    if job_name != jobs.INGEST_JOB or "MEDIACOOP_WAREHOUSE" not in os.environ:
        yield
        return
    import duckdb

    warehouse = Path(os.environ["MEDIACOOP_WAREHOUSE"])
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(warehouse)):
        yield


def _execute(defs, instance, step: Step) -> int:
    """Run one job in this process and map its outcome to an exit code."""
    from orchestration import partitions
    from orchestration.runtime import guard

    tags = {guard.ENTRY_TAG: "cli", **guard.process_tags()}
    if step.partition_range:
        tags[partitions.RANGE_START_TAG], tags[partitions.RANGE_END_TAG] = step.partition_range
    assets = step.assets
    reason = step.models_skip_reason() if step.models_skip_reason else None
    if reason:
        say(f"  = {reason}")
        assets = _without_models(defs, step.job)
    elif _builds_models_then_gate(defs, step.job, assets):
        from orchestration.assets.dbt import while_models_build
        from quality.suites import import_in_background

        # dbt builds the models in its own process, on one core: the gate's library loads on
        # the other meanwhile instead of after the models, and so do the report renderer's
        # modules (pandas, Altair) that the reports step and the portal import in this process.
        while_models_build(import_in_background, _import_renderer_in_background)
    started = time.monotonic()
    try:
        with _warehouse_kept_open(step.job):
            result = defs.resolve_job_def(step.job).execute_in_process(
                instance=instance,
                run_config={"loggers": {"progress": {}}},
                tags=tags,
                partition_key=step.partition_key,
                asset_selection=assets or None,
                raise_on_error=False,
            )
    except Exception as error:  # noqa: BLE001 - report any failure as one line, then exit 1
        say(f"mediacoop: run failed: {type(error).__name__}: {error}", error=True)
        return EXIT_FAILED
    say(f"run {result.run_id[:8]} ({step.job}): {time.monotonic() - started:.1f}s")
    return _outcome(result)


def run_guarded(
    label: str,
    steps: list[Step],
    wait: float | None,
    before=None,
    verbose: bool = False,
    also: tuple[tuple[str, Path], ...] = (),
) -> int:
    """Hold the lock, run the steps on a working copy, publish it if they all finished, then
    print the summary. Everything but the stage lines goes to the run's log file.

    `before` runs first, with the lock held (the demo writes its inbox there). A blocked
    gate still publishes: the warehouse is complete, and the reports say why settlement
    stopped.
    """
    from orchestration import console
    from orchestration.resources import report_kernel_ahead

    command = label.split()[1] if len(label.split()) > 1 else "run"
    kernel = report_kernel_ahead() if _renders_reports(steps) else contextlib.nullcontext()
    with kernel, console.run_log(command, verbose=verbose) as log:
        console.say(f"Nhật ký chi tiết / full log: {console.shown_path(log)}")
        code = _run_steps(label, steps, wait, before)
    if code == EXIT_BUSY:
        return code
    year = int(os.environ["MEDIACOOP_YEAR"])
    try:
        lines = console.summary_lines(year, code, log, also=also)
    except Exception as error:  # noqa: BLE001 - the run is done; a summary must not undo it
        lines = [f"(no summary: {type(error).__name__}: {error})", f"full log: {log}"]
    for line in lines:
        print(line)
    return code


def _renders_reports(steps: list[Step]) -> bool:
    """Whether a step runs a job that renders the year-end reports."""
    from orchestration import jobs

    return any(
        step.job in (jobs.RUN_JOB, jobs.REPORT_JOB)
        and (not step.assets or set(step.assets) & set(jobs.YEAR_END_REPORT_KEYS))
        for step in steps
    )


def _run_steps(label: str, steps: list[Step], wait: float | None, before=None) -> int:
    import dagster as dg

    from orchestration.assets.dbt import MODEL_INPUTS_ENV, MODELS_UNCHANGED_ENV, while_models_build
    from orchestration.definitions import defs as load_definitions
    from orchestration.runtime import guard, locking, paths, run_history

    # Analysts read the progress lines; API maturity notes are for the developers.
    warnings.filterwarnings("ignore", category=dg.BetaWarning)
    defs = load_definitions()  # parses the dbt project first when its manifest is stale

    def waiting(holder) -> None:
        say(locking.waiting_message(holder), error=True)

    try:
        with (
            run_history.keep_open(paths.dagster_home()),
            dg.DagsterInstance.get() as instance,
            guard.guarded(label, wait_seconds=wait, on_wait=waiting, instance=instance) as session,
        ):
            if before is not None:
                before()
            code = EXIT_OK
            for step in steps:
                reason = step.skip_reason() if step.skip_reason else None
                if reason:
                    say(f"  = {reason}")
                    continue
                try:
                    code = max(code, _execute(defs, instance, step))
                finally:
                    for name in (MODELS_UNCHANGED_ENV, MODEL_INPUTS_ENV):
                        os.environ.pop(name, None)  # set for one step only
                    while_models_build()
                if code not in (EXIT_OK, EXIT_GATE_BLOCKED):
                    say(
                        "Kho dữ liệu giữ nguyên bản trước. / The warehouse was left as it was.",
                        error=True,
                    )
                    return code
            session.publish()
            return code
    except locking.PipelineBusyError as error:
        say(f"mediacoop: {error}", error=True)
        return EXIT_BUSY


def year_steps(year: int) -> list[Step]:
    """Load the inbox (recording the year's months), then build, check and report the year."""
    from orchestration import partitions

    return [ingest_step(partitions.months_of_year(year)), settle_step(year)]


def ingest_step(months: tuple[str, str]) -> Step:
    from orchestration import jobs

    return Step(jobs.INGEST_JOB, partition_range=months)


def settle_step(year: int) -> Step:
    """Build the models with their data tests, run the gate and settlement, write the reports
    of the year. The models are one build for every year: when the last build, tests included,
    read exactly what the warehouse holds now, they are left out, and the gate still runs."""
    from orchestration import jobs

    return Step(
        jobs.RUN_JOB, partition_key=str(year), models_skip_reason=lambda: _models_current(True)
    )


def write_dbt_docs() -> None:
    """`dbt docs generate --static` on the run's working copy, into build/dbt/docs/ (one
    self-contained static_index.html that opens offline)."""
    import json
    import shutil
    import tempfile

    from orchestration import stage_lines
    from orchestration.assets.dbt import dbt_project, dbt_vars, run_dbt_executable
    from orchestration.console import say, shown_path
    from orchestration.runtime import outputs, paths

    project = dbt_project()
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="mediacoop-dbt-docs-") as tmp:
        env = {**os.environ, "DBT_LOG_PATH": tmp, "DO_NOT_TRACK": "1"}
        # The runs' parse of the project: dbt started as a run starts it parses only what
        # changed since, instead of the whole project (seconds of CPU).
        parsed = Path(project.target_path) / "partial_parse.msgpack"
        if parsed.exists():
            shutil.copy2(parsed, tmp)
        subprocess.run(
            [
                run_dbt_executable(),
                "docs",
                "generate",
                "--static",
                "--project-dir",
                str(project.project_dir),
                "--profiles-dir",
                str(project.profiles_dir),
                "--target-path",
                tmp,
                "--vars",
                json.dumps(dbt_vars(os.environ), ensure_ascii=False),
            ],
            env=env,
            stdout=stage_lines.log_file or sys.stdout,
            stderr=subprocess.STDOUT,
            check=True,
        )
        target = paths.dbt_docs_dir() / "static_index.html"
        outputs.write_atomically(target, (Path(tmp) / "static_index.html").read_bytes())
    say(f"  ✓ {'dbt docs':<40} {time.monotonic() - started:6.1f}s  {shown_path(target)}")


def refresh_steps(month: str) -> list[Step]:
    """Load the inbox, then rebuild the models unless nothing they read changed: a day with no
    new file costs no dbt run."""
    from orchestration import jobs

    return [
        Step(jobs.INGEST_JOB, partition_key=month),
        Step(jobs.MODELS_JOB, skip_reason=lambda: _models_current(False)),
    ]


def _models_current(tested: bool) -> str | None:
    """Why the model build may be skipped: the working copy's raw tables, the dbt project and
    the vars are those of the last finished build, which ran the data tests too when `tested`
    (orchestration.runtime.model_state).

    A build without the data tests (a refresh's) that finds only some raw tables changed
    leaves out the models and seeds that read none of them (MODELS_UNCHANGED_ENV, read by
    orchestration.assets.dbt.build_args for this step only): they would be rebuilt from the
    same rows. A run's build, which tests every model, builds them all."""
    if os.environ.get("MEDIACOOP_FULL_REFRESH") == "1":
        return None
    from orchestration.assets.dbt import (
        MODEL_INPUTS_ENV,
        MODELS_UNCHANGED_ENV,
        dbt_vars,
        prepare_manifest,
    )
    from orchestration.runtime import model_state

    warehouse = Path(os.environ["MEDIACOOP_WAREHOUSE"])
    manifest = prepare_manifest()
    current, changed, inputs = model_state.build_plan(
        warehouse, dbt_vars(os.environ), manifest, tested=tested
    )
    if current:
        return (
            f"{'dbt_models':<40} không có gì mới, mô hình giữ nguyên / nothing new in the "
            "inbox: the models are current, dbt not run"
        )
    if inputs is not None:
        # What the build will read, taken a moment ago: the build records it without
        # reading every raw table again (nothing writes them between this and the build).
        os.environ[MODEL_INPUTS_ENV] = inputs
    if changed and not tested:
        unchanged = model_state.unaffected_nodes(manifest, changed)
        os.environ[MODELS_UNCHANGED_ENV] = " ".join(unchanged)
        say(
            f"  = {'dbt_models':<40} chỉ dựng lại các mô hình đọc {', '.join(changed)} / "
            f"only the models reading {', '.join(changed)}: {len(unchanged)} left as they are"
        )
    return None
