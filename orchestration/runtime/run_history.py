"""Cheaper writes to the Dagster run history (the SQLite files under build/dagster).

Dagster's SQLite storage opens a new connection for every event it stores, commits it and
closes it again. SQLite's defaults make that expensive: each commit is synced to disk, and the
last connection to close a database in WAL mode checkpoints the log into the database file
and deletes the log, with more syncs. One `mediacoop run` stores about a thousand events (a
planned event and an evaluation for each of the dbt tests, a materialisation per model), so on
a busy disk the syncs took longer than the dbt build itself.

`keep_open` makes the storage's connections in this process use WAL with synchronous=NORMAL,
the setting SQLite documents for WAL: a commit is durable once the process has handed it to
the operating system, and a power loss can lose the last commits but never corrupt the
database. It also keeps one idle connection to each of those databases open until the command
ends, so the storage's own connections are never the last one and the log is checkpointed
once, when the command closes it, instead of after every event.

Only SQLite files under the Dagster home are touched; any other database the process opens
keeps its settings.
"""

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Engine


def _database_file(dbapi_connection) -> Path | None:
    rows = dbapi_connection.execute("PRAGMA database_list").fetchall()
    main = next((row[2] for row in rows if row[1] == "main"), "")
    return Path(main) if main else None


@contextlib.contextmanager
def keep_open(home: Path) -> Iterator[None]:
    """For the block: cheap commits to the run history under `home` (see the module doc)."""
    home = Path(home).resolve()
    held: dict[Path, sqlite3.Connection] = {}
    # Whether a database file is under `home`, per file: resolving the path on every
    # connection (one per event stored) cost more than the commit.
    under_home: dict[Path, bool] = {}

    def on_connect(dbapi_connection, _record) -> None:
        if not isinstance(dbapi_connection, sqlite3.Connection):
            return
        path = _database_file(dbapi_connection)
        if path is None:
            return
        if path not in under_home:
            under_home[path] = path.resolve().is_relative_to(home)
        if not under_home[path]:
            return
        dbapi_connection.execute("PRAGMA synchronous=NORMAL")
        if path in held:
            return
        keeper = sqlite3.connect(path, timeout=30, check_same_thread=False)
        try:
            # Only a connection that has read the database counts as open for SQLite's
            # last-connection checkpoint; WAL is what Dagster sets on the databases it creates.
            keeper.execute("PRAGMA journal_mode=WAL").fetchall()
            keeper.execute("SELECT count(*) FROM sqlite_master").fetchall()
        except sqlite3.Error:
            keeper.close()  # e.g. locked by another process: this database keeps the default
            return
        held[path] = keeper

    event.listen(Engine, "connect", on_connect)
    try:
        yield
    finally:
        event.remove(Engine, "connect", on_connect)
        for keeper in held.values():
            with contextlib.suppress(sqlite3.Error):
                keeper.close()  # the last connection: SQLite checkpoints and syncs here
