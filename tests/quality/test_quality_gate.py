"""run_gate end to end on small warehouses: what it decides, stores and publishes."""

import dataclasses
import hashlib
import json

import duckdb
import pytest
from contract_tables import manifest_path
from gate_fixtures import (
    Item,
    Payment,
    build_warehouse,
    clean_dataset,
    large_dataset,
    rule_outcome,
)

from orchestration.runtime import outputs
from quality.expectations import with_contract_columns
from quality.gate import format_gate_summary, load_gate_result, run_gate
from quality.rules import RULES
from quality.suites import row_count_floor
from reports.quality_page import render_quality_page


def overpaid_dataset():
    data = clean_dataset()
    # HD-01/2025 is worth 21,000,000 and had 15,000,000 disbursed; 50,000,000 more is paid.
    return dataclasses.replace(
        data, payments=[*data.payments, Payment("C-099", "HD-01/2025", 50_000_000)]
    )


def gate(path, run_id, out_dir, **kwargs):
    """Run the gate, then publish its quality page in out_dir as the quality asset does."""
    with duckdb.connect(str(path)) as con:
        result = run_gate(con, 2025, run_id=run_id, manifest=manifest_path(), **kwargs)
        page = render_quality_page(con, 2025, run_id)
    outputs.write_atomically(out_dir / "index.html", page)
    return result


@pytest.fixture(scope="module")
def clean_run(tmp_path_factory):
    """(warehouse, result) of one gate run on the clean dataset, shared by read-only tests."""
    folder = tmp_path_factory.mktemp("clean")
    path = build_warehouse(folder / "w.duckdb", clean_dataset())
    return path, gate(path, "run-1", folder / "quality")


@pytest.fixture(scope="module")
def overpaid_run(tmp_path_factory):
    folder = tmp_path_factory.mktemp("overpaid")
    path = build_warehouse(folder / "w.duckdb", overpaid_dataset())
    return path, gate(path, "run-1", folder / "quality")


def test_clean_warehouse_passes_and_everything_is_stored(clean_run):
    path, result = clean_run
    assert not result.blocked
    assert result.blocking_failures == []
    assert [rule.code for rule in result.warnings] == ["delivered_not_accepted"]
    assert result.expectations_failed == 0
    assert len(result.expectations) > 200
    with duckdb.connect(str(path), read_only=True) as con:
        run = con.execute(
            "SELECT year, blocked, rules_blocking_failed, rules_warning_failed,"
            " expectations_failed, advance_cap FROM quality.gate_runs WHERE run_id = 'run-1'"
        ).fetchall()
        assert run == [(2025, False, 0, 1, 0, 0.30)]
        stored = con.execute(
            "SELECT count(*), count(*) FILTER (WHERE passed) FROM quality.rule_results"
            " WHERE run_id = 'run-1'"
        ).fetchone()
        assert stored == (len(RULES), len(RULES) - 1)
        suites = con.execute(
            "SELECT count(DISTINCT suite) FROM quality.expectation_results WHERE run_id = 'run-1'"
        ).fetchone()[0]
        assert suites == 27  # 9 raw tables and 18 marts
        counts = dict(
            con.execute(
                "SELECT table_name, row_count FROM quality.row_counts WHERE run_id = 'run-1'"
            ).fetchall()
        )
        assert counts["marts.fct_coverage"] == 10
        assert counts["raw.contracts"] == 3
    with duckdb.connect(str(path), read_only=True) as con:
        page = render_quality_page(con, 2025)
    assert "run-1" in page and "Đạt: mọi quy tắc chặn đều được đáp ứng" in page


def test_blocking_rule_blocks_with_exact_counts(overpaid_run):
    path, result = overpaid_run
    assert result.blocked
    assert [r.code for r in result.blocking_failures] == [
        "paid_above_contract",
        "payment_without_acceptance",
    ]
    with duckdb.connect(str(path), read_only=True) as con:
        # Disbursed 65,000,000 on 21,000,000; paid 60,000,000 on 19,000,000 accepted.
        assert rule_outcome(con, "run-1", "paid_above_contract") == (1, 44_000_000)
        assert rule_outcome(con, "run-1", "payment_without_acceptance") == (1, 41_000_000)
        violations = con.execute(
            "SELECT contract_id, vnd_at_stake FROM quality.rule_violations"
            " WHERE run_id = 'run-1' AND rule_code = 'paid_above_contract'"
        ).fetchall()
        assert violations == [("HD-01/2025", 44_000_000)]
        assert con.execute("SELECT blocked FROM quality.gate_runs").fetchone() == (True,)


