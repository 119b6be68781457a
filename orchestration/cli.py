"""The `mediacoop` command line: demo, run, refresh, check, report, progress, ui.

Every command runs the asset graph through Dagster on the persistent instance under
build/dagster, so a run started here appears in the UI's run history like one started there.

A command holds the pipeline lock for as long as it runs (a second command refuses with a
message naming the holder, or waits with --wait) and builds on a working copy of the
warehouse that replaces the published one only when the command finished: a run that fails
or is killed leaves the last good warehouse (orchestration.runtime.guard).

`run --year 2024` is the backfill of a year: the inbox is loaded (the months of 2024 are
recorded for raw coverage and payments), then the models, the gate, the settlement workbook
and the reports are built for 2024. The models hold every year: when the last build (with its
data tests) read exactly what the warehouse holds now, e.g. a `run --year 2025` on the same
inbox before, dbt is not run again; the gate always is.

This module parses the arguments and dispatches each command (COMMANDS) to its handler; the
commands run their Dagster jobs through orchestration.runner.

Exit codes (orchestration.exit_codes): 0 done; 1 failed; 2 bad input or usage; 3 the settlement
gate blocked; 4 another run holds the warehouse.
"""

import argparse
import atexit
import math
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

from orchestration.exit_codes import EXIT_BAD_INPUT, EXIT_GATE_BLOCKED, EXIT_OK

# A size as DuckDB's memory_limit setting reads it: an amount ("12GB", "500 MiB") or a share of
# the machine's memory ("80%").
MEMORY_SIZE = re.compile(r"\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB|%)", re.IGNORECASE)


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

    def add_memory_limit(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "--memory-limit",
            metavar="SIZE",
            help="memory DuckDB may use to build the models, e.g. 3GB, 12GB or 80%% of the "
            "machine's; beyond it DuckDB spills to disk. Default: 3GB, or 1GB a million "
            "coverage items for larger inboxes, up to half the machine's memory",
        )

    demo = commands.add_parser(
        "demo", help="write the Hai Phong 2024 and 2025 demo inbox, then run each year on it"
    )
    demo.add_argument("--seed", type=int, default=2025, help="demo data seed (default 2025)")
    add_memory_limit(demo)
    add_wait(demo)
    add_verbose(demo)

    run = commands.add_parser(
        "run", help="ingest, build, check and report (a past --year: its backfill)"
    )
    run.add_argument("--inbox", type=Path, help="folder with contracts/, payments/, coverage/ …")
    add_year(run)
    run.add_argument("--province", help="province name as written in the inbox")
    add_full_refresh(run)
    add_memory_limit(run)
    add_wait(run)
    add_verbose(run)

    refresh = commands.add_parser(
        "refresh", help="load the inbox and rebuild the models (what the daily schedule runs)"
    )
    refresh.add_argument("--inbox", type=Path, help="folder with contracts/, payments/, …")
    refresh.add_argument("--month", help="YYYY-MM the run is filed under (default: this month)")
    add_full_refresh(refresh)
    add_memory_limit(refresh)
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


def _apply_options(args: argparse.Namespace) -> str | None:
    """Put the options into the environment the run reads; what is wrong with them, if any."""
    if getattr(args, "full_refresh", False):
        os.environ["MEDIACOOP_FULL_REFRESH"] = "1"
    if getattr(args, "year", None):
        os.environ["MEDIACOOP_YEAR"] = str(args.year)
    if getattr(args, "province", None):
        os.environ["MEDIACOOP_PROVINCE"] = args.province
    if getattr(args, "memory_limit", None) is not None:
        if not MEMORY_SIZE.fullmatch(args.memory_limit.strip()):
            return (
                "--memory-limit takes a size such as 3GB, 500MB, 12GiB or 80% (of the "
                f"machine's memory), not {args.memory_limit!r}"
            )
        os.environ["MEDIACOOP_MEMORY_LIMIT"] = args.memory_limit.strip()
    elif "MEDIACOOP_MEMORY_LIMIT" in os.environ and not MEMORY_SIZE.fullmatch(
        os.environ["MEDIACOOP_MEMORY_LIMIT"].strip()
    ):
        # dbt would fail on it, after the whole inbox was loaded
        return (
            "MEDIACOOP_MEMORY_LIMIT takes a size such as 3GB, 500MB, 12GiB or 80%, not "
            f"{os.environ['MEDIACOOP_MEMORY_LIMIT']!r}"
        )
    if getattr(args, "format", None):
        formats = {f.strip() for f in args.format.split(",") if f.strip()}
        unknown = formats - {"html", "pdf"}
        if unknown or not formats:
            return f"--format takes html and/or pdf, not {args.format!r}"
        os.environ["MEDIACOOP_REPORT_FORMATS"] = ",".join(sorted(formats))
    return None


