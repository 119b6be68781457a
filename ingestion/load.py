"""Loading one inbox source into the warehouse's raw schema, idempotently.

The inbox is the truth: a file already loaded with the same bytes (and the same corrections
from reviews/, see ingestion.corrections) is skipped, a changed file replaces its rows, a file
gone from the inbox takes its rows with it. Rows of a money file (contracts, payments) that
leave that way, or because the file shrank, are recorded in raw.removals for the settlement
gate until they are back or a review confirms the removal. Every file of a source
is read and validated before anything is written, and all writes of a source happen in one
DuckDB transaction, so a file that cannot be read leaves the warehouse as it was.
"""

import contextlib
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import polars as pl

from ingestion import corrections
from ingestion.agencies import AgencyDirectory
from ingestion.errors import BadInputError
from ingestion.normalise import nfc
from ingestion.readers import REFUSED_SUFFIXES, read_file, supported_suffixes
from ingestion.schemas import (
    CORRECTIONS_DDL,
    INBOX_META_DDL,
    LOAD_LOG_DDL,
    LOAD_LOG_MIGRATIONS,
    MONEY_SOURCES,
    QUARANTINE_DDL,
    RAW_TABLES,
    REMOVALS_DDL,
    SOURCES,
)
from ingestion.validate import AGENCY_CHECKED_SOURCES, URL_KEY, Validated, validate

INBOX_META_FILE = "_inbox.json"


@dataclass
class FileLoadResult:
    path: str  # relative to the inbox, e.g. contracts/hop-dong.xlsx
    file_hash: str
    rows_read: int
    rows_loaded: int
    rows_quarantined: int
    rows_duplicate: int
    skipped_unchanged: bool = False  # counts are then those of the earlier, identical load


@dataclass
class SourceLoadResult:
    source: str
    files: list[FileLoadResult] = field(default_factory=list)
    removed_files: list[str] = field(default_factory=list)  # gone from the inbox: rows deleted
    ignored_files: list[str] = field(default_factory=list)  # not data files (e.g. README.txt)

    @property
    def rows_read(self) -> int:
        return sum(f.rows_read for f in self.files)

    @property
    def rows_loaded(self) -> int:
        return sum(f.rows_loaded for f in self.files)

    @property
    def rows_quarantined(self) -> int:
        return sum(f.rows_quarantined for f in self.files)

    @property
    def rows_duplicate(self) -> int:
        return sum(f.rows_duplicate for f in self.files)

    @property
    def files_skipped_unchanged(self) -> int:
        return sum(f.skipped_unchanged for f in self.files)


def ensure_raw_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create the raw schema and its tables when missing (and add columns added since)."""
    con.execute("CREATE SCHEMA IF NOT EXISTS raw")
    for table in RAW_TABLES.values():
        con.execute(table.ddl())
    for ddl in (
        QUARANTINE_DDL,
        LOAD_LOG_DDL,
        *LOAD_LOG_MIGRATIONS,
        INBOX_META_DDL,
        CORRECTIONS_DDL,
        REMOVALS_DDL,
    ):
        con.execute(ddl)


@contextlib.contextmanager
def _transaction(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    con.execute("BEGIN TRANSACTION")
    try:
        yield
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


def file_sha256(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def inbox_files(inbox: Path, source: str) -> tuple[list[Path], list[Path]]:
    """(data files, other files) in <inbox>/<source>/, by name. Hidden files and Excel's
    "~$" lock files are not the analyst's data and are left out of both lists."""
    folder = inbox / source
    if not folder.is_dir():
        return [], []
    readable = supported_suffixes(source) + REFUSED_SUFFIXES
    data, other = [], []
    for path in sorted(folder.iterdir()):
        if not path.is_file() or path.name.startswith((".", "~$")):
            continue
        (data if path.suffix.lower() in readable else other).append(path)
    return data, other


@dataclass
class _PlannedFile:
    name: str
    file_hash: str
    validated: Validated
    reference_hash: str = ""  # the agencies list and the file's corrections it was loaded with
    corrections: list = field(default_factory=list)  # corrections.Outcome, one per review


