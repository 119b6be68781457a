-- One row per item: its content areas ('2;4'), its primary area (the one whose keywords found
-- weigh most: their words summed, so specific keywords outweigh short ones; then the most
-- matched sub-themes, then the most keyword hits, then the lowest number) and whether it is
-- unclassified (no keyword of the taxonomy found).
-- Incremental per item (see macros/item_changes.sql).

{{
    config(
        materialized='incremental',
        incremental_strategy='append',
        on_schema_change='append_new_columns',
        meta={
            'item_inputs': ['int_coverage__items', 'int_coverage__themes'],
            'reference_tables': [],
        },
        pre_hook="{{ replace_changed_items() }}",
    )
}}

with

items as (

    select item_id from {{ ref('int_coverage__items') }}
    {{- only_changed_items() }}

),

themes as (

    select * from {{ ref('int_coverage__themes') }}
    {{- only_changed_items() }}

),

areas as (

    select
        item_id,
        theme_area,
        count(*) as sub_themes,
        sum(keyword_weight) as keyword_weight,
        sum(keyword_hits) as keyword_hits
    from themes
    group by item_id, theme_area

),

per_item as (

    select
        item_id,
        string_agg(cast(theme_area as varchar), ';' order by theme_area) as theme_areas,
        arg_max(theme_area, (keyword_weight, sub_themes, keyword_hits, -theme_area))
            as primary_theme_area,
        count(*) as area_count
    from areas
    group by item_id

)

select
    items.item_id,
    per_item.primary_theme_area,
    per_item.theme_areas,
    coalesce(per_item.area_count, 0) as area_count,
    per_item.item_id is null as is_unclassified,
    {{ change_stamp() }} as changed_at,
    {{ inputs_fingerprint() }} as inputs_fingerprint
from items
left join per_item
    on items.item_id = per_item.item_id
