"""Print the evaluation table: the demo warehouse scored against the demo's truth, per plan year.

    python tests/evaluation/evaluate.py [--build DIR]

Reads DIR/warehouse.duckdb and DIR/demo/truth/ (DIR: $MEDIACOOP_BUILD, else build/); when
either is missing it runs `mediacoop demo` into DIR first. Exits 1 when a target is missed.
"""

import argparse
import os
import subprocess
import sys
from pathlib import Path

from scoring import evaluate, table

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def demo_build(build: Path) -> tuple[Path, Path]:
    """The demo warehouse and truth under `build`, made with `mediacoop demo` if missing."""
    warehouse, truth = build / "warehouse.duckdb", build / "demo" / "truth"
    if not (warehouse.is_file() and (truth / "items.csv").is_file()):
        env = {**os.environ, "MEDIACOOP_BUILD": str(build), "DO_NOT_TRACK": "1"}
        env.pop("MEDIACOOP_WAREHOUSE", None)
        command = [sys.executable, "-m", "orchestration.cli", "demo"]
        result = subprocess.run(command, cwd=PROJECT_ROOT, env=env, capture_output=True, text=True)
        if not warehouse.is_file():
            sys.exit(f"mediacoop demo failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return warehouse, truth


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = Path(os.environ.get("MEDIACOOP_BUILD", PROJECT_ROOT / "build"))
    parser.add_argument("--build", type=Path, default=default)
    args = parser.parse_args(argv)
    scores = evaluate(*demo_build(args.build.resolve()))
    print(table(scores))
    return 0 if all(s.passed is not False for s in scores) else 1


if __name__ == "__main__":
    raise SystemExit(main())
