"""Benchmark the two-year demo: `mediacoop run` for each plan year of the demo inbox.

    python bench/years_bench.py [--baseline SECONDS] [--keep DIR]

Writes the demo inbox (2024 and 2025) into a fresh build folder, then times `mediacoop run
--inbox <demo inbox> --year 2024` and `--year 2025` there, one after the other, each in its own
process as an analyst would type them. Prints each run's wall time and exit code, the total,
its ratio to `--baseline` (the one-year run it is compared with; default 47,2 s, the 2025 run
of the one-year demo on a quiet machine) against the target of 1,5 ×, and the load average
before and after, since the machine may be shared. Each run's CPU seconds (user + sys of the
command and its children) are printed too: on a busy machine they compare where wall times
do not.
"""

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ingestion.demo import DEMO_YEARS, write_demo_inbox
from orchestration.runtime.paths import DBT_SEEDS_DIR, PROJECT_ROOT

TARGET_RATIO = 1.5
ONE_YEAR_RUN_SECONDS = 47.2


def load_average() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_year(build: Path, inbox: Path, year: int) -> tuple[float, int]:
    env = {**os.environ, "MEDIACOOP_BUILD": str(build), "DO_NOT_TRACK": "1"}
    env.pop("MEDIACOOP_WAREHOUSE", None)
    command = [sys.executable, "-m", "orchestration.cli", "run", "--inbox", str(inbox)]
    cpu = children_cpu()
    started = time.perf_counter()
    result = subprocess.run(
        [*command, "--year", str(year)],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    seconds = time.perf_counter() - started
    print(f"mediacoop run --year {year}: {seconds:.1f} s, {children_cpu() - cpu:.1f} s CPU "
          f"(exit {result.returncode})")  # fmt: skip
    return seconds, result.returncode


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", type=float, default=ONE_YEAR_RUN_SECONDS)
    parser.add_argument("--keep", type=Path, help="build folder to use and keep")
    args = parser.parse_args(argv)
    build = args.keep or Path(tempfile.mkdtemp(prefix="mediacoop-years-bench-"))
    build.mkdir(parents=True, exist_ok=True)
    try:
        inbox = build / "demo" / "inbox"
        started = time.perf_counter()
        write_demo_inbox(inbox, seeds_dir=DBT_SEEDS_DIR)
        print(f"demo inbox ({', '.join(map(str, DEMO_YEARS))}): "
              f"{time.perf_counter() - started:.1f} s")  # fmt: skip
        print(f"load average before: {load_average()}")
        total = 0.0
        codes = []
        for year in DEMO_YEARS:
            seconds, code = run_year(build, inbox, year)
            total += seconds
            codes.append(code)
        print(f"load average after:  {load_average()}")
        ratio = total / args.baseline
        verdict = "ok" if ratio <= TARGET_RATIO else "over target"
        print(
            f"both years: {total:.1f} s = {ratio:.2f} × the one-year run ({args.baseline:.1f} s);"
            f" target ≤ {TARGET_RATIO} × — {verdict}"
        )
        return 0 if all(code in (0, 3) for code in codes) else 1
    finally:
        if args.keep is None:
            shutil.rmtree(build, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
