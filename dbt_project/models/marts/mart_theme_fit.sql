-- Coverage per content area and sub-theme, per year, against the planned share.
-- Area rows count items by their primary area, so the five areas and the 'unclassified' row
-- (theme_key 'unclassified') share out all the year's items. Sub-theme rows count every item
-- tagged with the sub-theme (an item can carry several), as a share of the year's items.
-- planned_share comes from the targets list: the area's planned_share, else its planned items
-- over the year's planned items.
-- Every plan year the data holds (items published, targets set, contracts started) has its
-- rows, so one build serves the report of any year; readers pick theirs by `year`.

with

items as (

    select
        item_id,
        year as published_year,
        primary_theme_area
    from {{ ref('fct_coverage') }}

),

-- fct_coverage_theme has one row per item and sub-theme.
item_sub_themes as (

    select
        items.published_year,
        item_themes.sub_theme_id,
        count(*) as items
    from {{ ref('fct_coverage_theme') }} as item_themes
    inner join items
        on item_themes.item_id = items.item_id
    group by items.published_year, item_themes.sub_theme_id

),

taxonomy as (

    select * from {{ ref('dim_theme') }}

),

targets as (

    select * from {{ ref('stg_inbox__targets') }}

),

years as (

    select distinct published_year as report_year
    from items
    where published_year is not null
    union
    select distinct target_year as report_year
    from targets
    where target_year is not null
    union
    select distinct contract_year as report_year
    from {{ ref('int_contract_lines') }}
    where contract_year is not null

),

year_totals as (

    select
        years.report_year,
        count(items.item_id) as total_items
    from years
    left join items
        on years.report_year = items.published_year
    group by years.report_year

),

area_items as (

    select
        published_year,
        primary_theme_area,
        count(*) as items
    from items
    group by published_year, primary_theme_area

),

planned as (

    select
        target_year,
        theme_area,
        max(planned_share) as planned_share,
        sum(planned_items) as planned_items
    from targets
    group by target_year, theme_area

),

planned_shares as (

    select
        target_year,
        theme_area,
        coalesce(
            planned_share,
            planned_items / nullif(sum(planned_items) over (partition by target_year), 0)
        ) as planned_share
    from planned

),

area_rows as (

    select
        year_totals.report_year,
        'area' as level,
        taxonomy.theme_key,
        taxonomy.theme_area,
        null as sub_theme_id,
        taxonomy.theme_area_name_vi as name_vi,
        coalesce(area_items.items, 0) as items,
        year_totals.total_items,
        planned_shares.planned_share
    from year_totals
    cross join taxonomy
    left join area_items
        on
            year_totals.report_year = area_items.published_year
            and taxonomy.theme_area = area_items.primary_theme_area
    left join planned_shares
        on
            year_totals.report_year = planned_shares.target_year
            and taxonomy.theme_area = planned_shares.theme_area
    where taxonomy.level = 'area'

),

unclassified_rows as (

    select
        year_totals.report_year,
        'area' as level,
        'unclassified' as theme_key,
        null as theme_area,
        null as sub_theme_id,
        'Chưa phân loại' as name_vi,
        coalesce(area_items.items, 0) as items,
        year_totals.total_items,
        null as planned_share
    from year_totals
    left join area_items
        on
            year_totals.report_year = area_items.published_year
            and area_items.primary_theme_area is null

),

sub_theme_rows as (

    select
        year_totals.report_year,
        'sub_theme' as level,
        taxonomy.theme_key,
        taxonomy.theme_area,
        taxonomy.sub_theme_id,
        taxonomy.sub_theme_name_vi as name_vi,
        coalesce(item_sub_themes.items, 0) as items,
        year_totals.total_items,
        null as planned_share
    from year_totals
    cross join taxonomy
    left join item_sub_themes
        on
            year_totals.report_year = item_sub_themes.published_year
            and taxonomy.sub_theme_id = item_sub_themes.sub_theme_id
    where taxonomy.level = 'sub_theme'

),

unioned as (

    select * from area_rows
    union all
    select * from unclassified_rows
    union all
    select * from sub_theme_rows

)

select
    cast(report_year as integer) as year,
    cast(level as varchar) as level,
    cast(theme_key as varchar) as theme_key,
    cast(theme_area as integer) as theme_area,
    cast(sub_theme_id as varchar) as sub_theme_id,
    cast(name_vi as varchar) as name_vi,
    cast(items as integer) as items,
    cast(total_items as integer) as total_items,
    cast(items / nullif(total_items, 0) as double) as share,
    cast(planned_share as double) as planned_share,
    cast(items / nullif(total_items, 0) - planned_share as double) as share_gap,
    cast(items > 0 as boolean) as has_coverage
from unioned
