"""Small test warehouses built from the marts' dbt contracts.

A test creates the marts as their contracts say (columns and types, from the session's dbt
manifest), then inserts only the rows it needs, by column name. A fixture that writes a column
the contract does not have, or a value that does not fit the contract's type, fails, so a
contract change that a hand-built warehouse misses fails the tests that use it.
"""

from pathlib import Path

import duckdb
import pandas as pd
import session_cache

from quality.manifest import contract_columns


def manifest_path() -> Path:
    """dbt's manifest, parsed once per test session (session_cache.dbt_target)."""
    return session_cache.dbt_target() / "manifest.json"


def create_marts(con: duckdb.DuckDBPyConnection, tables: set[str] | None = None) -> None:
    """Create the contracted tables (all, or those named `schema.table` in `tables`), empty."""
    for table, columns in contract_columns(manifest_path()).items():
        if tables is not None and table not in tables:
            continue
        con.execute(f"CREATE SCHEMA IF NOT EXISTS {table.split('.', 1)[0]}")
        definition = ", ".join(f'"{name}" {data_type}' for name, data_type in columns)
        con.execute(f"CREATE OR REPLACE TABLE {table} ({definition})")


def insert_frame(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> None:
    """Insert a frame's rows by column name; the table's other columns stay NULL."""
    con.register("contract_rows", frame)
    try:
        con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM contract_rows")
    finally:
        con.unregister("contract_rows")
