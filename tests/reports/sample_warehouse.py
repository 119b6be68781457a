"""A small, self-consistent warehouse with the mart, quality and raw tables the reports read.

The marts are created from their dbt contracts (contract_tables) and the rows inserted by column
name, so a column the contracts drop or retype fails here. Figures are generated from a
seed: agencies sign contract lines, publish items against them (some late, some never
accepted, some organic, some syndicated copies), receive advances and payments; the marts are
aggregated from those items the way the models define them. `hostile` strings are planted
where a report shows data as text (an agency name, a headline, an event name, a rule's detail)
so tests can check they come out as text.
"""

import datetime as dt
import random
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd
from contract_tables import create_marts, insert_frame

AGENCY_NAMES = [
    ("Báo Hải Phòng", "local", "newspaper", 450_000),
    ("Đài Phát thanh và Truyền hình Hải Phòng", "local", "tv", 900_000),
    ("Báo Nhân Dân", "central", "newspaper", 1_200_000),
    ("Thông tấn xã Việt Nam", "central", "news_agency", 1_500_000),
    ("Đài Truyền hình Việt Nam", "central", "tv", 5_000_000),
    ("Đài Tiếng nói Việt Nam", "central", "radio", 2_000_000),
    ("Báo Quân đội nhân dân", "central", "newspaper", 600_000),
    ("Báo Tuổi Trẻ", "central", "newspaper", 2_500_000),
    ("Báo Thanh Niên", "central", "newspaper", 2_300_000),
    ("Báo Lao Động", "central", "newspaper", 1_100_000),
    ("Báo Tiền Phong", "central", "newspaper", 900_000),
    ("Báo điện tử Dân trí", "central", "online", 3_000_000),
    ("Báo điện tử VnExpress", "central", "online", 4_000_000),
    ("Báo điện tử VietnamPlus", "central", "online", 1_000_000),
    ("Báo Đầu tư", "central", "newspaper", 400_000),
    ("Báo Công Thương", "central", "newspaper", 350_000),
    ("Báo Xây dựng", "central", "newspaper", 300_000),
    ("Báo Giao thông", "central", "newspaper", 380_000),
    ("Báo Pháp luật Việt Nam", "central", "newspaper", 420_000),
    ("Báo Kinh tế & Đô thị", "central", "newspaper", 500_000),
    ("Báo Sài Gòn Giải Phóng", "central", "newspaper", 800_000),
    ("Báo Hà Nội mới", "central", "newspaper", 700_000),
    ("Tạp chí Cộng sản", "central", "magazine", 200_000),
    ("Báo Đại biểu Nhân dân", "central", "newspaper", 450_000),
    ("Báo Công an nhân dân", "central", "newspaper", 900_000),
    ("Báo Biên phòng", "central", "newspaper", 250_000),
    ("Báo Văn hóa", "central", "newspaper", 260_000),
    ("Báo Nông nghiệp Việt Nam", "central", "newspaper", 330_000),
    ("Báo điện tử VietNamNet", "central", "online", 2_800_000),
    ("Báo Người Lao động", "central", "newspaper", 1_400_000),
    ("Thời báo Tài chính Việt Nam", "central", "newspaper", 280_000),
    ("Tạp chí Du lịch", "central", "magazine", 150_000),
]

