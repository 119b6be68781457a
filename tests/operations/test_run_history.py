"""The run history under the Dagster home is written through a few connections kept open for
the command, without a disk sync per event, and is complete and checkpointed when it ends."""

import signal
import sqlite3
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import dagster as dg
import sqlalchemy
from sqlalchemy.pool import NullPool

from orchestration.runtime import environment, run_history


@dg.asset
def numbers() -> int:
    return 3


def synchronous(path) -> int:
    engine = sqlalchemy.create_engine(f"sqlite:///{path}")
    try:
        with engine.connect() as con:
            return con.execute(sqlalchemy.text("PRAGMA synchronous")).scalar()
    finally:
        engine.dispose()


def test_runs_inside_keep_open_are_stored_whole_and_leave_no_log_behind(tmp_path):
    home = tmp_path / "dagster"
    home.mkdir()
    with run_history.keep_open(home):
        with dg.DagsterInstance.local_temp(str(home)) as instance:
            results = [dg.materialize([numbers], instance=instance) for _ in range(3)]
            assert all(r.success for r in results)
        # The history's own connections commit without a sync (NORMAL = 1); other
        # databases in the process keep SQLite's default (FULL = 2).
        assert synchronous(home / "history" / "runs.db") == 1
        assert synchronous(tmp_path / "elsewhere.db") == 2
    assert not list(home.rglob("*-wal")), "the last connection checkpoints the log"
    with dg.DagsterInstance.local_temp(str(home)) as instance:
        runs = instance.get_runs()
        assert len(runs) == 3
        assert all(run.status == dg.DagsterRunStatus.SUCCESS for run in runs)
        for run in runs:
            assert instance.all_logs(run.run_id, of_type=dg.DagsterEventType.ASSET_MATERIALIZATION)
    with sqlite3.connect(home / "history" / "runs.db") as con:
        assert con.execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_after_the_block_new_connections_keep_the_defaults(tmp_path):
    with run_history.keep_open(tmp_path):
        pass
    assert synchronous(tmp_path / "history.db") == 2


# Every sqlite3 connection the process opens (an audit hook cannot be removed: it only counts).
OPENED = [0]


def _count_connections(name: str, _args) -> None:
    if name == "sqlite3.connect":
        OPENED[0] += 1


sys.addaudithook(_count_connections)


@dg.asset(check_specs=[dg.AssetCheckSpec(f"check_{i}", asset="checked") for i in range(10)])
def checked():
    yield dg.Output(1)
    for i in range(10):
        yield dg.AssetCheckResult(check_name=f"check_{i}", passed=True)


def test_the_storage_reuses_a_few_connections_for_hundreds_of_engines(tmp_path):
    home = tmp_path / "dagster"
    home.mkdir()
    (home / "dagster.yaml").write_text(environment.dagster_yaml(home))
    engine_connections = [0]

    def counted(*_args):
        engine_connections[0] += 1

    sqlalchemy.event.listen(sqlalchemy.pool.Pool, "checkout", counted)
    try:
        with run_history.keep_open(home), dg.DagsterInstance.from_config(str(home)) as instance:
            assert dg.materialize([checked], instance=instance).success
            before = OPENED[0]
            for _ in range(2):
                assert dg.materialize([checked], instance=instance).success
            opened = OPENED[0] - before
    finally:
        sqlalchemy.event.remove(sqlalchemy.pool.Pool, "checkout", counted)
    assert engine_connections[0] > 100, "Dagster asked for a connection per storage call"
    assert opened == 0, "once open, the block's connections serve every later run"
    with dg.DagsterInstance.from_config(str(home)) as instance:
        evaluations = [
            record
            for run in instance.get_runs()
            for record in instance.all_logs(
                run.run_id, of_type=dg.DagsterEventType.ASSET_CHECK_EVALUATION
            )
        ]
        assert len(evaluations) == 30
    assert not list(home.rglob("*-wal"))


def history_engine(home):
    return sqlalchemy.create_engine(f"sqlite:///{home / 'history.db'}", poolclass=NullPool)


