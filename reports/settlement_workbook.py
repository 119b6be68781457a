"""The settlement workbook (bảng tổng hợp quyết toán) the Department of Finance settles from.

Five sheets: a cover naming the gate run, the year, when it was made and a hash of the inbox
files it comes from; a summary per contract (value, accepted value, advances, payments, payable)
with a totals row; the evidence (every accepted item); the exceptions (the warnings of the
gate run, with the VND at stake); and the candidate matches (items that fit a contract line but
that the inbox does not link to it, never counted, for the analyst to confirm or reject).
It is made only for a gate run that did not block, in memory: the caller writes the bytes.
"""

import datetime as dt
import io

import duckdb
import xlsxwriter
from xlsxwriter.utility import xl_col_to_name

from ingestion import formatting as fmt
from ingestion import lineage
from reports.labels import CHANNELS, DELIVERABLE_TYPES, label

# Excel shows '#,##0' with the reader's own separators, so a Vietnamese Excel reads 1.234.567.
VND_FORMAT = "#,##0"
QTY_FORMAT = "#,##0.##"
DATE_FORMAT = "dd/mm/yyyy"

SUMMARY_COLUMNS = (
    # (header, mart_budget column, kind, width)
    ("Số hợp đồng", "contract_id", "text", 18),
    ("Cơ quan báo chí", "agency", "text", 34),
    ("Ngày ký", "signed_on", "date", 12),
    ("Từ ngày", "start_date", "date", 12),
    ("Đến ngày", "end_date", "date", 12),
    ("Ngày thanh lý", "liquidated_on", "date", 13),
    ("Giá trị hợp đồng (₫)", "contract_value_vnd", "vnd", 18),
    ("Giá trị nghiệm thu (₫)", "accepted_value_vnd", "vnd", 18),
    ("Đã tạm ứng (₫)", "advanced_vnd", "vnd", 16),
    ("Đã thanh toán (₫)", "paid_vnd", "vnd", 16),
    ("Tổng đã chi (₫)", "total_disbursed_vnd", "vnd", 16),
    ("Còn phải thanh toán (₫)", "payable_vnd", "vnd", 18),
    ("Chi vượt nghiệm thu, phải thu hồi (₫)", "over_disbursed_vnd", "vnd", 20),
    ("Sản phẩm đã đăng", "delivered_items", "int", 11),
    ("Sản phẩm nghiệm thu", "accepted_items", "int", 11),
)

EVIDENCE_COLUMNS = (
    ("Số hợp đồng", "text", 18),
    ("Dòng hợp đồng", "text", 20),
    ("Cơ quan báo chí", "text", 30),
    ("Ngày đăng", "date", 12),
    ("Tiêu đề", "text", 60),
    ("Đường dẫn", "text", 40),
    ("Loại sản phẩm", "text", 20),
    ("Loại hình", "text", 14),
    ("Thời lượng (phút)", "qty", 10),
    ("Đơn giá (₫)", "vnd", 15),
    ("Giá trị theo đơn giá (₫)", "vnd", 17),
    ("Mã tin bài", "text", 20),
)

EXCEPTION_COLUMNS = (
    ("Mã quy tắc", "text", 24),
    ("Cảnh báo", "text", 40),
    ("Số hợp đồng", "text", 18),
    ("Dòng hợp đồng", "text", 20),
    ("Mã tin bài", "text", 20),
    ("Số chứng từ", "text", 14),
    ("Cơ quan báo chí", "text", 30),
    ("Số tiền liên quan (₫)", "vnd", 18),
    ("Chi tiết", "text", 70),
    ("Tệp", "text", 36),
    ("Trang tính", "text", 16),
    ("Dòng", "int", 8),
    ("Giá trị trong tệp", "text", 20),
)


