"""The key events of 2025 and how they shape the volume of coverage day by day.

Dates of the plan's own events are the real ones (3/2, 15/3, 13/5, 1/7, 19/8); festival and
congress dates are the analyst's entries for the demo.
"""

import datetime as dt
from dataclasses import dataclass

YEAR_START = dt.date(2025, 1, 1)
YEAR_END = dt.date(2025, 12, 31)
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

# Tết Ất Tỵ (29/1/2025): newsrooms publish less in the holiday week.
_TET = (dt.date(2025, 1, 26), dt.date(2025, 2, 2))


def event_boosts(day: dt.date) -> dict[str, float]:
    """Extra coverage each event brings on a day, fading linearly away from the event."""
    boosts: dict[str, float] = {}
    for event in KEY_EVENTS:
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


def base_weight(day: dt.date) -> float:
    """An ordinary day's share of coverage: fewer stories at weekends and during Tết."""
    weight = (1.0, 1.0, 1.0, 1.0, 0.95, 0.7, 0.55)[day.weekday()]
    if _TET[0] <= day <= _TET[1]:
        weight *= 0.4
    return weight


def day_weight(day: dt.date) -> float:
    return base_weight(day) * (1 + sum(event_boosts(day).values()))


def days_between(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]