def test_a_half_read_cursor_does_not_hide_later_commits_from_the_next_user(tmp_path):
    with run_history.keep_open(tmp_path):
        engine = history_engine(tmp_path)
        with engine.begin() as con:
            con.exec_driver_sql("CREATE TABLE t (x INTEGER)")
            con.exec_driver_sql("INSERT INTO t VALUES (1), (2), (3)")
        with engine.connect() as con:
            half_read = con.exec_driver_sql("SELECT x FROM t")
            assert half_read.fetchone() == (1,)
            first = con.connection.dbapi_connection
        # Another process's commit (the UI, a waiting command) between two uses.
        with sqlite3.connect(tmp_path / "history.db") as other:
            other.execute("INSERT INTO t VALUES (4)")
        with engine.connect() as con:
            assert con.connection.dbapi_connection is first, "the same connection, reused"
            assert con.exec_driver_sql("SELECT count(*) FROM t").scalar() == 4
        del half_read


def test_a_connection_given_back_holds_no_transaction_and_no_lock(tmp_path):
    class Undone(Exception):
        pass

    with run_history.keep_open(tmp_path):
        engine = history_engine(tmp_path)
        with engine.begin() as con:
            con.exec_driver_sql("CREATE TABLE t (x INTEGER)")
        with engine.connect() as outer:
            outer.begin()
            outer.exec_driver_sql("INSERT INTO t VALUES (1)")
            # A storage call inside another (nested use in one thread) gets its own connection,
            # and giving it back leaves the outer transaction alone.
            with engine.connect() as inner:
                assert inner.connection.dbapi_connection is not outer.connection.dbapi_connection
                assert inner.exec_driver_sql("SELECT count(*) FROM t").scalar() == 0
            outer.commit()
        try:
            with engine.begin() as con:
                con.exec_driver_sql("INSERT INTO t VALUES (2)")
                raise Undone
        except Undone:
            pass
        with engine.connect() as con:
            con.exec_driver_sql("INSERT INTO t VALUES (3)")  # never committed
        # Another process can take the write lock at once and sees only the commits.
        other = sqlite3.connect(tmp_path / "history.db", timeout=0, isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")
            assert other.execute("SELECT x FROM t").fetchall() == [(1,)]
            other.execute("ROLLBACK")
        finally:
            other.close()
        still_open = engine.connect()
        still_open.exec_driver_sql("SELECT count(*) FROM t").scalar()
    # A connection in use when the block ends closes when its user gives it back, and the last
    # close checkpoints the log.
    assert list(tmp_path.glob("*-wal"))
    still_open.close()
    assert not list(tmp_path.glob("*-wal"))


def test_threads_store_events_at_once(tmp_path):
    home = tmp_path / "dagster"
    home.mkdir()
    (home / "dagster.yaml").write_text(environment.dagster_yaml(home))

    with run_history.keep_open(home), dg.DagsterInstance.from_config(str(home)) as instance:

        def report(n: int) -> None:
            for i in range(15):
                instance.report_runless_asset_event(
                    dg.AssetMaterialization(f"thread_{n}", metadata={"i": i})
                )

        with ThreadPoolExecutor(4) as pool:
            list(pool.map(report, range(4)))
        for n in range(4):
            events = instance.fetch_materializations(dg.AssetKey(f"thread_{n}"), limit=100)
            assert len(events.records) == 15


KILLED = """
import os, signal, sys
import dagster as dg
from orchestration.runtime import run_history

@dg.asset
def numbers():
    return 3

home = sys.argv[1]
with run_history.keep_open(home), dg.DagsterInstance.from_config(home) as instance:
    for _ in range(2):
        dg.materialize([numbers], instance=instance)
    os.kill(os.getpid(), signal.SIGKILL)
"""


def test_a_killed_process_leaves_a_history_the_next_one_reads_whole(tmp_path):
    home = tmp_path / "dagster"
    home.mkdir()
    (home / "dagster.yaml").write_text(environment.dagster_yaml(home))
    done = subprocess.run([sys.executable, "-c", KILLED, str(home)], check=False)
    assert done.returncode == -signal.SIGKILL
    assert list(home.rglob("*-wal")), "killed before the last close: the log is still there"
    with run_history.keep_open(home), dg.DagsterInstance.from_config(str(home)) as instance:
        runs = instance.get_runs()
        assert [run.status for run in runs] == [dg.DagsterRunStatus.SUCCESS] * 2
        for run in runs:
            assert instance.all_logs(run.run_id, of_type=dg.DagsterEventType.ASSET_MATERIALIZATION)
        assert dg.materialize([numbers], instance=instance).success
    assert not list(home.rglob("*-wal"))
