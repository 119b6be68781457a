"""The ingestion assets in Dagster: keys, grouping, pool, and what a materialisation records."""

import json
from pathlib import Path

import dagster as dg
import duckdb
import pytest
from ingest_testkit import (
    CONTRACT_HEADER,
    CONTRACT_ROW,
    COVERAGE_HEADER,
    COVERAGE_ROW,
    write_agencies,
    write_csv,
)

from ingestion.errors import BadInputError
from ingestion.schemas import SOURCES
from orchestration.assets.ingestion import ingestion_assets
from orchestration.resources import PipelineSettings
from orchestration.stage_lines import progress_logger


def settings(inbox: Path, warehouse: Path) -> PipelineSettings:
    return PipelineSettings(
        inbox=str(inbox), warehouse=str(warehouse), year=2025, province="Hải Phòng"
    )


def test_one_asset_per_source_and_one_for_inbox_meta():
    keys = [a.key for a in ingestion_assets]
    assert keys == [dg.AssetKey(["raw", s]) for s in SOURCES] + [dg.AssetKey(["raw", "inbox_meta"])]
    for asset in ingestion_assets:
        assert asset.group_names_by_key[asset.key] == "ingestion"
        assert asset.op.pool == "warehouse"
        assert asset.specs_by_key[asset.key].kinds == {"duckdb"}


def test_sources_with_an_agency_column_come_after_the_agencies_list():
    deps = {
        a.key.path[-1]: {d.asset_key for d in a.specs_by_key[a.key].deps} for a in ingestion_assets
    }
    agencies = dg.AssetKey(["raw", "agencies"])
    assert {s for s, d in deps.items() if agencies in d} == {"contracts", "coverage"}


def test_every_other_source_loads_after_the_reviews_that_may_correct_it():
    deps = {
        a.key.path[-1]: {d.asset_key for d in a.specs_by_key[a.key].deps} for a in ingestion_assets
    }
    reviews = dg.AssetKey(["raw", "reviews"])
    assert {s for s, d in deps.items() if reviews in d} == set(SOURCES) - {"reviews"}


def test_materialising_loads_every_source_and_reports_counts(inbox, tmp_path):
    write_agencies(inbox)
    bad = [*CONTRACT_ROW[:11], "-1"]
    write_csv(inbox / "contracts" / "hd.csv", [CONTRACT_HEADER, CONTRACT_ROW, CONTRACT_ROW, bad])
    write_csv(inbox / "coverage" / "tin.csv", [COVERAGE_HEADER, COVERAGE_ROW])
    meta = {"demo": True, "seed": 7, "province": "Hải Phòng", "year": 2025}
    (inbox / "_inbox.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    warehouse = tmp_path / "build" / "warehouse.duckdb"

    result = dg.materialize(ingestion_assets, resources={"settings": settings(inbox, warehouse)})
    assert result.success
    recorded = {
        e.asset_key.path[-1]: e.materialization.metadata
        for e in result.get_asset_materialization_events()
    }
    contracts = recorded["contracts"]
    assert contracts["files"].value == 1
    assert contracts["rows_read"].value == 3
    assert contracts["rows_loaded"].value == 2
    assert contracts["rows_quarantined"].value == 1
    assert contracts["rows_duplicate"].value == 1
    assert recorded["agencies"]["rows_loaded"].value == 3
    assert recorded["events"]["files"].value == 0
    assert recorded["inbox_meta"]["is_demo"].value is True
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM raw.coverage").fetchall() == [(1,)]
        assert con.execute("SELECT value FROM raw.inbox_meta WHERE key = 'demo'").fetchall() == [
            ("true",)
        ]

    again = dg.materialize(ingestion_assets, resources={"settings": settings(inbox, warehouse)})
    unchanged = {
        e.asset_key.path[-1]: e.materialization.metadata["files_unchanged"].value
        for e in again.get_asset_materialization_events()
        if e.asset_key.path[-1] != "inbox_meta"
    }
    assert unchanged == {"reviews": 0, "agencies": 1, "events": 0, "targets": 0, "indices": 0} | {
        "concerns": 0,
        "contracts": 1,
        "payments": 0,
        "coverage": 1,
    }


def test_a_file_that_cannot_be_read_fails_the_asset_with_bad_input(inbox, tmp_path):
    (inbox / "payments").mkdir()
    (inbox / "payments" / "chung-tu.csv").write_bytes(b"")
    selection = [a for a in ingestion_assets if a.key.path[-1] == "payments"]
    with pytest.raises(BadInputError, match="payments/chung-tu.csv"):
        dg.materialize(selection, resources={"settings": settings(inbox, tmp_path / "w.duckdb")})


def test_files_and_sheets_not_read_are_named_on_the_command_line(inbox, tmp_path, capsys):
    from ingest_testkit import PAYMENT_HEADER, PAYMENT_ROW, write_xlsx

    write_csv(inbox / "payments" / "ct-quy-2.csv.txt", [PAYMENT_HEADER, PAYMENT_ROW])
    (inbox / "payments" / "~$ct.xlsx").write_bytes(b"lock")
    write_xlsx(
        inbox / "payments" / "ct.xlsx",
        [PAYMENT_HEADER, PAYMENT_ROW],
        sheet="Quý 1",
        before=[("Tổng hợp", [["Quý", "Tổng chi"], ["Quý 1", 15_000_000]])],
    )
    selection = [a for a in ingestion_assets if a.key.path[-1] == "payments"]
    defs = dg.Definitions(
        assets=selection,
        resources={"settings": settings(inbox, tmp_path / "w.duckdb")},
        loggers={"progress": progress_logger},
    )
    result = defs.resolve_implicit_global_asset_job_def().execute_in_process(
        partition_key="2025-02", run_config={"loggers": {"progress": {}}}
    )
    assert result.success
    printed = capsys.readouterr().out
    assert "! bỏ qua / not read: payments/ct-quy-2.csv.txt (unknown suffix .txt;" in printed
    assert "! bỏ qua / not read: payments/~$ct.xlsx (Excel lock file" in printed
    assert "! bỏ qua trang tính / sheet not read: payments/ct.xlsx, Tổng hợp" in printed
    (event,) = result.get_asset_materialization_events()
    assert event.materialization.metadata["per_sheet"].value == [
        "payments/ct.xlsx | Quý 1 | 1 | 1 | 0"
    ]
