"""Vietnamese names for the warehouse's canonical codes, as leadership reads them."""

from ingestion.vocabulary import (
    CHANNEL_LABELS,
    DELIVERABLE_TYPE_NAMES_VI,
    PAYMENT_KIND_LABELS,
    THEME_AREA_NAMES,
    TIER_LABELS,
    first_labels,
)

DELIVERABLE_TYPES = DELIVERABLE_TYPE_NAMES_VI
CHANNELS = first_labels(CHANNEL_LABELS)
PAYMENT_KINDS = first_labels(PAYMENT_KIND_LABELS)

SOURCES = {
    "contracts": "Hợp đồng",
    "payments": "Chứng từ chi",
    "coverage": "Tin bài",
    "indices": "Chỉ số",
    "agencies": "Cơ quan báo chí",
    "events": "Sự kiện",
    "targets": "Chỉ tiêu kế hoạch",
    "concerns": "Vấn đề dư luận",
}

TIERS = first_labels(TIER_LABELS)

# The plan's five content areas; dim_theme supplies the names when the warehouse has them.
THEME_AREAS = {area: names[0] for area, names in THEME_AREA_NAMES.items()}
THEME_AREAS_SHORT = {
    1: "Xây dựng Đảng",
    2: "Kinh tế, đô thị",
    3: "Văn hóa - xã hội",
    4: "Chuyển đổi số, CCHC",
    5: "Quốc phòng, đối ngoại",
}

INDICES = {
    "PAR": "Chỉ số cải cách hành chính (PAR Index)",
    "SIPAS": "Chỉ số hài lòng về sự phục vụ hành chính (SIPAS)",
    "PAPI": "Chỉ số hiệu quả quản trị và hành chính công cấp tỉnh (PAPI)",
    "PCI": "Chỉ số năng lực cạnh tranh cấp tỉnh (PCI)",
    "DTI": "Chỉ số chuyển đổi số (DTI)",
}
INDEX_ORDER = tuple(INDICES)


# Index components as the publishers name them in Vietnamese, keyed by their English names.
COMPONENTS = {
    # PAPI dimensions
    "participation": "Tham gia của người dân ở cấp cơ sở",
    "transparency": "Công khai, minh bạch",
    "vertical accountability": "Trách nhiệm giải trình với người dân",
    "control of corruption": "Kiểm soát tham nhũng trong khu vực công",
    "administrative procedures": "Thủ tục hành chính công",
    "public service delivery": "Cung ứng dịch vụ công",
    "environmental governance": "Quản trị môi trường",
    "e-governance": "Quản trị điện tử",
    # PCI sub-indices
    "entry costs": "Chi phí gia nhập thị trường",
    "land access": "Tiếp cận đất đai",
    "time costs": "Chi phí thời gian",
    "informal charges": "Chi phí không chính thức",
    "policy bias": "Cạnh tranh bình đẳng",
    "proactivity": "Tính năng động của chính quyền tỉnh",
    "business support": "Dịch vụ hỗ trợ doanh nghiệp",
    "labour training": "Đào tạo lao động",
    "labor training": "Đào tạo lao động",
    "legal institutions": "Thiết chế pháp lý và an ninh trật tự",
}


def component(name: object) -> str:
    """An index component's Vietnamese name; names not listed are shown as given."""
    text = "" if name is None else str(name)
    key = " ".join(text.replace("_", " ").lower().split())
    return COMPONENTS.get(key, COMPONENTS.get(key.replace("e governance", "e-governance"), text))


def label(mapping: dict, code: object) -> str:
    """The Vietnamese name of a code, or the code itself when the mapping does not know it."""
    return mapping.get(code, "" if code is None else str(code))


def theme_short(area: object) -> str:
    try:
        return THEME_AREAS_SHORT[int(area)]
    except (TypeError, ValueError, KeyError):
        return "Chưa phân loại"