# (deliverable_type, channel, unit price ceiling in VND) — prices stay at or below them.
OFFER = [
    ("news", "online", 1_000_000),
    ("news", "tv", 5_000_000),
    ("article", "print", 5_000_000),
    ("article", "online", 4_000_000),
    ("reportage", "tv", 40_000_000),
    ("reportage", "online", 15_000_000),
    ("photo", "online", 5_000_000),
    ("special_page", "print", 60_000_000),
    ("talk_show", "tv", 200_000_000),
    ("programme", "radio", 1_000_000),
]
PLANNED_SHARE = {1: 0.15, 2: 0.30, 3: 0.25, 4: 0.20, 5: 0.10}
THEME_NAMES = {
    1: "Xây dựng Đảng, hệ thống chính trị, vận động Nhân dân",
    2: "Kinh tế, đất đai, quy hoạch, trật tự xây dựng đô thị, môi trường",
    3: "Văn hóa - xã hội, an sinh xã hội, giáo dục, y tế, du lịch, khoa học công nghệ",
    4: "Chuyển đổi số, cải cách hành chính, môi trường đầu tư, thanh tra, phòng chống tham nhũng",
    5: "Quốc phòng, an ninh, trật tự, đối ngoại, hội nhập quốc tế",
}
KEY_MESSAGES = [
    ("KM1", "Mở rộng không gian kinh tế, đô thị"),
    ("KM2", "Hoàn thiện cơ chế, chính sách đặc thù"),
    ("KM3", "Tăng cường chuyển đổi xanh, chuyển đổi số"),
]
EVENTS = [
    ("E1", "Kỷ niệm 95 năm Ngày thành lập Đảng", (2, 3)),
    ("E2", "Ngày Quyền của người tiêu dùng Việt Nam", (3, 15)),
    ("E3", "Kỷ niệm 70 năm Ngày giải phóng Hải Phòng", (5, 13)),
    ("E4", "Lễ hội Hoa Phượng Đỏ", (5, 16)),
]
# Figures not yet published, standing in as placeholders: (index, year).
PLACEHOLDER_FIGURES = {("PAR", 2025)}
# Published Hai Phong figures: (index, year, score, scale, rank).
INDEX_FIGURES = [
    ("PCI", 2018, 64.48, 100, 16),
    ("PCI", 2019, 68.73, 100, 10),
    ("PCI", 2020, 69.27, 100, 7),
    ("PCI", 2021, 70.61, 100, 2),
    ("PCI", 2022, 70.76, 100, 3),
    ("PCI", 2023, None, 100, 3),
    ("PCI", 2024, 74.84, 100, 1),
    ("PAR", 2019, 84.35, 100, 4),
    ("PAR", 2021, None, 100, 1),
    ("PAR", 2022, None, 100, 2),
    ("PAR", 2023, 91.87, 100, 2),
    ("PAR", 2023, 91.81, 100, 2),  # two official sources disagree
    ("PAR", 2024, 96.17, 100, 1),
    ("PAR", 2025, 94.6, 100, 2),  # a placeholder (see PLACEHOLDER_FIGURES)
    ("SIPAS", 2023, 88.09, 100, 5),
    ("SIPAS", 2024, 90.59, 100, 1),
    ("DTI", 2020, None, 1, 21),
    ("DTI", 2021, None, 1, 16),
    ("DTI", 2022, None, 1, 14),
    ("DTI", 2023, None, 1, 8),
    ("DTI", 2024, 0.7857, 1, 3),
    ("PAPI", 2023, 42.0, 80, None),
]
RULES = [
    ("paid_above_contract", "Chi vượt giá trị hợp đồng", True),
    ("payment_without_acceptance", "Thanh toán vượt giá trị đã nghiệm thu", True),
    ("accepted_outside_period", "Nghiệm thu tin bài ngoài thời hạn hợp đồng", True),
    ("accepted_by_two_contracts", "Một tin bài được nghiệm thu theo hai hợp đồng", True),
    ("unit_price_above_agreed", "Đơn giá vượt mức đã thỏa thuận", True),
    ("amount_mismatch", "Thành tiền khác số lượng × đơn giá", True),
    ("non_positive_amount", "Số tiền không dương", True),
    ("claimed_by_two_contracts", "Một tin bài được hai hợp đồng kê khai", False),
    ("payment_after_liquidation", "Chi sau ngày thanh lý", False),
    ("contract_without_delivery", "Hợp đồng chưa có sản phẩm", False),
    ("advance_above_share", "Tạm ứng vượt 30% giá trị hợp đồng", False),
]


@dataclass
class SampleWarehouse:
    path: Path
    year: int
    agencies: list[str]
    hostile: list[str] = field(default_factory=list)


def build_sample_warehouse(
    path: Path,
    *,
    year: int = 2025,
    agencies: int = 6,
    items_per_line: int = 12,
    quantity_scale: int = 1,
    seed: int = 7,
    demo: bool = True,
    blocked: bool = False,
    previous_year: bool = True,
    hostile: list[str] | None = None,
    reviewed: bool = True,
) -> SampleWarehouse:
    rng = random.Random(seed)
    hostile = list(hostile or [])
    names = [AGENCY_NAMES[i % len(AGENCY_NAMES)] for i in range(agencies)]
    names = [
        (n if i < len(AGENCY_NAMES) else f"{n} ({i // len(AGENCY_NAMES) + 1})", *rest)
        for i, (n, *rest) in enumerate(names)
    ]
    if hostile:
        names[-1] = (hostile[0], "local", "online", 100_000)
    dim_agency = pd.DataFrame(
        {
            "agency_id": [f"AG{i + 1:03d}" for i in range(agencies)],
            "agency": [n[0] for n in names],
            "tier": [n[1] for n in names],
            "media_type": [n[2] for n in names],
            "reach_estimate": [n[3] for n in names],
            "reach_basis": ["Lượt truy cập duy nhất/tháng (ước tính)"] * agencies,
            "is_reach_default": [i % 5 == 4 for i in range(agencies)],
        }
    )
    years = [year - 1, year] if previous_year else [year]
    tables: dict[str, list[pd.DataFrame]] = {}
    for y in years:
        share = 0.6 if y < year else 1.0  # the year before was a smaller programme
        for name, frame in _one_year(
            rng, y, dim_agency, items_per_line, quantity_scale, share, hostile
        ).items():
            tables.setdefault(name, []).append(frame)
    marts = {name: pd.concat(frames, ignore_index=True) for name, frames in tables.items()}
    marts["dim_agency"] = dim_agency
    marts["dim_theme"] = _dim_theme()
    marts["dim_date"] = _dim_date(years)
    marts["mart_index_trends"] = _index_trends(year)
    if reviewed:
        _reviewed(marts, year)

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(path)) as con:
        for schema in ("quality", "raw"):
            con.execute(f"create schema if not exists {schema}")
        create_marts(con)
        for name, frame in marts.items():
            insert_frame(con, f"marts.{name}", frame)
        _quality(con, year, marts, blocked, hostile)
        _raw(con, year, demo)
        if reviewed:
            con.execute(
                "create or replace table raw.reviews as select * from (values "
                "('confirm_removal', 'payments/chung-tu-cu.xlsx'), "
                "('confirm_removal', 'payments/chung-tu-cu.xlsx'), "
                "('correct_value', 'payments/chung-tu.xlsx')) as t (action, source_file)"
            )
    return SampleWarehouse(path, year, dim_agency["agency"].tolist(), hostile)


