"""Labels people type in the inbox, the agreed unit price ceilings and the plan's theme areas.

The demo writes files the way the department's staff fill them in, so it needs the Vietnamese
labels for every coded value. The ceilings are the unit prices agreed for 2025 (the dbt seed
agreed_unit_prices); every contract line the demo writes stays at or below them.
"""

import csv
from pathlib import Path

PROVINCE = "Hải Phòng"
YEAR = 2025
DEMO_LABEL_VI = "Dữ liệu minh họa"
PLACEHOLDER_NOTE_VI = "Số liệu giả định — chưa công bố"

# Canonical deliverable type -> the label written in the files.
DELIVERABLE_LABELS: dict[str, str] = {
    "news": "Tin",
    "article": "Bài viết",
    "reportage": "Phóng sự",
    "film": "Phim",
    "photo": "Ảnh",
    "special_page": "Chuyên trang",
    "talk_show": "Tọa đàm",
    "programme": "Chương trình",
    "event": "Sự kiện",
}

# Broadcasters call a recurring slot a "chuyên mục"; the press calls it a "chuyên trang".
SPECIAL_PAGE_BROADCAST_LABEL = "Chuyên mục"
# Seminars are recorded as "Hội thảo" by some staff; both labels mean the same deliverable.
EVENT_ALT_LABEL = "Hội thảo"

CHANNEL_LABELS: dict[str, str] = {
    "print": "Báo in",
    "online": "Báo điện tử",
    "tv": "Truyền hình",
    "radio": "Phát thanh",
    "social": "Mạng xã hội",
}

PAYMENT_KIND_LABELS: dict[str, str] = {
    "advance": "Tạm ứng",
    "payment": "Thanh toán",
    "settlement": "Quyết toán",
}

TIER_LABELS: dict[str, str] = {"central": "Trung ương", "local": "Địa phương"}

# Agency media type -> "Loại hình báo chí" as written in the agencies sheet.
MEDIA_TYPE_LABELS: dict[str, str] = {
    "newspaper": "Báo in",
    "online": "Báo điện tử",
    "tv": "Truyền hình",
    "radio": "Phát thanh",
    "news_agency": "Thông tấn",
    "magazine": "Tạp chí",
}

THEME_AREAS: dict[int, str] = {
    1: "Xây dựng Đảng, hệ thống chính trị, vận động Nhân dân",
    2: "Kinh tế, đất đai, quy hoạch, trật tự xây dựng đô thị, môi trường",
    3: "Văn hóa - xã hội, an sinh xã hội, giáo dục, y tế, du lịch, khoa học công nghệ",
    4: ("Chuyển đổi số, cải cách hành chính, môi trường đầu tư, thanh tra, phòng chống tham nhũng"),
    5: "Quốc phòng, an ninh, trật tự, đối ngoại, hội nhập quốc tế",
}


def agreed_unit_prices(seeds_dir: Path) -> dict[tuple[str, str], int]:
    """(deliverable_type, channel) -> the highest unit price agreed, in VND (per minute for
    programmes), read from the dbt seed the settlement rules check against (in `seeds_dir`,
    the dbt project's seeds folder, which the caller names)."""
    seed_file = Path(seeds_dir) / "agreed_unit_prices.csv"
    with seed_file.open(encoding="utf-8") as seed:
        return {
            (row["deliverable_type"], row["channel"]): int(row["max_unit_price_vnd"])
            for row in csv.DictReader(seed)
        }
