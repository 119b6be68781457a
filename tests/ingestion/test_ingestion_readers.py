"""Readers: headers in any spelling, title rows, delimiters, sheets, JSON Lines and feeds."""

import datetime as dt
import json
from pathlib import Path

import openpyxl
import pytest
from ingest_testkit import (
    CONTRACT_HEADER,
    CONTRACT_ROW,
    COVERAGE_HEADER,
    COVERAGE_ROW,
    PAYMENT_HEADER,
    PAYMENT_ROW,
    load,
    quarantined,
    rows_of,
    write_agencies,
    write_csv,
    write_xlsx,
)

from ingestion import readers
from ingestion.agencies import AgencyDirectory
from ingestion.errors import BadInputError
from ingestion.load import load_source
from ingestion.normalise import fold, parse_money, parse_number
from ingestion.readers import (
    _records,
    _records_by_csv_module,
    cell_text,
    feed_timestamp,
    find_header,
    match_header,
    read_file,
)

ENGLISH_CONTRACT_HEADER = [
    "contract_id",
    "agency",
    "signed_on",
    "start_date",
    "end_date",
    "liquidated_on",
    "deliverable_type",
    "channel",
    "theme_area",
    "quantity",
    "unit_price_vnd",
    "amount_vnd",
]


@pytest.mark.parametrize(
    "header",
    [
        CONTRACT_HEADER,
        ENGLISH_CONTRACT_HEADER,
        [fold(h) for h in CONTRACT_HEADER],  # no diacritics
        [h.upper() for h in CONTRACT_HEADER],
        [f"  {h.replace(' ', '  ')} " for h in CONTRACT_HEADER],  # stray spaces
        [h.replace("_", " ").title() for h in ENGLISH_CONTRACT_HEADER],
    ],
    ids=["vietnamese", "english", "no-diacritics", "upper-case", "spaces", "english-words"],
)
def test_every_contract_column_is_recognised(header):
    assert match_header(header, "contracts") == {
        column: index for index, column in enumerate(ENGLISH_CONTRACT_HEADER)
    }


def test_longer_labels_match_by_their_start_and_unknown_columns_are_ignored():
    header = ["STT", "Số chứng từ", "Số hợp đồng", "Ngày chi", "Số tiền (VNĐ)", "Loại", "Ghi chú"]
    assert match_header(header, "payments") == {
        "payment_id": 1,
        "contract_id": 2,
        "paid_on": 3,
        "amount_vnd": 4,
        "kind": 5,
    }


def test_the_header_is_the_row_naming_most_columns_title_rows_skipped():
    rows = [
        ["ỦY BAN NHÂN DÂN THÀNH PHỐ HẢI PHÒNG"],
        ["DANH SÁCH HỢP ĐỒNG HỢP TÁC TRUYỀN THÔNG NĂM 2025"],
        [],
        CONTRACT_HEADER,
        CONTRACT_ROW,
    ]
    index, mapping = find_header(rows, "contracts")
    assert index == 3 and len(mapping) == len(CONTRACT_HEADER)


def test_csv_title_rows_keep_row_numbers_as_seen(inbox, con):
    rows = [["Danh sách hợp đồng 2025"], ["(đơn vị: đồng)"], CONTRACT_HEADER, CONTRACT_ROW]
    rows.append(["02/2025/HĐ", *CONTRACT_ROW[1:]])
    write_csv(inbox / "contracts" / "hd.csv", rows)
    load(con, "contracts", inbox)
    assert [r["_row_number"] for r in rows_of(con, "contracts")] == [4, 5]


def test_csv_row_numbers_count_blank_lines_and_cells_spanning_lines(inbox, con):
    summary = "Dòng một\nDòng hai\nDòng ba"
    text = (
        ",".join(COVERAGE_HEADER)
        + "\n"
        + ",".join(COVERAGE_ROW[:10])
        + f',"{summary}"\n'
        + "\n"
        + ",".join(COVERAGE_ROW[:3])
        + ",https://baohaiphong.vn/2.html,Tin,Báo in,,,,,\n"
    )
    (inbox / "coverage").mkdir()
    (inbox / "coverage" / "tin.csv").write_text(text, encoding="utf-8")
    result = load(con, "coverage", inbox)
    rows = rows_of(con, "coverage", "_row_number, summary")
    assert result.rows_read == 2
    assert rows == [
        {"_row_number": 2, "summary": summary},
        {"_row_number": 6, "summary": None},  # the first row spans lines 2-4; line 5 is blank
    ]


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_csv_delimiter_is_sniffed(inbox, con, delimiter):
    write_csv(inbox / "payments" / "ct.csv", [PAYMENT_HEADER, PAYMENT_ROW], delimiter=delimiter)
    result = load(con, "payments", inbox)
    assert (result.rows_loaded, result.rows_quarantined) == (1, 0)
    assert rows_of(con, "payments", "amount_vnd, kind") == [
        {"amount_vnd": 15_000_000, "kind": "advance"}
    ]


