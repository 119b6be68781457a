"""The reviews/ folder: decisions load with lineage, corrections apply when their file loads,
and rows of money files that leave the warehouse are recorded until they are back or
confirmed."""

import datetime as dt

import duckdb
import polars as pl
import pytest
from ingest_testkit import PAYMENT_HEADER, load, quarantined, rows_of, write_csv, write_xlsx

from ingestion import corrections
from ingestion.readers import RawRows

REVIEW_HEADER = [
    "Hành động",
    "Tệp",
    "Trang tính",
    "Dòng",
    "Cột",
    "Giá trị mới",
    "Người duyệt",
    "Ngày duyệt",
    "Ghi chú",
]
PAYMENTS = [
    PAYMENT_HEADER,
    ["UNC-1", "HĐ-01/2025", "15/03/2025", "4.000.000", "Tạm ứng"],
    ["UNC-2", "HĐ-01/2025", "31/09/2025", "81.550.000", "Thanh toán"],
]


def correction(file="payments/chung-tu.csv", row=3, column="Ngày chi", value="30/09/2025"):
    return ["Sửa giá trị", file, "", row, column, value, "Nguyễn Thị Lan", "02/10/2025", "gõ nhầm"]


def load_all(con, inbox, *sources):
    return {source: load(con, source, inbox) for source in ("reviews", *sources)}


@pytest.fixture
def con(tmp_path):
    with duckdb.connect(str(tmp_path / "w.duckdb")) as connection:
        yield connection


def test_reviews_load_with_canonical_actions_and_incomplete_rows_quarantined(con, tmp_path):
    inbox = tmp_path / "inbox"
    write_xlsx(
        inbox / "reviews" / "duyet.xlsx",
        [
            [
                "Action",
                "Source file",
                "Row number",
                "Column name",
                "New value",
                "Item URL",
                "Contract ID",
                "Reviewer",
                "Reviewed on",
            ],  # fmt: skip
            [
                "correct_value",
                "payments\\a.csv",
                3,
                "paid_on",
                "30/09/2025",
                None,
                None,
                "Lan",
                "2025-10-02",
            ],  # fmt: skip
            [
                "Xác nhận khớp hợp đồng",
                None,
                None,
                None,
                None,
                "https://baohaiphong.vn/a",
                "HĐ-01/2025",
                "Lan",
                "02/10/2025",
            ],  # fmt: skip
            ["Xác nhận gỡ tệp", None, None, None, None, None, None, "Lan", "02/10/2025"],
            [
                "Sửa giá trị",
                "thanh-toan/a.csv",
                3,
                "Ngày chi",
                "1/1/2025",
                None,
                None,
                "Lan",
                "02/10/2025",
            ],  # fmt: skip
            ["Duyệt bừa", None, None, None, None, None, None, "Lan", "02/10/2025"],
        ],
        sheet="Duyệt",
    )
    result = load(con, "reviews", inbox)
    assert (result.rows_loaded, result.rows_quarantined) == (2, 3)
    loaded = rows_of(con, "reviews", "action, source_file, row_number, contract_id, _row_number")
    assert [(r["action"], r["_row_number"]) for r in loaded] == [
        ("correct_value", 2),
        ("confirm_match", 3),
    ]
    reasons = {q["_row_number"]: (q["reason_code"], q["reason_vi"]) for q in quarantined(con)}
    assert reasons[4][0] == "review_incomplete" and "Tệp" in reasons[4][1]
    assert reasons[5][0] == "unknown_review_target"
    assert reasons[6][0] == "unknown_review_action"


