-- Index figures of the evaluated province (var('province'), compared accent-folded), with the
-- index's usual release lag and methodology breaks from the index_releases seed.

with

figures as (

    select * from {{ ref('stg_inbox__indices') }}

),

releases as (

    select * from {{ ref('index_releases') }}

)

select
    figures.index_code,
    figures.component,
    figures.index_year,
    figures.province,
    figures.score,
    coalesce(figures.scale_max, releases.scale_max) as scale_max,
    figures.province_rank,
    figures.source_name,
    figures.note,
    figures.is_placeholder,
    releases.release_lag_months,
    coalesce(
        list_contains(
            string_split(releases.methodology_break_years, '|'), cast(figures.index_year as varchar)
        ),
        false
    ) as methodology_break,
    releases.methodology_note,
    figures.source_file,
    figures.source_row_number
from figures
left join releases
    on figures.index_code = releases.index_code
where {{ fold_text('figures.province') }} = {{ fold_text("'" ~ var('province') ~ "'") }}
