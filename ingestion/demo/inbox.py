"""Write the Hải Phòng 2025 demo inbox: every file an analyst would drop, labelled as demo data."""

import datetime as dt
import json
import random
from collections import Counter
from pathlib import Path

from ingestion.demo import concerns, defects, feeds, indices, registers
from ingestion.demo.contracts import Contract, build_contracts
from ingestion.demo.coverage import CoverageItem, build_coverage
from ingestion.demo.outlets import FEEDS, OUTLET_BY_NAME
from ingestion.demo.payments import Payment, build_payments
from ingestion.demo.reference import (
    CHANNEL_LABELS,
    DEFAULT_SEEDS_DIR,
    DELIVERABLE_LABELS,
    DEMO_LABEL_VI,
    EVENT_ALT_LABEL,
    PAYMENT_KIND_LABELS,
    PROVINCE,
    SPECIAL_PAGE_BROADCAST_LABEL,
    THEME_AREAS,
    YEAR,
    agreed_unit_prices,
)
from ingestion.demo.titles import UNCOVERED_SUB_THEMES
from ingestion.demo.truth import write_truth
from ingestion.demo.writers import (
    HEADER_ROW,
    Column,
    date_vi,
    write_csv,
    write_workbook,
)

CONTRACTS_FILE = "contracts/hop-dong-hop-tac-truyen-thong-2025.xlsx"
PAYMENTS_FILE = "payments/chung-tu-thanh-toan-2025.xlsx"
COVERAGE_CSV_FILE = "coverage/tin-bai-ve-hai-phong-2025.csv"
COVERAGE_XLSX_FILE = "coverage/phat-thanh-truyen-hinh-2025.xlsx"
INDICES_FILE = "indices/chi-so-hai-phong.csv"
AGENCIES_FILE = "agencies/co-quan-bao-chi.xlsx"
EVENTS_FILE = "events/su-kien-trong-diem-2025.csv"
TARGETS_FILE = "targets/chi-tieu-2025.xlsx"
REVIEWS_FILE = "reviews/duyet-sua-loi-2025.csv"
META_FILE = "_inbox.json"
FEED_FILES = tuple(path for _name, path, _format in FEEDS)
DEMO_FILES = (
    META_FILE, AGENCIES_FILE, EVENTS_FILE, TARGETS_FILE, INDICES_FILE, CONTRACTS_FILE,
    PAYMENTS_FILE, COVERAGE_CSV_FILE, COVERAGE_XLSX_FILE, REVIEWS_FILE, *FEED_FILES,
    concerns.CONCERNS_FILE, concerns.COVERAGE_FILE,
)  # fmt: skip
REVIEW_HEADERS = ("Hành động", "Tệp", "Trang tính", "Dòng", "Cột", "Giá trị mới", "Người duyệt",
                  "Ngày duyệt", "Ghi chú")  # fmt: skip
REVIEWER = "Nguyễn Thị Thu Hà (Phòng Kế hoạch - Tài chính)"
PAYMENTS_SHEET = "Chứng từ chi"

CONTRACT_COLUMNS = (
    Column("Số hợp đồng", width=20),
    Column("Cơ quan báo chí", width=40),
    Column("Ngày ký", "date", 12),
    Column("Ngày bắt đầu", "date", 12),
    Column("Ngày kết thúc", "date", 12),
    Column("Ngày thanh lý", "date", 12),
    Column("Loại sản phẩm", width=14),
    Column("Loại hình", width=14),
    Column("Lĩnh vực", width=50),
    Column("Số lượng", "int", 10),
    Column("Đơn giá", "money", 16),
    Column("Thành tiền", "money", 18),
)
PAYMENT_COLUMNS = (
    Column("Số chứng từ", width=18),
    Column("Số hợp đồng", width=20),
    Column("Ngày chi", "date", 12),
    Column("Số tiền", "money", 18),
    Column("Loại", width=12),
)
COVERAGE_HEADERS = (
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
)
_COVERAGE_KINDS = ("text", "datetime", "text", "text", "text", "text", "text", "text", "int",
                   "int", "text")  # fmt: skip
_COVERAGE_WIDTHS = (36, 16, 70, 50, 14, 14, 20, 11, 10, 10, 60)
COVERAGE_COLUMNS = tuple(
    Column(h, k, w)
    for h, k, w in zip(COVERAGE_HEADERS, _COVERAGE_KINDS, _COVERAGE_WIDTHS, strict=True)
)


