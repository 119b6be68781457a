"""Run the `mediacoop` command line in a process of its own that writes only under a given
build folder: `python -m orchestration.cli`, forked from a process that has already imported
the libraries it imports (preloaded.py), or the installed console script."""

import os
import sys
from pathlib import Path

import preloaded
import session_cache

PROJECT_ROOT = Path(__file__).resolve().parent.parent
MEDIACOOP = [sys.executable, "-m", "orchestration.cli"]
# The installed console script (`orchestration.cli:run`), always a fresh interpreter.
CONSOLE_SCRIPT = [str(Path(sys.executable).with_name("mediacoop"))]


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


def run_mediacoop(
    build: Path, *args: str, timeout: int = 900, console_script: bool = False, **extra_env: str
):
    """Run `mediacoop ARGS` with its build folder given the session's parsed dbt manifest;
    through the installed console script in a new interpreter when `console_script`."""
    session_cache.seed_dbt_target(build)
    return preloaded.run(
        [*(CONSOLE_SCRIPT if console_script else MEDIACOOP), *args],
        cwd=PROJECT_ROOT,
        env=pipeline_env(build, **extra_env),
        timeout=timeout,
    )
