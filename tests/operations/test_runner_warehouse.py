"""The command line keeps the warehouse open while the inbox loads, and only then: dbt opens
the file from its own process during the other jobs."""

import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from orchestration import jobs, runner

# Open the database for writing from another process, as dbt does; exit 1 if it is locked.
OPEN_ELSEWHERE = """
import sys, duckdb
try:
    duckdb.connect(sys.argv[1]).close()
except duckdb.IOException:
    sys.exit(1)
"""


def opens_elsewhere(path: Path) -> bool:
    return subprocess.run([sys.executable, "-c", OPEN_ELSEWHERE, str(path)]).returncode == 0


@pytest.fixture
def warehouse(tmp_path, monkeypatch) -> Path:
    path = tmp_path / "build" / "warehouse.duckdb.next"
    monkeypatch.setenv("MEDIACOOP_WAREHOUSE", str(path))
    return path


def test_the_inbox_loads_share_the_open_warehouse_and_it_is_closed_after(warehouse):
    with runner._warehouse_kept_open(jobs.INGEST_JOB):
        assert warehouse.exists()  # created, as the first load would have
        assert not opens_elsewhere(warehouse)
        # What a load asset does: its own connection, closed when it is done.
        with duckdb.connect(str(warehouse)) as con:
            con.execute("CREATE TABLE t AS SELECT 1 AS v")
        with duckdb.connect(str(warehouse)) as con:
            assert con.execute("SELECT v FROM t").fetchall() == [(1,)]
    assert opens_elsewhere(warehouse)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute("SELECT v FROM t").fetchall() == [(1,)]


@pytest.mark.parametrize("job", [j.name for j in jobs.all_jobs if j.name != jobs.INGEST_JOB])
def test_jobs_that_may_run_dbt_leave_the_warehouse_closed(warehouse, job):
    warehouse.parent.mkdir(parents=True)
    duckdb.connect(str(warehouse)).close()
    with runner._warehouse_kept_open(job):
        assert opens_elsewhere(warehouse)


def test_a_failing_load_still_closes_the_warehouse(warehouse):
    with pytest.raises(RuntimeError), runner._warehouse_kept_open(jobs.INGEST_JOB):
        raise RuntimeError("a load failed")
    assert opens_elsewhere(warehouse)
