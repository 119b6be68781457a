with

themes as (

    select * from {{ ref('themes') }}

),

areas as (

    select distinct
        cast(theme_area as varchar) as theme_key,
        theme_area,
        theme_area_name_vi,
        theme_area_name_en,
        null as sub_theme_id,
        null as sub_theme_name_vi,
        null as sub_theme_name_en,
        'area' as level,
        null as keywords_vi
    from themes

),

sub_themes as (

    select
        sub_theme_id as theme_key,
        theme_area,
        theme_area_name_vi,
        theme_area_name_en,
        sub_theme_id,
        sub_theme_name_vi,
        sub_theme_name_en,
        'sub_theme' as level,
        keywords_vi
    from themes

),

unioned as (

    select * from areas
    union all
    select * from sub_themes

)

select
    cast(theme_key as varchar) as theme_key,
    cast(theme_area as integer) as theme_area,
    cast(theme_area_name_vi as varchar) as theme_area_name_vi,
    cast(theme_area_name_en as varchar) as theme_area_name_en,
    cast(sub_theme_id as varchar) as sub_theme_id,
    cast(sub_theme_name_vi as varchar) as sub_theme_name_vi,
    cast(sub_theme_name_en as varchar) as sub_theme_name_en,
    cast(level as varchar) as level,
    cast(keywords_vi as varchar) as keywords_vi
from unioned
