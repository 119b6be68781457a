"""The run history under the Dagster home is written without a disk sync per event, and is
complete and checkpointed when the command ends."""

import sqlite3

import dagster as dg
import sqlalchemy

from orchestration.runtime import run_history


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