CANDIDATE_COLUMNS = (
    ("Số hợp đồng có thể khớp", "text", 18),
    ("Dòng hợp đồng", "text", 20),
    ("Số dòng hợp đồng khớp", "int", 10),
    ("Cơ quan báo chí", "text", 30),
    ("Ngày đăng", "date", 12),
    ("Tiêu đề", "text", 60),
    ("Đường dẫn", "text", 40),
    ("Loại sản phẩm", "text", 20),
    ("Loại hình", "text", 14),
    ("Lĩnh vực của tin bài", "text", 12),
    ("Bản sao của báo khác", "text", 10),
    ("Lý do chưa tính", "text", 30),
    ("Giá trị nếu xác nhận (₫)", "vnd", 17),
    ("Mã tin bài", "text", 20),
)

CANDIDATE_REASONS = {
    "no_contract_number": "Không ghi số hợp đồng",
    "unknown_contract": "Số hợp đồng không có trong danh sách",
}


class SettlementBlockedError(RuntimeError):
    """The gate run blocked settlement (or does not exist), so no workbook may be written."""


def build_settlement_workbook(con: duckdb.DuckDBPyConnection, year: int, run_id: str) -> bytes:
    """The .xlsx workbook for the gate run `run_id` of `year`; refused if that run blocked."""
    run = con.execute(
        "SELECT blocked, evaluated_at, data_hash FROM quality.gate_runs"
        " WHERE run_id = ? AND year = ?",
        [run_id, year],
    ).fetchone()
    if run is None:
        raise SettlementBlockedError(f"no quality gate run {run_id!r} for {year}")
    blocked, evaluated_at, data_hash = run
    if blocked:
        raise SettlementBlockedError(
            f"quality gate run {run_id!r} blocked settlement for {year}: no workbook"
        )

    buffer = io.BytesIO()
    # No text from the inbox may become a formula, a link or a number in a cell: every
    # text cell is written with write_string, and write() is told the same.
    options = {"strings_to_formulas": False, "strings_to_urls": False, "in_memory": True}
    workbook = xlsxwriter.Workbook(buffer, {"remove_timezone": True, **options})
    styles = _styles(workbook)
    meta = lineage.inbox_meta(con)
    # Demo data says so on every sheet, not only on the cover.
    suffix = " — DỮ LIỆU MINH HỌA" if lineage.is_demo(meta) else ""
    _cover(workbook, styles, con, year, run_id, evaluated_at, data_hash)
    _summary(workbook, styles, con, year, suffix)
    _evidence(workbook, styles, con, year, suffix)
    _exceptions(workbook, styles, con, run_id, suffix)
    _candidates(workbook, styles, con, year, suffix)
    workbook.close()
    return buffer.getvalue()


def _styles(workbook) -> dict:
    base = {"font_name": "Arial", "font_size": 10, "valign": "top"}
    header = {**base, "bold": True, "bg_color": "#DCE6F1", "border": 1, "text_wrap": True}
    total = {**base, "bold": True, "top": 2}
    return {
        "title": workbook.add_format({**base, "bold": True, "font_size": 14}),
        "demo": workbook.add_format(
            {**base, "bold": True, "font_size": 12, "font_color": "#9C5700", "bg_color": "#FFEB9C"}
        ),
        "label": workbook.add_format({**base, "bold": True}),
        "note": workbook.add_format({**base, "italic": True, "font_color": "#555555"}),
        "header": workbook.add_format(header),
        "text": workbook.add_format(base),
        "wrap": workbook.add_format({**base, "text_wrap": True}),
        "date": workbook.add_format({**base, "num_format": DATE_FORMAT, "align": "left"}),
        "vnd": workbook.add_format({**base, "num_format": VND_FORMAT}),
        "qty": workbook.add_format({**base, "num_format": QTY_FORMAT}),
        "int": workbook.add_format({**base, "num_format": "#,##0"}),
        "total_label": workbook.add_format(total),
        "total_vnd": workbook.add_format({**total, "num_format": VND_FORMAT}),
        "total_int": workbook.add_format({**total, "num_format": "#,##0"}),
    }


