"""Report assets: the year-end report and the agency scorecards, rendered from the marts.

Both read the warehouse (read-only) and so share the `warehouse` pool; one step renders them in
the run's report kernels (orchestration.resources.ReportKernel), or either of them alone
when a run selects only one. They depend on the quality results too: the report states whether
the settlement gate passed, and it renders whatever the gate said — a blocked gate is
reported, not a reason to skip the report.
"""

import tempfile
from pathlib import Path

import dagster as dg

from orchestration.partitions import year_partitions
from orchestration.resources import PipelineSettings, ReportKernel, report_formats
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


YEAR_END_REPORT = dg.AssetKey(["reports", "year_end_report"])
AGENCY_SCORECARDS = dg.AssetKey(["reports", "agency_scorecards"])
KINDS = {"python", "pdf", "html"}


@dg.multi_asset(
    name="year_end_reports",
    specs=[
        dg.AssetSpec(
            YEAR_END_REPORT,
            deps=_deps(YEAR_END_MARTS),
            description="The year-end report for leadership, in Vietnamese, as HTML and A4 PDF.",
            kinds=KINDS,
            skippable=True,
        ),
        dg.AssetSpec(
            AGENCY_SCORECARDS,
            deps=_deps(SCORECARD_MARTS),
            description="One scorecard per press agency (HTML and A4 PDF).",
            kinds=KINDS,
            skippable=True,
        ),
    ],
    group_name="reports",
    pool="warehouse",
    partitions_def=year_partitions,
    can_subset=True,
)
def year_end_reports(
    context: dg.AssetExecutionContext, settings: PipelineSettings, report_kernel: ReportKernel
):
    """Both documents in one step, in the run's kernels: one executes the year-end report
    while the other executes each scorecard, and the documents they finished are converted to
    HTML and PDF beside them. As two steps they ran one after the other, each leaving a core
    idle while the other's kernel or converters worked. Each asset's files are written (and
    materialized) when its own documents rendered; a failure of one fails the step after the
    other's files are written."""
    from reports.file_names import SCORECARDS_DIR
    from reports.render import render_sets, scorecard_set, year_end_set

    _keep_chart_libraries()
    selected = context.selected_asset_keys
    args = (Path(settings.warehouse), settings.year, settings.province)
    wanted = [
        (key, make(*args))
        for key, make in ((YEAR_END_REPORT, year_end_set), (AGENCY_SCORECARDS, scorecard_set))
        if key in selected
    ]
    formats = report_formats()
    with tempfile.TemporaryDirectory(prefix="mediacoop-reports-") as workdir:
        results = render_sets(
            [document_set for _, document_set in wanted],
            Path(workdir),
            formats,
            kernel=report_kernel.sessions(),
        )
    failures = []
    for (key, _), rendered in zip(wanted, results, strict=True):
        if isinstance(rendered, Exception):
            failures.append(rendered)
            continue
        if key == YEAR_END_REPORT:
            out_dir = reports_dir(settings.year)
            paths = outputs.write_all(out_dir, rendered)
            for path in paths:
                context.log.info(f"wrote {path}")
            extra = {p.suffix[1:]: str(p) for p in paths}
        else:
            out_dir = reports_dir(settings.year) / SCORECARDS_DIR
            paths = outputs.replace_set(out_dir, rendered, {f".{f}" for f in formats})
            context.log.info(f"wrote {len(paths)} scorecard files under {out_dir}")
            extra = {}
        yield dg.MaterializeResult(asset_key=key, metadata={**_metadata(paths, out_dir), **extra})
    if failures:
        raise failures[0]


report_assets = [year_end_reports]
