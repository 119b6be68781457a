"""raw/coverage by month: a run loads the inbox files (a file may hold many months) and records
every month whose rows changed, with its row count; rows read = loaded + quarantined."""

import csv
from pathlib import Path

import dagster as dg
import pytest
from ops_testkit import COVERAGE_HEADER

from orchestration import partitions
from orchestration.assets.ingestion import ingestion_assets
from orchestration.resources import PipelineSettings

AGENCIES = [
    ["Cơ quan báo chí", "Tên khác", "Cấp", "Loại hình báo chí", "Độ phủ ước tính"],
    ["Báo Hải Phòng", "BHP", "Địa phương", "Báo in", "120.000"],
]
ASSETS = [a for a in ingestion_assets if a.key.path[-1] in ("agencies", "coverage")]


def write_csv(path: Path, rows: list[list[str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)


def item(day: str, n: int) -> list[str]:
    return ["Báo Hải Phòng", day, f"Tin số {n}", f"https://baohaiphong.vn/tin-{n}.html",
            "Tin", "Báo điện tử", "", "", "", "10", ""]  # fmt: skip


@pytest.fixture
def inbox(tmp_path) -> Path:
    folder = tmp_path / "inbox"
    write_csv(folder / "agencies" / "co-quan.csv", AGENCIES)
    rows = [item("05/01/2025", 1), item("06/01/2025", 2), item("10/02/2025", 3),
            item("31/02/2025", 4), item("15/03/2025", 5)]  # fmt: skip
    write_csv(folder / "coverage" / "quy-1.csv", [COVERAGE_HEADER, *rows])
    return folder


def materialize(inbox: Path, warehouse: Path, **kwargs) -> dg.ExecuteInProcessResult:
    settings = PipelineSettings(
        inbox=str(inbox), warehouse=str(warehouse), year=2025, province="Hải Phòng"
    )
    return dg.materialize(ASSETS, resources={"settings": settings}, **kwargs)


def coverage_months(result) -> dict[str, dict]:
    return {
        event.partition: event.materialization.metadata
        for event in result.get_asset_materialization_events()
        if event.asset_key == dg.AssetKey(["raw", "coverage"])
    }


def value(metadata, key):
    return getattr(metadata[key], "value", metadata[key])


def test_a_month_run_records_every_month_its_files_changed(inbox, tmp_path):
    result = materialize(inbox, tmp_path / "w.duckdb", partition_key="2025-02")
    months = coverage_months(result)
    assert set(months) == {"2025-01", "2025-02", "2025-03"}
    own = months["2025-02"]
    assert value(own, "rows_read") == 5
    assert value(own, "rows_loaded") + value(own, "rows_quarantined") == 5
    assert value(own, "rows_quarantined") == 1  # 31/02 is no date
    assert value(own, "rows_in_months") == 1
    assert value(own, "months_changed") == ["2025-01", "2025-02", "2025-03"]
    assert value(months["2025-01"], "rows") == 2


def test_an_unchanged_inbox_changes_no_month(inbox, tmp_path):
    materialize(inbox, tmp_path / "w.duckdb", partition_key="2025-02")
    again = materialize(inbox, tmp_path / "w.duckdb", partition_key="2025-03")
    months = coverage_months(again)
    assert set(months) == {"2025-03"}, "only the month asked for, and nothing changed"
    assert value(months["2025-03"], "months_changed") == []
    assert value(months["2025-03"], "files_unchanged") == 1


def test_a_new_daily_file_changes_its_month_only(inbox, tmp_path):
    materialize(inbox, tmp_path / "w.duckdb", partition_key="2025-03")
    write_csv(inbox / "coverage" / "2025-04-02.csv", [COVERAGE_HEADER, item("02/04/2025", 6)])
    months = coverage_months(materialize(inbox, tmp_path / "w.duckdb", partition_key="2025-04"))
    assert set(months) == {"2025-04"}
    assert value(months["2025-04"], "months_changed") == ["2025-04"]
    assert value(months["2025-04"], "rows_in_months") == 1
    # The counts are what this run read: the new file's row, not the unchanged file's five.
    april = months["2025-04"]
    assert (value(april, "files"), value(april, "files_unchanged")) == (2, 1)
    assert value(april, "rows_read") == 1
    assert value(april, "rows_loaded") + value(april, "rows_quarantined") == 1


def test_a_year_is_one_run_over_its_months(inbox, tmp_path):
    start, end = partitions.months_of_year(2025)
    result = materialize(
        inbox,
        tmp_path / "w.duckdb",
        tags={partitions.RANGE_START_TAG: start, partitions.RANGE_END_TAG: end},
    )
    months = coverage_months(result)
    assert set(months) == {f"2025-{m:02d}" for m in range(1, 13)}
    assert value(months["2025-12"], "rows_in_months") == 4  # Jan 2 + Feb 1 + Mar 1


def test_a_removed_file_changes_the_months_it_held(inbox, tmp_path):
    materialize(inbox, tmp_path / "w.duckdb", partition_key="2025-03")
    (inbox / "coverage" / "quy-1.csv").unlink()
    months = coverage_months(materialize(inbox, tmp_path / "w.duckdb", partition_key="2025-03"))
    assert set(months) == {"2025-01", "2025-02", "2025-03"}
    assert value(months["2025-01"], "rows") == 0


def test_a_run_without_months_still_loads_and_records_what_changed(inbox, tmp_path):
    months = coverage_months(materialize(inbox, tmp_path / "w.duckdb"))
    assert set(months) == {None, "2025-01", "2025-02", "2025-03"}
    assert value(months[None], "rows_loaded") == 4
    assert value(months[None], "months") == ""
