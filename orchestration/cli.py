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

    def add_full_refresh(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "--full-refresh",
            action="store_true",
            help="rebuild the incremental models whole, not just the items that changed",
        )

    demo = commands.add_parser("demo", help="write the Hai Phong 2025 demo inbox, then run on it")
    demo.add_argument("--seed", type=int, default=2025, help="demo data seed (default 2025)")
    add_wait(demo)

    run = commands.add_parser(
        "run", help="ingest, build, check and report (a past --year: its backfill)"
    )
    run.add_argument("--inbox", type=Path, help="folder with contracts/, payments/, coverage/ …")
    add_year(run)
    run.add_argument("--province", help="province name as written in the inbox")
    add_full_refresh(run)
    add_wait(run)

    refresh = commands.add_parser(
        "refresh", help="load the inbox and rebuild the models (what the daily schedule runs)"
    )
    refresh.add_argument("--inbox", type=Path, help="folder with contracts/, payments/, …")
    refresh.add_argument("--month", help="YYYY-MM the run is filed under (default: this month)")
    add_full_refresh(refresh)
    add_wait(refresh)

    check = commands.add_parser("check", help="run the quality and settlement gate only")
    add_year(check)
    add_wait(check)

    report = commands.add_parser("report", help="render the reports from the warehouse")
    add_year(report)
    report.add_argument(
        "--format", default="html,pdf", help="comma-separated: html, pdf (default html,pdf)"
    )
    add_wait(report)

    progress = commands.add_parser(
        "progress", help="write the monthly progress page from the warehouse"
    )
    progress.add_argument("--month", help="YYYY-MM (default: the current month)")
    add_wait(progress)

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
            print(
                f"mediacoop: dữ liệu đầu vào không hợp lệ / bad input: {_error_text(bad_input)}",
                file=sys.stderr,
            )
            return EXIT_BAD_INPUT
        cause = list(_error_chain(error))[-1] if error else None
        failed.append(f"{event.step_key}: {_error_text(cause) if cause else 'failed'}")
    if failed:
        print("mediacoop: run failed: " + "; ".join(failed), file=sys.stderr)
        return EXIT_FAILED
    blocked = [
        evaluation.check_name
        for evaluation in result.get_asset_check_evaluations()
        if not evaluation.passed and evaluation.severity == dg.AssetCheckSeverity.ERROR
    ]
    if blocked:
        print("Cổng quyết toán bị chặn / settlement gate blocked: " + ", ".join(sorted(blocked)))
        _print_gate_summary()
        return EXIT_GATE_BLOCKED
    return EXIT_OK


def _print_gate_summary() -> None:
    """Each broken rule with its row count and the VND at stake, from the run's warehouse."""
    import duckdb

    from quality.gate import format_gate_summary, load_gate_result

    with duckdb.connect(os.environ["MEDIACOOP_WAREHOUSE"], read_only=True) as con:
        result = load_gate_result(con, int(os.environ["MEDIACOOP_YEAR"]))
    if result is not None:
        print(format_gate_summary(result))


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
        print(f"mediacoop: run failed: {type(error).__name__}: {error}", file=sys.stderr)
        return EXIT_FAILED
    print(f"run {result.run_id} ({step.job}) finished in {time.monotonic() - started:.1f}s")
    return _outcome(result)


def _run_guarded(label: str, steps: list[Step], wait: float | None, before=None) -> int:
    """Hold the lock, run the steps on a working copy, publish it if they all finished.

    `before` runs first, with the lock held (the demo writes its inbox there). A blocked
    gate still publishes: the warehouse is complete, and the reports say why settlement
    stopped.
    """
    import dagster as dg

    from orchestration import guard, locking
    from orchestration.assets.dbt import prepare_manifest

    # Analysts read the progress lines; API maturity notes are for the developers.
    warnings.filterwarnings("ignore", category=dg.BetaWarning)
    prepare_manifest()
    from orchestration.definitions import defs

    def waiting(holder) -> None:
        print(locking.waiting_message(holder), file=sys.stderr, flush=True)

    try:
        with (
            dg.DagsterInstance.get() as instance,
            guard.guarded(label, wait_seconds=wait, on_wait=waiting, instance=instance) as session,
        ):
            if before is not None:
                before()
            code = EXIT_OK
            for step in steps:
                code = max(code, _execute(defs, instance, step))
                if code not in (EXIT_OK, EXIT_GATE_BLOCKED):
                    print(
                        "Kho dữ liệu giữ nguyên bản trước. / The warehouse was left as it was.",
                        file=sys.stderr,
                    )
                    return code
            session.publish()
            return code
    except locking.PipelineBusyError as error:
        print(f"mediacoop: {error}", file=sys.stderr)
        return EXIT_BUSY


def _year_steps(year: int) -> list[Step]:
    """Load the inbox (recording the year's months), then build, check and report the year."""
    from orchestration import jobs, partitions

    return [
        Step(jobs.INGEST_JOB, partition_range=partitions.months_of_year(year)),
        Step(jobs.RUN_JOB, partition_key=str(year)),
    ]


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
            summary = write_demo_inbox(
                inbox, seed=args.seed, seeds_dir=paths.DBT_PROJECT_DIR / "seeds"
            )
            counts = ", ".join(f"{k}={v}" for k, v in summary.items() if isinstance(v, int))
            print(f"demo inbox written to {inbox} ({counts})")

        environment.configure(inbox=inbox)
        return _run_guarded(label, _year_steps(year), wait, before=write_demo)
    if args.command in ("run", "refresh"):
        if args.inbox is not None and not args.inbox.is_dir():
            return _usage_error(f"inbox folder not found: {args.inbox}")
        environment.configure(inbox=args.inbox)
        if args.command == "run":
            return _run_guarded(label, _year_steps(year), wait)
        month = _month(args.month)
        if month is None:
            return _usage_error(f"--month takes YYYY-MM from {partitions.FIRST_YEAR}-01")
        os.environ["MEDIACOOP_YEAR"] = str(partitions.year_of(month))
        return _run_guarded(label, [Step(jobs.REFRESH_JOB, partition_key=month)], wait)
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
        else:
            job = jobs.CHECK_JOB if args.command == "check" else jobs.REPORT_JOB
            step = Step(job, partition_key=str(year))
        return _run_guarded(label, [step], wait)
    if args.command == "ui":
        return _serve_ui(args.port)
    return EXIT_FAILED


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
    return subprocess.call(command, cwd=paths.PROJECT_ROOT)


if __name__ == "__main__":
    sys.exit(main())
