"""Inboxes of the money tests, in the files an analyst keeps: contracts with their accepted
articles, payment vouchers, reviews (Vietnamese headers, dot-grouped VND, dd/mm/yyyy)."""

import csv
from pathlib import Path

CONTRACT_HEADER = ["Số hợp đồng", "Cơ quan báo chí", "Ngày ký", "Ngày bắt đầu",
                   "Ngày kết thúc", "Loại sản phẩm", "Loại hình", "Lĩnh vực", "Số lượng",
                   "Đơn giá", "Thành tiền"]  # fmt: skip
COVERAGE_HEADER = ["Cơ quan báo chí", "Ngày đăng", "Tiêu đề", "Đường dẫn", "Loại sản phẩm",
                   "Loại hình", "Số hợp đồng", "Nghiệm thu"]  # fmt: skip
PAYMENT_HEADER = ["Số chứng từ", "Số hợp đồng", "Ngày chi", "Số tiền", "Loại"]
REVIEW_HEADER = ["Hành động", "Tệp", "Trang tính", "Dòng", "Cột", "Giá trị mới", "Người duyệt",
                 "Ngày duyệt", "Ghi chú"]  # fmt: skip
TITLES = (
    "Hải Phòng thu hút đầu tư vào khu công nghiệp",
    "Kinh tế Hải Phòng tăng trưởng cao nhất vùng",
    "Cảng biển Hải Phòng mở rộng dịch vụ logistics",
    "Hải Phòng đẩy mạnh quy hoạch đô thị mới",
)


def write(path: Path, rows: list[list[str]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


def write_inbox(
    inbox: Path, contracts: list[tuple[str, str, int]], name: str = "", day: int = 10
) -> None:
    """One contract per (number, agency, articles) at 4.000.000 ₫ an article, each article
    published and accepted in the period, in contracts/hop-dong{name}.csv and
    coverage/tin-bai{name}.csv; article i is published on day `day` + i of month 3 + i."""
    lines, items = [CONTRACT_HEADER], [COVERAGE_HEADER]
    for number, agency, articles in contracts:
        lines.append([number, agency, "20/01/2025", "01/02/2025", "30/11/2025", "Bài viết",
                      "Báo điện tử", "2", str(articles), "4.000.000",
                      f"{articles * 4_000_000:,}".replace(",", ".")])  # fmt: skip
        for i in range(articles):
            slug = f"{number.replace('/', '-')}-{i}"
            items.append([agency, f"{day + i:02d}/0{3 + i}/2025",
                          f"{TITLES[i % 4]} ({number}, {i})", f"https://baohaiphong.vn/{slug}",
                          "Bài viết", "Báo điện tử", number, "Có"])  # fmt: skip
    write(inbox / "contracts" / f"hop-dong{name}.csv", lines)
    write(inbox / "coverage" / f"tin-bai{name}.csv", items)


def file_total(*paths: Path) -> int:
    """The amounts of payments files as typed (dot-grouped VND), summed without the project's
    parser."""
    total = 0
    for path in paths:
        with path.open(encoding="utf-8", newline="") as handle:
            total += sum(int(row["Số tiền"].replace(".", "")) for row in csv.DictReader(handle))
    return total


# The money of the small inbox's run (small_inbox.py): one contract of 16.000.000 ₫, paid in
# two vouchers in two files. A test going on from that run removes, corrects or adds files.
SETTLED_CONTRACT = ("HĐ-01/2025", "Báo Hải Phòng", 4)
SETTLED_PAYMENTS = {
    "payments/quy-1.csv": ["UNC-1", "HĐ-01/2025", "15/03/2025", "4.000.000", "Tạm ứng"],
    "payments/quy-3.csv": ["UNC-2", "HĐ-01/2025", "30/09/2025", "12.000.000", "Thanh toán"],
}


def write_settled_money(inbox: Path) -> None:
    """The contract and the two payments files of SETTLED_*, beside what the inbox holds."""
    write_inbox(inbox, [SETTLED_CONTRACT])
    for name, row in SETTLED_PAYMENTS.items():
        write(inbox / name, [PAYMENT_HEADER, row])
