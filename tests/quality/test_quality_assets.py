"""The gate in Dagster: a failing blocking check stops the settlement workbook in the same run."""

import dataclasses

import dagster as dg
import pytest
import session_cache
from gate_fixtures import Payment, build_warehouse, clean_dataset

from orchestration.assets.quality import (
    SETTLEMENT_GATE,
    SETTLEMENT_WORKBOOK,
    quality_assets,
    quality_checks,
    settlement_rule_checks,
)
from orchestration.resources import PipelineSettings
from orchestration.runtime import paths
from quality.expectations import ALL_EXPECTATIONS
from quality.rules import RULES


@pytest.fixture
def build(tmp_path, monkeypatch):
    """A build folder with the parsed dbt project (the gate reads the marts' contracts)."""
    monkeypatch.setenv("MEDIACOOP_BUILD", str(tmp_path / "build"))
    session_cache.seed_dbt_target(tmp_path / "build")
    return tmp_path / "build"


def materialize(warehouse, advance_cap_percent=30):
    settings = PipelineSettings(
        inbox="unused",
        warehouse=str(warehouse),
        year=2025,
        province="Hải Phòng",
        advance_cap_percent=advance_cap_percent,
    )
    return dg.materialize(
        [*quality_assets, *quality_checks],
        resources={"settings": settings},
        partition_key="2025",
        raise_on_error=False,
    )


def materialized(result) -> set[str]:
    return {e.asset_key.to_user_string() for e in result.get_asset_materialization_events()}


def failed_checks(result) -> dict[str, dg.AssetCheckSeverity]:
    return {e.check_name: e.severity for e in result.get_asset_check_evaluations() if not e.passed}


def test_one_check_per_rule_blocking_as_the_rule_says():
    specs = {spec.name: spec for spec in settlement_rule_checks.check_specs}
    assert set(specs) == {rule.code for rule in RULES}
    for rule in RULES:
        assert specs[rule.code].blocking is rule.blocking
        assert specs[rule.code].asset_key == SETTLEMENT_GATE


def test_clean_warehouse_writes_the_workbook(tmp_path, build):
    warehouse = build_warehouse(tmp_path / "w.duckdb", clean_dataset())
    result = materialize(warehouse)
    assert result.success
    assert materialized(result) == {"quality/results", "settlement/gate", "settlement/workbook"}
    assert failed_checks(result) == {"delivered_not_accepted": dg.AssetCheckSeverity.WARN}
    evaluations = {e.check_name for e in result.get_asset_check_evaluations()}
    suites = {"gx_" + spec.table.replace(".", "_") for spec in ALL_EXPECTATIONS}
    assert suites | {rule.code for rule in RULES} == evaluations
    workbook = paths.settlement_dir(2025) / "quyet-toan-2025.xlsx"
    assert workbook.exists() and workbook.is_relative_to(build)
    assert (paths.quality_dir(2025) / "index.html").exists()


def test_a_failing_blocking_check_stops_the_workbook(tmp_path, build):
    stale = paths.settlement_dir(2025) / "quyet-toan-2025.xlsx"
    stale.parent.mkdir(parents=True)
    stale.write_bytes(b"a workbook from an earlier, passing run")
    data = clean_dataset()
    data = dataclasses.replace(
        data, payments=[*data.payments, Payment("C-099", "HD-01/2025", 50_000_000)]
    )
    result = materialize(build_warehouse(tmp_path / "w.duckdb", data))
    assert not result.success
    assert materialized(result) == {"quality/results", "settlement/gate"}
    assert SETTLEMENT_WORKBOOK.to_user_string() not in materialized(result)
    assert failed_checks(result) == {
        "paid_above_contract": dg.AssetCheckSeverity.ERROR,
        "payment_without_acceptance": dg.AssetCheckSeverity.ERROR,
        "delivered_not_accepted": dg.AssetCheckSeverity.WARN,
    }
    check = next(
        e for e in result.get_asset_check_evaluations() if e.check_name == "paid_above_contract"
    )
    assert check.metadata["vnd_at_stake"].value == 44_000_000
    assert check.metadata["violations"].value == 1
    assert not stale.exists()  # nobody settles from an earlier run's workbook


def test_warnings_alone_do_not_stop_the_workbook(tmp_path, build):
    # At a 20 % cap both contracts' advances are too high: a warning, not a block.
    warehouse = build_warehouse(tmp_path / "w.duckdb", clean_dataset())
    result = materialize(warehouse, advance_cap_percent=20)
    assert result.success
    assert failed_checks(result)["advance_above_share"] == dg.AssetCheckSeverity.WARN
    assert "settlement/workbook" in materialized(result)


def test_the_check_job_runs_the_gate_and_its_checks(tmp_path, build):
    from orchestration.jobs import CHECK_JOB, check_job

    warehouse = build_warehouse(tmp_path / "w.duckdb", clean_dataset())
    settings = PipelineSettings(
        inbox="unused", warehouse=str(warehouse), year=2025, province="Hải Phòng"
    )
    defs = dg.Definitions(
        assets=quality_assets,
        asset_checks=quality_checks,
        jobs=[check_job],
        resources={"settings": settings},
    )
    result = defs.resolve_job_def(CHECK_JOB).execute_in_process(
        partition_key="2025", raise_on_error=False
    )
    assert result.success
    checked = {e.check_name for e in result.get_asset_check_evaluations()}
    assert {rule.code for rule in RULES} <= checked
    assert "settlement/workbook" in materialized(result)
