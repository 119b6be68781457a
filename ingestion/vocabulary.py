"""What people type, mapped onto the canonical names and codes: header labels, enumeration
labels, money units and the reasons a row is quarantined.

This module is data only. Labels are written as people write them (Vietnamese with diacritics);
matching folds accents, case, spacing and punctuation, so "Loại sản phẩm", "loai san pham" and
"LOAI_SAN_PHAM" are the same label. A canonical name or code is always accepted as its own
label.
"""

# Column labels per source: canonical column -> labels people use. The first label is the one
# the inbox contract documents (shown in messages).
HEADER_ALIASES: dict[str, dict[str, tuple[str, ...]]] = {
    "contracts": {
        "contract_id": ("Số hợp đồng", "Mã hợp đồng", "Hợp đồng số", "Số HĐ", "contract no"),
        "agency": ("Cơ quan báo chí", "Tên cơ quan báo chí", "Cơ quan", "Đơn vị", "press agency"),
        "signed_on": ("Ngày ký", "Ngày ký hợp đồng", "signed", "signing date"),
        "start_date": ("Ngày bắt đầu", "Từ ngày", "start"),
        "end_date": ("Ngày kết thúc", "Đến ngày", "end"),
        "liquidated_on": ("Ngày thanh lý", "liquidation date"),
        "deliverable_type": ("Loại sản phẩm", "Sản phẩm", "Loại tin bài", "deliverable"),
        "channel": ("Loại hình", "Kênh", "Loại hình báo chí"),
        "theme_area": ("Lĩnh vực", "Nhóm nội dung", "Chủ đề", "theme"),
        "quantity": ("Số lượng", "Khối lượng", "SL", "qty"),
        "unit_price_vnd": ("Đơn giá", "unit price"),
        "amount_vnd": ("Thành tiền", "Giá trị", "amount"),
    },
    "payments": {
        "payment_id": ("Số chứng từ", "Chứng từ", "Số phiếu chi", "voucher"),
        "contract_id": ("Số hợp đồng", "Mã hợp đồng", "Hợp đồng số", "Số HĐ"),
        "paid_on": ("Ngày chi", "Ngày thanh toán", "Ngày chứng từ", "paid"),
        "amount_vnd": ("Số tiền", "Thành tiền", "amount"),
        "kind": ("Loại", "Loại chi", "Loại thanh toán", "Hình thức chi", "type"),
    },
    "coverage": {
        "agency": ("Cơ quan báo chí", "Tên cơ quan báo chí", "Cơ quan", "Báo", "press agency"),
        "published_at": ("Ngày đăng", "Thời gian đăng", "Ngày xuất bản", "published", "date"),
        "title": ("Tiêu đề", "Tên bài", "Tên tin bài", "headline"),
        "url": ("Đường dẫn", "Liên kết", "link", "URL"),
        "deliverable_type": ("Loại sản phẩm", "Sản phẩm", "Loại tin bài", "deliverable"),
        "channel": ("Loại hình", "Kênh", "Loại hình báo chí"),
        "contract_id": ("Số hợp đồng", "Mã hợp đồng", "Hợp đồng số", "Số HĐ"),
        "accepted": ("Nghiệm thu", "Đã nghiệm thu", "acceptance"),
        "duration_min": ("Thời lượng (phút)", "Thời lượng", "duration", "minutes"),
        "views": ("Lượt xem", "Lượt đọc", "Lượt truy cập"),
        "summary": ("Tóm tắt", "Sapo", "Mô tả", "description"),
    },
    "indices": {
        "index_code": ("Chỉ số", "index", "Mã chỉ số"),
        "year": ("Năm",),
        "province": ("Tỉnh/thành", "Tỉnh/thành phố", "Tỉnh", "Địa phương"),
        "component": ("Thành phần", "Chỉ số thành phần", "Chỉ số con"),
        "score": ("Điểm", "Điểm số", "Giá trị"),
        "scale_max": ("Thang điểm", "Điểm tối đa"),
        "rank": ("Xếp hạng", "Thứ hạng", "Hạng"),
        "source": ("Nguồn", "Nguồn số liệu"),
        "note": ("Ghi chú",),
        "is_placeholder": ("Số liệu giả định", "Giả định", "placeholder"),
    },
    "agencies": {
        "agency": ("Cơ quan báo chí", "Tên cơ quan báo chí", "Cơ quan", "name"),
        "aliases": ("Tên khác", "Tên gọi khác", "Tên viết tắt", "alias"),
        "tier": ("Cấp", "Cấp quản lý"),
        "media_type": ("Loại hình báo chí", "Loại hình", "media"),
        "reach_estimate": ("Độ phủ ước tính", "Độ phủ", "reach"),
        "reach_basis": ("Cơ sở ước tính", "Cơ sở độ phủ"),
        "feed_host": ("Tên miền RSS", "Tên miền", "RSS", "domain", "host"),
    },
    "events": {
        "event_id": ("Mã sự kiện", "Mã", "id"),
        "name": ("Tên sự kiện", "Sự kiện", "event"),
        "start_date": ("Ngày bắt đầu", "Ngày", "Từ ngày", "start", "date"),
        "end_date": ("Ngày kết thúc", "Đến ngày", "end"),
        "theme_area": ("Lĩnh vực", "Nhóm nội dung", "theme"),
        "window_days": ("Cửa sổ (ngày)", "Cửa sổ", "window"),
    },
    "reviews": {
        "action": ("Hành động", "Loại", "Loại duyệt", "Quyết định"),
        "source_file": ("Tệp", "Tên tệp", "Tệp gốc", "file"),
        "sheet": ("Trang tính", "Sheet", "Bảng tính"),
        "row_number": ("Dòng", "Số dòng", "row"),
        "column_name": ("Cột", "Tên cột", "column"),
        "new_value": ("Giá trị mới", "Giá trị đúng", "Giá trị sửa", "value"),
        "item_url": ("URL tin bài", "Đường dẫn tin bài", "Đường dẫn", "item"),
        "other_url": ("URL bản gốc", "Đường dẫn bản gốc", "original"),
        "contract_id": ("Số hợp đồng", "Mã hợp đồng", "Số HĐ"),
        "theme_area": ("Lĩnh vực", "Nhóm nội dung", "theme"),
        "event_id": ("Sự kiện", "Mã sự kiện", "event"),
        "tone": ("Sắc thái", "Sắc thái tin bài", "Giọng điệu"),
        "concern_id": ("Mã vấn đề", "Mã vấn đề dư luận", "Vấn đề dư luận", "concern"),
        "reviewer": ("Người duyệt", "Người kiểm tra", "Cán bộ duyệt"),
        "reviewed_on": ("Ngày duyệt", "Ngày kiểm tra", "reviewed"),
        "note": ("Ghi chú", "Lý do"),
    },
    "targets": {
        "year": ("Năm",),
        "theme_area": ("Lĩnh vực", "Nhóm nội dung", "theme"),
        "deliverable_type": ("Loại sản phẩm", "Sản phẩm", "deliverable"),
        "planned_items": ("Số lượng kế hoạch", "Số lượng", "planned"),
        "planned_share": (
            "Tỷ trọng kế hoạch",
            "Tỉ trọng kế hoạch",
            "Tỷ trọng",
            "Tỉ trọng",
            "share",
        ),
        "planned_budget_vnd": ("Kinh phí kế hoạch", "Kinh phí", "budget"),
    },
    "concerns": {
        "concern_id": ("Mã vấn đề", "Mã", "Số TT vấn đề", "id"),
        "first_seen_at": (
            "Thời điểm phát hiện",
            "Phát hiện lúc",
            "Thời gian phát hiện",
            "Ngày phát hiện",
            "first seen",
        ),
        "description": ("Mô tả", "Nội dung", "Vấn đề", "Mô tả ngắn", "description"),
        "keywords": ("Từ khóa", "Từ khoá", "keyword"),
        "theme_area": ("Lĩnh vực", "Nhóm nội dung", "theme"),
        "response_at": (
            "Thời điểm trả lời chính thức",
            "Thời điểm trả lời",
            "Thời gian trả lời",
            "Ngày trả lời",
            "Trả lời lúc",
            "response",
        ),
        "response_channel": (
            "Hình thức trả lời",
            "Kênh trả lời",
            "Hình thức",
            "channel",
        ),
    },
}