def _usage_error(message: str) -> int:
    print(f"mediacoop: {message}", file=sys.stderr)
    return EXIT_BAD_INPUT


def _month(requested: str | None) -> str | None:
    """The month partition asked for (default: the current month), None when there is none."""
    from orchestration import partitions

    month = requested or partitions.month_key(partitions.local_now().date())
    return month if month in partitions.month_partitions.get_partition_keys() else None


@dataclass(frozen=True)
class _Command:
    """What every command handler is given: the parsed arguments, the plan year, how long to
    wait for another run's lock, and the command as typed (for the lock and the log)."""

    args: argparse.Namespace
    year: int
    wait: float | None
    label: str


def _demo(c: _Command) -> int:
    from ingestion.demo import DEMO_YEARS, write_demo_inbox
    from orchestration import partitions, runner
    from orchestration.runtime import environment, paths

    inbox = paths.demo_inbox_dir()

    def write_demo() -> None:
        from orchestration.console import say, shown_path

        summary = write_demo_inbox(inbox, seed=c.args.seed, seeds_dir=paths.DBT_SEEDS_DIR)
        print(f"demo inbox {inbox}: {summary}")  # every figure, for the log
        counts = ", ".join(
            f"{summary[key]} {key}"
            for key in ("agencies", "contracts", "payments", "coverage_rows")
            if key in summary
        )
        say(f"Hộp thư minh họa / demo inbox: {shown_path(inbox)} ({counts})")

    environment.configure(inbox=inbox)
    # Each plan year is settled on its own, oldest first, with its own summary: the inbox
    # (both years) is loaded once and the models (every year's) built once, before the first
    # year's gate and reports; the later years find the models current and run their own gate
    # and reports on them.
    first, last = DEMO_YEARS[0], DEMO_YEARS[-1]
    months = (partitions.months_of_year(first)[0], partitions.months_of_year(last)[1])
    code = EXIT_OK
    for demo_year in DEMO_YEARS:
        os.environ["MEDIACOOP_YEAR"] = str(demo_year)
        steps = [runner.settle_step(demo_year)]
        if demo_year == first:
            steps.insert(0, runner.ingest_step(months))
        code = max(
            code,
            runner.run_guarded(
                c.label,
                steps,
                c.wait,
                before=write_demo if demo_year == first else None,
                verbose=c.args.verbose,
            ),
        )
        if code not in (EXIT_OK, EXIT_GATE_BLOCKED):
            return code
    return code


def _run(c: _Command) -> int:
    from orchestration import runner
    from orchestration.runtime import environment

    if c.args.inbox is not None and not c.args.inbox.is_dir():
        return _usage_error(f"inbox folder not found: {c.args.inbox}")
    environment.configure(inbox=c.args.inbox)
    return runner.run_guarded(c.label, runner.year_steps(c.year), c.wait, verbose=c.args.verbose)


def _refresh(c: _Command) -> int:
    from orchestration import partitions, runner
    from orchestration.runtime import environment

    if c.args.inbox is not None and not c.args.inbox.is_dir():
        return _usage_error(f"inbox folder not found: {c.args.inbox}")
    environment.configure(inbox=c.args.inbox)
    month = _month(c.args.month)
    if month is None:
        return _usage_error(f"--month takes YYYY-MM from {partitions.FIRST_YEAR}-01")
    os.environ["MEDIACOOP_YEAR"] = str(partitions.year_of(month))
    return runner.run_guarded(c.label, runner.refresh_steps(month), c.wait, verbose=c.args.verbose)


