"""Small formatting helpers shared by the year-end report's sections."""

import pandas as pd

from ingestion import formatting as fmt


def _ratio(numerator, denominator) -> float | None:
    if fmt.is_missing(numerator) or fmt.is_missing(denominator) or not denominator:
        return None
    return float(numerator) / float(denominator)


def _none_if_missing(value):
    return None if fmt.is_missing(value) else value


def _top_and_rest(data: pd.DataFrame, label: str, value: str, top: int) -> pd.DataFrame:
    """The `top` largest rows, and one more row summing the others."""
    data = data.sort_values(value, ascending=False)
    if len(data) <= top:
        return data
    rest = data.iloc[top:]
    other = pd.DataFrame({label: [f"Các cơ quan khác ({len(rest)})"], value: [rest[value].sum()]})
    return pd.concat([data.iloc[:top], other], ignore_index=True)


def _area_label(area, name) -> str:
    """'2. Kinh tế, …'; an unclassified row has no area number."""
    if fmt.is_missing(area):
        return fmt.or_dash(name) if not fmt.is_missing(name) else "Chưa phân loại"
    return f"{int(area)}. {fmt.or_dash(name)}"


def _reach(value) -> str:
    return fmt.DASH if fmt.is_missing(value) else f"{fmt.count_short(value)} lượt"


def _int_or_none(value):
    return None if fmt.is_missing(value) else int(value)


def _flag(value) -> bool:
    """A boolean column (or a free-text note) that is set."""
    if fmt.is_missing(value):
        return False
    if isinstance(value, str):
        return value.strip().lower() not in ("", "false", "0", "no")
    return bool(value)
