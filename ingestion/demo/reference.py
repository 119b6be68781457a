"""Labels people type in the inbox, the agreed unit price ceilings and the plan's theme areas.

The demo writes files the way the department's staff fill them in, so it needs the Vietnamese
labels for every coded value. The ceilings are the unit prices agreed for 2025 (the dbt seed
agreed_unit_prices); every contract line the demo writes stays at or below them.
"""

import csv
from pathlib import Path

from ingestion import vocabulary
from ingestion.vocabulary import DELIVERABLE_TYPE_LABELS, THEME_AREA_NAMES, first_labels

PROVINCE = "Hải Phòng"
YEAR = 2025
DEMO_LABEL_VI = "Dữ liệu minh họa"
PLACEHOLDER_NOTE_VI = "Số liệu giả định — chưa công bố"

# Canonical code -> the label written in the files: the usual label people type.
DELIVERABLE_LABELS: dict[str, str] = first_labels(DELIVERABLE_TYPE_LABELS)

# Broadcasters call a recurring slot a "chuyên mục"; the press calls it a "chuyên trang".
SPECIAL_PAGE_BROADCAST_LABEL = "Chuyên mục"
# Seminars are recorded as "Hội thảo" by some staff; both labels mean the same deliverable.
EVENT_ALT_LABEL = "Hội thảo"

CHANNEL_LABELS: dict[str, str] = first_labels(vocabulary.CHANNEL_LABELS)

PAYMENT_KIND_LABELS: dict[str, str] = first_labels(vocabulary.PAYMENT_KIND_LABELS)

TIER_LABELS: dict[str, str] = first_labels(vocabulary.TIER_LABELS)

# Agency media type -> "Loại hình báo chí" as written in the agencies sheet.
MEDIA_TYPE_LABELS: dict[str, str] = first_labels(vocabulary.MEDIA_TYPE_LABELS)

THEME_AREAS: dict[int, str] = {area: names[0] for area, names in THEME_AREA_NAMES.items()}


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
