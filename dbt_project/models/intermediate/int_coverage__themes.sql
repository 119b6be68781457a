-- Theme tags: one row per item and sub-theme whose keywords appear in the item's accent-folded
-- title and summary (multi-label). Items with no row here are unclassified.
{%- set keywords_sql = exploded_keywords_sql(
    ref('themes'), ['theme_area', 'sub_theme_id'], 'keywords_ascii'
) %}

with

items as (

    select
        item_id,
        {{ keyword_match_text('search_text') }} as match_text
    from {{ ref('int_coverage__items') }}

),

keywords as (

    {{ keywords_sql }}

),

found_keywords as (

    select
        item_id,
        unnest(
            regexp_extract_all(match_text, {{ keyword_pattern(keywords_sql, ref('themes')) }}, 1)
        ) as keyword
    from items

)

select
    found_keywords.item_id,
    keywords.theme_area,
    keywords.sub_theme_id,
    count(*) as keyword_hits,
    string_agg(distinct replace(found_keywords.keyword, '  ', ' '), '; ') as matched_keywords
from found_keywords
inner join keywords
    on found_keywords.keyword = keywords.keyword
group by found_keywords.item_id, keywords.theme_area, keywords.sub_theme_id
