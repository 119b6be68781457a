-- Coverage lift around key events: items per day inside the event's window (window_days either
-- side of the event) divided by items per day on baseline days.
-- Baseline days: the days of the event's year, from the first to the last day with coverage in
-- that year, that lie outside every event's window. Counting only the covered span keeps a
-- partly collected year from looking quiet; leaving out all windows keeps one event's peak out
-- of another's baseline.

with

events as (

    select * from {{ ref('int_events') }}

),

items as (

    select
        item_id,
        published_date
    from {{ ref('int_coverage__items') }}
    where published_date is not null

),

daily_items as (

    select
        published_date,
        count(*) as items
    from items
    group by published_date

),

covered_spans as (

    select
        year(published_date) as span_year,
        min(published_date) as first_day,
        max(published_date) as last_day
    from items
    group by year(published_date)

),

span_days as (

    select
        span_year,
        cast(unnest(generate_series(first_day, last_day, interval 1 day)) as date) as day
    from covered_spans

),

baseline_days as (

    select
        span_days.span_year,
        span_days.day,
        coalesce(daily_items.items, 0) as items
    from span_days
    left join daily_items
        on span_days.day = daily_items.published_date
    where not exists (
        select 1
        from events
        where span_days.day between events.window_start and events.window_end
    )

),

baselines as (

    select
        span_year,
        count(*) as baseline_days,
        sum(items) as baseline_items
    from baseline_days
    group by span_year

),

windows as (

    select
        events.event_id,
        count(items.item_id) as items_in_window
    from events
    left join items
        on items.published_date between events.window_start and events.window_end
    group by events.event_id

),

lifted as (

    select
        events.*,
        windows.items_in_window,
        windows.items_in_window / (events.window_end - events.window_start + 1)
            as window_daily_avg,
        baselines.baseline_days,
        baselines.baseline_items / nullif(baselines.baseline_days, 0) as baseline_daily_avg
    from events
    inner join windows
        on events.event_id = windows.event_id
    left join baselines
        on events.event_year = baselines.span_year

)

select
    cast(event_id as varchar) as event_id,
    cast(event_name as varchar) as name,
    cast(start_date as date) as event_date,
    cast(end_date as date) as event_end_date,
    cast(event_year as integer) as year,
    cast(theme_area as integer) as theme_area,
    cast(window_start as date) as window_start,
    cast(window_end as date) as window_end,
    cast(window_days as integer) as window_days,
    cast(items_in_window as integer) as items_in_window,
    cast(window_daily_avg as double) as window_daily_avg,
    cast(baseline_days as integer) as baseline_days,
    cast(baseline_daily_avg as double) as baseline_daily_avg,
    cast(window_daily_avg / nullif(baseline_daily_avg, 0) as double) as lift,
    cast(date_confirmed as boolean) as date_confirmed,
    cast(event_source as varchar) as event_source
from lifted
