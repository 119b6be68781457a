-- The items about each public concern, one row per concern and item (int_concerns__matches),
-- ordered in time: the report's timeline per concern reads them.

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
    cast(matches.is_after_response as boolean) as is_after_response
from {{ ref('int_concerns__matches') }} as matches
