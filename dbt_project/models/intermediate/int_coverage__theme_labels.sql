-- One row per item: its content areas ('2;4'), its primary area (the one whose keywords found
-- weigh most: their words summed, so specific keywords outweigh short ones; then the most
-- matched sub-themes, then the most keyword hits, then the lowest number) and whether it is
-- unclassified (it carries no area).
-- The analyst's theme decisions (int_coverage__review_decisions) apply: a rejected area is
-- gone already (int_coverage__themes); a confirmed area is carried even if no keyword of it was
-- found, and is the primary area when it is the only area confirmed for the item (otherwise it
-- weighs nothing, so it is primary only on an item with no keyword tag, lowest number first).
-- theme_decisions / theme_decided_by / theme_decided_on / theme_decision_rows name them.
-- Incremental per item (see macros/item_changes.sql): a change of the decisions rebuilds every
-- item (they are few).

{{
    config(
        materialized='incremental',
        incremental_strategy='append',
        on_schema_change='append_new_columns',
        meta={
            'item_inputs': ['int_coverage__items', 'int_coverage__themes'],
            'reference_tables': ['int_coverage__review_decisions'],
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

decisions as (

    select *
    from {{ ref('int_coverage__review_decisions') }}
    where decision_on = 'theme'

),

confirmed as (

    select
        item_id,
        theme_area
    from decisions
    where is_confirmed

),

keyword_areas as (

    select
        item_id,
        theme_area,
        count(*) as sub_themes,
        sum(keyword_weight) as keyword_weight,
        sum(keyword_hits) as keyword_hits
    from themes
    group by item_id, theme_area

),

areas as (

    select
        coalesce(keyword_areas.item_id, confirmed.item_id) as item_id,
        coalesce(keyword_areas.theme_area, confirmed.theme_area) as theme_area,
        coalesce(keyword_areas.sub_themes, 0) as sub_themes,
        coalesce(keyword_areas.keyword_weight, 0) as keyword_weight,
        coalesce(keyword_areas.keyword_hits, 0) as keyword_hits,
        confirmed.item_id is not null as is_confirmed
    from keyword_areas
    full outer join confirmed
        on
            keyword_areas.item_id = confirmed.item_id
            and keyword_areas.theme_area = confirmed.theme_area

),

item_decisions as (

    select
        item_id,
        count(*) as theme_decisions,
        string_agg(distinct reviewed_by, '; ' order by reviewed_by) as theme_decided_by,
        max(reviewed_on) as theme_decided_on,
        string_agg(review_file || '#' || review_row, '; ' order by review_file, review_row)
            as theme_decision_rows
    from decisions
    group by item_id

),

per_item as (

    select
        item_id,
        string_agg(cast(theme_area as varchar), ';' order by theme_area) as theme_areas,
        case
            when count(*) filter (where is_confirmed) = 1
                then any_value(theme_area) filter (where is_confirmed)
            else arg_max(theme_area, (keyword_weight, sub_themes, keyword_hits, -theme_area))
        end as primary_theme_area,
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
    coalesce(item_decisions.theme_decisions, 0) as theme_decisions,
    item_decisions.theme_decided_by,
    item_decisions.theme_decided_on,
    item_decisions.theme_decision_rows,
    {{ change_stamp() }} as changed_at,
    {{ inputs_fingerprint() }} as inputs_fingerprint
from items
left join per_item
    on items.item_id = per_item.item_id
left join item_decisions
    on items.item_id = item_decisions.item_id
