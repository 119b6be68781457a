"""The year before, beside the report year: the executive summary's "Năm <year-1>" column, the
scorecards' previous year and each plan year against the index editions that can reflect it,
all read back against the marts (computed here straight from them, not through the report's
own queries). The last test reads the demo build, which holds the plan years 2024 and 2025.
"""

import duckdb
import pytest
from report_helpers import PROVINCE, YEAR, mart_figures
from sample_warehouse import build_sample_warehouse

from ingestion import formatting as fmt
from reports import markdown as md
from reports import year_over_year as yoy
from reports.scorecard import AgencyScorecard
from reports.year_end import YearEndReport


def table_row(text: str, first_cell: str) -> list[str]:
    """The cells of the Markdown table row that starts with `first_cell` (as escaped)."""
    start = f"| {md.escape(first_cell)} |"
    rows = [line for line in text.splitlines() if line.startswith(start)]
    assert len(rows) == 1, (first_cell, text)
    return [cell.strip() for cell in rows[0].strip("|").split(" | ")]


def rows_starting(text: str, *cells: str) -> list[list[str]]:
    start = "| " + " | ".join(md.escape(c) for c in cells) + " |"
    return [
        [cell.strip() for cell in line.strip("|").split(" | ")]
        for line in text.splitlines()
        if line.startswith(start)
    ]


def test_the_executive_summary_puts_last_year_from_the_marts_beside_this_year(warehouse):
    summary = YearEndReport.load(warehouse.path, YEAR, PROVINCE).executive_summary()
    before, now = mart_figures(warehouse.path, YEAR - 1), mart_figures(warehouse.path, YEAR)
    assert before["items"] and before["items"] != now["items"]
    assert f"Năm {YEAR - 1}" in summary
    cells = table_row(summary, "Kinh phí hợp đồng đã ký")
    assert cells[1:] == [
        md.escape(fmt.vnd_short(now["contract_value"])),
        md.escape(fmt.vnd_short(before["contract_value"])),
    ]
    cells = table_row(summary, "Tỷ lệ nghiệm thu so với đặt hàng")
    assert cells[2] == md.escape(fmt.percent(before["delivery"]))
    with duckdb.connect(str(warehouse.path), read_only=True) as con:
        disbursed, contracted = con.execute(
            """select
                   (select sum(total_disbursed_vnd) from marts.mart_budget where year = $y),
                   (select count(*) from marts.fct_coverage where year = $y and is_contracted)""",
            {"y": YEAR - 1},
        ).fetchone()
    assert table_row(summary, "Đã giải ngân (tạm ứng và thanh toán)")[2] == md.escape(
        fmt.vnd_short(disbursed)
    )
    items = table_row(summary, "Tin bài về địa phương (trong đó theo hợp đồng)")[2]
    assert md.escape(fmt.count(before["items"])) in items
    assert md.escape(fmt.count(contracted)) in items


def test_without_last_year_every_last_year_cell_is_a_dash(tmp_path):
    path = tmp_path / "w.duckdb"
    build_sample_warehouse(path, agencies=3, previous_year=False, demo=False)
    summary = YearEndReport.load(path, YEAR, PROVINCE).executive_summary()
    for label in ("Kinh phí hợp đồng đã ký", "Tỷ lệ nghiệm thu so với đặt hàng"):
        assert table_row(summary, label)[2] == md.escape(fmt.DASH)


def test_the_scorecard_shows_the_agency_s_previous_year_from_the_marts(warehouse):
    with duckdb.connect(str(warehouse.path), read_only=True) as con:
        agency_id, value, items = con.execute(
            """select agency_id, contract_value_vnd, items_published
               from marts.mart_agency_scorecard where year = ? and contracts > 0
               order by agency_id limit 1""",
            [YEAR - 1],
        ).fetchone()
    card = AgencyScorecard.load(warehouse.path, YEAR, PROVINCE, agency_id)
    table = card.kpi_table()
    assert f"Năm {YEAR - 1}" in table
    assert table_row(table, "Giá trị hợp đồng")[2] == md.escape(fmt.vnd(value))
    assert table_row(table, "Tin bài đã đăng")[2] == md.escape(fmt.count(items))


def test_a_scorecard_without_a_previous_year_shows_dashes(tmp_path):
    path = tmp_path / "w.duckdb"
    build_sample_warehouse(path, agencies=2, previous_year=False)
    with duckdb.connect(str(path), read_only=True) as con:
        (agency_id,) = con.execute(
            "select min(agency_id) from marts.mart_agency_scorecard where year = ?", [YEAR]
        ).fetchone()
    table = AgencyScorecard.load(path, YEAR, PROVINCE, agency_id).kpi_table()
    assert table_row(table, "Giá trị hợp đồng")[2] == md.escape(fmt.DASH)


