"""The `mediacoop` command line: demo, run, refresh, check, report, progress, ui.

Every command runs the asset graph through Dagster on the persistent instance under
build/dagster, so a run started here appears in the UI's run history like one started there.

A command holds the pipeline lock for as long as it runs (a second command refuses with a
message naming the holder, or waits with --wait) and builds on a working copy of the
warehouse that replaces the published one only when the command finished: a run that fails
or is killed leaves the last good warehouse (orchestration.guard).

`run --year 2024` is the backfill of a year: the inbox is loaded (the months of 2024 are
recorded for raw coverage and payments), then the models, the gate, the settlement workbook
and the reports are built for 2024.

Exit codes: 0 done; 1 failed; 2 bad input or usage; 3 the settlement gate blocked;
4 another run holds the warehouse.
"""

import argparse
import math
import os
import re
import subprocess
import sys
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_BAD_INPUT = 2
EXIT_GATE_BLOCKED = 3
EXIT_BUSY = 4


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mediacoop",
        description="Evaluate a province's media-cooperation plan: ingest the inbox, build "
        "the warehouse, run the settlement gate, publish the year-end report.",
    )
    commands = parser.add_subparsers(dest="command", required=True)

    def add_year(p: argparse.ArgumentParser) -> None:
        p.add_argument("--year", type=int, help="the plan year to evaluate (default 2025)")

    def add_wait(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "--wait",
            nargs="?",
            type=float,
            const=math.inf,
            metavar="SECONDS",
            help="when another run holds the warehouse, wait for it (at most SECONDS) "
            "instead of stopping",
        )

    def add_verbose(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "-v",
            "--verbose",
            action="store_true",
            help="show dbt's and Dagster's own log lines live (they always go to the run's log "
            "file under build/logs/)",
        )

    def add_full_refresh(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "--full-refresh",
            action="store_true",
            help="rebuild the incremental models whole, not just the items that changed",
        )

    demo = commands.add_parser("demo", help="write the Hai Phong 2025 demo inbox, then run on it")
    demo.add_argument("--seed", type=int, default=2025, help="demo data seed (default 2025)")
    add_wait(demo)
    add_verbose(demo)

    run = commands.add_parser(
        "run", help="ingest, build, check and report (a past --year: its backfill)"
    )
    run.add_argument("--inbox", type=Path, help="folder with contracts/, payments/, coverage/ …")
    add_year(run)
    run.add_argument("--province", help="province name as written in the inbox")
    add_full_refresh(run)
    add_wait(run)
    add_verbose(run)

    refresh = commands.add_parser(
        "refresh", help="load the inbox and rebuild the models (what the daily schedule runs)"
    )
    refresh.add_argument("--inbox", type=Path, help="folder with contracts/, payments/, …")
    refresh.add_argument("--month", help="YYYY-MM the run is filed under (default: this month)")
    add_full_refresh(refresh)
    add_wait(refresh)
    add_verbose(refresh)

    check = commands.add_parser("check", help="run the quality and settlement gate only")
    add_year(check)
    add_wait(check)
    add_verbose(check)

    report = commands.add_parser("report", help="render the reports from the warehouse")
    add_year(report)
    report.add_argument(
        "--format", default="html,pdf", help="comma-separated: html, pdf (default html,pdf)"
    )
    add_wait(report)
    add_verbose(report)

    progress = commands.add_parser(
        "progress", help="write the monthly progress page from the warehouse"
    )
    progress.add_argument("--month", help="YYYY-MM (default: the current month)")
    add_wait(progress)
    add_verbose(progress)

    docs = commands.add_parser(
        "docs", help="write the warehouse documentation (dbt docs) to build/dbt/docs/"
    )
    add_wait(docs)
    add_verbose(docs)

    ui = commands.add_parser("ui", help="serve the Dagster UI on 127.0.0.1")
    ui.add_argument("--port", type=int, default=3000)
    return parser


