"""The money-completeness rules on small warehouses: each one broken, named and located, and
passing again once the cause is gone or confirmed."""

import dataclasses
import datetime as dt
import json

import duckdb
import pytest
from contract_tables import manifest_path
from gate_fixtures import Line, Payment, build_warehouse, clean_dataset

from quality.gate import format_gate_summary, run_gate, top_violations
from quality.rules import MONEY_RULES, RULES_BY_CODE, define_sql_helpers, find_violations
from reports.quality_page import render_quality_page

LOADED_AT = dt.datetime(2026, 1, 10, 9, 0)


def warehouse(tmp_path, data=None, *statements):
    path = build_warehouse(
        tmp_path / f"w{len(list(tmp_path.iterdir()))}.duckdb", data or clean_dataset()
    )
    with duckdb.connect(str(path)) as con:
        for statement, params in statements:
            con.execute(statement, params)
    return path


def violations(path, code, year=2025):
    with duckdb.connect(str(path)) as con:
        define_sql_helpers(con)
        return find_violations(con, RULES_BY_CODE[code], year)


def quarantine_row(source, file, row, column, value, record, reason="ngày không có thật"):
    return (
        "INSERT INTO raw.quarantine VALUES (?, ?, NULL, ?, ?, ?, 'impossible_date', 'x', ?, ?, "
        "'h', ?)",
        [source, file, row, column, value, reason, json.dumps(record), LOADED_AT],
    )


def test_money_rules_block_and_pass_the_clean_dataset(tmp_path):
    assert all(rule.blocking and rule.located for rule in MONEY_RULES)
    path = warehouse(tmp_path)
    for rule in MONEY_RULES:
        assert violations(path, rule.code) == [], rule.code


def test_a_quarantined_payment_names_file_row_value_and_vnd(tmp_path):
    record = {"payment_id": "UNC-77", "contract_id": "HD-01/2025", "paid_on": "31/09/2025",
              "amount_vnd": "81.550.000", "kind": "Thanh toán"}  # fmt: skip
    other_year = dict(record, contract_id="HD-09/2024", payment_id="UNC-78")
    path = warehouse(
        tmp_path,
        dataclasses.replace(
            clean_dataset(), lines=[*clean_dataset().lines, Line("HD-09/2024", year=2024)]
        ),
        quarantine_row("payments", "payments/chi.csv", 9, "Ngày chi", "31/09/2025", record),
        quarantine_row("payments", "payments/chi.csv", 10, "Ngày chi", "31/09/2024", other_year),
        quarantine_row("coverage", "coverage/tin.csv", 4, "Ngày đăng", "31/02/2025", {}),
    )
    rows = violations(path, "quarantined_money_row")
    assert len(rows) == 1
    contract, _, _, payment, agency, vnd, detail, file, sheet, row, value = rows[0]
    assert (contract, payment, agency, vnd) == ("HD-01/2025", "UNC-77", "Báo Hải Phòng", 81_550_000)
    assert (file, sheet, row, value) == ("payments/chi.csv", None, 9, "31/09/2025")
    assert "Ngày chi" in detail and "ngày không có thật" in detail
    assert len(violations(path, "quarantined_money_row", year=2024)) == 1


@pytest.mark.parametrize(
    "typed",
    ["HĐ-01/2025", "HD\u0335-01/2025", "HD-01\u200b/2025", "\ufeffHD-01/2025", "HD - 01/2025"],
)
def test_a_payment_to_a_look_alike_contract_id_is_blocked_naming_the_id(tmp_path, typed):
    data = dataclasses.replace(
        clean_dataset(), payments=[*clean_dataset().payments, Payment("C-050", typed, 52_000_000)]
    )
    rows = violations(warehouse(tmp_path, data), "payment_unknown_contract")
    assert len(rows) == 1
    contract, _, _, payment, agency, vnd, detail, file, _, row, value = rows[0]
    assert (payment, vnd, value, file, row) == ("C-050", 52_000_000, typed, "payments/chi.csv", 6)
    assert "giống hợp đồng «HD-01/2025» (Báo Hải Phòng)" in detail
    assert agency == "Báo Hải Phòng"


