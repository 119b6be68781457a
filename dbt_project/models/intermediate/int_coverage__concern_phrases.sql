-- The public-concern phrases (int_concerns__keywords) found in each item's accent-folded title
-- and lead, as whole words, longest first: one row per item and phrase found, for the items
-- published inside the span of the concerns' windows. One pass of one regular expression
-- holding every phrase (macros/keyword_matching.sql); int_concerns__matches then joins the
-- few items found to the concerns that hold their phrases and checks each concern's window.
-- Incremental per item (see macros/item_changes.sql): a day's new items are searched, not the
-- year's; a change of the concerns or their phrases searches every item again.
{%- set phrases -%}
    select distinct keyword from {{ ref('int_concerns__keywords') }}
{%- endset %}

{{
    config(
        materialized='incremental',
        incremental_strategy='append',
        on_schema_change='append_new_columns',
        meta={
            'item_inputs': ['int_coverage__items'],
            'reference_tables': ['int_concerns', 'int_concerns__keywords'],
        },
        pre_hook="{{ replace_changed_items() }}",
    )
}}

with

concerns as (

    select * from {{ ref('int_concerns') }}

),

-- Materialized: the items to search are picked by id first (a day's items, not the year's
-- texts), and only then by the concerns' span, which the planner would otherwise apply first.
items as materialized (

    select
        item_id,
        published_at,
        search_text
    from {{ ref('int_coverage__items') }}
    {{- only_changed_items() }}

),

texts as (

    select
        item_id,
        published_at,
        {{ keyword_match_text('search_text') }} as match_text
    from items
    where
        published_at >= (select min(concerns.first_seen_at) from concerns)
        and published_at < (select max(concerns.window_end_at) from concerns)

),

found as (

    select
        item_id,
        published_at,
        unnest(
            {{ keywords_found(
                'match_text', keyword_pattern(phrases, [ref('int_concerns__keywords')])
            ) }}
        ) as found_phrase
    from texts

)

select distinct
    item_id,
    published_at,
    replace(found_phrase, '  ', ' ') as found_phrase,
    {{ change_stamp() }} as changed_at,
    {{ inputs_fingerprint() }} as inputs_fingerprint
from found
