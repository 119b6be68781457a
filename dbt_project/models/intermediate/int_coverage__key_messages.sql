-- Key-message tags: one row per item and key message of the plan whose keywords appear in the
-- item's accent-folded title and summary.
{%- set keywords_sql = exploded_keywords_sql(
    ref('key_messages'), ['message_id'], 'keywords_ascii'
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
            regexp_extract_all(
                match_text, {{ keyword_pattern(keywords_sql, ref('key_messages')) }}, 1
            )
        ) as keyword
    from items

)

select
    found_keywords.item_id,
    keywords.message_id,
    count(*) as keyword_hits
from found_keywords
inner join keywords
    on found_keywords.keyword = keywords.keyword
group by found_keywords.item_id, keywords.message_id
