-- Theme tags: one row per item and sub-theme (multi-label). A sub-theme is tagged when one of
-- its keywords is among the keywords found in the item, or is a whole-word part of one
-- ('khu kinh te' inside 'khu kinh te ven bien'). Items with no row here are unclassified.
-- Incremental per item (see macros/item_changes.sql).
-- depends_on: {{ ref('int_coverage__items') }}

{{
    config(
        materialized='incremental',
        incremental_strategy='append',
        on_schema_change='append_new_columns',
        meta={
            'item_inputs': ['int_coverage__items', 'int_coverage__keywords'],
            'reference_tables': ['themes'],
        },
        pre_hook="{{ replace_changed_items() }}",
    )
}}

with

found as (

    select * from {{ ref('int_coverage__keywords') }}
    {{- only_changed_items() }}

),

theme_keywords as (

    {{ keywords_sql(ref('themes'), ['theme_area', 'sub_theme_id']) }}

),

-- Which sub-themes each distinct keyword found stands for.
keyword_labels as (

    select distinct
        found_keywords.keyword as found_keyword,
        theme_keywords.theme_area,
        theme_keywords.sub_theme_id
    from (select distinct found.keyword from found) as found_keywords
    inner join theme_keywords
        on contains(' ' || found_keywords.keyword || ' ', ' ' || theme_keywords.keyword || ' ')

)

select
    found.item_id,
    keyword_labels.theme_area,
    keyword_labels.sub_theme_id,
    sum(found.hits) as keyword_hits,
    string_agg(found.keyword, '; ' order by found.keyword) as matched_keywords,
    {{ change_stamp() }} as changed_at,
    {{ inputs_fingerprint() }} as inputs_fingerprint
from found
inner join keyword_labels
    on found.keyword = keyword_labels.found_keyword
group by found.item_id, keyword_labels.theme_area, keyword_labels.sub_theme_id
