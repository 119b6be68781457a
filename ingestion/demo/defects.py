"""Deliberate slips in a few rows, of the kinds staff really make, for quarantine to catch.

Only rows of organic coverage (no contract) and one interim payment are touched. The payment's
slip is corrected by the demo's reviews/ file (ingestion.demo.inbox), as an analyst resolves a
quarantined money row, so the demo settles with every voucher of its payments file.
"""

import random
from dataclasses import asdict, dataclass

UNKNOWN_AGENCY = "Trang tin Hải Phòng 24h"
UNKNOWN_AGENCY_HOST = "haiphong24h.net"


@dataclass
class Defect:
    source: str
    file: str
    column: str
    value: str
    problem: str
    problem_vi: str
    expected: str
    row: int = 0  # the row a person sees in the file (header included)

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class Sheet:
    """Rows of one file, with where data starts, so defects can report real row numbers."""

    source: str
    file: str
    headers: list[str]
    rows: list[list]
    first_data_row: int  # 2 for a CSV, 4 below the title, note and header rows of a workbook

    def col(self, header: str) -> int:
        return self.headers.index(header)


def _pick(rng: random.Random, candidates: list[list], taken: set[int]) -> list:
    while True:
        row = rng.choice(candidates)
        if id(row) not in taken:
            taken.add(id(row))
            return row


def inject(
    coverage_csv: Sheet,
    organic_csv: list[list],
    coverage_xlsx: Sheet,
    organic_xlsx: list[list],
    payments: Sheet,
    interim_payments: list[list],
    rng: random.Random,
) -> list[Defect]:
    """Apply the defects in place and return them with their final row numbers."""
    taken: set[int] = set()
    marked: list[tuple[Defect, Sheet, list]] = []
    csv_file, xlsx_file = coverage_csv.file, coverage_xlsx.file
    c = coverage_csv.col
    online = [r for r in organic_csv if r[c("Đường dẫn")] and r[c("Lượt xem")]]

    row = _pick(rng, online, taken)
    row[c("Ngày đăng")] = "31/02/2025"
    marked.append((Defect("coverage", csv_file, "Ngày đăng", "31/02/2025", "impossible_date",
                          "Ngày không tồn tại", "quarantined"), coverage_csv, row))  # fmt: skip

    row = _pick(rng, online, taken)
    row[c("Cơ quan báo chí")] = UNKNOWN_AGENCY
    host = row[c("Đường dẫn")].split("/")[2]
    row[c("Đường dẫn")] = row[c("Đường dẫn")].replace(host, UNKNOWN_AGENCY_HOST)
    marked.append((Defect("coverage", csv_file, "Cơ quan báo chí", UNKNOWN_AGENCY,
                          "unknown_agency", "Cơ quan báo chí không có trong danh mục",
                          "flagged or quarantined"), coverage_csv, row))  # fmt: skip

    row = _pick(rng, online, taken)
    row[c("Lượt xem")] = f"-{row[c('Lượt xem')]}"
    marked.append((Defect("coverage", csv_file, "Lượt xem", row[c("Lượt xem")],
                          "negative_number", "Lượt xem âm", "quarantined or views dropped"),
                   coverage_csv, row))  # fmt: skip

    row = _pick(rng, online, taken)
    row[c("Tiêu đề")] = None
    marked.append((Defect("coverage", csv_file, "Tiêu đề", "", "missing_required",
                          "Thiếu tiêu đề", "quarantined"), coverage_csv, row))  # fmt: skip

    row = _pick(rng, online, taken)
    row[c("Đường dẫn")] = "htps//" + row[c("Đường dẫn")].removeprefix("https://")
    marked.append((Defect("coverage", csv_file, "Đường dẫn", row[c("Đường dẫn")],
                          "malformed_url", "Đường dẫn sai định dạng",
                          "quarantined or address dropped"), coverage_csv, row))  # fmt: skip

    row = _pick(rng, organic_csv, taken)
    duplicate = list(row)
    coverage_csv.rows.insert(_index(coverage_csv.rows, row) + 1, duplicate)
    marked.append((Defect("coverage", csv_file, "(cả dòng)", "", "duplicate_row",
                          "Dòng trùng lặp hoàn toàn với dòng ngay trên",
                          "loaded once, marked duplicate"), coverage_csv, duplicate))  # fmt: skip

    x = coverage_xlsx.col
    row = _pick(rng, organic_xlsx, taken)
    row[x("Ngày đăng")] = "30/02/2025"
    marked.append((Defect("coverage", xlsx_file, "Ngày đăng", "30/02/2025", "impossible_date",
                          "Ngày không tồn tại (ô nhập dạng chữ)", "quarantined"),
                   coverage_xlsx, row))  # fmt: skip

    row = _pick(rng, organic_xlsx, taken)
    row[x("Cơ quan báo chí")] = None
    marked.append((Defect("coverage", xlsx_file, "Cơ quan báo chí", "", "missing_required",
                          "Thiếu tên cơ quan báo chí", "quarantined"),
                   coverage_xlsx, row))  # fmt: skip

    p = payments.col
    september = [r for r in interim_payments if r[p("Ngày chi")].month == 9]
    row = _pick(rng, september or interim_payments, taken)
    row[p("Ngày chi")] = "31/09/2025"
    marked.append((Defect("payments", payments.file, "Ngày chi", "31/09/2025", "impossible_date",
                          "Ngày không tồn tại (tháng 9 có 30 ngày)", "quarantined"),
                   payments, row))  # fmt: skip

    defects = []
    for defect, sheet, row in marked:
        defect.row = sheet.first_data_row + _index(sheet.rows, row)
        defects.append(defect)
    return defects


def _index(rows: list[list], row: list) -> int:
    return next(i for i, r in enumerate(rows) if r is row)
