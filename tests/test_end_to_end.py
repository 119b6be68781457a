"""The whole pipeline through the command line, as an analyst runs it."""

import dagster as dg
import duckdb
from pipeline_run import run_mediacoop


def test_demo_writes_warehouse_reports_and_workbook(demo_build):
    warehouse = demo_build / "warehouse.duckdb"
    assert warehouse.exists()
    assert not (demo_build / "warehouse.duckdb.next").exists()
    reports = demo_build / "reports" / "2025"
    assert any(reports.glob("*.html")) and any(reports.glob("*.pdf"))
    assert any((demo_build / "settlement" / "2025").glob("*.xlsx"))
    assert (demo_build / "quality" / "2025" / "index.html").exists()
    with duckdb.connect(str(warehouse), read_only=True) as con:
        (items,) = con.execute("select count(*) from marts.fct_coverage").fetchone()
        (raw_rows,) = con.execute("select count(*) from raw.coverage").fetchone()
        (quarantined,) = con.execute("select count(*) from raw.quarantine").fetchone()
    assert items > 10_000
    assert raw_rows >= items
    assert quarantined > 0


def test_demo_prints_one_progress_line_per_stage(demo_build):
    log = (demo_build / "demo-run.log").read_text()
    for stage in ("raw/contracts", "raw/coverage", "marts/mart_budget", "reports/year_end_report"):
        assert stage in log, f"no progress line for {stage}:\n{log}"
    assert "rows_loaded=" in log


def test_demo_run_is_in_the_dagster_run_history(demo_build):
    with dg.DagsterInstance.from_config(str(demo_build / "dagster")) as instance:
        runs = instance.get_runs()
    assert any(run.job_name == "mediacoop_run" and run.is_success for run in runs)


def test_run_on_a_missing_inbox_is_a_usage_error(tmp_path):
    result = run_mediacoop(tmp_path / "build", "run", "--inbox", str(tmp_path / "nowhere"))
    assert result.returncode == 2
    assert "nowhere" in result.stderr


def test_report_without_a_warehouse_says_run_first(tmp_path):
    result = run_mediacoop(tmp_path / "build", "report", "--year", "2025")
    assert result.returncode == 2
    assert "mediacoop run" in result.stderr
