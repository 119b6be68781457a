"""Money completeness through the command line: an inbox either settles with exactly the money
in its files, or exits 3 naming the file and row, and writes no settlement workbook."""

from pathlib import Path

import duckdb
import pytest
import session_cache
from money_inbox import (
    PAYMENT_HEADER,
    REVIEW_HEADER,
    SETTLED_PAYMENTS,
    file_total,
    write,
    write_inbox,
)
from pipeline_run import run_mediacoop
from small_inbox import HTML_ONLY


def disbursed(build: Path) -> int:
    with duckdb.connect(str(build / "warehouse.duckdb"), read_only=True) as con:
        return con.execute("SELECT sum(total_disbursed_vnd) FROM marts.mart_budget").fetchone()[0]


def workbooks(build: Path) -> list[Path]:
    return list((build / "settlement" / "2025").glob("*.xlsx"))


def run(build: Path, inbox: Path):
    """A run that renders the reports in HTML only: these tests read the console, the
    warehouse and the settlement folder."""
    result = run_mediacoop(build, "run", "--inbox", str(inbox), "--year", "2025", **HTML_ONLY)
    return result, result.stdout + result.stderr


@pytest.mark.pipeline_runs(2)
def test_an_impossible_payment_date_blocks_until_a_review_corrects_it(tmp_path):
    inbox, build = tmp_path / "inbox", tmp_path / "build"
    write_inbox(inbox, [("HĐ-01/2025", "Báo Hải Phòng", 4)])
    payments = write(
        inbox / "payments" / "chung-tu.csv",
        [PAYMENT_HEADER,
         ["UNC-1", "HĐ-01/2025", "15/03/2025", "4.000.000", "Tạm ứng"],
         ["UNC-2", "HĐ-01/2025", "31/09/2025", "12.000.000", "Thanh toán"]],
    )  # fmt: skip

    result, output = run(build, inbox)
    assert result.returncode == 3, output[-4000:]
    line = next(x for x in result.stdout.splitlines() if "• " in x and "UNC-2" in x)
    assert "[payments/chung-tu.csv, dòng 3]" in line and "31/09/2025" in line, output[-4000:]
    assert "12.000.000" in line and "Báo Hải Phòng" in line
    assert workbooks(build) == []

    write(
        inbox / "reviews" / "duyet.csv",
        [REVIEW_HEADER, ["Sửa giá trị", "payments/chung-tu.csv", "", "3", "Ngày chi",
                         "30/09/2025", "Nguyễn Thị Lan", "02/10/2025", "tháng 9 có 30 ngày"]],
    )  # fmt: skip
    result, output = run(build, inbox)
    assert result.returncode == 0, output[-4000:]
    assert workbooks(build)
    assert disbursed(build) == file_total(payments) == 16_000_000
    with duckdb.connect(str(build / "warehouse.duckdb"), read_only=True) as con:
        lineage = con.execute(
            "SELECT payment_id, paid_on::VARCHAR, corrected_by_review FROM marts.fct_payment "
            "WHERE corrected_by_review IS NOT NULL"
        ).fetchall()
    assert lineage == [("UNC-2", "2025-09-30", "reviews/duyet.csv#2")]


@pytest.mark.pipeline_runs(2)
def test_a_removed_payments_file_blocks_until_the_removal_is_confirmed(small_inbox_build, tmp_path):
    """Goes on from the session's run of the small inbox, which loaded and settled the money of
    two payments files (money_inbox.SETTLED_PAYMENTS) with the rest of the inbox."""
    build = session_cache.copy_build(small_inbox_build, tmp_path / "build")
    inbox = build / "inbox"
    first, second = (inbox / name for name in SETTLED_PAYMENTS)
    assert workbooks(build)
    assert disbursed(build) == file_total(first, second) == 16_000_000

    second.unlink()
    result, output = run(build, inbox)
    assert result.returncode == 3, output[-4000:]
    line = next(x for x in result.stdout.splitlines() if "• " in x and "quy-3.csv" in x)
    assert "1 dòng, 12.000.000" in line and "UNC-2" in line and "dòng 2" in line, line
    assert workbooks(build) == []  # the earlier run's workbook is withdrawn

    write(
        inbox / "reviews" / "duyet.csv",
        [REVIEW_HEADER, ["Xác nhận gỡ tệp", "payments/quy-3.csv", "", "", "", "",
                         "Nguyễn Thị Lan", "05/10/2025", "chứng từ lập nhầm, đã hủy"]],
    )  # fmt: skip
    result, output = run(build, inbox)
    assert result.returncode == 0, output[-4000:]
    assert disbursed(build) == file_total(first)


@pytest.mark.pipeline_runs(1.5)
def test_look_alike_ids_repeated_vouchers_and_overpayment_are_named(tmp_path):
    inbox, build = tmp_path / "inbox", tmp_path / "build"
    write_inbox(inbox, [("HĐ-01/2025", "Báo Hải Phòng", 4), ("HĐ-02/2025", "Báo Nhân Dân", 2)])
    write(
        inbox / "payments" / "chung-tu.csv",
        [PAYMENT_HEADER,
         ["UNC-1", "HĐ-01/2025", "15/03/2025", "4.000.000", "Tạm ứng"],
         ["UNC-2", "HD-01/2025", "20/03/2025", "52.000.000", "Thanh toán"],
         ["UNC-3", "HĐ-02/2025", "20/04/2025", "10.000.000", "Tạm ứng"]],
    )  # fmt: skip
    write(
        inbox / "payments" / "bo-sung.csv",
        [PAYMENT_HEADER, ["unc-1 ", "HĐ-01/2025", "16/03/2025", "5.000.000", "Tạm ứng"]],
    )
    result, output = run(build, inbox)
    assert result.returncode == 3, output[-4000:]
    lines = result.stdout.splitlines()

    def case(rule: str, *words: str) -> str:
        start = next(i for i, x in enumerate(lines) if f"] {rule} —" in x)
        listed = [x for x in lines[start + 1 :] if x.startswith("      ")]
        return next(x for x in listed if all(w in x for w in words))

    unknown = case("payment_unknown_contract", "UNC-2")
    assert "giống hợp đồng «HĐ-01/2025» (Báo Hải Phòng)" in unknown
    assert "[payments/chung-tu.csv, dòng 3]" in unknown and "52.000.000" in unknown
    repeated = case("voucher_repeated", "unc-1")
    assert "2 số tiền khác nhau" in repeated and "payments/chung-tu.csv dòng 2" in repeated
    overpaid = case("paid_above_contract", "HĐ-02/2025")
    assert "Báo Nhân Dân" in overpaid and "2.000.000" in overpaid
    assert workbooks(build) == []

    check = run_mediacoop(build, "check", "--year", "2025")
    assert check.returncode == 3
    assert overpaid.strip() in check.stdout
