"""Jobs: the whole year-end pipeline, and the quality gate on its own."""

import dagster as dg

RUN_JOB = "mediacoop_run"
CHECK_JOB = "mediacoop_check"
REPORT_JOB = "mediacoop_report"

run_job = dg.define_asset_job(
    RUN_JOB,
    selection=dg.AssetSelection.all(),
    description="Ingest the inbox, build the warehouse, run the quality gate, publish reports.",
)

check_job = dg.define_asset_job(
    CHECK_JOB,
    selection=dg.AssetSelection.groups("quality", "settlement"),
    description="Run the quality gate and the settlement rules on the current warehouse.",
)

report_job = dg.define_asset_job(
    REPORT_JOB,
    selection=dg.AssetSelection.groups("reports"),
    description="Render the year-end report and the agency scorecards from the warehouse.",
)
