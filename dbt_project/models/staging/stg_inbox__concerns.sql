with

source as (

    select * from {{ source('inbox', 'concerns') }}

),

renamed as (

    select
        trim(concern_id) as concern_id,
        first_seen_at,
        trim(description) as description,
        keywords,
        theme_area,
        response_at,
        trim(response_channel) as response_channel,
        _source_file as source_file,
        _sheet as source_sheet,
        _row_number as source_row_number,
        _loaded_at as loaded_at

    from source
    where not coalesce(_is_duplicate, false)

)

select * from renamed
