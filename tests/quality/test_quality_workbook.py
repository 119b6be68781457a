"""The settlement workbook: written for a passing gate run, its totals equal the marts."""

import dataclasses
import zipfile

import duckdb
import openpyxl
import pytest
from contract_tables import manifest_path
from gate_fixtures import Payment, build_warehouse, clean_dataset

from orchestration.runtime import outputs
from quality.gate import run_gate
from reports.quality_page import render_quality_page
from reports.settlement_workbook import SettlementBlockedError, build_settlement_workbook

MONEY_COLUMNS = {
    "Giá trị hợp đồng (₫)": "contract_value_vnd",
    "Giá trị nghiệm thu (₫)": "accepted_value_vnd",
    "Đã tạm ứng (₫)": "advanced_vnd",
    "Đã thanh toán (₫)": "paid_vnd",
    "Tổng đã chi (₫)": "total_disbursed_vnd",
    "Còn phải thanh toán (₫)": "payable_vnd",
    "Chi vượt nghiệm thu, phải thu hồi (₫)": "over_disbursed_vnd",
}


def gated_warehouse(tmp_path, data, run_id="run-1"):
    path = build_warehouse(tmp_path / "w.duckdb", data)
    with duckdb.connect(str(path)) as con:
        result = run_gate(con, 2025, run_id=run_id, manifest=manifest_path())
    return path, result


def write(path, out, run_id="run-1"):
    with duckdb.connect(str(path), read_only=True) as con:
        workbook = build_settlement_workbook(con, 2025, run_id)
    # Published the way the settlement asset does it.
    return outputs.write_atomically(out, workbook)


def header_row(sheet, first: str) -> int:
    for row in sheet.iter_rows(min_col=1, max_col=2):
        if first in (row[0].value, row[1].value):
            return row[0].row
    raise AssertionError(f"no header starting with {first!r} in {sheet.title}")


def table(sheet, first: str) -> tuple[list[str], list[tuple]]:
    top = header_row(sheet, first)
    headers = [c.value for c in sheet[top]]
    rows = [r for r in sheet.iter_rows(min_row=top + 1, values_only=True) if any(r)]
    return headers, rows


@pytest.fixture(scope="module")
def clean_workbook(tmp_path_factory):
    folder = tmp_path_factory.mktemp("workbook")
    path, result = gated_warehouse(folder, clean_dataset())
    out = write(path, folder / "settlement" / "2025" / "quyet-toan-2025.xlsx")
    return path, result, out


def test_summary_totals_equal_the_mart_sums(clean_workbook):
    path, _, out = clean_workbook
    sheet = openpyxl.load_workbook(out, data_only=True)["Tổng hợp"]
    headers, rows = table(sheet, "STT")
    *contracts, totals = rows
    assert totals[1] == "Tổng cộng"
    with duckdb.connect(str(path), read_only=True) as con:
        for header, column in MONEY_COLUMNS.items():
            (expected,) = con.execute(
                f"SELECT sum({column}) FROM marts.mart_budget WHERE year = 2025"
            ).fetchone()
            col = headers.index(header)
            assert totals[col] == expected, header
            assert sum(row[col] for row in contracts) == expected, header
        per_contract = con.execute(
            "SELECT contract_id, payable_vnd FROM marts.mart_budget ORDER BY contract_id"
        ).fetchall()
    payable = headers.index("Còn phải thanh toán (₫)")
    assert [(row[1], row[payable]) for row in contracts] == per_contract
    assert per_contract == [("HD-01/2025", 4_000_000), ("HD-02/2025", 0)]


def test_totals_are_formulas_with_their_values(clean_workbook):
    *_, out = clean_workbook
    sheet = openpyxl.load_workbook(out)["Tổng hợp"]
    top = header_row(sheet, "STT")
    total = sheet.cell(row=top + 3, column=8)  # after two contracts; H = contract value
    assert total.value == f"=SUM(H{top + 1}:H{top + 2})"
    assert total.number_format == "#,##0"
    assert sheet.freeze_panes == f"A{top + 1}"
    assert sheet.auto_filter.ref.startswith(f"A{top}:")


