"""Helpers of the dbt tests: raw tables made with the ingestion DDL, rows with lineage, and a real
`dbt build` run as a subprocess against a DuckDB file in tmp_path."""

import datetime as dt
import hashlib
import json
import os
import re
import subprocess
import unicodedata
from pathlib import Path

import duckdb
import session_cache

from ingestion import schemas
from orchestration.assets.dbt import dbt_vars, run_dbt_executable
from orchestration.runtime.paths import DBT_PROJECT_DIR
from orchestration.runtime.working_copy import stable_working_path

LOADED_AT = dt.datetime(2026, 1, 5, 8, 0)


def create_raw_schema(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("CREATE SCHEMA IF NOT EXISTS raw")
    for table in schemas.RAW_TABLES.values():
        con.execute(table.ddl())
    con.execute(schemas.QUARANTINE_DDL)
    con.execute(schemas.LOAD_LOG_DDL)


def insert_rows(con: duckdb.DuckDBPyConnection, source: str, rows: list[dict]) -> None:
    """Insert business rows into raw.<source>, filling the lineage columns as a loader would.

    A row may carry `_is_duplicate: True` (an exact copy of an earlier row) and `_source_file`.
    """
    table = schemas.RAW_TABLES[source]
    columns = [*table.columns, *schemas.LINEAGE_COLUMNS]
    records = []
    for number, row in enumerate(rows, start=2):
        values = [row.get(name) for name in table.columns]
        row_hash = hashlib.sha256(json.dumps(values, default=str).encode()).hexdigest()
        lineage = {
            "_source_file": row.get("_source_file", f"{source}/synthetic.csv"),
            "_sheet": None,
            "_row_number": number,
            "_file_hash": "synthetic",
            "_row_hash": row_hash,
            "_is_duplicate": bool(row.get("_is_duplicate", False)),
            "_loaded_at": LOADED_AT,
        }
        # Lineage columns a loader fills only in some cases (e.g. _corrected_by) stay NULL.
        records.append([*values, *(lineage.get(name) for name in schemas.LINEAGE_COLUMNS)])
    placeholders = ", ".join("?" for _ in columns)
    con.executemany(
        f"INSERT INTO {table.table} ({', '.join(columns)}) VALUES ({placeholders})", records
    )


def warehouse_in(folder: Path) -> Path:
    """The path of a test's warehouse in folder, named as a run's working copy: dbt (run as a
    run starts it, in the warehouse's folder) then sees the profile the session's parse was
    made with and reuses that parse instead of parsing the whole project again."""
    return stable_working_path(folder / "warehouse.duckdb")


def run_dbt(
    warehouse: Path, workdir: Path, *args: str, extra_vars: dict | None = None
) -> subprocess.CompletedProcess:
    """Run dbt as a run starts it (`mediacoop-dbt`, with the run's vars) on the project, with
    its target and logs under workdir; output captured. The target is given the session's
    parsed project, which dbt reuses for a warehouse named as `warehouse_in` names it, unless
    the profile (a memory limit) or extra vars differ."""
    session_cache.seed_target(workdir / "target")
    env = {
        **os.environ,
        "MEDIACOOP_WAREHOUSE": str(Path(warehouse).resolve()),
        "DO_NOT_TRACK": "1",
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        "DBT_LOG_PATH": str(workdir / "logs"),
    }
    command = [
        run_dbt_executable(),
        *args,
        "--project-dir",
        str(DBT_PROJECT_DIR),
        "--profiles-dir",
        str(DBT_PROJECT_DIR),
        "--target-path",
        str(workdir / "target"),
    ]
    command += ["--vars", json.dumps({**dbt_vars(env), **(extra_vars or {})}, ensure_ascii=False)]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=900)


def query(warehouse: Path, sql: str, params: list | None = None) -> list[dict]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        cursor = con.execute(sql, params or [])
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def fold(text: str | None) -> str:
    """Accent-folded, lower-case, punctuation as single spaces (đ as d): the tagging form."""
    text = (text or "").lower().replace("đ", "d")
    text = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", " ", text).strip()
