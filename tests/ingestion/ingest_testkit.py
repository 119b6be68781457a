"""Small inbox files for the ingestion tests, written as people write them, and a load helper
that checks the bookkeeping every load must keep."""

import csv
import io
import unicodedata
from pathlib import Path

import duckdb
import openpyxl

from ingestion.load import SourceLoadResult, load_source

CONTRACT_HEADER = [
    "Số hợp đồng",
    "Cơ quan báo chí",
    "Ngày ký",
    "Ngày bắt đầu",
    "Ngày kết thúc",
    "Ngày thanh lý",
    "Loại sản phẩm",
    "Loại hình",
    "Lĩnh vực",
    "Số lượng",
    "Đơn giá",
    "Thành tiền",
]
CONTRACT_ROW = [
    "01/2025/HĐ-STTTT",
    "Báo Hải Phòng",
    "10/01/2025",
    "15/01/2025",
    "31/12/2025",
    "",
    "Bài viết",
    "Báo in",
    "2",
    "10",
    "5.000.000",
    "50.000.000",
]
PAYMENT_HEADER = ["Số chứng từ", "Số hợp đồng", "Ngày chi", "Số tiền", "Loại"]
PAYMENT_ROW = ["PC-001", "01/2025/HĐ-STTTT", "20/02/2025", "15.000.000", "Tạm ứng"]
COVERAGE_HEADER = [
    "Cơ quan báo chí",
    "Ngày đăng",
    "Tiêu đề",
    "Đường dẫn",
    "Loại sản phẩm",
    "Loại hình",
    "Số hợp đồng",
    "Nghiệm thu",
    "Thời lượng (phút)",
    "Lượt xem",
    "Tóm tắt",
]
COVERAGE_ROW = [
    "Báo Hải Phòng",
    "15/03/2025 08:30",
    "Hải Phòng đẩy mạnh chuyển đổi số",
    "https://baohaiphong.vn/chuyen-doi-so-1.html",
    "Bài viết",
    "Báo điện tử",
    "01/2025/HĐ-STTTT",
    "Có",
    "",
    "1.234",
    "Thành phố triển khai nền tảng số dùng chung.",
]
AGENCIES = [
    ["Cơ quan báo chí", "Tên khác", "Cấp", "Loại hình báo chí", "Độ phủ ước tính", "Tên miền RSS"],
    ["Báo Hải Phòng", "BHP; Báo HP", "Địa phương", "Báo in", "120.000", "baohaiphong.vn"],
    ["Báo Nhân Dân", "Nhân Dân", "Trung ương", "Báo điện tử", "1,2 triệu", "https://nhandan.vn"],
    ["Báo điện tử VnExpress", "VnExpress", "Trung ương", "Báo điện tử", "2 triệu", "vnexpress.net"],
]

_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"


def cp1258(text: str) -> bytes:
    """Windows-1258 as Vietnamese Windows software writes it: vowels with their hats and horns
    precomposed, tone marks as separate combining characters."""
    out = bytearray()
    for char in unicodedata.normalize("NFC", text):
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", char)
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONE_MARKS))
            out += (base + "".join(c for c in parts if c in _TONE_MARKS)).encode("cp1258")
    return bytes(out)


def csv_text(rows: list[list[object]], delimiter: str = ",") -> str:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue()


def write_csv(
    path: Path, rows: list[list[object]], *, encoding: str = "utf-8", delimiter: str = ","
) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = csv_text(rows, delimiter)
    path.write_bytes(cp1258(text) if encoding == "cp1258" else text.encode(encoding))
    return path


def write_xlsx(
    path: Path,
    rows: list[list[object]],
    *,
    sheet: str = "Sheet1",
    merges: tuple[str, ...] = (),
    before: list[tuple[str, list[list[object]]]] = (),
) -> Path:
    """One worksheet (after optional `before` sheets); `merges` like "A3:A5" keep only the
    top-left value, as Excel does."""
    path.parent.mkdir(parents=True, exist_ok=True)
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, other_rows in before:
        other = book.create_sheet(title)
        for row in other_rows:
            other.append(row)
    ws = book.create_sheet(sheet)
    for row in rows:
        ws.append(row)
    for merged in merges:
        ws.merge_cells(merged)
    book.save(path)
    return path


def write_agencies(inbox: Path) -> Path:
    return write_csv(inbox / "agencies" / "co-quan-bao-chi.csv", AGENCIES)


def load(con: duckdb.DuckDBPyConnection, source: str, inbox: Path) -> SourceLoadResult:
    """load_source, checking for every file that rows read = rows loaded + rows quarantined and
    that the warehouse holds exactly those rows."""
    result = load_source(con, source, inbox)
    for f in result.files:
        assert f.rows_read == f.rows_loaded + f.rows_quarantined, f
        in_table = con.execute(
            f"SELECT count(*), count(*) FILTER (WHERE _is_duplicate) FROM raw.{source} "
            "WHERE _source_file = ?",
            [f.path],
        ).fetchall()[0]
        in_quarantine = con.execute(
            "SELECT count(*) FROM raw.quarantine WHERE source = ? AND _source_file = ?",
            [source, f.path],
        ).fetchall()[0][0]
        assert in_table == (f.rows_loaded, f.rows_duplicate), f
        assert in_quarantine == f.rows_quarantined, f
    return result


def quarantined(con: duckdb.DuckDBPyConnection, source: str | None = None) -> list[dict]:
    query = (
        "SELECT source, _source_file, _sheet, _row_number, column_name, value, reason_code, "
        "reason_en, reason_vi, record_json FROM raw.quarantine"
    )
    params = []
    if source:
        query += " WHERE source = ?"
        params.append(source)
    cursor = con.execute(query + " ORDER BY _source_file, _row_number", params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def rows_of(con: duckdb.DuckDBPyConnection, source: str, columns: str = "*") -> list[dict]:
    cursor = con.execute(
        f"SELECT {columns} FROM raw.{source} ORDER BY _source_file, _sheet, _row_number"
    )
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
