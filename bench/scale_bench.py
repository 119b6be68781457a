"""Scale benchmark: a year of coverage through `mediacoop run`, against DuckDB's own floor.

    python bench/scale_bench.py [--items 15000 100000 1000000] [--workdir DIR]

For each size the inbox holds the demo's reference files (agencies, contracts, payments,
targets, events, indices) and that many coverage items as one CSV file per day of 2025 (the
generator of bench/incremental_bench.py). `mediacoop run` then loads, builds, checks and
reports the year from an empty build folder, in its own process. The floor is DuckDB alone
reading the same coverage files and aggregating them (items, distinct titles and URLs per
agency and month), in a process started the same way. Both are measured from outside: wall
time, and peak memory of the whole process tree (the command and every process it started:
dbt, the report kernel, pandoc), sampled every 50 ms. Generating the files is not timed.

The tone and public-concern models' own time inside the run's dbt build is printed too (dbt's
run_results.json).

Targets: 1.000.000 items in at most 120 s and 4 GiB; tone and concern matching at most 15 s.
"""

import argparse
import contextlib
import json
import os
import re
import shutil
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import numpy as np
import psutil
from incremental_bench import DAYS, YEAR, coverage_items, reference_inbox, write_day_files

from orchestration.runtime.paths import PROJECT_ROOT

GIB = 2**30
SAMPLE_SECONDS = 0.05

FLOOR = textwrap.dedent(
    """
    import sys, duckdb
    con = duckdb.connect()
    rows = con.execute('''
        SELECT "Cơ quan báo chí" AS agency, substr("Ngày đăng", 4, 7) AS month,
               count(*) AS items, count(DISTINCT "Tiêu đề") AS titles,
               count(DISTINCT "Đường dẫn") AS urls, count("Số hợp đồng") AS claimed
        FROM read_csv(?, header = true, all_varchar = true)
        GROUP BY ALL
    ''', [sys.argv[1]]).fetchall()
    print(len(rows), "groups,", sum(r[2] for r in rows), "items")
    """
)


def _tree_rss(process: psutil.Process) -> int:
    total = 0
    for member in [process, *process.children(recursive=True)]:
        with contextlib.suppress(psutil.Error):  # ended between listing and reading
            total += member.memory_info().rss
    return total


def measured(command: list[str], env: dict[str, str], log: Path) -> tuple[float, int, int]:
    """Run `command`; (wall seconds, peak RSS of its process tree in bytes, exit code)."""
    peak = 0
    started = time.monotonic()
    with log.open("w") as out:
        process = psutil.Popen(command, cwd=PROJECT_ROOT, env=env, stdout=out, stderr=out)
        while process.poll() is None:
            peak = max(peak, _tree_rss(process))
            time.sleep(SAMPLE_SECONDS)
    return time.monotonic() - started, peak, process.returncode


def pipeline_env(build: Path) -> dict[str, str]:
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith(("MEDIACOOP_", "DAGSTER_"))},
        "MEDIACOOP_BUILD": str(build),
        "DO_NOT_TRACK": "1",
        "GX_ANALYTICS_ENABLED": "False",
    }


def stage_lines(log: Path) -> str:
    """The stage lines of the run ('✓ <stage> <seconds>s')."""
    # A step making several assets names them joined by " + " on one line.
    stages = re.findall(r"✓ (\S+(?: \+ \S+)*).*?\s(\d+\.\d+)s", log.read_text())
    return "; ".join(f"{name} {seconds} s" for name, seconds in stages)


# Issue 16's budget inside the dbt build: tone and public-concern matching, 15 s at 1.000.000.
TONE_AND_CONCERN_MODELS = ("tone", "concern")


def tone_and_concern_seconds(build: Path) -> dict[str, float]:
    """Own execution time of the tone and public-concern models in the run's dbt build."""
    results = json.loads((build / "dbt" / "target" / "run_results.json").read_text())
    return {
        r["unique_id"].rsplit(".", 1)[1]: r["execution_time"]
        for r in results["results"]
        if r["unique_id"].startswith("model.")
        and any(part in r["unique_id"] for part in TONE_AND_CONCERN_MODELS)
    }


def one_size(
    items: int, workdir: Path, seed: int, memory_limit: str | None = None
) -> dict[str, float]:
    inbox, build = workdir / f"inbox-{items}", workdir / f"build-{items}"
    shutil.rmtree(inbox, ignore_errors=True)
    shutil.rmtree(build, ignore_errors=True)
    agencies, lines = reference_inbox(inbox)
    frame = coverage_items(agencies, lines, items, np.random.default_rng(seed))
    written = write_day_files(frame, inbox / "coverage", range(DAYS))
    del frame

    env = pipeline_env(build)
    command = [sys.executable, "-m", "orchestration.cli", "run", "--inbox", str(inbox),
               "--year", str(YEAR)]  # fmt: skip
    if memory_limit:
        command += ["--memory-limit", memory_limit]
    log = workdir / f"run-{items}.log"
    seconds, peak, code = measured(command, env, log)
    if code not in (0, 3):  # 3: the gate blocked settlement, the run itself finished
        raise SystemExit(f"mediacoop run failed ({code}) at {items:,} items; see {log}")
    floor_log = workdir / f"floor-{items}.log"
    csvs = str(inbox / "coverage" / "*.csv")
    floor, floor_peak, floor_code = measured([sys.executable, "-c", FLOOR, csvs], env, floor_log)
    if floor_code != 0:
        raise SystemExit(f"the DuckDB floor failed at {items:,} items; see {floor_log}")
    print(
        f"{written:>10,} items  run {seconds:7.1f} s  peak {peak / GIB:5.2f} GiB  "
        f"exit {code}   duckdb {floor:5.1f} s  peak {floor_peak / GIB:5.2f} GiB   "
        f"ratio {seconds / floor:5.1f} x time, {peak / floor_peak:5.1f} x memory",
        flush=True,
    )
    print(f"{'':>16}stages: {stage_lines(log)}", flush=True)
    models = tone_and_concern_seconds(build)
    print(
        f"{'':>16}tone and concern models {sum(models.values()):.1f} s inside dbt: "
        + "; ".join(f"{name} {seconds:.1f} s" for name, seconds in sorted(models.items())),
        flush=True,
    )
    return {"items": written, "seconds": seconds, "peak": peak, "floor": floor}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, nargs="+", default=[15_000, 100_000, 1_000_000])
    parser.add_argument("--workdir", type=Path, help="keep inboxes, builds and logs here")
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument(
        "--memory-limit", help="passed to `mediacoop run --memory-limit` (default: its own)"
    )
    args = parser.parse_args()

    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="mediacoop-scale-"))
    workdir.mkdir(parents=True, exist_ok=True)
    print(f"mediacoop run on a year of coverage ({YEAR}), {os.cpu_count()} CPUs; "
          f"load average {os.getloadavg()[0]:.1f}")  # fmt: skip
    results = [one_size(items, workdir, args.seed, args.memory_limit) for items in args.items]
    for result in results:
        if 1_000_000 <= result["items"] < 2_000_000:
            fits = result["seconds"] <= 120 and result["peak"] <= 4 * GIB
            print(f"1.000.000 items: target <= 120 s and <= 4 GiB: {'ok' if fits else 'MISSED'}")
        elif result["items"] >= 10_000_000:
            fits = result["peak"] <= 24 * GIB
            print(f"10.000.000 items: target <= 24 GiB: {'ok' if fits else 'MISSED'}")
    print(f"load average after: {os.getloadavg()[0]:.1f}")
    if args.workdir is None:
        shutil.rmtree(workdir)


if __name__ == "__main__":
    main()
