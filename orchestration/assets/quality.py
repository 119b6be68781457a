"""The quality gate in the asset graph.

quality/results runs the expectation suites and settlement rules (quality.gate.run_gate) after
the raw tables and the marts; settlement/gate carries one asset check per settlement rule, read
from the stored results (blocking rules fail with ERROR severity and stop what comes after);
settlement/workbook writes the settlement workbook only when no blocking check failed.
"""

import dagster as dg

from ingestion import formatting as fmt
from ingestion.schemas import RAW_TABLES
from orchestration.partitions import year_partitions
from orchestration.resources import PipelineSettings
from orchestration.runtime import outputs, paths
from quality.expectations import ALL_EXPECTATIONS
from quality.gate import format_gate_summary, load_gate_result, run_gate, top_violations
from quality.rules import RULES
from reports.quality_page import render_quality_page
from reports.settlement_workbook import build_settlement_workbook

QUALITY_RESULTS = dg.AssetKey(["quality", "results"])
SETTLEMENT_GATE = dg.AssetKey(["settlement", "gate"])
SETTLEMENT_WORKBOOK = dg.AssetKey(["settlement", "workbook"])

# The raw tables, and the inbox's own description (whether it is demo data).
RAW_KEYS = [dg.AssetKey(["raw", source]) for source in (*RAW_TABLES, "inbox_meta")]
MART_KEYS = [
    dg.AssetKey(spec.table.split("."))
    for spec in ALL_EXPECTATIONS
    if spec.table.startswith("marts.")
]


def suite_check_name(table: str) -> str:
    """marts.fct_coverage -> gx_marts_fct_coverage (check names are identifiers)."""
    return "gx_" + table.replace(".", "_")


def workbook_path(year: int):
    return paths.settlement_dir(year) / f"quyet-toan-{year}.xlsx"


@dg.asset(
    key=QUALITY_RESULTS,
    group_name="quality",
    deps=[*RAW_KEYS, *MART_KEYS],
    pool="warehouse",
    partitions_def=year_partitions,
    description="Great Expectations suites over every raw table and mart, and the settlement "
    "rules; results in the warehouse's quality schema and build/quality/<year>/index.html.",
    check_specs=[
        dg.AssetCheckSpec(
            suite_check_name(spec.table),
            asset=QUALITY_RESULTS,
            description=f"Great Expectations suite of {spec.table} (warns, never blocks)",
        )
        for spec in ALL_EXPECTATIONS
    ],
)
def quality_results(context: dg.AssetExecutionContext, settings: PipelineSettings):
    year = settings.year
    with settings.connect() as con:
        result = run_gate(
            con,
            year,
            run_id=context.run.run_id,
            manifest=paths.dbt_target_dir() / "manifest.json",
            advance_cap=settings.advance_cap,
        )
        page = paths.quality_dir(year) / "index.html"
        outputs.write_atomically(page, render_quality_page(con, year, result.run_id))
        summary = format_gate_summary(result, top_violations(con, result.run_id), page)
    context.log.info(summary)
    by_suite: dict[str, list] = {}
    for outcome in result.expectations:
        by_suite.setdefault(outcome.suite, []).append(outcome)
    for spec in ALL_EXPECTATIONS:
        outcomes = by_suite.get(spec.table, [])
        failed = [o for o in outcomes if not o.success]
        yield dg.AssetCheckResult(
            check_name=suite_check_name(spec.table),
            passed=bool(outcomes) and not failed,
            severity=dg.AssetCheckSeverity.WARN,
            metadata={
                "expectations": len(outcomes),
                "failed": len(failed),
                "failed_expectations": "\n".join(
                    f"{o.expectation} {o.column_name or ''}: {o.observed_value}" for o in failed
                ),
            },
        )
    yield dg.MaterializeResult(
        metadata={
            "run_id": result.run_id,
            "blocked": result.blocked,
            "rules_blocking_failed": len(result.blocking_failures),
            "rules_warning_failed": len(result.warnings),
            "violations": sum(rule.violations for rule in result.rules),
            "expectations": len(result.expectations),
            "expectations_failed": result.expectations_failed,
            "data_hash": result.data_hash,
            "page": dg.MetadataValue.path(str(page)),
        }
    )


