"""The "Định hướng dư luận" section on a small warehouse holding the two concern marts."""

import datetime as dt
from pathlib import Path

import duckdb
import pytest

from reports import charts, public_concern

CONCERNS = [
    # concern_id, description, year, first_seen_at, response_at, channel, first agency,
    # first at, hours, within 72 h, 24 h, 72 h, 7 d, in window, contracted share,
    # answer outlets, names, candidates, candidates in 72 h, first candidate's hours, rejected
    ("DL-01", "Tin đồn cầu *Rào* bị nứt", 2025, dt.datetime(2025, 4, 7, 6, 30),
     dt.datetime(2025, 4, 7, 15, 0), "Họp báo", "Báo Hải Phòng", dt.datetime(2025, 4, 7, 10, 45),
     4.25, True, 2, 3, 3, 3, 2 / 3, 2, "Báo Giao thông; Báo Hải Phòng", 0, 0, None, 1),
    ("DL-02", "Video cũ về kè biển", 2025, dt.datetime(2025, 9, 15, 11, 20), None, None,
     "Báo Tuổi Trẻ", dt.datetime(2025, 9, 18, 14, 20), 75.0, False, 0, 0, 1, 1, 1.0, 0, None,
     0, 0, None, 0),
    ("DL-03", "Tin giả phong tỏa cảng", 2025, dt.datetime(2025, 12, 10, 8, 0),
     dt.datetime(2025, 12, 11, 9, 0), "Thông báo", None, None, None, False, 0, 0, 0, 0, None, 0,
     None, 0, 0, None, 0),
    # Only candidates: unanswered as a fact, yet the warning says a candidate waits.
    ("DL-04", "Tin đồn thu phí", 2025, dt.datetime(2025, 6, 12, 20, 15), None, None, None, None,
     None, False, 0, 0, 0, 0, None, 0, None, 2, 2, 13.5, 0),
    ("DL-09", "Năm trước", 2024, dt.datetime(2024, 5, 1, 8, 0), None, None, None, None, None,
     False, 0, 0, 0, 0, None, 0, None, 0, 0, None, 0),
]  # fmt: skip
ITEMS = [
    # concern_id, item_id, agency, hours, official, contracted, after response, status
    ("DL-01", "a", "Báo Hải Phòng", 4.25, True, True, False, "confirmed"),
    ("DL-01", "r", "Báo Lao Động", 2.0, True, True, False, "rejected"),
    ("DL-01", "b", "Báo Giao thông", 11.0, True, False, True, "confirmed"),
    ("DL-01", "c", "Báo Hải Phòng", 26.5, True, True, True, "confirmed"),
    ("DL-02", "d", "Báo Tuổi Trẻ", 75.0, True, True, False, "confirmed"),
    ("DL-04", "e", "Báo An ninh Hải Phòng", 13.5, True, True, False, "candidate"),
    ("DL-04", "f", "Báo Hải Phòng", 19.0, True, True, False, "candidate"),
]


@pytest.fixture
def warehouse(tmp_path: Path) -> Path:
    path = tmp_path / "warehouse.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute("CREATE SCHEMA marts")
        con.execute(
            """CREATE TABLE marts.mart_public_concern (concern_id VARCHAR, description VARCHAR,
               year INTEGER, first_seen_at TIMESTAMP, response_at TIMESTAMP,
               response_channel VARCHAR, first_response_agency VARCHAR,
               first_response_at TIMESTAMP, response_hours DOUBLE,
               is_answered_within_72h BOOLEAN, items_24h INTEGER, items_72h INTEGER,
               items_7d INTEGER, items_in_window INTEGER, contracted_share DOUBLE,
               answer_outlets INTEGER, answer_outlet_names VARCHAR, candidate_items INTEGER,
               candidate_items_72h INTEGER, candidate_response_hours DOUBLE,
               rejected_items INTEGER)"""
        )
        con.executemany(f"INSERT INTO marts.mart_public_concern VALUES ({'?, ' * 20}?)", CONCERNS)
        con.execute(
            """CREATE TABLE marts.mart_public_concern_items (concern_id VARCHAR, item_id VARCHAR,
               agency VARCHAR, published_at TIMESTAMP, title VARCHAR,
               hours_after_first_seen DOUBLE, is_official_outlet BOOLEAN,
               is_contracted_outlet BOOLEAN, is_after_response BOOLEAN,
               review_status VARCHAR)"""
        )
        seen = {c[0]: c[3] for c in CONCERNS}
        con.executemany(
            "INSERT INTO marts.mart_public_concern_items VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (c, i, a, seen[c] + dt.timedelta(hours=h), f"Tin {i}", h, o, k, r, s)
                for c, i, a, h, o, k, r, s in ITEMS
            ],
        )
    return path


