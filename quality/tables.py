"""The tables of the warehouse's `quality` schema, where every gate run leaves its results."""

import duckdb

from ingestion.schemas import CORRECTIONS_DDL, QUARANTINE_DDL, RAW_TABLES, REMOVALS_DDL

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
      detail_vi VARCHAR,
      source_file VARCHAR,  -- where an inbox row behind the violation is (money rules)
      source_sheet VARCHAR,
      source_row INTEGER,
      source_value VARCHAR
    )
    """,
    # Warehouses from before the location columns gain them (appended, in this order).
    "ALTER TABLE quality.rule_violations ADD COLUMN IF NOT EXISTS source_file VARCHAR",
    "ALTER TABLE quality.rule_violations ADD COLUMN IF NOT EXISTS source_sheet VARCHAR",
    "ALTER TABLE quality.rule_violations ADD COLUMN IF NOT EXISTS source_row INTEGER",
    "ALTER TABLE quality.rule_violations ADD COLUMN IF NOT EXISTS source_value VARCHAR",
    # What the quality page shows of each rule beside its result (appended, in this order).
    "ALTER TABLE quality.rule_results ADD COLUMN IF NOT EXISTS vnd_definition_vi VARCHAR",
    "ALTER TABLE quality.rule_results ADD COLUMN IF NOT EXISTS rule_order INTEGER",
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
    CREATE TABLE IF NOT EXISTS quality.suite_keys (
      run_id VARCHAR,
      suite VARCHAR,
      suite_key VARCHAR  -- quality.suites.suite_key: equal keys, equal outcomes
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
    "quality.suite_keys",
)


def ensure_quality_tables(con: duckdb.DuckDBPyConnection) -> None:
    for statement in QUALITY_DDL:
        con.execute(statement)
    # The money rules read the load's own records; a warehouse loaded before they existed (or
    # built without a load) has none, which is what an empty table says.
    con.execute("CREATE SCHEMA IF NOT EXISTS raw")
    for statement in (QUARANTINE_DDL, CORRECTIONS_DDL, REMOVALS_DDL):
        con.execute(statement)
    for table in RAW_TABLES.values():
        con.execute(table.ddl())


def table_columns(con: duckdb.DuckDBPyConnection, qualified_name: str) -> list[str]:
    schema, name = qualified_name.split(".", 1)
    rows = con.execute(
        "SELECT column_name FROM information_schema.columns"
        " WHERE table_schema = ? AND table_name = ? ORDER BY ordinal_position",
        [schema, name],
    ).fetchall()
    return [r[0] for r in rows]
