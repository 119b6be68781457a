"""How typed values are read from what people write: money, numbers, dates, labels."""

import datetime as dt
import unicodedata

import polars as pl
import pytest

from ingestion.normalise import (
    apply_stages,
    bare_host,
    enum_expr,
    fold,
    header_key,
    label_key,
    money_stages,
    nfc,
    parse_date,
    parse_money,
    parse_number,
    parse_share,
    parse_theme_area,
    parse_timestamp,
    slugify,
)
from ingestion.vocabulary import (
    CHANNEL_LABELS,
    DELIVERABLE_TYPE_LABELS,
    HEADER_ALIASES,
    PAYMENT_KIND_LABELS,
    REASONS,
)


@pytest.mark.parametrize(
    ("text", "vnd"),
    [
        ("1.250.000.000", 1_250_000_000),
        ("1,250,000,000", 1_250_000_000),
        ("1.250.000.000 đ", 1_250_000_000),
        ("1.250.000.000đ", 1_250_000_000),
        ("1.250.000.000 ₫", 1_250_000_000),
        ("₫1.250.000", 1_250_000),
        ("1.250.000 VND", 1_250_000),
        ("1.250.000 VNĐ", 1_250_000),
        ("VND 2.000.000", 2_000_000),
        ("2.000.000 đồng", 2_000_000),
        ("1,25 tỷ", 1_250_000_000),
        ("1,25 tỉ", 1_250_000_000),
        ("1.5 tỷ", 1_500_000_000),
        ("2 tỷ", 2_000_000_000),
        ("500 triệu", 500_000_000),
        ("500 trieu", 500_000_000),
        ("500tr", 500_000_000),
        ("2,5 triệu đồng", 2_500_000),
        ("750 nghìn", 750_000),
        ("1 250 000", 1_250_000),
        ("1.250", 1_250),
        ("1250000", 1_250_000),
        ("1.250.000,00", 1_250_000),
        ("1,250,000.00", 1_250_000),
        ("0", 0),
        ("-5.000.000", -5_000_000),
    ],
)
def test_money_as_people_write_it(text, vnd):
    assert parse_money(text) == vnd


@pytest.mark.parametrize("text", ["", "   ", None, "abc", "1.2.3", "năm triệu", "12,34,5", "--5"])
def test_money_that_is_not_money_reads_as_missing(text):
    assert parse_money(text) is None


@pytest.mark.parametrize(
    ("text", "vnd"),
    [
        ("(114.000.000)", -114_000_000),  # the column decides whether negatives are allowed
        ("(5.000 đ)", -5_000),
        ("1.5 tr", 1_500_000),
        ("1,2345 tỷ", 1_234_500_000),
        ("1.500.000 nghìn", 1_500_000_000),
        ("1,5k", 1_500),
        ("đồng 5", 5),
    ],
)
def test_money_grammar_edges_that_read(text, vnd):
    assert parse_money(text) == vnd


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("238,000.000", "ambiguous_money"),  # 238.000.000 typed with a comma, or 238.000?
        ("1.250,000", "ambiguous_money"),
        ("1.500 triệu", "ambiguous_money"),  # 1,5 triệu or 1.500 triệu
        ("1e8", "invalid_money"),
        ("1.25.000", "invalid_money"),
        ("-(5.000)", "invalid_money"),
        ("(5.000", "invalid_money"),
        ("99999999999999999999", "invalid_money"),
        ("1.250.000,5", "fractional_money"),
        ("12.5", "fractional_money"),
        ("0,5 đ", "fractional_money"),
        ("1,0000005 triệu", "fractional_money"),
    ],
)
def test_money_with_no_single_whole_reading_is_refused_with_its_reason(text, problem):
    frame = apply_stages(pl.DataFrame({"text": [text]}), money_stages("text", "out")).select(
        "out", "out__problem"
    )
    assert frame.row(0) == (None, problem)