def test_case_and_spacing_are_the_same_id_and_an_unknown_one_resembles_nothing(tmp_path):
    same = [Payment("C-051", " hd-01/2025 ", 1_000), Payment("C-052", "HD-77/2025", 2_000)]
    data = dataclasses.replace(clean_dataset(), payments=[*clean_dataset().payments, *same])
    rows = violations(warehouse(tmp_path, data), "payment_unknown_contract")
    assert [(r[3], r[5]) for r in rows] == [("C-052", 2_000)]
    assert "giống" not in rows[0][6]


def test_look_alike_contract_numbers_in_the_contracts_list(tmp_path):
    lines = [*clean_dataset().lines, Line("HĐ-01/2025", 1, quantity=1, unit_price_vnd=3_000_000)]
    rows = violations(
        warehouse(tmp_path, dataclasses.replace(clean_dataset(), lines=lines)),
        "contract_id_lookalike",
    )
    assert len(rows) == 1
    assert rows[0][0] == "HĐ-01/2025" and rows[0][5] == 3_000_000
    assert "giống «HD-01/2025»" in rows[0][6]


def test_one_voucher_with_two_amounts_in_two_files_is_blocked(tmp_path):
    data = dataclasses.replace(
        clean_dataset(),
        payments=[*clean_dataset().payments, Payment("c-002 ", "HD-01/2025", 9_000_000)],
    )
    path = warehouse(
        tmp_path,
        data,
        ("UPDATE raw.payments SET _source_file = 'payments/b.csv' WHERE payment_id = 'c-002 '", []),
    )
    rows = violations(path, "voucher_repeated")
    assert len(rows) == 1
    contract, _, _, payment, agency, vnd, detail, file, _, row, _ = rows[0]
    assert (contract, agency, vnd, file) == (
        "HD-01/2025",
        "Báo Hải Phòng",
        9_000_000,
        "payments/chi.csv",
    )
    assert "2 lần với 2 số tiền khác nhau" in detail
    assert "10.000.000 ₫ (payments/b.csv" not in detail and "payments/b.csv dòng 6" in detail


def test_a_removed_file_blocks_until_a_review_confirms_it(tmp_path):
    removed = (
        "INSERT INTO raw.removals VALUES ('payments', 'payments/quy-4.xlsx', 'Quý 4', ?, ?, ?, "
        "?, 'oldhash', 'file_removed', ?)"
    )
    path = warehouse(
        tmp_path,
        None,
        (removed, [4, "UNC-90", 60_000_000, "r1", LOADED_AT]),
        (removed, [5, "UNC-91", 40_000_000, "r2", LOADED_AT]),
    )
    rows = violations(path, "money_file_removed")
    assert len(rows) == 1
    *_, vnd, detail, file, sheet, row, _ = rows[0]
    assert (vnd, file, sheet, row) == (100_000_000, "payments/quy-4.xlsx", "Quý 4", 4)
    assert "đã bị gỡ" in detail and "2 dòng, 100.000.000 ₫" in detail and "UNC-90, UNC-91" in detail
    with duckdb.connect(str(path)) as con:
        con.execute(
            "INSERT INTO raw.reviews (action, source_file, reviewer, reviewed_on, _source_file, "
            "_row_number, _is_duplicate) VALUES ('confirm_removal', 'payments\\quy-4.xlsx', "
            "'Lan', DATE '2026-01-12', 'reviews/r.csv', 2, false)"
        )
    assert violations(path, "money_file_removed") == []


