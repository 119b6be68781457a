"""How numbers, money, dates and text look to people: Vietnamese conventions, one place.

The reports, the quality page and the gate's messages all format through this module.

Thousands are grouped with a dot and decimals use a comma (1.234.567; 85,3%); money is VND,
written in full (1.234.567 ₫) or in tỷ/triệu when large (32,5 tỷ ₫); dates are dd/mm/yyyy; a
missing figure is an em dash. Text is Unicode NFC so diacritics compare and render the same
everywhere. A non-breaking space keeps a figure and its unit on one line.
"""

import datetime as dt
import math
from numbers import Real

from ingestion.normalise import nfc

DASH = "—"
NBSP = "\u00a0"
CURRENCY = "₫"
BILLION = 1_000_000_000  # tỷ
MILLION = 1_000_000  # triệu


def is_missing(value: object) -> bool:
    """None, NaN, pandas NA/NaT: anything that stands for "no figure"."""
    if value is None:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    try:
        # pandas.NA and NaT compare unequal to themselves or refuse to be truth-tested.
        return bool(value != value)
    except (TypeError, ValueError):
        return True


def number(value: Real | None, decimals: int = 0) -> str:
    """1234567.891 -> '1.234.568'; with decimals=1 -> '1.234.567,9'."""
    if is_missing(value):
        return DASH
    text = f"{float(value):,.{decimals}f}"  # '1,234,567.9' in the C convention
    text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    if text.startswith("-") and _is_zero(text):
        text = text[1:]
    return text


def _is_zero(text: str) -> bool:
    return not any(ch in "123456789" for ch in text)


def _trim_zero_decimals(text: str) -> str:
    """'32,0' -> '32'; '32,5' stays."""
    if "," in text:
        text = text.rstrip("0").rstrip(",")
    return text


def vnd(amount: Real | None) -> str:
    """Money in full: 1234567 -> '1.234.567 ₫'."""
    if is_missing(amount):
        return DASH
    return f"{number(round(float(amount)))}{NBSP}{CURRENCY}"


def count_short(value: Real | None, decimals: int = 1) -> str:
    """A large count in words: 12_100_000_000 -> '12,1 tỷ'; 350_200_000 -> '350,2 triệu'."""
    if is_missing(value):
        return DASH
    number_value = float(value)
    for unit, word in ((BILLION, "tỷ"), (MILLION, "triệu")):
        if abs(number_value) >= unit:
            return f"{_trim_zero_decimals(number(number_value / unit, decimals))}{NBSP}{word}"
    return number(number_value)


def vnd_short(amount: Real | None, decimals: int = 1) -> str:
    """Money for headlines: 32_500_000_000 -> '32,5 tỷ ₫'; 450_000_000 -> '450 triệu ₫'.

    Amounts under one million are written in full.
    """
    if is_missing(amount):
        return DASH
    if abs(float(amount)) < MILLION:
        return vnd(amount)
    return f"{count_short(amount, decimals)}{NBSP}{CURRENCY}"


def count(value: Real | None) -> str:
    """A whole count: 12345 -> '12.345'."""
    return number(value, 0)


def percent(ratio: Real | None, decimals: int = 1) -> str:
    """A ratio as a percentage: 0.8534 -> '85,3%'."""
    if is_missing(ratio):
        return DASH
    return f"{number(float(ratio) * 100, decimals)}%"


def percent_points(ratio_gap: Real | None, decimals: int = 1) -> str:
    """A difference of two shares, in percentage points: 0.021 -> '+2,1 điểm %'."""
    if is_missing(ratio_gap):
        return DASH
    return f"{signed(float(ratio_gap) * 100, decimals)}{NBSP}điểm{NBSP}%"


def signed(value: Real | None, decimals: int = 0) -> str:
    """A change with its sign: 3 -> '+3', -2.5 -> '−2,5', 0 -> '0'."""
    if is_missing(value):
        return DASH
    text = number(abs(float(value)), decimals)
    if _is_zero(text):
        return text
    return ("+" if float(value) > 0 else "−") + text


def multiple(value: Real | None, decimals: int = 1) -> str:
    """A ratio read as "times": 1.84 -> '×1,8'."""
    if is_missing(value):
        return DASH
    return f"×{number(value, decimals)}"


def rank_move(rank: Real | None, previous_rank: Real | None) -> str:
    """How a rank moved, in words: rank 1 after 3 -> 'tăng 2 bậc' (a smaller rank is better)."""
    if is_missing(rank) or is_missing(previous_rank):
        return DASH
    steps = int(previous_rank) - int(rank)
    if steps > 0:
        return f"tăng {steps} bậc"
    if steps < 0:
        return f"giảm {-steps} bậc"
    return "giữ nguyên"


def date_vi(value: object) -> str:
    """A date as dd/mm/yyyy; accepts date, datetime, pandas Timestamp or an ISO string."""
    if is_missing(value):
        return DASH
    if isinstance(value, str):
        value = dt.date.fromisoformat(value[:10])
    if hasattr(value, "to_pydatetime"):  # pandas Timestamp
        value = value.to_pydatetime()
    if isinstance(value, dt.datetime):
        value = value.date()
    if not isinstance(value, dt.date):
        raise TypeError(f"not a date: {value!r}")
    return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"


def datetime_vi(value: dt.datetime | None) -> str:
    """A moment as dd/mm/yyyy hh:mm:ss."""
    if is_missing(value):
        return DASH
    return f"{date_vi(value)} {value:%H:%M:%S}"


def or_dash(value: object) -> str:
    return DASH if is_missing(value) or value == "" else nfc(value)


def location(file: str | None = None, sheet: str | None = None, row: int | None = None) -> str:
    """Where an inbox row is, as an analyst looks for it: tệp, trang tính, dòng."""
    if not file:
        return ""
    parts = [file]
    if sheet:
        parts.append(f"trang tính «{sheet}»")
    if row is not None:
        parts.append(f"dòng {row}")
    return ", ".join(parts)


# d3-format and d3-time-format locales for charts, so axes read 1.234,5 and dd/mm/yyyy too.
CHART_NUMBER_LOCALE = {
    "decimal": ",",
    "thousands": ".",
    "grouping": [3],
    "currency": ["", f"{NBSP}{CURRENCY}"],
}
CHART_TIME_LOCALE = {
    "dateTime": "%d/%m/%Y %H:%M",
    "date": "%d/%m/%Y",
    "time": "%H:%M:%S",
    "periods": ["SA", "CH"],
    "days": ["Chủ nhật", "Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy"],
    "shortDays": ["CN", "T2", "T3", "T4", "T5", "T6", "T7"],
    "months": [f"Tháng {m}" for m in range(1, 13)],
    "shortMonths": [f"Th{m}" for m in range(1, 13)],
}
