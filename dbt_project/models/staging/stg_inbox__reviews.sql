with

source as (

    select * from {{ source('inbox', 'reviews') }}

),

renamed as (

    select
        action,
        replace(trim(source_file), '\', '/') as source_file,
        nullif(trim(sheet), '') as sheet,
        row_number,
        trim(column_name) as column_name,
        new_value,
        trim(item_url) as item_url,
        trim(other_url) as other_url,
        trim(contract_id) as contract_id,
        theme_area,
        trim(event_id) as event_id,
        tone,
        trim(concern_id) as concern_id,
        trim(reviewer) as reviewer,
        reviewed_on,
        note,
        _source_file as source_file_name,
        _sheet as source_sheet_name,
        _row_number as source_row,
        _loaded_at as loaded_at

    from source
    where not coalesce(_is_duplicate, false)

)

select * from renamed