def load_source(con: duckdb.DuckDBPyConnection, source: str, inbox: Path) -> SourceLoadResult:
    """Load <inbox>/<source>/ into raw.<source>; see the module docstring for the rules.

    Raises BadInputError (and writes nothing) when a file of the source cannot be read.
    """
    if source not in SOURCES:
        raise ValueError(f"unknown source {source!r}; expected one of {', '.join(SOURCES)}")
    inbox = Path(inbox)
    loaded_at = datetime.now(UTC).replace(tzinfo=None)  # load times are kept in UTC
    result = SourceLoadResult(source)
    with _transaction(con):
        ensure_raw_schema(con)
        agencies = (
            AgencyDirectory.from_warehouse(con)
            if source in AGENCY_CHECKED_SOURCES
            else AgencyDirectory()
        )
        reference_hash = agencies.fingerprint
        reviewed = corrections.corrections_for(con, source) if source != "reviews" else {}
        previous = {
            name: (file_hash, ref or "", counts)
            for name, file_hash, ref, *counts in con.execute(
                "SELECT _source_file, _file_hash, reference_hash, rows_read, rows_loaded, "
                "rows_quarantined, rows_duplicate FROM raw.load_log WHERE source = ?",
                [source],
            ).fetchall()
        }
        data_files, other_files = inbox_files(inbox, source)
        result.ignored_files = [p.relative_to(inbox).as_posix() for p in other_files]

        # Read and validate every new or changed file before writing anything.
        planned: list[_PlannedFile] = []
        for path in data_files:
            name = path.relative_to(inbox).as_posix()
            file_hash = file_sha256(path)
            file_reference = corrections.fingerprint(reference_hash, reviewed.get(name, []))
            before = previous.get(name)
            if before and before[0] == file_hash and before[1] == file_reference:
                result.files.append(FileLoadResult(name, file_hash, *before[2], True))
                continue
            raw = read_file(path, name, source, agencies)
            raw, outcomes = corrections.apply(raw, source, reviewed.get(name, []))
            validated = corrections.settle(validate(raw, source, agencies), raw, outcomes)
            planned.append(_PlannedFile(name, file_hash, validated, file_reference, outcomes))

        present = {p.relative_to(inbox).as_posix() for p in data_files}
        result.removed_files = sorted(set(previous) - present)
        if source in MONEY_SOURCES:
            shrunk = [
                p.name
                for p in planned
                if p.name in previous
                and previous[p.name][2][0] > p.validated.rows.height + p.validated.quarantine.height
            ]
            _hold_removal_candidates(con, source, result.removed_files + shrunk)
        for name in result.removed_files + [p.name for p in planned]:
            _delete_file_rows(con, source, name)
        if planned:
            _insert(con, source, planned, loaded_at)
        for plan in planned:
            corrections.record(con, source, plan.corrections, loaded_at)
        # Corrections naming a file the source does not have are recorded on every load.
        con.execute(
            "DELETE FROM raw.corrections WHERE source = ? AND status = 'file_not_found'", [source]
        )
        orphans = [c for name, cs in reviewed.items() if name not in present for c in cs]
        corrections.record(con, source, corrections.not_found(orphans), loaded_at)
        if source in MONEY_SOURCES:
            _record_removals(con, source, set(result.removed_files), loaded_at)
        for plan in planned:
            loaded, quarantined = plan.validated.rows.height, plan.validated.quarantine.height
            result.files.append(
                FileLoadResult(
                    plan.name, plan.file_hash, loaded + quarantined, loaded, quarantined, 0
                )
            )
        if planned or result.removed_files:
            _flag_duplicates(con, source)
            # A copy may sit in another file, so every file's duplicate count is refreshed.
            duplicates = dict(
                con.execute(
                    f"SELECT _source_file, count(*) FILTER (WHERE _is_duplicate) "
                    f"FROM {RAW_TABLES[source].table} GROUP BY _source_file"
                ).fetchall()
            )
            for file_result in result.files:
                file_result.rows_duplicate = duplicates.get(file_result.path, 0)
                con.execute(
                    "UPDATE raw.load_log SET rows_duplicate = ? "
                    "WHERE source = ? AND _source_file = ?",
                    [file_result.rows_duplicate, source, file_result.path],
                )
    for file_result in result.files:
        assert file_result.rows_read == file_result.rows_loaded + file_result.rows_quarantined
    result.files.sort(key=lambda f: f.path)
    return result


_REMOVAL_CANDIDATES = "removal_candidates"