def test_evidence_lists_every_accepted_item(clean_workbook):
    path, _, out = clean_workbook
    sheet = openpyxl.load_workbook(out, data_only=True)["Minh chứng"]
    headers, rows = table(sheet, "Số hợp đồng")
    with duckdb.connect(str(path), read_only=True) as con:
        accepted = {
            i
            for (i,) in con.execute(
                "SELECT item_id FROM marts.fct_coverage WHERE is_accepted"
            ).fetchall()
        }
    assert {row[headers.index("Mã tin bài")] for row in rows} == accepted
    programme = next(row for row in rows if row[headers.index("Mã tin bài")] == "p1")
    assert programme[headers.index("Giá trị theo đơn giá (₫)")] == 100_000_000  # 20 min × 5M
    assert programme[headers.index("Loại sản phẩm")] == "Chương trình (phút)"


def test_exceptions_list_the_warnings_with_vnd(clean_workbook):
    *_, out = clean_workbook
    sheet = openpyxl.load_workbook(out, data_only=True)["Ngoại lệ"]
    headers, rows = table(sheet, "Mã quy tắc")
    assert [(r[0], r[headers.index("Số tiền liên quan (₫)")]) for r in rows] == [
        ("delivered_not_accepted", 1_000_000)
    ]


def test_cover_names_run_year_time_and_data_hash(clean_workbook):
    _, result, out = clean_workbook
    book = openpyxl.load_workbook(out, data_only=True)
    assert book.sheetnames == ["Thông tin", "Tổng hợp", "Minh chứng", "Ngoại lệ", "Chờ xác nhận"]
    facts = {r[0]: r[1] for r in book["Thông tin"].iter_rows(values_only=True) if r[0]}
    assert facts["Năm quyết toán"] == "2025"
    assert facts["Mã lần kiểm tra chất lượng"] == "run-1"
    assert facts["Mã băm dữ liệu (SHA-256)"] == result.data_hash
    assert len(result.data_hash) == 64
    made = facts["Thời điểm lập bảng"]
    assert made[2] == "/" and made[5] == "/" and len(made) == 19  # dd/mm/yyyy hh:mm:ss
    text = " ".join(str(v) for r in book["Thông tin"].iter_rows(values_only=True) for v in r if v)
    assert "Dữ liệu minh họa" not in text
    assert "coverage/tin-bai.csv" in text


def test_demo_data_says_so(tmp_path):
    path, _ = gated_warehouse(tmp_path, dataclasses.replace(clean_dataset(), demo=True))
    book = openpyxl.load_workbook(write(path, tmp_path / "q.xlsx"), data_only=True)
    assert book["Thông tin"]["A2"].value == "Dữ liệu minh họa"
    assert "DỮ LIỆU MINH HỌA" in book["Tổng hợp"]["A1"].value


def test_inbox_text_never_becomes_a_formula_on_the_cover(tmp_path):
    path, _ = gated_warehouse(tmp_path, dataclasses.replace(clean_dataset(), demo=True))
    payload = '=HYPERLINK("https://evil.example/","Bấm vào đây")'
    with duckdb.connect(str(path)) as con:
        con.execute("UPDATE raw.inbox_meta SET value = ? WHERE key = 'label_vi'", [payload])
    out = write(path, tmp_path / "q.xlsx")
    cell = openpyxl.load_workbook(out)["Thông tin"]["A2"]
    assert (cell.value, cell.data_type) == (payload, "s")
    with zipfile.ZipFile(out) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
        assert not any(b"<f>HYPERLINK" in archive.read(n) for n in sheets)


