"""The incremental dbt models give exactly what a full rebuild gives.

A small inbox is loaded and built; then files are added (copies of earlier headlines by other
outlets, which join stories), removed and changed, and an alias is added to the agencies list.
The warehouse built incrementally must equal, relation by relation, a copy of it rebuilt with
--full-refresh from the same raw tables (all but the changed_at stamps, which say when a row
was written).
"""

import csv
import datetime as dt
import shutil
from pathlib import Path

import duckdb
import openpyxl
import pytest
from ops_testkit import COVERAGE_HEADER, differences
from small_inbox import write_small_inbox

from ingestion.load import load_inbox_meta, load_source
from ingestion.schemas import SOURCES
from tests.dbt.dbt_testkit import run_dbt, warehouse_in

pytestmark = pytest.mark.slow


def dbt_run(warehouse: Path, workdir: Path, *args: str) -> None:
    """Seeds and models (the tests of the project have their own suite), with the target under
    workdir given the session's parsed project, which dbt reuses (dbt_testkit.run_dbt)."""
    skip_tests = ["--exclude", "resource_type:test", "resource_type:unit_test"]
    result = run_dbt(warehouse, workdir, "build", "--quiet", *skip_tests, *args)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]


def load(inbox: Path, warehouse: Path) -> None:
    with duckdb.connect(str(warehouse)) as con:
        for source in SOURCES:
            load_source(con, source, inbox)
        load_inbox_meta(con, inbox)


