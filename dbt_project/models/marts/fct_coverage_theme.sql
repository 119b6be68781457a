with

themes as (

    select * from {{ ref('int_coverage__themes') }}

)

select
    cast(item_id as varchar) as item_id,
    cast(theme_area as integer) as theme_area,
    cast(sub_theme_id as varchar) as sub_theme_id,
    cast(keyword_hits as integer) as keyword_hits,
    cast(matched_keywords as varchar) as matched_keywords
from themes
