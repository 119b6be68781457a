"""Whether the dbt models are current: built from the raw tables, project and vars as they are.

A model build that finished records a fingerprint of its inputs in the warehouse
(raw.model_builds): the content of every raw table dbt reads (the sources of its manifest), the
dbt project's files, the vars of the build and the dbt packages' versions, and whether the
build ran the data tests. A refresh whose inbox brought nothing new finds the same fingerprint
and skips dbt; a run skips it only when that build also ran the data tests. Anything else (a
new or changed file, a review, a changed model, another province) changes it and the models are
built. No model reads the plan year, so the models of one build serve every year.

The fingerprint keeps each source table's digest apart, so a refresh that finds only some
tables changed (a day's coverage file: raw.coverage) builds only the models downstream of
them: the others read exactly what their last build read (no model reads the clock).
"""

import datetime as dt
import hashlib
import importlib.metadata
import json
from collections.abc import Mapping
from pathlib import Path
from typing import NamedTuple

import duckdb

from ingestion.lineage import table_exists
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
    if not table_exists(con, table):
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
    project's files, the build's vars and the dbt packages' versions, as canonical JSON (equal
    text, equal inputs)."""
    parts = {
        "tables": {table: _table_digest(con, table) for table in source_tables(manifest)},
        "project": project_digest(),
        "vars": dict(dbt_vars),
        "packages": {name: importlib.metadata.version(name) for name in DBT_PACKAGES},
    }
    # The parts themselves, not a hash of them: a later build compares them table by table.
    return json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str)


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


def changed_sources(recorded: str, current: str) -> list[str] | None:
    """The source tables (schema.table) whose rows differ between two fingerprints, when only
    rows of source tables differ; None when anything else does (the project's files, the vars,
    the packages) or a fingerprint is not one of table digests (recorded by an older build):
    then every model is built."""
    try:
        before, now = json.loads(recorded), json.loads(current)
    except ValueError:
        return None
    if not isinstance(before, dict) or not isinstance(now, dict):
        return None
    rest = lambda parts: {k: v for k, v in parts.items() if k != "tables"}  # noqa: E731
    if rest(before) != rest(now) or set(before.get("tables", {})) != set(now["tables"]):
        return None
    return sorted(t for t, digest in now["tables"].items() if before["tables"][t] != digest)


def unaffected_nodes(manifest: Path, tables: list[str]) -> list[str]:
    """The models and seeds of `manifest` that read none of `tables` (schema.table), directly
    or through other models, as dbt selectors (their fqn): what a build after a change of
    those tables alone need not run."""
    parsed = json.loads(Path(manifest).read_text(encoding="utf-8"))
    changed = [
        unique_id
        for unique_id, source in parsed["sources"].items()
        if f"{source['schema']}.{source['identifier']}" in tables
    ]
    downstream: set[str] = set()
    while changed:
        for child in parsed["child_map"].get(changed.pop(), []):
            if child not in downstream:
                downstream.add(child)
                changed.append(child)
    return sorted(
        ".".join(node["fqn"])
        for unique_id, node in parsed["nodes"].items()
        if node["resource_type"] in ("model", "seed") and unique_id not in downstream
    )


class BuildPlan(NamedTuple):
    """What the last finished build means for the next one."""

    current: bool  # the models are current: no build needed
    changed: list[str] | None  # the source tables alone that changed (None: build every model)
    inputs: str | None  # the fingerprint taken now (None: no build recorded to compare with)


def build_plan(
    warehouse: Path, dbt_vars: Mapping[str, object], manifest: Path, *, tested: bool = False
) -> BuildPlan:
    """Whether the models are current (see models_current) and, when they are not, which
    source tables alone changed since the last finished build, with the fingerprint taken."""
    if not Path(warehouse).exists():
        return BuildPlan(False, None, None)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        recorded = last_build(con)
        if recorded is None:
            return BuildPlan(False, None, None)
        current = fingerprint(con, dbt_vars, manifest)
    if recorded[0] == current and (recorded[1] or not tested):
        return BuildPlan(True, None, current)
    return BuildPlan(False, changed_sources(recorded[0], current), current)


def models_current(
    warehouse: Path, dbt_vars: Mapping[str, object], manifest: Path, *, tested: bool = False
) -> bool:
    """Whether the last finished model build had the inputs the warehouse holds now (and, with
    `tested`, ran the data tests on them)."""
    return build_plan(warehouse, dbt_vars, manifest, tested=tested).current