def test_a_correction_loads_the_row_with_lineage_and_never_edits_the_file(con, tmp_path):
    inbox = tmp_path / "inbox"
    payments = write_csv(inbox / "payments" / "chung-tu.csv", PAYMENTS)
    before = payments.read_bytes()
    load_all(con, inbox, "payments")
    assert [q["value"] for q in quarantined(con, "payments")] == ["31/09/2025"]

    write_csv(inbox / "reviews" / "duyet.csv", [REVIEW_HEADER, correction()])
    results = load_all(con, inbox, "payments")
    # The payments file did not change; its corrections did, so it loaded again.
    assert not results["payments"].files[0].skipped_unchanged
    assert quarantined(con, "payments") == []
    rows = rows_of(con, "payments", "payment_id, paid_on, amount_vnd, _corrected_by")
    assert [(r["payment_id"], str(r["paid_on"]), r["_corrected_by"]) for r in rows] == [
        ("UNC-1", "2025-03-15", None),
        ("UNC-2", "2025-09-30", "reviews/duyet.csv#2"),
    ]
    applied = con.execute(
        "SELECT target_file, target_row, column_name, old_value, new_value, status, reviewer, "
        "strftime(reviewed_on, '%d/%m/%Y'), review_file, review_row FROM raw.corrections"
    ).fetchall()
    assert applied == [
        ("payments/chung-tu.csv", 3, "Ngày chi", "31/09/2025", "30/09/2025", "applied",
         "Nguyễn Thị Lan", "02/10/2025", "reviews/duyet.csv", 2),
    ]  # fmt: skip
    assert payments.read_bytes() == before

    # Nothing changed: nothing loads again. The review removed: the row is quarantined again.
    assert load_all(con, inbox, "payments")["payments"].files[0].skipped_unchanged
    (inbox / "reviews" / "duyet.csv").unlink()
    load_all(con, inbox, "payments")
    assert [q["value"] for q in quarantined(con, "payments")] == ["31/09/2025"]
    assert con.execute("SELECT count(*) FROM raw.corrections").fetchone() == (0,)


@pytest.mark.parametrize(
    ("review", "status", "reason"),
    [
        (correction(row=9), "row_not_found", "dòng 9"),
        (correction(column="Ngày lập"), "column_unknown", "Ngày lập"),
        (correction(value="31/09/2025"), "value_invalid", "không có thật"),
        (correction(value="ba mươi"), "value_invalid", "không phải ngày"),
        (correction(file="payments/khong-co.csv"), "file_not_found", "không có tệp"),
    ],
)
def test_a_correction_that_cannot_apply_says_why(con, tmp_path, review, status, reason):
    inbox = tmp_path / "inbox"
    write_csv(inbox / "payments" / "chung-tu.csv", PAYMENTS)
    write_csv(inbox / "reviews" / "duyet.csv", [REVIEW_HEADER, review])
    load_all(con, inbox, "payments")
    recorded = con.execute("SELECT status, reason_vi FROM raw.corrections").fetchall()
    assert len(recorded) == 1 and recorded[0][0] == status
    assert reason in recorded[0][1]
    # The row it meant to fix stays quarantined; every row is still accounted for.
    assert [q["_row_number"] for q in quarantined(con, "payments")] == [3]


def test_a_correction_names_an_xlsx_sheet_and_the_column_by_its_canonical_name(con, tmp_path):
    inbox = tmp_path / "inbox"
    write_xlsx(inbox / "payments" / "chi.xlsx", PAYMENTS, sheet="Quý 3")
    review = correction(file="payments/chi.xlsx", column="paid_on")
    review[2] = "Quý 3"
    wrong_sheet = correction(file="payments/chi.xlsx", row=2, column="amount_vnd", value="1")
    wrong_sheet[2] = "Quý 4"
    write_csv(inbox / "reviews" / "duyet.csv", [REVIEW_HEADER, review, wrong_sheet])
    load_all(con, inbox, "payments")
    statuses = con.execute(
        "SELECT review_row, status FROM raw.corrections ORDER BY review_row"
    ).fetchall()
    assert statuses == [(2, "applied"), (3, "row_not_found")]
    assert quarantined(con, "payments") == []
    amounts = [r["amount_vnd"] for r in rows_of(con, "payments", "amount_vnd")]
    assert amounts == [4_000_000, 81_550_000]


def removals(con):
    return con.execute(
        "SELECT _source_file, _row_number, record_id, amount_vnd, kind FROM raw.removals "
        "ORDER BY _source_file, _row_number"
    ).fetchall()


