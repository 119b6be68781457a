"""Work a test session does once and shares between its pytest-xdist workers.

Each worker is a process of its own; what the whole session needs once (the dbt manifest, the
`mediacoop demo` run) is made by the first worker that asks, under a file lock in a folder all
workers of the session share, and read by the others (pytest-xdist: "Making session-scoped
fixtures execute only once").
"""

import os
import pickle
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from filelock import FileLock

from orchestration.runtime.paths import CACHE_FOLDER, DBT_SEEDS_DIR

PROJECT_ROOT = Path(__file__).resolve().parent.parent

_shared: Path | None = None


def share(folder: Path) -> None:
    """Called by conftest.py at the start of the session with the folder the workers share."""
    global _shared
    _shared = folder


def folder(name: str) -> Path:
    """A folder of that name in the shared folder, for files any worker may add."""
    if _shared is None:
        raise RuntimeError("session_cache.share() has not been called (tests/conftest.py)")
    path = _shared / name
    path.mkdir(exist_ok=True)
    return path


def once(name: str, make: Callable[[Path], None]) -> Path:
    """The folder `name` in the shared folder, filled by `make` the first time it is asked for.

    A `make` that raises leaves nothing behind, so the next worker tries again."""
    if _shared is None:
        raise RuntimeError("session_cache.share() has not been called (tests/conftest.py)")
    folder = _shared / name
    done = _shared / f"{name}.done"
    with FileLock(_shared / f"{name}.lock"):
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir(parents=True)
            try:
                make(folder)
            except BaseException:
                shutil.rmtree(folder, ignore_errors=True)
                raise
            done.touch()
    return folder


def _parse_dbt(folder: Path) -> None:
    """The manifest the command line would make: the project's own `prepare_manifest`, run in a
    clean process with its build folder here (with the vars and profile a run's build has, so
    runs in other build folders reuse it: tests/dbt/test_dbt_assets.py)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MEDIACOOP_", "DAGSTER_"))}
    env.update(MEDIACOOP_BUILD=str(folder), DO_NOT_TRACK="1")
    subprocess.run(
        [sys.executable, "-c", "from orchestration.assets.dbt import prepare_manifest as p; p()"],
        cwd=PROJECT_ROOT,
        env=env,
        check=True,
        timeout=600,
    )


def dbt_target() -> Path:
    """dbt's target folder with the project parsed once for the whole session."""
    return once("dbt-parsed", _parse_dbt) / "dbt" / "target"


def seed_target(target: Path) -> Path:
    """Give a dbt target folder the session's parsed project (manifest and dbt's partial-parse
    file), so a dbt command using it does not parse the project again. dbt still parses again
    what changed since, or everything when it is given other vars or another profile: a run's
    dbt (`mediacoop-dbt`, in the warehouse's folder) reuses it for a working copy of the same
    file name, wherever its build folder is; plain `dbt` given a whole path does not."""
    if not (target / "manifest.json").exists():
        shutil.copytree(
            dbt_target(), target, dirs_exist_ok=True, ignore=shutil.ignore_patterns("*.log")
        )
    return target


def _write_demo_inbox(folder: Path) -> None:
    from ingestion.demo import write_demo_inbox

    summary = write_demo_inbox(folder / "inbox", seeds_dir=DBT_SEEDS_DIR)
    (folder / "summary.pickle").write_bytes(pickle.dumps(summary))


def demo_inbox(inbox: Path) -> dict:
    """What `write_demo_inbox(inbox, seeds_dir=DBT_SEEDS_DIR)` (the seed of `mediacoop demo`)
    writes into a new folder, the truth beside it included, and its summary: copies of one
    written once for the session (each write costs some 3 s of CPU). The copies are new files,
    as a write makes them."""
    written = once("demo-inbox", _write_demo_inbox)
    shutil.copytree(written / "inbox", inbox, dirs_exist_ok=True, copy_function=shutil.copyfile)
    shutil.copytree(
        written / "truth", inbox.parent / "truth", dirs_exist_ok=True, copy_function=shutil.copyfile
    )
    return pickle.loads((written / "summary.pickle").read_bytes())


def _build_chart_libraries(folder: Path) -> None:
    """The HTML reports' chart libraries as a run keeps them in its build folder's cache."""
    from reports import interactive

    interactive.keep_bundle_in(folder)
    try:
        interactive.javascript_bundle()
    finally:
        interactive.keep_bundle_in(None)


def seed_dbt_target(build: Path) -> None:
    """Give a build folder the session's parsed manifest, so a run there does not parse the
    project again (a manifest older than the project's files is still parsed again by the
    run), and the chart libraries built once for the session, which a run would otherwise
    build for its HTML reports."""
    seed_target(build / "dbt" / "target")
    libraries = once("chart-libraries", _build_chart_libraries)
    shutil.copytree(libraries, build / CACHE_FOLDER, dirs_exist_ok=True)


def copy_build(build: Path, to: Path) -> Path:
    """A copy of a build folder made once for the session (warehouse, Dagster storage, dbt
    target, inbox), for a test that goes on from it; the shared one stays as it was."""
    shutil.copytree(build, to, symlinks=True)
    return to