def test_not_written_when_the_gate_blocked(tmp_path):
    data = clean_dataset()
    data = dataclasses.replace(
        data, payments=[*data.payments, Payment("X", "HD-01/2025", 90_000_000)]
    )
    path, result = gated_warehouse(tmp_path, data)
    assert result.blocked
    out = tmp_path / "settlement" / "quyet-toan-2025.xlsx"
    with pytest.raises(SettlementBlockedError, match="blocked"):
        write(path, out)
    assert not out.exists()
    assert not out.parent.exists() or not any(out.parent.iterdir())


def test_not_written_for_an_unknown_run(tmp_path):
    path, _ = gated_warehouse(tmp_path, clean_dataset())
    with pytest.raises(SettlementBlockedError, match="no quality gate run"):
        write(path, tmp_path / "q.xlsx", run_id="never-ran")
    assert not (tmp_path / "q.xlsx").exists()


def test_rewriting_replaces_the_file_and_leaves_no_temporary_file(clean_workbook):
    path, _, out = clean_workbook
    before = out.stat().st_mtime_ns
    write(path, out)
    assert out.stat().st_mtime_ns >= before
    assert sorted(p.name for p in out.parent.iterdir()) == ["quyet-toan-2025.xlsx"]


def test_candidate_matches_are_listed_for_review_and_never_counted(tmp_path):
    path = build_warehouse(tmp_path / "w.duckdb", clean_dataset())
    with duckdb.connect(str(path)) as con:
        line = con.execute(
            "SELECT contract_id, contract_line_id, agency, unit_price_vnd FROM marts.dim_contract "
            "ORDER BY contract_line_id LIMIT 1"
        ).fetchone()
        con.execute(
            """
            INSERT INTO marts.mart_match_candidates BY NAME
            SELECT 2025 AS year, 'item-c' || n AS item_id, 'a' AS agency_id, ? AS agency,
                   DATE '2025-04-01' + CAST(n AS INTEGER) AS published_date,
                   '<b>Tin</b> số ' || n AS title,
                   NULL AS url, 'news' AS deliverable_type, 'online' AS channel,
                   '2' AS theme_areas, false AS is_syndicated_copy,
                   'no_contract_number' AS reason, NULL AS claimed_contract_id,
                   ? AS candidate_contract_id, ? AS candidate_contract_line_id,
                   1 AS candidate_lines, 2 AS line_theme_area,
                   CAST(? AS BIGINT) AS unit_price_vnd, CAST(? AS BIGINT) AS item_value_vnd
            FROM range(3) AS t (n)
            """,
            [line[2], line[0], line[1], line[3], line[3]],
        )
        summary_before = con.execute("SELECT sum(accepted_value_vnd) FROM marts.mart_budget")
        accepted_before = summary_before.fetchone()[0]
        run_gate(con, 2025, run_id="run-1", manifest=manifest_path())
        page = render_quality_page(con, 2025, "run-1")
    assert "Tin bài có thể thuộc hợp đồng, chờ xem xét" in page
    assert "<b>Tin</b>" not in page and "&lt;b&gt;Tin&lt;/b&gt; số 0" in page
    assert "không được tính" in page
    out = write(path, tmp_path / "quyet-toan-2025.xlsx")
    book = openpyxl.load_workbook(out)
    headers, rows = table(book["Chờ xác nhận"], "Số hợp đồng có thể khớp")
    assert len(rows) == 3
    assert {r[headers.index("Dòng hợp đồng")] for r in rows} == {line[1]}
    assert all(r[headers.index("Giá trị nếu xác nhận (₫)")] == line[3] for r in rows)
    assert {r[headers.index("Lý do chưa tính")] for r in rows} == {"Không ghi số hợp đồng"}
    # Listing them changes nothing that is paid.
    s_headers, s_rows = table(book["Tổng hợp"], "STT")
    accepted = s_headers.index("Giá trị nghiệm thu (₫)")
    assert sum(r[accepted] or 0 for r in s_rows if isinstance(r[0], int)) == accepted_before