def test_a_removed_or_shrunk_money_file_is_recorded_until_its_rows_are_back(con, tmp_path):
    inbox = tmp_path / "inbox"
    first = write_csv(inbox / "payments" / "a.csv", PAYMENTS[:2])
    second = write_csv(
        inbox / "payments" / "b.csv",
        [PAYMENT_HEADER, ["UNC-3", "HĐ-01/2025", "01/10/2025", "2.500.000", "Thanh toán"],
         ["UNC-4", "HĐ-01/2025", "02/10/2025", "1.500.000", "Thanh toán"]],
    )  # fmt: skip
    load(con, "payments", inbox)
    assert removals(con) == []

    kept = second.read_bytes()
    second.unlink()
    result = load(con, "payments", inbox)
    assert result.removed_files == ["payments/b.csv"]
    assert removals(con) == [
        ("payments/b.csv", 2, "UNC-3", 2_500_000, "file_removed"),
        ("payments/b.csv", 3, "UNC-4", 1_500_000, "file_removed"),
    ]
    # Loading again changes nothing; the file back under another name brings its rows back.
    load(con, "payments", inbox)
    assert len(removals(con)) == 2
    (inbox / "payments" / "b-moved.csv").write_bytes(kept)
    load(con, "payments", inbox)
    assert removals(con) == []

    write_csv(first, [PAYMENT_HEADER])  # a.csv shrank to its header
    load(con, "payments", inbox)
    assert removals(con) == [("payments/a.csv", 2, "UNC-1", 4_000_000, "rows_removed")]


def test_coverage_files_are_not_money_files(con, tmp_path):
    inbox = tmp_path / "inbox"
    coverage = write_csv(
        inbox / "coverage" / "tin.csv",
        [["Cơ quan báo chí", "Ngày đăng", "Tiêu đề"], ["Báo Hải Phòng", "01/03/2025", "Tin"]],
    )
    load(con, "coverage", inbox)
    coverage.unlink()
    load(con, "coverage", inbox)
    assert removals(con) == []


def test_a_row_number_on_several_sheets_needs_the_sheet_named():
    frame = pl.DataFrame(
        {"paid_on": ["31/09/2025", "01/10/2025"], "_row_number": [3, 3], "_sheet": ["Q3", "Q4"]},
        schema_overrides={"_row_number": pl.Int64},
    ).with_columns(
        pl.lit(None, pl.String).alias(c) for c in ("_issue_code", "_issue_column", "_issue_value")
    )
    raw = RawRows(frame, {"paid_on": "Ngày chi"})

    def review(sheet):
        return corrections.Correction(
            "payments/a.xlsx", sheet, 3, "Ngày chi", "30/09/2025", "reviews/r.csv", None, 2,
            "Lan", dt.date(2025, 10, 2), None,
        )  # fmt: skip

    _, (outcome,) = corrections.apply(raw, "payments", [review(None)])
    assert outcome.status == "row_not_found" and "Q3, Q4" in outcome.reason_vi
    fixed, (outcome,) = corrections.apply(raw, "payments", [review("q3")])
    assert outcome.status == "applied" and outcome.old_value == "31/09/2025"
    assert fixed.frame["paid_on"].to_list() == ["30/09/2025", "01/10/2025"]


def test_quarantined_rows_of_a_removed_money_file_are_recorded_with_their_amount(con, tmp_path):
    inbox = tmp_path / "inbox"
    payments = write_csv(inbox / "payments" / "chung-tu.csv", PAYMENTS)
    load(con, "payments", inbox)
    kept = payments.read_bytes()
    payments.unlink()
    load(con, "payments", inbox)
    assert removals(con) == [
        ("payments/chung-tu.csv", 2, "UNC-1", 4_000_000, "file_removed"),
        ("payments/chung-tu.csv", 3, "UNC-2", 81_550_000, "file_removed"),
    ]
    payments.write_bytes(kept)  # back, with its row still quarantined: nothing is missing
    load(con, "payments", inbox)
    assert removals(con) == []


