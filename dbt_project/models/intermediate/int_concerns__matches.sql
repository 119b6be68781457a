-- One row per concern and matching item. The matching rule (README, "Response to public
-- concern"): an item matches a concern when
--   * it was published at or after the concern was first seen and before the concern's
--     window ends (int_concerns.window_end_at),
--   * its accent-folded title and lead hold one of the concern's keyword phrases as whole
--     words, and
--   * it carries the concern's content area, when the concern names one; an item the theme
--     tagger left unclassified is kept, since an answer to a rumour often holds none of the
--     area's keywords.
-- Cost: the phrases each item carries are found once per item, incrementally
-- (int_coverage__concern_phrases); only those items are joined to the concerns whose phrase
-- they carry and checked against each concern's own window. No item is compared with every
-- concern, and no item is split into words.

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

found as (

    select
        item_id,
        published_at,
        found_phrase
    from {{ ref('int_coverage__concern_phrases') }}

),

-- At any word only the longest phrase is found, so a phrase found also stands for every
-- phrase inside it ('cau hoang van thu' holds 'hoang van thu'). Phrases x phrases: small.
distinct_phrases as (

    select distinct keyword from keywords

),

phrase_pairs as (

    select
        outer_phrases.keyword as found_phrase,
        inner_phrases.keyword
    from distinct_phrases as outer_phrases
    inner join distinct_phrases as inner_phrases
        on contains(
            ' ' || outer_phrases.keyword || ' ', ' ' || inner_phrases.keyword || ' '
        )

),

concern_phrases as (

    select distinct
        keywords.concern_id,
        found.item_id,
        keywords.keyword
    from found
    inner join phrase_pairs
        on found.found_phrase = phrase_pairs.found_phrase
    inner join keywords
        on phrase_pairs.keyword = keywords.keyword
    inner join concerns
        on keywords.concern_id = concerns.concern_id
    where
        found.published_at >= concerns.first_seen_at
        and found.published_at < concerns.window_end_at

),

matched as (

    select
        concern_id,
        item_id,
        string_agg(keyword, '; ' order by keyword) as matched_keywords
    from concern_phrases
    group by concern_id, item_id

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
