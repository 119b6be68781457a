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
        _source_file as source_file,
        _sheet as source_sheet,
        _row_number as source_row_number,
        _loaded_at as loaded_at

    from source
    where not coalesce(_is_duplicate, false)

)

select * from renamed
