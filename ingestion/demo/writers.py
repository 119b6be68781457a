"""Writing sheets the way the department's staff keep them, byte-for-byte reproducibly.

Workbooks carry a title row and a note row above the header, as government sheets do; money is
stored as numbers, dates as date cells. Document properties use a fixed timestamp so the same
data always gives the same bytes. CSV files are UTF-8 with a byte-order mark and CRLF line ends,
as Excel on Windows saves them.
"""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import polars as pl
import xlsxwriter

from ingestion.demo.reference import DEMO_LABEL_VI

# Every workbook claims to have been created (and last saved) at this moment.
FIXED_TIMESTAMP = dt.datetime(2026, 1, 20, 8, 0, 0)
HEADER_ROW = 3  # 1-based row of the header in every workbook the demo writes


@dataclass(frozen=True)
class Column:
    header: str
    kind: str = "text"  # text | int | money | number | date | datetime
    width: float = 14


Cell = str | int | float | dt.date | dt.datetime | None


def write_workbook(
    path: Path,
    sheet_name: str,
    title: str,
    columns: Sequence[Column],
    rows: Sequence[Sequence[Cell]],
    subject: str,
) -> None:
    """One sheet: a title row, a note row saying the data is illustrative, the header, rows."""
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook = xlsxwriter.Workbook(
        str(path), {"in_memory": True, "strings_to_numbers": False, "strings_to_urls": False}
    )
    workbook.set_properties(
        {
            "title": title,
            "subject": subject,
            "author": "mediacoop",
            "comments": f"{DEMO_LABEL_VI}: tên cơ quan báo chí là thật, số liệu là giả định.",
            "created": FIXED_TIMESTAMP,
        }
    )
    bold = workbook.add_format({"bold": True, "font_size": 13})
    italic = workbook.add_format({"italic": True, "font_color": "#9C0006"})
    header = workbook.add_format(
        {"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True, "valign": "top"}
    )
    formats = {
        "money": workbook.add_format({"num_format": "#,##0"}),
        "int": workbook.add_format({"num_format": "0"}),
        "number": workbook.add_format({"num_format": "0.##"}),
        "date": workbook.add_format({"num_format": "dd/mm/yyyy"}),
        "datetime": workbook.add_format({"num_format": "dd/mm/yyyy hh:mm"}),
    }
    sheet = workbook.add_worksheet(sheet_name)
    last_col = len(columns) - 1
    sheet.merge_range(0, 0, 0, last_col, title, bold)
    sheet.merge_range(
        1, 0, 1, last_col, f"{DEMO_LABEL_VI} — không phải số liệu thật; đơn vị tiền: đồng", italic
    )
    for col, column in enumerate(columns):
        sheet.write_string(HEADER_ROW - 1, col, column.header, header)
        sheet.set_column(col, col, column.width)
    for r, row in enumerate(rows, start=HEADER_ROW):
        for col, (column, value) in enumerate(zip(columns, row, strict=True)):
            _write_cell(sheet, r, col, column.kind, value, formats)
    sheet.freeze_panes(HEADER_ROW, 0)
    sheet.autofilter(HEADER_ROW - 1, 0, HEADER_ROW - 1 + len(rows), last_col)
    workbook.close()


def _write_cell(sheet, row: int, col: int, kind: str, value: Cell, formats: dict) -> None:
    if value is None or value == "":
        return
    if isinstance(value, str):
        # Also how a typo ends up in a date or number column: as text.
        sheet.write_string(row, col, value)
    elif isinstance(value, dt.datetime):
        sheet.write_datetime(row, col, value, formats["datetime"])
    elif isinstance(value, dt.date):
        sheet.write_datetime(row, col, dt.datetime.combine(value, dt.time()), formats["date"])
    else:
        sheet.write_number(row, col, value, formats.get(kind))


def write_csv(path: Path, headers: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    """UTF-8 with BOM, CRLF, every value as the text a person would see."""
    path.parent.mkdir(parents=True, exist_ok=True)
    # Blank cells are written as nothing at all, not as a quoted empty string.
    columns = {h: [row[i] or None for row in rows] for i, h in enumerate(headers)}
    frame = pl.DataFrame(columns, schema=dict.fromkeys(headers, pl.String))
    frame.write_csv(path, include_bom=True, line_terminator="\r\n")


def date_vi(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")
