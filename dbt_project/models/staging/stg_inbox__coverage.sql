with

source as (

    select * from {{ source('inbox', 'coverage') }}

),

renamed as (

    select
        coalesce(
            item_id,
            sha256(concat_ws('|', trim(agency), trim(title), cast(published_at as date)))
        ) as item_id,
        trim(agency) as agency_name,
        published_at,
        cast(published_at as date) as published_date,
        trim(title) as title,
        nullif(trim(url), '') as url,
        lower(trim(deliverable_type)) as deliverable_type,
        lower(trim(channel)) as channel,
        nullif(trim(contract_id), '') as contract_id,
        accepted as is_accepted,
        duration_min,
        views,
        nullif(trim(summary), '') as summary,
        {{ lineage_columns() }}

    from source
    where not coalesce(_is_duplicate, false)

)

select * from renamed
