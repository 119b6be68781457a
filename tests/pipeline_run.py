"""Run the `mediacoop` command line in a subprocess that writes only under a given build folder."""

import os
import subprocess
import sys
from pathlib import Path

import session_cache

PROJECT_ROOT = Path(__file__).resolve().parent.parent
MEDIACOOP = [sys.executable, "-m", "orchestration.cli"]


def pipeline_env(build: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MEDIACOOP_", "DAGSTER_"))}
    env.update(
        MEDIACOOP_BUILD=str(build),
        DO_NOT_TRACK="1",
        GX_ANALYTICS_ENABLED="False",
        PYTHONUNBUFFERED="1",
    )
    env.update(extra)
    return env


def run_mediacoop(build: Path, *args: str, timeout: int = 900, **extra_env: str):
    """Run `mediacoop ARGS` with its build folder given the session's parsed dbt manifest."""
    session_cache.seed_dbt_target(build)
    return subprocess.run(
        [*MEDIACOOP, *args],
        cwd=PROJECT_ROOT,
        env=pipeline_env(build, **extra_env),
        capture_output=True,
        text=True,
        timeout=timeout,
    )
