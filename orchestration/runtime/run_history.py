"""Cheaper writes to the Dagster run history (the SQLite files under build/dagster).

Dagster's SQLite storage builds a new SQLAlchemy engine for every connection it needs, opens a
new SQLite connection with it, commits and closes it again: three to five connections for each
event it stores, about 2.500 for a 4-item `mediacoop run`. Each new SQLite connection reads and
parses the database's schema before its first statement, and with SQLite's defaults each commit
is synced to disk and the last connection to close a database in WAL mode checkpoints the log
into the database file, with more syncs.

`keep_open` makes those connections cheap for the block, through SQLAlchemy's public
`do_connect` event, which may hand the engine a DBAPI connection of its own:

- For a SQLite file under the Dagster home, the engine gets an idle connection the block
  already opened, or a new one kept for reuse. The engine's close() gives it back instead of
  closing it: it closes the cursors the last user left (a half-read cursor would keep the
  connection's snapshot, and its next reads would not see other processes' commits) and rolls
  back what is left uncommitted, so an idle connection holds no lock and no read transaction.
  A connection is used by one user at a time, whatever the thread; a user that needs a second
  connection while holding one (nested storage calls) gets another.
- The kept connections use WAL with synchronous=NORMAL, the setting SQLite documents for WAL:
  a commit is durable once the process has handed it to the operating system, and a power loss
  (or a killed process) can lose the last commits but never corrupt the database.
- They stay open until the block ends, so the log is checkpointed once, when the block closes
  the last of them, instead of after every event.

Only SQLite files under the Dagster home are touched, and only in the process that entered the
block (never in a forked child); any other database keeps its settings. Engines made after the
block connect as usual.
"""

import contextlib
import os
import sqlite3
import threading
import weakref
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Engine


class HeldConnection(sqlite3.Connection):
    """A SQLite connection whose close() hands it back to its keeper (see the module doc)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.cursors: weakref.WeakSet[sqlite3.Cursor] = weakref.WeakSet()
        self.keeper: _Keeper | None = None
        self.key: tuple = ()
        self.opened_isolation_level = self.isolation_level

    def cursor(self, *args, **kwargs) -> sqlite3.Cursor:
        cursor = super().cursor(*args, **kwargs)
        self.cursors.add(cursor)
        return cursor

    # sqlite3's shortcuts make their cursor without calling cursor(): route them through it.
    def execute(self, *args) -> sqlite3.Cursor:
        return self.cursor().execute(*args)

    def executemany(self, *args) -> sqlite3.Cursor:
        return self.cursor().executemany(*args)

    def executescript(self, *args) -> sqlite3.Cursor:
        return self.cursor().executescript(*args)

    def close(self) -> None:
        if self.keeper is None:
            super().close()
        else:
            self.keeper.give_back(self)

    def end_use(self) -> bool:
        """End what the last user left open, as a real close would; whether it can be reused."""
        try:
            for cursor in list(self.cursors):
                cursor.close()
            self.rollback()
        except sqlite3.Error:
            return False
        # SQLAlchemy restores an isolation level it changed before it closes a connection; a
        # connection left otherwise is not reused.
        return self.isolation_level == self.opened_isolation_level and not self.in_transaction

    def close_for_real(self) -> None:
        self.keeper = None
        with contextlib.suppress(sqlite3.Error):
            super().close()


class _Keeper:
    """The connections of one `keep_open` block: idle ones by file and connect arguments."""

    def __init__(self, home: Path):
        self.home = home
        self.pid = os.getpid()
        self.lock = threading.Lock()
        self.idle: dict[tuple, list[HeldConnection]] = {}
        # Whether a database file is under the home, per file name (resolving a path on each
        # connection cost more than the commit), or False when it could not be set up.
        self.kept_files: dict[str, bool] = {}
        self.wal_files: set[str] = set()
        self.closing = False

    def on_do_connect(self, dialect, _record, cargs, cparams):
        """SQLAlchemy's `do_connect`: a kept connection for a run-history file, else None."""
        if (
            dialect.driver != "pysqlite"
            or len(cargs) != 1
            or cparams.get("uri")
            or os.getpid() != self.pid
        ):
            return None
        file = cargs[0]
        kept = self.kept_files.get(file)
        if kept is None:
            kept = self.kept_files[file] = file != ":memory:" and Path(
                file
            ).resolve().is_relative_to(self.home)
        if not kept:
            return None
        key = (file, tuple(sorted(cparams.items())))
        with self.lock:
            if self.closing:
                return None
            idle = self.idle.get(key)
            if idle:
                return idle.pop()
        return self.open(file, key, cparams)

    def open(self, file: str, key: tuple, cparams: dict) -> HeldConnection | None:
        # Any thread may take it next; one user at a time, which the keeper ensures.
        params = {**cparams, "check_same_thread": False}
        try:
            connection = sqlite3.connect(file, factory=HeldConnection, **params)
        except sqlite3.Error:
            return None  # SQLAlchemy connects as usual and reports what is wrong
        try:
            if file not in self.wal_files:
                # WAL is what Dagster sets on the databases it creates; an older file gets it.
                connection.execute("PRAGMA journal_mode=WAL").fetchall()
                self.wal_files.add(file)
            connection.execute("PRAGMA synchronous=NORMAL")
        except sqlite3.Error:
            # e.g. locked by another process: this file keeps SQLite's defaults for the block
            connection.close()
            self.kept_files[file] = False
            return None
        connection.key, connection.keeper = key, self
        return connection

    def give_back(self, connection: HeldConnection) -> None:
        reusable = connection.end_use()
        with self.lock:
            if reusable and not self.closing:
                self.idle.setdefault(connection.key, []).append(connection)
                return
        connection.close_for_real()

    def close_all(self) -> None:
        """Close the idle connections; one in use closes when its user gives it back. The
        last connection to close a database checkpoints its log and syncs."""
        with self.lock:
            self.closing = True
            idle = [connection for free in self.idle.values() for connection in free]
            self.idle.clear()
        for connection in idle:
            connection.close_for_real()


@contextlib.contextmanager
def keep_open(home: Path) -> Iterator[None]:
    """For the block: cheap connections and commits to the run history under `home` (see the
    module doc)."""
    keeper = _Keeper(Path(home).resolve())
    event.listen(Engine, "do_connect", keeper.on_do_connect)
    try:
        yield
    finally:
        event.remove(Engine, "do_connect", keeper.on_do_connect)
        keeper.close_all()
