with

source as (

    select * from {{ source('inbox', 'events') }}

),

renamed as (

    select
        trim(event_id) as event_id,
        trim(name) as event_name,
        start_date,
        end_date,
        theme_area,
        window_days,
        {{ lineage_columns() }}

    from source
    where not coalesce(_is_duplicate, false)

)

select * from renamed
