with

source as (

    select * from {{ source('inbox', 'payments') }}

),

-- Contract numbers are the same number when equal after NFC, case folding and collapsing runs
-- of spaces; a payment typed "hđ-01/2025" belongs to contract "HĐ-01/2025". A key shared by two
-- different numbers of the contracts list names neither (the gate reports such payments).
contract_keys as (

    select
        lower(regexp_replace(trim(nfc_normalize(contract_id)), '\s+', ' ', 'g')) as contract_key,
        min(trim(contract_id)) as contract_id
    from {{ source('inbox', 'contracts') }}
    where not coalesce(_is_duplicate, false) and contract_id is not null
    group by contract_key
    having count(distinct trim(contract_id)) = 1

),

renamed as (

    select
        trim(source.payment_id) as payment_id,
        coalesce(contract_keys.contract_id, trim(source.contract_id)) as contract_id,
        trim(source.contract_id) as contract_id_as_typed,
        source.paid_on,
        source.amount_vnd,
        lower(trim(source.kind)) as payment_kind,
        source._source_file as source_file,
        source._sheet as source_sheet,
        source._row_number as source_row_number,
        source._corrected_by as corrected_by_review,
        source._loaded_at as loaded_at

    from source
    left join contract_keys
        on
            lower(regexp_replace(trim(nfc_normalize(source.contract_id)), '\s+', ' ', 'g'))
            = contract_keys.contract_key
    where not coalesce(source._is_duplicate, false)

)

select * from renamed
