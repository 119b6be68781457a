-- Theme tags: one row per item and sub-theme (multi-label). A sub-theme is tagged when one of
-- its keywords is among the keywords found in the item, or is a whole-word part of one
-- ('khu kinh te' inside 'khu kinh te ven bien'). Items with no row here are unclassified.
-- A neutral phrase found (neutral_phrases: a place or a department's name) tags nothing.
-- keyword_weight: the words of the taxonomy keywords that tagged the sub-theme, summed over the
-- keywords found: a long, specific keyword ('tiet kiem chi thuong xuyen', 5) weighs more than a
-- short one inside it ('chi thuong xuyen', 3), which decides the primary area.
-- An area the analyst rejected for the item (reject_theme, int_coverage__review_decisions)
-- tags nothing in it; a confirmed area is added by int_coverage__theme_labels.
-- Incremental per item (see macros/item_changes.sql): a change of the decisions rebuilds every
-- item (they are few).
-- depends_on: {{ ref('int_coverage__items') }}

{{
    config(
        materialized='incremental',
        incremental_strategy='append',
        on_schema_change='append_new_columns',
        meta={
            'item_inputs': ['int_coverage__items', 'int_coverage__keywords'],
            'reference_tables': ['themes', 'neutral_phrases', 'int_coverage__review_decisions'],
        },
        pre_hook="{{ replace_changed_items() }}",
    )
}}

with

found as (

    select * from {{ ref('int_coverage__keywords') }}
    {{- only_changed_items() }}

),

neutral as (

    {{ keywords_sql(ref('neutral_phrases'), []) }}

),

theme_keywords as (

    {{ keywords_sql(ref('themes'), ['theme_area', 'sub_theme_id']) }}

),

-- Which sub-themes each distinct keyword found stands for.
keyword_labels as (

    select
        found_keywords.keyword as found_keyword,
        theme_keywords.theme_area,
        theme_keywords.sub_theme_id,
        max(len(string_split(theme_keywords.keyword, ' '))) as keyword_words
    from (select distinct found.keyword from found) as found_keywords
    inner join theme_keywords
        on contains(' ' || found_keywords.keyword || ' ', ' ' || theme_keywords.keyword || ' ')
    where found_keywords.keyword not in (select neutral.keyword from neutral)
    group by all

),

rejected as (

    select
        item_id,
        theme_area
    from {{ ref('int_coverage__review_decisions') }}
    where decision_on = 'theme' and not is_confirmed

)

select
    found.item_id,
    keyword_labels.theme_area,
    keyword_labels.sub_theme_id,
    sum(found.hits) as keyword_hits,
    sum(keyword_labels.keyword_words) as keyword_weight,
    string_agg(found.keyword, '; ' order by found.keyword) as matched_keywords,
    {{ change_stamp() }} as changed_at,
    {{ inputs_fingerprint() }} as inputs_fingerprint
from found
inner join keyword_labels
    on found.keyword = keyword_labels.found_keyword
left join rejected
    on
        found.item_id = rejected.item_id
        and keyword_labels.theme_area = rejected.theme_area
where rejected.item_id is null
group by found.item_id, keyword_labels.theme_area, keyword_labels.sub_theme_id