def _reviewed(marts: dict, year: int) -> None:
    """The analyst's decisions of the year: 3 match decisions, 2 confirmed copies, 5 theme
    decisions on 4 items, 1 corrected payment; no event decision."""
    coverage = marts["fct_coverage"]
    this_year = coverage.index[coverage["year"] == year]
    coverage.loc[this_year[:3], "match_review_file"] = "reviews/duyet.csv"
    coverage.loc[this_year[:3], "match_review_row"] = [2, 3, 4]
    coverage.loc[this_year[3:5], "syndication_by_review"] = True
    coverage.loc[this_year[5:9], "theme_decisions"] = [1, 1, 2, 1]
    payments = marts["fct_payment"]
    first = payments.index[payments["year"] == year][0]
    payments.loc[first, "corrected_by_review"] = "reviews/duyet.csv#5"


def _one_year(
    rng, year, dim_agency, items_per_line, quantity_scale, share, hostile
) -> dict[str, pd.DataFrame]:
    contracts, items, payments = [], [], []
    start_of_year = dt.date(year, 1, 1)
    for a, agency in dim_agency.iterrows():
        if rng.random() > share and a > 0:
            continue
        for c in range(rng.randint(1, 2)):
            contract_id = f"{year}/HĐ-{a + 1:02d}{c + 1}"
            start = start_of_year + dt.timedelta(days=rng.randint(0, 60))
            end = dt.date(year, 12, rng.choice([15, 31]))
            lines = rng.sample(OFFER, rng.randint(1, 3))
            for line_no, (kind, channel, ceiling) in enumerate(lines, start=1):
                quantity = rng.randint(4, 12) * quantity_scale
                quantity *= 10 if kind == "programme" else 1
                unit_price = int(ceiling * rng.choice([0.6, 0.8, 1.0]))
                contracts.append(
                    {
                        "contract_line_id": f"{contract_id}#{line_no}",
                        "contract_id": contract_id,
                        "line_no": line_no,
                        "agency_id": agency.agency_id,
                        "agency": agency.agency,
                        "year": year,
                        "signed_on": start - dt.timedelta(days=7),
                        "start_date": start,
                        "end_date": end,
                        "liquidated_on": dt.date(year, 12, 31) if c == 0 else None,
                        "deliverable_type": kind,
                        "channel": channel,
                        "theme_area": rng.randint(1, 5),
                        "quantity": float(quantity),
                        "unit_price_vnd": unit_price,
                        "amount_vnd": quantity * unit_price,
                        "max_unit_price_vnd": ceiling,
                    }
                )
    contract_lines = pd.DataFrame(contracts)
    contract_lines["contract_value_vnd"] = contract_lines.groupby("contract_id")[
        "amount_vnd"
    ].transform("sum")

    story = 0
    for line in contract_lines.itertuples():
        units = 10 if line.deliverable_type == "programme" else 1
        ordered = int(line.quantity) // units
        delivered = max(0, round(ordered * rng.uniform(0.7, 1.1))) if line.line_no != 3 else 0
        for k in range(delivered):
            published = line.start_date + dt.timedelta(days=rng.randint(0, 330))
            on_time = published <= line.end_date
            story += 1
            items.append(
                _item(
                    rng,
                    year,
                    line.agency_id,
                    line.agency,
                    published,
                    line.deliverable_type,
                    line.channel,
                    line.theme_area,
                    f"S{year}-{story}",
                    line,
                    accepted=on_time and rng.random() < 0.92,
                    on_time=on_time,
                    duration=float(units) if units > 1 else None,
                )
            )
            if k % 5 == 0:  # another outlet picks the story up
                copy = dim_agency.iloc[rng.randrange(len(dim_agency))]
                items.append(
                    _item(
                        rng,
                        year,
                        copy.agency_id,
                        copy.agency,
                        published,
                        "article",
                        "online",
                        line.theme_area,
                        f"S{year}-{story}",
                        None,
                        copy=True,
                    )
                )
    for agency in dim_agency.itertuples():  # organic coverage nobody paid for
        for _ in range(rng.randint(3, 3 + items_per_line)):
            story += 1
            published = dt.date(year, 1, 1) + dt.timedelta(days=rng.randint(0, 364))
            items.append(
                _item(
                    rng,
                    year,
                    agency.agency_id,
                    agency.agency,
                    published,
                    "news",
                    "online",
                    rng.choice([1, 2, 2, 3, 3, 4, 5, None]),
                    f"S{year}-{story}",
                    None,
                )
            )
    coverage = pd.DataFrame(items)
    if hostile and year == max(coverage["year"]):
        top = coverage["views"].idxmax()
        coverage.loc[top, "title"] = hostile[-1]
    reach = dict(zip(dim_agency.agency_id, dim_agency.reach_estimate, strict=True))
    coverage["reach_estimate"] = coverage["agency_id"].map(reach).astype("int64")

    fulfilment = _fulfilment(contract_lines, coverage)
    for contract in contract_lines.drop_duplicates("contract_id").itertuples():
        value = contract.contract_value_vnd
        payments.append(
            _payment(
                contract,
                f"PT-{contract.contract_id}-1",
                contract.start_date,
                int(value * rng.choice([0.2, 0.3, 0.35])),
                "advance",
            )
        )
        if rng.random() < 0.7:
            payments.append(
                _payment(
                    contract,
                    f"PT-{contract.contract_id}-2",
                    dt.date(year, 11, 20),
                    int(value * 0.3),
                    "payment",
                )
            )
    fct_payment = pd.DataFrame(payments)
    return {
        "dim_contract": contract_lines,
        "fct_coverage": coverage,
        "fct_coverage_theme": coverage.loc[
            coverage["primary_theme_area"].notna(), ["item_id", "primary_theme_area"]
        ]
        .rename(columns={"primary_theme_area": "theme_area"})
        .assign(sub_theme_id=None),
        "fct_payment": fct_payment,
        "mart_contract_fulfilment": fulfilment,
        "mart_budget": _budget(contract_lines, fulfilment, fct_payment, coverage),
        "mart_cost_effectiveness": _cost_effectiveness(coverage, contract_lines),
        "mart_theme_fit": _theme_fit(year, coverage),
        "mart_event_lift": _event_lift(year, coverage, hostile),
        "mart_share_of_voice": _share_of_voice(year, coverage),
        "mart_key_messages": _key_messages(year, coverage),
        "mart_agency_scorecard": _scorecard(
            year, dim_agency, contract_lines, fulfilment, coverage, fct_payment
        ),
    }