@dg.asset(
    key=SETTLEMENT_GATE,
    group_name="settlement",
    deps=[QUALITY_RESULTS],
    pool="warehouse",
    partitions_def=year_partitions,
    description="The settlement decision of the latest gate run; its checks are the "
    "settlement rules. A blocked gate removes the year's previous settlement workbook.",
)
def settlement_gate(context: dg.AssetExecutionContext, settings: PipelineSettings):
    with settings.connect(read_only=True) as con:
        result = _gate_result(con, settings.year, context.run.run_id)
    if result.blocked:
        # A workbook from an earlier, passing run must not be settled from any more.
        stale = workbook_path(settings.year)
        if outputs.remove(stale):
            context.log.warning(f"withdrew the settlement workbook of an earlier run: {stale}")
    return dg.MaterializeResult(
        metadata={
            "run_id": result.run_id,
            "blocked": result.blocked,
            "blocking_rules_failed": ", ".join(r.code for r in result.blocking_failures),
            "warning_rules_failed": ", ".join(r.code for r in result.warnings),
        }
    )


@dg.multi_asset_check(
    specs=[
        dg.AssetCheckSpec(
            rule.code,
            asset=SETTLEMENT_GATE,
            blocking=rule.blocking,
            description=f"{rule.name_vi} — {rule.explanation_vi}",
        )
        for rule in RULES
    ],
    pool="warehouse",
)
def settlement_rule_checks(context: dg.AssetCheckExecutionContext, settings: PipelineSettings):
    with settings.connect(read_only=True) as con:
        result = _gate_result(con, settings.year, context.run.run_id)
    stored = {rule.code: rule for rule in result.rules}
    for rule in RULES:
        severity = dg.AssetCheckSeverity.ERROR if rule.blocking else dg.AssetCheckSeverity.WARN
        outcome = stored.get(rule.code)
        if outcome is None:
            yield dg.AssetCheckResult(
                check_name=rule.code,
                asset_key=SETTLEMENT_GATE,
                passed=False,
                severity=severity,
                description=f"not evaluated by gate run {result.run_id}",
            )
            continue
        yield dg.AssetCheckResult(
            check_name=rule.code,
            asset_key=SETTLEMENT_GATE,
            passed=outcome.passed,
            severity=severity,
            description=outcome.error or f"{outcome.name_vi}: {outcome.explanation_vi}",
            metadata={
                "gate_run_id": result.run_id,
                "violations": outcome.violations,
                "vnd_at_stake": outcome.vnd_at_stake,
                "vnd_at_stake_vi": fmt.vnd(outcome.vnd_at_stake),
                "blocking": rule.blocking,
                "vnd_definition": rule.vnd_definition_vi,
            },
        )


@dg.asset(
    key=SETTLEMENT_WORKBOOK,
    group_name="settlement",
    deps=[SETTLEMENT_GATE],
    pool="warehouse",
    partitions_def=year_partitions,
    description="The settlement workbook build/settlement/<year>/quyet-toan-<year>.xlsx, "
    "written only when the gate passed.",
)
def settlement_workbook(context: dg.AssetExecutionContext, settings: PipelineSettings):
    year = settings.year
    out_path = workbook_path(year)
    with settings.connect(read_only=True) as con:
        result = _gate_result(con, year, context.run.run_id)
        if result.blocked:
            raise dg.Failure(f"the quality gate blocked settlement for {year}: no workbook")
        workbook = build_settlement_workbook(con, year, result.run_id)
    outputs.write_atomically(out_path, workbook)
    return dg.MaterializeResult(
        metadata={"path": dg.MetadataValue.path(str(out_path)), "gate_run_id": result.run_id}
    )


def _gate_result(con, year: int, dagster_run_id: str):
    """The gate run of this Dagster run, else the latest one of the year."""
    result = load_gate_result(con, year, dagster_run_id) or load_gate_result(con, year)
    if result is None:
        raise dg.Failure(f"no quality gate run for {year}: materialize quality/results first")
    return result


quality_assets = [quality_results, settlement_gate, settlement_workbook]
quality_checks = [settlement_rule_checks]
