with

source as (

    select * from {{ source('inbox', 'payments') }}

),

renamed as (

    select
        trim(payment_id) as payment_id,
        trim(contract_id) as contract_id,
        paid_on,
        amount_vnd,
        lower(trim(kind)) as payment_kind,
        _source_file as source_file,
        _sheet as source_sheet,
        _row_number as source_row_number,
        _loaded_at as loaded_at

    from source
    where not coalesce(_is_duplicate, false)

)

select * from renamed
