"""Schedules, on the province's clock (Asia/Ho_Chi_Minh):

- every day at 05:00, load the inbox and rebuild the models (the month in progress);
- on the 1st of each month at 06:00, the progress page of the month that just ended;
- every day of January at 07:00, the year-end report and settlement of the year before, so
  files that arrive late in January still reach them; from February that year is left alone.
"""

import datetime as dt
from zoneinfo import ZoneInfo

import dagster as dg

from orchestration import jobs, partitions

DAILY_REFRESH_CRON = "0 5 * * *"
MONTHLY_PROGRESS_CRON = "0 6 1 * *"
YEAR_END_CRON = "0 7 * 1 *"
TRIGGER_TAG = "mediacoop/trigger"


def _local_time(context: dg.ScheduleEvaluationContext) -> dt.datetime:
    when = context.scheduled_execution_time or partitions.local_now()
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return when.astimezone(ZoneInfo(partitions.TIMEZONE))


@dg.schedule(
    name="daily_refresh",
    cron_schedule=DAILY_REFRESH_CRON,
    execution_timezone=partitions.TIMEZONE,
    job=jobs.refresh_job,
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="05:00 daily: load new and changed inbox files and rebuild the models.",
)
def daily_refresh(context: dg.ScheduleEvaluationContext) -> dg.RunRequest:
    now = _local_time(context)
    return dg.RunRequest(
        run_key=f"daily-{now:%Y-%m-%d}",
        partition_key=partitions.month_key(now.date()),
        tags={TRIGGER_TAG: "daily_refresh"},
    )


@dg.schedule(
    name="monthly_progress",
    cron_schedule=MONTHLY_PROGRESS_CRON,
    execution_timezone=partitions.TIMEZONE,
    job=jobs.progress_job,
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="06:00 on the 1st: the progress page of the month that just ended.",
)
def monthly_progress(context: dg.ScheduleEvaluationContext) -> dg.RunRequest:
    now = _local_time(context)
    month = partitions.previous_month_key(now.date())
    return dg.RunRequest(
        run_key=f"progress-{month}",
        partition_key=month,
        tags={TRIGGER_TAG: "monthly_progress"},
    )


@dg.schedule(
    name="year_end",
    cron_schedule=YEAR_END_CRON,
    execution_timezone=partitions.TIMEZONE,
    job=jobs.run_job,
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="07:00 each day of January: year-end report and settlement of the year before.",
)
def year_end(context: dg.ScheduleEvaluationContext) -> dg.RunRequest | dg.SkipReason:
    now = _local_time(context)
    if now.month != 1:
        # Only a manual evaluation can land here: the cron fires in January alone.
        return dg.SkipReason(f"the year-end run belongs to January, not {now:%m/%Y}")
    year = now.year - 1
    return dg.RunRequest(
        run_key=f"year-end-{year}-{now:%Y-%m-%d}",
        partition_key=str(year),
        tags={TRIGGER_TAG: "year_end"},
    )


all_schedules = [daily_refresh, monthly_progress, year_end]
