"""Loading: lineage, idempotence, replacement, removal, duplicates, agencies, atomicity."""

import datetime as dt
import hashlib
import json
import os
import pickle
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from ingest_testkit import (
    AGENCIES,
    CONTRACT_HEADER,
    CONTRACT_ROW,
    COVERAGE_HEADER,
    COVERAGE_ROW,
    PAYMENT_HEADER,
    PAYMENT_ROW,
    load,
    quarantined,
    rows_of,
    write_agencies,
    write_csv,
    write_xlsx,
)

from ingestion import load as loader
from ingestion.errors import BadInputError
from ingestion.load import load_inbox_meta, load_source
from ingestion.schemas import SOURCES


def snapshot(con) -> dict[str, list]:
    """Everything ingestion writes, for comparing the warehouse before and after a load (a
    file's stat aside: a later load records it once the file has settled)."""
    tables = [f"raw.{s}" for s in SOURCES] + ["raw.quarantine", "raw.load_log"]
    return {
        t: sorted(map(repr, con.execute(f"SELECT * EXCLUDE (file_stat) FROM {t}").fetchall()))
        if t == "raw.load_log"
        else sorted(map(repr, con.execute(f"SELECT * FROM {t}").fetchall()))
        for t in tables
    }


def test_sources_in_load_order():
    # Run outside the test folder: tests/ingestion would otherwise shadow the package's name.
    shown = subprocess.run(
        [sys.executable, "-c", "import ingestion; print(','.join(ingestion.SOURCES))"],
        cwd=Path(sys.executable).parent,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    expected = (
        "reviews",
        "agencies",
        "events",
        "targets",
        "indices",
        "concerns",
        "contracts",
        "payments",
        "coverage",
    )
    assert shown == ",".join(expected)
    assert expected == SOURCES


def test_lineage_of_every_row(inbox, con):
    path = write_csv(inbox / "contracts" / "hd.csv", [CONTRACT_HEADER, CONTRACT_ROW])
    before = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    result = load(con, "contracts", inbox)
    (row,) = rows_of(con, "contracts")
    assert row["_source_file"] == "contracts/hd.csv"
    assert row["_sheet"] is None
    assert row["_row_number"] == 2
    assert row["_file_hash"] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert row["_file_hash"] == result.files[0].file_hash
    assert len(row["_row_hash"]) == 64
    assert row["_is_duplicate"] is False
    assert before <= row["_loaded_at"] <= dt.datetime.now(dt.UTC).replace(tzinfo=None)
    assert row["contract_id"] == "01/2025/HĐ-STTTT"
    assert row["amount_vnd"] == 50_000_000 and row["theme_area"] == 2


def test_load_log_one_row_per_file(inbox, con):
    write_csv(inbox / "contracts" / "a.csv", [CONTRACT_HEADER, CONTRACT_ROW])
    write_xlsx(inbox / "contracts" / "b.xlsx", [CONTRACT_HEADER, CONTRACT_ROW, CONTRACT_ROW])
    load(con, "contracts", inbox)
    load(con, "contracts", inbox)
    log = con.execute(
        "SELECT source, _source_file, rows_read, rows_loaded, rows_quarantined, rows_duplicate "
        "FROM raw.load_log ORDER BY _source_file"
    ).fetchall()
    assert log == [
        ("contracts", "contracts/a.csv", 1, 1, 0, 0),
        ("contracts", "contracts/b.xlsx", 2, 2, 0, 2),
    ]


def test_loading_the_same_files_again_changes_nothing(inbox, con):
    write_agencies(inbox)
    write_csv(
        inbox / "contracts" / "hd.csv", [CONTRACT_HEADER, CONTRACT_ROW, ["x", *CONTRACT_ROW[1:3]]]
    )
    for source in SOURCES:
        load(con, source, inbox)
    before = snapshot(con)
    results = [load(con, source, inbox) for source in SOURCES]
    assert snapshot(con) == before
    assert all(f.skipped_unchanged for r in results for f in r.files)
    contracts = results[SOURCES.index("contracts")]
    assert (contracts.rows_read, contracts.rows_loaded, contracts.rows_quarantined) == (2, 1, 1)


def test_a_changed_file_replaces_its_rows_and_quarantine(inbox, con):
    path = write_csv(
        inbox / "contracts" / "hd.csv", [CONTRACT_HEADER, CONTRACT_ROW, ["", *CONTRACT_ROW[1:]]]
    )
    write_csv(inbox / "contracts" / "other.csv", [CONTRACT_HEADER, CONTRACT_ROW])
    load(con, "contracts", inbox)
    assert len(quarantined(con)) == 1
    write_csv(
        path,
        [CONTRACT_HEADER, ["05/2025/HĐ", *CONTRACT_ROW[1:]], ["06/2025/HĐ", *CONTRACT_ROW[1:]]],
    )
    result = load(con, "contracts", inbox)
    assert {f.path: f.skipped_unchanged for f in result.files} == {
        "contracts/hd.csv": False,
        "contracts/other.csv": True,
    }
    assert rows_of(con, "contracts", "_source_file, contract_id") == [
        {"_source_file": "contracts/hd.csv", "contract_id": "05/2025/HĐ"},
        {"_source_file": "contracts/hd.csv", "contract_id": "06/2025/HĐ"},
        {"_source_file": "contracts/other.csv", "contract_id": "01/2025/HĐ-STTTT"},
    ]
    assert quarantined(con) == []
    assert con.execute("SELECT count(*) FROM raw.load_log").fetchall() == [(2,)]


def test_a_file_removed_from_the_inbox_takes_its_rows_with_it(inbox, con):
    gone = write_csv(
        inbox / "payments" / "q1.csv",
        [PAYMENT_HEADER, PAYMENT_ROW, ["PC-2", "x", "", "1", "Tạm ứng"]],
    )
    write_csv(inbox / "payments" / "q2.csv", [PAYMENT_HEADER, ["PC-3", *PAYMENT_ROW[1:]]])
    load(con, "payments", inbox)
    gone.unlink()
    result = load(con, "payments", inbox)
    assert result.removed_files == ["payments/q1.csv"]
    assert rows_of(con, "payments", "payment_id") == [{"payment_id": "PC-3"}]
    assert quarantined(con) == []
    assert con.execute("SELECT _source_file FROM raw.load_log").fetchall() == [("payments/q2.csv",)]


def test_exact_duplicates_flagged_after_the_first_copy_across_files(inbox, con):
    write_csv(inbox / "payments" / "a.csv", [PAYMENT_HEADER, PAYMENT_ROW, PAYMENT_ROW])
    # the same payment typed differently is still the same row once normalised
    retyped = ["PC-001", "01/2025/HĐ-STTTT", "2025-02-20", "15 triệu", "tam ung"]
    write_csv(inbox / "payments" / "b.csv", [PAYMENT_HEADER, retyped, ["PC-002", *PAYMENT_ROW[1:]]])
    result = load(con, "payments", inbox)
    assert rows_of(con, "payments", "_source_file, _row_number, _is_duplicate") == [
        {"_source_file": "payments/a.csv", "_row_number": 2, "_is_duplicate": False},
        {"_source_file": "payments/a.csv", "_row_number": 3, "_is_duplicate": True},
        {"_source_file": "payments/b.csv", "_row_number": 2, "_is_duplicate": True},
        {"_source_file": "payments/b.csv", "_row_number": 3, "_is_duplicate": False},
    ]
    assert [f.rows_duplicate for f in result.files] == [1, 1]
    assert result.rows_loaded == 4 and result.rows_duplicate == 2


def test_removing_the_first_copy_makes_the_next_one_the_original(inbox, con):
    first = write_csv(inbox / "payments" / "a.csv", [PAYMENT_HEADER, PAYMENT_ROW])
    write_csv(inbox / "payments" / "b.csv", [PAYMENT_HEADER, PAYMENT_ROW])
    load(con, "payments", inbox)
    first.unlink()
    result = load(con, "payments", inbox)
    assert rows_of(con, "payments", "_source_file, _is_duplicate") == [
        {"_source_file": "payments/b.csv", "_is_duplicate": False}
    ]
    assert result.files[0].rows_duplicate == 0
    assert con.execute("SELECT rows_duplicate FROM raw.load_log").fetchall() == [(0,)]


def count_hashes(monkeypatch) -> list[str]:
    """The files load_source hashes, in order."""
    hashed: list[str] = []
    real = loader.file_sha256

    def counting(path):
        hashed.append(Path(path).name)
        return real(path)

    monkeypatch.setattr(loader, "file_sha256", counting)
    return hashed


def test_an_unchanged_coverage_file_is_not_hashed_once_its_stat_has_settled(
    inbox, con, monkeypatch
):
    monkeypatch.setattr(loader, "STAT_SETTLED_NS", 0)  # every file is old enough
    path = write_csv(inbox / "coverage" / "tin.csv", [COVERAGE_HEADER, COVERAGE_ROW])
    load(con, "coverage", inbox)
    stat = os.stat(path)
    recorded = con.execute("SELECT file_stat FROM raw.load_log").fetchone()[0]
    assert recorded.split(":") == [
        str(v) for v in (stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns)
    ]
    hashed = count_hashes(monkeypatch)
    result = load(con, "coverage", inbox)
    assert hashed == [] and result.files[0].skipped_unchanged


def test_a_file_hashed_soon_after_its_last_change_is_hashed_again(inbox, con, monkeypatch):
    write_csv(inbox / "coverage" / "tin.csv", [COVERAGE_HEADER, COVERAGE_ROW])
    load(con, "coverage", inbox)  # within STAT_SETTLED_NS of the write: no stat kept
    assert con.execute("SELECT file_stat FROM raw.load_log").fetchall() == [(None,)]
    hashed = count_hashes(monkeypatch)
    monkeypatch.setattr(loader, "STAT_SETTLED_NS", 0)
    assert load(con, "coverage", inbox).files[0].skipped_unchanged
    assert hashed == ["tin.csv"]
    assert con.execute("SELECT file_stat FROM raw.load_log").fetchone()[0] is not None


@pytest.mark.parametrize("settled", [True, False], ids=["stat-kept", "stat-not-kept"])
def test_a_file_rewritten_with_the_same_size_and_times_is_loaded_again(
    inbox, con, monkeypatch, settled
):
    if settled:
        monkeypatch.setattr(loader, "STAT_SETTLED_NS", 0)
    path = write_csv(inbox / "coverage" / "tin.csv", [COVERAGE_HEADER, COVERAGE_ROW])
    load(con, "coverage", inbox)
    before = os.stat(path)
    time.sleep(0.05)  # past the file system's clock tick, as a real rewrite later would be
    retitled = [COVERAGE_ROW[0], COVERAGE_ROW[1], COVERAGE_ROW[2].replace("số", "sổ")]  # same size
    write_csv(path, [COVERAGE_HEADER, [*retitled, *COVERAGE_ROW[3:]]])
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # as `touch -r` would
    after = os.stat(path)
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    result = load(con, "coverage", inbox)
    assert not result.files[0].skipped_unchanged
    assert rows_of(con, "coverage", "title") == [{"title": retitled[2]}]


def test_money_and_review_files_are_hashed_on_every_load(inbox, con, monkeypatch):
    monkeypatch.setattr(loader, "STAT_SETTLED_NS", 0)
    write_csv(inbox / "payments" / "a.csv", [PAYMENT_HEADER, PAYMENT_ROW])
    write_csv(inbox / "contracts" / "hd.csv", [CONTRACT_HEADER, CONTRACT_ROW])
    write_csv(
        inbox / "reviews" / "duyet.csv",
        [["action", "item_url", "reviewer", "reviewed_on"],
         ["reject_match", COVERAGE_ROW[3], "Lan", "02/01/2026"]],
    )  # fmt: skip
    for source in ("reviews", "contracts", "payments"):
        load(con, source, inbox)
    hashed = count_hashes(monkeypatch)
    for source in ("reviews", "contracts", "payments"):
        load(con, source, inbox)
    assert hashed == ["duyet.csv", "hd.csv", "a.csv"]
    assert con.execute("SELECT DISTINCT file_stat FROM raw.load_log").fetchall() == [(None,)]


def test_duplicates_across_old_and_new_files_are_flagged_as_a_fresh_load_flags_them(
    inbox, con, tmp_path, monkeypatch
):
    monkeypatch.setattr(loader, "STAT_SETTLED_NS", 0)
    other = [COVERAGE_ROW[0], "16/03/2025 10:00", "Tin khác", "", *COVERAGE_ROW[4:]]
    folder = inbox / "coverage"
    write_csv(folder / "b.csv", [COVERAGE_HEADER, COVERAGE_ROW, other])

    def flags(connection):
        return rows_of(connection, "coverage", "_source_file, _row_number, _is_duplicate")

    def as_fresh_load():
        with duckdb.connect(str(tmp_path / f"fresh-{time.monotonic_ns()}.duckdb")) as fresh:
            fresh_result = load(fresh, "coverage", inbox)
            return flags(fresh), fresh_result

    def check(result):
        fresh_flags, fresh_result = as_fresh_load()
        assert flags(con) == fresh_flags
        assert [(f.path, f.rows_duplicate) for f in result.files] == [
            (f.path, f.rows_duplicate) for f in fresh_result.files
        ]
        assert con.execute(
            "SELECT _source_file, rows_duplicate FROM raw.load_log ORDER BY 1"
        ).fetchall() == [(f.path, f.rows_duplicate) for f in fresh_result.files]

    load(con, "coverage", inbox)
    # a new file sorted after the old one: its copy is the duplicate
    write_csv(folder / "c.csv", [COVERAGE_HEADER, COVERAGE_ROW])
    check(result := load(con, "coverage", inbox))
    assert [f.rows_duplicate for f in result.files] == [0, 1]
    # a new file sorted first: the old file's row becomes the duplicate
    write_csv(folder / "a.csv", [COVERAGE_HEADER, COVERAGE_ROW, other])
    check(result := load(con, "coverage", inbox))
    assert [f.rows_duplicate for f in result.files] == [0, 2, 1]
    # the first copy leaves again: the old file's rows are the originals once more
    (folder / "a.csv").unlink()
    check(result := load(con, "coverage", inbox))
    assert [f.rows_duplicate for f in result.files] == [0, 1]
    # a changed file whose copy is gone: the other file's row is no longer a duplicate
    write_csv(folder / "b.csv", [COVERAGE_HEADER, other])
    check(result := load(con, "coverage", inbox))
    assert [f.rows_duplicate for f in result.files] == [0, 0]


def test_agency_names_normalised_to_the_listed_name(inbox, con):
    write_agencies(inbox)
    spellings = ["BÁO HẢI PHÒNG", "bao hai phong", "BHP", "Báo  HP", "nhan dan"]
    rows = [[f"{i}/2025/HĐ", name, *CONTRACT_ROW[2:]] for i, name in enumerate(spellings)]
    write_csv(inbox / "contracts" / "hd.csv", [CONTRACT_HEADER, *rows])
    load(con, "agencies", inbox)
    load(con, "contracts", inbox)
    assert [r["agency"] for r in rows_of(con, "contracts", "agency")] == [
        "Báo Hải Phòng",
        "Báo Hải Phòng",
        "Báo Hải Phòng",
        "Báo Hải Phòng",
        "Báo Nhân Dân",
    ]


def test_without_an_agencies_list_agencies_load_as_typed(inbox, con):
    write_csv(
        inbox / "contracts" / "hd.csv", [CONTRACT_HEADER, ["1", "Báo Mới Lạ", *CONTRACT_ROW[2:]]]
    )
    result = load(con, "contracts", inbox)
    assert result.rows_quarantined == 0
    assert rows_of(con, "contracts", "agency") == [{"agency": "Báo Mới Lạ"}]


def test_a_new_agency_alias_reloads_unchanged_files_that_name_agencies(inbox, con):
    write_agencies(inbox)
    write_csv(
        inbox / "contracts" / "hd.csv", [CONTRACT_HEADER, ["1", "Hải Phòng TV", *CONTRACT_ROW[2:]]]
    )
    load(con, "agencies", inbox)
    assert load(con, "contracts", inbox).rows_quarantined == 1
    station = ["Đài Phát thanh và Truyền hình Hải Phòng", "Hải Phòng TV; THP", "Địa phương"]
    write_csv(
        inbox / "agencies" / "co-quan-bao-chi.csv", [*AGENCIES, [*station, "Truyền hình", "", ""]]
    )
    load(con, "agencies", inbox)
    result = load(con, "contracts", inbox)
    assert not result.files[0].skipped_unchanged
    assert result.rows_quarantined == 0
    assert rows_of(con, "contracts", "agency") == [
        {"agency": "Đài Phát thanh và Truyền hình Hải Phòng"}
    ]


def test_a_bad_file_leaves_the_warehouse_as_it_was(inbox, con):
    write_csv(inbox / "contracts" / "a.csv", [CONTRACT_HEADER, CONTRACT_ROW])
    load(con, "contracts", inbox)
    before = snapshot(con)
    # a changed good file, a new good file, then a file that cannot be read
    write_csv(inbox / "contracts" / "a.csv", [CONTRACT_HEADER, ["99", *CONTRACT_ROW[1:]]])
    write_csv(inbox / "contracts" / "b.csv", [CONTRACT_HEADER, CONTRACT_ROW])
    (inbox / "contracts" / "c.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    with pytest.raises(BadInputError, match="contracts/c.xlsx"):
        load_source(con, "contracts", inbox)
    assert snapshot(con) == before
    (inbox / "contracts" / "c.xlsx").unlink()
    assert load(con, "contracts", inbox).rows_loaded == 2


def test_a_bad_file_in_a_fresh_warehouse_creates_nothing(inbox, con):
    (inbox / "payments").mkdir()
    (inbox / "payments" / "empty.csv").write_bytes(b"")
    with pytest.raises(BadInputError):
        load_source(con, "payments", inbox)
    assert con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'raw'"
    ).fetchall() == [(0,)]


def test_missing_source_folder_loads_nothing_and_keeps_the_tables(inbox, con):
    result = load(con, "events", inbox)
    assert result.files == [] and result.rows_read == 0
    assert con.execute("SELECT count(*) FROM raw.events").fetchall() == [(0,)]


def test_unknown_source_is_refused(inbox, con):
    with pytest.raises(ValueError, match="unknown source 'budget'"):
        load_source(con, "budget", inbox)


def test_coverage_item_id_is_the_url_else_agency_title_and_day(inbox, con):
    no_url = [COVERAGE_ROW[0], "16/03/2025 10:00", "Không có đường dẫn", "", *COVERAGE_ROW[4:]]
    other_case = [
        *COVERAGE_ROW[:3],
        "HTTPS://BaoHaiPhong.vn/chuyen-doi-so-1.html/#binh-luan",
        *COVERAGE_ROW[4:],
    ]
    write_csv(inbox / "coverage" / "tin.csv", [COVERAGE_HEADER, COVERAGE_ROW, no_url, other_case])
    load(con, "coverage", inbox)
    ids = [r["item_id"] for r in rows_of(con, "coverage", "item_id")]
    sha = lambda text: hashlib.sha256(text.encode()).hexdigest()  # noqa: E731
    assert ids[0] == sha("https://baohaiphong.vn/chuyen-doi-so-1.html")
    assert ids[1] == sha("Báo Hải Phòng|Không có đường dẫn|2025-03-16")
    assert ids[2] == ids[0]  # same page: host case, fragment and trailing slash aside


def test_inbox_meta_from_inbox_json(inbox, con):
    meta = {
        "demo": True,
        "seed": 2025,
        "province": "Hải Phòng",
        "year": 2025,
        "label_vi": "Dữ liệu minh họa",
    }
    (inbox / "_inbox.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    assert load_inbox_meta(con, inbox) == meta
    rows = con.execute(
        "SELECT key, value, _source_file FROM raw.inbox_meta ORDER BY key"
    ).fetchall()
    assert rows == [
        ("demo", "true", "_inbox.json"),
        ("label_vi", "Dữ liệu minh họa", "_inbox.json"),
        ("province", "Hải Phòng", "_inbox.json"),
        ("seed", "2025", "_inbox.json"),
        ("year", "2025", "_inbox.json"),
    ]
    (inbox / "_inbox.json").unlink()
    assert load_inbox_meta(con, inbox) == {}
    assert con.execute("SELECT count(*) FROM raw.inbox_meta").fetchall() == [(0,)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("{not json", "a JSON object"), ("[1, 2]", "a JSON object; found a JSON list")],
)
def test_inbox_meta_that_is_not_an_object_is_refused(inbox, con, text, expected):
    (inbox / "_inbox.json").write_text(text, encoding="utf-8")
    with pytest.raises(BadInputError, match=expected) as caught:
        load_inbox_meta(con, inbox)
    assert "_inbox.json" in str(caught.value)


def test_bad_input_error_names_file_row_column_and_survives_pickling():
    error = BadInputError(
        "contracts/hd.xlsx",
        row=3,
        column="Thành tiền",
        expected="a VND amount",
        message_vi="cần số tiền",
        found="'abc'",
    )
    assert str(error) == (
        "file contracts/hd.xlsx, row 3, column 'Thành tiền': expected a VND amount; found 'abc'"
    )
    assert (
        error.message_for_people() == "tệp contracts/hd.xlsx, dòng 3, cột 'Thành tiền': cần số tiền"
    )
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.path, copy.row, copy.column, copy.found, str(copy)) == (
        error.path,
        error.row,
        error.column,
        error.found,
        str(error),
    )


