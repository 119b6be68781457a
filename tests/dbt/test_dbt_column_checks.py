"""The column checks of a model (not_null, unique, not_negative, accepted_values, relationships)
are one dbt test per model and severity (tests/generic/column_checks.sql): a failing one still
names the model, and its rows name the column, the check, the value and how many rows carry it;
an error stops the build of what depends on the model, as the separate tests did."""

import datetime as dt
import json
from pathlib import Path

import duckdb
import pytest
import yaml
from dbt_testkit import create_raw_schema, insert_rows, run_dbt, warehouse_in

from orchestration.assets.dbt import failing_rows
from orchestration.runtime.paths import DBT_PROJECT_DIR

CONTRACT = {
    "agency": "Báo Hải Phòng",
    "start_date": "2025-02-01",
    "end_date": "2025-11-30",
    "deliverable_type": "article",
    "channel": "online",
    "theme_area": 2,
    "quantity": 4,
    "unit_price_vnd": 4_000_000,
    "amount_vnd": 16_000_000,
}


@pytest.fixture(scope="module")
def broken_build(tmp_path_factory) -> tuple[Path, Path, dict]:
    """A build of a warehouse whose contracts list has two lines without a contract number and
    one line on a channel nobody knows."""
    workdir = tmp_path_factory.mktemp("dbt-column-checks")
    warehouse = warehouse_in(workdir)
    with duckdb.connect(str(warehouse)) as con:
        create_raw_schema(con)
        insert_rows(
            con,
            "contracts",
            [
                {**CONTRACT, "contract_id": None},
                {**CONTRACT, "contract_id": None, "theme_area": 3},
                {**CONTRACT, "contract_id": "HĐ-02/2025", "channel": "fax"},
            ],
        )
    result = run_dbt(warehouse, workdir, "build", "--exclude", "resource_type:unit_test")
    results = json.loads((workdir / "target" / "run_results.json").read_text())["results"]
    statuses = {r["unique_id"].split(".")[2]: (r["status"], r["failures"]) for r in results}
    assert result.returncode != 0, "a failing error-severity check must fail the build"
    return warehouse, workdir / "target", statuses


@pytest.mark.pipeline_runs(0.1)
def test_a_failing_check_names_the_model_and_counts_the_rows(broken_build):
    _, _, statuses = broken_build
    assert statuses["stg_inbox__contracts__column_checks"] == ("fail", 2)
    assert statuses["stg_inbox__contracts__column_warnings"] == ("warn", 1)
    # What reads the model is not built on it, as with dbt's own not_null test.
    assert statuses["int_contract_lines"][0] == "skipped"
    assert statuses["stg_inbox__payments__column_checks"] == ("pass", 0)


@pytest.mark.pipeline_runs(0.1)
def test_the_failing_rows_name_the_column_the_check_and_the_value(broken_build):
    warehouse, target, _ = broken_build
    lines = failing_rows(target, str(warehouse))
    assert sorted(lines) == [
        "stg_inbox__contracts__column_checks (fail): column_name='contract_id', "
        "failed_check='not_null', failing_value=None, failing_rows=2",
        "stg_inbox__contracts__column_warnings (warn): column_name='channel', "
        "failed_check='accepted_values', failing_value='fax', failing_rows=1",
    ]
    # A later command's results only: an older run_results.json says nothing about this run.
    later = (target / "run_results.json").stat().st_mtime + 1
    assert failing_rows(target, str(warehouse), since=later) == []


@pytest.fixture(scope="module")
def payment_on_unknown_contract(tmp_path_factory) -> tuple[Path, Path, dict, int]:
    """The payments mart built for a contracts list without the contract a payment names."""
    workdir = tmp_path_factory.mktemp("dbt-relationships")
    warehouse = warehouse_in(workdir)
    with duckdb.connect(str(warehouse)) as con:
        create_raw_schema(con)
        insert_rows(con, "contracts", [{**CONTRACT, "contract_id": "HĐ-01/2025"}])
        payment = {"paid_on": dt.date(2025, 3, 3), "amount_vnd": 4_000_000, "kind": "payment"}
        insert_rows(
            con,
            "payments",
            [
                {**payment, "payment_id": "UNC-01", "contract_id": "HĐ-01/2025"},
                {**payment, "payment_id": "UNC-02", "contract_id": "HĐ-99/2025"},
            ],
        )
    result = run_dbt(
        warehouse,
        workdir,
        "build",
        "--select",
        "+fct_payment",
        "+dim_contract",
        "--indirect-selection",
        "cautious",
        "--exclude",
        "resource_type:unit_test",
    )
    results = json.loads((workdir / "target" / "run_results.json").read_text())["results"]
    statuses = {r["unique_id"].split(".")[2]: (r["status"], r["failures"]) for r in results}
    return warehouse, workdir / "target", statuses, result.returncode


@pytest.mark.pipeline_runs(0.3)
def test_a_value_missing_from_the_referenced_model_is_named(payment_on_unknown_contract):
    """fct_payment.contract_id must be a dim_contract contract (a warning): the folded
    relationships check finds the payment on an unknown contract, as dbt's own test did."""
    warehouse, target, statuses, returncode = payment_on_unknown_contract
    assert returncode == 0, "a warning does not fail the build"
    assert statuses["fct_payment__column_warnings"] == ("warn", 1)
    assert statuses["fct_payment__column_checks"] == ("pass", 0)
    assert failing_rows(target, str(warehouse)) == [
        "fct_payment__column_warnings (warn): column_name='contract_id', "
        "failed_check='relationships', failing_value='HĐ-99/2025', failing_rows=1",
    ]


def test_column_value_tests_are_folded_per_model_and_severity():
    """No model or seed states a plain not_null / unique / not_negative / accepted_values /
    relationships test on a column, or a unique_combination test, any more (each would be a
    node of its own); each model has at most one column_checks test per severity."""
    plain = {"not_null", "unique", "not_negative", "accepted_values", "relationships"}
    left = []
    files = [*DBT_PROJECT_DIR.glob("models/**/*.yml"), *DBT_PROJECT_DIR.glob("seeds/*.yml")]
    for path in sorted(files):
        document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for node in document.get("models", []) + document.get("seeds", []):
            left += [
                f"{node['name']}: unique_combination"
                for test in node.get("data_tests", [])
                if isinstance(test, dict) and "unique_combination" in test
            ]
            severities = [
                (test["column_checks"].get("config") or {}).get("severity", "error")
                for test in node.get("data_tests", [])
                if isinstance(test, dict) and "column_checks" in test
            ]
            assert len(severities) == len(set(severities)), node["name"]
            for column in node.get("columns", []):
                for test in column.get("data_tests", []):
                    kind = test if isinstance(test, str) else next(iter(test))
                    if kind in plain:
                        left.append(f"{node['name']}.{column['name']}: {kind}")
    assert left == []