def test_summary_lists_each_broken_rule_with_count_and_vnd(overpaid_run, clean_run):
    summary = format_gate_summary(overpaid_run[1])
    lines = summary.splitlines()
    assert "BỊ CHẶN / BLOCKED" in lines[0]
    block = next(line for line in lines if "paid_above_contract" in line)
    assert "[CHẶN / BLOCK]" in block and "Chi vượt giá trị hợp đồng" in block
    assert "1 vi phạm / violations, 44.000.000\u00a0₫" in block
    warn = next(line for line in lines if "delivered_not_accepted" in line)
    assert "[CẢNH BÁO / WARN]" in warn and "1.000.000\u00a0₫" in warn
    assert "advance_above_share" not in summary  # rules that hold are not listed

    assert "ĐẠT / PASSED" in format_gate_summary(clean_run[1])


def test_stored_run_reads_back_as_the_same_result(overpaid_run):
    path, result = overpaid_run
    with duckdb.connect(str(path), read_only=True) as con:
        stored = load_gate_result(con, 2025)
        assert load_gate_result(con, 2024) is None
    assert stored.run_id == "run-1" and stored.blocked
    assert stored.rules == result.rules
    assert stored.expectations_failed == result.expectations_failed


def test_a_rerun_with_the_same_id_replaces_its_rows(tmp_path):
    path = build_warehouse(tmp_path / "w.duckdb", overpaid_dataset())
    tables = ("gate_runs", "rule_results", "rule_violations", "expectation_results", "row_counts")

    def stored_rows():
        with duckdb.connect(str(path), read_only=True) as con:
            return [
                con.execute(f"SELECT count(*) FROM quality.{t} WHERE run_id = 'run-1'").fetchone()
                for t in tables
            ]

    gate(path, "run-1", tmp_path / "quality")
    once = stored_rows()
    gate(path, "run-1", tmp_path / "quality")
    assert stored_rows() == once
    assert once[0] == (1,) and once[2] == (3,)  # one run; 2 blocking and 1 warning violation


def test_advance_cap_is_an_argument(tmp_path):
    path = build_warehouse(tmp_path / "w.duckdb", clean_dataset())
    result = gate(path, "run-1", tmp_path / "quality", advance_cap=0.20)
    rule = next(r for r in result.rules if r.code == "advance_above_share")
    assert (rule.violations, rule.vnd_at_stake) == (2, 10_800_000)
    assert not result.blocked  # a warning only
    with duckdb.connect(str(path), read_only=True) as con:
        assert con.execute("SELECT advance_cap FROM quality.gate_runs").fetchone() == (0.20,)


def test_a_rule_that_cannot_run_blocks(tmp_path):
    path = build_warehouse(tmp_path / "w.duckdb", clean_dataset())
    with duckdb.connect(str(path)) as con:
        con.execute("DROP TABLE marts.mart_budget")
    result = gate(path, "run-1", tmp_path / "quality")
    assert result.blocked
    broken = {r.code: r for r in result.blocking_failures}
    assert "paid_above_contract" in broken
    assert "mart_budget" in broken["paid_above_contract"].error
    missing = [o for o in result.expectations if o.expectation == "expect_table_to_exist"]
    assert [(o.suite, o.success) for o in missing] == [("marts.mart_budget", False)]
    assert "could not run" in format_gate_summary(result)


def test_failed_expectations_keep_observed_values_and_samples(tmp_path):
    data = clean_dataset()
    data.items[0].channel = "fax"
    data.items[1].views = -5
    path = build_warehouse(tmp_path / "w.duckdb", data)
    result = gate(path, "run-1", tmp_path / "quality")
    assert not result.blocked  # expectations never block
    with duckdb.connect(str(path), read_only=True) as con:
        rows = con.execute(
            "SELECT suite, column_name, observed_value, unexpected_sample"
            " FROM quality.expectation_results WHERE run_id = 'run-1' AND NOT success"
            " ORDER BY suite, column_name"
        ).fetchall()
    failed = {(suite, column): (observed, sample) for suite, column, observed, sample in rows}
    observed, sample = failed[("raw.coverage", "channel")]
    assert observed == "1 / 10 dòng không đạt"
    assert json.loads(sample) == [
        {"_source_file": "coverage/tin-bai.csv", "_row_number": 2, "channel": "fax"}
    ]
    assert ("marts.fct_coverage", "views") in failed
    assert ("raw.coverage", "views") in failed
    assert result.expectations_failed == len(rows) == 4