# The labels people type for each code; the first is the one the demo writes.
DELIVERABLE_TYPE_LABELS: dict[str, tuple[str, ...]] = {
    "news": ("Tin", "Tin tức", "Tin bài", "news item"),
    "article": ("Bài viết", "Bài", "Bài báo", "Bài phản ánh"),
    "reportage": ("Phóng sự",),
    "film": ("Phim", "Phim tài liệu", "Phim phóng sự"),
    "photo": ("Ảnh", "Phóng sự ảnh", "Ảnh / Phóng sự ảnh", "Tin ảnh", "photo story"),
    "special_page": (
        "Chuyên trang",
        "Chuyên mục",
        "Chuyên đề",
        "Chuyên trang / Chuyên mục / Chuyên đề",
        "special page",
    ),
    "talk_show": ("Tọa đàm", "Đối thoại", "Tọa đàm / Đối thoại", "talk show"),
    "programme": (
        "Chương trình",
        "Chương trình (phút)",
        "Chương trình truyền hình",
        "Chương trình phát thanh",
        "program",
    ),
    "event": ("Sự kiện", "Hội thảo", "Hội nghị", "Sự kiện / Hội thảo / Hội nghị", "seminar"),
}

CHANNEL_LABELS: dict[str, tuple[str, ...]] = {
    "print": ("Báo in", "Báo giấy", "In"),
    "online": ("Báo điện tử", "Điện tử", "Trực tuyến", "Trang thông tin điện tử", "web"),
    "tv": ("Truyền hình", "TV", "television"),
    "radio": ("Phát thanh", "Radio"),
    "social": ("Mạng xã hội", "MXH", "social media", "Facebook", "YouTube", "Zalo", "TikTok"),
}

