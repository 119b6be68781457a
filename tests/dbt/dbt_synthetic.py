"""A small synthetic but realistic Hải Phòng 2025 inbox, written straight into the raw tables.

Five listed agencies and one that only appears in coverage; nine contract lines over six
contracts (one agency named by its alias); advances, payments and a settlement; contracted
items (accepted, not accepted, published after the contract period, one claimed by two
contracts, a programme counted in minutes), organic items, syndicated copies, exact duplicate
rows, a coverage peak around 13/05/2025, the events and targets lists and the published index
figures (with the two conflicting PAR 2023 scores).

Everything is returned as the rows inserted, so tests can compute what the marts should say
without reading them.
"""

import datetime as dt
import hashlib
import random
from dataclasses import dataclass, field
from typing import NamedTuple

import dagster as dg
import duckdb
from dbt_testkit import create_raw_schema, insert_rows

YEAR = 2025
PLACES = (
    "quận Lê Chân",
    "quận Ngô Quyền",
    "huyện Vĩnh Bảo",
    "thành phố Thủy Nguyên",
    "quận Hải An",
    "huyện Tiên Lãng",
    "quận Kiến An",
    "huyện An Lão",
)
TITLES_BY_AREA = {
    1: (
        "Hải Phòng kỷ niệm 95 năm thành lập Đảng tại {place}",
        "Đại hội Đảng bộ {place} nhiệm kỳ 2025 - 2030 thành công tốt đẹp",
        "{place} hoàn thành sắp xếp bộ máy các phòng chuyên môn",
    ),
    2: (
        "Khởi công dự án giao thông trọng điểm tại {place}",
        "Đẩy nhanh giải phóng mặt bằng khu công nghiệp ở {place}",
        "Cảng biển Hải Phòng đón tàu trọng tải lớn, {place} hưởng lợi",
        "Chuyển đổi xanh: {place} học cách làm của Cát Bà",
    ),
    3: (
        "Du lịch Cát Bà hút khách, du khách từ {place} tăng mạnh",
        "Lễ hội Hoa Phượng Đỏ rực rỡ tại {place}",
        "Bệnh viện {place} nâng cao chất lượng khám chữa bệnh",
    ),
    4: (
        "{place} đẩy mạnh chuyển đổi số trong dịch vụ công trực tuyến",
        "Cải thiện chỉ số PCI: {place} thu hút đầu tư",
    ),
    5: (
        "Bảo đảm an toàn giao thông tại {place}",
        "Biên phòng {place} tuần tra bảo vệ chủ quyền biển đảo",
    ),
}
UNCLASSIFIED_TITLES = (
    "Thời tiết ở {place} có mưa rào rải rác",
    "Người dân {place} đi chợ sớm cuối tuần",
)
ANNIVERSARY_TITLE = "Rực rỡ cờ hoa mừng 70 năm giải phóng Hải Phòng tại {place}"

AGENCIES = [
    {
        "agency": "Báo Hải Phòng",
        "aliases": "Hải Phòng; baohaiphong.vn",
        "tier": "local",
        "media_type": "newspaper",
        "reach_estimate": 300_000,
        "reach_basis": "Số phát hành một kỳ cộng lượt đọc trung bình một bài",
        "feed_host": "baohaiphong.vn",
    },
    {
        "agency": "Đài Phát thanh và Truyền hình Hải Phòng",
        "aliases": "THP; Đài PT&TH Hải Phòng",
        "tier": "Địa phương",
        "media_type": "tv",
        "reach_estimate": 600_000,
        "reach_basis": "Khán giả trung bình một chương trình",
        "feed_host": "haiphongtv.vn",
    },
    {
        "agency": "Báo Nhân Dân",
        "aliases": "Nhân Dân",
        "tier": "central",
        "media_type": "newspaper",
        "reach_estimate": 1_200_000,
        "reach_basis": "Số phát hành một kỳ cộng lượt đọc trung bình một bài",
        "feed_host": "nhandan.vn",
    },
    {
        "agency": "Báo điện tử VnExpress",
        "aliases": "VnExpress",
        "tier": "central",
        "media_type": "online",
        "reach_estimate": 2_500_000,
        "reach_basis": "Lượt đọc trung bình một bài",
        "feed_host": "vnexpress.net",
    },
    {
        "agency": "Báo Đầu tư",
        "aliases": "Đầu tư",
        "tier": "central",
        "media_type": "newspaper",
        "reach_estimate": None,  # no estimate: the seed's default applies
        "reach_basis": None,
        "feed_host": None,
    },
]
UNLISTED_AGENCY = "Báo Tin tức"  # organic coverage only, missing from the agencies list


