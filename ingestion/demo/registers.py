"""The analyst's reference sheets: partner agencies, key events and the year's targets."""

from ingestion.demo.events import PLAN_2025, PlanYear
from ingestion.demo.outlets import OUTLETS
from ingestion.demo.reference import MEDIA_TYPE_LABELS, TIER_LABELS
from ingestion.demo.writers import Column, date_vi

AGENCY_COLUMNS = (
    Column("Cơ quan báo chí", width=40),
    Column("Tên khác", width=30),
    Column("Cấp"),
    Column("Loại hình báo chí", width=16),
    Column("Độ phủ ước tính", "int", 16),
    Column("Cơ sở ước tính", width=60),
    Column("Tên miền RSS", width=22),
)

EVENT_HEADERS = (
    "Mã sự kiện",
    "Tên sự kiện",
    "Ngày bắt đầu",
    "Ngày kết thúc",
    "Lĩnh vực",
    "Cửa sổ (ngày)",
)

TARGET_COLUMNS = (
    Column("Năm", "int", 8),
    Column("Lĩnh vực", "int", 10),
    Column("Loại sản phẩm", width=16),
    Column("Số lượng kế hoạch", "int", 18),
    Column("Tỷ trọng kế hoạch", "number", 18),
    Column("Kinh phí kế hoạch", "money", 20),
)

# The plan's priorities: share of coverage per theme area (sums to 1); the 2025 plan's totals,
# which a smaller plan year scales (PlanYear.scale).
PLANNED_SHARES = {1: 0.20, 2: 0.30, 3: 0.25, 4: 0.15, 5: 0.10}
PLANNED_ITEMS_TOTAL = 6_000
PLANNED_BUDGET_VND = 40_000_000_000


def agency_rows() -> list[list]:
    return [
        [
            o.name,
            "; ".join(o.aliases),
            TIER_LABELS[o.tier],
            MEDIA_TYPE_LABELS[o.media_type],
            o.reach_estimate,
            o.reach_basis,
            o.host,
        ]
        for o in OUTLETS
    ]


def event_rows(plan: PlanYear = PLAN_2025) -> list[list[str]]:
    return [
        [
            e.event_id,
            e.name,
            date_vi(e.start),
            date_vi(e.end),
            str(e.theme_area),
            str(e.window_days),
        ]  # fmt: skip
        for e in plan.events
    ]


def target_rows(plan: PlanYear = PLAN_2025) -> list[list]:
    return [
        [
            plan.year,
            area,
            None,  # all deliverable types
            round(PLANNED_ITEMS_TOTAL * plan.scale * share),
            share,
            round(PLANNED_BUDGET_VND * plan.scale * share),
        ]
        for area, share in PLANNED_SHARES.items()
    ]