@pytest.mark.parametrize(
    ("text", "thousands", "value"),
    [
        ("8,5", False, 8.5),
        ("74,84", False, 74.84),
        ("0,7857", False, 0.7857),
        ("0.786", False, 0.786),  # a score: a lone separator is a decimal point
        ("1.250", True, 1250.0),  # a count: it groups thousands
        ("12.345", True, 12345.0),
        ("1,2 triệu", True, 1_200_000.0),
        ("4,5", True, 4.5),
    ],
)
def test_numbers_read_by_their_shape(text, thousands, value):
    assert parse_number(text, thousands=thousands) == pytest.approx(value)


@pytest.mark.parametrize(
    ("text", "share"), [("0,35", 0.35), ("35%", 0.35), ("35 %", 0.35), ("35", 0.35), ("1", 1.0)]
)
def test_shares_as_fraction_or_percentage(text, share):
    assert parse_share(text) == pytest.approx(share)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("15/03/2025", dt.date(2025, 3, 15)),
        ("5/3/2025", dt.date(2025, 3, 5)),
        ("15-03-2025", dt.date(2025, 3, 15)),
        ("15.03.2025", dt.date(2025, 3, 15)),
        ("2025-03-15", dt.date(2025, 3, 15)),
        ("2025/3/5", dt.date(2025, 3, 5)),
        ("ngày 15 tháng 3 năm 2025", dt.date(2025, 3, 15)),
        ("Ngay 15 thang 3 nam 2025", dt.date(2025, 3, 15)),
        ("45731", dt.date(2025, 3, 15)),  # an Excel day number that lost its date format
    ],
)
def test_dates_day_first_iso_words_and_excel_numbers(text, day):
    assert parse_date(text) == day


@pytest.mark.parametrize(
    "text", ["31/02/2025", "30/02/2024", "31/09/2025", "2025-13-01", "0/1/2025"]
)
def test_impossible_dates_read_as_missing(text):
    assert parse_date(text) is None


@pytest.mark.parametrize("text", ["15/3/25", "March 15, 2025", "hôm qua", "2025"])
def test_ambiguous_or_foreign_dates_read_as_missing(text):
    assert parse_date(text) is None


@pytest.mark.parametrize(
    ("text", "local"),
    [
        ("15/03/2025 08:30", dt.datetime(2025, 3, 15, 8, 30)),
        ("15/03/2025 8h30", dt.datetime(2025, 3, 15, 8, 30)),
        ("2025-03-15 08:30:15", dt.datetime(2025, 3, 15, 8, 30, 15)),
        ("2025-03-15T08:30:00+07:00", dt.datetime(2025, 3, 15, 8, 30)),
        ("2025-03-15T01:30:00Z", dt.datetime(2025, 3, 15, 8, 30)),
        ("2025-03-14T20:30:00-05:00", dt.datetime(2025, 3, 15, 8, 30)),
        ("2025-03-15T08:30:00.250+0700", dt.datetime(2025, 3, 15, 8, 30)),
        ("45731.5", dt.datetime(2025, 3, 15, 12, 0)),
    ],
)
def test_timestamps_become_vietnam_local_time(text, local):
    assert parse_timestamp(text) == local


def test_fold_drops_every_vietnamese_diacritic_and_d_stroke():
    assert (
        fold("Đài Phát thanh và Truyền hình Hải Phòng") == "Dai Phat thanh va Truyen hinh Hai Phong"
    )
    assert fold("ắằẳẵặ ấầẩẫậ ếềểễệ ốồổỗộ ớờởỡợ ứừửữự ỳýỷỹỵ đĐ") == (
        "aaaaa aaaaa eeeee ooooo ooooo uuuuu yyyyy dD"
    )
    decomposed = unicodedata.normalize("NFD", "Hải Phòng")
    assert fold(decomposed) == "Hai Phong"


def test_label_and_header_keys_ignore_case_spacing_and_punctuation():
    assert label_key("  Chuyên trang / Chuyên mục ") == "chuyen trang chuyen muc"
    assert header_key("Thời lượng (phút)") == header_key("THOI LUONG PHUT") == "thoiluongphut"
    assert header_key("unit_price_vnd") == header_key("Unit Price VND")