def _cover(workbook, styles, con, year, run_id, evaluated_at, data_hash) -> None:
    sheet = workbook.add_worksheet("Thông tin")
    sheet.set_column(0, 0, 44)
    sheet.set_column(1, 1, 70)
    sheet.set_column(2, 3, 18)
    meta = lineage.inbox_meta(con)
    row = 0
    sheet.write(
        row, 0, f"BẢNG TỔNG HỢP QUYẾT TOÁN HỢP ĐỒNG TRUYỀN THÔNG NĂM {year}", styles["title"]
    )
    row += 1
    if lineage.is_demo(meta):
        label_vi = meta.get("label_vi") or "Dữ liệu minh họa"
        sheet.write_string(row, 0, label_vi, styles["demo"])
        sheet.write_string(
            row, 1, "Dữ liệu minh họa: không dùng để quyết toán thật.", styles["demo"]
        )
        row += 1
    row += 1
    gate = con.execute(
        "SELECT count(*) FILTER (WHERE NOT passed AND NOT blocking),"
        " coalesce(sum(vnd_at_stake) FILTER (WHERE NOT passed AND NOT blocking), 0)"
        " FROM quality.rule_results WHERE run_id = ?",
        [run_id],
    ).fetchone()
    facts = [
        ("Năm quyết toán", str(year)),
        ("Tỉnh/thành phố", meta.get("province", "")),
        ("Mã lần kiểm tra chất lượng", run_id),
        ("Thời điểm kiểm tra", fmt.datetime_vi(evaluated_at)),
        ("Thời điểm lập bảng", fmt.datetime_vi(dt.datetime.now().replace(microsecond=0))),
        ("Kết quả kiểm tra", "Đạt mọi quy tắc chặn quyết toán"),
        ("Cảnh báo", f"{gate[0]} quy tắc, số tiền liên quan {fmt.vnd(gate[1])}"),
        ("Mã băm dữ liệu (SHA-256)", data_hash or lineage.data_hash(con)),
        ("Đơn vị tiền", "đồng (₫); số tiền hiển thị theo dấu phân cách của máy"),
    ]
    for name, value in facts:
        if not value:
            continue
        sheet.write(row, 0, name, styles["label"])
        sheet.write_string(row, 1, value, styles["wrap"])
        row += 1
    row += 1
    sheet.write(row, 0, "Quy tắc đã kiểm tra", styles["label"])
    row += 1
    for col, header in enumerate(("Quy tắc", "Loại", "Số vi phạm", "Số tiền liên quan (₫)")):
        sheet.write(row, col, header, styles["header"])
    rules = con.execute(
        "SELECT rule_code, name_vi, blocking, violations, vnd_at_stake FROM quality.rule_results"
        " WHERE run_id = ?",
        [run_id],
    ).fetchall()
    for code, name, blocking, violations, vnd in rules:
        row += 1
        sheet.write_string(row, 0, f"{name} ({code})", styles["wrap"])
        sheet.write_string(row, 1, "Chặn quyết toán" if blocking else "Cảnh báo", styles["text"])
        sheet.write_number(row, 2, violations, styles["int"])
        sheet.write_number(row, 3, vnd, styles["vnd"])
    row += 2
    sheet.write(
        row,
        0,
        "Mã băm dữ liệu là SHA-256 của các mã băm tệp đầu vào (sắp xếp tăng dần) dưới đây.",
        styles["note"],
    )
    row += 1
    sheet.write(row, 0, "Tệp đầu vào", styles["header"])
    sheet.write(row, 1, "SHA-256 của tệp", styles["header"])
    for name, file_hash in lineage.loaded_files(con):
        row += 1
        sheet.write_string(row, 0, name, styles["text"])
        sheet.write_string(row, 1, file_hash, styles["text"])


