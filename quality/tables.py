"""The tables of the warehouse's `quality` schema, where every gate run leaves its results."""

import duckdb

QUALITY_DDL = (
    "CREATE SCHEMA IF NOT EXISTS quality",
    """
    CREATE TABLE IF NOT EXISTS quality.gate_runs (
      run_id VARCHAR,
      year INTEGER,
      evaluated_at TIMESTAMP,
      data_hash VARCHAR,
      blocked BOOLEAN,
      rules_blocking_failed INTEGER,
      rules_warning_failed INTEGER,
      expectations_failed INTEGER,
      advance_cap DOUBLE
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS quality.rule_results (
      run_id VARCHAR,
      year INTEGER,
      rule_code VARCHAR,
      name_vi VARCHAR,
      name_en VARCHAR,
      explanation_vi VARCHAR,
      explanation_en VARCHAR,
      blocking BOOLEAN,
      violations INTEGER,
      vnd_at_stake BIGINT,
      passed BOOLEAN,
      error VARCHAR  -- why the rule could not be evaluated; NULL when it ran
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS quality.rule_violations (
      run_id VARCHAR,
      rule_code VARCHAR,
      contract_id VARCHAR,
      contract_line_id VARCHAR,
      item_id VARCHAR,
      payment_id VARCHAR,
      agency VARCHAR,
      vnd_at_stake BIGINT,
      detail_vi VARCHAR
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS quality.expectation_results (
      run_id VARCHAR,
      suite VARCHAR,
      expectation VARCHAR,
      column_name VARCHAR,
      success BOOLEAN,
      observed_value VARCHAR,
      unexpected_sample VARCHAR
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS quality.row_counts (
      run_id VARCHAR,
      year INTEGER,
      table_name VARCHAR,
      row_count BIGINT,
      counted_at TIMESTAMP
    )
    """,
)

# Tables that hold one run's rows, keyed by run_id: a re-run with the same id replaces them.
RUN_TABLES = (
    "quality.gate_runs",
    "quality.rule_results",
    "quality.rule_violations",
    "quality.expectation_results",
    "quality.row_counts",
)


def ensure_quality_tables(con: duckdb.DuckDBPyConnection) -> None:
    for statement in QUALITY_DDL:
        con.execute(statement)


def table_exists(con: duckdb.DuckDBPyConnection, qualified_name: str) -> bool:
    schema, name = qualified_name.split(".", 1)
    row = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_schema = ? AND table_name = ?",
        [schema, name],
    ).fetchone()
    return row[0] > 0


def table_columns(con: duckdb.DuckDBPyConnection, qualified_name: str) -> list[str]:
    schema, name = qualified_name.split(".", 1)
    rows = con.execute(
        "SELECT column_name FROM information_schema.columns"
        " WHERE table_schema = ? AND table_name = ? ORDER BY ordinal_position",
        [schema, name],
    ).fetchall()
    return [r[0] for r in rows]