def test_xlsx_named_sheet_wins_over_the_first(inbox, con):
    write_xlsx(
        inbox / "payments" / "ct.xlsx",
        [PAYMENT_HEADER, PAYMENT_ROW],
        sheet="Thanh toán",
        before=[("Hướng dẫn", [["Điền số liệu vào trang Thanh toán"]])],
    )
    load(con, "payments", inbox)
    assert rows_of(con, "payments", "_sheet, _row_number") == [
        {"_sheet": "Thanh toán", "_row_number": 2}
    ]


def test_xlsx_without_a_named_sheet_uses_the_sheet_with_the_columns(inbox, con):
    write_xlsx(
        inbox / "payments" / "ct.xlsx",
        [PAYMENT_HEADER, PAYMENT_ROW],
        sheet="Sheet2",
        before=[("Bìa", [["Sở Thông tin và Truyền thông"], ["Năm 2025"]])],
    )
    load(con, "payments", inbox)
    assert rows_of(con, "payments", "_sheet") == [{"_sheet": "Sheet2"}]


def test_xlsx_typed_cells_dates_numbers_and_text(inbox, con):
    row = [
        "01/2025/HĐ",
        "Báo Hải Phòng",
        dt.datetime(2025, 1, 10),
        dt.date(2025, 1, 15),
        "31/12/2025",
        None,
        "Phóng sự",
        "Truyền hình",
        3,
        2.5,
        40_000_000,
        100_000_000.0,
    ]
    write_xlsx(inbox / "contracts" / "hd.xlsx", [CONTRACT_HEADER, row])
    load(con, "contracts", inbox)
    assert rows_of(
        con, "contracts", "signed_on, start_date, end_date, theme_area, quantity, amount_vnd"
    ) == [
        {
            "signed_on": dt.date(2025, 1, 10),
            "start_date": dt.date(2025, 1, 15),
            "end_date": dt.date(2025, 12, 31),
            "theme_area": 3,
            "quantity": 2.5,
            "amount_vnd": 100_000_000,
        }
    ]


def test_jsonl_keys_in_any_label_and_line_numbers(inbox, con):
    lines = [
        {"agency": "Báo Hải Phòng", "published_at": "2025-03-15T08:30:00+07:00", "title": "Một"},
        {"Cơ quan báo chí": "BHP", "Ngày đăng": "16/03/2025", "Tiêu đề": "Hai", "Lượt xem": 1200},
    ]
    (inbox / "coverage").mkdir()
    text = "\n".join(json.dumps(line, ensure_ascii=False) for line in lines[:1])
    text += "\n\n" + json.dumps(lines[1], ensure_ascii=False) + "\n"
    (inbox / "coverage" / "items.jsonl").write_text(text, encoding="utf-8")
    write_agencies(inbox)
    load(con, "agencies", inbox)
    load(con, "coverage", inbox)
    assert rows_of(con, "coverage", "_row_number, agency, published_at, views") == [
        {
            "_row_number": 1,
            "agency": "Báo Hải Phòng",
            "published_at": dt.datetime(2025, 3, 15, 8, 30),
            "views": None,
        },
        {
            "_row_number": 3,
            "agency": "Báo Hải Phòng",
            "published_at": dt.datetime(2025, 3, 16),
            "views": 1200,
        },
    ]


RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Báo Hải Phòng - Thời sự</title>
<item><title>Hải Phòng &amp; chuyển đổi số</title>
  <link>https://baohaiphong.vn/thoi-su/chuyen-doi-so-1.html</link>
  <pubDate>Tue, 15 Apr 2025 06:00:00 +0700</pubDate>
  <description>&lt;p&gt;Thành phố &lt;b&gt;đẩy mạnh&lt;/b&gt;
  chuyển đổi số.&lt;/p&gt;</description></item>
<item><title>Tin muộn</title><link>https://www.baohaiphong.vn/thoi-su/2.html</link>
  <pubDate>Tue, 15 Apr 2025 23:30:00 GMT</pubDate></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Nhân Dân</title>
<entry><title>Kỷ niệm 70 năm giải phóng Hải Phòng</title>
  <link href="https://nhandan.vn/ky-niem-70-nam.html"/>
  <published>2025-05-13T09:00:00+07:00</published><summary>Lễ kỷ niệm trọng thể.</summary></entry>
