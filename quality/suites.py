"""Great Expectations suites over the warehouse's raw and mart tables.

Tables are read from DuckDB into pandas DataFrames and validated in an ephemeral GX context with
a pandas datasource (GX's own SQL datasource does not work with this DuckDB). Each table gets two
batches: an empty frame with every column for the schema check, and the rows themselves for the
value checks, reduced to the columns those checks read when the table is large.
"""

import contextlib
import datetime as dt
import functools
import hashlib
import importlib.metadata
import json
import math
import os
import sys
import threading
from dataclasses import dataclass

import duckdb

from quality.expectations import TableExpectations

# Above this many rows a table is loaded with only the columns its expectations read.
FULL_LOAD_MAX_ROWS = 200_000
# A table that shrinks below this share of its size at the last good gate run fails its check.
MIN_SHARE_OF_LAST_GOOD_COUNT = 0.5
SAMPLE_SIZE = 5


@dataclass(frozen=True)
class ExpectationOutcome:
    suite: str  # the table, schema.table
    expectation: str  # the GX expectation type, e.g. expect_column_values_to_be_unique
    column_name: str | None
    success: bool
    observed_value: str
    unexpected_sample: str | None  # JSON list of the first unexpected rows (key columns)


def row_count_floor(last_good_count: int | None) -> int | None:
    """The fewest rows a table may have now: half its count at the last good run, rounded up."""
    if not last_good_count:
        return None
    return math.ceil(last_good_count * MIN_SHARE_OF_LAST_GOOD_COUNT)


def suite_key(
    con: duckdb.DuckDBPyConnection,
    spec: TableExpectations,
    floor: int | None,
    columns: list[tuple[str, str]] | None = None,
):
    """What a table's suite outcomes are a function of: the suite itself, whether the table
    reaches its row-count floor, the table's columns and its rows in order, and the GX release.
    None when the table is missing (its outcome is not a validation). `columns` is the table's
    entry of table_schemas when the caller has it."""
    if columns is None:
        columns = table_schemas(con, [spec.table]).get(spec.table)
    if not columns:
        return None
    # Every row hashed with its place and the hashes summed exactly: a changed, added, removed
    # or moved row changes the sum. One parallel scan, with nothing concatenated.
    count, rows = con.execute(
        f"SELECT count(*), coalesce(sum(hash(t, rowid)::HUGEINT), 0)::VARCHAR"
        f" FROM {spec.table} AS t"
    ).fetchone()
    # The floor changes no outcome but the row-count check's verdict, which this keeps.
    enough_rows = count >= max(spec.min_rows, floor or 0)
    settings = (FULL_LOAD_MAX_ROWS, SAMPLE_SIZE, _gx_version())
    text = repr((spec, enough_rows, settings, columns, count, rows))
    return hashlib.sha256(text.encode()).hexdigest()


def table_schemas(
    con: duckdb.DuckDBPyConnection, tables: list[str]
) -> dict[str, list[tuple[str, str]]]:
    """schema.table -> its (column, type) in order, for those of `tables` that exist: one
    catalog query for all of them (DuckDB's catalog views cost milliseconds a query)."""
    if not tables:
        return {}
    rows = con.execute(
        "SELECT table_schema || '.' || table_name, column_name, data_type"
        " FROM information_schema.columns"
        " WHERE table_schema || '.' || table_name IN (SELECT unnest(?::VARCHAR[]))"
        " ORDER BY table_schema, table_name, ordinal_position",
        [list(tables)],
    ).fetchall()
    schemas: dict[str, list[tuple[str, str]]] = {}
    for table, column, kind in rows:
        schemas.setdefault(table, []).append((column, kind))
    return schemas


# A thread importing Great Expectations ahead of the gate (import_in_background), if one started.
_gx_import: threading.Thread | None = None


def import_in_background() -> None:
    """Start importing Great Expectations (seconds of CPU) in a thread of this process, for a
    caller that knows the suites will run after work done in another process, such as dbt
    building the models: the import then runs on the core dbt leaves idle. run_suites waits
    for it; an import that fails there is simply done again by run_suites, which reports it."""
    global _gx_import
    if _gx_import is not None or "great_expectations" in sys.modules:
        return
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
    _gx_import = threading.Thread(target=_import_gx, name="gx-import", daemon=True)
    _gx_import.start()


def _import_gx() -> None:
    with contextlib.suppress(Exception):
        import great_expectations.expectations  # noqa: F401


@functools.cache
def _gx_version() -> str:
    return importlib.metadata.version("great_expectations")