def _table(sheet, styles, first_row: int, columns, rows) -> int:
    """Header, rows, frozen header and autofilter; returns the row after the last data row."""
    for col, (header, _, width) in enumerate(columns):
        sheet.write_string(first_row, col, header, styles["header"])
        sheet.set_column(col, col, width)
    sheet.set_row(first_row, 42)
    for offset, values in enumerate(rows, start=1):
        for col, ((_, kind, _), value) in enumerate(zip(columns, values, strict=True)):
            _write(sheet, first_row + offset, col, value, kind, styles)
    last = first_row + max(len(rows), 1)
    sheet.autofilter(first_row, 0, last, len(columns) - 1)
    sheet.freeze_panes(first_row + 1, 0)
    return first_row + len(rows) + 1


def _write(sheet, row, col, value, kind, styles) -> None:
    if value is None:
        sheet.write_blank(row, col, None, styles["text"])
    elif kind == "date":
        sheet.write_datetime(row, col, _as_datetime(value), styles["date"])
    elif kind in ("vnd", "int", "qty"):
        sheet.write_number(row, col, value, styles[kind])
    else:
        sheet.write_string(row, col, str(value), styles["text"])


def _as_datetime(value) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value
    return dt.datetime(value.year, value.month, value.day)


def _summary(workbook, styles, con, year, suffix) -> None:
    sheet = workbook.add_worksheet("Tổng hợp")
    sheet.write(0, 0, f"Tổng hợp quyết toán theo hợp đồng, năm {year}{suffix}", styles["title"])
    sheet.write(
        1,
        0,
        "Giá trị nghiệm thu = số lượng nghiệm thu (không quá số lượng đặt hàng) × đơn giá, "
        "không quá giá trị hợp đồng. Còn phải thanh toán = giá trị nghiệm thu − tổng đã chi.",
        styles["note"],
    )
    names = ", ".join(column for _, column, _, _ in SUMMARY_COLUMNS)
    rows = con.execute(
        f"SELECT {names} FROM marts.mart_budget WHERE year = ? ORDER BY contract_id", [year]
    ).fetchall()
    columns = [("STT", "int", 6)] + [(h, kind, w) for h, _, kind, w in SUMMARY_COLUMNS]
    numbered = [(i, *row) for i, row in enumerate(rows, start=1)]
    header_row = 3
    totals_row = _table(sheet, styles, header_row, columns, numbered)
    sheet.write(totals_row, 1, "Tổng cộng", styles["total_label"])
    for col, (_, kind, _) in enumerate(columns):
        if col == 0 or kind not in ("vnd", "int"):
            continue
        total = sum(row[col] or 0 for row in numbered)
        style = styles["total_vnd"] if kind == "vnd" else styles["total_int"]
        if not numbered:
            sheet.write_number(totals_row, col, 0, style)
            continue
        letter = xl_col_to_name(col)
        formula = f"=SUM({letter}{header_row + 2}:{letter}{totals_row})"
        # The cached value lets readers that do not recalculate see the total too.
        sheet.write_formula(totals_row, col, formula, style, total)


