"""Workbooks as people keep them: one sheet per quarter, summary and hidden sheets, formatting
far below the data, encrypted parts. Every row of every sheet read is loaded or quarantined,
and every sheet not read is named."""

import time
import zipfile
from pathlib import Path

import openpyxl
import pytest
from ingest_testkit import PAYMENT_HEADER, load, quarantined, rows_of
from openpyxl.styles import PatternFill

from ingestion.errors import BadInputError
from ingestion.load import load_source
from ingestion.readers import read_xlsx

QUARTERS = {
    "Quý 1": [("UNC-2025-0001", "15/02/2025", "120.000.000")],
    "Quý 2": [
        ("UNC-2025-0040", "10/05/2025", "95.500.000"),
        ("UNC-2025-0041", "11/05/2025", "1e8"),
    ],
    "Quý 3": [("UNC-2025-0077", "30/09/2025", "81.550.000")],
    "Quý 4": [("UNC-2025-0101", "20/11/2025", "1,25 tỷ"), ("UNC-2025-0102", "21/11/2025", "2 tr")],
}


def quarterly_workbook(path: Path) -> Path:
    """Payments with one sheet per quarter (a title row above each header), a summary sheet
    and a hidden working sheet."""
    path.parent.mkdir(parents=True, exist_ok=True)
    book = openpyxl.Workbook()
    book.remove(book.active)
    summary = book.create_sheet("Tổng hợp")
    summary.append(["Quý", "Tổng chi"])
    summary.append(["Quý 1", 120_000_000])
    for title, vouchers in QUARTERS.items():
        ws = book.create_sheet(title)
        ws.append([f"Chứng từ chi {title} năm 2025"])
        ws.append(PAYMENT_HEADER)
        for voucher, day, amount in vouchers:
            ws.append([voucher, "04/2025/HĐ-STTTT", day, amount, "Thanh toán"])
    hidden = book.create_sheet("Nháp")
    hidden.append(PAYMENT_HEADER)
    hidden.append(["NHAP-1", "04/2025/HĐ-STTTT", "01/01/2025", "1.000", "Thanh toán"])
    hidden.sheet_state = "hidden"
    book.save(path)
    return path


def test_every_quarter_sheet_is_read_and_counted_per_sheet(inbox, con):
    quarterly_workbook(inbox / "payments" / "chi-2025.xlsx")
    result = load(con, "payments", inbox)
    (file,) = result.files
    assert file.sheets == {
        "Quý 1": (1, 1, 0),
        "Quý 2": (2, 1, 1),
        "Quý 3": (1, 1, 0),
        "Quý 4": (2, 2, 0),
    }
    assert file.ignored_sheets == ["Tổng hợp", "Nháp (hidden)"]
    assert (file.rows_read, file.rows_loaded, file.rows_quarantined) == (6, 5, 1)
    assert rows_of(con, "payments", "_sheet, _row_number, payment_id, amount_vnd") == [
        {
            "_sheet": "Quý 1",
            "_row_number": 3,
            "payment_id": "UNC-2025-0001",
            "amount_vnd": 120_000_000,
        },
        {
            "_sheet": "Quý 2",
            "_row_number": 3,
            "payment_id": "UNC-2025-0040",
            "amount_vnd": 95_500_000,
        },
        {
            "_sheet": "Quý 3",
            "_row_number": 3,
            "payment_id": "UNC-2025-0077",
            "amount_vnd": 81_550_000,
        },
        {
            "_sheet": "Quý 4",
            "_row_number": 3,
            "payment_id": "UNC-2025-0101",
            "amount_vnd": 1_250_000_000,
        },
        {
            "_sheet": "Quý 4",
            "_row_number": 4,
            "payment_id": "UNC-2025-0102",
            "amount_vnd": 2_000_000,
        },
    ]
    (problem,) = quarantined(con, "payments")
    assert (problem["_sheet"], problem["_row_number"], problem["value"]) == ("Quý 2", 4, "1e8")


def test_a_sheet_missing_a_column_the_others_have_refuses_the_file(inbox, con):
    path = quarterly_workbook(inbox / "payments" / "chi-2025.xlsx")
    book = openpyxl.load_workbook(path)
    book["Quý 3"]["D2"] = "Số tền"  # a typo: the sheet's amounts have no column
    book.save(path)
    with pytest.raises(BadInputError) as caught:
        load_source(con, "payments", inbox)
    assert "sheet 'Quý 3'" in str(caught.value)
    assert (caught.value.row, caught.value.column) == (2, "Số tiền")


def styled_workbook(path: Path, data_rows: int, styled_rows: int) -> Path:
    """A payments sheet with `data_rows` rows, then formatting down to row `styled_rows`
    (as when a whole column is coloured), written as Excel writes it: one styled cell per
    row."""
    path.parent.mkdir(parents=True, exist_ok=True)
    book = openpyxl.Workbook(write_only=True)
    ws = book.create_sheet("Chứng từ")
    ws.append(PAYMENT_HEADER)
    for i in range(data_rows):
        ws.append([f"PC-{i}", "01/2025/HĐ", "20/02/2025", "1.000.000", "Thanh toán"])
    fill = PatternFill("solid", fgColor="FFFF00")
    for _ in range(styled_rows - data_rows - 1):
        cell = openpyxl.cell.WriteOnlyCell(ws)
        cell.fill = fill
        ws.append([cell])
    book.save(path)
    return path


def test_empty_styled_rows_below_the_data_are_not_walked(inbox, monkeypatch):
    path = styled_workbook(inbox / "payments" / "ct.xlsx", data_rows=3, styled_rows=20_000)
    walked = []
    original = openpyxl.worksheet._read_only.ReadOnlyWorksheet._get_row

    def counting(self, *args, **kwargs):
        walked.append(1)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(openpyxl.worksheet._read_only.ReadOnlyWorksheet, "_get_row", counting)
    started = time.monotonic()
    raw = read_xlsx(path, "payments/ct.xlsx", "payments")
    elapsed = time.monotonic() - started
    assert raw.frame.height == 3
    assert raw.sheet_rows == {"Chứng từ": 3}
    assert len(walked) < 50  # the header scan and the four rows, not 20.000 rows
    assert elapsed < 10


def test_a_workbook_with_encrypted_entries_is_refused_naming_the_file(inbox, con):
    path = styled_workbook(inbox / "payments" / "ct.xlsx", data_rows=1, styled_rows=3)
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        offsets = [info.header_offset for info in archive.infolist()]
        central = [(info.filename, info) for info in archive.infolist()]
    for offset in offsets:  # the general-purpose flag of each local header: bit 0 = encrypted
        data[offset + 6] |= 0x01
    start = data.find(b"PK\x01\x02")
    while start >= 0:  # and of each central directory entry
        data[start + 8] |= 0x01
        start = data.find(b"PK\x01\x02", start + 4)
    path.write_bytes(bytes(data))
    assert central
    with pytest.raises(BadInputError) as caught:
        load_source(con, "payments", inbox)
    assert str(caught.value).startswith("file payments/ct.xlsx: expected a readable .xlsx")
    assert "encrypted zip entries" in str(caught.value)


def test_a_password_protected_workbook_is_refused_naming_the_file(inbox, con):
    (inbox / "payments").mkdir()
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1024  # how Excel stores one
    (inbox / "payments" / "ct.xlsx").write_bytes(ole)
    with pytest.raises(BadInputError) as caught:
        load_source(con, "payments", inbox)
    assert "payments/ct.xlsx" in str(caught.value)
    assert "encrypted (password-protected)" in str(caught.value)