def test_every_reason_has_english_and_vietnamese_text_in_nfc():
    for code, (english, vietnamese) in REASONS.items():
        assert english and vietnamese, code
        assert unicodedata.is_normalized("NFC", vietnamese), code
        assert fold(vietnamese) != vietnamese or code == "invalid_json", code  # has diacritics


def test_no_header_label_belongs_to_two_columns_of_one_source():
    for source, columns in HEADER_ALIASES.items():
        seen: dict[str, str] = {}
        for column, labels in columns.items():
            for label in (column, *labels):
                key = header_key(label)
                assert seen.setdefault(key, column) == column, (source, label)


@pytest.mark.parametrize(
    ("labels", "text", "code"),
    [
        (DELIVERABLE_TYPE_LABELS, "Bài viết", "article"),
        (DELIVERABLE_TYPE_LABELS, "bai viet", "article"),
        (DELIVERABLE_TYPE_LABELS, "PHÓNG SỰ", "reportage"),
        (DELIVERABLE_TYPE_LABELS, "Ảnh / Phóng sự ảnh", "photo"),
        (DELIVERABLE_TYPE_LABELS, "Chuyên mục", "special_page"),
        (DELIVERABLE_TYPE_LABELS, "Toạ đàm", "talk_show"),  # old-style tone placement
        (DELIVERABLE_TYPE_LABELS, "Chương trình (phút)", "programme"),
        (DELIVERABLE_TYPE_LABELS, "Hội thảo", "event"),
        (DELIVERABLE_TYPE_LABELS, "special_page", "special_page"),
        (CHANNEL_LABELS, "Báo điện tử", "online"),
        (CHANNEL_LABELS, "Truyền hình", "tv"),
        (CHANNEL_LABELS, "Mạng xã hội", "social"),
        (PAYMENT_KIND_LABELS, "Tạm ứng", "advance"),
        (PAYMENT_KIND_LABELS, "quyet toan", "settlement"),
        (DELIVERABLE_TYPE_LABELS, "Podcast", None),
    ],
)
def test_enumeration_labels_map_to_canonical_codes(labels, text, code):
    assert pl.select(enum_expr(pl.lit(text), labels)).item() == code


@pytest.mark.parametrize(
    ("text", "area"),
    [
        ("2", 2),
        ("Lĩnh vực 4", 4),
        ("LV3", 3),
        ("5. Quốc phòng, an ninh", 5),
        ("Kinh tế", 2),
        ("kinh te, dat dai", 2),
        ("Văn hóa - xã hội", 3),
        ("Chuyển đổi số, cải cách hành chính", 4),
        ("Xây dựng Đảng", 1),
        ("Economy", 2),
        ("6", None),
        ("Du lịch", None),  # a sub-theme, not a prefix of an area's name
        ("Kin", None),  # too short to be a clear prefix
    ],
)
def test_theme_area_by_number_or_clear_name_prefix(text, area):
    assert parse_theme_area(text) == area


@pytest.mark.parametrize(
    ("text", "host"),
    [
        ("https://www.BaoHaiPhong.vn/rss/thoi-su.rss", "baohaiphong.vn"),
        ("baohaiphong.vn", "baohaiphong.vn"),
        ("http://nhandan.vn:8080", "nhandan.vn"),
        ("", None),
    ],
)
def test_bare_host(text, host):
    assert bare_host(text) == host


def test_slugify_is_accent_free_lower_case_and_hyphenated():
    assert slugify("Đài Phát thanh và Truyền hình Hải Phòng") == (
        "dai-phat-thanh-va-truyen-hinh-hai-phong"
    )
    assert slugify("  Báo Kinh tế & Đô thị – số 5 ") == "bao-kinh-te-do-thi-so-5"
    assert slugify("Ｂáo ﬁlm") == "bao-film"  # full-width letters and ligatures read as plain
    assert slugify(None) == "" and slugify("—") == ""
    assert slugify("Hải Phòng " * 20, max_length=20) == "hai-phong-hai-phong"


def test_nfc_takes_any_value_and_drops_bidi_controls():
    decomposed = unicodedata.normalize("NFD", "Hải Phòng")
    assert nfc(decomposed + "\u202e") == "Hải Phòng"
    assert nfc(2025) == "2025"