def test_row_counts_are_compared_with_the_last_good_run(tmp_path):
    data = clean_dataset()
    data.items += [Item(f"org{i}", None, agency="Báo Nhân Dân") for i in range(10)]
    path = build_warehouse(tmp_path / "w.duckdb", data)
    out = tmp_path / "quality"

    def shrink_check(result):
        return next(
            o
            for o in result.expectations
            if o.suite == "marts.fct_coverage"
            and o.expectation == "expect_table_row_count_to_be_between"
        )

    assert shrink_check(gate(path, "run-1", out)).success  # 20 items, no earlier run
    with duckdb.connect(str(path)) as con:
        con.execute("DELETE FROM marts.fct_coverage WHERE item_id LIKE 'org%'")  # 20 -> 10
        con.execute("UPDATE marts.mart_budget SET total_disbursed_vnd = 10 * contract_value_vnd")
    blocked = gate(path, "run-2", out)
    assert blocked.blocked and shrink_check(blocked).success  # exactly half is allowed
    with duckdb.connect(str(path)) as con:
        con.execute("DELETE FROM marts.fct_coverage WHERE item_id = 'a0'")  # 9 of 20
        con.execute("UPDATE marts.mart_budget SET total_disbursed_vnd = 0")
    third = gate(path, "run-3", out)
    # Compared with run-1 (20 rows): the blocked run-2 is not a good run.
    assert not third.blocked
    check = shrink_check(third)
    assert not check.success and "9" in check.observed_value
    # Once a good run has 9 rows, 9 is the new baseline.
    assert shrink_check(gate(path, "run-4", out)).success


def test_row_count_floor_is_half_rounded_up():
    assert row_count_floor(None) is None
    assert row_count_floor(0) is None
    assert row_count_floor(4) == 2
    assert row_count_floor(3) == 2
    assert row_count_floor(15_000) == 7_500


def test_data_hash_is_sha256_of_the_sorted_file_hashes(clean_run):
    path, result = clean_run
    with duckdb.connect(str(path), read_only=True) as con:
        hashes = sorted(h for (h,) in con.execute("SELECT _file_hash FROM raw.load_log").fetchall())
    expected = hashlib.sha256("".join(h + "\n" for h in hashes).encode()).hexdigest()
    assert result.data_hash == expected


def test_quality_page_is_offline_vietnamese_and_escapes_data(tmp_path):
    data = overpaid_dataset()
    hostile = "<script>alert('x')</script> & Co"
    for record in (*data.lines[:2], *data.payments[:2], data.payments[-1]):
        record.agency = hostile
    path = build_warehouse(tmp_path / "w.duckdb", data)
    result = gate(path, "run-<1>", tmp_path / "quality", advance_cap=0.25)
    page = (tmp_path / "quality" / "index.html").read_text(encoding="utf-8")
    assert result.run_id == "run-<1>"
    assert '<html lang="vi">' in page
    assert "Bị chặn" in page and "Chi vượt giá trị hợp đồng" in page
    assert "44.000.000\u00a0₫" in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; Co" in page
    assert "<script" not in page and "run-<1>" not in page
    for external in ("http://", "https://", "<link", "src=", "@import"):
        assert external not in page
    assert "Dữ liệu minh họa" not in page


def test_demo_data_says_so_on_the_page(tmp_path):
    path = build_warehouse(tmp_path / "w.duckdb", dataclasses.replace(clean_dataset(), demo=True))
    gate(path, "run-1", tmp_path / "quality")
    assert "Dữ liệu minh họa" in (tmp_path / "quality" / "index.html").read_text()


@pytest.mark.slow
def test_gate_on_15000_items_counts_every_unaccepted_item(tmp_path):
    """Great Expectations and the rules on a demo-sized warehouse (timed: bench/gate_bench.py)."""
    path = build_warehouse(tmp_path / "w.duckdb", large_dataset())
    result = gate(path, "run-1", tmp_path / "quality")
    assert not result.blocked
    rule = next(r for r in result.rules if r.code == "delivered_not_accepted")
    assert (rule.violations, rule.vnd_at_stake) == (2_250, 9_000_000_000)


def test_large_tables_are_read_in_the_columns_their_checks_need(tmp_path, monkeypatch):
    import quality.suites

    data = clean_dataset()
    data.items[0].channel = "fax"
    path = build_warehouse(tmp_path / "w.duckdb", data)
    with duckdb.connect(str(path)) as con:
        con.execute("ALTER TABLE marts.fct_coverage DROP COLUMN summary")
        specs = with_contract_columns(manifest_path())
        full, _ = quality.suites.run_suites(con, {}, specs)
        monkeypatch.setattr(quality.suites, "FULL_LOAD_MAX_ROWS", 3)
        subset, _ = quality.suites.run_suites(con, {}, specs)
    assert len(full) == len(subset) and set(full) == set(subset)
    failed = {(o.suite, o.expectation, o.column_name) for o in subset if not o.success}
    assert failed == {
        ("raw.coverage", "expect_column_values_to_be_in_set", "channel"),
        ("marts.fct_coverage", "expect_column_values_to_be_in_set", "channel"),
        ("marts.fct_coverage", "expect_table_columns_to_match_set", None),
    }
    schema = next(
        o
        for o in subset
        if o.expectation == "expect_table_columns_to_match_set" and o.suite == "marts.fct_coverage"
    )
    assert "summary" in schema.unexpected_sample
