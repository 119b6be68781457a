"""Reading the demo inbox back from its files, the way a person would read them.

These readers are deliberately independent of the generator: they know only the file layout
and the labels of the inbox contract (title rows above the header, Vietnamese labels).
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import polars as pl

# Labels of the inbox contract -> canonical codes (what the readers must understand).
DELIVERABLE = {
    "Tin": "news",
    "Bài viết": "article",
    "Phóng sự": "reportage",
    "Phim": "film",
    "Ảnh": "photo",
    "Phóng sự ảnh": "photo",
    "Chuyên trang": "special_page",
    "Chuyên mục": "special_page",
    "Chuyên đề": "special_page",
    "Tọa đàm": "talk_show",
    "Đối thoại": "talk_show",
    "Chương trình": "programme",
    "Sự kiện": "event",
    "Hội thảo": "event",
    "Hội nghị": "event",
}
CHANNEL = {
    "Báo in": "print",
    "Báo điện tử": "online",
    "Truyền hình": "tv",
    "Phát thanh": "radio",
    "Mạng xã hội": "social",
}
PAYMENT_KIND = {"Tạm ứng": "advance", "Thanh toán": "payment", "Quyết toán": "settlement"}
ACCEPTED = {"Có": True, "x": True, "1": True, "Đã nghiệm thu": True, "Không": False, "0": False}


@dataclass
class Demo:
    inbox: Path
    summary: dict
    contracts: list[dict]  # one per contract line
    payments: list[dict]
    coverage: list[dict]  # csv and xlsx rows, with "_file" and "_row"
    agencies: list[dict]
    year: int = 2025  # the plan year whose files these are (the inbox holds 2024 and 2025)


def read_workbook(path: Path) -> tuple[list[str], list[dict]]:
    """Rows below the header of the only sheet; the header is the first row with 3+ labels."""
    workbook = openpyxl.load_workbook(path, read_only=True)
    sheet = workbook.worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    workbook.close()
    header_at = next(i for i, r in enumerate(rows) if sum(v is not None for v in r) >= 3)
    headers = [str(h) for h in rows[header_at]]
    records = []
    for offset, values in enumerate(rows[header_at + 1 :]):
        record = dict(zip(headers, values, strict=True))
        record["_row"] = header_at + 2 + offset  # the row number Excel shows
        records.append(record)
    return headers, records


def read_csv(path: Path) -> list[dict]:
    frame = pl.read_csv(path, infer_schema=False)
    records = frame.to_dicts()
    for offset, record in enumerate(records):
        record["_row"] = offset + 2
    return records


def as_date(value) -> dt.date | None:
    """A date cell, or dd/mm/yyyy text; None for text that is no real date."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.datetime.strptime(str(value), "%d/%m/%Y").date()
    except ValueError:
        return None


def year_file(inbox: Path, source: str, year: int, suffix: str) -> Path:
    """The one file of a source for a plan year: its name ends in the year."""
    (path,) = (inbox / source).glob(f"*-{year}{suffix}")
    return path


def read_coverage(inbox: Path, year: int) -> list[dict]:
    """The coverage rows of one plan year's CSV and workbook (files named after the year)."""
    rows = []
    for path in sorted((inbox / "coverage").glob(f"*-{year}.csv")):
        for record in read_csv(path):
            record["_file"] = path.relative_to(inbox).as_posix()
            rows.append(record)
    for path in sorted((inbox / "coverage").glob(f"*-{year}.xlsx")):
        for record in read_workbook(path)[1]:
            record["_file"] = path.relative_to(inbox).as_posix()
            rows.append(record)
    for record in rows:
        record["date"] = as_date(record["Ngày đăng"])
        label = record["Nghiệm thu"]
        record["accepted"] = ACCEPTED.get(str(label).strip(), False) if label else False
        record["type"] = DELIVERABLE.get(record["Loại sản phẩm"])
        record["channel"] = CHANNEL.get(record["Loại hình"])
        record["key"] = record["Đường dẫn"] or (
            record["Cơ quan báo chí"],
            record["Tiêu đề"],
            record["date"],
        )
    return rows


def contracts_by_id(demo) -> dict[str, dict]:
    contracts: dict[str, dict] = {}
    for line in demo.contracts:
        c = contracts.setdefault(
            line["Số hợp đồng"],
            {
                "start": as_date(line["Ngày bắt đầu"]),
                "end": as_date(line["Ngày kết thúc"]),
                "liquidated": as_date(line["Ngày thanh lý"]) if line["Ngày thanh lý"] else None,
                "lines": {},
            },
        )
        assert (line["type"], line["channel"]) not in c["lines"], "one line per type and channel"
        c["lines"][(line["type"], line["channel"])] = line
    for c in contracts.values():
        c["value"] = sum(x["Thành tiền"] for x in c["lines"].values())
    return contracts


def accepted_value(demo) -> dict[str, int]:
    """Per contract: Σ over lines of min(accepted, ordered) × unit price (programmes: minutes)."""
    contracts = contracts_by_id(demo)
    accepted_qty: dict[tuple, float] = defaultdict(float)
    seen: set = set()
    for row in demo.coverage:
        if not row["accepted"] or not row["Số hợp đồng"]:
            continue
        identity = (row["key"], row["Số hợp đồng"])
        if identity in seen:  # an exact duplicate row counts once
            continue
        seen.add(identity)
        qty = float(row["Thời lượng (phút)"]) if row["type"] == "programme" else 1.0
        accepted_qty[(row["Số hợp đồng"], row["type"], row["channel"])] += qty
    values = {}
    for contract_id, c in contracts.items():
        values[contract_id] = sum(
            min(accepted_qty[(contract_id, t, ch)], line["Số lượng"]) * line["Đơn giá"]
            for (t, ch), line in c["lines"].items()
        )
    return values
