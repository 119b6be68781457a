-- Key-message tags: one row per item and key message of the plan (key_messages seed) whose
-- keywords are among, or a whole-word part of, the keywords found in the item.
-- Incremental per item (see macros/item_changes.sql).
-- depends_on: {{ ref('int_coverage__items') }}

{{
    config(
        materialized='incremental',
        incremental_strategy='append',
        on_schema_change='append_new_columns',
        meta={
            'item_inputs': ['int_coverage__items', 'int_coverage__keywords'],
            'reference_tables': ['key_messages'],
        },
        pre_hook="{{ replace_changed_items() }}",
    )
}}

with

found as (

    select * from {{ ref('int_coverage__keywords') }}
    {{- only_changed_items() }}

),

message_keywords as (

    {{ keywords_sql(ref('key_messages'), ['message_id']) }}

),

keyword_labels as (

    select distinct
        found_keywords.keyword as found_keyword,
        message_keywords.message_id
    from (select distinct found.keyword from found) as found_keywords
    inner join message_keywords
        on contains(' ' || found_keywords.keyword || ' ', ' ' || message_keywords.keyword || ' ')

)

select
    found.item_id,
    keyword_labels.message_id,
    sum(found.hits) as keyword_hits,
    {{ change_stamp() }} as changed_at,
    {{ inputs_fingerprint() }} as inputs_fingerprint
from found
inner join keyword_labels
    on found.keyword = keyword_labels.found_keyword
group by found.item_id, keyword_labels.message_id
