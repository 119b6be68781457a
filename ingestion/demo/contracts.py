"""Cooperation contracts of a demo plan year: who was ordered what, at which unit price.

Each contract has several lines, one per deliverable type (so an item's contract and type name
its line unambiguously). Unit prices stay at or below the agreed ceilings and every amount is
quantity × unit price. A few contracts play scripted parts so that every warning the quality
gate knows has a case to show: one contract with no delivery, one advance above the usual
share, one payment after liquidation, an outlet that delivers well under what it ordered, and
two contracts of one outlet that claim the same items.
"""

import datetime as dt
import math
import random
from dataclasses import dataclass

from ingestion.demo.events import PLAN_2025, PlanYear
from ingestion.demo.outlets import OUTLETS, Outlet

D = dt.date

# How many of a deliverable a line orders (items; programmes: episodes, see EPISODE_MINUTES).
_QUANTITY_RANGE: dict[str, tuple[int, int]] = {
    "news": (40, 150),
    "article": (12, 48),
    "reportage": (4, 16),
    "film": (1, 2),
    "photo": (6, 20),
    "special_page": (4, 12),
    "talk_show": (2, 4),
    "programme": (6, 12),
    "event": (1, 1),
}
_EXPENSIVE_BROADCAST = {("special_page", "tv"), ("talk_show", "tv"), ("film", "tv")}
EPISODE_MINUTES = (15, 20, 25, 30)
_PRICE_FACTORS = (0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 1.0)

_AREA_WEIGHTS_DEFAULT = {1: 0.18, 2: 0.30, 3: 0.27, 4: 0.13, 5: 0.12}
_AREA_WEIGHTS_BY_OUTLET: dict[str, dict[int, float]] = {
    **dict.fromkeys(
        ("Báo Quân đội nhân dân", "Báo Công an nhân dân", "Báo An ninh Hải Phòng"),
        {5: 0.45, 1: 0.3, 2: 0.1, 3: 0.1, 4: 0.05},
    ),
    **dict.fromkeys(
        ("Báo Đầu tư", "Báo Kinh tế & Đô thị", "Báo Giao thông"),
        {2: 0.55, 4: 0.25, 3: 0.1, 5: 0.1},
    ),
    **dict.fromkeys(
        ("Tạp chí Cộng sản", "Báo Nhân Dân", "Báo Đại biểu Nhân dân"),
        {1: 0.4, 2: 0.25, 4: 0.15, 3: 0.1, 5: 0.1},
    ),
    **dict.fromkeys(
        ("Báo Điện tử Chính phủ", "Báo VietNamNet"), {4: 0.35, 2: 0.3, 1: 0.15, 3: 0.1, 5: 0.1}
    ),
    **dict.fromkeys(
        ("Báo điện tử VnExpress", "Báo điện tử Dân trí", "Báo Tuổi Trẻ", "Báo Thanh Niên"),
        {3: 0.4, 2: 0.3, 5: 0.1, 4: 0.1, 1: 0.1},
    ),
    "Báo Việt Nam News": {5: 0.35, 3: 0.35, 2: 0.3},
}
_AREA_WEIGHTS_BROADCAST = {3: 0.35, 2: 0.25, 1: 0.2, 4: 0.1, 5: 0.1}


@dataclass
class ContractLine:
    line_no: int
    deliverable_type: str
    channel: str
    theme_area: int
    quantity: int  # items; minutes for programmes
    unit_price_vnd: int
    episode_minutes: int = 0  # programmes only
    delivery: str = "full"  # full | near | under | none: how much of the order gets accepted

    @property
    def amount_vnd(self) -> int:
        return self.quantity * self.unit_price_vnd

    @property
    def ordered_units(self) -> int:
        """What is delivered one item at a time: episodes for programmes, else items."""
        if self.deliverable_type == "programme":
            return self.quantity // self.episode_minutes
        return self.quantity


@dataclass
class Contract:
    outlet: Outlet
    signed_on: dt.date
    start_date: dt.date
    end_date: dt.date
    lines: list[ContractLine]
    liquidated_on: dt.date | None = None
    contract_id: str = ""
    role: str = ""  # the scripted part this contract plays, if any
    advance_share: float | None = None  # share of the value advanced; None = no advance

    @property
    def value_vnd(self) -> int:
        return sum(line.amount_vnd for line in self.lines)

    def line(self, deliverable_type: str) -> ContractLine | None:
        return next((x for x in self.lines if x.deliverable_type == deliverable_type), None)


# The agreed unit price ceilings, (deliverable_type, channel) -> VND, while contracts are built.
Ceilings = dict[tuple[str, str], int]