</feed>"""


def test_rss_and_atom_items_map_to_agencies_by_feed_host(inbox, con):
    write_agencies(inbox)
    (inbox / "coverage").mkdir()
    (inbox / "coverage" / "bao-hp.rss").write_text(RSS, encoding="utf-8")
    (inbox / "coverage" / "nhan-dan.atom").write_text(ATOM, encoding="utf-8")
    load(con, "agencies", inbox)
    load(con, "coverage", inbox)
    rows = rows_of(
        con, "coverage", "agency, published_at, title, url, summary, deliverable_type, channel"
    )
    assert rows == [
        {
            "agency": "Báo Hải Phòng",
            "published_at": dt.datetime(2025, 4, 15, 6, 0),
            "title": "Hải Phòng & chuyển đổi số",
            "url": "https://baohaiphong.vn/thoi-su/chuyen-doi-so-1.html",
            "summary": "Thành phố đẩy mạnh chuyển đổi số.",
            "deliverable_type": "article",
            "channel": "online",
        },
        {
            "agency": "Báo Hải Phòng",
            "published_at": dt.datetime(2025, 4, 16, 6, 30),  # 23:30 GMT is 06:30 next day
            "title": "Tin muộn",
            "url": "https://www.baohaiphong.vn/thoi-su/2.html",
            "summary": None,
            "deliverable_type": "article",
            "channel": "online",
        },
        {
            "agency": "Báo Nhân Dân",
            "published_at": dt.datetime(2025, 5, 13, 9, 0),
            "title": "Kỷ niệm 70 năm giải phóng Hải Phòng",
            "url": "https://nhandan.vn/ky-niem-70-nam.html",
            "summary": "Lễ kỷ niệm trọng thể.",
            "deliverable_type": "article",
            "channel": "online",
        },
    ]


def test_feed_on_another_host_maps_by_file_name(inbox, con):
    write_agencies(inbox)
    feed = RSS.replace("baohaiphong.vn", "cdn.example.com")
    (inbox / "coverage").mkdir()
    (inbox / "coverage" / "Bao Hai Phong.rss").write_text(feed, encoding="utf-8")
    load(con, "agencies", inbox)
    load(con, "coverage", inbox)
    assert {r["agency"] for r in rows_of(con, "coverage", "agency")} == {"Báo Hải Phòng"}


@pytest.mark.parametrize(
    ("text", "local"),
    [
        ("Tue, 15 Apr 2025 06:00:00 +0700", "2025-04-15 06:00:00"),
        ("Tue, 15 Apr 2025 01:00:00 GMT", "2025-04-15 08:00:00"),
        ("2025-04-15T01:00:00Z", "2025-04-15 08:00:00"),
        ("2025-04-15", "2025-04-15 00:00:00"),
        ("hôm nay", "hôm nay"),  # passed on for validation to refuse
    ],
)
def test_feed_dates_rfc822_and_rfc3339(text, local):
    assert feed_timestamp(text) == local


def test_reader_reports_encoding_and_labels(tmp_path):
    path = write_csv(tmp_path / "ct.csv", [PAYMENT_HEADER, PAYMENT_ROW], encoding="utf-16")
    rows = read_file(path, "payments/ct.csv", "payments", AgencyDirectory())
    assert rows.encoding == "utf-16"
    assert rows.labels["amount_vnd"] == "Số tiền"
    assert rows.frame.height == 1


def test_lock_hidden_and_unknown_files_are_not_read_but_listed_with_the_reason(inbox, con):
    write_csv(inbox / "payments" / "ct.csv", [PAYMENT_HEADER, PAYMENT_ROW])
    (inbox / "payments" / "~$ct.xlsx").write_bytes(b"lock")
    (inbox / "payments" / ".DS_Store").write_bytes(b"\x00")
    (inbox / "payments" / "README.txt").write_text("Chứng từ chi năm 2025", encoding="utf-8")
    write_csv(inbox / "payments" / "ct-quy-2.csv.txt", [PAYMENT_HEADER, PAYMENT_ROW])
    (inbox / "payments" / "cu").mkdir()
    result = load(con, "payments", inbox)
    assert [f.path for f in result.files] == ["payments/ct.csv"]
    assert result.ignored_files == {
        "payments/.DS_Store": "hidden file",
        "payments/README.txt": "unknown suffix .txt; readable: .csv, .tsv, .xlsx, .xlsm, "
        ".jsonl, .ndjson",
        "payments/ct-quy-2.csv.txt": "unknown suffix .txt; readable: .csv, .tsv, .xlsx, "
        ".xlsm, .jsonl, .ndjson",
        "payments/cu": "not a file (a folder?)",
        "payments/~$ct.xlsx": "Excel lock file (the workbook is open in Excel)",
    }


@pytest.mark.parametrize("where", ["file", "folder"])
def test_a_symbolic_link_in_the_inbox_is_refused_not_followed(inbox, con, tmp_path, where):
    outside = write_csv(
        tmp_path / "elsewhere" / "payments" / "ct.csv", [PAYMENT_HEADER, PAYMENT_ROW]
    )
    if where == "file":
        (inbox / "payments").mkdir()
        (inbox / "payments" / "ct.csv").symlink_to(outside)
        name = "payments/ct.csv"
    else:
        (inbox / "payments").symlink_to(outside.parent, target_is_directory=True)
        name = "payments"
    with pytest.raises(BadInputError) as caught:
        load_source(con, "payments", inbox)
    assert str(caught.value).startswith(f"file {name}: expected a regular file or folder")
    assert "symbolic link" in str(caught.value)
    assert "symlink" in caught.value.message_for_people()


def test_workbook_written_by_excel_with_cached_formula_values(inbox, con):
    """openpyxl writes formulas without results; Excel saves the result beside the formula.
    The saved result is what loads."""
    path = write_xlsx(
        inbox / "contracts" / "hd.xlsx", [CONTRACT_HEADER, [*CONTRACT_ROW[:11], "=J2*K2"]]
    )
    _save_formula_result(path, "L2", 50_000_000)
    assert openpyxl.load_workbook(path, data_only=True).active["L2"].value == 50_000_000
    load(con, "contracts", inbox)
    assert rows_of(con, "contracts", "amount_vnd") == [{"amount_vnd": 50_000_000}]
    assert quarantined(con) == []


def _save_formula_result(path: Path, cell: str, value: int) -> None:
    """Add the cached value Excel would store for a formula cell."""
    import re
    import zipfile

    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    sheet = next(n for n in parts if n.startswith("xl/worksheets/sheet"))
    xml = parts[sheet].decode()
    xml, count = re.subn(
        rf'(<c r="{cell}"[^>]*>)<f>([^<]*)</f><v\s*/?>(?:</v>)?',
        rf"\1<f>\2</f><v>{value}</v>",
        xml,
    )
    if not count:
        xml, count = re.subn(
            rf'(<c r="{cell}"[^>]*>)<f>([^<]*)</f>', rf"\1<f>\2</f><v>{value}</v>", xml
        )
    assert count == 1, xml
    parts[sheet] = xml.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)


@pytest.mark.parametrize(
    ("cell", "text"),
    [
        (None, None),
        ("  Hải Phòng ", "  Hải Phòng "),
        (True, "true"),
        (1_250_000, "1250000"),
        (1_250_000.0, "1250000"),
        (0.35, "0.35"),
        (1250.125, "1250.1250"),  # not "1250.125", which reads as 1,250,125
        (0.00001, "0.00001"),
        (89705000.00000001, "89705000"),  # =81550000*1,1 in Excel: noise, not a fraction
        (1250000.5, "1250000.5"),
        (dt.datetime(2025, 3, 15), "2025-03-15"),
        (dt.datetime(2025, 3, 15, 8, 30), "2025-03-15 08:30:00"),
        (dt.date(2025, 3, 15), "2025-03-15"),
    ],
)
def test_spreadsheet_cells_as_unambiguous_text(cell, text):
    assert cell_text(cell) == text


@pytest.mark.parametrize("number", [0.35, 1250.125, 0.00001, 74.84, 1_250_000.5])
def test_spreadsheet_numbers_read_back_exactly_even_as_counts(number):
    assert parse_number(cell_text(number), thousands=True) == pytest.approx(number)


@pytest.mark.parametrize(
    ("number", "vnd"), [(81_550_000.0, 81_550_000), (89705000.00000001, 89_705_000), (0.5, None)]
)
def test_spreadsheet_money_cells_are_whole_dong_or_refused(number, vnd):
    assert parse_money(cell_text(number)) == vnd


@pytest.mark.parametrize("step", [32 * 2**20, 8, 1])  # slices of whole records, any size
def test_both_readings_of_csv_records_agree(monkeypatch, step):
    monkeypatch.setattr(readers, "_RECORD_STEP", step)
    text = (
        "Tiêu đề\n"
        "a,b,c\n"
        '1,"hai\ndòng",3\n'
        "\n"
        ",,\n"
        '4,"có ""ngoặc"", phẩy",6\n'
        "7,8\n"
        '9,10,11,"12\n13"\n'
        '14,Tivi 55", 65",15\n'
    ).encode()
    by_lines = _records(text, ",", 2, 3)
    by_module = _records_by_csv_module(text, ",", 2, 3)
    assert by_lines[0].to_list() == by_module[0].to_list() == [3, 7, 8, 9, 11]
    assert (
        by_lines[1] == by_module[1] == {8: "7,8", 9: '9,10,11,"12\n13"', 11: '14,Tivi 55", 65",15'}
    )
