"""The quality gate on the demo inbox, through the real ingestion and the real dbt marts.

The demo passes every blocking rule and trips each warning it was written to show, its marts
meet every expectation, and the settlement workbook agrees with the marts. The pipeline pieces
run here as plain functions and the dbt CLI; the last tests read a whole `mediacoop demo` run
once the Dagster wiring of dbt exists.
"""

import importlib.util
import os
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import openpyxl
import pytest

from ingestion import SOURCES
from ingestion.demo import write_demo_inbox
from ingestion.load import load_inbox_meta, load_source
from orchestration.paths import DBT_PROJECT_DIR
from quality.gate import load_gate_result, run_gate
from reports.settlement_workbook import write_settlement_workbook

pytestmark = pytest.mark.slow
YEAR = 2025
DBT = Path(sys.executable).parent / "dbt"


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The demo inbox loaded, the marts built by dbt, the gate run and the workbook written."""
    folder = tmp_path_factory.mktemp("demo-pipeline")
    summary = write_demo_inbox(folder / "inbox", seed=2025)
    warehouse = folder / "warehouse.duckdb"
    with duckdb.connect(str(warehouse)) as con:
        for source in SOURCES:
            load_source(con, source, folder / "inbox")
        load_inbox_meta(con, folder / "inbox")
    dbt = subprocess.run(
        [
            str(DBT),
            "build",
            "--project-dir",
            str(DBT_PROJECT_DIR),
            "--profiles-dir",
            str(DBT_PROJECT_DIR),
            "--target-path",
            str(folder / "target"),
            "--log-path",
            str(folder / "logs"),
        ],  # fmt: skip
        env={**os.environ, "MEDIACOOP_WAREHOUSE": str(warehouse), "DO_NOT_TRACK": "1"},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert dbt.returncode == 0, dbt.stdout[-4000:]
    with duckdb.connect(str(warehouse)) as con:
        started = time.monotonic()
        result = run_gate(con, YEAR, run_id="demo-1", out_dir=folder / "quality")
        seconds = time.monotonic() - started
        workbook = write_settlement_workbook(
            con, YEAR, folder / "settlement" / f"quyet-toan-{YEAR}.xlsx", "demo-1"
        )
        contracts = {}
        for code, contract in con.execute(
            "SELECT rule_code, contract_id FROM quality.rule_violations WHERE run_id = 'demo-1'"
        ).fetchall():
            contracts.setdefault(code, set()).add(contract)
    return {
        "summary": summary,
        "warehouse": warehouse,
        "result": result,
        "seconds": seconds,
        "workbook": workbook,
        "contracts": contracts,
    }


def test_the_demo_passes_every_blocking_rule(demo):
    result = demo["result"]
    assert not result.blocked, [(r.code, r.violations, r.error) for r in result.blocking_failures]
    assert all(rule.error is None for rule in result.rules)


def test_the_demo_trips_the_warnings_it_was_written_for(demo):
    summary, contracts = demo["summary"], demo["contracts"]
    rules = {rule.code: rule for rule in demo["result"].rules}
    for code in ("payment_after_liquidation", "contract_without_delivery", "advance_above_share"):
        assert contracts.get(code) == set(summary[code]), code
    assert rules["claimed_by_two_contracts"].violations == summary["claimed_by_two_contracts"]
    assert rules["published_outside_period"].violations == summary["outside_period_items"]
    assert rules["delivered_not_accepted"].violations == summary["unaccepted_in_period_items"]
    # Every accepted item carries its line's area among its tags: no false off-theme warning.
    assert rules["accepted_off_theme"].violations == 0


def test_the_demo_marts_meet_every_expectation(demo):
    result = demo["result"]
    failed = [
        (o.suite, o.expectation, o.column_name, o.observed_value)
        for o in result.expectations
        if not o.success
    ]
    assert failed == []
    assert len({o.suite for o in result.expectations}) == 24


def test_the_gate_takes_seconds_on_the_demo(demo):
    with duckdb.connect(str(demo["warehouse"]), read_only=True) as con:
        (items,) = con.execute("SELECT count(*) FROM marts.fct_coverage").fetchone()
    assert items > 10_000
    assert demo["seconds"] < 30, f"run_gate took {demo['seconds']:.1f}s on {items} items"


def test_the_demo_workbook_agrees_with_the_marts(demo):
    book = openpyxl.load_workbook(demo["workbook"], data_only=True)
    cover = {r[0]: r[1] for r in book["Thông tin"].iter_rows(values_only=True) if r[0]}
    assert cover["Mã lần kiểm tra chất lượng"] == "demo-1"
    assert cover["Mã băm dữ liệu (SHA-256)"] == demo["result"].data_hash
    assert cover["Tỉnh/thành phố"] == "Hải Phòng"
    assert book["Thông tin"]["A2"].value == "Dữ liệu minh họa"
    summary = book["Tổng hợp"]
    header = next(r for r in summary.iter_rows(values_only=True) if r[0] == "STT")
    rows = [r for r in summary.iter_rows(values_only=True) if isinstance(r[0], int)]
    totals = next(r for r in summary.iter_rows(values_only=True) if r[1] == "Tổng cộng")
    columns = {
        "Giá trị hợp đồng (₫)": "contract_value_vnd",
        "Giá trị nghiệm thu (₫)": "accepted_value_vnd",
        "Đã tạm ứng (₫)": "advanced_vnd",
        "Đã thanh toán (₫)": "paid_vnd",
        "Còn phải thanh toán (₫)": "payable_vnd",
        "Chi vượt nghiệm thu, phải thu hồi (₫)": "over_disbursed_vnd",
    }
    with duckdb.connect(str(demo["warehouse"]), read_only=True) as con:
        (contracts,) = con.execute(
            "SELECT count(*) FROM marts.mart_budget WHERE year = ?", [YEAR]
        ).fetchone()
        for header_name, column in columns.items():
            (expected,) = con.execute(
                f"SELECT sum({column}) FROM marts.mart_budget WHERE year = ?", [YEAR]
            ).fetchone()
            assert totals[header.index(header_name)] == expected, header_name
        (accepted,) = con.execute(
            "SELECT count(*) FROM marts.fct_coverage f JOIN marts.dim_contract c"
            " ON c.contract_line_id = f.matched_contract_line_id WHERE f.is_accepted"
        ).fetchone()
    assert len(rows) == contracts
    evidence = [r for r in book["Minh chứng"].iter_rows(min_row=5, values_only=True) if r[0]]
    assert len(evidence) == accepted


CLI_RUN_MISSING = importlib.util.find_spec("orchestration.assets.dbt") is None


@pytest.mark.skipif(CLI_RUN_MISSING, reason="orchestration/assets/dbt.py is not written yet")
def test_a_mediacoop_demo_run_publishes_the_gate_and_the_workbook(demo_build):
    with duckdb.connect(str(demo_build / "warehouse.duckdb"), read_only=True) as con:
        result = load_gate_result(con, YEAR)
    assert result is not None and not result.blocked
    page = (demo_build / "quality" / str(YEAR) / "index.html").read_text(encoding="utf-8")
    assert "Dữ liệu minh họa" in page and "Đạt: mọi quy tắc chặn" in page
    workbook = demo_build / "settlement" / str(YEAR) / f"quyet-toan-{YEAR}.xlsx"
    cover = openpyxl.load_workbook(workbook, data_only=True)["Thông tin"]
    facts = {r[0]: r[1] for r in cover.iter_rows(values_only=True) if r[0]}
    assert facts["Mã lần kiểm tra chất lượng"] == result.run_id
