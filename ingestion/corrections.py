"""Corrections from reviews/: the analyst's new value for one cell of an inbox file.

A `correct_value` review names a file, sheet, row and column and the value the cell should
hold. It is applied to the rows read from that file, before validation, so the new value goes
through the column's own parser and checks; the file itself is never edited. Every correction
is recorded in raw.corrections with what became of it (applied, or why not), and a loaded row
that a correction changed names the review rows in its `_corrected_by` lineage column.

The corrections of a file are part of what its load depends on (see `fingerprint`): a review
added, changed or removed makes the file load again even when its bytes did not change.
"""

import hashlib
import json
from dataclasses import asdict, dataclass
from datetime import date, datetime

import duckdb
import polars as pl

from ingestion.normalise import header_key, label_key
from ingestion.readers import (
    ISSUE_CODE,
    ISSUE_COLUMN,
    ISSUE_VALUE,
    ROW_NUMBER,
    SHEET,
    RawRows,
    match_header,
)
from ingestion.validate import Validated
from ingestion.vocabulary import CORRECTION_PROBLEMS

CORRECTED_BY = "_corrected_by"


@dataclass(frozen=True)
class Correction:
    target_file: str
    target_sheet: str | None
    target_row: int
    column_name: str
    new_value: str
    review_file: str
    review_sheet: str | None
    review_row: int
    reviewer: str
    reviewed_on: date
    note: str | None

    @property
    def review_ref(self) -> str:
        """How a corrected row names its review: reviews/duyet.csv#3."""
        return f"{self.review_file}#{self.review_row}"


@dataclass
class Outcome:
    correction: Correction
    status: str  # applied, or a key of vocabulary.CORRECTION_PROBLEMS
    old_value: str | None = None
    reason_en: str | None = None
    reason_vi: str | None = None
    column: str | None = None  # the canonical column it changed
    key: tuple[str | None, int] | None = None  # (sheet, row) of the row it changed


def target_name(text: str) -> str:
    """A file as reviews name it, in the inbox's form: payments/chung-tu.xlsx."""
    return text.strip().replace("\\", "/").lstrip("./")


def corrections_for(con: duckdb.DuckDBPyConnection, source: str) -> dict[str, list[Correction]]:
    """{target file: its corrections} of one source, oldest decision first (a later one of
    the same cell wins)."""
    rows = con.execute(
        """
        SELECT source_file, sheet, row_number, column_name, new_value, _source_file, _sheet,
               _row_number, reviewer, reviewed_on, note
        FROM raw.reviews
        WHERE action = 'correct_value' AND NOT coalesce(_is_duplicate, false)
        ORDER BY reviewed_on, _source_file, _sheet NULLS FIRST, _row_number
        """
    ).fetchall()
    found: dict[str, list[Correction]] = {}
    for target, sheet, row, column, value, *review in rows:
        name = target_name(target)
        if name.split("/", 1)[0] != source:
            continue
        found.setdefault(name, []).append(
            Correction(name, sheet or None, int(row), column, value, *review)
        )
    return found


def fingerprint(reference_hash: str, corrections: list[Correction]) -> str:
    """What a file's load depends on besides its bytes: the agencies list (reference_hash)
    and the file's corrections. Without corrections it is reference_hash unchanged, so files
    loaded before corrections existed are not loaded again."""
    if not corrections:
        return reference_hash
    payload = json.dumps([reference_hash, [asdict(c) for c in corrections]], default=str)
    return hashlib.sha256(payload.encode()).hexdigest()


def _problem(outcome: Outcome, status: str, detail_en: str = "", detail_vi: str = "") -> Outcome:
    en, vi = CORRECTION_PROBLEMS[status]
    outcome.status = status
    outcome.reason_en = f"{en}; {detail_en}" if detail_en else en
    detail_vi = detail_vi or detail_en
    outcome.reason_vi = f"{vi}; {detail_vi}" if detail_vi else vi
    return outcome


def _column(raw: RawRows, source: str, name: str) -> str | None:
    """The canonical column a review names: its label as typed in the file, or any label
    or canonical name of the source's columns — as long as the file has that column."""
    key = header_key(name)
    for column, label in raw.labels.items():
        if header_key(label) == key:
            return column
    matched = match_header([name], source)
    column = next(iter(matched), None)
    return column if column in raw.labels else None


