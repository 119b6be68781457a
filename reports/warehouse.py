"""Read-only access to the warehouse for the reports.

Reports never write: they open the DuckDB file read-only inside a `with` block, read what
they need into data frames and close it again, so they never hold the lock a pipeline run
needs. Quality and raw tables are optional (a warehouse may not have been checked yet); the
marts are required.
"""

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

if TYPE_CHECKING:  # pandas takes a second to import; commands that render nothing skip it
    import pandas as pd

# The inbox's own description, read the same way by quality and the reports.
from ingestion.lineage import demo_label, inbox_meta, is_demo  # noqa: F401


class MissingMartError(RuntimeError):
    """The warehouse lacks a mart the report needs (the models have not been built)."""


@contextmanager
def open_read_only(warehouse: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    path = Path(warehouse)
    if not path.exists():
        raise FileNotFoundError(f"no warehouse at {path}")
    with duckdb.connect(str(path), read_only=True) as con:
        yield con


def tables(con: duckdb.DuckDBPyConnection) -> set[str]:
    """Every table and view as 'schema.name'."""
    rows = con.execute(
        "select table_schema || '.' || table_name from information_schema.tables"
    ).fetchall()
    return {name for (name,) in rows}


def columns(con: duckdb.DuckDBPyConnection, qualified_name: str) -> set[str]:
    schema, name = qualified_name.split(".", 1)
    rows = con.execute(
        """select column_name from information_schema.columns
           where table_schema = ? and table_name = ?""",
        [schema, name],
    ).fetchall()
    return {column for (column,) in rows}


def require(con: duckdb.DuckDBPyConnection, names: Sequence[str]) -> None:
    missing = sorted(set(names) - tables(con))
    if missing:
        raise MissingMartError(
            "the warehouse lacks " + ", ".join(missing) + ": build the dbt models first"
        )


def frame(con: duckdb.DuckDBPyConnection, sql: str, params: Sequence = ()) -> "pd.DataFrame":
    return con.execute(sql, list(params)).df()


def row(con: duckdb.DuckDBPyConnection, sql: str, params: Sequence = ()) -> dict:
    """The first row as a dict (all values None when the query returns no row)."""
    cursor = con.execute(sql, list(params))
    values = cursor.fetchone()
    names = [d[0] for d in cursor.description]
    return dict(zip(names, values or [None] * len(names), strict=True))
