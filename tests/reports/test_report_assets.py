"""The report assets, materialized by Dagster on a warehouse the test builds."""

import dagster as dg
from report_helpers import PROVINCE, YEAR

from orchestration.assets.reports import agency_scorecards, report_assets, year_end_report
from orchestration.resources import PipelineSettings, ReportKernel


def test_report_assets_depend_on_the_marts_and_the_quality_results():
    assert report_assets == [year_end_report, agency_scorecards]
    for asset in report_assets:
        (key,) = asset.keys
        assert key.path[0] == "reports"
        deps = {d.to_user_string() for d in asset.asset_deps[key]}
        assert "quality/results" in deps
        assert {"marts/mart_agency_scorecard", "marts/fct_coverage"} <= deps
        assert asset.op.pool == "warehouse"
    (key,) = year_end_report.keys
    assert key == dg.AssetKey(["reports", "year_end_report"])


def test_materializing_the_reports_writes_them_under_the_reports_folder(
    warehouse, tmp_path, monkeypatch
):
    monkeypatch.setenv("MEDIACOOP_BUILD", str(tmp_path / "build"))
    monkeypatch.setenv("MEDIACOOP_REPORT_FORMATS", "html")
    settings = PipelineSettings(
        inbox=str(tmp_path / "inbox"),
        warehouse=str(warehouse.path),
        year=YEAR,
        province=PROVINCE,
    )
    # Both reports render in the run's one kernel.
    resources = {"settings": settings, "report_kernel": ReportKernel()}
    result = dg.materialize(report_assets, resources=resources)
    assert result.success
    folder = tmp_path / "build" / "reports" / str(YEAR)
    names = sorted(p.name for p in folder.glob("*"))
    assert names == [f"bao-cao-tong-ket-{YEAR}.html", "scorecards"]
    scorecards = sorted((folder / "scorecards").glob("*"))
    assert len(scorecards) == len(warehouse.agencies)
    assert all(p.suffix == ".html" for p in scorecards)
    (event,) = [
        e
        for e in result.get_asset_materialization_events()
        if e.asset_key == dg.AssetKey(["reports", "agency_scorecards"])
    ]
    assert event.materialization.metadata["files"].value == len(warehouse.agencies)