def _item(
    rng,
    year,
    agency_id,
    agency,
    published,
    kind,
    channel,
    theme,
    story_id,
    line,
    accepted=False,
    on_time=None,
    copy=False,
    duration=None,
) -> dict:
    published_at = dt.datetime.combine(published, dt.time(rng.randint(6, 21), 0))
    item_id = f"I{year}-{rng.getrandbits(48):012x}"
    return {
        "item_id": item_id,
        "agency_id": agency_id,
        "agency": agency,
        "published_at": published_at,
        "published_date": published,
        "year": year,
        "month": published.month,
        "title": f"Hải Phòng: tin bài số {item_id[-5:]}",
        "url": f"https://example.vn/{item_id}",
        "summary": "",
        "deliverable_type": kind,
        "channel": channel,
        "claimed_contract_id": line.contract_id if line is not None else None,
        "claim_count": 1 if line is not None else 0,
        "matched_contract_line_id": line.contract_line_id if line is not None else None,
        "matched_contract_id": line.contract_id if line is not None else None,
        "is_contracted": line is not None,
        "is_accepted": bool(accepted),
        "is_on_time": on_time if line is not None else None,
        "match_review_file": None,
        "match_review_row": None,
        "match_reviewed_by": None,
        "match_reviewed_on": None,
        "story_id": story_id,
        "is_original": not copy,
        "is_syndicated_copy": copy,
        "syndication_by_review": False,
        "primary_theme_area": theme,
        "theme_areas": None if theme is None else str(theme),
        "is_unclassified": theme is None,
        "theme_decisions": 0,
        "theme_decided_by": None,
        "theme_decided_on": None,
        "theme_decision_rows": None,
        "has_key_message": rng.random() < 0.35,
        "views": rng.randint(200, 60_000),
        "duration_min": duration,
    }


