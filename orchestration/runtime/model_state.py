"""Whether the dbt models are current: built from the raw tables, project and vars as they are.

A model build that finished records a fingerprint of its inputs in the warehouse
(raw.model_builds): the content of every raw table dbt reads (the sources of its manifest), the
dbt project's files, the vars of the build and the dbt packages' versions, and whether the
build ran the data tests. A refresh whose inbox brought nothing new finds the same fingerprint
and skips dbt; a run skips it only when that build also ran the data tests. Anything else (a
new or changed file, a review, a changed model, another province) changes it and the models are
built. No model reads the plan year, so the models of one build serve every year.
"""

import datetime as dt
import hashlib
import importlib.metadata
import json
from collections.abc import Mapping
from pathlib import Path

import duckdb

from orchestration.runtime import paths

STATE_TABLE = "raw.model_builds"
PROJECT_FILES = ("dbt_project.yml", "profiles.yml", "models", "macros", "seeds", "tests")
# Installed packages whose upgrade can change what the same SQL builds.
DBT_PACKAGES = ("dbt-core", "dbt-duckdb", "duckdb")


def source_tables(manifest: Path) -> tuple[str, ...]:
    """The relations the dbt project reads as sources (schema.table), from its parsed manifest:
    what a model may read is what dbt resolved, so no list here can miss a new source."""
    sources = json.loads(Path(manifest).read_text(encoding="utf-8"))["sources"].values()
    return tuple(sorted({f"{source['schema']}.{source['identifier']}" for source in sources}))


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


def fingerprint(
    con: duckdb.DuckDBPyConnection, dbt_vars: Mapping[str, object], manifest: Path
) -> str:
    """The inputs of a model build: the source tables of `manifest` (each in full), the dbt
    project's files, the build's vars and the dbt packages' versions."""
    parts = {
        "tables": {table: _table_digest(con, table) for table in source_tables(manifest)},
        "project": project_digest(),
        "vars": dict(dbt_vars),
        "packages": {name: importlib.metadata.version(name) for name in DBT_PACKAGES},
    }
    text = json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def record_build(con: duckdb.DuckDBPyConnection, inputs: str, run_id: str, *, tested: bool) -> None:
    """Remember that the models were built, whole, from `inputs`, and whether the build ran
    their data tests (a refresh's build does not)."""
    con.execute(
        f"CREATE OR REPLACE TABLE {STATE_TABLE} "
        "(fingerprint VARCHAR, built_at TIMESTAMP, run_id VARCHAR, tested BOOLEAN)"
    )
    con.execute(
        f"INSERT INTO {STATE_TABLE} VALUES (?, ?, ?, ?)",
        [inputs, dt.datetime.now(dt.UTC).replace(tzinfo=None), run_id, tested],
    )


def last_build(con: duckdb.DuckDBPyConnection) -> tuple[str, bool] | None:
    """The fingerprint of the last finished build and whether it ran the data tests."""
    try:
        row = con.execute(f"SELECT fingerprint, tested FROM {STATE_TABLE}").fetchone()
    except duckdb.Error:  # no build recorded yet, or recorded before builds said if they tested
        return None
    return (row[0], bool(row[1])) if row else None


def models_current(
    warehouse: Path, dbt_vars: Mapping[str, object], manifest: Path, *, tested: bool = False
) -> bool:
    """Whether the last finished model build had the inputs the warehouse holds now (and, with
    `tested`, ran the data tests on them)."""
    if not Path(warehouse).exists():
        return False
    with duckdb.connect(str(warehouse), read_only=True) as con:
        recorded = last_build(con)
        if recorded is None or (tested and not recorded[1]):
            return False
        return recorded[0] == fingerprint(con, dbt_vars, manifest)
