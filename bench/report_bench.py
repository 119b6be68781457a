"""Benchmark the reports: the year-end report in both formats and every agency scorecard.

    python bench/report_bench.py                      # demo warehouse, built here
    python bench/report_bench.py --warehouse build/warehouse.duckdb --year 2025

Without --warehouse the bench builds a demo-sized warehouse in a temporary folder: the real one
from `mediacoop demo` when the pipeline runs end to end, else (or with --synthetic) a synthetic
one of 30 agencies and about 9,000 items made by the report tests' warehouse builder. Targets:
year-end report (HTML and PDF) within 30 s, all scorecards within 60 s. Each line gives the
wall time, the CPU seconds of this process and its children (the kernel, pandoc) and the load
average, since wall times on a shared machine say little alone.
"""

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

from orchestration.runtime.paths import PROJECT_ROOT
from reports.render import render_agency_scorecards, render_year_end

YEAR_END_TARGET_SECONDS = 30
SCORECARDS_TARGET_SECONDS = 60


def demo_warehouse(build: Path) -> Path | None:
    """The warehouse of a real `mediacoop demo` run, or None when the pipeline cannot run."""
    env = {**os.environ, "MEDIACOOP_BUILD": str(build), "DO_NOT_TRACK": "1"}
    env.pop("MEDIACOOP_WAREHOUSE", None)
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "orchestration.cli", "demo"],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    warehouse = build / "warehouse.duckdb"
    if result.returncode not in (0, 3) or not warehouse.exists():
        tail = (result.stderr or result.stdout).strip().splitlines()[-1:] or ["no output"]
        print(f"mediacoop demo did not finish ({tail[0]}); using a synthetic warehouse")
        return None
    print(f"demo warehouse built by `mediacoop demo` in {time.perf_counter() - started:.1f} s")
    return warehouse


def synthetic_warehouse(build: Path) -> Path:
    sys.path[:0] = [str(PROJECT_ROOT / "tests" / "reports"), str(PROJECT_ROOT / "tests")]
    import session_cache  # the builder takes the marts' columns from a parsed dbt project
    from sample_warehouse import build_sample_warehouse

    session_cache.share(build)

    warehouse = build / "warehouse.duckdb"
    build_sample_warehouse(warehouse, agencies=30, items_per_line=100, quantity_scale=12)
    print("synthetic demo-sized warehouse built from tests/reports/sample_warehouse.py")
    return warehouse


def cpu_seconds() -> float:
    """CPU of this process and of its finished children (each render's kernel and pandoc)."""
    own, children = (
        resource.getrusage(w) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
    )
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed(label: str, render) -> tuple[float, list[Path]]:
    started, cpu = time.perf_counter(), cpu_seconds()
    paths = render()
    seconds = time.perf_counter() - started
    print(
        f"{label:<44} {seconds:6.1f} s wall {cpu_seconds() - cpu:6.1f} s CPU "
        f"load {os.getloadavg()[0]:4.1f}  ({len(paths)} files)"
    )
    return seconds, paths


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--warehouse", type=Path, help="an existing warehouse to render from")
    parser.add_argument("--year", type=int, default=2025)
    parser.add_argument("--province", default="Hải Phòng")
    parser.add_argument("--synthetic", action="store_true", help="skip the real demo run")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="mediacoop-report-bench-") as tmp:
        build = Path(tmp)
        warehouse = args.warehouse
        if warehouse is None and not args.synthetic:
            warehouse = demo_warehouse(build / "demo")
        if warehouse is None:
            warehouse = synthetic_warehouse(build)
        with duckdb.connect(str(warehouse), read_only=True) as con:
            agencies, items = con.execute(
                """select (select count(*) from marts.mart_agency_scorecard where year = ?),
                          (select count(*) from marts.fct_coverage where year = ?)""",
                [args.year, args.year],
            ).fetchone()
        print(f"warehouse: {agencies} agencies, {items} items in {args.year}")

        # Rendering only: the files stay in memory, the scratch folder is the renders' own.
        render = (warehouse, args.year, args.province, build / "work")
        year_end, _ = timed("year-end report, HTML and PDF", lambda: render_year_end(*render))
        timed("year-end report, HTML only", lambda: render_year_end(*render, formats=("html",)))
        timed("year-end report, PDF only", lambda: render_year_end(*render, formats=("pdf",)))
        scorecards, paths = timed(
            f"agency scorecards ({agencies}), HTML and PDF",
            lambda: render_agency_scorecards(*render),
        )
        print(f"per scorecard: {scorecards / max(agencies, 1):.2f} s")

    verdicts = [
        ("year-end", year_end, YEAR_END_TARGET_SECONDS),
        ("scorecards", scorecards, SCORECARDS_TARGET_SECONDS),
    ]
    for name, seconds, target in verdicts:
        print(
            f"{name}: {seconds:.1f} s (target ≤ {target} s) {'ok' if seconds <= target else 'SLOW'}"
        )
    return 0 if all(seconds <= target for _, seconds, target in verdicts) else 1


if __name__ == "__main__":
    sys.exit(main())