def _payment(contract, payment_id, paid_on, amount, kind) -> dict:
    return {
        "payment_id": payment_id,
        "contract_id": contract.contract_id,
        "agency_id": contract.agency_id,
        "agency": contract.agency,
        "year": contract.year,
        "paid_on": paid_on,
        "amount_vnd": amount,
        "kind": kind,
        "is_after_liquidation": False,
        "corrected_by_review": None,
    }


def _fulfilment(lines: pd.DataFrame, coverage: pd.DataFrame) -> pd.DataFrame:
    contracted = coverage[coverage["is_contracted"]]
    per_line = contracted.groupby("matched_contract_line_id").agg(
        delivered_qty=("item_id", "count"),
        accepted_qty=("is_accepted", "sum"),
        on_time_qty=("is_on_time", "sum"),
    )
    out = lines.join(per_line, on="contract_line_id").fillna(
        {"delivered_qty": 0, "accepted_qty": 0, "on_time_qty": 0}
    )
    units = out["deliverable_type"].eq("programme").map({True: 10.0, False: 1.0})
    out["ordered_qty"] = out["quantity"] / units
    out["unit"] = out["deliverable_type"].eq("programme").map({True: "minute", False: "item"})
    out["delivery_rate"] = out["accepted_qty"] / out["ordered_qty"]
    out["on_time_rate"] = out["on_time_qty"] / out["delivered_qty"].replace(0.0, float("nan"))
    price = out["unit_price_vnd"] * units
    out["accepted_value_vnd"] = (out[["accepted_qty", "ordered_qty"]].min(axis=1) * price).astype(
        "int64"
    )
    return out[
        [
            "contract_line_id",
            "contract_id",
            "agency_id",
            "agency",
            "year",
            "deliverable_type",
            "channel",
            "theme_area",
            "unit",
            "ordered_qty",
            "delivered_qty",
            "accepted_qty",
            "on_time_qty",
            "delivery_rate",
            "on_time_rate",
            "unit_price_vnd",
            "amount_vnd",
            "accepted_value_vnd",
        ]
    ].astype({"delivered_qty": "int64", "accepted_qty": "int64", "on_time_qty": "int64"})


def _budget(lines, fulfilment, payments, coverage) -> pd.DataFrame:
    contracts = lines.drop_duplicates("contract_id")[
        [
            "contract_id",
            "agency_id",
            "agency",
            "year",
            "signed_on",
            "start_date",
            "end_date",
            "liquidated_on",
            "contract_value_vnd",
        ]
    ].set_index("contract_id")
    accepted = fulfilment.groupby("contract_id")["accepted_value_vnd"].sum()
    paid = payments.pivot_table(
        index="contract_id", columns="kind", values="amount_vnd", aggfunc="sum", fill_value=0
    ).reindex(columns=["advance", "payment", "settlement"], fill_value=0)
    contracted = coverage[coverage["is_contracted"]]
    out = contracts.assign(
        accepted_value_vnd=accepted.reindex(contracts.index, fill_value=0),
        advanced_vnd=paid["advance"].reindex(contracts.index, fill_value=0),
        paid_vnd=(paid["payment"] + paid["settlement"]).reindex(contracts.index, fill_value=0),
        delivered_items=contracted.groupby("matched_contract_id")["item_id"].count(),
        accepted_items=contracted.groupby("matched_contract_id")["is_accepted"].sum(),
    ).fillna({"delivered_items": 0, "accepted_items": 0})
    out["accepted_value_vnd"] = out[["accepted_value_vnd", "contract_value_vnd"]].min(axis=1)
    out["total_disbursed_vnd"] = out["advanced_vnd"] + out["paid_vnd"]
    gap = out["accepted_value_vnd"] - out["total_disbursed_vnd"]
    out["payable_vnd"] = gap.clip(lower=0)
    out["over_disbursed_vnd"] = (-gap).clip(lower=0)
    return out.reset_index().astype({"delivered_items": "int64", "accepted_items": "int64"})


def _cost_effectiveness(coverage, lines) -> pd.DataFrame:
    accepted = coverage[coverage["is_accepted"]].merge(
        lines[["contract_line_id", "unit_price_vnd", "theme_area"]],
        left_on="matched_contract_line_id",
        right_on="contract_line_id",
    )
    accepted["value"] = accepted["unit_price_vnd"] * accepted["duration_min"].fillna(1)
    out = (
        accepted.groupby(["year", "agency_id", "agency", "deliverable_type", "theme_area"])
        .agg(
            accepted_value_vnd=("value", "sum"),
            accepted_items=("item_id", "count"),
            reach_estimate_total=("reach_estimate", "sum"),
        )
        .reset_index()
    )
    out["cost_per_item_vnd"] = out["accepted_value_vnd"] / out["accepted_items"]
    out["cost_per_1000_reach_vnd"] = out["accepted_value_vnd"] / (
        out["reach_estimate_total"] / 1000
    )
    return out


