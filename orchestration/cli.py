"""The `mediacoop` command line: demo, run, check, report, ui.

Every command runs the asset graph through Dagster on the persistent instance under
build/dagster, so a run started here appears in the UI's run history like one started there.
Exit codes: 0 done; 2 bad input or usage; 3 the settlement gate blocked.
"""

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_BAD_INPUT = 2
EXIT_GATE_BLOCKED = 3


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mediacoop",
        description="Evaluate a province's media-cooperation plan: ingest the inbox, build "
        "the warehouse, run the settlement gate, publish the year-end report.",
    )
    commands = parser.add_subparsers(dest="command", required=True)

    def add_year(p: argparse.ArgumentParser) -> None:
        p.add_argument("--year", type=int, help="the plan year to evaluate (default 2025)")

    demo = commands.add_parser("demo", help="write the Hai Phong 2025 demo inbox, then run on it")
    demo.add_argument("--seed", type=int, default=2025, help="demo data seed (default 2025)")

    run = commands.add_parser("run", help="ingest, build, check and report")
    run.add_argument("--inbox", type=Path, help="folder with contracts/, payments/, coverage/ …")
    add_year(run)
    run.add_argument("--province", help="province name as written in the inbox")

    check = commands.add_parser("check", help="run the quality and settlement gate only")
    add_year(check)

    report = commands.add_parser("report", help="render the reports from the warehouse")
    add_year(report)
    report.add_argument(
        "--format", default="html,pdf", help="comma-separated: html, pdf (default html,pdf)"
    )

    ui = commands.add_parser("ui", help="serve the Dagster UI on 127.0.0.1")
    ui.add_argument("--port", type=int, default=3000)
    return parser


def _apply_options(args: argparse.Namespace) -> None:
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


def _execute(job_name: str) -> int:
    """Run one job of the code location in this process and map its outcome to an exit code."""
    import dagster as dg

    from ingestion.errors import BadInputError
    from orchestration.assets.dbt import prepare_manifest

    prepare_manifest()
    from orchestration.definitions import defs

    job = defs.resolve_job_def(job_name)
    started = time.monotonic()
    try:
        result = job.execute_in_process(
            instance=dg.DagsterInstance.get(),
            run_config={"loggers": {"progress": {}}},
            tags={"mediacoop/entry": "cli"},
        )
    except BadInputError as error:
        print(f"mediacoop: dữ liệu đầu vào không hợp lệ / bad input: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except Exception as error:  # noqa: BLE001 - report any failure as one line, then exit 1
        print(f"mediacoop: run failed: {type(error).__name__}: {error}", file=sys.stderr)
        return EXIT_FAILED
    seconds = time.monotonic() - started
    blocked = [
        evaluation.check_name
        for evaluation in result.get_asset_check_evaluations()
        if not evaluation.passed and evaluation.severity == dg.AssetCheckSeverity.ERROR
    ]
    print(f"run {result.run_id} finished in {seconds:.1f}s")
    if blocked:
        print("Cổng quyết toán bị chặn / settlement gate blocked: " + ", ".join(sorted(blocked)))
        return EXIT_GATE_BLOCKED
    return EXIT_OK


def _run_on_working_copy(job_name: str) -> int:
    """Run against a copy of the warehouse and publish it only when the run finished.

    A run that fails or is killed leaves the last good warehouse in place.
    """
    final = Path(os.environ["MEDIACOOP_WAREHOUSE"])
    final.parent.mkdir(parents=True, exist_ok=True)
    working = final.with_name(final.name + ".next")
    working.unlink(missing_ok=True)
    if final.exists():
        shutil.copy2(final, working)
    os.environ["MEDIACOOP_WAREHOUSE"] = str(working)
    try:
        code = _execute(job_name)
    finally:
        os.environ["MEDIACOOP_WAREHOUSE"] = str(final)
    if code in (EXIT_OK, EXIT_GATE_BLOCKED) and working.exists():
        os.replace(working, final)
    else:
        working.unlink(missing_ok=True)
    return code


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    from orchestration import environment, jobs, paths

    _apply_options(args)
    if args.command == "demo":
        from ingestion.demo import write_demo_inbox

        inbox = paths.demo_inbox_dir()
        summary = write_demo_inbox(inbox, seed=args.seed)
        counts = ", ".join(f"{k}={v}" for k, v in summary.items() if isinstance(v, int))
        print(f"demo inbox written to {inbox} ({counts})")
        environment.configure(inbox=inbox)
        return _run_on_working_copy(jobs.RUN_JOB)
    if args.command == "run":
        inbox = args.inbox
        if inbox is not None and not inbox.is_dir():
            print(f"mediacoop: inbox folder not found: {inbox}", file=sys.stderr)
            return EXIT_BAD_INPUT
        environment.configure(inbox=inbox)
        return _run_on_working_copy(jobs.RUN_JOB)
    environment.configure()
    if args.command in ("check", "report"):
        if not paths.warehouse_path().exists():
            print(
                f"mediacoop: no warehouse at {paths.warehouse_path()}: run `mediacoop run` first",
                file=sys.stderr,
            )
            return EXIT_BAD_INPUT
        job = jobs.CHECK_JOB if args.command == "check" else jobs.REPORT_JOB
        return _run_on_working_copy(job)
    if args.command == "ui":
        command = [
            sys.executable, "-m", "dagster", "dev",
            "--host", "127.0.0.1", "--port", str(args.port),
            "-m", "orchestration.definitions",
        ]
        return subprocess.call(command, cwd=paths.PROJECT_ROOT)
    return EXIT_FAILED


if __name__ == "__main__":
    sys.exit(main())