def rows_of(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8") as handle:
        return list(csv.reader(handle))


def write_rows(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)


def copies(rows: list[list[str]], prefix: str) -> list[list[str]]:
    """The same headlines, crediting their source, from another outlet a day later (at most
    on 31/12): syndicated copies."""
    out = [COVERAGE_HEADER]
    for n, row in enumerate(rows):
        outlet = "Báo Nhân Dân" if row[0] != "Báo Nhân Dân" else "Báo Hải Phòng"
        published = dt.datetime.strptime(row[1][:10], "%d/%m/%Y").date()
        day = min(published + dt.timedelta(days=1), dt.date(2025, 12, 31))
        out.append([outlet, f"{day:%d/%m/%Y} 20:00", f"{row[2]} | Theo {row[0]}",
                    f"https://copy.example/{prefix}-{n}.html", *row[4:]])  # fmt: skip
    return out


def later_start(contracts: Path, start: dt.datetime) -> None:
    """Move the start of the first contract of the contracts workbook to `start`."""
    book = openpyxl.load_workbook(contracts)
    sheet = book.active
    header = next(row for row in sheet.iter_rows() if row[0].value == "Số hợp đồng")
    column = next(cell.column for cell in header if cell.value == "Ngày bắt đầu")
    first = sheet.cell(row=header[0].row + 1, column=1).value
    for row in sheet.iter_rows(min_row=header[0].row + 1):
        if row[0].value == first:
            sheet.cell(row=row[0].row, column=column).value = start
    book.save(contracts)


@pytest.mark.pipeline_runs(1.3)  # four `dbt build`s without their tests
def test_incremental_builds_equal_a_full_rebuild(tmp_path):
    inbox, warehouse = tmp_path / "inbox", warehouse_in(tmp_path)
    write_small_inbox(inbox, every=20)
    main = rows_of(inbox / "coverage" / "tin-bai-ve-hai-phong-2025.csv")[1:]
    may = [row for row in main if row[1].startswith(("0", "1", "2", "3")) and "/05/" in row[1]]
    write_rows(inbox / "coverage" / "ban-sao-a.csv", copies(may[:40], "a"))
    write_rows(inbox / "coverage" / "ban-sao-b.csv", copies(may[40:80], "b"))
    # The first items listed again, with more views: removing this file later leaves them
    # their other rows, so they change without a row of a new file.
    again = [[*row[:9], "999999", *row[10:]] for row in main if row[3]][:6]
    write_rows(inbox / "coverage" / "nhac-lai.csv", [COVERAGE_HEADER, *again])
    load(inbox, warehouse)
    dbt_run(warehouse, tmp_path)

    # A day later: one file removed, one changed, copies of the copies, a new alias, and the
    # first contract starting later.
    (inbox / "coverage" / "ban-sao-a.csv").unlink()
    changed = rows_of(inbox / "coverage" / "ban-sao-b.csv")
    for row in changed[1:10]:
        row[2] = row[2] + " (cập nhật)"
    write_rows(inbox / "coverage" / "ban-sao-b.csv", changed)
    write_rows(inbox / "coverage" / "ban-sao-c.csv", copies(changed[10:30], "c"))
    agencies = next((inbox / "agencies").glob("*.xlsx"))
    book = openpyxl.load_workbook(agencies)
    sheet = book.active
    header = next(c for row in sheet.iter_rows() for c in row if c.value == "Tên khác")
    alias = sheet.cell(row=header.row + 1, column=header.column)
    alias.value = f"{alias.value or ''}; Tên gọi mới"
    book.save(agencies)
    later_start(next((inbox / "contracts").glob("*.xlsx")), dt.datetime(2025, 6, 1))
    load(inbox, warehouse)
    dbt_run(warehouse, tmp_path)
    compiled = tmp_path / "target" / "compiled" / "mediacoop" / "models" / "intermediate"
    items_sql = (compiled / "int_coverage__items.sql").read_text()
    assert "source_fingerprint is distinct from" in items_sql
    assert "touched_stories" in (compiled / "int_coverage__syndication.sql").read_text()
    assert "__changed_items" in (compiled / "int_coverage__contract_match.sql").read_text()
    # An item rebuilt (the new alias rebuilds every item: ban-sao-b's 40 among them) keeps when
    # it was first built, and the per-item models look for its old rows; an item new to the
    # table (ban-sao-c's 20) has none in them to look for (macros/item_changes.sql).
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rebuilt, new = con.execute(
            "SELECT count(*) FILTER (WHERE url < 'https://copy.example/c' "
            "AND first_built_at < changed_at), count(*) FILTER (WHERE url >= "
            "'https://copy.example/c' AND first_built_at = changed_at) "
            "FROM intermediate.int_coverage__items WHERE url LIKE 'https://copy.example/%' "
            "AND changed_at = (SELECT max(changed_at) FROM intermediate.int_coverage__items)"
        ).fetchone()
    assert (rebuilt, new) == (40, 20)

    # Only new coverage, a file removed and the analyst's theme and event decisions: the
    # incremental path again, without the agencies change; the decisions re-evaluate the items
    # they name, and the per-item models drop the removed file's items from the log of removals.
    write_rows(inbox / "coverage" / "ban-sao-d.csv", copies(main[-30:], "d"))
    (inbox / "coverage" / "ban-sao-c.csv").unlink()
    (inbox / "coverage" / "nhac-lai.csv").unlink()
    (inbox / "reviews").mkdir(exist_ok=True)
    review_header = [
        "action", "item_url", "theme_area", "event_id", "other_url", "reviewer", "reviewed_on",
    ]  # fmt: skip
    linked = [row for row in main if row[3]]
    event_id = rows_of(next((inbox / "events").glob("*.csv")))[1][0]
    # A copy of ban-sao-b the analyst says is no copy: every bucket is paired again.
    copied = next(n for n in range(10, 40) if may[40 + n][3])
    rejected = [f"https://copy.example/b-{copied}.html", may[40 + copied][3]]
    write_rows(
        inbox / "reviews" / "duyet.csv",
        [
            review_header,
            *(["reject_theme", row[3], str(area), "", "", "Lan", "02/01/2026"]
              for row in linked[:5] for area in range(1, 6)),
            *(["confirm_theme", row[3], "5", "", "", "Lan", "02/01/2026"]
              for row in linked[5:10]),
            ["confirm_event", linked[10][3], "", event_id, "", "Lan", "02/01/2026"],
            ["reject_syndication", rejected[0], "", "", rejected[1], "Lan", "02/01/2026"],
        ],
    )  # fmt: skip
    load(inbox, warehouse)
    dbt_run(warehouse, tmp_path)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        (removed,) = con.execute(
            "SELECT count(DISTINCT item_id) FILTER (WHERE removed_at = last) FROM (SELECT *, "
            "max(removed_at) OVER () AS last FROM intermediate.int_coverage__items__removed)"
        ).fetchone()
    assert removed == 20, "the removed file's items are logged"
    with duckdb.connect(str(warehouse), read_only=True) as con:
        relisted = con.execute(
            "SELECT count(*), count(*) FILTER (WHERE views = 999999) "
            "FROM intermediate.int_coverage__items WHERE url IN (SELECT unnest(?::VARCHAR[]))",
            [[row[3] for row in again]],
        ).fetchone()
    assert relisted == (6, 0), "items that lost a listing are built again from the rows left"

    # The incremental result is kept aside and the warehouse rebuilt where it is: the same
    # warehouse path and target let dbt parse only what changed, not the whole project again.
    incremental, rebuilt = tmp_path / "incremental.duckdb", warehouse
    shutil.copyfile(warehouse, incremental)
    dbt_run(rebuilt, tmp_path, "--full-refresh")
    assert differences(incremental, rebuilt) == {}
    with duckdb.connect(str(incremental), read_only=True) as con:
        (copies_found,) = con.execute(
            "SELECT count(*) FROM intermediate.int_coverage__syndication WHERE is_syndicated_copy"
        ).fetchone()
        decided = con.execute(
            "SELECT count(*) FILTER (WHERE theme_decisions = 5 AND is_unclassified), "
            "count(*) FILTER (WHERE theme_decisions = 1 AND contains(theme_areas, '5')) "
            "FROM marts.fct_coverage"
        ).fetchone()
        (confirmed_event,) = con.execute(
            "SELECT items_confirmed_by_review FROM marts.mart_event_lift WHERE event_id = ?",
            [event_id],
        ).fetchone()
        (still_paired,) = con.execute(
            "SELECT count(*) FROM intermediate.int_coverage__syndication AS s "
            "JOIN intermediate.int_coverage__items AS i USING (item_id) "
            "WHERE i.url = ? AND s.is_syndicated_copy",
            [rejected[0]],
        ).fetchone()
    assert copies_found >= 30, "the test needs stories that change"
    assert still_paired == 0, "the rejected pair is no copy"
    assert decided == (5, 5)
    assert confirmed_event == 1
