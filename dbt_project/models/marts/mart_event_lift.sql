-- Coverage lift of key events, counted on the event's own subject.
-- * The event's items: items tagged with one of its sub-themes (int_events__sub_themes),
--   published in its window (window_days either side) on a day that is not a public holiday.
--   An item in the windows of several events that is about more than one of them is split
--   evenly between them (shared_items counts such items), so overlapping windows never claim
--   the same item twice; an item about one of them goes to that one alone.
--   The analyst's event decisions (int_coverage__review_decisions) come first: an item
--   confirmed for an event is about it whatever its tags (confirm_event), an item rejected for
--   it is not (reject_event); items_confirmed_by_review / items_rejected_by_review count them.
--   The ordinary-day rate below is the sub-themes' own (tagged items): a decision is about an
--   event, not about what its sub-themes get on other days.
-- * Baseline: what the event's content area would have had in the same days without the
--   event: the area's items in the window that are about no event (other_area_items), plus
--   the items the event's sub-themes get on ordinary days (expected_event_items: days of the
--   year between the first and last day with coverage, outside every event's window and every
--   public holiday, taken per weekday and summed over the window's counted days, so it has the
--   window's weekday mix). Reading the area's other coverage in the window itself keeps a busy
--   season (or a quiet holiday week) from passing for the event's effect.
-- * lift = (other_area_items + event_items) / (other_area_items + expected_event_items).
--   1 means the event added nothing to its area's coverage; 1.5 means half as much again.

with

events as (

    select * from {{ ref('int_events') }}

),

event_sub_themes as (

    select * from {{ ref('int_events__sub_themes') }}

),

holidays as (

    select distinct  -- noqa: LT09
        cast(unnest(generate_series(start_date, end_date, interval 1 day)) as date) as day
    from {{ ref('public_holidays') }}

),

items as (

    select
        items.item_id,
        items.published_date,
        labels.primary_theme_area
    from {{ ref('int_coverage__items') }} as items
    left join {{ ref('int_coverage__theme_labels') }} as labels
        on items.item_id = labels.item_id
    where items.published_date is not null

),

event_decisions as (

    select
        decisions.event_id,
        decisions.item_id,
        decisions.is_confirmed,
        items.published_date
    from {{ ref('int_coverage__review_decisions') }} as decisions
    inner join items
        on decisions.item_id = items.item_id
    where
        decisions.decision_on = 'event'
        and decisions.event_id in (select events.event_id from events)

),

tagged_items as (

    select distinct
        event_sub_themes.event_id,
        items.item_id,
        items.published_date
    from event_sub_themes
    inner join {{ ref('int_coverage__themes') }} as themes
        on event_sub_themes.sub_theme_id = themes.sub_theme_id
    inner join items
        on themes.item_id = items.item_id

),

event_items as (

    select tagged_items.*
    from tagged_items
    left join event_decisions
        on
            tagged_items.event_id = event_decisions.event_id
            and tagged_items.item_id = event_decisions.item_id
    where event_decisions.item_id is null
    union all
    select
        event_id,
        item_id,
        published_date
    from event_decisions
    where is_confirmed

),

reviewed as (

    select
        event_id,
        count(*) filter (where is_confirmed) as items_confirmed_by_review,
        count(*) filter (where not is_confirmed) as items_rejected_by_review
    from event_decisions
    group by event_id

),

covered_spans as (

    select
        year(published_date) as span_year,
        min(published_date) as first_day,
        max(published_date) as last_day
    from items
    group by year(published_date)

),

span_dates as (

    select
        span_year,
        cast(unnest(generate_series(first_day, last_day, interval 1 day)) as date) as day
    from covered_spans

),

span_days as (

    select
        span_dates.span_year,
        span_dates.day,
        isodow(span_dates.day) as weekday,
        holidays.day is not null as is_holiday
    from span_dates
    left join holidays
        on span_dates.day = holidays.day

),

baseline_days as (

    select *
    from span_days
    where
        not is_holiday
        and not exists (
            select 1
            from events
            where span_days.day between events.window_start and events.window_end
        )

),

baseline_weekdays as (

    select
        span_year,
        weekday,
        count(*) as days
    from baseline_days
    group by span_year, weekday

),

baseline_event_items as (

    select
        baseline_days.span_year,
        baseline_days.weekday,
        tagged_items.event_id,
        count(*) as items
    from baseline_days
    inner join tagged_items
        on baseline_days.day = tagged_items.published_date
    group by all

),

-- Per event and weekday of its year: baseline days and the event's items on them.
weekday_rates as (

    select
        events.event_id,
        baseline_weekdays.weekday,
        baseline_weekdays.days,
        coalesce(baseline_event_items.items, 0) as event_items
    from events
    inner join baseline_weekdays
        on events.event_year = baseline_weekdays.span_year
    left join baseline_event_items
        on
            baseline_weekdays.span_year = baseline_event_items.span_year
            and baseline_weekdays.weekday = baseline_event_items.weekday
            and events.event_id = baseline_event_items.event_id

),

-- A weekday without baseline days takes the rate of all baseline days.
year_rates as (

    select
        event_id,
        sum(days) as baseline_days,
        sum(event_items) / nullif(sum(days), 0) as event_rate
    from weekday_rates
    group by event_id

),

window_days as (

    select
        events.event_id,
        span_days.day,
        span_days.weekday,
        span_days.is_holiday
    from events
    inner join span_days
        on span_days.day between events.window_start and events.window_end

),