def run_suites(
    con: duckdb.DuckDBPyConnection,
    last_good_counts: dict[str, int],
    specs: tuple[TableExpectations, ...],
) -> tuple[list[ExpectationOutcome], dict[str, int]]:
    """Validate every table in `specs` (the marts' columns filled in from their contracts:
    expectations.with_contract_columns); returns the outcomes and each table's row count now."""
    unresolved = [spec.table for spec in specs if not spec.columns]
    if unresolved:
        raise ValueError(f"no columns for {', '.join(unresolved)}: see with_contract_columns")
    gx, whole_table = _gx_batch_definition()
    schemas = table_schemas(con, [spec.table for spec in specs])
    outcomes: list[ExpectationOutcome] = []
    counts: dict[str, int] = {}
    for spec in specs:
        if spec.table not in schemas:
            outcomes.append(
                ExpectationOutcome(
                    spec.table, "expect_table_to_exist", None, False, "bảng không tồn tại", None
                )
            )
            continue
        # fetchall: a result left unfinished would refuse _frame's query on this connection.
        ((count,),) = con.execute(f"SELECT count(*) FROM {spec.table}").fetchall()
        counts[spec.table] = count
        floor = row_count_floor(last_good_counts.get(spec.table))
        actual = [column for column, _ in schemas[spec.table]]
        outcomes += _validate_table(gx, whole_table, con, spec, actual, count, floor)
    return outcomes, counts


def _gx_batch_definition():
    """Great Expectations and a batch definition for one gate run's validations: an ephemeral
    context with one dataframe asset, each validation passing its own frame. Made per run, not
    once a process: GX's execution engine holds the last frame it validated, which may be a
    million-row table, for as long as the context lives."""
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
    if _gx_import is not None:
        _gx_import.join()  # one thread imports GX's modules at a time
    # GX takes seconds to import; only a gate run needs it, not loading the Dagster definitions.
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig
    from great_expectations.execution_engine import pandas_execution_engine

    # GX fingerprints every in-memory batch below this size by hashing all its rows, twice per
    # validation (a marker in the result's metadata, which the gate never reads): at a million
    # rows that costs more than the checks themselves. GX offers no option for it, only this
    # module constant; tests/quality/test_suite_reuse.py fails if a GX release stops reading it.
    pandas_execution_engine.HASH_THRESHOLD = 0

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    tables = context.data_sources.add_pandas("warehouse").add_dataframe_asset(name="table")
    return gx, tables.add_batch_definition_whole_dataframe("whole table")


def _validate_table(
    gx, whole_table, con, spec: TableExpectations, actual: list[str], count: int, floor: int | None
):
    """The outcomes of `spec` on its table, whose columns are `actual` and rows `count`."""
    import great_expectations.expectations as gxe

    schema = gxe.ExpectTableColumnsToMatchSet(
        column_set=list(spec.columns), exact_match=spec.exact_columns
    )
    values = _value_expectations(gxe, spec, floor)
    everything = ", ".join(f'"{c}"' for c in actual)
    if count <= FULL_LOAD_MAX_ROWS:
        runs = [(f"SELECT {everything} FROM {spec.table}", [schema, *values])]
    else:
        # A large table is read only in the columns its checks need; its schema is checked on
        # an empty frame that has every column.
        needed = ", ".join(f'"{c}"' for c in spec.referenced_columns() if c in actual)
        runs = [
            (f"SELECT {everything} FROM {spec.table} LIMIT 0", [schema]),
            (f"SELECT {needed or 'NULL AS no_column'} FROM {spec.table}", values),
        ]

    key = [c for c in spec.key if c in actual]
    with_samples = {"result_format": "SUMMARY", "partial_unexpected_count": SAMPLE_SIZE}
    if key:
        with_samples["unexpected_index_column_names"] = key

    outcomes = []
    for query, expectations in runs:
        frame = _frame(con, query, key)
        batch = whole_table.get_batch(batch_parameters={"dataframe": frame})
        # Given whole to the suite: adding expectations one by one compares each with every
        # one added before (seconds a gate run). _value_expectations makes no two alike.
        suite = gx.ExpectationSuite(name=spec.table, expectations=expectations)
        # Counts first: the samples' extra metrics (the failing rows, by key) cost GX about as
        # much as the checks themselves, and only a failed expectation shows them. When one
        # fails, the same batch is validated again with samples, so every outcome is what a
        # validation with samples gives.
        results = batch.validate(suite, result_format={"result_format": "BASIC"}).results
        if not all(result.success for result in results):
            results = batch.validate(suite, result_format=with_samples).results
        outcomes += [_outcome(spec.table, result) for result in results]
    return outcomes