def test_tone_decisions_load_with_canonical_tones_and_incomplete_ones_quarantined(con, tmp_path):
    inbox = tmp_path / "inbox"
    header = ["Hành động", "URL tin bài", "Sắc thái", "Người duyệt", "Ngày duyệt", "Ghi chú"]
    url = "https://baohaiphong.vn/a"
    write_csv(
        inbox / "reviews" / "sac-thai.csv",
        [
            header,
            ["Đặt sắc thái", url, "Tiêu cực", "Lan", "10/01/2026", "tin phản ánh"],
            ["set_tone", url, "positive", "Minh", "11/01/2026", ""],
            ["Xác nhận sắc thái", url, "trung tinh", "Minh", "12/01/2026", ""],
            ["Đặt sắc thái", url, "", "Lan", "12/01/2026", "thiếu sắc thái"],
            ["Đặt sắc thái", url, "Rất tốt", "Lan", "12/01/2026", ""],
        ],
    )
    result = load(con, "reviews", inbox)
    assert (result.rows_loaded, result.rows_quarantined) == (3, 2)
    loaded = rows_of(con, "reviews", "action, item_url, tone, _row_number")
    assert [(r["action"], r["tone"], r["_row_number"]) for r in loaded] == [
        ("set_tone", "negative", 2),
        ("set_tone", "positive", 3),
        ("set_tone", "neutral", 4),
    ]
    reasons = {q["_row_number"]: (q["reason_code"], q["reason_vi"]) for q in quarantined(con)}
    assert reasons[5][0] == "review_incomplete" and "Sắc thái" in reasons[5][1]
    assert reasons[6][0] == "unknown_tone"


def test_concern_decisions_load_by_label_and_incomplete_ones_say_what_they_lack(con, tmp_path):
    inbox = tmp_path / "inbox"
    header = ["Hành động", "Mã vấn đề", "URL tin bài", "Người duyệt", "Ngày duyệt", "Lý do"]
    url = "https://baohaiphong.vn/so-xay-dung-cau-van-an-toan"
    write_csv(
        inbox / "reviews" / "du-luan.csv",
        [
            header,
            ["Xác nhận tin về vấn đề", "DL-2025-01", url, "Lan", "08/04/2025", "dẫn thông cáo"],
            ["reject_concern", "DL-2025-03", url, "Minh", "23/08/2025", "lan truyền tin đồn"],
            ["Bác vấn đề dư luận", "DL-2025-03", url, "Minh", "23/08/2025", "trùng từ khóa"],
            ["Xác nhận tin về vấn đề", "", url, "Lan", "08/04/2025", "thiếu mã"],
            ["Xác nhận tin về vấn đề", "DL-2025-01", "", "Lan", "08/04/2025", "thiếu tin"],
            ["Bác tin về vấn đề", "DL-2025-01", url, "Lan", "08/04/2025", ""],
            ["Xác nhận tin về vấn đề", "DL-2025-01", "baohaiphong", "Lan", "08/04/2025", "x"],
        ],
    )
    result = load(con, "reviews", inbox)
    assert (result.rows_loaded, result.rows_quarantined) == (3, 4)
    loaded = rows_of(con, "reviews", "action, concern_id, item_url, note, _row_number")
    assert [(r["action"], r["concern_id"], r["_row_number"]) for r in loaded] == [
        ("confirm_concern", "DL-2025-01", 2),
        ("reject_concern", "DL-2025-03", 3),
        ("reject_concern", "DL-2025-03", 4),
    ]
    assert loaded[0]["note"] == "dẫn thông cáo" and loaded[0]["item_url"] == url
    # Each bad row names its file, row and column (as headed in the file), and what it needed.
    bad = {q["_row_number"]: q for q in quarantined(con)}
    assert {n: (q["_source_file"], q["column_name"], q["reason_code"]) for n, q in bad.items()} == {
        5: ("reviews/du-luan.csv", "Mã vấn đề", "review_incomplete"),
        6: ("reviews/du-luan.csv", "URL tin bài", "review_incomplete"),
        7: ("reviews/du-luan.csv", "Lý do", "review_incomplete"),
        8: ("reviews/du-luan.csv", "URL tin bài", "invalid_url"),
    }
    assert "Mã vấn đề" in bad[5]["reason_vi"] and "Ghi chú" in bad[7]["reason_vi"]
