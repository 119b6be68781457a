"""What the warehouse records about the inbox it was loaded from (raw.load_log, raw.inbox_meta):
which files, their hash, and whether the data is demo data. Quality and reports both read it."""

import hashlib
from collections.abc import Mapping

import duckdb


def table_exists(con: duckdb.DuckDBPyConnection, qualified_name: str) -> bool:
    schema, name = qualified_name.split(".", 1)
    row = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_schema = ? AND table_name = ?",
        [schema, name],
    ).fetchone()
    return row[0] > 0


def loaded_files(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str]]:
    """(file, sha256) of every inbox file as last loaded, sorted by file."""
    if not table_exists(con, "raw.load_log"):
        return []
    rows = con.execute(
        """
        SELECT _source_file, arg_max(_file_hash, _loaded_at) AS file_hash
        FROM raw.load_log
        WHERE _file_hash IS NOT NULL
        GROUP BY _source_file
        ORDER BY _source_file
        """
    ).fetchall()
    return [(str(path), str(file_hash)) for path, file_hash in rows]


def data_hash(con: duckdb.DuckDBPyConnection) -> str:
    """sha256 over the sorted file hashes of the loaded inbox: the same files give the same hash."""
    digest = hashlib.sha256()
    for file_hash in sorted(file_hash for _, file_hash in loaded_files(con)):
        digest.update(file_hash.encode("ascii") + b"\n")
    return digest.hexdigest()


def inbox_meta(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """raw.inbox_meta as a dict (the value loaded last wins); empty when absent."""
    if not table_exists(con, "raw.inbox_meta"):
        return {}
    rows = con.execute(
        "SELECT key, arg_max(value, _loaded_at) FROM raw.inbox_meta GROUP BY key ORDER BY key"
    ).fetchall()
    return {str(k): str(v) for k, v in rows if k is not None and v is not None}


def is_demo(meta: Mapping[str, str]) -> bool:
    """Whether the inbox described by `meta` (inbox_meta) is demo data."""
    return str(meta.get("demo", "")).strip().lower() == "true"


def demo_label(meta: Mapping[str, str]) -> str | None:
    """How the inbox names its demo data ('Dữ liệu minh họa'); None for real data."""
    if not is_demo(meta):
        return None
    return meta.get("label_vi") or "Dữ liệu minh họa"
