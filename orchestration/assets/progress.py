"""The monthly progress page in the asset graph: reports/progress_page, one partition a month.

It reads the plan (raw.targets) and the marts up to the end of its month and writes
build/reports/<year>/tien-do-<yyyy-mm>.html (reports.progress_page).
"""

import datetime as dt

import dagster as dg

from orchestration import partitions
from orchestration.jobs import PROGRESS_PAGE_KEY
from orchestration.resources import PipelineSettings
from orchestration.runtime import outputs, paths
from reports.progress_page import page_name, render_progress_page

PROGRESS_DEPS = [
    dg.AssetKey(["raw", "targets"]),
    *(
        dg.AssetKey(["marts", name])
        for name in ("fct_coverage", "dim_contract", "fct_payment", "dim_theme")
    ),
]


@dg.asset(
    key=PROGRESS_PAGE_KEY,
    deps=PROGRESS_DEPS,
    partitions_def=partitions.month_partitions,
    # A backfill of many months is one run that writes one page per month.
    backfill_policy=dg.BackfillPolicy.single_run(),
    group_name="reports",
    pool="warehouse",
    kinds={"html"},
    description="Delivery and budget so far against the plan, to the end of the month: "
    "build/reports/<year>/tien-do-<yyyy-mm>.html (Vietnamese, self-contained).",
)
def progress_page(
    context: dg.AssetExecutionContext, settings: PipelineSettings
) -> dg.MaterializeResult:
    months = partitions.run_months(context) or [partitions.month_key(partitions.local_now().date())]
    written = []
    with settings.connect(read_only=True) as con:
        for month in months:
            page = render_progress_page(con, month, settings.province, dt.date.today())
            out_dir = paths.reports_dir(partitions.year_of(month))
            written.append(outputs.write_atomically(out_dir / page_name(month), page))
    for path in written:
        context.log.info(f"wrote {path}")
    return dg.MaterializeResult(
        metadata={
            "path": dg.MetadataValue.path(str(written[-1])),
            "files": len(written),
            "bytes": sum(outputs.size(path) for path in written),
        }
    )


progress_assets = [progress_page]
