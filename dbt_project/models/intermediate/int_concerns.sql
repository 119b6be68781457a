-- One row per concern: a concern listed twice (a corrected copy of the file, a second sheet)
-- keeps its latest row, as the agencies list does.

with

rows_ranked as (

    select
        *,
        row_number() over (
            partition by concern_id
            order by loaded_at desc, source_file desc, source_sheet desc, source_row_number desc
        ) as recency
    from {{ ref('stg_inbox__concerns') }}

)

select
    concern_id,
    first_seen_at,
    description,
    keywords,
    theme_area,
    response_at,
    response_channel,
    -- Items are looked for from the sighting until the horizon after the later of the
    -- sighting and the response, so a late answer still has its own days of coverage.
    greatest(first_seen_at, coalesce(response_at, first_seen_at))
    + to_days({{ var('concern_horizon_days') }}) as window_end_at,
    source_file,
    source_sheet,
    source_row_number
from rows_ranked
where recency = 1
