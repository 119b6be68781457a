"""Report assets: the year-end report and the agency scorecards, rendered from the marts.

Both read the warehouse (read-only) and so share the `warehouse` pool, and both run in the
run's one report kernel (orchestration.resources.ReportKernel). They depend on the
quality results too: the report states whether the settlement gate passed, and it renders
whatever the gate said — a blocked gate is reported, not a reason to skip the report.
"""

import os
import tempfile
from pathlib import Path

import dagster as dg

from orchestration.partitions import year_partitions
from orchestration.resources import PipelineSettings, ReportKernel
from orchestration.runtime import outputs
from orchestration.runtime.paths import cache_dir, reports_dir

YEAR_END_MARTS = (
    "dim_agency",
    "dim_contract",
    "dim_theme",
    "fct_coverage",
    "fct_payment",
    "mart_contract_fulfilment",
    "mart_budget",
    "mart_cost_effectiveness",
    "mart_theme_fit",
    "mart_event_lift",
    "mart_share_of_voice",
    "mart_key_messages",
    "mart_index_trends",
    "mart_agency_scorecard",
)
SCORECARD_MARTS = (
    "dim_agency",
    "fct_coverage",
    "mart_contract_fulfilment",
    "mart_budget",
    "mart_agency_scorecard",
)
QUALITY_RESULTS = dg.AssetKey(["quality", "results"])


def _deps(marts: tuple[str, ...]) -> list[dg.AssetKey]:
    return [dg.AssetKey(["marts", name]) for name in marts] + [QUALITY_RESULTS]


def report_formats() -> tuple[str, ...]:
    """The formats asked for with `mediacoop report --format` (default: HTML and PDF)."""
    from reports.render import FORMATS

    requested = os.environ.get("MEDIACOOP_REPORT_FORMATS", ",".join(FORMATS))
    return tuple(f for f in FORMATS if f in {part.strip() for part in requested.split(",")})


def _keep_chart_libraries() -> None:
    """The HTML reports' chart libraries are built once per build folder, not once per run."""
    from reports import interactive

    interactive.keep_bundle_in(cache_dir())


def _metadata(paths: list[Path], out_dir: Path) -> dict:
    return {
        "folder": dg.MetadataValue.path(str(out_dir)),
        "files": len(paths),
        "bytes": sum(outputs.size(p) for p in paths),
    }


@dg.asset(
    key=["reports", "year_end_report"],
    deps=_deps(YEAR_END_MARTS),
    group_name="reports",
    pool="warehouse",
    partitions_def=year_partitions,
    description="The year-end report for leadership, in Vietnamese, as HTML and A4 PDF.",
    kinds={"python", "pdf", "html"},
)
def year_end_report(
    context: dg.AssetExecutionContext, settings: PipelineSettings, report_kernel: ReportKernel
) -> dg.MaterializeResult:
    from reports.render import render_year_end  # the renderer's libraries load when it runs

    _keep_chart_libraries()
    out_dir = reports_dir(settings.year)
    with tempfile.TemporaryDirectory(prefix="mediacoop-report-") as workdir:
        rendered = render_year_end(
            Path(settings.warehouse),
            settings.year,
            settings.province,
            Path(workdir),
            report_formats(),
            kernel=report_kernel.session(),
        )
    paths = outputs.write_all(out_dir, rendered)
    for path in paths:
        context.log.info(f"wrote {path}")
    return dg.MaterializeResult(
        metadata={**_metadata(paths, out_dir), **{p.suffix[1:]: str(p) for p in paths}}
    )


@dg.asset(
    key=["reports", "agency_scorecards"],
    deps=_deps(SCORECARD_MARTS),
    group_name="reports",
    pool="warehouse",
    partitions_def=year_partitions,
    description="One scorecard per press agency (HTML and A4 PDF), rendered in one kernel.",
    kinds={"python", "pdf", "html"},
)
def agency_scorecards(
    context: dg.AssetExecutionContext, settings: PipelineSettings, report_kernel: ReportKernel
) -> dg.MaterializeResult:
    from reports.render import SCORECARDS_DIR, render_agency_scorecards

    _keep_chart_libraries()
    out_dir = reports_dir(settings.year) / SCORECARDS_DIR
    formats = report_formats()
    with tempfile.TemporaryDirectory(prefix="mediacoop-scorecards-") as workdir:
        rendered = render_agency_scorecards(
            Path(settings.warehouse),
            settings.year,
            settings.province,
            Path(workdir),
            formats,
            kernel=report_kernel.session(),
        )
    paths = outputs.replace_set(out_dir, rendered, {f".{f}" for f in formats})
    context.log.info(f"wrote {len(paths)} scorecard files under {out_dir}")
    return dg.MaterializeResult(metadata=_metadata(paths, out_dir))


report_assets = [year_end_report, agency_scorecards]
