"""Demo generation benchmark: writing the two-year demo inbox (`write_demo_inbox`, what
`mediacoop demo` does before its runs).

    python bench/demo_inbox_bench.py [--repeat 3]

Writes the inbox `--repeat` times into fresh temporary folders in this process and prints each
write's wall and CPU time, the best of them against the target, and the load average, since
the machine may be shared. Target: under 8 s.
"""

import argparse
import os
import tempfile
import time
from pathlib import Path

from ingestion.demo import write_demo_inbox
from orchestration.runtime.paths import DBT_SEEDS_DIR

TARGET_SECONDS = 8.0


def load_average() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"load average before: {load_average()}")
    walls = []
    for attempt in range(1, args.repeat + 1):
        with tempfile.TemporaryDirectory(prefix="mediacoop-demo-bench-") as folder:
            inbox = Path(folder) / "inbox"
            wall, cpu = time.perf_counter(), time.process_time()
            summary = write_demo_inbox(inbox, seeds_dir=DBT_SEEDS_DIR)
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        walls.append(wall)
        years = ", ".join(f"{y}: {c['coverage_rows']:,} items" for y, c in summary["years"].items())
        print(f"write {attempt}: {wall:6.2f} s wall, {cpu:6.2f} s CPU ({years})")
    best = min(walls)
    verdict = "met" if best < TARGET_SECONDS else "NOT met"
    print(f"best {best:.2f} s against the target of {TARGET_SECONDS:.0f} s: {verdict}")
    print(f"load average after: {load_average()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
