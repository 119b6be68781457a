"""What a command prints: stage lines on the terminal, the rest in the run's log file."""

import sys
import warnings

import dagster as dg

from orchestration import console, stage_lines


def test_the_log_takes_what_is_not_a_stage_line(build, capsys):
    with console.run_log("check") as log:
        print("12 of 178 OK created sql table model marts.mart_budget")
        print("a library's complaint", file=sys.stderr)
        warnings.warn("deprecated somewhere deep", DeprecationWarning, stacklevel=1)
        console.say("  ✓ quality/results")
    shown = capsys.readouterr()
    assert shown.out == "  ✓ quality/results\n" and shown.err == ""
    text = log.read_text(encoding="utf-8")
    assert "marts.mart_budget" in text and "a library's complaint" in text
    assert "deprecated somewhere deep" in text and "  ✓ quality/results" in text
    assert log.parent == build / "logs"
    assert stage_lines.console is None and stage_lines.log_file is None


def test_verbose_shows_the_log_live(build, capsys):
    with console.run_log("run", verbose=True) as log:
        print("12 of 178 OK created sql table model marts.mart_budget")
    assert "marts.mart_budget" in capsys.readouterr().out
    assert "marts.mart_budget" in log.read_text(encoding="utf-8")


def test_one_line_per_step_with_its_checks(build, capsys):
    @dg.asset(
        key=["raw", "contracts"],
        check_specs=[dg.AssetCheckSpec("rows", asset=dg.AssetKey(["raw", "contracts"]))],
    )
    def contracts():
        yield dg.MaterializeResult(metadata={"files": 1, "rows_loaded": 175})
        yield dg.AssetCheckResult(
            check_name="rows", passed=False, severity=dg.AssetCheckSeverity.WARN
        )

    @dg.multi_asset(
        specs=[dg.AssetSpec(["marts", name]) for name in ("a", "b")]
        + [dg.AssetSpec(["staging", "c"])]
    )
    def models():
        for key in (["marts", "a"], ["marts", "b"], ["staging", "c"]):
            yield dg.MaterializeResult(asset_key=key)

    defs = dg.Definitions(
        assets=[contracts, models],
        jobs=[dg.define_asset_job("all", selection=dg.AssetSelection.all())],
        loggers={"progress": stage_lines.progress_logger},
    )
    with console.run_log("run") as log:
        defs.resolve_job_def("all").execute_in_process(run_config={"loggers": {"progress": {}}})
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 3, lines
    (stage,) = [line for line in lines if "✓ raw/contracts" in line]
    assert "rows_loaded=175" in stage and "checks=0/1" in stage
    assert lines[lines.index(stage) + 1].endswith("warnings (1): rows")
    assert any("✓ models" in line and "3 assets (marts 2, staging 1)" in line for line in lines)
    assert "STEP_SUCCESS" in log.read_text(encoding="utf-8")


def test_a_step_making_two_assets_names_each_with_its_figures(build, capsys):
    @dg.multi_asset(
        specs=[dg.AssetSpec(["reports", name]) for name in ("year_end_report", "scorecards")],
        partitions_def=dg.StaticPartitionsDefinition(["2025"]),
    )
    def reports():
        yield dg.MaterializeResult(asset_key=["reports", "year_end_report"], metadata={"files": 2})
        yield dg.MaterializeResult(asset_key=["reports", "scorecards"], metadata={"files": 62})

    defs = dg.Definitions(
        assets=[reports],
        jobs=[dg.define_asset_job("all", selection=dg.AssetSelection.all())],
        loggers={"progress": stage_lines.progress_logger},
    )
    with console.run_log("run"):
        defs.resolve_job_def("all").execute_in_process(
            run_config={"loggers": {"progress": {}}}, partition_key="2025"
        )
    (line,) = capsys.readouterr().out.splitlines()
    assert "✓ reports/year_end_report + reports/scorecards [2025]" in line
    assert line.endswith("files=2; files=62")


def test_errors_reach_the_terminal_and_the_log(build, capsys):
    with console.run_log("run") as log:
        console.say("mediacoop: run failed: boom", error=True)
    assert capsys.readouterr().err == "mediacoop: run failed: boom\n"
    assert "run failed: boom" in log.read_text(encoding="utf-8")