expected as (

    select
        window_days.event_id,
        count(*) filter (where not window_days.is_holiday) as window_days_counted,
        count(*) filter (where window_days.is_holiday) as holiday_days,
        -- summed as decimals: a sum of doubles depends on the order the rows come in, and a
        -- rebuild must give the same figure
        cast(sum(cast(
            coalesce(weekday_rates.event_items / weekday_rates.days, year_rates.event_rate)
            as decimal(38, 18)
        )) filter (where not window_days.is_holiday) as double) as expected_event_items
    from window_days
    left join weekday_rates
        on
            window_days.event_id = weekday_rates.event_id
            and window_days.weekday = weekday_rates.weekday
    left join year_rates
        on window_days.event_id = year_rates.event_id
    group by window_days.event_id

),

in_windows as (

    select
        event_items.event_id,
        event_items.item_id,
        count(*) over (partition by event_items.item_id) as claimants
    from event_items
    inner join events
        on
            event_items.event_id = events.event_id
            and event_items.published_date between events.window_start and events.window_end
    where event_items.published_date not in (select holidays.day from holidays)

),

credited as (

    select
        event_id,
        cast(sum(cast(1 / claimants as decimal(38, 18))) as double) as event_items,
        count(*) filter (where claimants > 1) as shared_items
    from in_windows
    group by event_id

),

-- Items about an event whose window holds their publication date.
about_events as (

    select distinct event_items.item_id
    from event_items
    inner join events
        on event_items.published_date between events.window_start and events.window_end

),

window_totals as (

    select
        events.event_id,
        count(items.item_id) as items_in_window,
        count(items.item_id) filter (
            where
            items.primary_theme_area = events.theme_area
            and items.item_id not in (select about_events.item_id from about_events)
        ) as other_area_items
    from events
    left join items
        on
            items.published_date between events.window_start and events.window_end
            and items.published_date not in (select holidays.day from holidays)
    group by events.event_id

),

overlapping as (

    select
        events.event_id,
        string_agg(others.event_id, ';' order by others.start_date, others.event_id)
            as overlapping_events
    from events
    inner join events as others
        on
            events.event_id <> others.event_id
            and events.window_end >= others.window_start
            and events.window_start <= others.window_end
    group by events.event_id

),

sub_themes as (

    select
        event_id,
        string_agg(sub_theme_id, ';' order by sub_theme_id) as sub_theme_ids
    from event_sub_themes
    group by event_id

),

lifted as (

    select
        events.*,
        sub_themes.sub_theme_ids,
        overlapping.overlapping_events,
        coalesce(expected.window_days_counted, 0) as window_days_counted,
        coalesce(expected.holiday_days, 0) as holiday_days,
        coalesce(window_totals.items_in_window, 0) as items_in_window,
        coalesce(window_totals.other_area_items, 0) as other_area_items,
        coalesce(credited.event_items, 0) as event_items,
        coalesce(credited.shared_items, 0) as shared_items,
        coalesce(expected.expected_event_items, 0) as expected_event_items,
        year_rates.baseline_days,
        coalesce(reviewed.items_confirmed_by_review, 0) as items_confirmed_by_review,
        coalesce(reviewed.items_rejected_by_review, 0) as items_rejected_by_review
    from events
    left join sub_themes
        on events.event_id = sub_themes.event_id
    left join overlapping
        on events.event_id = overlapping.event_id
    left join expected
        on events.event_id = expected.event_id
    left join window_totals
        on events.event_id = window_totals.event_id
    left join credited
        on events.event_id = credited.event_id
    left join year_rates
        on events.event_id = year_rates.event_id
    left join reviewed
        on events.event_id = reviewed.event_id

)

select
    cast(event_id as varchar) as event_id,
    cast(event_name as varchar) as name,
    cast(start_date as date) as event_date,
    cast(end_date as date) as event_end_date,
    cast(event_year as integer) as year,
    cast(theme_area as integer) as theme_area,
    cast(sub_theme_ids as varchar) as sub_theme_ids,
    cast(window_start as date) as window_start,
    cast(window_end as date) as window_end,
    cast(window_days as integer) as window_days,
    cast(window_days_counted as integer) as window_days_counted,
    cast(holiday_days as integer) as holiday_days,
    cast(overlapping_events as varchar) as overlapping_events,
    cast(items_in_window as integer) as items_in_window,
    cast(event_items as double) as event_items,
    cast(shared_items as integer) as shared_items,
    cast(expected_event_items as double) as expected_event_items,
    cast(other_area_items as integer) as other_area_items,
    cast(other_area_items + expected_event_items as double) as baseline_items,
    cast(baseline_days as integer) as baseline_days,
    cast(
        (other_area_items + expected_event_items) / nullif(window_days_counted, 0) as double
    ) as baseline_daily_avg,
    cast((other_area_items + event_items) / nullif(window_days_counted, 0) as double)
        as window_daily_avg,
    cast(
        (other_area_items + event_items) / nullif(other_area_items + expected_event_items, 0)
        as double
    ) as lift,
    cast(date_confirmed as boolean) as date_confirmed,
    cast(event_source as varchar) as event_source,
    cast(items_confirmed_by_review as integer) as items_confirmed_by_review,
    cast(items_rejected_by_review as integer) as items_rejected_by_review
from lifted
