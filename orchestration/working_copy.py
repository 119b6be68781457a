"""Runs build a working copy of the warehouse and publish it in one rename when they finish.

The published warehouse (build/warehouse.duckdb) is only ever replaced whole, by os.replace of
a finished, checkpointed copy: a run that fails or is killed halfway (in the middle of dbt,
say) leaves the last good warehouse as it was, and readers never see half a build.

Each process works on its own copy (warehouse.duckdb.next-<pid>), so a dbt process left
running by a killed parent can never write into the next run's copy. Copies left behind by
killed runs are removed by the next run, which holds the pipeline lock while it does so.
"""

import os
import shutil
from pathlib import Path

import duckdb

WORKING_SUFFIX = ".next"


def working_path(final: Path) -> Path:
    return final.with_name(f"{final.name}{WORKING_SUFFIX}-{os.getpid()}")


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


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def prepare(final: Path) -> Path:
    """A fresh working copy of `final` (an empty path when there is no warehouse yet)."""
    final.parent.mkdir(parents=True, exist_ok=True)
    remove_leftovers(final)
    working = working_path(final)
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
    _fsync(working)
    # A log beside the published file would be replayed onto the new file: it must not outlive
    # the file it belongs to.
    wal_path(final).unlink(missing_ok=True)
    os.replace(working, final)
    _fsync(final.parent)


def discard(working: Path) -> None:
    working.unlink(missing_ok=True)
    wal_path(working).unlink(missing_ok=True)
