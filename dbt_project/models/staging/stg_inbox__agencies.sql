with

source as (

    select * from {{ source('inbox', 'agencies') }}

),

renamed as (

    select
        trim(agency) as agency_name,
        nullif(trim(aliases), '') as aliases,
        case {{ fold_text('tier') }}
            when 'central' then 'central'
            when 'trung uong' then 'central'
            when 'local' then 'local'
            when 'dia phuong' then 'local'
        end as tier,
        nullif(lower(trim(media_type)), '') as media_type,
        reach_estimate,
        nullif(trim(reach_basis), '') as reach_basis,
        nullif(lower(trim(feed_host)), '') as feed_host,
        {{ lineage_columns() }}

    from source
    where not coalesce(_is_duplicate, false)

)

select * from renamed