def deliverable_label(deliverable_type: str, channel: str, title: str = "") -> str:
    """The label staff write: broadcasters say 'Chuyên mục', seminars are 'Hội thảo'."""
    if deliverable_type == "special_page" and channel in ("tv", "radio"):
        return SPECIAL_PAGE_BROADCAST_LABEL
    if deliverable_type == "event" and title.startswith("Hội thảo"):
        return EVENT_ALT_LABEL
    if deliverable_type == "talk_show" and title.startswith("Đối thoại"):
        return "Đối thoại"
    return DELIVERABLE_LABELS[deliverable_type]


def _contract_rows(contracts: list[Contract]) -> list[list]:
    return [
        [
            c.contract_id,
            c.outlet.name,
            c.signed_on,
            c.start_date,
            c.end_date,
            c.liquidated_on,
            deliverable_label(line.deliverable_type, line.channel),
            CHANNEL_LABELS[line.channel],
            THEME_AREAS[line.theme_area],
            line.quantity,
            line.unit_price_vnd,
            line.amount_vnd,
        ]
        for c in contracts
        for line in c.lines
    ]


def _payment_rows(payments: list[Payment]) -> list[list]:
    return [
        [p.payment_id, p.contract_id, p.paid_on, p.amount_vnd, PAYMENT_KIND_LABELS[p.kind]]
        for p in payments
    ]


def _coverage_csv_row(item: CoverageItem) -> list[str | None]:
    accepted = None if item.accepted is None else ("Có" if item.accepted else "Không")
    return [
        item.agency,
        date_vi(item.day),
        item.title,
        item.url,
        deliverable_label(item.deliverable_type, item.channel, item.title),
        CHANNEL_LABELS[item.channel],
        item.contract_id,
        accepted,
        None if item.duration_min is None else str(item.duration_min),
        None if item.views is None else str(item.views),
        item.summary,
    ]


def _coverage_xlsx_row(item: CoverageItem) -> list:
    # The broadcast monitoring sheet ticks accepted items with an "x" and leaves others blank.
    return [
        item.agency,
        item.published_at,
        item.title,
        item.url,
        deliverable_label(item.deliverable_type, item.channel, item.title),
        CHANNEL_LABELS[item.channel],
        item.contract_id,
        "x" if item.accepted else None,
        item.duration_min,
        item.views,
        item.summary,
    ]


def _sort_key(item: CoverageItem) -> tuple:
    return (item.published_at, item.agency, item.title, item.contract_id or "")


