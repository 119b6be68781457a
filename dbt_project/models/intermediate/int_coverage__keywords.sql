-- Keywords found in each item: the accent-free keywords of the themes and key_messages seeds
-- that appear as whole words in the item's folded title and summary, longest first (at any
-- word the longest keyword wins). One pass of one regular expression over the text.
{%- set keywords -%}
    {{ keywords_sql(ref('themes'), []) }}
    union
    {{ keywords_sql(ref('key_messages'), []) }}
{%- endset %}

with

items as (

    select
        item_id,
        {{ keyword_match_text('search_text') }} as match_text
    from {{ ref('int_coverage__items') }}

),

found as (

    select
        item_id,
        unnest(
            regexp_extract_all(
                match_text, {{ keyword_pattern(keywords, [ref('themes'), ref('key_messages')]) }}, 1
            )
        ) as found_keyword
    from items

)

select
    item_id,
    replace(found_keyword, '  ', ' ') as keyword,
    count(*) as hits
from found
group by item_id, found_keyword
