"""The demo inbox loads whole, and each defect it plants ends where the demo says it should.

The inbox holds two plan years, each with its own files, defects and reviews: the counts are
those of both years together.
"""

import duckdb
import pytest
import session_cache
from ingest_testkit import load

from ingestion.load import load_inbox_meta
from ingestion.schemas import SOURCES


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo")
    inbox = folder / "inbox"
    summary = session_cache.demo_inbox(inbox)  # the demo's seed, 2025, written once a session
    assert summary["seed"] == 2025
    with duckdb.connect(str(folder / "warehouse.duckdb")) as con:
        results = {source: load(con, source, inbox) for source in SOURCES}
        load_inbox_meta(con, inbox)
        quarantine = con.execute(
            "SELECT _source_file, _row_number, column_name, value, reason_code FROM raw.quarantine"
        ).fetchall()
        duplicates = con.execute(
            "SELECT _source_file, _row_number FROM raw.coverage WHERE _is_duplicate"
        ).fetchall()
        demo_flag = con.execute("SELECT value FROM raw.inbox_meta WHERE key = 'demo'").fetchall()
        corrected = {
            (file, row): (paid_on, corrected_by)
            for file, row, paid_on, corrected_by in con.execute(
                "SELECT _source_file, _row_number, strftime(paid_on, '%d/%m/%Y'), _corrected_by "
                "FROM raw.payments WHERE _corrected_by IS NOT NULL"
            ).fetchall()
        }
        applied = con.execute("SELECT status FROM raw.corrections").fetchall()
    return summary, results, quarantine, duplicates, demo_flag, corrected, applied


def test_every_demo_file_is_read(demo):
    summary, results, *_ = demo
    loaded = sorted(f.path for r in results.values() for f in r.files)
    assert loaded == sorted(p for p in summary["files"] if p != "_inbox.json")
    assert all(not r.ignored_files for r in results.values())


def every_year(summary: dict, key: str) -> list:
    return [year[key] for year in summary["years"].values()]


def test_demo_rows_all_accounted_for(demo):
    summary, results, *_ = demo
    coverage = {f.path: f.rows_read for f in results["coverage"].files}
    assert coverage == {k: v for c in every_year(summary, "coverage_by_file") for k, v in c.items()}
    assert results["contracts"].rows_read == sum(every_year(summary, "contract_lines"))
    assert results["payments"].rows_read == sum(every_year(summary, "payments"))
    assert results["agencies"].rows_read == summary["agencies"]
    assert results["concerns"].rows_loaded == summary["concerns"]


def test_each_planted_defect_is_quarantined_flagged_or_corrected(demo):
    summary, _, quarantine, duplicates, _, corrected, applied = demo
    where = {(file, row): (column, value, code) for file, row, column, value, code in quarantine}
    reviews = [(year, r) for year, s in summary["years"].items() for r in s["reviews"]]
    reviewed = {(r["Tệp"], int(r["Dòng"])): (year, r) for year, r in reviews}
    defects = [d for year in every_year(summary, "defects") for d in year]
    for defect in defects:
        place = (defect["file"], defect["row"])
        if defect["problem"] == "duplicate_row":
            assert place in duplicates, defect
            continue
        if place in reviewed:  # the demo's reviews/ file corrects it: loaded, with lineage
            assert place not in where, defect
            year, review = reviewed[place]
            lineage = f"reviews/duyet-sua-loi-{year}.csv#2"
            assert corrected[place] == (review["Giá trị mới"], lineage)
            continue
        assert place in where, defect
        column, value, _code = where[place]
        assert column == defect["column"], defect
        assert (value or "") == defect["value"], defect
    assert len(quarantine) == sum(
        d["problem"] != "duplicate_row" and (d["file"], d["row"]) not in reviewed for d in defects
    )
    # Only the money slip is corrected: every other defect stays for quarantine to show.
    assert [d["source"] for d in defects if (d["file"], d["row"]) in reviewed] == [
        "payments"
    ] * len(summary["years"])
    assert applied == [("applied",)] * len(summary["years"])


def test_demo_inbox_says_it_is_demo_data(demo):
    demo_flag = demo[4]
    assert demo_flag == [("true",)]