def _apply_options(args: argparse.Namespace) -> None:
    if getattr(args, "full_refresh", False):
        os.environ["MEDIACOOP_FULL_REFRESH"] = "1"
    if getattr(args, "year", None):
        os.environ["MEDIACOOP_YEAR"] = str(args.year)
    if getattr(args, "province", None):
        os.environ["MEDIACOOP_PROVINCE"] = args.province
    if getattr(args, "format", None):
        formats = {f.strip() for f in args.format.split(",") if f.strip()}
        unknown = formats - {"html", "pdf"}
        if unknown or not formats:
            raise SystemExit(f"mediacoop: --format takes html and/or pdf, not {args.format!r}")
        os.environ["MEDIACOOP_REPORT_FORMATS"] = ",".join(sorted(formats))


def say(text: str, *, error: bool = False) -> None:
    from orchestration.console import say as console_say

    console_say(text, error=error)


def _usage_error(message: str) -> int:
    print(f"mediacoop: {message}", file=sys.stderr)
    return EXIT_BAD_INPUT


@dataclass
class Step:
    """One Dagster job run of a command."""

    job: str
    partition_key: str | None = None
    partition_range: tuple[str, str] | None = None
    assets: list = field(default_factory=list)  # a subset of the job's assets (all when empty)
    # A callable saying why the step need not run (None: it runs), asked when its turn comes.
    skip_reason: Callable[[], str | None] | None = None


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


def _execute(defs, instance, step: Step) -> int:
    """Run one job in this process and map its outcome to an exit code."""
    from orchestration import guard, partitions

    tags = {guard.ENTRY_TAG: "cli", **guard.process_tags()}
    if step.partition_range:
        tags[partitions.RANGE_START_TAG], tags[partitions.RANGE_END_TAG] = step.partition_range
    started = time.monotonic()
    try:
        result = defs.resolve_job_def(step.job).execute_in_process(
            instance=instance,
            run_config={"loggers": {"progress": {}}},
            tags=tags,
            partition_key=step.partition_key,
            asset_selection=step.assets or None,
            raise_on_error=False,
        )
    except Exception as error:  # noqa: BLE001 - report any failure as one line, then exit 1
        say(f"mediacoop: run failed: {type(error).__name__}: {error}", error=True)
        return EXIT_FAILED
    say(f"run {result.run_id[:8]} ({step.job}): {time.monotonic() - started:.1f}s")
    return _outcome(result)


