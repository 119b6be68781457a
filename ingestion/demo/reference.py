"""Labels people type in the inbox, the agreed unit price ceilings and the plan's theme areas.

The demo writes files the way the department's staff fill them in, so it needs the Vietnamese
labels for every coded value. The ceilings are the unit prices agreed for 2025; every contract
line the demo writes stays at or below them.
"""

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

# Agreed unit price ceilings for 2025 (VND per item; per minute for programmes).
EVENT_CEILING_VND = 500_000_000
UNIT_PRICE_CEILINGS: dict[tuple[str, str], int] = {
    ("news", "print"): 1_500_000,
    ("news", "online"): 1_000_000,
    ("news", "tv"): 5_000_000,
    ("news", "radio"): 1_500_000,
    ("news", "social"): 500_000,
    ("article", "print"): 5_000_000,
    ("article", "online"): 4_000_000,
    ("article", "social"): 1_500_000,
    ("reportage", "print"): 8_000_000,
    ("reportage", "online"): 15_000_000,
    ("reportage", "tv"): 40_000_000,
    ("reportage", "radio"): 10_000_000,
    ("film", "online"): 120_000_000,
    ("film", "tv"): 250_000_000,
    ("photo", "print"): 6_000_000,
    ("photo", "online"): 5_000_000,
    ("special_page", "print"): 60_000_000,
    ("special_page", "online"): 50_000_000,
    ("special_page", "tv"): 150_000_000,
    ("special_page", "radio"): 30_000_000,
    ("talk_show", "online"): 60_000_000,
    ("talk_show", "tv"): 200_000_000,
    ("talk_show", "radio"): 40_000_000,
    ("programme", "tv"): 5_000_000,
    ("programme", "radio"): 1_000_000,
    **{("event", channel): EVENT_CEILING_VND for channel in CHANNEL_LABELS},
}


def unit_price_ceiling(deliverable_type: str, channel: str) -> int:
    """The agreed ceiling; KeyError for a combination that was never agreed."""
    return UNIT_PRICE_CEILINGS[(deliverable_type, channel)]