def _on_warehouse(c: _Command) -> int:
    """check, report, progress and docs: commands on the warehouse a run made."""
    from orchestration import jobs, partitions, runner
    from orchestration.runtime import environment, paths

    environment.configure()
    if not paths.warehouse_path().exists():
        return _usage_error(f"no warehouse at {paths.warehouse_path()}: run `mediacoop run` first")
    command, verbose = c.args.command, c.args.verbose
    if command == "docs":
        return runner.run_guarded(
            c.label, [], c.wait, before=runner.write_dbt_docs, verbose=verbose
        )
    also = ()
    if command == "progress":
        month = _month(c.args.month)
        if month is None:
            return _usage_error(f"--month takes YYYY-MM from {partitions.FIRST_YEAR}-01")
        step = runner.Step(jobs.PROGRESS_JOB, partition_key=month, assets=[jobs.PROGRESS_PAGE_KEY])
        page = paths.reports_dir(partitions.year_of(month)) / f"tien-do-{month}.html"
        also = (("Tiến độ / progress", page),)
    else:
        job = jobs.CHECK_JOB if command == "check" else jobs.REPORT_JOB
        step = runner.Step(job, partition_key=str(c.year))
    return runner.run_guarded(c.label, [step], c.wait, verbose=verbose, also=also)


def _serve_ui(c: _Command) -> int:
    """`dagster dev` bound to 127.0.0.1, after cleaning up what killed runs left behind."""
    import dagster as dg

    from orchestration.runtime import environment, guard, locking, paths
    from orchestration.runtime.supervisor import supervise

    environment.configure()
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
        "--host", "127.0.0.1", "--port", str(c.args.port),
        "-m", "orchestration.definitions",
    ]  # fmt: skip
    return supervise(command, cwd=paths.PROJECT_ROOT)


COMMANDS = {
    "demo": _demo,
    "run": _run,
    "refresh": _refresh,
    "check": _on_warehouse,
    "report": _on_warehouse,
    "progress": _on_warehouse,
    "docs": _on_warehouse,
    "ui": _serve_ui,
}


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    from orchestration import partitions
    from orchestration.runtime import environment

    problem = _apply_options(args)
    if problem:
        return _usage_error(problem)
    year = int(os.environ.get("MEDIACOOP_YEAR", environment.DEFAULTS["MEDIACOOP_YEAR"]))
    if args.command != "ui" and year not in partitions.valid_years():
        years = partitions.valid_years()
        return _usage_error(f"--year must be between {years[0]} and {years[-1]}, not {year}")
    label = "mediacoop " + " ".join(sys.argv[1:] if argv is None else argv)
    command = _Command(args, year, getattr(args, "wait", None), label)
    return COMMANDS[args.command](command)


def run() -> NoReturn:
    """The `mediacoop` console script: main(), then the interpreter's exit without its teardown.

    A command has closed everything it opened by the time main() returns (the warehouse, the
    run history, the log file, the report kernel). Python's exit still joins threads and runs
    every exit handler (logging, temporary folders, …); freeing the objects of Dagster, dbt's
    manifest and the report libraries one by one afterwards cost seconds of CPU after every
    command and is skipped: the handler registered here, before any other, runs last (exit
    handlers run last in, first out) and ends the process.
    """
    status = {"code": 1}  # an uncaught exception exits 1, as Python would

    def end_now() -> None:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(status["code"])

    atexit.register(end_now)
    try:
        code = main()
    except SystemExit as stop:  # argparse's usage errors and --help; exit as sys.exit would
        if stop.code is None or isinstance(stop.code, int):
            code = stop.code or 0
        else:
            print(stop.code, file=sys.stderr)
            code = 1
    status["code"] = code
    sys.exit(code)


if __name__ == "__main__":
    run()
