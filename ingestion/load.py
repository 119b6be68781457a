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
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import polars as pl

from ingestion import corrections
from ingestion.agencies import AgencyDirectory
from ingestion.errors import BadInputError
from ingestion.normalise import nfc, parse_money
from ingestion.readers import REFUSED_SUFFIXES, SHEET, RawRows, read_file, supported_suffixes
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
from ingestion.validate import AGENCY_CHECKED_SOURCES, URL_KEY, Validated, validate_files

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
    # Workbooks: {sheet: (rows read, loaded, quarantined)} for each sheet read, and the sheets
    # not read (no header of this source, or hidden). Empty for an unchanged file.
    sheets: dict[str, tuple[int, int, int]] = field(default_factory=dict)
    ignored_sheets: list[str] = field(default_factory=list)


@dataclass
class SourceLoadResult:
    source: str
    files: list[FileLoadResult] = field(default_factory=list)
    removed_files: list[str] = field(default_factory=list)  # gone from the inbox: rows deleted
    # Entries of the source folder not read, and why (hidden, lock file, unknown suffix).
    ignored_files: dict[str, str] = field(default_factory=dict)

    @property
    def files_read(self) -> list[FileLoadResult]:
        """The files this load read (new or changed), without those it found unchanged."""
        return [f for f in self.files if not f.skipped_unchanged]

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


# A file's times are trusted only once they are this much older than the moment it is
# hashed: a rewrite within the same tick of a coarse clock (FAT keeps 2 s, a network share
# its server's clock) could otherwise keep every time it had.
STAT_SETTLED_NS = 10 * 1_000_000_000
# Read whole on every load: their bytes decide what may be paid (reviews may correct a payment).
ALWAYS_HASHED = (*MONEY_SOURCES, "reviews")


def settled_stat(path: Path) -> str | None:
    """What identifies the file's bytes without reading them, taken before it is hashed:
    device, inode, size, mtime and ctime, or None while its last change is recent.

    The ctime is the guard: no tool can set it (a copy keeping times, `touch -d`, an archive
    restored), every write and every replacement of the file moves it to the current time, so
    a file rewritten after it was hashed, even with the same size and mtime, never shows the
    same stat again. A stat taken within STAT_SETTLED_NS of the file's last change is not
    kept: the next load hashes that file again."""
    stat = os.stat(path)
    if max(stat.st_mtime_ns, stat.st_ctime_ns) > time.time_ns() - STAT_SETTLED_NS:
        return None
    return ":".join(
        str(value)
        for value in (stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns)
    )


SYMLINK = "symbolic link (not followed)"


def inbox_files(inbox: Path, source: str) -> tuple[list[Path], dict[Path, str]]:
    """(data files, {other entry: why it is not read}) in <inbox>/<source>/, by name.

    Hidden files, Excel's "~$" lock files, sub-folders and unknown suffixes (".csv.txt") are
    not read but are always listed, so nothing in the inbox is passed over without a word.
    Symbolic links are listed as SYMLINK and never followed (they may point outside the
    inbox); load_source refuses a source that holds one."""
    folder = inbox / source
    if folder.is_symlink():
        return [], {folder: SYMLINK}
    if not folder.is_dir():
        return [], {}
    readable = supported_suffixes(source) + REFUSED_SUFFIXES
    data: list[Path] = []
    other: dict[Path, str] = {}
    for path in sorted(folder.iterdir()):
        if path.is_symlink():
            other[path] = SYMLINK
        elif path.name.startswith("~$"):
            other[path] = "Excel lock file (the workbook is open in Excel)"
        elif path.name.startswith("."):
            other[path] = "hidden file"
        elif not path.is_file():
            other[path] = "not a file (a folder?)"
        elif path.suffix.lower() not in readable:
            known = ", ".join(supported_suffixes(source))
            other[path] = f"unknown suffix {path.suffix or '(none)'}; readable: {known}"
        else:
            data.append(path)
    return data, other


def _refuse_links(other: dict[Path, str], inbox: Path) -> None:
    links = [path.relative_to(inbox).as_posix() for path, why in other.items() if why == SYMLINK]
    if links:
        raise BadInputError(
            links[0],
            expected="a regular file or folder inside the inbox",
            found="a symbolic link; links are not followed, they may point outside the inbox",
            message_vi="đây là liên kết tượng trưng (symlink), không được đọc; hãy chép tệp "
            "thật vào thư mục đầu vào",
        )