def write_demo_inbox(
    inbox: Path,
    seed: int = 2025,
    *,
    seeds_dir: Path = DEFAULT_SEEDS_DIR,
    truth_dir: Path | None = None,
) -> dict:
    """Write the demo inbox into a folder (overwriting earlier demo files) and what it planted
    into `truth_dir` (default: `truth/` beside the inbox); return its counts. The agreed unit
    prices come from the dbt seeds in `seeds_dir`."""
    inbox = Path(inbox)
    contracts = build_contracts(random.Random(f"{seed}:contracts"), agreed_unit_prices(seeds_dir))
    coverage = sorted(build_coverage(contracts, random.Random(f"{seed}:coverage")), key=_sort_key)
    payments = build_payments(contracts, coverage, random.Random(f"{seed}:payments"))

    for name in DEMO_FILES:
        (inbox / name).unlink(missing_ok=True)

    csv_items = [i for i in coverage if i.destination == "csv"]
    xlsx_items = [i for i in coverage if i.destination == "xlsx"]
    coverage_csv = defects.Sheet(
        "coverage", COVERAGE_CSV_FILE, list(COVERAGE_HEADERS),
        [_coverage_csv_row(i) for i in csv_items], 2,
    )  # fmt: skip
    coverage_xlsx = defects.Sheet(
        "coverage", COVERAGE_XLSX_FILE, list(COVERAGE_HEADERS),
        [_coverage_xlsx_row(i) for i in xlsx_items], HEADER_ROW + 1,
    )  # fmt: skip
    payment_sheet = defects.Sheet(
        "payments", PAYMENTS_FILE, [c.header for c in PAYMENT_COLUMNS],
        _payment_rows(payments), HEADER_ROW + 1,
    )  # fmt: skip
    organic_csv = [
        r for r, i in zip(coverage_csv.rows, csv_items, strict=True) if i.origin == "organic"
    ]
    organic_xlsx = [
        r for r, i in zip(coverage_xlsx.rows, xlsx_items, strict=True) if i.origin == "organic"
    ]
    interim = [r for r, p in zip(payment_sheet.rows, payments, strict=True) if p.kind == "payment"]
    row_defects = defects.inject(
        coverage_csv, organic_csv, coverage_xlsx, organic_xlsx, payment_sheet, interim,
        random.Random(f"{seed}:defects"),
    )  # fmt: skip

    reviews = _review_rows(row_defects, payments, payment_sheet.first_data_row)
    write_csv(inbox / REVIEWS_FILE, REVIEW_HEADERS, reviews)

    write_workbook(
        inbox / CONTRACTS_FILE, "Hợp đồng 2025",
        f"DANH MỤC HỢP ĐỒNG HỢP TÁC TRUYỀN THÔNG NĂM {YEAR} - THÀNH PHỐ {PROVINCE.upper()}",
        CONTRACT_COLUMNS, _contract_rows(contracts), "Hợp đồng",
    )  # fmt: skip
    write_workbook(
        inbox / PAYMENTS_FILE, PAYMENTS_SHEET,
        f"BẢNG KÊ CHỨNG TỪ TẠM ỨNG, THANH TOÁN HỢP ĐỒNG HỢP TÁC TRUYỀN THÔNG NĂM {YEAR}",
        PAYMENT_COLUMNS, payment_sheet.rows, "Thanh toán",
    )  # fmt: skip
    write_csv(inbox / COVERAGE_CSV_FILE, COVERAGE_HEADERS, coverage_csv.rows)
    write_workbook(
        inbox / COVERAGE_XLSX_FILE, "Phát thanh - truyền hình",
        f"THEO DÕI TIN, BÀI, CHƯƠNG TRÌNH PHÁT THANH - TRUYỀN HÌNH VỀ {PROVINCE.upper()} {YEAR}",
        COVERAGE_COLUMNS, coverage_xlsx.rows, "Tin bài",
    )  # fmt: skip
    feed_counts: dict[str, int] = {}
    for name, path, feed_format in FEEDS:
        items = [i for i in coverage if i.destination == path]
        writer = feeds.write_atom if feed_format == "atom" else feeds.write_rss
        writer(inbox / path, OUTLET_BY_NAME[name], items)
        feed_counts[path] = len(items)

    write_workbook(
        inbox / AGENCIES_FILE, "Cơ quan báo chí",
        f"DANH MỤC CƠ QUAN BÁO CHÍ HỢP TÁC TRUYỀN THÔNG NĂM {YEAR}",
        registers.AGENCY_COLUMNS, registers.agency_rows(), "Cơ quan báo chí",
    )  # fmt: skip
    write_csv(inbox / EVENTS_FILE, registers.EVENT_HEADERS, registers.event_rows())
    write_workbook(
        inbox / TARGETS_FILE, "Chỉ tiêu",
        f"CHỈ TIÊU KẾ HOẠCH HỢP TÁC TRUYỀN THÔNG NĂM {YEAR} THEO LĨNH VỰC",
        registers.TARGET_COLUMNS, registers.target_rows(), "Chỉ tiêu",
    )  # fmt: skip
    index_text = indices.index_csv_text()
    (inbox / INDICES_FILE).parent.mkdir(parents=True, exist_ok=True)
    (inbox / INDICES_FILE).write_text(index_text, encoding="utf-8", newline="")
    meta = {
        "demo": True,
        "seed": seed,
        "province": PROVINCE,
        "year": YEAR,
        "label_vi": DEMO_LABEL_VI,
        "note_vi": (
            "Tên các cơ quan báo chí và chỉ số đã công bố là thật; hợp đồng, chứng từ, tin bài "
            "và các số liệu đánh dấu giả định là dữ liệu minh họa."
        ),
    }
    (inbox / META_FILE).write_text(
        json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    concern_items = concerns.build_items()
    concerns.check_unmatched(coverage)
    truth = truth_dir or inbox.parent / "truth"
    write_truth(truth, [*coverage, *concern_items], payments)
    concern_count = concerns.write_concerns(
        inbox, truth, concern_items, COVERAGE_HEADERS, _coverage_csv_row
    )
    summary = _summary(seed, contracts, payments, coverage, feed_counts, row_defects)
    summary["concerns"] = concern_count
    summary["coverage_by_file"][concerns.COVERAGE_FILE] = len(concern_items)
    summary["reviews"] = [dict(zip(REVIEW_HEADERS, row, strict=True)) for row in reviews]
    return summary


def _review_rows(
    row_defects: list[defects.Defect], payments: list[Payment], first_row: int
) -> list[list[str]]:
    """The finance officer's corrections of the slips in money files, as the reviews/ folder
    takes them: the payment's real date, from the voucher it was typed from."""
    rows = []
    for defect in row_defects:
        if defect.source != "payments":
            continue
        payment = payments[defect.row - first_row]
        reviewed_on = max(payment.paid_on, dt.date(YEAR, 10, 6))
        rows.append(
            [
                "Sửa giá trị", defect.file, PAYMENTS_SHEET, str(defect.row), defect.column,
                date_vi(payment.paid_on), REVIEWER, date_vi(reviewed_on),
                f"Gõ nhầm «{defect.value}»; ngày đúng theo ủy nhiệm chi {payment.payment_id}.",
            ]
        )  # fmt: skip
    return rows


def _summary(
    seed: int,
    contracts: list[Contract],
    payments: list[Payment],
    coverage: list[CoverageItem],
    feed_counts: dict[str, int],
    row_defects: list[defects.Defect],
) -> dict:
    contracted = [i for i in coverage if i.origin == "contracted"]
    lines = [(c, line) for c in contracts for line in c.lines]
    accepted_units = Counter((i.contract_id, i.line_no) for i in contracted if i.accepted)
    under = [
        f"{c.contract_id}#{line.line_no}"
        for c, line in lines
        if accepted_units[(c.contract_id, line.line_no)] < 0.8 * line.ordered_units
    ]
    index_rows = indices.index_rows()
    return {
        "seed": seed,
        "province": PROVINCE,
        "year": YEAR,
        "label_vi": DEMO_LABEL_VI,
        "agencies": len(registers.agency_rows()),
        "contracts": len(contracts),
        "contract_lines": len(lines),
        "contract_value_vnd": sum(c.value_vnd for c in contracts),
        "payments": len(payments),
        "payments_by_kind": dict(Counter(p.kind for p in payments)),
        "disbursed_vnd": sum(p.amount_vnd for p in payments),
        "coverage_rows": len(coverage) + 1,  # plus the duplicated defect row
        "coverage_by_file": {
            COVERAGE_CSV_FILE: sum(1 for i in coverage if i.destination == "csv") + 1,
            COVERAGE_XLSX_FILE: sum(1 for i in coverage if i.destination == "xlsx"),
            **feed_counts,
        },
        "contracted_items": len(contracted),
        "accepted_items": sum(1 for i in contracted if i.accepted),
        "unaccepted_in_period_items": sum(1 for i in contracted if not i.accepted and i.in_period),
        "outside_period_items": sum(1 for i in contracted if not i.in_period),
        "organic_items": sum(1 for i in coverage if i.origin in ("organic", "feed")),
        "syndicated_copies": sum(1 for i in coverage if i.origin == "copy"),
        "claimed_by_two_contracts": sum(1 for i in coverage if i.origin == "claim"),
        "under_delivered_lines": under,
        "contract_without_delivery": [c.contract_id for c in contracts if c.role == "no_delivery"],
        "advance_above_share": [c.contract_id for c in contracts if (c.advance_share or 0) > 0.3],
        "payment_after_liquidation": [
            c.contract_id for c in contracts if c.role == "payment_after_liquidation"
        ],
        "uncovered_sub_themes": list(UNCOVERED_SUB_THEMES),
        "indices_rows": len(index_rows),
        "placeholder_indices": sum(1 for r in index_rows if r[-1] == "true"),
        "events": len(registers.event_rows()),
        "targets": len(registers.target_rows()),
        "defects": [d.as_dict() for d in row_defects],
        "files": list(DEMO_FILES),
    }