def _theme_fit(year, coverage) -> pd.DataFrame:
    originals = coverage[coverage["is_original"]]
    counts = originals["primary_theme_area"].value_counts()
    total = len(originals)
    rows = []
    for area, planned in PLANNED_SHARE.items():
        items = int(counts.get(area, 0))
        rows.append(
            {
                "year": year,
                "level": "area",
                "theme_area": area,
                "sub_theme_id": None,
                "name_vi": THEME_NAMES[area],
                "items": items,
                "share": items / total,
                "planned_share": planned,
                "share_gap": items / total - planned,
                "has_coverage": items > 0,
            }
        )
    rows.append(
        {
            "year": year,
            "level": "sub_theme",
            "theme_area": 3,
            "sub_theme_id": "3.7",
            "name_vi": "Lễ hội Hoa Phượng Đỏ",
            "items": int(counts.get(3, 0)) // 4,
            "share": None,
            "planned_share": None,
            "share_gap": None,
            "has_coverage": True,
        }
    )
    return pd.DataFrame(rows)


def _event_lift(year, coverage, hostile) -> pd.DataFrame:
    daily = coverage.groupby("published_date")["item_id"].count()
    baseline = len(coverage) / 365
    windows = {}
    for event_id, _name, (month, day) in EVENTS:
        date = dt.date(year, month, day)
        windows[event_id] = (date - dt.timedelta(days=7), date + dt.timedelta(days=7))
    rows = []
    for n, (event_id, name, (month, day)) in enumerate(EVENTS):
        date = dt.date(year, month, day)
        start, end = windows[event_id]
        in_window = int(daily[(daily.index >= start) & (daily.index <= end)].sum())
        others = [
            f"{other}-{year}"
            for other, (o_start, o_end) in windows.items()
            if other != event_id and o_start <= end and o_end >= start
        ]
        # A fifth of the window's items are about the event, a fifth are the area's other
        # items; its sub-themes usually get a tenth of the area's ordinary coverage.
        other_area = in_window // 5
        event_items = in_window / 5
        expected_event = baseline / 5 * 15 / 10
        rows.append(
            {
                "event_id": f"{event_id}-{year}",
                "name": hostile[-1] if hostile and n == 3 else name,
                "event_date": date,
                "window_start": start,
                "window_end": end,
                "window_days": 7,
                "window_days_counted": 15,
                "holiday_days": 0,
                "overlapping_events": ";".join(others) or None,
                "items_in_window": in_window,
                "event_items": event_items,
                "shared_items": 3 if others else 0,
                "expected_event_items": expected_event,
                "other_area_items": other_area,
                "baseline_items": other_area + expected_event,
                "window_daily_avg": (other_area + event_items) / 15,
                "baseline_daily_avg": (other_area + expected_event) / 15,
                "lift": (other_area + event_items) / (other_area + expected_event),
                "items_confirmed_by_review": 0,
                "items_rejected_by_review": 0,
            }
        )
    return pd.DataFrame(rows)


def _share_of_voice(year, coverage) -> pd.DataFrame:
    originals = coverage[coverage["is_original"]]
    monthly = (
        originals.groupby(["month", "is_contracted"])["item_id"]
        .count()
        .unstack(fill_value=0)
        .reindex(columns=[True, False], fill_value=0)
    )
    out = pd.DataFrame(
        {
            "year": year,
            "month": monthly.index,
            "contracted_items": monthly[True].values,
            "organic_items": monthly[False].values,
        }
    )
    out["contracted_share"] = out["contracted_items"] / (
        out["contracted_items"] + out["organic_items"]
    )
    return out


def _key_messages(year, coverage) -> pd.DataFrame:
    carrying = coverage[coverage["has_key_message"]]
    rows = []
    for n, (message_id, text) in enumerate(KEY_MESSAGES):
        items = int(len(carrying) * (0.5, 0.3, 0.2)[n])
        rows.append(
            {
                "year": year,
                "message_id": message_id,
                "message_vi": text,
                "items": items,
                "share": items / len(coverage),
            }
        )
    return pd.DataFrame(rows)


