-- Key events: the inbox's events list and the key_events seed. The inbox's list is the
-- analyst's own and takes precedence: for a year it lists events for, it replaces the seeded
-- events of that year (the same event is usually listed under another code, and counting it
-- twice would double its window); a seeded event with the same event_id is replaced in any
-- year. The seed fills the years the inbox does not cover.
-- Windows are +/- window_days around the event.

with

seeded as (

    select
        event_id,
        name as event_name,
        start_date,
        end_date,
        theme_area,
        window_days,
        date_confirmed,
        note,
        'seed' as event_source
    from {{ ref('key_events') }}

),

entered as (

    select
        event_id,
        event_name,
        start_date,
        end_date,
        theme_area,
        window_days,
        true as date_confirmed,
        null as note,
        'inbox' as event_source,
        row_number() over (
            partition by event_id
            order by loaded_at desc, source_file desc, source_row_number desc
        ) as recency
    from {{ ref('stg_inbox__events') }}
    where event_id is not null and start_date is not null

),

events as (

    select * exclude (recency)
    from entered
    where recency = 1
    union all
    select * from seeded
    where
        event_id not in (select entered.event_id from entered)
        and year(start_date) not in (select year(entered.start_date) from entered)

)

select
    event_id,
    event_name,
    start_date,
    coalesce(end_date, start_date) as end_date,
    theme_area,
    coalesce(window_days, {{ var('default_event_window_days') }}) as window_days,
    date_confirmed,
    note,
    event_source,
    year(start_date) as event_year,
    start_date - coalesce(window_days, {{ var('default_event_window_days') }}) as window_start,
    coalesce(end_date, start_date) + coalesce(window_days, {{ var('default_event_window_days') }})
        as window_end
from events
