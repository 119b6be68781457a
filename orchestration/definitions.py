"""The one Dagster code location: every asset, check, job, schedule and sensor of mediacoop.

Importing this module runs nothing: `defs` is a loader that Dagster (`dagster dev`,
`dagster definitions validate`) and the command line call. Loading sets the process
environment (orchestration.runtime.environment) and builds the dbt assets, parsing the dbt project
first when its manifest is stale.

Runs execute in one process (the in-process executor): the warehouse admits one writer at a
time anyway, and one process per run lets a run hold the pipeline lock and build on its own
working copy of the warehouse from start to finish (orchestration.runtime.guard).
"""

import dagster as dg

from orchestration import jobs
from orchestration.assets.dbt import dbt_models, dbt_resource
from orchestration.assets.ingestion import ingestion_assets
from orchestration.assets.progress import progress_assets
from orchestration.assets.quality import quality_assets, quality_checks
from orchestration.assets.reports import report_assets
from orchestration.resources import ReportKernel, settings_from_environment
from orchestration.runtime import environment
from orchestration.schedules import all_schedules
from orchestration.sensors import inbox_sensor
from orchestration.stage_lines import progress_logger


@dg.definitions
def defs() -> dg.Definitions:
    environment.configure()
    return dg.Definitions(
        assets=[*ingestion_assets, dbt_models(), *quality_assets, *report_assets, *progress_assets],
        asset_checks=quality_checks,
        jobs=jobs.all_jobs,
        schedules=all_schedules,
        sensors=[inbox_sensor],
        resources={
            "settings": settings_from_environment(),
            "dbt": dbt_resource(),
            "report_kernel": ReportKernel(),
        },
        loggers={"progress": progress_logger},
        executor=dg.in_process_executor,
    )
