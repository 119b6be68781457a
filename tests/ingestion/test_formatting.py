"""Vietnamese number, money, date and text formats used everywhere in the reports."""

import datetime as dt
import math
import unicodedata

import pandas as pd
import pytest

from ingestion import formatting as fmt

NBSP = "\u00a0"


def plain(text: str) -> str:
    return text.replace(NBSP, " ")


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (1234567, 0, "1.234.567"),
        (1234567.891, 0, "1.234.568"),
        (1234567.891, 1, "1.234.567,9"),
        (0.5, 2, "0,50"),
        (-1234.5, 1, "-1.234,5"),
        (-0.04, 1, "0,0"),
        (999, 0, "999"),
    ],
)
def test_number_groups_thousands_with_dots_and_uses_a_decimal_comma(value, decimals, expected):
    assert fmt.number(value, decimals) == expected


def test_vnd_is_written_in_full_with_the_dong_sign():
    assert plain(fmt.vnd(1234567)) == "1.234.567 ₫"
    assert plain(fmt.vnd(1234567.6)) == "1.234.568 ₫"
    assert plain(fmt.vnd(0)) == "0 ₫"
    assert fmt.vnd(1234567).endswith(NBSP + "₫"), "the sign must not wrap away from the figure"


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (32_500_000_000, "32,5 tỷ ₫"),
        (32_000_000_000, "32 tỷ ₫"),
        (1_234_500_000_000, "1.234,5 tỷ ₫"),
        (450_000_000, "450 triệu ₫"),
        (1_550_000, "1,6 triệu ₫"),
        (999_999, "999.999 ₫"),
        (-2_500_000_000, "-2,5 tỷ ₫"),
    ],
)
def test_vnd_short_uses_ty_and_trieu_for_large_amounts(amount, expected):
    assert plain(fmt.vnd_short(amount)) == expected


def test_large_counts_use_ty_and_trieu():
    assert plain(fmt.count_short(12_100_000_000)) == "12,1 tỷ"
    assert plain(fmt.count_short(350_200_000)) == "350,2 triệu"
    assert fmt.count_short(12_345) == "12.345"


def test_percentages_have_a_decimal_comma():
    assert fmt.percent(0.8534) == "85,3%"
    assert fmt.percent(1) == "100,0%"
    assert fmt.percent(0.05, 0) == "5%"
    assert plain(fmt.percent_points(0.021)) == "+2,1 điểm %"
    assert plain(fmt.percent_points(-0.132)) == "−13,2 điểm %"


def test_signed_changes_and_multiples():
    assert fmt.signed(3) == "+3"
    assert fmt.signed(-2.5, 1) == "−2,5"
    assert fmt.signed(0) == "0"
    assert fmt.multiple(1.84) == "×1,8"


@pytest.mark.parametrize(
    ("rank", "previous", "expected"),
    [(1, 3, "tăng 2 bậc"), (5, 2, "giảm 3 bậc"), (4, 4, "giữ nguyên"), (1, None, "—")],
)
def test_rank_moves_read_a_smaller_rank_as_better(rank, previous, expected):
    assert fmt.rank_move(rank, previous) == expected


@pytest.mark.parametrize(
    "value",
    [
        dt.date(2025, 5, 13),
        dt.datetime(2025, 5, 13, 23, 59),
        pd.Timestamp("2025-05-13"),
        "2025-05-13",
        "2025-05-13T08:00:00",
    ],
)
def test_dates_are_day_month_year(value):
    assert fmt.date_vi(value) == "13/05/2025"


@pytest.mark.parametrize("missing", [None, math.nan, float("nan"), pd.NA, pd.NaT])
def test_a_missing_figure_is_an_em_dash(missing):
    assert fmt.is_missing(missing)
    for formatter in (fmt.number, fmt.vnd, fmt.vnd_short, fmt.percent, fmt.count, fmt.date_vi):
        assert formatter(missing) == "—"
    assert fmt.or_dash(missing) == "—"


def test_present_values_are_not_missing():
    for value in (0, 0.0, "", "text", dt.date(2025, 1, 1), False):
        assert not fmt.is_missing(value)


def test_text_is_nfc():
    decomposed = unicodedata.normalize("NFD", "Hải Phòng")
    assert decomposed != "Hải Phòng"
    assert fmt.nfc(decomposed) == "Hải Phòng"
    assert fmt.or_dash(decomposed) == "Hải Phòng"


def test_chart_locales_match_the_text_formats():
    assert fmt.CHART_NUMBER_LOCALE["decimal"] == ","
    assert fmt.CHART_NUMBER_LOCALE["thousands"] == "."
    assert fmt.CHART_TIME_LOCALE["date"] == "%d/%m/%Y"
