-- Keywords found in each item: the accent-free keywords of the themes and key_messages seeds
-- that appear as whole words in the item's folded title and summary, longest first (at any
-- word the longest keyword wins). One pass of one regular expression over the text. The
-- neutral_phrases seed takes part too: names of places and departments that hold a theme
-- keyword ('quận Đồ Sơn', 'Sở Văn hóa, Thể thao và Du lịch') are found as themselves, so the
-- keyword inside them is not (int_coverage__themes gives them no theme).
-- Incremental per item (see macros/item_changes.sql): a change of the seeds rebuilds every item.
{%- set keywords -%}
    {{ keywords_sql(ref('themes'), []) }}
    union
    {{ keywords_sql(ref('key_messages'), []) }}
    union
    {{ keywords_sql(ref('neutral_phrases'), []) }}
{%- endset %}

{{
    config(
        materialized='incremental',
        incremental_strategy='append',
        on_schema_change='append_new_columns',
        meta={
            'item_inputs': ['int_coverage__items'],
            'reference_tables': ['themes', 'key_messages', 'neutral_phrases'],
        },
        pre_hook="{{ replace_changed_items() }}",
    )
}}

with

items as (

    select
        item_id,
        {{ keyword_match_text('search_text') }} as match_text
    from {{ ref('int_coverage__items') }}
    {{- only_changed_items() }}

),

found as (

    select
        item_id,
        unnest(
            {{ keywords_found('match_text', keyword_pattern(
                keywords, [ref('themes'), ref('key_messages'), ref('neutral_phrases')]
            )) }}
        ) as found_keyword
    from items

)

select
    item_id,
    replace(found_keyword, '  ', ' ') as keyword,
    count(*) as hits,
    {{ change_stamp() }} as changed_at,
    {{ inputs_fingerprint() }} as inputs_fingerprint
from found
group by item_id, found_keyword