def test_each_plan_year_is_read_against_the_edition_measured_over_it(warehouse):
    outcomes = YearEndReport.load(warehouse.path, YEAR, PROVINCE).outcomes_text()
    with duckdb.connect(str(warehouse.path), read_only=True) as con:
        figures = {
            (code, year): (score, rank, lag, placeholder)
            for code, year, score, rank, lag, placeholder in con.execute(
                """select index_code, year, score, cast(rank as integer), cast(release_lag_months
                          as integer), is_placeholder
                   from marts.mart_index_trends
                   where component = 'overall' and index_code in ('PCI', 'PAR')"""
            ).fetchall()
        }
    # The 2025 plan against PAR: 2024's edition before it, 2025's (a placeholder, released in
    # 2026) as the one that can reflect it.
    score, rank, lag, placeholder = figures[("PAR", YEAR)]
    assert placeholder
    (row,) = rows_starting(outcomes, str(YEAR), "PAR")
    before_score, before_rank, *_ = figures[("PAR", YEAR - 1)]
    assert row[2] == md.escape(f"{fmt.number(before_score, 2)}, hạng {before_rank}")
    assert row[3] == md.escape(
        f"{fmt.number(score, 2)}, hạng {rank} (giả định) — công bố tháng {lag}/{YEAR + 1}"
    )
    assert row[4] == md.escape(
        fmt.rank_move(rank, before_rank) + " (số liệu giả định, chưa phải biến động thật)"
    )
    # The year before: PCI measured over it (released the year of this report).
    (row,) = rows_starting(outcomes, str(YEAR - 1), "PCI")
    score, rank, lag, _ = figures[("PCI", YEAR - 1)]
    assert row[3] == md.escape(f"{fmt.number(score, 2)}, hạng {rank} — công bố tháng {lag}/{YEAR}")
    # An index with no edition measured over the plan year yet says so.
    (row,) = rows_starting(outcomes, str(YEAR), "PCI")
    assert row[3].startswith(md.escape("chưa công bố"))


@pytest.mark.parametrize(
    ("measured", "lag", "expected"),
    [(2025, 5, "tháng 5/2026"), (2024, 12, "tháng 12/2025"), (2024, 14, "tháng 2/2026"),
     (2025, None, "năm 2026")],
)  # fmt: skip
def test_release_label_counts_months_after_the_measured_year(measured, lag, expected):
    assert yoy.release_label(measured, lag) == expected


@pytest.mark.slow
def test_the_demo_report_shows_2024_beside_2025_from_the_marts(demo_build):
    warehouse = demo_build / "warehouse.duckdb"
    report = YearEndReport.load(warehouse, 2025, PROVINCE)
    summary = report.executive_summary()
    before = mart_figures(warehouse, 2024)
    assert before["contract_value"] and before["items"]
    assert table_row(summary, "Kinh phí hợp đồng đã ký")[2] == md.escape(
        fmt.vnd_short(before["contract_value"])
    )
    assert table_row(summary, "Tỷ lệ nghiệm thu so với đặt hàng")[2] == md.escape(
        fmt.percent(before["delivery"])
    )
    # 2024 was settled by its own gate run: its status is read, not a dash.
    assert table_row(summary, "Tình trạng quyết toán")[2] != md.escape(fmt.DASH)
    page = demo_build / "reports" / "2025" / "bao-cao-tong-ket-2025.html"
    assert "Năm 2024" in page.read_text(encoding="utf-8")
    for year in (2024, 2025):
        assert (demo_build / "reports" / str(year)).is_dir()
        assert (demo_build / "quality" / str(year) / "index.html").is_file()


def test_monthly_disbursement_leaves_out_last_year_s_settlement_paid_in_january(tmp_path):
    path = tmp_path / "w.duckdb"
    build_sample_warehouse(path, agencies=3)
    with duckdb.connect(str(path)) as con:
        # A contract of the year before, settled on 10 January of the report year.
        con.execute(
            """insert into marts.fct_payment by name
               select 'UNC-CARRY-1' as payment_id, contract_id, agency_id, agency,
                      ? as year, make_date(?, 1, 10) as paid_on, 777000000 as amount_vnd,
                      'settlement' as kind, false as is_after_liquidation,
                      null as corrected_by_review
               from marts.mart_budget where year = ? limit 1""",
            [YEAR, YEAR, YEAR - 1],
        )
        assert con.execute(
            "select count(*) from marts.fct_payment where payment_id = 'UNC-CARRY-1'"
        ).fetchone() == (1,)
        (expected,) = con.execute(
            """select sum(amount_vnd) from marts.fct_payment where year = ? and contract_id in
                   (select contract_id from marts.mart_budget where year = ?)""",
            [YEAR, YEAR],
        ).fetchone()
    report = YearEndReport.load(path, YEAR, PROVINCE)
    assert report.disbursement_by_month["amount_vnd"].sum() == expected