def test_inbox_meta_text_loses_bidi_controls(inbox, con):
    meta = {"label_vi": "Dữ liệu \u202eminh họa\u202c", "province": "\u2067Hải Phòng\u2069"}
    (inbox / "_inbox.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    load_inbox_meta(con, inbox)
    rows = con.execute("SELECT key, value FROM raw.inbox_meta ORDER BY key").fetchall()
    assert rows == [("label_vi", "Dữ liệu minh họa"), ("province", "Hải Phòng")]


def test_files_validated_together_load_as_each_file_alone(inbox, tmp_path, monkeypatch):
    """Small files are validated in batches: every row, quarantine reason, label and row number
    must come out as when each file is validated on its own."""
    import duckdb

    import ingestion.load
    import ingestion.validate

    write_agencies(inbox)
    bad_date, bad_agency = list(COVERAGE_ROW), list(COVERAGE_ROW)
    bad_date[1], bad_agency[0] = "31/02/2025", "Báo Không Có"
    for day in range(1, 8):
        row = [*COVERAGE_ROW]
        row[3] = f"https://baohaiphong.vn/ngay-{day}.html"
        rows = [row, bad_date if day % 2 else bad_agency, [*row[:3], "", *row[4:]]]
        # Every other file types its headers without diacritics: its labels differ.
        header = COVERAGE_HEADER if day % 2 else [c.upper() for c in COVERAGE_HEADER]
        write_csv(inbox / "coverage" / f"ngay-{day}.csv", [header, *rows])
    write_xlsx(inbox / "coverage" / "tong-hop.xlsx", [COVERAGE_HEADER, COVERAGE_ROW, bad_date])

    def loaded(batch_rows: int, validate_rows: int) -> dict[str, list]:
        monkeypatch.setattr(ingestion.load, "VALIDATE_BATCH_ROWS", batch_rows)
        monkeypatch.setattr(ingestion.validate, "_BATCH_ROWS", validate_rows)
        with duckdb.connect(str(tmp_path / f"w-{batch_rows}-{validate_rows}.duckdb")) as con:
            load(con, "agencies", inbox)
            result = load(con, "coverage", inbox)
            assert (result.rows_read, result.rows_quarantined) == (23, 8)
            return {
                "rows": rows_of(con, "coverage", "* EXCLUDE (_loaded_at)"),
                "quarantine": quarantined(con, "coverage"),
            }

    alone = loaded(1, 1)  # one file a batch: validate() of each file
    assert loaded(10_000, 10_000) == alone  # every file in one batch
    assert loaded(10_000, 7) == alone  # batches of two or three files
    assert loaded(7, 10_000) == alone
