"""Workbook benchmark: a payments sheet with a few rows of data and a million empty, styled
rows below them (a coloured column, as people format sheets), read by the payments reader.

    python bench/xlsx_styled_bench.py [--rows 1000000]

Reports the file size, the wall time of read_xlsx and the peak memory (ru_maxrss) of the
process. Generation is not timed.
"""

import argparse
import resource
import tempfile
import time
from pathlib import Path

import xlsxwriter

from ingestion.readers import read_xlsx

HEADER = ["Số chứng từ", "Số hợp đồng", "Ngày chi", "Số tiền", "Loại"]


def write_workbook(path: Path, styled_rows: int) -> None:
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    ws = book.add_worksheet("Chứng từ")
    yellow = book.add_format({"bg_color": "#FFFF00", "border": 1})
    ws.write_row(0, 0, HEADER)
    for row in range(1, 6):
        ws.write_row(row, 0, [f"UNC-{row}", "04/2025/HĐ", "20/02/2025", "81.550.000", "Thanh toán"])
    for row in range(6, styled_rows):
        ws.write_blank(row, 0, None, yellow)  # an empty cell that carries only a style
        ws.set_row(row, None, yellow)
    book.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "chung-tu.xlsx"
        write_workbook(path, args.rows)
        size = path.stat().st_size
        started = time.monotonic()
        raw = read_xlsx(path, "payments/chung-tu.xlsx", "payments")
        elapsed = time.monotonic() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"styled rows: {args.rows:,}; file: {size / 2**20:.1f} MiB")
    print(f"rows read: {raw.frame.height}; read_xlsx: {elapsed:.2f} s; peak memory: {peak:.0f} MiB")


if __name__ == "__main__":
    main()