def _evidence(workbook, styles, con, year, suffix) -> None:
    sheet = workbook.add_worksheet("Minh chứng")
    sheet.write(0, 0, f"Sản phẩm đã nghiệm thu theo hợp đồng năm {year}{suffix}", styles["title"])
    sheet.write(
        1,
        0,
        "Mỗi dòng là một sản phẩm được nghiệm thu; giá trị theo đơn giá của dòng hợp đồng "
        "(chương trình: đơn giá × số phút), trước khi giới hạn theo số lượng đặt hàng.",
        styles["note"],
    )
    rows = con.execute(
        """
        SELECT DISTINCT c.contract_id, c.contract_line_id, f.agency,
               coalesce(f.published_date, CAST(f.published_at AS DATE)) AS published_date,
               f.title, f.url, c.deliverable_type, c.channel, f.duration_min, c.unit_price_vnd,
               c.unit_price_vnd * CASE WHEN c.deliverable_type = 'programme'
                                       THEN coalesce(f.duration_min, 0) ELSE 1 END AS value_vnd,
               f.item_id
        FROM marts.fct_coverage AS f
        INNER JOIN marts.dim_contract AS c ON c.contract_line_id = f.matched_contract_line_id
        WHERE f.is_accepted AND c.year = ?
        ORDER BY c.contract_id, c.contract_line_id, published_date, f.item_id
        """,
        [year],
    ).fetchall()
    labelled = [
        (
            *row[:6],
            label(DELIVERABLE_TYPES, row[6]),
            label(CHANNELS, row[7]),
            row[8] if row[6] == "programme" else None,
            *row[9:],
        )
        for row in rows
    ]
    _table(sheet, styles, 3, EVIDENCE_COLUMNS, labelled)


def _exceptions(workbook, styles, con, run_id, suffix) -> None:
    sheet = workbook.add_worksheet("Ngoại lệ")
    sheet.write(0, 0, f"Cảnh báo của lần kiểm tra (không chặn quyết toán){suffix}", styles["title"])
    sheet.write(
        1,
        0,
        "Số tiền liên quan của các cảnh báo có thể trùng nhau, không cộng dồn.",
        styles["note"],
    )
    rows = con.execute(
        """
        SELECT v.rule_code, r.name_vi, v.contract_id, v.contract_line_id, v.item_id,
               v.payment_id, v.agency, v.vnd_at_stake, v.detail_vi, v.source_file,
               v.source_sheet, v.source_row, v.source_value
        FROM quality.rule_violations AS v
        INNER JOIN quality.rule_results AS r
          ON r.run_id = v.run_id AND r.rule_code = v.rule_code
        WHERE v.run_id = ? AND NOT r.blocking
        ORDER BY v.rule_code, v.vnd_at_stake DESC, v.contract_id, v.item_id, v.payment_id
        """,
        [run_id],
    ).fetchall()
    _table(sheet, styles, 3, EXCEPTION_COLUMNS, rows)


def _candidates(workbook, styles, con, year, suffix) -> None:
    sheet = workbook.add_worksheet("Chờ xác nhận")
    sheet.write(
        0, 0, f"Tin bài có thể thuộc hợp đồng, chưa được tính, năm {year}{suffix}", styles["title"]
    )
    sheet.write(
        1,
        0,
        "Tin bài không được hồ sơ gắn với hợp đồng (không ghi số hợp đồng, không có biên bản "
        "nghiệm thu) nhưng khớp một dòng hợp đồng của cơ quan báo chí về thời gian, loại sản "
        "phẩm và lĩnh vực. Không tính vào khối lượng, nghiệm thu hay số phải trả; xác nhận hoặc "
        "bác trong thư mục reviews/.",
        styles["note"],
    )
    rows = []
    if lineage.table_exists(con, "marts.mart_match_candidates"):
        rows = con.execute(
            """
            SELECT candidate_contract_id, candidate_contract_line_id, candidate_lines, agency,
                   published_date, title, url, deliverable_type, channel, theme_areas,
                   is_syndicated_copy, reason, item_value_vnd, item_id
            FROM marts.mart_match_candidates
            WHERE year = ?
            ORDER BY candidate_contract_id, candidate_contract_line_id, published_date, item_id
            """,
            [year],
        ).fetchall()
    labelled = [
        (
            *row[:7],
            label(DELIVERABLE_TYPES, row[7]),
            label(CHANNELS, row[8]),
            row[9],
            "Có" if row[10] else "Không",
            CANDIDATE_REASONS.get(row[11], row[11]),
            *row[12:],
        )
        for row in rows
    ]
    _table(sheet, styles, 3, CANDIDATE_COLUMNS, labelled)