def _run_guarded(
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

    command = label.split()[1] if len(label.split()) > 1 else "run"
    with console.run_log(command, verbose=verbose) as log:
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


def _run_steps(label: str, steps: list[Step], wait: float | None, before=None) -> int:
    import dagster as dg

    from orchestration import guard, locking
    from orchestration.definitions import defs as load_definitions

    # Analysts read the progress lines; API maturity notes are for the developers.
    warnings.filterwarnings("ignore", category=dg.BetaWarning)
    defs = load_definitions()  # parses the dbt project first when its manifest is stale

    def waiting(holder) -> None:
        say(locking.waiting_message(holder), error=True)

    try:
        with (
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
                code = max(code, _execute(defs, instance, step))
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


def _year_steps(year: int) -> list[Step]:
    """Load the inbox (recording the year's months), then build, check and report the year."""
    from orchestration import jobs, partitions

    return [
        Step(jobs.INGEST_JOB, partition_range=partitions.months_of_year(year)),
        Step(jobs.RUN_JOB, partition_key=str(year)),
    ]


def _refresh_steps(month: str) -> list[Step]:
    """Load the inbox, then rebuild the models unless nothing they read changed: a day with no
    new file costs no dbt run."""
    from orchestration import jobs

    return [
        Step(jobs.INGEST_JOB, partition_key=month),
        Step(jobs.MODELS_JOB, skip_reason=_models_current),
    ]


def _models_current() -> str | None:
    """Why the model build may be skipped: the working copy's raw tables, the dbt project and
    the vars are those of the last finished build (orchestration.model_state)."""
    if os.environ.get("MEDIACOOP_FULL_REFRESH") == "1":
        return None
    from orchestration import model_state
    from orchestration.assets.dbt import dbt_vars

    if model_state.models_current(Path(os.environ["MEDIACOOP_WAREHOUSE"]), dbt_vars(os.environ)):
        return (
            f"{'dbt_models':<40} không có gì mới, mô hình giữ nguyên / nothing new in the "
            "inbox: the models are current, dbt not run"
        )
    return None


def _month(requested: str | None) -> str | None:
    """The month partition asked for (default: the current month), None when there is none."""
    from orchestration import partitions

    month = requested or partitions.month_key(partitions.local_now().date())
    return month if month in partitions.month_partitions.get_partition_keys() else None


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    from orchestration import environment, jobs, partitions, paths

    _apply_options(args)
    year = int(os.environ.get("MEDIACOOP_YEAR", environment.DEFAULTS["MEDIACOOP_YEAR"]))
    if args.command != "ui" and year not in partitions.valid_years():
        years = partitions.valid_years()
        return _usage_error(f"--year must be between {years[0]} and {years[-1]}, not {year}")
    wait = getattr(args, "wait", None)
    label = "mediacoop " + " ".join(sys.argv[1:] if argv is None else argv)

    if args.command == "demo":
        from ingestion.demo import write_demo_inbox

        inbox = paths.demo_inbox_dir()

        def write_demo() -> None:
            from orchestration.console import say, shown_path

            summary = write_demo_inbox(
                inbox, seed=args.seed, seeds_dir=paths.DBT_PROJECT_DIR / "seeds"
            )
            print(f"demo inbox {inbox}: {summary}")  # every figure, for the log
            counts = ", ".join(
                f"{summary[key]} {key}"
                for key in ("agencies", "contracts", "payments", "coverage_rows")
                if key in summary
            )
            say(f"Hộp thư minh họa / demo inbox: {shown_path(inbox)} ({counts})")

        environment.configure(inbox=inbox)
        return _run_guarded(label, _year_steps(year), wait, before=write_demo, verbose=args.verbose)
    if args.command in ("run", "refresh"):
        if args.inbox is not None and not args.inbox.is_dir():
            return _usage_error(f"inbox folder not found: {args.inbox}")
        environment.configure(inbox=args.inbox)
        if args.command == "run":
            return _run_guarded(label, _year_steps(year), wait, verbose=args.verbose)
        month = _month(args.month)
        if month is None:
            return _usage_error(f"--month takes YYYY-MM from {partitions.FIRST_YEAR}-01")
        os.environ["MEDIACOOP_YEAR"] = str(partitions.year_of(month))
        return _run_guarded(label, _refresh_steps(month), wait, verbose=args.verbose)
    environment.configure()
    if args.command in ("check", "report", "progress"):
        if not paths.warehouse_path().exists():
            return _usage_error(
                f"no warehouse at {paths.warehouse_path()}: run `mediacoop run` first"
            )
        if args.command == "progress":
            month = _month(args.month)
            if month is None:
                return _usage_error(f"--month takes YYYY-MM from {partitions.FIRST_YEAR}-01")
            step = Step(jobs.PROGRESS_JOB, partition_key=month, assets=[jobs.PROGRESS_PAGE_KEY])
            page = paths.reports_dir(partitions.year_of(month)) / f"tien-do-{month}.html"
            also = (("Tiến độ / progress", page),)
        else:
            job = jobs.CHECK_JOB if args.command == "check" else jobs.REPORT_JOB
            step = Step(job, partition_key=str(year))
            also = ()
        return _run_guarded(label, [step], wait, verbose=args.verbose, also=also)
    if args.command == "docs":
        if not paths.warehouse_path().exists():
            return _usage_error(
                f"no warehouse at {paths.warehouse_path()}: run `mediacoop run` first"
            )
        return _run_guarded(label, [], wait, before=_write_dbt_docs, verbose=args.verbose)
    if args.command == "ui":
        return _serve_ui(args.port)
    return EXIT_FAILED


def _write_dbt_docs() -> None:
    """`dbt docs generate --static` on the run's working copy, into build/dbt/docs/ (one
    self-contained static_index.html that opens offline)."""
    import json
    import tempfile

    from orchestration import outputs, paths, progress
    from orchestration.assets.dbt import dbt_executable, dbt_project, dbt_vars
    from orchestration.console import say, shown_path

    project = dbt_project()
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="mediacoop-dbt-docs-") as tmp:
        env = {**os.environ, "DBT_LOG_PATH": tmp, "DO_NOT_TRACK": "1"}
        subprocess.run(
            [
                dbt_executable(),
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
            stdout=progress.log_file or sys.stdout,
            stderr=subprocess.STDOUT,
            check=True,
        )
        target = paths.dbt_docs_dir() / "static_index.html"
        outputs.write_atomically(target, (Path(tmp) / "static_index.html").read_bytes())
    say(f"  ✓ {'dbt docs':<40} {time.monotonic() - started:6.1f}s  {shown_path(target)}")


def _serve_ui(port: int) -> int:
    """`dagster dev` bound to 127.0.0.1, after cleaning up what killed runs left behind."""
    import dagster as dg

    from orchestration import guard, locking, paths

    with dg.DagsterInstance.get() as instance:
        try:
            with locking.pipeline_lock("mediacoop ui (recovery)"):
                recovered = guard.recover_interrupted_runs(instance)
        except locking.PipelineBusyError:
            recovered = []  # a run is in progress; it recovers what it needs itself
    if recovered:
        print(f"marked {len(recovered)} interrupted run(s) as failed: {', '.join(recovered)}")
    command = [
        sys.executable, "-m", "dagster", "dev",
        "--host", "127.0.0.1", "--port", str(port),
        "-m", "orchestration.definitions",
    ]  # fmt: skip
    return _supervise(command, cwd=paths.PROJECT_ROOT)


# How long `dagster dev` may take to stop its webserver, daemon and code server after an
# interrupt, before its whole process group is terminated, then killed.
UI_STOP_SECONDS = 30


def _supervise(command: list[str], cwd: Path) -> int:
    """Run `command` in a process group of its own and stop the whole group with this process.

    SIGINT and SIGTERM are passed on as SIGINT (how `dagster dev` expects to be stopped: it
    then stops the processes it started); whatever is still running after UI_STOP_SECONDS is
    terminated, then killed, so no webserver or daemon outlives the command.
    """
    import signal

    child = subprocess.Popen(command, cwd=cwd, start_new_session=True)
    group = child.pid  # the new session's process group has the child's pid
    stopping = False

    def stop(signum, frame) -> None:
        nonlocal stopping
        if not stopping:
            stopping = True
            _signal_group(group, signal.SIGINT)

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    deadline = None
    try:
        while child.poll() is None:
            if stopping and deadline is None:
                deadline = time.monotonic() + UI_STOP_SECONDS
            if deadline is not None and time.monotonic() > deadline:
                _stop_group(group)
                child.wait()
                break
            time.sleep(0.2)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    code = child.returncode
    # Anything the child started and left behind goes with it.
    _stop_group(group)
    return 0 if stopping else code


def _signal_group(group: int, signum: int) -> bool:
    try:
        os.killpg(group, signum)
    except ProcessLookupError:
        return False
    return True


def _stop_group(group: int) -> None:
    import signal

    if not _signal_group(group, signal.SIGTERM):
        return
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        if not _signal_group(group, 0):
            return
        time.sleep(0.1)
    _signal_group(group, signal.SIGKILL)


if __name__ == "__main__":
    sys.exit(main())
