"""The one Dagster code location: every asset, check, job, schedule and sensor of mediacoop."""

import dagster as dg

from orchestration import environment, jobs
from orchestration.assets.dbt import dbt_models, dbt_resource
from orchestration.assets.ingestion import ingestion_assets
from orchestration.assets.quality import quality_assets, quality_checks
from orchestration.assets.reports import report_assets
from orchestration.progress import progress_logger
from orchestration.resources import settings_from_environment

environment.configure()

defs = dg.Definitions(
    assets=[*ingestion_assets, dbt_models, *quality_assets, *report_assets],
    asset_checks=quality_checks,
    jobs=[jobs.run_job, jobs.check_job, jobs.report_job],
    resources={"settings": settings_from_environment(), "dbt": dbt_resource()},
    loggers={"progress": progress_logger},
)
