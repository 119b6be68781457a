-- One row per concern and matching item. The matching rule (README, "Response to public
-- concern"): an item matches a concern when
--   * it was published at or after the concern was first seen and before the concern's
--     window ends (int_concerns.window_end_at),
--   * its accent-folded title and lead hold one of the concern's keyword phrases as whole
--     words, and
--   * it carries the concern's content area, when the concern names one; an item the theme
--     tagger left unclassified is kept, since an answer to a rumour often holds none of the
--     area's keywords.
-- Cost: items are first cut to the concerns' windows (a range join), their words joined to
-- the phrases' anchor words, and only those candidates tested for the whole phrase; no item
-- is compared with every concern.

with

concerns as (

    select * from {{ ref('int_concerns') }}

),

keywords as (

    select * from {{ ref('int_concerns__keywords') }}

),

items as (

    select * from {{ ref('int_coverage__items') }}

),

windowed_items as (

    select distinct
        items.item_id,
        items.published_at,
        items.search_text
    from items
    inner join concerns
        on
            items.published_at >= concerns.first_seen_at
            and items.published_at < concerns.window_end_at

),

item_words as (

    select
        windowed_items.item_id,
        unnest(list_distinct(string_split(windowed_items.search_text, ' '))) as word
    from windowed_items

),

candidates as (

    select distinct
        keywords.concern_id,
        keywords.keyword,
        item_words.item_id
    from item_words
    inner join keywords
        on item_words.word = keywords.anchor_token

),

matched as (

    select
        candidates.concern_id,
        candidates.item_id,
        string_agg(candidates.keyword, '; ' order by candidates.keyword) as matched_keywords
    from candidates
    inner join concerns
        on candidates.concern_id = concerns.concern_id
    inner join windowed_items
        on candidates.item_id = windowed_items.item_id
    where
        windowed_items.published_at >= concerns.first_seen_at
        and windowed_items.published_at < concerns.window_end_at
        and contains(
            ' ' || windowed_items.search_text || ' ', ' ' || candidates.keyword || ' '
        )
    group by candidates.concern_id, candidates.item_id

),

-- An outlet is contracted for an item when it holds a contract whose period covers the day
-- the item was published.
contracted as (

    select distinct matched.item_id
    from matched
    inner join items
        on matched.item_id = items.item_id
    inner join {{ ref('int_contract_lines') }} as lines
        on
            items.agency_id = lines.agency_id
            and items.published_date
            between lines.contract_start_date and lines.contract_end_date

),

enriched as (

    select
        matched.concern_id,
        matched.item_id,
        items.agency_id,
        items.agency,
        items.published_at,
        items.title,
        items.url,
        matched.matched_keywords,
        round(
            epoch(items.published_at - concerns.first_seen_at) / 3600.0, 2
        ) as hours_after_first_seen,
        coalesce(agencies.is_listed, false) as is_official_outlet,
        contracted.item_id is not null as is_contracted_outlet,
        coalesce(items.published_at >= concerns.response_at, false) as is_after_response
    from matched
    inner join concerns
        on matched.concern_id = concerns.concern_id
    inner join items
        on matched.item_id = items.item_id
    left join {{ ref('int_coverage__theme_labels') }} as labels
        on matched.item_id = labels.item_id
    left join {{ ref('int_agencies') }} as agencies
        on items.agency_id = agencies.agency_id
    left join contracted
        on matched.item_id = contracted.item_id
    where
        concerns.theme_area is null
        or coalesce(labels.is_unclassified, true)
        or list_contains(
            string_split(labels.theme_areas, ';'), cast(concerns.theme_area as varchar)
        )

)

select
    *,
    is_official_outlet or is_contracted_outlet as is_response_outlet
from enriched
