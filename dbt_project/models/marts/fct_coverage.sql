-- Incremental per item (see macros/item_changes.sql).

{{
    config(
        materialized='incremental',
        incremental_strategy='append',
        on_schema_change='append_new_columns',
        meta={
            'item_inputs': ['int_coverage__items', 'int_coverage__contract_match', 'int_coverage__syndication', 'int_coverage__theme_labels', 'int_coverage__key_messages'],
            'reference_tables': [],
        },
        pre_hook="{{ replace_changed_items() }}",
    )
}}

with

items as (

    select * from {{ ref('int_coverage__items') }}
    {{- only_changed_items() }}

),

matches as (

    select * from {{ ref('int_coverage__contract_match') }}
    {{- only_changed_items() }}

),

stories as (

    select * from {{ ref('int_coverage__syndication') }}
    {{- only_changed_items() }}

),

labels as (

    select * from {{ ref('int_coverage__theme_labels') }}
    {{- only_changed_items() }}

),

key_messages as (

    select
        item_id,
        string_agg(message_id, ';' order by message_id) as key_message_ids
    from {{ ref('int_coverage__key_messages') }}
    {{- only_changed_items() }}
    group by item_id

)

select
    cast(items.item_id as varchar) as item_id,
    cast(items.agency_id as varchar) as agency_id,
    cast(items.agency as varchar) as agency,
    cast(items.published_at as timestamp) as published_at,
    cast(items.published_date as date) as published_date,
    cast(items.published_year as integer) as year,
    cast(items.published_month as integer) as month,
    cast(items.title as varchar) as title,
    cast(items.url as varchar) as url,
    cast(items.summary as varchar) as summary,
    cast(items.deliverable_type as varchar) as deliverable_type,
    cast(items.channel as varchar) as channel,
    cast(matches.claimed_contract_id as varchar) as claimed_contract_id,
    cast(matches.claimed_contract_ids as varchar) as claimed_contract_ids,
    cast(matches.claim_count as integer) as claim_count,
    cast(matches.accepted_claim_count as integer) as accepted_claim_count,
    cast(matches.matched_contract_line_id as varchar) as matched_contract_line_id,
    cast(matches.matched_contract_id as varchar) as matched_contract_id,
    cast(matches.match_method as varchar) as match_method,
    cast(matches.match_review_file as varchar) as match_review_file,
    cast(matches.match_review_row as integer) as match_review_row,
    cast(matches.match_reviewed_by as varchar) as match_reviewed_by,
    cast(matches.match_reviewed_on as date) as match_reviewed_on,
    cast(matches.is_contracted as boolean) as is_contracted,
    cast(matches.is_accepted as boolean) as is_accepted,
    cast(matches.is_on_time as boolean) as is_on_time,
    cast(stories.story_id as varchar) as story_id,
    cast(stories.is_original as boolean) as is_original,
    cast(stories.is_syndicated_copy as boolean) as is_syndicated_copy,
    cast(stories.story_size as integer) as story_size,
    cast(coalesce(stories.parent_match_method = 'review', false) as boolean)
        as syndication_by_review,
    cast(labels.primary_theme_area as integer) as primary_theme_area,
    cast(labels.theme_areas as varchar) as theme_areas,
    cast(labels.is_unclassified as boolean) as is_unclassified,
    cast(labels.theme_decisions as integer) as theme_decisions,
    cast(labels.theme_decided_by as varchar) as theme_decided_by,
    cast(labels.theme_decided_on as date) as theme_decided_on,
    cast(labels.theme_decision_rows as varchar) as theme_decision_rows,
    cast(key_messages.item_id is not null as boolean) as has_key_message,
    cast(key_messages.key_message_ids as varchar) as key_message_ids,
    cast(items.views as bigint) as views,
    cast(items.duration_min as double) as duration_min,
    cast(items.reach_estimate as bigint) as reach_estimate,
    {{ change_stamp() }} as changed_at,
    {{ inputs_fingerprint() }} as inputs_fingerprint
from items
inner join matches
    on items.item_id = matches.item_id
inner join stories
    on items.item_id = stories.item_id
inner join labels
    on items.item_id = labels.item_id
left join key_messages
    on items.item_id = key_messages.item_id