@dataclass
class _PlannedFile:
    name: str
    file_hash: str
    file_stat: str | None
    validated: Validated
    # What the reader counted (the rows themselves are not kept: a large file's text would
    # stay in memory through the insert).
    rows_read: int
    sheet_rows: dict[str, int]
    ignored_sheets: list[str]
    reference_hash: str = ""  # the agencies list and the file's corrections it was loaded with
    corrections: list = field(default_factory=list)  # corrections.Outcome, one per review

    def sheet_counts(self) -> dict[str, tuple[int, int, int]]:
        """Rows read, loaded and quarantined per sheet; the reader's count of each sheet must
        equal the other two summed, or rows were lost between reading and loading."""
        if not self.sheet_rows:
            return {}
        loaded = dict(self.validated.rows.group_by(SHEET).len().iter_rows())
        quarantined = dict(self.validated.quarantine.group_by(SHEET).len().iter_rows())
        counts = {
            sheet: (read, loaded.get(sheet, 0), quarantined.get(sheet, 0))
            for sheet, read in self.sheet_rows.items()
        }
        for sheet, (read, rows, held) in counts.items():
            if read != rows + held:
                raise RuntimeError(
                    f"{self.name}, sheet {sheet!r}: {read} rows read but {rows} loaded and "
                    f"{held} quarantined"
                )
        return counts


# Files read and not yet validated are held up to about this many rows: enough that Polars'
# cost per call is spread over many small files, few enough that their text stays small.
VALIDATE_BATCH_ROWS = 200_000


@dataclass
class _ReadFile:
    name: str
    file_hash: str
    file_stat: str | None
    reference_hash: str
    raw: RawRows
    corrections: list  # corrections.Outcome, one per review


def _validated(
    batch: list[_ReadFile], source: str, agencies: AgencyDirectory
) -> list[_PlannedFile]:
    checked = validate_files([read.raw for read in batch], source, agencies)
    return [
        _PlannedFile(
            read.name,
            read.file_hash,
            read.file_stat,
            corrections.settle(validated, read.raw, read.corrections),
            read.raw.frame.height,
            read.raw.sheet_rows,
            read.raw.ignored_sheets,
            read.reference_hash,
            read.corrections,
        )
        for read, validated in zip(batch, checked, strict=True)
    ]


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
            name: (file_hash, ref or "", counts, file_stat)
            for name, file_hash, ref, file_stat, *counts in con.execute(
                "SELECT _source_file, _file_hash, reference_hash, file_stat, rows_read, "
                "rows_loaded, rows_quarantined, rows_duplicate FROM raw.load_log "
                "WHERE source = ?",
                [source],
            ).fetchall()
        }
        data_files, other_files = inbox_files(inbox, source)
        _refuse_links(other_files, inbox)
        result.ignored_files = {
            p.relative_to(inbox).as_posix(): why for p, why in other_files.items()
        }

        # Read and validate every new or changed file before writing anything. Files are
        # validated a batch at a time (ingestion.validate.validate_files).
        planned: list[_PlannedFile] = []
        batch: list[_ReadFile] = []
        stats_found: dict[str, str] = {}  # unchanged files whose stat the load log lacks
        for path in data_files:
            name = path.relative_to(inbox).as_posix()
            before = previous.get(name)
            file_stat = None if source in ALWAYS_HASHED else settled_stat(path)
            if before and file_stat is not None and before[3] == file_stat:
                file_hash = before[0]  # the same file, untouched since it was hashed
            else:
                file_hash = file_sha256(path)
            file_reference = corrections.fingerprint(reference_hash, reviewed.get(name, []))
            if before and before[0] == file_hash and before[1] == file_reference:
                result.files.append(FileLoadResult(name, file_hash, *before[2], True))
                if file_stat is not None and before[3] != file_stat:
                    stats_found[name] = file_stat
                continue
            raw = read_file(path, name, source, agencies)
            raw, outcomes = corrections.apply(raw, source, reviewed.get(name, []))
            batch.append(_ReadFile(name, file_hash, file_stat, file_reference, raw, outcomes))
            if sum(read.raw.frame.height for read in batch) >= VALIDATE_BATCH_ROWS:
                planned += _validated(batch, source, agencies)
                batch = []
            del raw
        planned += _validated(batch, source, agencies)
        del batch

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
        replaced = result.removed_files + [p.name for p in planned if p.name in previous]
        if planned or result.removed_files:
            _hold_duplicate_groups(con, source, replaced)
        _delete_file_rows(con, source, result.removed_files + [p.name for p in planned], replaced)
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
                    plan.name,
                    plan.file_hash,
                    plan.rows_read,
                    loaded,
                    quarantined,
                    0,
                    sheets=plan.sheet_counts(),
                    ignored_sheets=plan.ignored_sheets,
                )
            )
        duplicates_before = {f.path: f.rows_duplicate for f in result.files}
        if planned or result.removed_files:
            # A copy may sit in another file, so every file's duplicate count is refreshed.
            duplicates = _flag_duplicates(con, source, [p.name for p in planned], loaded_at)
            for file_result in result.files:
                file_result.rows_duplicate = duplicates.get(file_result.path, 0)
        _update_load_log(
            con,
            source,
            {
                f.path: (f.rows_duplicate, stats_found.get(f.path))
                for f in result.files
                if f.rows_duplicate != duplicates_before[f.path] or f.path in stats_found
            },
        )
    for file_result in result.files:
        assert file_result.rows_read == file_result.rows_loaded + file_result.rows_quarantined
    result.files.sort(key=lambda f: f.path)
    return result


