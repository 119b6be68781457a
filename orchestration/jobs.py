"""Jobs: what the schedules, the inbox sensor and the command line run.

Raw coverage and payments are partitioned by month, the gate, settlement and year-end reports
by year, and one Dagster job holds assets of one partitioning only (plus unpartitioned ones,
such as the dbt models). Hence:

- mediacoop_ingest   (months) the inbox into raw.*
- mediacoop_refresh  (months) the inbox into raw.*, then the dbt models (without the dbt
                     tests): the daily run and the sensor's run
- mediacoop_models   the dbt models without their tests: the command line's `refresh` is
                     mediacoop_ingest for the month, then this when anything the models read
                     changed (orchestration.runtime.model_state)
- mediacoop_progress (months) refresh, then the monthly progress page
- mediacoop_run      (years)  dbt models, quality gate, settlement, year-end reports; the
                     command line's `run` is mediacoop_ingest for the year's months, then this,
                     without the models when a tested build read the same inputs (the models
                     hold every year, so a run of another year on the same inbox reuses them)
- mediacoop_check    (years)  the quality gate and settlement only
- mediacoop_report   (years)  the year-end report and the agency scorecards only
"""

import dagster as dg

INGEST_JOB = "mediacoop_ingest"
MODELS_JOB = "mediacoop_models"
REFRESH_JOB = "mediacoop_refresh"
PROGRESS_JOB = "mediacoop_progress"
RUN_JOB = "mediacoop_run"
CHECK_JOB = "mediacoop_check"
REPORT_JOB = "mediacoop_report"

PROGRESS_PAGE_KEY = dg.AssetKey(["reports", "progress_page"])
YEAR_END_REPORT_KEYS = [
    dg.AssetKey(["reports", "year_end_report"]),
    dg.AssetKey(["reports", "agency_scorecards"]),
]

INGESTION = dg.AssetSelection.groups("ingestion")
GATE = dg.AssetSelection.groups("quality", "settlement")
YEAR_END_REPORTS = dg.AssetSelection.assets(*YEAR_END_REPORT_KEYS)
PROGRESS_PAGE = dg.AssetSelection.assets(PROGRESS_PAGE_KEY)
# The dbt models (and seeds): everything that is not an inbox load, a gate or a report.
MODELS = dg.AssetSelection.all() - INGESTION - GATE - dg.AssetSelection.groups("reports")
SEEDS = dg.AssetSelection.groups("seeds")  # reference tables every model build may need
# The daily run builds the models without their dbt tests: each test reads a whole table, so
# together they cost more than a day's new data. The year run and the gate run them all.
REFRESH = INGESTION | MODELS.without_checks()

ingest_job = dg.define_asset_job(
    INGEST_JOB,
    selection=INGESTION,
    description="Load the inbox into the raw tables (files already loaded are skipped).",
)

refresh_job = dg.define_asset_job(
    REFRESH_JOB,
    selection=REFRESH,
    description="Load the inbox, then rebuild the dbt models: the daily run and the inbox "
    "sensor's run.",
)

models_job = dg.define_asset_job(
    MODELS_JOB,
    selection=MODELS.without_checks(),
    description="Rebuild the dbt models without their dbt tests (a refresh's second part, when "
    "the inbox brought something new).",
)

progress_job = dg.define_asset_job(
    PROGRESS_JOB,
    selection=REFRESH | PROGRESS_PAGE,
    description="Refresh the warehouse, then write the month's progress page "
    "(build/reports/<year>/tien-do-<yyyy-mm>.html).",
)

run_job = dg.define_asset_job(
    RUN_JOB,
    selection=MODELS | GATE | YEAR_END_REPORTS,
    description="Rebuild the models for the year, run the quality gate and settlement rules, "
    "write the settlement workbook and publish the year-end reports.",
)

check_job = dg.define_asset_job(
    CHECK_JOB,
    selection=GATE,
    description="Run the quality gate and the settlement rules on the current warehouse.",
)

report_job = dg.define_asset_job(
    REPORT_JOB,
    selection=YEAR_END_REPORTS,
    description="Render the year-end report and the agency scorecards from the warehouse.",
)

all_jobs = [ingest_job, refresh_job, models_job, progress_job, run_job, check_job, report_job]