class Line(NamedTuple):
    contract_id: str
    agency: str  # as written in the contract (an alias for three of them)
    start: str
    end: str
    liquidated: str | None
    deliverable_type: str
    channel: str
    theme_area: int
    quantity: int
    unit_price_vnd: int
    published: int  # items published against the line
    accepted: int  # of which accepted (a programme item lasts PROGRAMME_MINUTES)


CONTRACT_LINES = [
    Line("01/2025/HĐ-STTTT", "Báo Hải Phòng", "2025-02-01", "2025-11-30", "2025-12-15",
         "article", "print", 2, 20, 5_000_000, 20, 18),
    Line("01/2025/HĐ-STTTT", "Báo Hải Phòng", "2025-02-01", "2025-11-30", "2025-12-15",
         "news", "online", 3, 30, 1_000_000, 32, 31),
    Line("02/2025/HĐ-STTTT", "THP", "2025-03-01", "2025-12-15", None,
         "reportage", "tv", 3, 6, 40_000_000, 6, 6),
    Line("02/2025/HĐ-STTTT", "THP", "2025-03-01", "2025-12-15", None,
         "programme", "tv", 1, 120, 5_000_000, 11, 10),
    Line("03/2025/HĐ-STTTT", "Báo Nhân Dân", "2025-01-15", "2025-12-31", None,
         "article", "online", 4, 10, 4_000_000, 10, 7),
    Line("04/2025/HĐ-STTTT", "VnExpress", "2025-04-01", "2025-10-31", None,
         "article", "online", 2, 12, 4_000_000, 12, 10),
    Line("04/2025/HĐ-STTTT", "VnExpress", "2025-04-01", "2025-10-31", None,
         "special_page", "online", 5, 2, 50_000_000, 2, 2),
    Line("05/2025/HĐ-STTTT", "Báo Đầu tư", "2025-03-01", "2025-09-30", None,
         "article", "print", 2, 8, 5_000_000, 4, 3),
    Line("06/2025/HĐ-STTTT", "Hải Phòng", "2025-05-01", "2025-06-30", None,
         "news", "print", 1, 10, 1_500_000, 10, 10),
]  # fmt: skip
PROGRAMME_MINUTES = 10

PAYMENTS = [
    ("PC-001", "01/2025/HĐ-STTTT", "2025-02-10", 39_000_000, "advance"),
    ("PC-002", "01/2025/HĐ-STTTT", "2025-07-01", 60_000_000, "payment"),
    ("PC-003", "01/2025/HĐ-STTTT", "2025-12-20", 21_000_000, "settlement"),
    ("PC-004", "02/2025/HĐ-STTTT", "2025-03-05", 252_000_000, "advance"),
    ("PC-005", "02/2025/HĐ-STTTT", "2025-09-01", 400_000_000, "payment"),
    ("PC-006", "03/2025/HĐ-STTTT", "2025-01-20", 12_000_000, "advance"),
    ("PC-007", "03/2025/HĐ-STTTT", "2025-08-20", 28_000_000, "payment"),
    ("PC-008", "04/2025/HĐ-STTTT", "2025-04-05", 44_400_000, "advance"),
    ("PC-009", "05/2025/HĐ-STTTT", "2025-03-10", 12_000_000, "advance"),
    ("PC-010", "05/2025/HĐ-STTTT", "2025-10-01", 28_000_000, "payment"),
]