_REMOVAL_CANDIDATES = "removal_candidates"
# A quarantined row has no row hash; its raw text stands in, prefixed so it never equals one.
_QUARANTINED_ROW_HASH = "'q:' || sha256(record_json)"


def _hold_removal_candidates(con: duckdb.DuckDBPyConnection, source: str, names: list[str]) -> None:
    """Before a money file's rows are deleted (the file is gone, or it now has fewer rows),
    keep them aside: those not back after the load are recorded in raw.removals."""
    record_id = "payment_id" if source == "payments" else "contract_id"
    # Quarantined rows leave too: their money never reached the ledger, but it was in the file.
    # They are known by their raw text (no row hash), with the amount that text reads as.
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE {_REMOVAL_CANDIDATES} AS
        SELECT _source_file, _sheet, _row_number, {record_id} AS record_id, amount_vnd,
               _row_hash, _file_hash
        FROM {RAW_TABLES[source].table}
        WHERE list_contains(?::VARCHAR[], _source_file) AND NOT coalesce(_is_duplicate, false)
        UNION ALL
        SELECT _source_file, _sheet, _row_number,
               json_extract_string(record_json, '$.{record_id}'), NULL,
               {_QUARANTINED_ROW_HASH}, _file_hash
        FROM raw.quarantine
        WHERE source = ? AND list_contains(?::VARCHAR[], _source_file)
        """,
        [names, source, names],
    )
    amounts = con.execute(
        "SELECT DISTINCT json_extract_string(q.record_json, '$.amount_vnd') "
        "FROM raw.quarantine AS q WHERE q.source = ? AND list_contains(?::VARCHAR[], "
        "q._source_file)",
        [source, names],
    ).fetchall()
    for (text,) in amounts:
        if text and (value := parse_money(text)) is not None:
            con.execute(
                f"UPDATE {_REMOVAL_CANDIDATES} SET amount_vnd = ? WHERE amount_vnd IS NULL "
                f"AND _row_hash IN (SELECT {_QUARANTINED_ROW_HASH} FROM raw.quarantine "
                f"WHERE source = ? AND json_extract_string(record_json, '$.amount_vnd') = ?)",
                [value, source, text],
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
          AND _row_hash NOT IN (
            SELECT {_QUARANTINED_ROW_HASH} FROM raw.quarantine
            WHERE source = ? AND record_json IS NOT NULL
          )
        """,
        [source, sorted(gone), removed_at, source],
    )
    con.execute(f"DROP TABLE {_REMOVAL_CANDIDATES}")
    con.execute(
        f"DELETE FROM raw.removals WHERE source = ? AND _row_hash IN "
        f"(SELECT _row_hash FROM {table} WHERE _row_hash IS NOT NULL "
        f"UNION ALL SELECT {_QUARANTINED_ROW_HASH} FROM raw.quarantine WHERE source = ?)",
        [source, source],
    )


def _update_load_log(
    con: duckdb.DuckDBPyConnection, source: str, changes: dict[str, tuple[int, str | None]]
) -> None:
    """Set the duplicate counts, and the stats of unchanged files hashed again, of the files
    named (one statement for them all); a NULL stat keeps the one recorded."""
    if not changes:
        return
    names = list(changes)
    con.execute(
        """
        UPDATE raw.load_log AS log
        SET rows_duplicate = changed.rows_duplicate,
            file_stat = coalesce(changed.file_stat, log.file_stat)
        FROM (
          SELECT unnest(?::VARCHAR[]) AS name, unnest(?::INTEGER[]) AS rows_duplicate,
                 unnest(?::VARCHAR[]) AS file_stat
        ) AS changed
        WHERE log.source = ? AND log._source_file = changed.name
        """,
        [
            names,
            [changes[name][0] for name in names],
            [changes[name][1] for name in names],
            source,
        ],
    )


