with

agencies as (

    select * from {{ ref('int_agencies') }}

)

select
    cast(agency_id as varchar) as agency_id,
    cast(agency as varchar) as agency,
    cast(tier as varchar) as tier,
    cast(media_type as varchar) as media_type,
    cast(reach_estimate as bigint) as reach_estimate,
    cast(reach_basis as varchar) as reach_basis,
    cast(is_reach_default as boolean) as is_reach_default,
    cast(aliases as varchar) as aliases,
    cast(feed_host as varchar) as feed_host,
    cast(is_listed as boolean) as is_listed
from agencies
