-- The items about each public concern with their standing as evidence (README, "Response to
-- public concern"): an analyst's confirm_concern decision makes an item 'confirmed', the only
-- standing the report counts as fact; a keyword match (int_concerns__matches) without a
-- decision is a 'candidate' shown for review; a reject_concern makes it 'rejected', kept here
-- for the record and never counted. An item the analyst confirmed that the keywords missed is
-- added, when it falls in the concern's window: it is described as a match would be.

with

concerns as (

    select * from {{ ref('int_concerns') }}

),

matches as (

    select * from {{ ref('int_concerns__matches') }}

),

decisions as (

    select * from {{ ref('int_concerns__review_decisions') }}

),

-- Confirmed items the keywords did not find: few, so described here rather than in the
-- per-item matching.
confirmed_only as (

    select
        decisions.concern_id,
        decisions.item_id
    from decisions
    left join matches
        on
            decisions.concern_id = matches.concern_id
            and decisions.item_id = matches.item_id
    where decisions.is_confirmed and matches.item_id is null

),

contracted as (

    select distinct confirmed_only.item_id
    from confirmed_only
    inner join {{ ref('int_coverage__items') }} as items
        on confirmed_only.item_id = items.item_id
    inner join {{ ref('int_contract_lines') }} as lines
        on
            items.agency_id = lines.agency_id
            and items.published_date
            between lines.contract_start_date and lines.contract_end_date

),

added as (

    select
        confirmed_only.concern_id,
        confirmed_only.item_id,
        items.agency_id,
        items.agency,
        items.published_at,
        items.title,
        items.url,
        cast(null as varchar) as matched_keywords,
        round(
            epoch(items.published_at - concerns.first_seen_at) / 3600.0, 2
        ) as hours_after_first_seen,
        coalesce(agencies.is_listed, false) as is_official_outlet,
        contracted.item_id is not null as is_contracted_outlet,
        coalesce(items.published_at >= concerns.response_at, false) as is_after_response,
        coalesce(agencies.is_listed, false)
        or contracted.item_id is not null as is_response_outlet,
        false as is_keyword_match
    from confirmed_only
    inner join concerns
        on confirmed_only.concern_id = concerns.concern_id
    inner join {{ ref('int_coverage__items') }} as items
        on confirmed_only.item_id = items.item_id
    left join {{ ref('int_agencies') }} as agencies
        on items.agency_id = agencies.agency_id
    left join contracted
        on confirmed_only.item_id = contracted.item_id
    -- An item before the sighting cannot answer it; the window bounds what is measured.
    where
        items.published_at >= concerns.first_seen_at
        and items.published_at < concerns.window_end_at

),

all_items as (

    select
        concern_id,
        item_id,
        agency_id,
        agency,
        published_at,
        title,
        url,
        matched_keywords,
        hours_after_first_seen,
        is_official_outlet,
        is_contracted_outlet,
        is_after_response,
        is_response_outlet,
        true as is_keyword_match
    from matches
    union all
    select * from added

)

select
    all_items.*,
    case
        when decisions.is_confirmed then 'confirmed'
        when not decisions.is_confirmed then 'rejected'
        else 'candidate'
    end as review_status,
    decisions.note as review_note,
    decisions.reviewed_by,
    decisions.reviewed_on,
    decisions.review_file,
    decisions.review_row
from all_items
left join decisions
    on
        all_items.concern_id = decisions.concern_id
        and all_items.item_id = decisions.item_id
