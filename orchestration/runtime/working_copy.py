"""Runs build a working copy of the warehouse and publish it in one rename when they finish.

The published warehouse (build/warehouse.duckdb) is only ever replaced whole, by os.replace of
a finished, checkpointed copy: a run that fails or is killed halfway (in the middle of dbt,
say) leaves the last good warehouse as it was, and readers never see half a build.

The copy is warehouse.duckdb.next, the same path every run, so dbt sees the same profile and
can parse the project incrementally. A dbt process left running by a killed parent may still
hold the previous run's copy (or its write-ahead log) open, or be about to open it (it may be
killed while dbt still loads its project); while one is alive, the next run works on
warehouse.duckdb.next-<pid> instead, so the orphan can never touch the new copy. Copies
left behind by killed runs are removed by the next run, which holds the pipeline lock.
"""

import os
import shutil
from pathlib import Path

import duckdb

from orchestration.runtime.outputs import fsync

WORKING_SUFFIX = ".next"


def stable_working_path(final: Path) -> Path:
    """The working copy's usual path (another is used while an orphan still holds it open);
    a working copy is its own."""
    if WORKING_SUFFIX in final.name:
        return final
    return final.with_name(final.name + WORKING_SUFFIX)


def working_path(final: Path) -> Path:
    stable = stable_working_path(final)
    if _open_elsewhere({stable, wal_path(stable)}) or _started_for(stable):
        return final.with_name(f"{final.name}{WORKING_SUFFIX}-{os.getpid()}")
    return stable


def _open_elsewhere(paths: set[Path]) -> bool:
    """Whether another process has one of `paths` open (also after it was deleted)."""
    names = {str(path) for path in paths}
    names |= {f"{name} (deleted)" for name in names}
    for fd_dir in Path("/proc").glob("[0-9]*/fd"):
        if fd_dir.parent.name == str(os.getpid()):
            continue
        try:
            links = [os.readlink(fd) for fd in fd_dir.iterdir()]
        except OSError:
            continue  # gone, or somebody else's
        if names.intersection(links):
            return True
    return False


def _started_for(database: Path) -> bool:
    """Whether another process was started to work on `database` (dbt is given the working
    copy in MEDIACOOP_WAREHOUSE): under the pipeline lock, only an orphan of a killed run can
    be, and it may open the copy at any moment, not only while it is checked."""
    wanted = f"MEDIACOOP_WAREHOUSE={database}".encode()
    for environ in Path("/proc").glob("[0-9]*/environ"):
        if environ.parent.name == str(os.getpid()):
            continue
        try:
            if wanted in environ.read_bytes().split(b"\0"):
                return True
        except OSError:
            continue  # gone, or somebody else's
    return False


def wal_path(database: Path) -> Path:
    return database.with_name(database.name + ".wal")


def _leftovers(final: Path) -> list[Path]:
    """Working copies (and their write-ahead logs) of runs that did not finish."""
    return sorted(final.parent.glob(f"{final.name}{WORKING_SUFFIX}*"))


def remove_leftovers(final: Path) -> list[Path]:
    """Delete the working copies of interrupted runs. Call with the pipeline lock held."""
    removed = []
    for path in _leftovers(final):
        path.unlink(missing_ok=True)
        removed.append(path)
    return removed


def checkpoint(database: Path) -> None:
    """Fold the write-ahead log into the database file, so the file alone is complete."""
    with duckdb.connect(str(database)) as con:
        con.execute("CHECKPOINT")


def prepare(final: Path) -> Path:
    """A fresh working copy of `final` (an empty path when there is no warehouse yet)."""
    final.parent.mkdir(parents=True, exist_ok=True)
    working = working_path(final)  # before the leftovers go: an orphan may still hold one
    remove_leftovers(final)
    if final.exists():
        if wal_path(final).exists():
            # Written in place by something that did not finish: replay the log first.
            checkpoint(final)
        shutil.copyfile(final, working)
    return working


def publish(working: Path, final: Path) -> None:
    """Replace `final` by the finished working copy, in one rename."""
    if not working.exists():
        raise FileNotFoundError(f"no working copy to publish: {working}")
    checkpoint(working)
    if wal_path(working).exists():
        raise RuntimeError(f"the working copy still has a write-ahead log: {wal_path(working)}")
    fsync(working)
    # A log beside the published file would be replayed onto the new file: it must not outlive
    # the file it belongs to.
    wal_path(final).unlink(missing_ok=True)
    os.replace(working, final)
    fsync(final.parent)


def discard(working: Path) -> None:
    working.unlink(missing_ok=True)
    wal_path(working).unlink(missing_ok=True)