def _unit_price(deliverable_type: str, channel: str, rng: random.Random, ceilings: Ceilings) -> int:
    ceiling = ceilings[(deliverable_type, channel)]
    step = 10_000 if ceiling < 10_000_000 else 1_000_000
    return max(step, int(ceiling * rng.choice(_PRICE_FACTORS)) // step * step)


def _make_line(
    line_no: int,
    deliverable_type: str,
    channel: str,
    area: int,
    rng: random.Random,
    ceilings: Ceilings,
) -> ContractLine:
    low, high = _QUANTITY_RANGE[deliverable_type]
    if (deliverable_type, channel) in _EXPENSIVE_BROADCAST:
        high = max(low, high // 2)
    count = rng.randint(low, high)
    if deliverable_type in ("news", "article"):
        count = max(low, round(count / 5) * 5)  # orders are round numbers
    price = _unit_price(deliverable_type, channel, rng, ceilings)
    if deliverable_type == "programme":
        minutes = rng.choice(EPISODE_MINUTES)
        return ContractLine(
            line_no, deliverable_type, channel, area, count * minutes, price, minutes
        )
    return ContractLine(line_no, deliverable_type, channel, area, count, price)


def _area_weights(outlet: Outlet) -> dict[int, float]:
    if outlet.name in _AREA_WEIGHTS_BY_OUTLET:
        return _AREA_WEIGHTS_BY_OUTLET[outlet.name]
    if outlet.media_type in ("tv", "radio"):
        return _AREA_WEIGHTS_BROADCAST
    return _AREA_WEIGHTS_DEFAULT


def _pick_area(outlet: Outlet, rng: random.Random) -> int:
    weights = _area_weights(outlet)
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _random_lines(outlet: Outlet, rng: random.Random, ceilings: Ceilings) -> list[ContractLine]:
    by_type: dict[str, list[str]] = {}
    for deliverable_type, channel in outlet.offerings:
        by_type.setdefault(deliverable_type, []).append(channel)
    types = list(by_type)
    # Events are big-ticket items; few contracts include one.
    if "event" in types and rng.random() > 0.25:
        types.remove("event")
    wanted = min(len(types), rng.randint(3, 6) if outlet.media_type == "tv" else rng.randint(2, 5))
    chosen = [t for t in types if t in ("news", "article")][:1]
    chosen += rng.sample([t for t in types if t not in chosen], wanted - len(chosen))
    chosen.sort(key=types.index)
    return [
        _make_line(no, t, rng.choice(by_type[t]), _pick_area(outlet, rng), rng, ceilings)
        for no, t in enumerate(chosen, start=1)
    ]


def _random_dates(rng: random.Random, plan: PlanYear) -> tuple[dt.date, dt.date, dt.date]:
    D = _calendar(plan)  # noqa: N806 - the 2025 calendar, moved to the plan year
    signed = D(2025, 2, 20) + dt.timedelta(days=rng.randint(0, 64))
    if rng.random() < 0.5:
        start = signed + dt.timedelta(days=rng.randint(0, 7))
    else:
        start = dt.date(signed.year, signed.month + 1, 1)
    end = rng.choice((D(2025, 10, 31), D(2025, 11, 30), D(2025, 11, 30), D(2025, 12, 15),
                      D(2025, 12, 31), D(2025, 12, 31)))  # fmt: skip
    return signed, start, end


def _liquidation(end: dt.date, rng: random.Random, plan: PlanYear) -> dt.date | None:
    D = _calendar(plan)  # noqa: N806 - the 2025 calendar, moved to the plan year
    roll = rng.random()
    if end <= D(2025, 11, 30):
        if roll < 0.8:
            return D(2025, 12, 1) + dt.timedelta(days=rng.randint(3, 24))
        return None
    if end == D(2025, 12, 15) and roll < 0.5:
        return D(2025, 12, 16) + dt.timedelta(days=rng.randint(2, 12))
    if roll < 0.45:
        return D(2026, 1, 5) + dt.timedelta(days=rng.randint(0, 20))
    return None


def _scripted(rng: random.Random, ceilings: Ceilings, plan: PlanYear) -> list[Contract]:
    """Contracts whose part in the demo is fixed: each carries a role the tests look for."""
    D = _calendar(plan)  # noqa: N806 - the 2025 calendar, moved to the plan year
    by_name = {o.name: o for o in OUTLETS}

    def line(no: int, deliverable_type: str, channel: str, area: int) -> ContractLine:
        return _make_line(no, deliverable_type, channel, area, rng, ceilings)

    hp = by_name["Báo Hải Phòng"]
    general = Contract(
        hp, D(2025, 2, 24), D(2025, 3, 1), D(2025, 11, 30),
        [line(1, "news", "online", 1), line(2, "article", "online", 2),
         line(3, "reportage", "online", 4), line(4, "photo", "print", 3),
         line(5, "special_page", "print", 5)],
        liquidated_on=D(2025, 12, 12), role="claims_general", advance_share=0.3,
    )  # fmt: skip
    anniversary = Contract(
        hp, D(2025, 3, 20), D(2025, 4, 1), D(2025, 6, 30),
        [line(1, "news", "online", 3), line(2, "article", "online", 3),
         line(3, "special_page", "print", 3), line(4, "event", "online", 3)],
        liquidated_on=D(2025, 7, 25), role="claims_anniversary", advance_share=0.3,
    )  # fmt: skip
    no_delivery = Contract(
        by_name["Báo Pháp luật Việt Nam"], D(2025, 4, 18), D(2025, 5, 1), D(2025, 10, 31),
        [line(1, "news", "online", 5), line(2, "article", "online", 5),
         line(3, "special_page", "print", 4)],
        role="no_delivery",
    )  # fmt: skip
    high_advance = Contract(
        by_name["Đài Truyền hình KTS VTC"], D(2025, 3, 6), D(2025, 3, 15), D(2025, 11, 30),
        [line(1, "news", "tv", 2), line(2, "reportage", "tv", 3), line(3, "talk_show", "tv", 4)],
        liquidated_on=D(2025, 12, 10), role="advance_above_share", advance_share=0.4,
    )  # fmt: skip
    late_payment = Contract(
        by_name["Báo Đại biểu Nhân dân"], D(2025, 3, 12), D(2025, 4, 1), D(2025, 11, 30),
        [line(1, "news", "online", 1), line(2, "article", "print", 1),
         line(3, "special_page", "online", 4)],
        liquidated_on=D(2025, 12, 19), role="payment_after_liquidation", advance_share=0.25,
    )  # fmt: skip
    under = Contract(
        by_name["Báo Tiền Phong"], D(2025, 3, 3), D(2025, 3, 10), D(2025, 12, 15),
        [line(1, "news", "online", 3), line(2, "article", "print", 2),
         line(3, "photo", "print", 3), line(4, "reportage", "online", 5)],
        liquidated_on=D(2025, 12, 26), role="under_delivery", advance_share=0.2,
    )  # fmt: skip
    for contract in (general, anniversary, high_advance):
        for x in contract.lines:
            x.delivery = "full"
    for x in under.lines:
        x.delivery = "under"
    for x in no_delivery.lines:
        x.delivery = "none"
    return [general, anniversary, no_delivery, high_advance, late_payment, under]


def _calendar(plan: PlanYear):
    """D(2025, m, d) as the same day of the plan year (2026 as the year after it)."""
    return lambda year, month, day: plan.shift(dt.date(year, month, day))


def build_contracts(
    rng: random.Random, ceilings: Ceilings, plan: PlanYear = PLAN_2025
) -> list[Contract]:
    """All contracts of a demo plan year, numbered in signing order; unit prices stay at or
    below the agreed ceilings. A smaller year has fewer contracts per outlet (PlanYear.scale),
    the scripted ones always."""
    contracts = _scripted(rng, ceilings, plan)
    scripted_count = {}
    for c in contracts:
        scripted_count[c.outlet.name] = scripted_count.get(c.outlet.name, 0) + 1
    for outlet in OUTLETS:
        wanted = round(outlet.contracts * plan.scale)
        for _ in range(max(0, wanted - scripted_count.get(outlet.name, 0))):
            signed, start, end = _random_dates(rng, plan)
            lines = _random_lines(outlet, rng, ceilings)
            roll = rng.random()
            share = None if roll < 0.3 else rng.choice((0.2, 0.25, 0.3))
            contracts.append(
                Contract(
                    outlet,
                    signed,
                    start,
                    end,
                    lines,
                    _liquidation(end, rng, plan),
                    advance_share=share,
                )  # fmt: skip
            )
    for c in contracts:
        if c.role:
            continue
        for x in c.lines:
            roll = rng.random()
            if x.ordered_units >= 6 and roll < 0.06:
                x.delivery = "under"
            elif roll < 0.32:
                x.delivery = "near"
    contracts.sort(key=lambda c: (c.signed_on, c.outlet.name))
    for number, c in enumerate(contracts, start=1):
        c.contract_id = f"{number:02d}/{plan.year}/HĐ-STTTT"
    return contracts


def accepted_units_target(line: ContractLine, rng: random.Random) -> int:
    """How many of the line's units (items, or programme episodes) end up accepted."""
    ordered = line.ordered_units
    match line.delivery:
        case "none":
            return 0
        case "under":
            high = math.ceil(ordered * 0.8) - 1  # strictly below 80 %
            return rng.randint(min(high, math.ceil(ordered * 0.45)), high)
        case "near" if ordered >= 5:
            return rng.randint(math.ceil(ordered * 0.8), ordered - 1)
    return ordered
