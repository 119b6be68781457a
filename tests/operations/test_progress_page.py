"""The monthly progress page: delivery and budget to the end of the month, against the plan."""

import datetime as dt
import unicodedata
from pathlib import Path

import duckdb
import pytest

from orchestration.runtime import outputs
from reports.progress_page import month_end, page_name, read_progress, render_progress_page

PROVINCE = "Hải Phòng <script>alert(1)</script>"


def write_progress_page(con, month, out_dir, province, made_on=None):
    """Render the month's page and publish it the way the progress asset does."""
    page = render_progress_page(con, month, province, made_on)
    return outputs.write_atomically(out_dir / page_name(month), page)


@pytest.fixture
def warehouse(tmp_path) -> Path:
    """Two theme areas planned; items and payments on both sides of the end of June."""
    path = tmp_path / "warehouse.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute("create schema raw; create schema marts")
        con.execute(
            """create table raw.targets (year int, theme_area int, deliverable_type varchar,
               planned_items int, planned_share double, planned_budget_vnd bigint,
               _is_duplicate boolean)"""
        )
        con.execute(
            """insert into raw.targets values
               (2025, 1, null, 10, 0.5, 1000000000, false),
               (2025, 2, 'article', 4, null, 300000000, false),
               (2025, 2, 'news', 6, null, 200000000, false),
               (2025, 2, 'news', 6, null, 200000000, true),   -- a duplicate row: ignored
               (2024, 1, null, 99, 0.5, 9, false)             -- another year: ignored"""
        )
        con.execute(
            """create table marts.dim_theme as select * from (values
               (1, 'Xây dựng Đảng', 'area'), (2, '<b>Kinh tế</b> & "đô thị"', 'area'),
               (2, 'Quy hoạch', 'sub_theme')) t(theme_area, theme_area_name_vi, level)"""
        )
        con.execute(
            """create table marts.dim_contract as select * from (values
               ('C1#1', 2025, 1, 600000000, date '2025-01-10', date '2025-01-15'),
               ('C2#1', 2025, 2, 250000000, date '2025-03-01', date '2025-03-01'),
               ('C3#1', 2025, 2, 999000000, date '2025-08-01', date '2025-08-01'))
               t(contract_line_id, year, theme_area, amount_vnd, signed_on, start_date)"""
        )
        con.execute(
            """create table marts.fct_coverage as select * from (values
               ('i1', 2025, date '2025-02-01', 'C1#1', true, 1),
               ('i2', 2025, date '2025-06-30', 'C1#1', true, 1),
               ('i3', 2025, date '2025-07-01', 'C1#1', true, 1),     -- after June
               ('i4', 2025, date '2025-05-05', 'C2#1', false, 2),    -- not accepted
               ('i5', 2025, date '2025-05-06', 'C2#1', true, 2),
               ('i6', 2025, date '2025-05-07', null, false, 2))      -- organic
               t(item_id, year, published_date, matched_contract_line_id, is_accepted,
                 primary_theme_area)"""
        )
        con.execute(
            """create table marts.fct_payment as select * from (values
               (2025, date '2025-02-01', 100000000, 'advance'),
               (2025, date '2025-06-15', 50000000, 'payment'),
               (2025, date '2025-07-15', 70000000, 'settlement'))
               t(year, paid_on, amount_vnd, kind)"""
        )
        con.execute(
            """create table raw.inbox_meta (key varchar, value varchar, _source_file varchar,
               _loaded_at timestamp)"""
        )
        con.execute(
            """insert into raw.inbox_meta values ('demo', 'true', '_inbox.json', now()),
               ('label_vi', 'Dữ liệu minh họa', '_inbox.json', now())"""
        )
    return path


def test_progress_counts_to_the_end_of_the_month(warehouse):
    with duckdb.connect(str(warehouse), read_only=True) as con:
        progress = read_progress(con, "2025-06")
    assert progress.through == dt.date(2025, 6, 30)
    assert progress.elapsed == pytest.approx(181 / 365)
    first, second = progress.areas
    assert (first.planned_items, first.accepted_items, first.published_items) == (10, 2, 2)
    assert (second.planned_items, second.accepted_items, second.published_items) == (10, 1, 3)
    assert (first.planned_budget_vnd, second.planned_budget_vnd) == (1_000_000_000, 500_000_000)
    assert (first.contracted_vnd, second.contracted_vnd) == (600_000_000, 250_000_000)
    assert (progress.advanced_vnd, progress.paid_vnd) == (100_000_000, 50_000_000)
    assert progress.is_demo and progress.demo_label == "Dữ liệu minh họa"


def test_the_page_is_vietnamese_escaped_self_contained_and_atomic(warehouse, tmp_path):
    out_dir = tmp_path / "reports" / "2025"
    with duckdb.connect(str(warehouse), read_only=True) as con:
        path = write_progress_page(con, "2025-06", out_dir, PROVINCE, dt.date(2025, 7, 1))
    assert path == out_dir / "tien-do-2025-06.html"
    assert [p.name for p in out_dir.iterdir()] == ["tien-do-2025-06.html"]  # no temporary left
    page = path.read_text(encoding="utf-8")
    assert unicodedata.is_normalized("NFC", page)
    assert '<html lang="vi">' in page and "tháng 06/2025" in page
    assert "<script" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;b&gt;Kinh tế&lt;/b&gt; &amp; &quot;đô thị&quot;" in page
    assert "Dữ liệu minh họa — không phải số liệu thật" in page
    assert "3 / 20" in page  # accepted / planned products
    assert "150\u00a0triệu" in page  # disbursed: advance + payment to the end of June
    assert "30/06/2025" in page and "Ngày lập: 01/07/2025" in page
    for external in ("<link", "src=", "http://", "https://", "@import"):
        assert external not in page


def test_a_rewrite_replaces_the_page_in_one_step(warehouse, tmp_path):
    with duckdb.connect(str(warehouse), read_only=True) as con:
        first = write_progress_page(con, "2025-06", tmp_path, "Hải Phòng").read_text()
        second = write_progress_page(con, "2025-07", tmp_path, "Hải Phòng").read_text()
    assert "tháng 07/2025" in second and first != second
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".html") == [
        "tien-do-2025-06.html",
        "tien-do-2025-07.html",
    ]


def test_month_end_knows_february():
    assert month_end("2024-02") == dt.date(2024, 2, 29)
    assert month_end("2025-02") == dt.date(2025, 2, 28)
