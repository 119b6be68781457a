"""The demo's plan years, their key events, and how events shape coverage day by day.

The demo holds two plan years: 2025 (the full year the plan describes) and 2024 (the year
before it, smaller). Dates of the plan's own events are the real ones (3/2, 15/3, 13/5, 1/7,
19/8); festival and congress dates are the analyst's entries for the demo. The generator's
calendar (contract periods, payment rounds, liquidations) is written for 2025 and moved to the
plan year by `PlanYear.shift`.
"""

import datetime as dt
import re
from dataclasses import dataclass

TEMPLATE_YEAR = 2025  # the year the generator's own calendar is written for
DEFAULT_WINDOW_DAYS = 7


@dataclass(frozen=True)
class KeyEvent:
    event_id: str
    name: str
    start: dt.date
    end: dt.date
    theme_area: int
    boost: float  # extra coverage at the peak, as a multiple of an ordinary day
    spread_days: int  # how many days either side the extra coverage fades over
    key: str  # sub-theme event key in titles.SUB_THEMES
    window_days: int = DEFAULT_WINDOW_DAYS


KEY_EVENTS: tuple[KeyEvent, ...] = (
    KeyEvent("SK01", "Kỷ niệm 95 năm Ngày thành lập Đảng Cộng sản Việt Nam (3/2/1930 - 3/2/2025)",
             dt.date(2025, 2, 3), dt.date(2025, 2, 3), 1, 1.6, 5, "party95"),
    KeyEvent("SK02", "Ngày quyền của người tiêu dùng Việt Nam 15/3",
             dt.date(2025, 3, 15), dt.date(2025, 3, 15), 2, 0.7, 3, "consumer_day"),
    KeyEvent("SK03", "Lễ hội Hoa Phượng Đỏ - Hải Phòng 2025",
             dt.date(2025, 5, 9), dt.date(2025, 5, 11), 3, 1.6, 4, "phuong_do"),
    KeyEvent("SK04", "Khởi công, khánh thành các công trình chào mừng 70 năm Ngày giải phóng",
             dt.date(2025, 5, 10), dt.date(2025, 5, 10), 2, 0.8, 3, "groundbreaking"),
    KeyEvent("SK05", "Kỷ niệm 70 năm Ngày giải phóng Hải Phòng (13/5/1955 - 13/5/2025)",
             dt.date(2025, 5, 13), dt.date(2025, 5, 13), 3, 4.5, 7, "liberation70"),
    KeyEvent("SK06", "Vận hành chính quyền địa phương hai cấp, thành phố Hải Phòng mới",
             dt.date(2025, 6, 30), dt.date(2025, 7, 1), 1, 2.0, 5, "merger"),
    KeyEvent("SK07", "Khởi công, khánh thành công trình chào mừng 80 năm Cách mạng Tháng Tám "
             "và Quốc khánh 2/9", dt.date(2025, 8, 19), dt.date(2025, 8, 19), 2, 1.0, 3,
             "groundbreaking"),
    KeyEvent("SK08", "Đại hội Thể dục thể thao thành phố Hải Phòng lần thứ X năm 2025",
             dt.date(2025, 8, 23), dt.date(2025, 8, 24), 3, 0.6, 3, "tdtt_congress"),
    KeyEvent("SK09", "Đại hội đại biểu Đảng bộ thành phố lần thứ XVII, nhiệm kỳ 2025 - 2030",
             dt.date(2025, 10, 13), dt.date(2025, 10, 15), 1, 2.2, 6, "party_congress"),
)  # fmt: skip

