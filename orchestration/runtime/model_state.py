"""Whether the dbt models are current: built from the raw tables, project and vars as they are.

A model build that finished records a fingerprint of its inputs in the warehouse
(raw.model_builds): the content of every raw table dbt reads, the dbt project's files, and the
vars of the build. A refresh whose inbox brought nothing new finds the same fingerprint and
skips dbt; anything else (a new or changed file, a review, a changed model, another year)
changes it and the models are built.
"""

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from pathlib import Path

import duckdb

from orchestration.runtime import paths

STATE_TABLE = "raw.model_builds"
# The raw tables the dbt project reads (its sources), each in full: a change to any row,
# however it came about, changes the fingerprint.
SOURCE_TABLES = (
    "raw.agencies",
    "raw.contracts",
    "raw.coverage",
    "raw.events",
    "raw.indices",
    "raw.payments",
    "raw.reviews",
    "raw.targets",
)
PROJECT_FILES = ("dbt_project.yml", "profiles.yml", "models", "macros", "seeds", "tests")


def project_digest(project_dir: Path = paths.DBT_PROJECT_DIR) -> str:
    """A hash of the dbt project's own files (their paths and contents)."""
    digest = hashlib.sha256()
    for name in PROJECT_FILES:
        path = project_dir / name
        files = sorted(path.rglob("*")) if path.is_dir() else [path]
        for file in files:
            if file.is_file():
                digest.update(file.relative_to(project_dir).as_posix().encode())
                digest.update(hashlib.sha256(file.read_bytes()).digest())
    return digest.hexdigest()


def _table_digest(con: duckdb.DuckDBPyConnection, table: str) -> str:
    schema, name = table.split(".")
    exists = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_schema = ? AND table_name = ?",
        [schema, name],
    ).fetchone()[0]
    if not exists:
        return "absent"
    # A sum of row hashes: the same rows in any order give the same value, a change does not.
    count, total = con.execute(
        f"SELECT count(*), coalesce(sum(hash(*COLUMNS(*)))::HUGEINT, 0) FROM {table}"
    ).fetchone()
    return f"{count}:{total}"


def fingerprint(con: duckdb.DuckDBPyConnection, dbt_vars: Mapping[str, object]) -> str:
    """The inputs of a model build: raw tables, dbt project files and the build's vars."""
    parts = {
        "tables": {table: _table_digest(con, table) for table in SOURCE_TABLES},
        "project": project_digest(),
        "vars": dict(dbt_vars),
    }
    text = json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def record_build(con: duckdb.DuckDBPyConnection, inputs: str, run_id: str) -> None:
    """Remember that the models were built, whole, from `inputs`."""
    con.execute(
        f"CREATE TABLE IF NOT EXISTS {STATE_TABLE} "
        "(fingerprint VARCHAR, built_at TIMESTAMP, run_id VARCHAR)"
    )
    con.execute(f"DELETE FROM {STATE_TABLE}")
    con.execute(
        f"INSERT INTO {STATE_TABLE} VALUES (?, ?, ?)",
        [inputs, dt.datetime.now(dt.UTC).replace(tzinfo=None), run_id],
    )


def last_build(con: duckdb.DuckDBPyConnection) -> str | None:
    try:
        row = con.execute(f"SELECT fingerprint FROM {STATE_TABLE}").fetchone()
    except duckdb.CatalogException:
        return None
    return row[0] if row else None


def models_current(warehouse: Path, dbt_vars: Mapping[str, object]) -> bool:
    """Whether the last finished model build had the inputs the warehouse holds now."""
    if not Path(warehouse).exists():
        return False
    with duckdb.connect(str(warehouse), read_only=True) as con:
        recorded = last_build(con)
        return recorded is not None and recorded == fingerprint(con, dbt_vars)
