-- One row per public concern: how fast and how widely the press followed it and the city's
-- answer (plan 26/KH-UBND: "kịp thời hỗ trợ thành phố định hướng dư luận"). Only items an
-- analyst confirmed are about the concern count (int_concerns__items): the response is the
-- first confirmed item of an official (listed) or contracted outlet; counts take every
-- confirmed item of any outlet, by the hours since the concern was first seen. Keyword matches
-- nobody reviewed yet are counted apart as candidates; rejected items count nowhere.

with

concerns as (

    select * from {{ ref('int_concerns') }}

),

concern_items as (

    select * from {{ ref('int_concerns__items') }}

),

matches as (

    select * from concern_items
    where review_status = 'confirmed'

),

candidates as (

    select
        concern_id,
        count(*) as candidate_items,
        count(*) filter (where hours_after_first_seen < 72) as candidate_items_72h,
        min(published_at) filter (where is_response_outlet) as candidate_first_response_at,
        min(hours_after_first_seen) filter (
            where is_response_outlet
        ) as candidate_response_hours
    from concern_items
    where review_status = 'candidate'
    group by concern_id

),

rejections as (

    select
        concern_id,
        count(*) as rejected_items
    from concern_items
    where review_status = 'rejected'
    group by concern_id

),

first_responses as (

    select
        concern_id,
        arg_min(item_id, (published_at, item_id)) as item_id,
        arg_min(agency, (published_at, item_id)) as agency,
        arg_min(title, (published_at, item_id)) as title,
        arg_min(url, (published_at, item_id)) as url,
        min(published_at) as published_at,
        min(hours_after_first_seen) as hours
    from matches
    where is_response_outlet
    group by concern_id

),

counts as (

    select
        concern_id,
        count(*) filter (where hours_after_first_seen < 24) as items_24h,
        count(*) filter (where hours_after_first_seen < 72) as items_72h,
        count(*) filter (where hours_after_first_seen < 168) as items_7d,
        count(*) as items_in_window,
        count(*) filter (where is_contracted_outlet) as contracted_items,
        count(distinct agency_id) as outlets,
        count(*) filter (where is_after_response) as answer_items,
        count(distinct agency_id) filter (where is_after_response) as answer_outlets,
        string_agg(distinct agency, '; ' order by agency) filter (
            where is_after_response
        ) as answer_outlet_names
    from matches
    group by concern_id

)

select
    cast(concerns.concern_id as varchar) as concern_id,
    cast(concerns.description as varchar) as description,
    cast(concerns.keywords as varchar) as keywords,
    cast(concerns.theme_area as integer) as theme_area,
    cast(year(concerns.first_seen_at) as integer) as year,
    cast(concerns.first_seen_at as timestamp) as first_seen_at,
    cast(concerns.response_at as timestamp) as response_at,
    cast(concerns.response_channel as varchar) as response_channel,
    cast(concerns.window_end_at as timestamp) as window_end_at,
    cast(first_responses.item_id as varchar) as first_response_item_id,
    cast(first_responses.agency as varchar) as first_response_agency,
    cast(first_responses.title as varchar) as first_response_title,
    cast(first_responses.url as varchar) as first_response_url,
    cast(first_responses.published_at as timestamp) as first_response_at,
    cast(first_responses.hours as double) as response_hours,
    cast(coalesce(first_responses.hours <= 72, false) as boolean) as is_answered_within_72h,
    cast(coalesce(counts.items_24h, 0) as integer) as items_24h,
    cast(coalesce(counts.items_72h, 0) as integer) as items_72h,
    cast(coalesce(counts.items_7d, 0) as integer) as items_7d,
    cast(coalesce(counts.items_in_window, 0) as integer) as items_in_window,
    cast(coalesce(counts.contracted_items, 0) as integer) as contracted_items,
    cast(
        counts.contracted_items / nullif(counts.items_in_window, 0) as double
    ) as contracted_share,
    cast(coalesce(counts.outlets, 0) as integer) as outlets,
    cast(coalesce(counts.answer_items, 0) as integer) as answer_items,
    cast(coalesce(counts.answer_outlets, 0) as integer) as answer_outlets,
    cast(counts.answer_outlet_names as varchar) as answer_outlet_names,
    cast(coalesce(candidates.candidate_items, 0) as integer) as candidate_items,
    cast(coalesce(candidates.candidate_items_72h, 0) as integer) as candidate_items_72h,
    cast(candidates.candidate_first_response_at as timestamp) as candidate_first_response_at,
    cast(candidates.candidate_response_hours as double) as candidate_response_hours,
    cast(coalesce(rejections.rejected_items, 0) as integer) as rejected_items
from concerns
left join first_responses
    on concerns.concern_id = first_responses.concern_id
left join counts
    on concerns.concern_id = counts.concern_id
left join candidates
    on concerns.concern_id = candidates.concern_id
left join rejections
    on concerns.concern_id = rejections.concern_id
