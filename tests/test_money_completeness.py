"""Money completeness through the command line: an inbox either settles with exactly the money
in its files, or exits 3 naming the file and row, and writes no settlement workbook.

The scenarios share one blocked run and one run after the analyst's reviews
(money_scenarios.py); each test reads its own rows of their consoles and warehouses."""

from pathlib import Path

import duckdb
from money_inbox import SETTLED_CONTRACT, SETTLED_PAYMENTS, file_total
from money_scenarios import DATE_CONTRACT, DATE_PAYMENTS, REMOVED, console


def disbursed(build: Path, contract: str) -> int:
    with duckdb.connect(str(build / "warehouse.duckdb"), read_only=True) as con:
        query = "SELECT sum(total_disbursed_vnd) FROM marts.mart_budget WHERE contract_id = ?"
        return con.execute(query, [contract]).fetchone()[0]


def workbooks(build: Path) -> list[Path]:
    return list((build / "settlement" / "2025").glob("*.xlsx"))


def output(run: dict) -> str:
    return (run["stdout"] + run["stderr"])[-4000:]


def test_an_impossible_payment_date_blocks_until_a_review_corrects_it(money_scenarios):
    blocked, resolved = money_scenarios
    run = console(blocked)
    assert run["exit"] == 3, output(run)
    line = next(x for x in run["stdout"].splitlines() if "• " in x and "UNC-32" in x)
    assert f"[{DATE_PAYMENTS}, dòng 3]" in line and "31/09/2025" in line, output(run)
    assert "12.000.000" in line and "Báo Hải Phòng" in line
    assert workbooks(blocked) == []

    # Corrected by the first row of reviews/duyet.csv.
    run = console(resolved)
    assert run["exit"] == 0, output(run)
    assert workbooks(resolved)
    payments = resolved / "inbox" / DATE_PAYMENTS
    assert disbursed(resolved, DATE_CONTRACT[0]) == file_total(payments) == 16_000_000
    with duckdb.connect(str(resolved / "warehouse.duckdb"), read_only=True) as con:
        lineage = con.execute(
            "SELECT payment_id, paid_on::VARCHAR, corrected_by_review FROM marts.fct_payment "
            "WHERE corrected_by_review IS NOT NULL"
        ).fetchall()
    assert lineage == [("UNC-32", "2025-09-30", "reviews/duyet.csv#2")]


def test_a_removed_payments_file_blocks_until_the_removal_is_confirmed(
    small_inbox_build, money_scenarios
):
    """Goes on from the session's run of the small inbox, which loaded and settled the money of
    two payments files (money_inbox.SETTLED_PAYMENTS) with the rest of the inbox."""
    blocked, resolved = money_scenarios
    contract = SETTLED_CONTRACT[0]
    first, second = (small_inbox_build / "inbox" / name for name in SETTLED_PAYMENTS)
    assert workbooks(small_inbox_build)
    assert disbursed(small_inbox_build, contract) == file_total(first, second) == 16_000_000

    assert not (blocked / "inbox" / REMOVED).exists()
    run = console(blocked)
    assert run["exit"] == 3, output(run)
    line = next(x for x in run["stdout"].splitlines() if "• " in x and "quy-3.csv" in x)
    assert "1 dòng, 12.000.000" in line and "UNC-2" in line and "dòng 2" in line, line
    assert workbooks(blocked) == []  # the earlier run's workbook is withdrawn

    # The removal is confirmed in reviews/duyet.csv.
    run = console(resolved)
    assert run["exit"] == 0, output(run)
    assert disbursed(resolved, contract) == file_total(first)


def test_look_alike_ids_repeated_vouchers_and_overpayment_are_named(money_scenarios):
    blocked = money_scenarios.blocked
    run = console(blocked)
    assert run["exit"] == 3, output(run)
    lines = run["stdout"].splitlines()

    def case(rule: str, *words: str) -> str:
        start = next(i for i, x in enumerate(lines) if f"] {rule} —" in x)
        listed = [x for x in lines[start + 1 :] if x.startswith("      ")]
        return next(x for x in listed if all(w in x for w in words))

    unknown = case("payment_unknown_contract", "UNC-52")
    assert "giống hợp đồng «HĐ-05/2025» (Báo Hải Phòng)" in unknown
    assert "[payments/chung-tu.csv, dòng 3]" in unknown and "52.000.000" in unknown
    repeated = case("voucher_repeated", "unc-51")
    assert "2 số tiền khác nhau" in repeated and "payments/chung-tu.csv dòng 2" in repeated
    overpaid = case("paid_above_contract", "HĐ-06/2025")
    assert "Báo Nhân Dân" in overpaid and "2.000.000" in overpaid
    assert workbooks(blocked) == []

    check = console(blocked, "check")
    assert check["exit"] == 3
    assert overpaid.strip() in check["stdout"]