def _hold_removal_candidates(con: duckdb.DuckDBPyConnection, source: str, names: list[str]) -> None:
    """Before a money file's rows are deleted (the file is gone, or it now has fewer rows),
    keep them aside: those not back after the load are recorded in raw.removals."""
    record_id = "payment_id" if source == "payments" else "contract_id"
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE {_REMOVAL_CANDIDATES} AS
        SELECT _source_file, _sheet, _row_number, {record_id} AS record_id, amount_vnd,
               _row_hash, _file_hash
        FROM {RAW_TABLES[source].table}
        WHERE list_contains(?::VARCHAR[], _source_file) AND NOT coalesce(_is_duplicate, false)
        """,
        [names],
    )


def _record_removals(
    con: duckdb.DuckDBPyConnection, source: str, gone: set[str], removed_at: datetime
) -> None:
    """Record the held rows that no file of the source holds any more, and forget recorded
    removals whose rows are back (the file returned, or its rows moved to another file)."""
    table = RAW_TABLES[source].table
    con.execute(
        f"""
        INSERT INTO raw.removals
        SELECT ?, _source_file, _sheet, _row_number, record_id, amount_vnd, _row_hash,
               _file_hash,
               CASE WHEN list_contains(?::VARCHAR[], _source_file) THEN 'file_removed'
                    ELSE 'rows_removed' END,
               ?::TIMESTAMP
        FROM {_REMOVAL_CANDIDATES}
        WHERE _row_hash NOT IN (SELECT _row_hash FROM {table} WHERE _row_hash IS NOT NULL)
        """,
        [source, sorted(gone), removed_at],
    )
    con.execute(f"DROP TABLE {_REMOVAL_CANDIDATES}")
    con.execute(
        f"DELETE FROM raw.removals WHERE source = ? AND _row_hash IN "
        f"(SELECT _row_hash FROM {table} WHERE _row_hash IS NOT NULL)",
        [source],
    )


def _delete_file_rows(con: duckdb.DuckDBPyConnection, source: str, name: str) -> None:
    con.execute(f"DELETE FROM {RAW_TABLES[source].table} WHERE _source_file = ?", [name])
    con.execute("DELETE FROM raw.corrections WHERE source = ? AND target_file = ?", [source, name])
    con.execute("DELETE FROM raw.quarantine WHERE source = ? AND _source_file = ?", [source, name])
    con.execute("DELETE FROM raw.load_log WHERE source = ? AND _source_file = ?", [source, name])


_ROW_TEXT, _ITEM_TEXT = "_row_text", "_item_text"
CORRECTED_BY = corrections.CORRECTED_BY
_INSERT_SLICE_ROWS = 250_000


def _hash_inputs(rows: pl.DataFrame, source: str) -> pl.DataFrame:
    """Add the text each row's _row_hash (and a coverage item's item_id) is the sha256 of.

    The row text joins every business value, typed and normalised, so "1.250.000" and
    "1250000" are the same row; DuckDB hashes it. An item is its URL; without one, its agency,
    title and publication day.
    """
    columns = [c for c in RAW_TABLES[source].columns if c in rows.columns]
    row_text = pl.concat_str(
        [pl.col(c).cast(pl.String).fill_null("") for c in columns], separator="\x1f"
    )
    added = {_ROW_TEXT: row_text}
    if source == "coverage":
        day = pl.col("published_at").dt.strftime("%Y-%m-%d")
        added[_ITEM_TEXT] = pl.coalesce(
            pl.col(URL_KEY), pl.concat_str([pl.col("agency"), pl.col("title"), day], separator="|")
        )
    return rows.with_columns(**added)


def _arrow(frame: pl.DataFrame):
    """Arrow with string views, which DuckDB reads as they are: no copy of the text."""
    return frame.to_arrow(compat_level=pl.CompatLevel.newest())


def _insert(
    con: duckdb.DuckDBPyConnection,
    source: str,
    planned: list[_PlannedFile],
    loaded_at: datetime,
) -> None:
    def with_file(frame: pl.DataFrame, plan: _PlannedFile) -> pl.DataFrame:
        return frame.with_columns(_source_file=pl.lit(plan.name), _file_hash=pl.lit(plan.file_hash))

    rows = pl.concat([with_file(p.validated.rows, p) for p in planned], how="vertical")
    quarantine = pl.concat([with_file(p.validated.quarantine, p) for p in planned])
    columns = list(RAW_TABLES[source].columns)
    select = ", ".join(f"sha256({_ITEM_TEXT})" if c == "item_id" else c for c in columns)
    corrected_by = CORRECTED_BY if CORRECTED_BY in rows.columns else "NULL"
    insert_rows = f"""
        INSERT INTO {RAW_TABLES[source].table}
          ({", ".join(columns)}, _source_file, _sheet, _row_number, _file_hash, _row_hash,
           _is_duplicate, _loaded_at, _corrected_by)
        SELECT {select}, _source_file, _sheet, _row_number, _file_hash, sha256({_ROW_TEXT}),
               false, ?::TIMESTAMP, {corrected_by}
        FROM incoming_rows
    """
    con.register("incoming_quarantine", _arrow(quarantine))
    try:
        # In slices, so the text hashed for each row is never held for a whole large file.
        for start in range(0, rows.height, _INSERT_SLICE_ROWS):
            chunk = _hash_inputs(rows.slice(start, _INSERT_SLICE_ROWS), source)
            con.register("incoming_rows", _arrow(chunk))
            con.execute(insert_rows, [loaded_at])
            con.unregister("incoming_rows")
        con.execute(
            """
            INSERT INTO raw.quarantine
            SELECT ?, _source_file, _sheet, _row_number, column_name, value, reason_code,
                   reason_en, reason_vi, record_json, _file_hash, ?::TIMESTAMP
            FROM incoming_quarantine
            """,
            [source, loaded_at],
        )
    finally:
        # In an aborted transaction unregistering fails too; the original error matters more.
        for view in ("incoming_rows", "incoming_quarantine"):
            with contextlib.suppress(duckdb.Error):
                con.unregister(view)
    con.executemany(
        "INSERT INTO raw.load_log (source, _source_file, _file_hash, rows_read, rows_loaded, "
        "rows_quarantined, rows_duplicate, _loaded_at, reference_hash) "
        "VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?)",
        [
            [
                source,
                p.name,
                p.file_hash,
                p.validated.rows.height + p.validated.quarantine.height,
                p.validated.rows.height,
                p.validated.quarantine.height,
                loaded_at,
                p.reference_hash,
            ]
            for p in planned
        ],
    )


def _flag_duplicates(con: duckdb.DuckDBPyConnection, source: str) -> None:
    """Every copy of a row after the first (by file, sheet, row) is a duplicate; recomputed
    over the whole source, because a copy may sit in another file."""
    table = RAW_TABLES[source].table
    con.execute(
        f"""
        UPDATE {table} AS t SET _is_duplicate = d.is_duplicate
        FROM (
          SELECT rowid AS rid,
                 row_number() OVER (
                   PARTITION BY _row_hash ORDER BY _source_file, _sheet, _row_number
                 ) > 1 AS is_duplicate
          FROM {table}
        ) AS d
        WHERE t.rowid = d.rid AND t._is_duplicate IS DISTINCT FROM d.is_duplicate
        """
    )


def load_inbox_meta(con: duckdb.DuckDBPyConnection, inbox: Path) -> dict[str, object]:
    """Replace raw.inbox_meta with the keys of <inbox>/_inbox.json (none when it is absent);
    returns the keys read. Scalars are stored as JSON text without quotes (true, 2025,
    Hải Phòng)."""
    path = Path(inbox) / INBOX_META_FILE
    meta: dict[str, object] = {}
    if path.is_file():
        text = path.read_text(encoding="utf-8-sig")
        try:
            meta = json.loads(text)
        except json.JSONDecodeError as exc:
            raise BadInputError(
                INBOX_META_FILE,
                row=exc.lineno,
                column=str(exc.colno),
                expected="a JSON object",
                found=exc.msg,
                message_vi="tệp _inbox.json không phải JSON hợp lệ",
            ) from exc
        if not isinstance(meta, dict):
            raise BadInputError(
                INBOX_META_FILE,
                expected="a JSON object",
                found=f"a JSON {type(meta).__name__}",
                message_vi="tệp _inbox.json phải là một đối tượng JSON",
            )

    def as_text(value: object) -> str | None:
        if value is None:
            return None
        if isinstance(value, str):
            return nfc(value)
        return json.dumps(value, ensure_ascii=False)

    loaded_at = datetime.now(UTC).replace(tzinfo=None)
    with _transaction(con):
        ensure_raw_schema(con)
        con.execute("DELETE FROM raw.inbox_meta")
        if meta:
            con.executemany(
                "INSERT INTO raw.inbox_meta VALUES (?, ?, ?, ?)",
                [[nfc(str(k)), as_text(v), INBOX_META_FILE, loaded_at] for k, v in meta.items()],
            )
    return meta