def _frame(con: duckdb.DuckDBPyConnection, query: str, keys: list[str]):
    """The rows of `query` as a pandas DataFrame, with DuckDB's values in the dtypes GX
    validates fastest.

    Read through Arrow: a third of the CPU of DuckDB's own .df() at a million rows. GX compares
    a column with a range column-wise only in int64, float64 and datetime64[ns], and calls
    Python once per value in any other dtype (seconds a million rows). So integers are int64,
    or with NULLs float64 when every value is exact as a float (nullable integers when not, and
    in key columns, which samples show); dates and times are datetime64[ns] unless one lies
    outside its years (1677-2262). A column of any other type is read by .df() as before."""
    import pandas as pd
    import pyarrow as pa
    import pyarrow.compute as pc

    table = con.sql(query).to_arrow_table()
    if not all(_arrow_read(column.type) for column in table.columns):
        return con.execute(query).df()
    columns = {}
    for name, column in zip(table.column_names, table.columns, strict=True):
        kind = column.type
        if pa.types.is_integer(kind):
            bounds = pc.min_max(column)
            low, high = bounds["min"].as_py(), bounds["max"].as_py()
            exact = low is None or (low >= -_FLOAT_EXACT and high <= _FLOAT_EXACT)
            if column.null_count == 0 and exact:
                columns[name] = column.to_pandas().astype("int64")
            elif column.null_count and exact and name not in keys:
                columns[name] = column.to_pandas().astype("float64")
            else:
                columns[name] = column.to_pandas(types_mapper=_nullable_integer)
        elif pa.types.is_boolean(kind) and column.null_count:
            columns[name] = column.to_pandas(types_mapper={kind: pd.BooleanDtype()}.get)
        elif pa.types.is_date(kind) or pa.types.is_timestamp(kind):
            series = column.to_pandas(date_as_object=False)
            with contextlib.suppress(OverflowError, ValueError, pd.errors.OutOfBoundsDatetime):
                series = series.astype("datetime64[ns]")
            columns[name] = series
        else:
            columns[name] = column.to_pandas()
    return pd.DataFrame(columns, index=pd.RangeIndex(table.num_rows))


_FLOAT_EXACT = 2**53  # integers up to this size are exact as float64


def _arrow_read(kind) -> bool:
    """Arrow types _frame converts itself."""
    import pyarrow as pa

    return (
        pa.types.is_integer(kind)
        or pa.types.is_floating(kind)
        or pa.types.is_boolean(kind)
        or pa.types.is_string(kind)
        or pa.types.is_large_string(kind)
        or pa.types.is_string_view(kind)
        or pa.types.is_date(kind)
        or (pa.types.is_timestamp(kind) and kind.tz is None)
        or pa.types.is_null(kind)
    )


def _nullable_integer(kind):
    import pandas as pd
    import pyarrow as pa

    return pd.Int64Dtype() if pa.types.is_integer(kind) else None


def _value_expectations(gxe, spec: TableExpectations, floor: int | None) -> list:
    """The value checks of `spec`, no two alike: a column or pair named twice in one list is
    checked once, as a GX suite keeps one of equal expectations."""
    expectations = [gxe.ExpectTableRowCountToBeBetween(min_value=max(spec.min_rows, floor or 0))]
    expectations += [gxe.ExpectColumnValuesToNotBeNull(column=c) for c in _once(spec.not_null)]
    expectations += [gxe.ExpectColumnValuesToBeUnique(column=c) for c in _once(spec.unique)]
    if spec.unique_together:
        expectations.append(
            gxe.ExpectCompoundColumnsToBeUnique(column_list=list(spec.unique_together))
        )
    for column, (low, high) in spec.between.items():
        expectations.append(
            gxe.ExpectColumnValuesToBeBetween(column=column, min_value=low, max_value=high)
        )
    for column, values in spec.in_set.items():
        expectations.append(gxe.ExpectColumnValuesToBeInSet(column=column, value_set=list(values)))
    for later, earlier in _once(spec.ordered):
        expectations.append(
            gxe.ExpectColumnPairValuesAToBeGreaterThanB(
                column_A=later,
                column_B=earlier,
                or_equal=True,
                ignore_row_if="either_value_is_missing",
            )
        )
    return expectations


def _once(items):
    return list(dict.fromkeys(items))


def _outcome(suite: str, result) -> ExpectationOutcome:
    config = result.expectation_config
    kwargs = config.kwargs
    column = kwargs.get("column")
    if column is None and "column_list" in kwargs:
        column = ", ".join(kwargs["column_list"])
    if column is None and "column_A" in kwargs:
        column = f"{kwargs['column_A']} ≥ {kwargs['column_B']}"
    details = result.result or {}
    sample = None
    error = (result.exception_info or {}).get("exception_message")
    if error is None:
        # Failed metrics report their exception nested one level down, keyed by metric id.
        for info in (result.exception_info or {}).values():
            if isinstance(info, dict) and info.get("raised_exception"):
                error = info.get("exception_message")
                break
    if error:
        observed = f"lỗi: {error}"
    elif "unexpected_count" in details:
        observed = (
            f"{details['unexpected_count']} / {details.get('element_count', '?')} dòng không đạt"
        )
        rows = details.get("partial_unexpected_index_list") or details.get(
            "partial_unexpected_list"
        )
        if rows:
            sample = json.dumps(rows[:SAMPLE_SIZE], ensure_ascii=False, default=_json_value)
    else:
        observed = json.dumps(
            details.get("observed_value"), ensure_ascii=False, default=_json_value
        )
        if not result.success and isinstance(details.get("details"), dict):
            mismatched = details["details"].get("mismatched")
            if mismatched:
                sample = json.dumps(mismatched, ensure_ascii=False, default=_json_value)
    return ExpectationOutcome(
        suite=suite,
        expectation=config.type,
        column_name=column,
        success=bool(result.success),
        observed_value=observed,
        unexpected_sample=sample,
    )


def _json_value(value):
    """JSON for the numpy, pandas and date values GX puts in its results."""
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if hasattr(value, "item"):
        try:
            return value.item()
        except (ValueError, TypeError):
            pass
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)