PAYMENT_KIND_LABELS: dict[str, tuple[str, ...]] = {
    "advance": ("Tạm ứng", "Ứng trước"),
    "payment": ("Thanh toán", "Chi trả"),
    "settlement": ("Quyết toán", "Thanh toán quyết toán"),
}

# The name a deliverable type is shown by in the reports and the settlement workbook.
DELIVERABLE_TYPE_NAMES_VI: dict[str, str] = {
    "news": "Tin",
    "article": "Bài viết",
    "reportage": "Phóng sự",
    "film": "Phim",
    "photo": "Ảnh / phóng sự ảnh",
    "special_page": "Chuyên trang / chuyên mục",
    "talk_show": "Tọa đàm / đối thoại",
    "programme": "Chương trình (phút)",
    "event": "Sự kiện / hội thảo",
}


def first_labels(labels: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """Each code's usual label, the first of those people type: 'tv' -> 'Truyền hình'."""
    return {code: names[0] for code, names in labels.items()}


REVIEW_ACTION_LABELS: dict[str, tuple[str, ...]] = {
    "correct_value": ("Sửa giá trị", "Sửa", "Hiệu chỉnh", "correct"),
    "confirm_removal": ("Xác nhận gỡ tệp", "Xác nhận xóa tệp", "Gỡ tệp", "confirm removal"),
    "confirm_match": ("Xác nhận khớp hợp đồng", "Xác nhận khớp"),
    "reject_match": ("Bác khớp hợp đồng", "Bác khớp"),
    "confirm_syndication": ("Xác nhận bản sao", "Xác nhận đăng lại"),
    "reject_syndication": ("Bác bản sao", "Bác đăng lại"),
    "confirm_theme": ("Xác nhận lĩnh vực",),
    "reject_theme": ("Bác lĩnh vực",),
    "confirm_event": ("Xác nhận gắn sự kiện", "Xác nhận sự kiện"),
    "reject_event": ("Bác gắn sự kiện", "Bác sự kiện"),
    "set_tone": ("Đặt sắc thái", "Sửa sắc thái", "Xác nhận sắc thái", "confirm_tone"),
    "confirm_concern": (
        "Xác nhận tin về vấn đề",
        "Xác nhận vấn đề dư luận",
        "Xác nhận phản hồi dư luận",
    ),
    "reject_concern": ("Bác tin về vấn đề", "Bác vấn đề dư luận", "Bác phản hồi dư luận"),
}

TONE_LABELS: dict[str, tuple[str, ...]] = {
    "positive": ("Tích cực",),
    "neutral": ("Trung tính",),
    "negative": ("Tiêu cực",),
}

TIER_LABELS: dict[str, tuple[str, ...]] = {
    "central": ("Trung ương", "TW", "Cơ quan trung ương"),
    "local": ("Địa phương", "ĐP", "Tỉnh", "Thành phố", "Cơ quan địa phương"),
}

MEDIA_TYPE_LABELS: dict[str, tuple[str, ...]] = {
    "newspaper": ("Báo in", "Báo", "Báo giấy"),
    "tv": ("Truyền hình", "Đài truyền hình", "Phát thanh - Truyền hình", "PT-TH", "TV"),
    "radio": ("Phát thanh", "Đài phát thanh", "Radio"),
    "online": ("Báo điện tử", "Điện tử", "Trang thông tin điện tử", "Trực tuyến"),
    "news_agency": ("Thông tấn", "Thông tấn xã", "Hãng thông tấn", "news agency"),
    "magazine": ("Tạp chí", "Tạp chí điện tử"),
}

INDEX_CODE_LABELS: dict[str, tuple[str, ...]] = {
    "PAR": ("PAR Index", "Chỉ số cải cách hành chính", "Chỉ số CCHC"),
    "SIPAS": ("SIPAS", "Chỉ số hài lòng", "Chỉ số hài lòng về sự phục vụ hành chính"),
    "PAPI": ("PAPI",),
    "PCI": ("PCI", "Chỉ số năng lực cạnh tranh cấp tỉnh"),
    "DTI": ("DTI", "Chỉ số chuyển đổi số"),
}

# Yes/no cells: "x" and a tick mark are how a tick is typed in a spreadsheet; label matching
# reads every tick mark as "x".
TICK_MARKS = "✓✔☑"
BOOLEAN_LABELS: dict[bool, tuple[str, ...]] = {
    True: ("Có", "x", "1", "true", "yes", "y", "Đã nghiệm thu", "Nghiệm thu", "Đạt"),
    False: ("Không", "0", "false", "no", "n", "Chưa nghiệm thu", "Chưa", "Không đạt"),
}

# The plan's five content areas (section II), Vietnamese and English names. A cell may hold
# the number, the name, or a clear prefix of the name ("Kinh tế", "Văn hóa - xã hội").
THEME_AREA_NAMES: dict[int, tuple[str, str]] = {
    1: (
        "Xây dựng Đảng, hệ thống chính trị, vận động Nhân dân",
        "Party building, political system, mass mobilisation",
    ),
    2: (
        "Kinh tế, đất đai, quy hoạch, trật tự xây dựng đô thị, môi trường",
        "Economy, land, planning, urban order and construction, environment",
    ),
    3: (
        "Văn hóa - xã hội, an sinh xã hội, giáo dục, y tế, du lịch, khoa học công nghệ",
        "Culture, society, social security, education, health, tourism, science",
    ),
    4: (
        "Chuyển đổi số, cải cách hành chính, môi trường đầu tư, thanh tra, phòng chống tham nhũng",
        "Digital transformation, administrative reform, investment climate, inspection, "
        "anti-corruption",
    ),
    5: (
        "Quốc phòng, an ninh, trật tự, đối ngoại, hội nhập quốc tế",
        "Defence, security, order, foreign affairs, international integration",
    ),
}
# Words that may precede an area number: "Lĩnh vực 2", "LV 2", "Nhóm 2".
THEME_AREA_NUMBER_PREFIXES: tuple[str, ...] = ("Lĩnh vực", "LV", "Nhóm", "Nhóm nội dung", "area")
# A name prefix must be at least this long to count as "clear" (after folding).
THEME_AREA_MIN_PREFIX = 4

# Money: multipliers written after the number, and currency marks that carry no value.
MONEY_UNITS: dict[str, int] = {
    "tỷ": 1_000_000_000,
    "tỉ": 1_000_000_000,
    "triệu": 1_000_000,
    "tr": 1_000_000,
    "nghìn": 1_000,
    "ngàn": 1_000,
    "k": 1_000,
}
CURRENCY_MARKS: tuple[str, ...] = ("₫", "VNĐ", "VND", "đồng", "đ")

# Bidirectional control characters: invisible, they reorder how text is displayed (a
# right-to-left override reverses a name in a PDF). Removed from every text value read.
BIDI_CONTROLS = "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"

# Limits that keep one bad cell or one hostile file from swamping a load.
MAX_FIELD_CHARS = 10_000
MAX_FEED_BYTES = 20 * 1024 * 1024
MAX_XLSX_UNCOMPRESSED_BYTES = 512 * 1024 * 1024
HEADER_SCAN_ROWS = 10
PLAUSIBLE_YEARS = (2000, 2100)
DEFAULT_EVENT_WINDOW_DAYS = 7
# Vietnam keeps one time zone (UTC+7) with no daylight saving; timestamps are stored as local
# wall-clock time so the publication date is the one readers saw.
LOCAL_UTC_OFFSET_MINUTES = 7 * 60

# Why a row was quarantined: code -> (English, Vietnamese). A check may add a detail after a
# semicolon (e.g. the allowed range).
REASONS: dict[str, tuple[str, str]] = {
    "missing_required": ("required value is missing", "thiếu giá trị bắt buộc"),
    "field_too_long": (
        f"text longer than {MAX_FIELD_CHARS:,} characters",
        f"nội dung dài quá {MAX_FIELD_CHARS:,} ký tự".replace(",", "."),
    ),
    "invalid_date": (
        "not a date; expected dd/mm/yyyy or yyyy-mm-dd",
        "không phải ngày; cần dạng dd/mm/yyyy hoặc yyyy-mm-dd",
    ),
    "impossible_date": (
        "no such calendar day or time (e.g. 31/02)",
        "ngày hoặc giờ không có thật trên lịch (ví dụ 31/02)",
    ),
    "implausible_date": (
        f"date outside the years {PLAUSIBLE_YEARS[0]}–{PLAUSIBLE_YEARS[1]}",
        f"ngày nằm ngoài khoảng năm {PLAUSIBLE_YEARS[0]}–{PLAUSIBLE_YEARS[1]}",
    ),
    "outside_year_window": (
        "date too far from the file's other dates for a money file",
        "ngày quá xa các ngày khác trong tệp (tệp hợp đồng/chi tiền)",
    ),
    "end_before_start": ("end date is before the start date", "ngày kết thúc trước ngày bắt đầu"),
    "response_before_first_seen": (
        "the official response is dated before the concern was first seen",
        "thời điểm trả lời chính thức sớm hơn thời điểm phát hiện vấn đề",
    ),
    "invalid_money": (
        "not a VND amount (forms like 1e8 are not read); expected e.g. 1.250.000.000, "
        "1,25 tỷ or 500 triệu",
        "không phải số tiền VND (không đọc dạng như 1e8); cần dạng 1.250.000.000, 1,25 tỷ "
        "hoặc 500 triệu",
    ),
    "negative_money": (
        "money amount is negative (a minus sign or parentheses); this column takes none",
        "số tiền âm (dấu trừ hoặc trong ngoặc đơn); cột này không nhận số tiền âm",
    ),
    "ambiguous_money": (
        "amount has more than one reading (e.g. 238,000.000 or 1.500 triệu); write it as "
        "238.000.000 or 1,5 triệu",
        "số tiền có thể hiểu theo nhiều cách (ví dụ 238,000.000 hoặc 1.500 triệu); hãy ghi "
        "rõ, ví dụ 238.000.000 hoặc 1,5 triệu",
    ),
    "fractional_money": (
        "amount is not a whole number of đồng",
        "số tiền có phần lẻ dưới 1 đồng; số tiền VND phải là số nguyên",
    ),
    "invalid_number": ("not a number", "không phải số"),
    "negative_number": ("number is negative", "số âm"),
    "invalid_integer": ("not a whole number", "không phải số nguyên"),
    "out_of_range": ("number outside the allowed range", "số nằm ngoài khoảng cho phép"),
    "unknown_deliverable_type": (
        "unknown deliverable type; expected e.g. Tin, Bài viết, Phóng sự, Phim, Ảnh, "
        "Chuyên trang, Tọa đàm, Chương trình, Sự kiện",
        "loại sản phẩm không xác định; cần ví dụ Tin, Bài viết, Phóng sự, Phim, Ảnh, "
        "Chuyên trang, Tọa đàm, Chương trình, Sự kiện",
    ),
    "unknown_channel": (
        "unknown channel; expected Báo in, Báo điện tử, Truyền hình, Phát thanh or Mạng xã hội",
        "loại hình không xác định; cần Báo in, Báo điện tử, Truyền hình, Phát thanh hoặc "
        "Mạng xã hội",
    ),
    "unknown_theme_area": (
        "unknown theme area; expected 1–5 or the area's name",
        "lĩnh vực không xác định; cần số 1–5 hoặc tên lĩnh vực",
    ),
    "unknown_payment_kind": (
        "unknown payment kind; expected Tạm ứng, Thanh toán or Quyết toán",
        "loại chi không xác định; cần Tạm ứng, Thanh toán hoặc Quyết toán",
    ),
    "unknown_tier": (
        "unknown tier; expected Trung ương or Địa phương",
        "cấp không xác định; cần Trung ương hoặc Địa phương",
    ),
    "unknown_media_type": (
        "unknown media type; expected Báo in, Truyền hình, Phát thanh, Báo điện tử, Thông tấn "
        "or Tạp chí",
        "loại hình báo chí không xác định; cần Báo in, Truyền hình, Phát thanh, Báo điện tử, "
        "Thông tấn hoặc Tạp chí",
    ),
    "unknown_index_code": (
        "unknown index; expected PAR, SIPAS, PAPI, PCI or DTI",
        "chỉ số không xác định; cần PAR, SIPAS, PAPI, PCI hoặc DTI",
    ),
    "invalid_boolean": (
        "not a yes/no value; expected Có/Không, x, 1/0 or Đã nghiệm thu",
        "không phải giá trị có/không; cần Có/Không, x, 1/0 hoặc Đã nghiệm thu",
    ),
    "invalid_url": (
        "not a web address; expected http:// or https:// followed by a host",
        "không phải địa chỉ web; cần http:// hoặc https:// và tên miền",
    ),
    "invalid_host": (
        "not a host name; expected e.g. baohaiphong.vn",
        "không phải tên miền; cần dạng baohaiphong.vn",
    ),
    "unknown_agency": (
        "agency not in the agencies list (by name or alias)",
        "cơ quan báo chí không có trong danh mục (theo tên hoặc tên khác)",
    ),
    "formula_without_value": (
        "formula cell has no saved value; open and save the file in Excel",
        "ô công thức chưa có giá trị lưu; hãy mở và lưu lại tệp bằng Excel",
    ),
    "invalid_json": ("line is not a JSON object", "dòng không phải đối tượng JSON"),
    "wrong_field_count": (
        "row has more or fewer fields than the header (an unquoted comma in an amount?); "
        "its text is kept as it was",
        "dòng có số trường khác với dòng tiêu đề (dấu phẩy trong số tiền không có ngoặc "
        "kép?); nội dung dòng được giữ nguyên",
    ),
    "nul_byte": (
        "cell holds a NUL byte (shown as ␀); the file may be damaged",
        "ô chứa byte NUL (hiển thị là ␀); tệp có thể bị hỏng",
    ),
    "unknown_tone": (
        "unknown tone; expected Tích cực (positive), Trung tính (neutral) or Tiêu cực (negative)",
        "sắc thái không xác định; cần Tích cực, Trung tính hoặc Tiêu cực",
    ),
    "unknown_review_action": (
        "unknown review action; expected e.g. Sửa giá trị (correct_value), Xác nhận gỡ tệp "
        "(confirm_removal), Xác nhận khớp hợp đồng (confirm_match)",
        "hành động duyệt không xác định; cần ví dụ Sửa giá trị, Xác nhận gỡ tệp, "
        "Xác nhận khớp hợp đồng",
    ),
    "review_incomplete": (
        "the review lacks a value its action needs",
        "dòng duyệt thiếu thông tin mà hành động cần",
    ),
    "unknown_review_target": (
        "the file is not in a folder of the inbox; expected e.g. payments/chung-tu.xlsx",
        "tệp không nằm trong thư mục nào của hộp thư; cần dạng payments/chung-tu.xlsx",
    ),
}

# Why a correct_value review could not be applied: status -> (English, Vietnamese).
CORRECTION_PROBLEMS: dict[str, tuple[str, str]] = {
    "file_not_found": (
        "no such file in the inbox",
        "không có tệp này trong hộp thư",
    ),
    "row_not_found": (
        "no data row with that number (and sheet) in the file",
        "không có dòng dữ liệu số này (trong trang tính này) của tệp",
    ),
    "column_unknown": (
        "no such column in the file",
        "tệp không có cột này",
    ),
    "value_invalid": (
        "the new value does not read as the column's type",
        "giá trị mới không đọc được theo kiểu dữ liệu của cột",
    ),
}
