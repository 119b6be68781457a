"""Schedules evaluated with Dagster's test context: which job, which partition, on whose clock."""

import datetime as dt
from zoneinfo import ZoneInfo

import dagster as dg
import pytest
from code_location import definitions

from orchestration import jobs, partitions
from orchestration.schedules import daily_refresh, monthly_progress, year_end

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


def tick(schedule: dg.ScheduleDefinition, when: dt.datetime) -> list[dg.RunRequest]:
    context = dg.build_schedule_context(
        scheduled_execution_time=when, repository_def=definitions().get_repository_def()
    )
    data = schedule.evaluate_tick(context)
    return list(data.run_requests or [])


def fire_times(schedule: dg.ScheduleDefinition, start: str, end: dt.datetime) -> list[str]:
    """When the schedule's cron fires between `start` and `end`, local time: the partitions of
    a time window on the same cron are exactly those instants."""
    fmt = "%Y-%m-%d %H:%M"
    windows = dg.TimeWindowPartitionsDefinition(
        cron_schedule=schedule.cron_schedule,
        start=start,
        fmt=fmt,
        timezone=schedule.execution_timezone,
        end_offset=1,  # the window in progress too
    )
    return windows.get_partition_keys(current_time=end.replace(tzinfo=HANOI))


def test_every_schedule_runs_on_the_provinces_clock():
    names = {s.name for s in definitions().schedules}
    assert names == {"daily_refresh", "monthly_progress", "year_end"}
    for schedule in definitions().schedules:
        assert schedule.execution_timezone == "Asia/Ho_Chi_Minh"
        assert schedule.default_status == dg.DefaultScheduleStatus.RUNNING


def test_the_daily_refresh_loads_and_rebuilds_the_month_in_progress():
    (request,) = tick(daily_refresh, dt.datetime(2025, 3, 15, 5, 0, tzinfo=HANOI))
    assert daily_refresh.job_name == jobs.REFRESH_JOB
    assert request.partition_key == "2025-03"
    assert request.run_key == "daily-2025-03-15"
    fires = fire_times(daily_refresh, "2025-03-15 00:00", dt.datetime(2025, 3, 18))
    assert fires[:3] == ["2025-03-15 05:00", "2025-03-16 05:00", "2025-03-17 05:00"]


def test_the_month_is_the_provinces_month_not_utcs():
    # 22:30 UTC on 28 February is 05:30 on 1 March in Hai Phong.
    utc = dt.datetime(2025, 2, 28, 22, 30, tzinfo=dt.UTC)
    (request,) = tick(daily_refresh, utc)
    assert request.partition_key == "2025-03"


@pytest.mark.parametrize(
    ("when", "month"),
    [(dt.datetime(2025, 7, 1, 6, 0), "2025-06"), (dt.datetime(2026, 1, 1, 6, 0), "2025-12")],
)
def test_the_monthly_progress_page_is_for_the_month_that_ended(when, month):
    (request,) = tick(monthly_progress, when.replace(tzinfo=HANOI))
    assert monthly_progress.job_name == jobs.PROGRESS_JOB
    assert request.partition_key == month
    assert request.run_key == f"progress-{month}"
    fires = fire_times(monthly_progress, "2025-01-01 00:00", dt.datetime(2025, 4, 2))
    assert fires == ["2025-01-01 06:00", "2025-02-01 06:00", "2025-03-01 06:00", "2025-04-01 06:00"]


def test_january_settles_and_reports_the_year_before():
    (request,) = tick(year_end, dt.datetime(2026, 1, 7, 7, 0, tzinfo=HANOI))
    assert year_end.job_name == jobs.RUN_JOB
    assert request.partition_key == "2025"
    assert request.run_key == "year-end-2025-2026-01-07"
    # The cron fires every day of January and in no other month.
    fires = fire_times(year_end, "2026-01-01 00:00", dt.datetime(2027, 1, 3))
    assert fires == [f"2026-01-{day:02d} 07:00" for day in range(1, 32)] + [
        "2027-01-01 07:00",
        "2027-01-02 07:00",
    ]


def test_outside_january_there_is_no_year_end_run():
    context = dg.build_schedule_context(
        scheduled_execution_time=dt.datetime(2026, 2, 1, 7, 0, tzinfo=HANOI)
    )
    data = year_end.evaluate_tick(context)
    assert not data.run_requests and "January" in data.skip_message


def test_scheduled_partitions_exist_in_their_jobs():
    when = partitions.local_now()
    for schedule in (daily_refresh, monthly_progress):
        (request,) = tick(schedule, when)
        job = definitions().resolve_job_def(schedule.job_name)
        assert job.partitions_def == partitions.month_partitions
        assert request.partition_key in job.partitions_def.get_partition_keys(current_time=when)
    assert definitions().resolve_job_def(jobs.RUN_JOB).partitions_def == partitions.year_partitions