def test_an_unapplied_money_correction_blocks_naming_the_review_row(tmp_path):
    path = warehouse(
        tmp_path,
        None,
        (
            "INSERT INTO raw.corrections VALUES ('payments', 'payments/chi.csv', NULL, 9, "
            "'Ngày chi', NULL, '30/09/2025', 'row_not_found', 'x', 'không có dòng này', "
            "'reviews/r.csv', NULL, 3, 'Lan', DATE '2025-10-02', NULL, ?)",
            [LOADED_AT],
        ),
        (
            "INSERT INTO raw.corrections VALUES ('coverage', 'coverage/t.csv', NULL, 9, "
            "'Tiêu đề', NULL, 'x', 'row_not_found', 'x', 'y', 'reviews/r.csv', NULL, 4, 'Lan', "
            "DATE '2025-10-02', NULL, ?)",
            [LOADED_AT],
        ),
    )
    rows = violations(path, "correction_not_applied")
    assert len(rows) == 1
    *_, detail, file, _, row, value = rows[0]
    assert (file, row, value) == ("reviews/r.csv", 3, "30/09/2025")
    assert "payments/chi.csv dòng 9" in detail and "không có dòng này" in detail


def test_console_names_each_blocked_case_up_to_twenty_and_says_how_many_more(tmp_path):
    overpaid = dataclasses.replace(
        clean_dataset(),
        payments=[*clean_dataset().payments, Payment("C-099", "HD-01/2025", 50_000_000)],
    )
    record = {"payment_id": "UNC", "contract_id": "HD-02/2025", "amount_vnd": "1.000.000"}
    quarantined = [
        quarantine_row("payments", "payments/chi.csv", 10 + i, "Ngày chi", "31/09/2025", record)
        for i in range(23)
    ]
    path = warehouse(tmp_path, overpaid, *quarantined)
    with duckdb.connect(str(path)) as con:
        result = run_gate(con, 2025, run_id="r", manifest=manifest_path())
        text = format_gate_summary(result, top_violations(con, "r"))
        page = render_quality_page(con, 2025, "r")
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if "paid_above_contract" in line)
    assert "hợp đồng / contract HD-01/2025, Báo Hải Phòng, 44.000.000\u00a0₫" in lines[start + 1]
    start = next(i for i, line in enumerate(lines) if "quarantined_money_row" in line)
    listed = lines[start + 1 : start + 21]
    assert all(
        "Đài PT-TH Hải Phòng" in line and "[payments/chi.csv, dòng" in line for line in listed
    )
    assert lines[start + 21].strip().startswith("… và 3 trường hợp khác / and 3 more")
    assert "quality page" in lines[start + 21]
    assert "Tệp, trang tính, dòng" in page and "payments/chi.csv, dòng 32" in page


@pytest.mark.parametrize(
    ("paid_on", "why"),
    [("2099-03-15", "sau ngày 31/12/2026"), ("2025-01-05", "trước ngày ký hợp đồng 20/01/2025")],
)
def test_a_payment_dated_outside_its_contract_time_is_blocked(tmp_path, paid_on, why):
    # A one-row payments file dated 2099 is its own "dominant year": the loader's window
    # cannot see it, the gate must.
    late = Payment("C-060", "HD-01/2025", 7_000_000, paid_on=paid_on)
    data = dataclasses.replace(clean_dataset(), payments=[*clean_dataset().payments, late])
    rows = violations(warehouse(tmp_path, data), "payment_date_outside_contract")
    assert len(rows) == 1
    contract, _, _, payment, agency, vnd, detail, file, _, row, _ = rows[0]
    assert (contract, payment, agency, vnd) == ("HD-01/2025", "C-060", "Báo Hải Phòng", 7_000_000)
    assert why in detail and file == "payments/chi.csv"


def test_a_settlement_paid_in_the_next_year_is_in_time(tmp_path):
    settled = Payment("C-061", "HD-01/2025", 7_000_000, paid_on="2026-12-31")
    data = dataclasses.replace(clean_dataset(), payments=[*clean_dataset().payments, settled])
    assert violations(warehouse(tmp_path, data), "payment_date_outside_contract") == []
