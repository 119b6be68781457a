"""Quality gate benchmark: `run_gate` (Great Expectations suites and settlement rules) on the
demo warehouse and on a synthetic warehouse of 15,000 items.

    python bench/gate_bench.py [--build DIR] [--skip-demo] [--skip-synthetic]

- demo: a copy of the warehouse of a `mediacoop demo` run in --build (default: a `mediacoop
  demo` run made here in a temporary folder, not timed); the gate for 2025 runs on it under a
  new run id, as tests/quality/test_quality_demo.py runs it.
- synthetic: the 15,000-item warehouse of tests/quality/gate_fixtures.py (150 contracts of 3
  lines, 30 items a line, the rest organic), as tests/quality/test_quality_gate.py builds it.

Each warehouse is gated twice: first with every suite validated by Great Expectations (stored
suite keys cleared), then again with nothing changed (the outcomes of unchanged tables reused).
Great Expectations is imported before the clock starts. Prints each gate's wall and CPU time
against the target and the load average, since the machine may be shared. Target: each gate
under 30 s.
"""

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import duckdb
from report_bench import demo_warehouse  # bench/ is the script's own folder

from orchestration.runtime.paths import PROJECT_ROOT
from quality.gate import run_gate

TARGET_SECONDS = 30.0
YEAR = 2025


def load_average() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def timed_gate(label: str, warehouse: Path, run_id: str, manifest: Path) -> float:
    with duckdb.connect(str(warehouse)) as con:
        (items,) = con.execute("SELECT count(*) FROM marts.fct_coverage").fetchone()
        wall, cpu = time.perf_counter(), time.process_time()
        result = run_gate(con, YEAR, run_id=run_id, manifest=manifest)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    verdict = "met" if wall < TARGET_SECONDS else "NOT met"
    state = "blocked" if result.blocked else "passed"
    print(
        f"{label:<52} {wall:6.2f} s wall, {cpu:6.2f} s CPU on {items:,} items ({state});"
        f" target {TARGET_SECONDS:.0f} s: {verdict}"
    )
    return wall


def gate_twice(name: str, warehouse: Path, manifest: Path) -> list[float]:
    """Every suite validated by Great Expectations (no stored outcome to reuse), then the same
    again, when the gate reuses the stored outcomes of the unchanged tables."""
    import great_expectations  # noqa: F401  (its import is not the gate's time)

    with duckdb.connect(str(warehouse)) as con:
        if con.execute(
            "SELECT count(*) FROM information_schema.tables"
            " WHERE table_schema = 'quality' AND table_name = 'suite_keys'"
        ).fetchone()[0]:
            con.execute("DELETE FROM quality.suite_keys")
    return [
        timed_gate(f"{name}, every suite", warehouse, "bench-1", manifest),
        timed_gate(f"{name}, again (outcomes reused)", warehouse, "bench-2", manifest),
    ]


def demo_build(folder: Path) -> Path:
    """A `mediacoop demo` run in `folder` (its build folder), made as the report bench makes it."""
    if demo_warehouse(folder) is None:
        raise SystemExit(f"mediacoop demo did not finish in {folder}")
    return folder


def bench_demo(build: Path | None, work: Path) -> list[float]:
    build = build or demo_build(work / "demo-build")
    warehouse = work / "demo.duckdb"
    shutil.copyfile(build / "warehouse.duckdb", warehouse)
    return gate_twice("gate on the demo (2025)", warehouse, build / "dbt/target/manifest.json")


def bench_synthetic(work: Path) -> list[float]:
    # The tests' warehouse builder, and the dbt manifest it takes the marts' columns from.
    for folder in ("tests", "tests/quality"):
        sys.path.insert(0, str(PROJECT_ROOT / folder))
    import session_cache
    from contract_tables import manifest_path
    from gate_fixtures import build_warehouse, large_dataset

    session_cache.share(work)
    warehouse = build_warehouse(work / "synthetic.duckdb", large_dataset())
    return gate_twice("gate on 15,000 synthetic items", warehouse, manifest_path())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", type=Path, help="a build folder of a `mediacoop demo` run")
    parser.add_argument("--skip-demo", action="store_true")
    parser.add_argument("--skip-synthetic", action="store_true")
    args = parser.parse_args()
    print(f"load average before: {load_average()}")
    with tempfile.TemporaryDirectory(prefix="mediacoop-gate-bench-") as tmp:
        work = Path(tmp)
        seconds = []
        if not args.skip_synthetic:
            seconds += bench_synthetic(work)
        if not args.skip_demo:
            seconds += bench_demo(args.build, work)
    print(f"load average after: {load_average()}")
    return 0 if all(s < TARGET_SECONDS for s in seconds) else 1


if __name__ == "__main__":
    raise SystemExit(main())
