"""A plan year beside the one before it: the agency's figures of the previous year, and each
plan year against the index releases that can reflect it.

An index measures a year and is published months after it ends (`release_lag_months` in
`marts.mart_index_trends`): the 2025 plan can only show in the figures measured over 2025,
which are released in 2026. So each plan year is read against two editions of each index: the
one measured over the year before the plan (what the plan started from) and the one measured
over the plan year itself (what it may have contributed to), never as a cause.
"""

from collections.abc import Iterable

import pandas as pd

from ingestion import formatting as fmt
from reports import warehouse as wh


def previous_scorecards(con, year: int) -> dict[str, dict]:
    """Each agency's `marts.mart_agency_scorecard` row of the year before (agency_id -> row;
    an agency with none has no key)."""
    frame = wh.frame(con, "select * from marts.mart_agency_scorecard where year = ?", [year - 1])
    return {row["agency_id"]: row for row in frame.to_dict("records")}


def release_label(measured_year: int, lag_months) -> str:
    """When the edition measuring a year comes out: 'tháng 5/2026' (or the year alone)."""
    if fmt.is_missing(lag_months):
        return f"năm {measured_year + 1}"
    months = int(lag_months)
    month = (months - 1) % 12 + 1
    return f"tháng {month}/{measured_year + 1 + (months - 1) // 12}"


def edition_figure(rows: pd.DataFrame) -> str:
    """One edition's figure: score (every official figure when sources differ) and rank."""
    if rows.empty or not rows["has_figure"].any():
        return "chưa công bố"
    scores = []
    for r in rows.itertuples():
        if not fmt.is_missing(r.score):
            text = fmt.number(float(r.score), 4 if float(r.scale_max or 100) <= 1 else 2)
            if text not in scores:
                scores.append(text)
    ranks = [int(r) for r in rows["rank"] if not fmt.is_missing(r)]
    parts = [" hoặc ".join(scores)] if scores else []
    if ranks:
        parts.append(f"hạng {min(ranks)}")
    text = ", ".join(parts) or fmt.DASH
    if rows["is_placeholder"].fillna(False).astype(bool).any():
        text += " (giả định)"
    return text


def plan_year_index_rows(
    indices: pd.DataFrame, plan_years: Iterable[int], index_order: Iterable[str]
) -> list[tuple[str, ...]]:
    """For each plan year and index: the edition measured over the year before the plan, the
    one measured over the plan year (with its release), and the rank move between them.

    `indices` holds the overall rows of `marts.mart_index_trends` (index_code, year, score,
    scale_max, rank, is_placeholder, release_lag_months, has_figure)."""
    rows = []
    for plan_year in plan_years:
        for code in index_order:
            series = indices[indices["index_code"] == code]
            if series.empty:
                continue
            before = series[series["year"] == plan_year - 1]
            during = series[series["year"] == plan_year]
            lags = series["release_lag_months"].dropna()
            lag = lags.iloc[0] if len(lags) else None
            rows.append(
                (
                    str(plan_year),
                    code,
                    edition_figure(before),
                    f"{edition_figure(during)} — công bố {release_label(plan_year, lag)}",
                    _rank_move(before, during),
                )
            )
    return rows


def _rank_move(before: pd.DataFrame, during: pd.DataFrame) -> str:
    if before.empty or during.empty:
        return fmt.DASH
    previous, now = before["rank"].dropna(), during["rank"].dropna()
    if previous.empty or now.empty:
        return fmt.DASH
    move = fmt.rank_move(int(now.min()), int(previous.min()))
    if during["is_placeholder"].fillna(False).astype(bool).any():
        move += " (số liệu giả định, chưa phải biến động thật)"
    return move
