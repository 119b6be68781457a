with

items as (

    select * from {{ ref('int_coverage__items') }}

),

matches as (

    select * from {{ ref('int_coverage__contract_match') }}

),

stories as (

    select * from {{ ref('int_coverage__syndication') }}

),

labels as (

    select * from {{ ref('int_coverage__theme_labels') }}

),

key_messages as (

    select
        item_id,
        string_agg(message_id, ';' order by message_id) as key_message_ids
    from {{ ref('int_coverage__key_messages') }}
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
    cast(matches.is_contracted as boolean) as is_contracted,
    cast(matches.is_accepted as boolean) as is_accepted,
    cast(matches.is_on_time as boolean) as is_on_time,
    cast(stories.story_id as varchar) as story_id,
    cast(stories.is_original as boolean) as is_original,
    cast(stories.is_syndicated_copy as boolean) as is_syndicated_copy,
    cast(stories.story_size as integer) as story_size,
    cast(labels.primary_theme_area as integer) as primary_theme_area,
    cast(labels.theme_areas as varchar) as theme_areas,
    cast(labels.is_unclassified as boolean) as is_unclassified,
    cast(key_messages.item_id is not null as boolean) as has_key_message,
    cast(key_messages.key_message_ids as varchar) as key_message_ids,
    cast(items.views as bigint) as views,
    cast(items.duration_min as double) as duration_min,
    cast(items.reach_estimate as bigint) as reach_estimate
from items
inner join matches
    on items.item_id = matches.item_id
inner join stories
    on items.item_id = stories.item_id
inner join labels
    on items.item_id = labels.item_id
left join key_messages
    on items.item_id = key_messages.item_id