def _delete_file_rows(
    con: duckdb.DuckDBPyConnection, source: str, names: list[str], loaded: list[str]
) -> None:
    """Delete every row of the named files, all files in one statement per table (a year of
    daily files is hundreds of names). Only the `loaded` ones (in the load log) have rows in
    the source's table: a file's rows and its load log row are written in one transaction."""
    if not names:
        return
    if loaded:
        con.execute(
            f"DELETE FROM {RAW_TABLES[source].table} "
            "WHERE list_contains(?::VARCHAR[], _source_file)",
            [loaded],
        )
    for table, column in (
        ("raw.corrections", "target_file"),
        ("raw.quarantine", "_source_file"),
        ("raw.load_log", "_source_file"),
    ):
        con.execute(
            f"DELETE FROM {table} WHERE source = ? AND list_contains(?::VARCHAR[], {column})",
            [source, names],
        )


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
        "rows_quarantined, rows_duplicate, _loaded_at, reference_hash, file_stat) "
        "VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?, ?)",
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
                p.file_stat,
            ]
            for p in planned
        ],
    )


_DUPLICATE_GROUPS = "duplicate_groups"


def _hold_duplicate_groups(con: duckdb.DuckDBPyConnection, source: str, names: list[str]) -> None:
    """Before the rows of the named files (changed or gone) are deleted, keep their row hashes:
    copies of those rows in other files may stop or start being duplicates."""
    con.execute(f"CREATE OR REPLACE TEMP TABLE {_DUPLICATE_GROUPS} (_row_hash VARCHAR)")
    if names:
        con.execute(
            f"""
            INSERT INTO {_DUPLICATE_GROUPS}
            SELECT DISTINCT _row_hash FROM {RAW_TABLES[source].table}
            WHERE list_contains(?::VARCHAR[], _source_file)
            """,
            [names],
        )


def _flag_duplicates(
    con: duckdb.DuckDBPyConnection, source: str, loaded: list[str], loaded_at: datetime
) -> dict[str, int]:
    """Every copy of a row after the first (by file, sheet, row) is a duplicate; returns the
    duplicates of each file that has any.

    A row's flag depends only on the rows with its row hash, so only those groups are ranked
    again whose rows came or went in this load (the rows of the files loaded, and those held by
    _hold_duplicate_groups), with every group that holds a flag other than false (so every
    duplicate is among the rows ranked, and counted). Rows without a row hash are ranked too,
    as one group. A day's file then costs a probe of the row hashes, not a sort of the year."""
    table = RAW_TABLES[source].table
    # The loaded files' rows were all inserted at loaded_at: the time lets DuckDB skip the
    # row groups of earlier loads by their min/max, the file names keep it exact.
    con.execute(
        f"""
        INSERT INTO {_DUPLICATE_GROUPS}
        SELECT _row_hash FROM {table}
        WHERE _loaded_at = ?::TIMESTAMP AND list_contains(?::VARCHAR[], _source_file)
        UNION ALL
        SELECT _row_hash FROM {table} WHERE _is_duplicate IS DISTINCT FROM false
        """,
        [loaded_at, loaded],
    )
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE ranked_duplicates AS
        SELECT rowid AS rid, _source_file, _is_duplicate AS was_duplicate,
               row_number() OVER (
                 PARTITION BY _row_hash ORDER BY _source_file, _sheet, _row_number
               ) > 1 AS is_duplicate
        FROM {table}
        WHERE _row_hash IN (SELECT _row_hash FROM {_DUPLICATE_GROUPS}) OR _row_hash IS NULL
        """
    )
    con.execute(
        f"""
        UPDATE {table} AS t SET _is_duplicate = d.is_duplicate
        FROM ranked_duplicates AS d
        WHERE t.rowid = d.rid AND d.was_duplicate IS DISTINCT FROM d.is_duplicate
        """
    )
    duplicates = dict(
        con.execute(
            "SELECT _source_file, count(*) FROM ranked_duplicates WHERE is_duplicate "
            "GROUP BY _source_file"
        ).fetchall()
    )
    con.execute(f"DROP TABLE {_DUPLICATE_GROUPS}")
    con.execute("DROP TABLE ranked_duplicates")
    return duplicates


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
