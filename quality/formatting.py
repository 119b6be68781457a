"""Money and dates as the province's readers write them: 1.234.567 ₫ and dd/mm/yyyy."""

import datetime as dt


def format_vnd(amount: float | int | None) -> str:
    if amount is None:
        return "–"
    return f"{round(amount):,} ₫".replace(",", ".")


def format_count(count: int | None) -> str:
    if count is None:
        return "–"
    return f"{count:,}".replace(",", ".")


def format_date(value: dt.date | dt.datetime | None) -> str:
    if value is None:
        return "–"
    return value.strftime("%d/%m/%Y")


def format_datetime(value: dt.datetime | None) -> str:
    if value is None:
        return "–"
    return value.strftime("%d/%m/%Y %H:%M:%S")
