"""The working copy: a run builds on a copy, and the published warehouse changes in one rename."""

import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from orchestration.runtime import working_copy

# Write a row and die without closing: the row is only in the write-ahead log.
WRITE_AND_DIE = """
import os, sys, duckdb
con = duckdb.connect(sys.argv[1])
con.execute("SET checkpoint_threshold = '1GB'")
con.execute("INSERT INTO t VALUES (99)")
os._exit(0)
"""


def make_warehouse(path: Path, *values: int) -> Path:
    with duckdb.connect(str(path)) as con:
        con.execute("CREATE TABLE t (v INTEGER)")
        con.executemany("INSERT INTO t VALUES (?)", [[v] for v in values])
    return path


def values(path: Path) -> list[int]:
    with duckdb.connect(str(path), read_only=True) as con:
        return [v for (v,) in con.execute("SELECT v FROM t ORDER BY v").fetchall()]


def write_and_die(path: Path) -> None:
    subprocess.run([sys.executable, "-c", WRITE_AND_DIE, str(path)], check=True)
    assert working_copy.wal_path(path).exists(), "the test needs a write-ahead log left behind"


def test_publish_replaces_the_warehouse_and_discard_keeps_it(tmp_path):
    final = make_warehouse(tmp_path / "warehouse.duckdb", 1, 2)
    working = working_copy.prepare(final)
    assert working.name == "warehouse.duckdb.next"  # one path: dbt parses incrementally
    with duckdb.connect(str(working)) as con:
        con.execute("INSERT INTO t VALUES (3)")
    assert values(final) == [1, 2]
    working_copy.discard(working)
    assert values(final) == [1, 2] and not working.exists()

    working = working_copy.prepare(final)
    with duckdb.connect(str(working)) as con:
        con.execute("INSERT INTO t VALUES (3)")
    working_copy.publish(working, final)
    assert values(final) == [1, 2, 3]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["warehouse.duckdb"]


def test_publish_folds_the_write_ahead_log_into_the_file(tmp_path):
    final = make_warehouse(tmp_path / "warehouse.duckdb", 1)
    working = working_copy.prepare(final)
    write_and_die(working)
    working_copy.publish(working, final)
    assert not working_copy.wal_path(final).exists()
    assert values(final) == [1, 99]


def test_a_log_left_beside_the_warehouse_reaches_the_copy(tmp_path):
    final = make_warehouse(tmp_path / "warehouse.duckdb", 1)
    write_and_die(final)
    working = working_copy.prepare(final)
    assert values(working) == [1, 99]


def test_copies_of_killed_runs_are_removed(tmp_path):
    final = make_warehouse(tmp_path / "warehouse.duckdb", 1)
    for name in ("warehouse.duckdb.next", "warehouse.duckdb.next-12345", "x.next-1.wal"):
        (tmp_path / name).write_bytes(b"half a build")
    (tmp_path / "warehouse.duckdb.next-12345.wal").write_bytes(b"half a log")
    working = working_copy.prepare(final)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["warehouse.duckdb", working.name, "x.next-1.wal"]
    )


def test_a_first_run_starts_from_no_warehouse(tmp_path):
    final = tmp_path / "build" / "warehouse.duckdb"
    working = working_copy.prepare(final)
    assert not working.exists() and working.parent.is_dir()
    make_warehouse(working, 7)
    working_copy.publish(working, final)
    assert values(final) == [7]
    with pytest.raises(FileNotFoundError):
        working_copy.publish(working, final)


HOLD_OPEN = """
import sys, time
handle = open(sys.argv[1], "rb")
print("open", flush=True)
time.sleep(60)
"""


def test_a_copy_still_open_by_an_orphan_is_left_to_it(tmp_path):
    """A dbt process whose parent was killed may still write the old copy: the next run must
    not share a path (or a write-ahead log) with it."""
    final = make_warehouse(tmp_path / "warehouse.duckdb", 1)
    leftover = tmp_path / "warehouse.duckdb.next"
    leftover.write_bytes(b"the killed run's copy")
    orphan = subprocess.Popen(
        [sys.executable, "-c", HOLD_OPEN, str(leftover)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert orphan.stdout.readline().strip() == "open"
        working = working_copy.prepare(final)
        assert working.name == f"warehouse.duckdb.next-{os.getpid()}"
        assert not leftover.exists()  # unlinked; the orphan keeps writing its own file
        working_copy.publish(working, final)
        assert values(final) == [1]
    finally:
        orphan.kill()
        orphan.wait()
    assert working_copy.working_path(final).name == "warehouse.duckdb.next"