EVENTS = [
    ("SK01", "Kỷ niệm 95 năm Ngày thành lập Đảng", "2025-02-03", "2025-02-03", 1, 7),
    ("SK03", "Lễ hội Hoa Phượng Đỏ 2025", "2025-05-09", "2025-05-11", 3, 7),
    ("SK05", "Kỷ niệm 70 năm Ngày giải phóng Hải Phòng", "2025-05-13", "2025-05-13", 3, 7),
]

# index, year, component, score, scale, rank, source, note (Hải Phòng's published figures)
INDICES = [
    ("PCI", 2018, None, 64.48, 100, 16, "pcivietnam.vn", None),
    ("PCI", 2019, None, 68.73, 100, 10, "pcivietnam.vn", None),
    ("PCI", 2020, None, 69.27, 100, 7, "pcivietnam.vn", None),
    ("PCI", 2021, None, 70.61, 100, 2, "pcivietnam.vn", "methodology revised in 2021"),
    ("PCI", 2022, None, 70.76, 100, 3, "pcivietnam.vn", None),
    ("PCI", 2023, None, None, 100, 3, "thongtin.vietnam.vn", "score not confirmed"),
    ("PCI", 2024, None, 74.84, 100, 1, "thoibaotaichinhvietnam.vn", None),
    ("PAR", 2019, None, 84.35, 100, 4, "news.gov.vn", None),
    ("PAR", 2021, None, None, 100, 1, "en.vietnamplus.vn", "score not confirmed"),
    ("PAR", 2022, None, None, 100, 2, "betaen.vietnamplus.vn", "score not confirmed"),
    ("PAR", 2023, None, 91.87, 100, 2, "VNA report", "conflicts with 91.81"),
    ("PAR", 2023, None, 91.81, 100, 2, "en.doanhnghiephoinhap.vn", "conflicts with 91.87"),
    ("PAR", 2024, None, 96.17, 100, 1, "vccinews.com", None),
    ("SIPAS", 2019, None, None, 100, 2, "news.gov.vn", "score not confirmed"),
    ("SIPAS", 2023, None, 88.09, 100, 5, "en.doanhnghiephoinhap.vn", None),
    ("SIPAS", 2024, None, 90.59, 100, 1, "vccinews.com", None),
    ("DTI", 2020, None, None, 1, 21, "anhp.vn", "score not confirmed"),
    ("DTI", 2021, None, None, 1, 16, "anhp.vn", "score not confirmed"),
    ("DTI", 2022, None, None, 1, 14, "dti.gov.vn", "score not confirmed"),
    ("DTI", 2023, None, None, 1, 8, "nguoihanoi.vn", "score not confirmed"),
    ("DTI", 2024, None, 0.7857, 1, 3, "vietnam.vn", None),
    ("PAPI", 2023, "participation", 4.98, 10, None, "vir.com.vn", None),
    ("PAPI", 2023, "transparency", 5.11, 10, None, "vir.com.vn", None),
]
PEER_INDEX = ("PCI", 2024, None, 73.00, 100, 2, "peer province figure", None)

TARGET_SHARES = {1: 0.2, 2: 0.3, 3: 0.25, 4: 0.15, 5: 0.1}


@dataclass
class SyntheticInbox:
    agencies: list[dict] = field(default_factory=list)
    contracts: list[dict] = field(default_factory=list)
    payments: list[dict] = field(default_factory=list)
    coverage: list[dict] = field(default_factory=list)
    events: list[dict] = field(default_factory=list)
    targets: list[dict] = field(default_factory=list)
    indices: list[dict] = field(default_factory=list)
    copies: dict[str, str] = field(default_factory=dict)  # copy item_id -> original item_id
    double_claimed: str = ""  # the item claimed by two contracts
    late_item: str = ""  # published after its contract's period


