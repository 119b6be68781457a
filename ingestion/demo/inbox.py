"""Write the Hải Phòng demo inbox: every file an analyst would drop, labelled as demo data.

It holds two plan years: 2025, and the smaller 2024 before it. Each year has its own
contracts, payments, coverage, events, targets and reviews; the agencies list and the index
figures are shared.
"""

import datetime as dt
import json
import random
from collections import Counter
from pathlib import Path

from ingestion.demo import concerns, defects, feeds, indices, registers
from ingestion.demo.contracts import Contract, build_contracts
from ingestion.demo.coverage import CoverageItem, build_coverage
from ingestion.demo.events import PLAN_YEARS, PlanYear
from ingestion.demo.outlets import FEEDS, OUTLET_BY_NAME
from ingestion.demo.payments import Payment, build_payments
from ingestion.demo.reference import (
    CHANNEL_LABELS,
    DELIVERABLE_LABELS,
    DEMO_LABEL_VI,
    EVENT_ALT_LABEL,
    PAYMENT_KIND_LABELS,
    PROVINCE,
    SPECIAL_PAGE_BROADCAST_LABEL,
    THEME_AREAS,
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

DEMO_YEARS = (2024, 2025)  # plan years the demo holds, oldest first
LATEST_YEAR = DEMO_YEARS[-1]


def year_files(year: int) -> dict[str, str]:
    """The inbox files of one plan year, by what they hold."""
    return {
        "contracts": f"contracts/hop-dong-hop-tac-truyen-thong-{year}.xlsx",
        "payments": f"payments/chung-tu-thanh-toan-{year}.xlsx",
        "coverage_csv": f"coverage/tin-bai-ve-hai-phong-{year}.csv",
        "coverage_xlsx": f"coverage/phat-thanh-truyen-hinh-{year}.xlsx",
        "events": f"events/su-kien-trong-diem-{year}.csv",
        "targets": f"targets/chi-tieu-{year}.xlsx",
        "reviews": f"reviews/duyet-sua-loi-{year}.csv",
    }


_LATEST = year_files(LATEST_YEAR)
CONTRACTS_FILE = _LATEST["contracts"]
PAYMENTS_FILE = _LATEST["payments"]
COVERAGE_CSV_FILE = _LATEST["coverage_csv"]
COVERAGE_XLSX_FILE = _LATEST["coverage_xlsx"]
EVENTS_FILE = _LATEST["events"]
TARGETS_FILE = _LATEST["targets"]
REVIEWS_FILE = _LATEST["reviews"]
INDICES_FILE = "indices/chi-so-hai-phong.csv"
AGENCIES_FILE = "agencies/co-quan-bao-chi.xlsx"
META_FILE = "_inbox.json"
FEED_FILES = tuple(path for _name, path, _format in FEEDS)
DEMO_FILES = (
    META_FILE, AGENCIES_FILE, INDICES_FILE,
    *(path for year in DEMO_YEARS for path in year_files(year).values()), *FEED_FILES,
    concerns.CONCERNS_FILE, concerns.COVERAGE_FILE, concerns.REVIEWS_FILE,
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
    seeds_dir: Path,
    truth_dir: Path | None = None,
) -> dict:
    """Write the demo inbox of both plan years into a folder (overwriting earlier demo files)
    and what it planted into `truth_dir` (default: `truth/` beside the inbox); return its
    counts: the latest year's at the top level (as `year`), every year's under `years`. The
    agreed unit prices come from the dbt seeds in `seeds_dir`."""
    inbox = Path(inbox)
    for name in DEMO_FILES:
        (inbox / name).unlink(missing_ok=True)
    ceilings = agreed_unit_prices(seeds_dir)
    summaries: dict[int, dict] = {}
    planted = []
    for year in DEMO_YEARS:
        plan = PLAN_YEARS[year]
        summary, coverage, payments = _write_year(inbox, plan, seed, ceilings)
        summaries[year] = summary
        planted.append((plan, coverage, payments))

    write_workbook(
        inbox / AGENCIES_FILE, "Cơ quan báo chí",
        f"DANH MỤC CƠ QUAN BÁO CHÍ HỢP TÁC TRUYỀN THÔNG NĂM {DEMO_YEARS[0]} - {LATEST_YEAR}",
        registers.AGENCY_COLUMNS, registers.agency_rows(), "Cơ quan báo chí",
    )  # fmt: skip
    index_text = indices.index_csv_text()
    (inbox / INDICES_FILE).parent.mkdir(parents=True, exist_ok=True)
    (inbox / INDICES_FILE).write_text(index_text, encoding="utf-8", newline="")
    meta = {
        "demo": True,
        "seed": seed,
        "province": PROVINCE,
        "year": LATEST_YEAR,
        "years": list(DEMO_YEARS),
        "label_vi": DEMO_LABEL_VI,
        "note_vi": (
            "Tên các cơ quan báo chí và chỉ số đã công bố là thật; hợp đồng, chứng từ, tin bài "
            "và các số liệu đánh dấu giả định là dữ liệu minh họa."
        ),
    }
    (inbox / META_FILE).write_text(
        json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    # The planted concerns (2025 only) and their items: in the truth beside 2025's coverage,
    # and checked against it so no other item answers a concern by chance.
    latest, latest_coverage, latest_payments = planted[-1]
    concern_items = concerns.build_items()
    concerns.check_unmatched(latest_coverage)
    planted[-1] = (latest, [*latest_coverage, *concern_items], latest_payments)
    truth = truth_dir or inbox.parent / "truth"
    write_truth(truth, planted)
    concern_count = concerns.write_concerns(
        inbox, truth, concern_items, COVERAGE_HEADERS, _coverage_csv_row
    )
    summaries[LATEST_YEAR]["concerns"] = concern_count
    summaries[LATEST_YEAR]["coverage_by_file"][concerns.COVERAGE_FILE] = len(concern_items)
    index_rows = indices.index_rows()
    shared = {
        "seed": seed,
        "province": PROVINCE,
        "label_vi": DEMO_LABEL_VI,
        "agencies": len(registers.agency_rows()),
        "indices_rows": len(index_rows),
        "placeholder_indices": sum(1 for r in index_rows if r[-1] == "true"),
    }
    for summary in summaries.values():
        summary.update(shared)
    return {
        **summaries[LATEST_YEAR],
        "years": {str(year): summaries[year] for year in DEMO_YEARS},
        "files": list(DEMO_FILES),
    }


def _write_year(
    inbox: Path, plan: PlanYear, seed: int, ceilings: dict
) -> tuple[dict, list[CoverageItem], list[Payment]]:
    """Write one plan year's own files; return its counts, its coverage and its payments."""
    year = plan.year
    files = year_files(year)
    # 2025's streams keep the names they had when the demo held one year (same data per seed).
    stream = f"{seed}" if year == LATEST_YEAR else f"{seed}:{year}"
    contracts = build_contracts(random.Random(f"{stream}:contracts"), ceilings, plan)
    coverage = sorted(
        build_coverage(contracts, random.Random(f"{stream}:coverage"), plan), key=_sort_key
    )
    payments = build_payments(contracts, coverage, random.Random(f"{stream}:payments"), plan)

    csv_items = [i for i in coverage if i.destination == "csv"]
    xlsx_items = [i for i in coverage if i.destination == "xlsx"]
    coverage_csv = defects.Sheet(
        "coverage", files["coverage_csv"], list(COVERAGE_HEADERS),
        [_coverage_csv_row(i) for i in csv_items], 2,
    )  # fmt: skip
    coverage_xlsx = defects.Sheet(
        "coverage", files["coverage_xlsx"], list(COVERAGE_HEADERS),
        [_coverage_xlsx_row(i) for i in xlsx_items], HEADER_ROW + 1,
    )  # fmt: skip
    payment_sheet = defects.Sheet(
        "payments", files["payments"], [c.header for c in PAYMENT_COLUMNS],
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
        random.Random(f"{stream}:defects"),
    )  # fmt: skip

    reviews = _review_rows(row_defects, payments, payment_sheet.first_data_row, year)
    write_csv(inbox / files["reviews"], REVIEW_HEADERS, reviews)

    write_workbook(
        inbox / files["contracts"], f"Hợp đồng {year}",
        f"DANH MỤC HỢP ĐỒNG HỢP TÁC TRUYỀN THÔNG NĂM {year} - THÀNH PHỐ {PROVINCE.upper()}",
        CONTRACT_COLUMNS, _contract_rows(contracts), "Hợp đồng",
    )  # fmt: skip
    write_workbook(
        inbox / files["payments"], PAYMENTS_SHEET,
        f"BẢNG KÊ CHỨNG TỪ TẠM ỨNG, THANH TOÁN HỢP ĐỒNG HỢP TÁC TRUYỀN THÔNG NĂM {year}",
        PAYMENT_COLUMNS, payment_sheet.rows, "Thanh toán",
    )  # fmt: skip
    write_csv(inbox / files["coverage_csv"], COVERAGE_HEADERS, coverage_csv.rows)
    write_workbook(
        inbox / files["coverage_xlsx"], "Phát thanh - truyền hình",
        f"THEO DÕI TIN, BÀI, CHƯƠNG TRÌNH PHÁT THANH - TRUYỀN HÌNH VỀ {PROVINCE.upper()} {year}",
        COVERAGE_COLUMNS, coverage_xlsx.rows, "Tin bài",
    )  # fmt: skip
    feed_counts: dict[str, int] = {}
    if plan.has_feeds:
        for name, path, feed_format in FEEDS:
            items = [i for i in coverage if i.destination == path]
            writer = feeds.write_atom if feed_format == "atom" else feeds.write_rss
            writer(inbox / path, OUTLET_BY_NAME[name], items)
            feed_counts[path] = len(items)

    write_csv(inbox / files["events"], registers.EVENT_HEADERS, registers.event_rows(plan))
    write_workbook(
        inbox / files["targets"], "Chỉ tiêu",
        f"CHỈ TIÊU KẾ HOẠCH HỢP TÁC TRUYỀN THÔNG NĂM {year} THEO LĨNH VỰC",
        registers.TARGET_COLUMNS, registers.target_rows(plan), "Chỉ tiêu",
    )  # fmt: skip
    summary = _summary(plan, contracts, payments, coverage, feed_counts, row_defects, files)
    summary["reviews"] = [dict(zip(REVIEW_HEADERS, row, strict=True)) for row in reviews]
    return summary, coverage, payments


def _review_rows(
    row_defects: list[defects.Defect], payments: list[Payment], first_row: int, year: int
) -> list[list[str]]:
    """The finance officer's corrections of the slips in money files, as the reviews/ folder
    takes them: the payment's real date, from the voucher it was typed from."""
    rows = []
    for defect in row_defects:
        if defect.source != "payments":
            continue
        payment = payments[defect.row - first_row]
        reviewed_on = max(payment.paid_on, dt.date(year, 10, 6))
        rows.append(
            [
                "Sửa giá trị", defect.file, PAYMENTS_SHEET, str(defect.row), defect.column,
                date_vi(payment.paid_on), REVIEWER, date_vi(reviewed_on),
                f"Gõ nhầm «{defect.value}»; ngày đúng theo ủy nhiệm chi {payment.payment_id}.",
            ]
        )  # fmt: skip
    return rows


def _summary(
    plan: PlanYear,
    contracts: list[Contract],
    payments: list[Payment],
    coverage: list[CoverageItem],
    feed_counts: dict[str, int],
    row_defects: list[defects.Defect],
    files: dict[str, str],
) -> dict:
    contracted = [i for i in coverage if i.origin == "contracted"]
    lines = [(c, line) for c in contracts for line in c.lines]
    accepted_units = Counter((i.contract_id, i.line_no) for i in contracted if i.accepted)
    under = [
        f"{c.contract_id}#{line.line_no}"
        for c, line in lines
        if accepted_units[(c.contract_id, line.line_no)] < 0.8 * line.ordered_units
    ]
    return {
        "year": plan.year,
        "contracts": len(contracts),
        "contract_lines": len(lines),
        "contract_value_vnd": sum(c.value_vnd for c in contracts),
        "payments": len(payments),
        "payments_by_kind": dict(Counter(p.kind for p in payments)),
        "disbursed_vnd": sum(p.amount_vnd for p in payments),
        "coverage_rows": len(coverage) + 1,  # plus the duplicated defect row
        "coverage_by_file": {
            files["coverage_csv"]: sum(1 for i in coverage if i.destination == "csv") + 1,
            files["coverage_xlsx"]: sum(1 for i in coverage if i.destination == "xlsx"),
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
        "events": len(plan.events),
        "targets": len(registers.target_rows(plan)),
        "defects": [d.as_dict() for d in row_defects],
        "files": [path for path in files.values()] + list(feed_counts),
    }
