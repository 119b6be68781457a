"""Partitions: the plan year for everything judged per year, the calendar month for the dated
inbox sources (coverage by publication month, payments by payment month).

Months and years follow the province's calendar (Asia/Ho_Chi_Minh). The current year and the
current month are partitions too (end offset 1): they are in progress, and the daily run keeps
them up to date.

Files, not months, are what analysts drop and what the loader loads (a file may hold a whole
year; a file loaded twice changes nothing, and every row read is loaded or quarantined). So a
run for any month of raw/coverage or raw/payments brings the whole source in line with the
inbox, then records each month whose rows changed — those in the run and any other the new
files touched — with that month's row count and a fingerprint of its rows.
"""

import contextlib
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

import dagster as dg
import duckdb

from ingestion.lineage import table_exists

TIMEZONE = "Asia/Ho_Chi_Minh"
FIRST_YEAR = 2020

year_partitions = dg.TimeWindowPartitionsDefinition(
    cron_schedule="0 0 1 1 *",
    fmt="%Y",
    start=str(FIRST_YEAR),
    timezone=TIMEZONE,
    end_offset=1,
)
month_partitions = dg.MonthlyPartitionsDefinition(
    start_date=f"{FIRST_YEAR}-01",
    fmt="%Y-%m",
    timezone=TIMEZONE,
    end_offset=1,
)

# The dated inbox sources and the date that puts a row in a month.
MONTHLY_SOURCES = {"coverage": "published_at", "payments": "paid_on"}

# Tags Dagster puts on a run for one partition, or for a range of them (a backfill in one run).
PARTITION_TAG = "dagster/partition"
RANGE_START_TAG = "dagster/asset_partition_range_start"
RANGE_END_TAG = "dagster/asset_partition_range_end"


def local_now() -> dt.datetime:
    return dt.datetime.now(ZoneInfo(TIMEZONE))


def month_key(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def previous_month_key(day: dt.date) -> str:
    first = day.replace(day=1)
    return month_key(first - dt.timedelta(days=1))


def year_of(partition_key: str) -> int:
    """'2025' or '2025-03' -> 2025."""
    return int(partition_key[:4])


def valid_years(now: dt.datetime | None = None) -> list[int]:
    keys = year_partitions.get_partition_keys(current_time=now or local_now())
    return [int(key) for key in keys]


def months_of_year(year: int, now: dt.datetime | None = None) -> tuple[str, str]:
    """The month partitions of a year that exist so far: ('2025-01', '2025-12'), or up to
    the current month for the current year."""
    keys = [
        key
        for key in month_partitions.get_partition_keys(current_time=now or local_now())
        if year_of(key) == year
    ]
    if not keys:
        raise ValueError(f"no month partitions for {year}")
    return keys[0], keys[-1]


def year_from_tags(tags: dict[str, str]) -> int | None:
    """The year a run is about, from its partition tags (None for an unpartitioned run).

    A range spanning two years (a backfill from June to March) is about its last year.
    """
    key = tags.get(PARTITION_TAG) or tags.get(RANGE_END_TAG)
    if not key or not key[:4].isdigit():
        return None
    return year_of(key)


@dataclass(frozen=True)
class MonthState:
    rows: int
    fingerprint: str  # changes when any row of the month is added, removed or changed


def month_states(con: duckdb.DuckDBPyConnection, source: str) -> dict[str, MonthState]:
    """Rows per month of a dated raw table, with a fingerprint of the month's row hashes.

    One scan of the table's date and hash columns: cheap next to loading, and it is what
    lets a run tell which months a file really changed.
    """
    date_column = MONTHLY_SOURCES[source]
    if not table_exists(con, f"raw.{source}"):
        return {}
    rows = con.execute(
        f"""
        SELECT strftime({date_column}, '%Y-%m') AS month, count(*),
               sum(hash(_row_hash))::VARCHAR
        FROM raw.{source}
        WHERE {date_column} IS NOT NULL
        GROUP BY month
        """
    ).fetchall()
    return {month: MonthState(count, fingerprint) for month, count, fingerprint in rows}


def changed_months(before: dict[str, MonthState], after: dict[str, MonthState]) -> list[str]:
    return sorted(m for m in before.keys() | after.keys() if before.get(m) != after.get(m))


def run_months(context: dg.AssetExecutionContext) -> list[str]:
    """The month partitions a run of a monthly asset targets (none when run unpartitioned)."""
    if not (context.has_partition_key or context.has_partition_key_range):
        return []
    return list(context.partition_keys)


def record_changed_months(
    context: dg.AssetExecutionContext,
    before: dict[str, MonthState],
    after: dict[str, MonthState],
) -> list[str]:
    """Record a materialisation for every month whose rows changed but that the run did not
    target (the run's own months are recorded by the asset's result). Returns every changed
    month."""
    changed = changed_months(before, after)
    targeted = set(run_months(context))
    known = set(month_partitions.get_partition_keys(current_time=local_now()))
    for month in changed:
        if month in targeted or month not in known:
            continue
        state = after.get(month, MonthState(0, "0"))
        context.log_event(
            dg.AssetMaterialization(
                asset_key=context.asset_key,
                partition=month,
                description="rows of this month changed when the inbox was loaded",
                metadata={"rows": state.rows, "fingerprint": state.fingerprint},
            )
        )
    return changed


def month_metadata(
    context: dg.AssetExecutionContext, after: dict[str, MonthState], changed: list[str]
) -> dict[str, object]:
    """Metadata for the run's months: rows in the warehouse for them, and what changed."""
    months = run_months(context)
    rows = sum(after[m].rows for m in months if m in after)
    return {
        "months": f"{months[0]}..{months[-1]}" if months else "",
        "rows_in_months": rows,
        "months_changed": dg.MetadataValue.json(changed),
    }


@dataclass
class MonthTracking:
    """What a load did to the months of a dated source; filled when the load is done."""

    metadata: dict[str, object] = field(default_factory=dict)


@contextlib.contextmanager
def track_months(
    context: dg.AssetExecutionContext, con: duckdb.DuckDBPyConnection, source: str
) -> Iterator[MonthTracking]:
    """Around a load of a dated source: record the months it changed (see the module
    docstring). Sources without months pass through untouched."""
    tracking = MonthTracking()
    if source not in MONTHLY_SOURCES:
        yield tracking
        return
    before = month_states(con, source)
    yield tracking
    after = month_states(con, source)
    changed = record_changed_months(context, before, after)
    tracking.metadata = month_metadata(context, after, changed)