def _date(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def _item_id(url: str) -> str:
    return hashlib.sha256(url.encode()).hexdigest()


class _Newsroom:
    """Makes coverage rows with unique titles (a serial keeps accidental copies out)."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.serial = 100
        self.rows: list[dict] = []

    def title(self, template: str) -> str:
        self.serial += 1
        place = self.rng.choice(PLACES)
        return f"{template.format(place=place)} - bài {self.serial}"

    def item(self, agency, day, title, deliverable_type, channel, **extra) -> dict:
        url = f"https://{hashlib.md5(agency.encode()).hexdigest()[:8]}.vn/{self.serial}-{day}"
        row = {
            "item_id": _item_id(url),
            "agency": agency,
            "published_at": dt.datetime.combine(day, dt.time(7 + self.serial % 12, 30)),
            "title": title,
            "url": url,
            "deliverable_type": deliverable_type,
            "channel": channel,
            "contract_id": None,
            "accepted": None,
            "duration_min": None,
            "views": self.rng.randint(200, 40_000) if channel == "online" else None,
            "summary": "Thông tin về hoạt động của thành phố trong năm 2025.",
            **extra,
        }
        self.rows.append(row)
        return row

    def day_between(self, start: dt.date, end: dt.date) -> dt.date:
        return start + dt.timedelta(days=self.rng.randint(0, (end - start).days))


def write_synthetic_inbox(con: duckdb.DuckDBPyConnection, seed: int = 7) -> SyntheticInbox:
    rng = random.Random(seed)
    inbox = SyntheticInbox()
    newsroom = _Newsroom(rng)

    inbox.agencies = AGENCIES
    for line in CONTRACT_LINES:
        inbox.contracts.append(
            {
                "contract_id": line.contract_id,
                "agency": line.agency,
                "signed_on": _date(line.start) - dt.timedelta(days=5),
                "start_date": _date(line.start),
                "end_date": _date(line.end),
                "liquidated_on": _date(line.liquidated) if line.liquidated else None,
                "deliverable_type": line.deliverable_type,
                "channel": line.channel,
                "theme_area": line.theme_area,
                "quantity": line.quantity,
                "unit_price_vnd": line.unit_price_vnd,
                "amount_vnd": line.quantity * line.unit_price_vnd,
            }
        )
    inbox.payments = [
        {"payment_id": p, "contract_id": c, "paid_on": _date(d), "amount_vnd": a, "kind": k}
        for p, c, d, a, k in PAYMENTS
    ]

    # Contracted items, listed with their contract number and acceptance.
    agency_names = {
        "THP": AGENCIES[1]["agency"],
        "VnExpress": AGENCIES[3]["agency"],
        "Hải Phòng": AGENCIES[0]["agency"],
    }
    for line in CONTRACT_LINES:
        publisher = agency_names.get(line.agency, line.agency)
        for n in range(line.published):
            day = newsroom.day_between(_date(line.start), _date(line.end))
            title = newsroom.title(rng.choice(TITLES_BY_AREA[line.theme_area]))
            programme = line.deliverable_type == "programme"
            newsroom.item(
                publisher,
                day,
                title,
                line.deliverable_type,
                line.channel,
                contract_id=line.contract_id,
                accepted=n < line.accepted,
                duration_min=PROGRAMME_MINUTES if programme else None,
            )
    # Published after the contract ended, listed under it, not accepted.
    late = newsroom.item(
        "Báo Hải Phòng",
        dt.date(2025, 12, 5),
        newsroom.title(TITLES_BY_AREA[2][0]),
        "article",
        "print",
        contract_id="01/2025/HĐ-STTTT",
        accepted=False,
    )
    inbox.late_item = late["item_id"]

    # Organic coverage over the year, more of it around the 70th anniversary of liberation.
    outlets = [a["agency"] for a in AGENCIES] + [UNLISTED_AGENCY]
    for _ in range(150):
        area = rng.randint(1, 5)
        template = rng.choice(TITLES_BY_AREA[area] + UNCLASSIFIED_TITLES)
        day = newsroom.day_between(dt.date(2025, 1, 2), dt.date(2025, 12, 28))
        newsroom.item(rng.choice(outlets), day, newsroom.title(template), "news", "online")
    for _ in range(45):
        day = newsroom.day_between(dt.date(2025, 5, 6), dt.date(2025, 5, 20))
        newsroom.item(rng.choice(outlets), day, newsroom.title(ANNIVERSARY_TITLE), "news", "online")

    # Syndicated copies: another outlet re-runs an item within three days, the title unchanged or
    # with 'Hải Phòng: ' in front; one more re-run a week later is a new story.
    originals = rng.sample(newsroom.rows[:-45], 15)
    for original in originals:
        others = [a for a in outlets if a != original["agency"]]
        delay = dt.timedelta(days=rng.randint(0, 2), hours=rng.randint(1, 20))
        published_at = original["published_at"] + delay
        title = rng.choice((original["title"], "Hải Phòng: " + original["title"]))
        copy = newsroom.item(rng.choice(others), published_at.date(), title, "news", "online")
        copy["published_at"] = published_at
        inbox.copies[copy["item_id"]] = original["item_id"]
    late_rerun = originals[0]
    newsroom.item(
        rng.choice([a for a in outlets if a != late_rerun["agency"]]),
        late_rerun["published_at"].date() + dt.timedelta(days=8),
        late_rerun["title"],
        "news",
        "online",
    )

    rows = newsroom.rows
    # An item of contract 01 (news, online) also listed under contract 06, not accepted there.
    double = next(
        r
        for r in rows
        if r["contract_id"] == "01/2025/HĐ-STTTT"
        and r["accepted"]
        and r["deliverable_type"] == "news"
    )
    rows.append({**double, "contract_id": "06/2025/HĐ-STTTT", "accepted": False})
    inbox.double_claimed = double["item_id"]
    # Exact copies of earlier rows, flagged by the loader.
    for row in rng.sample(rows[:100], 3):
        rows.append({**row, "_is_duplicate": True})
    inbox.coverage = rows

    inbox.events = [
        {"event_id": e, "name": n, "start_date": _date(s), "end_date": _date(t),
         "theme_area": a, "window_days": w}
        for e, n, s, t, a, w in EVENTS
    ]  # fmt: skip
    inbox.targets = [
        {"year": YEAR, "theme_area": area, "deliverable_type": None, "planned_items": None,
         "planned_share": share, "planned_budget_vnd": None}
        for area, share in TARGET_SHARES.items()
    ]  # fmt: skip
    inbox.indices = [
        {"index_code": i, "year": y, "province": "Hải Phòng", "component": c, "score": s,
         "scale_max": m, "rank": r, "source": src, "note": note, "is_placeholder": False}
        for i, y, c, s, m, r, src, note in INDICES
    ]  # fmt: skip
    peer = dict(zip(("index_code", "year", "component", "score", "scale_max", "rank", "source",
                     "note"), PEER_INDEX, strict=True))  # fmt: skip
    inbox.indices.append({**peer, "province": "Hà Nội", "is_placeholder": False})

    create_raw_schema(con)
    for source in ("agencies", "contracts", "payments", "coverage", "events", "targets", "indices"):
        insert_rows(con, source, getattr(inbox, source))
    return inbox


def materialise_on_synthetic_inbox(dbt_assets_module, warehouse, monkeypatch):
    """The dbt assets of `dbt_assets_module` materialised in an ephemeral instance on a new
    warehouse at `warehouse` holding the synthetic inbox (MEDIACOOP_WAREHOUSE set to it)."""
    with duckdb.connect(str(warehouse)) as con:
        write_synthetic_inbox(con)
    monkeypatch.setenv("MEDIACOOP_WAREHOUSE", str(warehouse))
    return dg.materialize(
        [dbt_assets_module.dbt_models()],
        resources={"dbt": dbt_assets_module.dbt_resource()},
        instance=dg.DagsterInstance.ephemeral(),
        raise_on_error=False,
    )
