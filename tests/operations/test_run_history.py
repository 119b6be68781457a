"""The run history under the Dagster home is written without a disk sync per event, and is
complete and checkpointed when the command ends."""

import sqlite3
from pathlib import Path

import dagster as dg
import sqlalchemy
from dagster._core.storage.event_log import ConsolidatedSqliteEventLogStorage

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


@dg.asset_check(asset=numbers)
def numbers_are_positive() -> dg.AssetCheckResult:
    return dg.AssetCheckResult(passed=True)


def test_the_event_log_is_dagsters_file_written_through_one_engine_per_process(tmp_path):
    home = tmp_path / "dagster"
    home.mkdir()
    (home / "dagster.yaml").write_text(environment.dagster_yaml(home))
    engines = []  # the database file of each engine's first connection

    def first_connect(dbapi_connection, _record) -> None:
        (path,) = [row[2] for row in dbapi_connection.execute("PRAGMA database_list")]
        engines.append(Path(path).name)

    sqlalchemy.event.listen(sqlalchemy.engine.Engine, "first_connect", first_connect)
    try:
        with dg.DagsterInstance.from_config(str(home)) as instance:
            assert isinstance(instance.event_log_storage, run_history.EventLogStorage)
            engines.clear()  # the storage's set-up checks the schema with engines of its own
            results = [
                dg.materialize([numbers, numbers_are_positive], instance=instance) for _ in range(3)
            ]
            assert all(r.success for r in results)
    finally:
        sqlalchemy.event.remove(sqlalchemy.engine.Engine, "first_connect", first_connect)
    # The runs' dozens of events were stored through the engine the set-up made; Dagster's run
    # storage (runs.db) still makes one per connection.
    assert "event_log.db" not in engines
    assert "runs.db" in engines
    # Dagster's own storage class (what any Dagster process would read) finds every event.
    plain = ConsolidatedSqliteEventLogStorage(str(home / "history"))
    for result in results:
        logs = plain.get_logs_for_run(result.run_id)
        kinds = {log.dagster_event.event_type for log in logs if log.dagster_event}
        assert dg.DagsterEventType.ASSET_MATERIALIZATION in kinds
        assert dg.DagsterEventType.ASSET_CHECK_EVALUATION in kinds
        assert dg.DagsterEventType.RUN_SUCCESS in kinds
