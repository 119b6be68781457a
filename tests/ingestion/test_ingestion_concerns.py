"""The concerns source: issues of public concern with the city's official response."""

import datetime as dt

from ingest_testkit import load, quarantined, rows_of, write_csv, write_xlsx

HEADER = [
    "Mã vấn đề",
    "Thời điểm phát hiện",
    "Mô tả ngắn",
    "Từ khóa",
    "Lĩnh vực",
    "Thời điểm trả lời chính thức",
    "Hình thức trả lời",
]
GOOD = [
    "VD-01",
    "03/03/2025 08:15",
    "Tin đồn cầu Hoàng Văn Thụ bị nứt",
    "cầu Hoàng Văn Thụ nứt, nứt dầm cầu;  an toàn cầu Hoàng Văn Thụ",
    "Kinh tế",
    "04/03/2025 15:00",
    "Họp báo",
]
NO_RESPONSE = [
    "VD-02",
    "2025-05-10 21:40",
    "Thông tin sai về thu phí",
    "thu phí vào nội đô",
    "",
    "",
    "",
]


def test_concerns_load_typed_with_keywords_as_phrases(inbox, con):
    write_csv(inbox / "concerns" / "van-de.csv", [HEADER, GOOD, NO_RESPONSE])
    result = load(con, "concerns", inbox)
    assert (result.rows_loaded, result.rows_quarantined) == (2, 0)
    first, second = sorted(rows_of(con, "concerns"), key=lambda r: r["concern_id"])
    assert first["first_seen_at"] == dt.datetime(2025, 3, 3, 8, 15)
    assert first["response_at"] == dt.datetime(2025, 3, 4, 15, 0)
    assert first["keywords"] == ("cầu Hoàng Văn Thụ nứt; nứt dầm cầu; an toàn cầu Hoàng Văn Thụ")
    assert first["theme_area"] == 2 and first["response_channel"] == "Họp báo"
    assert second["response_at"] is None and second["theme_area"] is None


def test_concerns_read_from_a_workbook_with_accent_free_headers(inbox, con):
    header = ["ma van de", "thoi diem phat hien", "mo ta", "tu khoa", "linh vuc"]
    write_xlsx(inbox / "concerns" / "van-de.xlsx", [header, GOOD[:5]])
    result = load(con, "concerns", inbox)
    assert result.rows_loaded == 1
    (row,) = rows_of(con, "concerns")
    assert row["concern_id"] == "VD-01" and row["response_at"] is None


def test_bad_concern_rows_are_quarantined_naming_file_row_and_column(inbox, con):
    no_keywords = ["VD-03", "05/06/2025 10:00", "Mô tả", "", "", "", ""]
    bad_time = ["VD-04", "hôm qua", "Mô tả", "ngập", "", "", ""]
    early_answer = ["VD-05", "05/06/2025 10:00", "Mô tả", "ngập", "", "04/06/2025 09:00", ""]
    bad_area = ["VD-06", "05/06/2025 10:00", "Mô tả", "ngập", "9", "", ""]
    write_csv(
        inbox / "concerns" / "van-de.csv",
        [HEADER, GOOD, no_keywords, bad_time, early_answer, bad_area],
    )
    result = load(con, "concerns", inbox)
    assert (result.rows_read, result.rows_loaded, result.rows_quarantined) == (5, 1, 4)
    held = {
        (q["_source_file"], q["_row_number"], q["column_name"], q["reason_code"])
        for q in quarantined(con, "concerns")
    }
    assert held == {
        ("concerns/van-de.csv", 3, "Từ khóa", "missing_required"),
        ("concerns/van-de.csv", 4, "Thời điểm phát hiện", "invalid_date"),
        ("concerns/van-de.csv", 5, "Thời điểm trả lời chính thức", "response_before_first_seen"),
        ("concerns/van-de.csv", 6, "Lĩnh vực", "unknown_theme_area"),
    }
    reasons = {q["reason_vi"] for q in quarantined(con, "concerns")}
    assert "thời điểm trả lời chính thức sớm hơn thời điểm phát hiện vấn đề" in reasons