KEY_EVENTS_2024: tuple[KeyEvent, ...] = (
    KeyEvent("SK2401", "Ngày quyền của người tiêu dùng Việt Nam 15/3",
             dt.date(2024, 3, 15), dt.date(2024, 3, 15), 2, 0.7, 3, "consumer_day"),
    KeyEvent("SK2402", "Lễ hội Hoa Phượng Đỏ - Hải Phòng 2024",
             dt.date(2024, 5, 10), dt.date(2024, 5, 12), 3, 1.6, 4, "phuong_do"),
    KeyEvent("SK2403", "Khởi công, khánh thành công trình chào mừng Quốc khánh 2/9",
             dt.date(2024, 8, 28), dt.date(2024, 8, 28), 2, 1.0, 3, "groundbreaking"),
)  # fmt: skip


@dataclass(frozen=True)
class PlanYear:
    """One plan year of the demo: its events, its Tết week and its size against 2025."""

    year: int
    events: tuple[KeyEvent, ...]
    tet: tuple[dt.date, dt.date]  # newsrooms publish less in the holiday week
    scale: float = 1.0  # contracts and coverage, as a share of the 2025 demo's
    item_ids: tuple[int, int] = (100_000, 999_999)  # article numbers in the outlets' addresses
    has_feeds: bool = True  # the outlets' RSS/Atom feeds still hold the year's articles

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, 1, 1)

    @property
    def end(self) -> dt.date:
        return dt.date(self.year, 12, 31)

    @property
    def event_keys(self) -> frozenset[str]:
        return frozenset(e.key for e in self.events)

    def shift(self, day: dt.date) -> dt.date:
        """A date of the generator's 2025 calendar, moved to the same day of this plan year
        (2025 has no 29 February, so every day exists in any year)."""
        return day.replace(year=day.year + self.year - TEMPLATE_YEAR)

    def retime(self, text: str) -> str:
        """Headline text written for 2025, naming this plan year instead: a bare "2025"
        becomes the plan year; a date (13/5/2025) and a term ("2025 - 2030") stay."""
        if self.year == TEMPLATE_YEAR:
            return text
        return _BARE_TEMPLATE_YEAR.sub(str(self.year), text)


_BARE_TEMPLATE_YEAR = re.compile(rf"(?<![\d/])(?<!/ ){TEMPLATE_YEAR}(?!\d| ?[-–] ?\d)")

# Tết Ất Tỵ (29/1/2025) and Tết Giáp Thìn (10/2/2024).
PLAN_2025 = PlanYear(2025, KEY_EVENTS, (dt.date(2025, 1, 26), dt.date(2025, 2, 2)))
# The year before is smaller (fewer contracts and items) and its newsrooms' article numbers
# are lower, so no address of 2024 can be one of 2025.
PLAN_2024 = PlanYear(
    2024,
    KEY_EVENTS_2024,
    (dt.date(2024, 2, 7), dt.date(2024, 2, 14)),
    0.3,
    (10_000, 99_999),
    has_feeds=False,
)
PLAN_YEARS: dict[int, PlanYear] = {2024: PLAN_2024, 2025: PLAN_2025}


def event_boosts(day: dt.date, events: tuple[KeyEvent, ...] = KEY_EVENTS) -> dict[str, float]:
    """Extra coverage each event brings on a day, fading linearly away from the event."""
    boosts: dict[str, float] = {}
    for event in events:
        if event.start <= day <= event.end:
            distance = 0
        elif day < event.start:
            distance = (event.start - day).days
        else:
            distance = (day - event.end).days
        if distance <= event.spread_days:
            weight = event.boost * (1 - distance / (event.spread_days + 1))
            boosts[event.key] = boosts.get(event.key, 0.0) + weight
    return boosts


def base_weight(day: dt.date, plan: PlanYear = PLAN_2025) -> float:
    """An ordinary day's share of coverage: fewer stories at weekends and during Tết."""
    weight = (1.0, 1.0, 1.0, 1.0, 0.95, 0.7, 0.55)[day.weekday()]
    if plan.tet[0] <= day <= plan.tet[1]:
        weight *= 0.4
    return weight


def day_weight(day: dt.date, plan: PlanYear = PLAN_2025) -> float:
    return base_weight(day, plan) * (1 + sum(event_boosts(day, plan.events).values()))


def days_between(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]
