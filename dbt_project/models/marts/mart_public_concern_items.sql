-- The items about each public concern, one row per concern and item (int_concerns__items),
-- confirmed, candidate or rejected: the report's timeline per concern reads them, and the
-- analyst reads the candidates to review.

select
    cast(matches.concern_id as varchar) as concern_id,
    cast(matches.item_id as varchar) as item_id,
    cast(matches.agency_id as varchar) as agency_id,
    cast(matches.agency as varchar) as agency,
    cast(matches.published_at as timestamp) as published_at,
    cast(matches.title as varchar) as title,
    cast(matches.url as varchar) as url,
    cast(matches.matched_keywords as varchar) as matched_keywords,
    cast(matches.hours_after_first_seen as double) as hours_after_first_seen,
    cast(matches.is_official_outlet as boolean) as is_official_outlet,
    cast(matches.is_contracted_outlet as boolean) as is_contracted_outlet,
    cast(matches.is_response_outlet as boolean) as is_response_outlet,
    cast(matches.is_after_response as boolean) as is_after_response,
    cast(matches.is_keyword_match as boolean) as is_keyword_match,
    cast(matches.review_status as varchar) as review_status,
    cast(matches.review_note as varchar) as review_note,
    cast(matches.reviewed_by as varchar) as reviewed_by,
    cast(matches.reviewed_on as date) as reviewed_on
from {{ ref('int_concerns__items') }} as matches