def test_table_gives_each_concern_its_response_time_and_reach(warehouse):
    section = public_concern.load(warehouse, 2025)
    assert list(section.concerns["concern_id"]) == ["DL-01", "DL-04", "DL-02", "DL-03"]
    text = section.text()
    # Data values are escaped (the asterisks stay literal text); read past the escapes.
    assert "cầu \\*Rào\\* bị nứt" in text
    plain = text.replace("\\", "")
    assert "Báo Hải Phòng, sau 4 giờ 15 phút" in plain
    assert "Báo Tuổi Trẻ, sau 75 giờ" in plain
    assert "07/04/2025 06:30" in plain and "07/04/2025 15:00 (Họp báo)" in plain
    assert "66,7%" in plain  # two of DL-01's three items came from contracted outlets
    assert "**DL-01**: Báo Giao thông; Báo Hải Phòng" in plain


def test_candidates_are_shown_apart_as_awaiting_review_and_never_as_the_response(warehouse):
    text = public_concern.load(warehouse, 2025).text().replace("\\", "")
    assert "chỉ tin bài đã được cán bộ duyệt xác nhận" in text
    pending = text[text.index("Tin ứng viên, chờ duyệt (chưa tính vào bảng trên)") :]
    assert (
        "**DL-04**: 2 tin ứng viên, chờ duyệt, tin sớm nhất của cơ quan trong danh mục hoặc có "
        "hợp đồng sau 13 giờ 30 phút" in pending
    )
    assert "**DL-01**" not in pending.split("Cơ quan báo chí đã đăng")[0]
    # The table states DL-04 as unanswered: its candidates are not its response.
    row = next(line for line in text.splitlines() if line.startswith("| **DL-04**"))
    assert "Chưa có" in row and "Báo An ninh" not in row


def test_concerns_without_a_response_in_72_hours_are_named_in_a_warning(warehouse):
    text = public_concern.load(warehouse, 2025).text().replace("\\", "")
    warning = text[text.index("vấn đề chưa có tin phản hồi") - 2 :]
    assert warning.startswith("3 vấn đề chưa có tin phản hồi đã được xác nhận")
    assert "DL-02 (Video cũ về kè biển)" in warning
    assert "DL-03 (Tin giả phong tỏa cảng)" in warning
    # Unreviewed is not unanswered: the warning says a candidate would answer in time.
    assert "DL-04 (Tin đồn thu phí), có tin ứng viên sau 13 giờ 30 phút, chờ duyệt" in warning
    assert "DL-01" not in warning


def test_one_timeline_per_concern_with_the_response_marked(warehouse):
    section = public_concern.load(warehouse, 2025)
    timelines = section.timelines()
    assert len(timelines) == 4
    spec = charts.to_spec(timelines[0])
    assert spec["title"]["text"] == "DL-01"
    values = list(spec["datasets"].values())
    line = next(v for v in values if v and "items" in v[0])
    assert [(v["hours"], v["kind"], v["items"]) for v in line] == [
        (4.25, public_concern.CONTRACTED_KIND, 1),
        (11.0, public_concern.OFFICIAL_KIND, 1),
        (26.5, public_concern.CONTRACTED_KIND, 2),
    ]
    marks = {v["label"]: v["hours"] for vs in values for v in vs if "label" in v}
    assert marks == {"24 giờ": 24.0, "72 giờ": 72.0, "Trả lời chính thức": 8.5}
    svg = charts.to_svg(timelines[3])  # a concern with no item still draws
    assert svg.startswith("<svg") and "DL-03" in svg
    # The rejected item is not drawn; candidates are drawn apart, as such.
    candidates = charts.to_spec(timelines[1])
    line = next(v for v in candidates["datasets"].values() if v and "items" in v[0])
    assert [(v["kind"], v["items"]) for v in line] == [
        (public_concern.CANDIDATE_KIND, 1),
        (public_concern.CANDIDATE_KIND, 2),
    ]


def test_a_year_without_concerns_says_so(warehouse, tmp_path):
    assert "Năm 2023 chưa có vấn đề dư luận nào" in public_concern.load(warehouse, 2023).text()
    empty = tmp_path / "empty.duckdb"
    duckdb.connect(str(empty)).close()
    section = public_concern.load(empty, 2025)
    assert section.timelines() == [] and "chưa có vấn đề dư luận" in section.text()