def _scorecard(year, agencies, lines, fulfilment, coverage, payments) -> pd.DataFrame:
    rows = []
    for agency in agencies.itertuples():
        mine = coverage[coverage["agency_id"] == agency.agency_id]
        own_lines = fulfilment[fulfilment["agency_id"] == agency.agency_id]
        own_contracts = lines[lines["agency_id"] == agency.agency_id]
        accepted_value = own_lines["accepted_value_vnd"].sum()
        reach = mine.loc[mine["is_accepted"], "reach_estimate"].sum()
        per_unit = {}
        for unit in ("item", "minute"):
            part = own_lines[own_lines["unit"] == unit]
            ordered, delivered = part["ordered_qty"].sum(), part["delivered_qty"].sum()
            accepted = part["accepted_qty"].sum()
            name = unit + "s"
            per_unit |= {
                f"ordered_{name}": float(ordered),
                f"accepted_{name}": float(accepted),
                f"delivery_rate_{name}": accepted / ordered if ordered else None,
                f"on_time_rate_{name}": part["on_time_qty"].sum() / delivered
                if delivered
                else None,
            }
        themes = mine["primary_theme_area"].dropna()
        rows.append(
            {
                "year": year,
                "agency_id": agency.agency_id,
                "agency": agency.agency,
                "tier": agency.tier,
                "contracts": own_contracts["contract_id"].nunique(),
                "contract_value_vnd": int(own_contracts["amount_vnd"].sum()),
                "accepted_value_vnd": int(accepted_value),
                "total_disbursed_vnd": int(
                    payments.loc[payments["agency_id"] == agency.agency_id, "amount_vnd"].sum()
                )
                if len(payments)
                else 0,
                **per_unit,
                "items_published": len(mine),
                "contracted_items": int(mine["is_contracted"].sum()),
                "organic_items": int((~mine["is_contracted"]).sum()),
                "unique_stories": mine["story_id"].nunique(),
                "syndicated_copies": int(mine["is_syndicated_copy"].sum()),
                "reach_estimate_total": int(mine["reach_estimate"].sum()),
                "cost_per_1000_reach_vnd": accepted_value / (reach / 1000) if reach else None,
                "views_total": int(mine["views"].sum()),
                "top_theme_area": int(themes.mode().iloc[0]) if len(themes) else None,
            }
        )
    return pd.DataFrame(rows)


def _dim_theme() -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "theme_key": str(a),
                "theme_area": a,
                "theme_area_name_vi": n,
                "theme_area_name_en": f"Area {a}",
                "sub_theme_id": None,
                "sub_theme_name_vi": None,
                "sub_theme_name_en": None,
                "level": "area",
            }
            for a, n in THEME_NAMES.items()
        ]
    )


def _dim_date(years) -> pd.DataFrame:
    days = pd.date_range(f"{min(years)}-01-01", f"{max(years)}-12-31", freq="D")
    return pd.DataFrame(
        {
            "date_day": days.date,
            "year": days.year,
            "month": days.month,
            "quarter": days.quarter,
            "day_of_week": days.day_of_week,
            "date_label_vi": days.strftime("%d/%m/%Y"),
        }
    )


def _index_trends(year) -> pd.DataFrame:
    rows = []
    by_index: dict[str, dict[int, list]] = {}
    for code, y, score, scale, rank in INDEX_FIGURES:
        if y <= year:
            by_index.setdefault(code, {}).setdefault(y, []).append((score, scale, rank))
    for code, years in by_index.items():
        previous_year = None
        for y, figures in sorted(years.items()):
            before = years.get(previous_year, [])
            before_scores = [f[0] for f in before if f[0] is not None]
            scores = [f[0] for f in figures if f[0] is not None]
            conflict = len(set(scores)) > 1
            for score, scale, rank in figures:
                prev_rank = min((f[2] for f in before if f[2] is not None), default=None)
                rows.append(
                    {
                        "index_code": code,
                        "component": "overall",
                        "year": y,
                        "score": score,
                        "scale_max": float(scale),
                        "score_pct": None if score is None else score / scale * 100,
                        "rank": rank,
                        "prev_year": previous_year,
                        "score_change": score - before_scores[0]
                        if score is not None and len(set(before_scores)) == 1
                        else None,
                        "score_changes": " | ".join(f"{score - b:+.2f}" for b in before_scores)
                        if score is not None and len(set(before_scores)) > 1
                        else None,
                        "prev_has_conflict": len(set(before_scores)) > 1 if before else None,
                        "rank_change": None
                        if prev_rank is None or rank is None
                        else prev_rank - rank,
                        "source": f"Công bố {code} {y}",
                        "note": None,
                        "is_placeholder": code == "PAPI" or (code, y) in PLACEHOLDER_FIGURES,
                        "release_lag_months": 4 if code != "DTI" else 9,
                        "methodology_break": code == "PCI" and y == 2021,
                        "has_conflict": conflict,
                        "conflicting_scores": " | ".join(str(v) for v in scores)
                        if conflict
                        else None,
                    }
                )
            previous_year = y
    return pd.DataFrame(rows)


