"""The report assets, materialized by Dagster on a warehouse the test builds."""

from pathlib import Path

import dagster as dg
from report_helpers import PROVINCE, YEAR

from orchestration import resources
from orchestration.assets.reports import (
    AGENCY_SCORECARDS,
    YEAR_END_REPORT,
    report_assets,
    year_end_reports,
)
from orchestration.resources import PipelineSettings, ReportKernel


def test_report_assets_depend_on_the_marts_and_the_quality_results():
    assert report_assets == [year_end_reports]
    assert set(year_end_reports.keys) == {YEAR_END_REPORT, AGENCY_SCORECARDS}
    assert dg.AssetKey(["reports", "year_end_report"]) == YEAR_END_REPORT
    for key in year_end_reports.keys:
        assert key.path[0] == "reports"
        deps = {d.to_user_string() for d in year_end_reports.asset_deps[key]}
        assert "quality/results" in deps
        assert {"marts/mart_agency_scorecard", "marts/fct_coverage"} <= deps
    assert year_end_reports.op.pool == "warehouse"
    assert year_end_reports.can_subset


def _materialize(warehouse, tmp_path, monkeypatch, selection=None):
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
    return dg.materialize(
        report_assets, resources=resources, partition_key=str(YEAR), selection=selection
    )


def test_materializing_the_reports_writes_them_under_the_reports_folder(
    warehouse, tmp_path, monkeypatch
):
    result = _materialize(warehouse, tmp_path, monkeypatch)
    assert result.success
    folder = tmp_path / "build" / "reports" / str(YEAR)
    names = sorted(p.name for p in folder.glob("*"))
    assert names == [f"bao-cao-tong-ket-{YEAR}.html", "scorecards"]
    scorecards = sorted((folder / "scorecards").glob("*"))
    assert len(scorecards) == len(warehouse.agencies)
    assert all(p.suffix == ".html" for p in scorecards)
    events = {e.asset_key: e for e in result.get_asset_materialization_events()}
    assert set(events) == {YEAR_END_REPORT, AGENCY_SCORECARDS}
    metadata = events[AGENCY_SCORECARDS].materialization.metadata
    assert metadata["files"].value == len(warehouse.agencies)
    assert events[YEAR_END_REPORT].materialization.metadata["files"].value == 1


def test_a_run_selecting_one_report_renders_only_that_one(warehouse, tmp_path, monkeypatch):
    result = _materialize(warehouse, tmp_path, monkeypatch, selection=[YEAR_END_REPORT])
    assert result.success
    folder = tmp_path / "build" / "reports" / str(YEAR)
    assert sorted(p.name for p in folder.glob("*")) == [f"bao-cao-tong-ket-{YEAR}.html"]
    events = result.get_asset_materialization_events()
    assert [e.asset_key for e in events] == [YEAR_END_REPORT]


def test_a_run_renders_in_the_kernels_started_ahead_of_it(warehouse, tmp_path, monkeypatch):
    with resources.report_kernel_ahead():
        ahead = [session for session, _ in resources._ahead]
        assert len(ahead) == resources.REPORT_KERNELS and all(k.alive for k in ahead)
        result = _materialize(warehouse, tmp_path, monkeypatch)
        assert result.success
        # The run took the kernels (and stopped them when it ended): none is left waiting.
        assert resources._ahead is None
        assert not any(kernel.alive for kernel in ahead)
    # Every document (the year-end report, each scorecard) ran in a kernel started ahead.
    assert sum(kernel.notebooks_run for kernel in ahead) == 3 + len(warehouse.agencies)


def test_kernels_started_ahead_and_not_taken_stop_with_the_block():
    with resources.report_kernel_ahead():
        ahead = list(resources._ahead)
        assert ahead and all(session.alive for session, _ in ahead)
    assert resources._ahead is None
    for session, workdir in ahead:
        assert not session.alive and not Path(workdir.name).exists()


def test_kernels_started_ahead_build_the_chart_libraries_only_for_html_reports(
    tmp_path, monkeypatch
):
    monkeypatch.setenv("MEDIACOOP_BUILD", str(tmp_path))
    monkeypatch.delenv("MEDIACOOP_REPORT_FORMATS", raising=False)
    assert resources.report_formats() == ("html", "pdf")
    monkeypatch.setenv("MEDIACOOP_REPORT_FORMATS", "html")
    assert resources.report_formats() == ("html",)
    monkeypatch.setenv("MEDIACOOP_REPORT_FORMATS", "pdf")
    assert resources.report_formats() == ("pdf",)
    with resources.report_kernel_ahead():
        for session, _ in resources._ahead:
            session.ready()  # its warm-up has run
            assert session.warm_up.endswith("warm_up(None)")
    assert not (tmp_path / "cache").exists()
