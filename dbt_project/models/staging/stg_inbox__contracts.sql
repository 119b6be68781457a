with

source as (

    select * from {{ source('inbox', 'contracts') }}

),

renamed as (

    select
        trim(contract_id) as contract_id,
        trim(agency) as agency_name,
        signed_on,
        start_date,
        end_date,
        liquidated_on,
        lower(trim(deliverable_type)) as deliverable_type,
        lower(trim(channel)) as channel,
        theme_area,
        quantity,
        unit_price_vnd,
        amount_vnd,
        {{ lineage_columns() }}

    from source
    where not coalesce(_is_duplicate, false)

)

select * from renamed