def _quality(con, year, marts, blocked, hostile) -> None:
    run_id = f"run-{year}-test"
    results, violations = [], []
    for code, name_vi, blocking in RULES:
        failed = (blocking and blocked and code == "paid_above_contract") or (
            not blocking and code in ("claimed_by_two_contracts", "advance_above_share")
        )
        count = 2 if failed else 0
        stake = 150_000_000 if failed else 0
        results.append(
            {
                "run_id": run_id,
                "year": year,
                "rule_code": code,
                "name_vi": name_vi,
                "name_en": code.replace("_", " "),
                "explanation_vi": f"Giải thích: {name_vi}.",
                "explanation_en": code,
                "blocking": blocking,
                "violations": count,
                "vnd_at_stake": stake,
                "passed": not failed,
            }
        )
        for k in range(count):
            detail = hostile[-1] if hostile and k == 0 else f"Vi phạm {code} số {k + 1}"
            violations.append(
                {
                    "run_id": run_id,
                    "rule_code": code,
                    "contract_id": f"{year}/HĐ-0{k + 1}1",
                    "contract_line_id": None,
                    "item_id": None,
                    "payment_id": None,
                    "agency": marts["dim_agency"]["agency"].iloc[k],
                    "vnd_at_stake": stake // 2,
                    "detail_vi": detail,
                }
            )
    blocking_failed = sum(1 for r in results if r["blocking"] and not r["passed"])
    gate = pd.DataFrame(
        [
            {
                "run_id": run_id,
                "year": year,
                "evaluated_at": dt.datetime(year + 1, 1, 15, 9, 30),
                "data_hash": "abc",
                "blocked": blocking_failed > 0,
                "rules_blocking_failed": blocking_failed,
                "rules_warning_failed": sum(
                    1 for r in results if not r["blocking"] and not r["passed"]
                ),
                "expectations_failed": 1,
            }
        ]
    )
    expectations = pd.DataFrame(
        [
            {
                "run_id": run_id,
                "suite": "fct_coverage",
                "expectation": "expect_column_values_to_not_be_null",
                "column_name": "published_at",
                "success": True,
                "observed_value": "0",
                "unexpected_sample": None,
            },
            {
                "run_id": run_id,
                "suite": "fct_coverage",
                "expectation": "expect_column_values_to_be_between",
                "column_name": "views",
                "success": False,
                "observed_value": "3",
                "unexpected_sample": "-1",
            },
        ]
    )
    for name, frame in (
        ("gate_runs", gate),
        ("rule_results", pd.DataFrame(results)),
        (
            "rule_violations",
            pd.DataFrame(
                violations,
                columns=[
                    "run_id",
                    "rule_code",
                    "contract_id",
                    "contract_line_id",
                    "item_id",
                    "payment_id",
                    "agency",
                    "vnd_at_stake",
                    "detail_vi",
                ],
            ),
        ),
        ("expectation_results", expectations),
    ):
        con.register("frame", frame)
        con.execute(f"create or replace table quality.{name} as select * from frame")
        con.unregister("frame")


def _raw(con, year, demo) -> None:
    con.execute(
        "create or replace table raw.inbox_meta (key varchar, value varchar, "
        "_source_file varchar, _loaded_at timestamp)"
    )
    if demo:
        con.execute(
            "insert into raw.inbox_meta values ('demo', 'true', '_inbox.json', now()), "
            "('label_vi', 'Dữ liệu minh họa', '_inbox.json', now()), "
            f"('year', '{year}', '_inbox.json', now())"
        )
    con.execute(
        "create or replace table raw.load_log (source varchar, _source_file varchar, "
        "_file_hash varchar, rows_read integer, rows_loaded integer, rows_quarantined integer, "
        "rows_duplicate integer, _loaded_at timestamp)"
    )
    con.execute(
        "insert into raw.load_log values "
        "('contracts', 'contracts/hop-dong.xlsx', 'h1', 120, 118, 2, 0, now()), "
        "('coverage', 'coverage/tin-bai.csv', 'h2', 900, 890, 6, 4, now()), "
        "('payments', 'payments/chung-tu.xlsx', 'h3', 60, 60, 0, 0, now())"
    )
    con.execute(
        "create or replace table raw.quarantine (source varchar, _source_file varchar, "
        "_sheet varchar, _row_number integer, column_name varchar, value varchar, "
        "reason_code varchar, reason_en varchar, reason_vi varchar, record_json varchar, "
        "_file_hash varchar, _loaded_at timestamp)"
    )
    con.execute(
        "insert into raw.quarantine values ('coverage', 'coverage/tin-bai.csv', null, 17, "
        "'published_at', '31/02/2025', 'bad_date', 'not a date', 'Ngày không hợp lệ', '{}', "
        "'h2', now())"
    )