def apply(raw: RawRows, source: str, corrections: list[Correction]) -> tuple[RawRows, list]:
    """The file's rows with the corrections applied, and one Outcome per correction (the
    applied ones are checked again after validation, see `settle`)."""
    frame = raw.frame
    outcomes: list[Outcome] = []
    for correction in corrections:
        outcome = Outcome(correction, "applied")
        outcomes.append(outcome)
        column = _column(raw, source, correction.column_name)
        if column is None:
            _problem(outcome, "column_unknown", repr(correction.column_name))
            continue
        at_row = pl.col(ROW_NUMBER) == correction.target_row
        if correction.target_sheet:
            wanted = label_key(correction.target_sheet)
            at_row &= pl.col(SHEET).map_elements(label_key, return_dtype=pl.String) == wanted
        hits = frame.filter(at_row)
        if hits.height != 1:
            where_en, where_vi = f"row {correction.target_row}", f"dòng {correction.target_row}"
            if correction.target_sheet:
                where_en += f", sheet {correction.target_sheet!r}"
                where_vi += f", trang tính {correction.target_sheet!r}"
            _problem(outcome, "row_not_found", where_en, where_vi)
            continue
        outcome.old_value = hits[column].item()
        label = raw.labels[column]
        # A problem the reader flagged in the corrected cell is what the correction answers.
        clears = at_row & (pl.col(ISSUE_COLUMN) == label)
        frame = frame.with_columns(
            pl.when(at_row)
            .then(pl.lit(correction.new_value))
            .otherwise(pl.col(column))
            .alias(column),
            *(
                pl.when(clears).then(None).otherwise(pl.col(c)).alias(c)
                for c in (ISSUE_CODE, ISSUE_COLUMN, ISSUE_VALUE)
            ),
        )
        outcome.column, outcome.key = column, (hits[SHEET].item(), correction.target_row)
    raw.frame = frame
    return raw, outcomes


def settle(validated: Validated, raw: RawRows, outcomes: list[Outcome]) -> Validated:
    """After validation: a corrected cell that still fails is `value_invalid`; the loaded
    rows that corrections changed carry the review rows in `_corrected_by`."""
    failed = {
        (sheet, row, column): (en, vi)
        for sheet, row, column, en, vi in validated.quarantine.select(
            SHEET, ROW_NUMBER, "column_name", "reason_en", "reason_vi"
        ).iter_rows()
    }
    refs: dict[tuple[str | None, int], list[str]] = {}
    for outcome in outcomes:
        if outcome.status != "applied":
            continue
        sheet, row = outcome.key
        label = raw.labels[outcome.column]
        if (sheet, row, label) in failed:
            en, vi = failed[(sheet, row, label)]
            value = repr(outcome.correction.new_value)
            _problem(outcome, "value_invalid", f"{value}: {en}", f"{value}: {vi}")
            continue
        refs.setdefault((sheet, row), []).append(outcome.correction.review_ref)
    rows = validated.rows
    if refs:
        lineage = pl.DataFrame(
            [{SHEET: s, ROW_NUMBER: r, CORRECTED_BY: "; ".join(v)} for (s, r), v in refs.items()],
            schema={SHEET: pl.String, ROW_NUMBER: rows.schema[ROW_NUMBER], CORRECTED_BY: pl.String},
        )
        rows = rows.join(lineage, on=[SHEET, ROW_NUMBER], how="left", nulls_equal=True)
    else:
        rows = rows.with_columns(pl.lit(None, pl.String).alias(CORRECTED_BY))
    return Validated(rows, validated.quarantine)


def not_found(corrections: list[Correction]) -> list[Outcome]:
    return [_problem(Outcome(c, "applied"), "file_not_found") for c in corrections]


def record(
    con: duckdb.DuckDBPyConnection, source: str, outcomes: list[Outcome], loaded_at: datetime
) -> None:
    if not outcomes:
        return
    con.executemany(
        "INSERT INTO raw.corrections VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            [
                source,
                o.correction.target_file,
                o.correction.target_sheet,
                o.correction.target_row,
                o.correction.column_name,
                o.old_value,
                o.correction.new_value,
                o.status,
                o.reason_en,
                o.reason_vi,
                o.correction.review_file,
                o.correction.review_sheet,
                o.correction.review_row,
                o.correction.reviewer,
                o.correction.reviewed_on,
                o.correction.note,
                loaded_at,
            ]
            for o in outcomes
        ],
    )
