with

payments as (

    select * from {{ ref('stg_inbox__payments') }}

),

contracts as (

    select
        contract_id,
        agency_id,
        agency,
        contract_liquidated_on
    from {{ ref('int_contract_lines') }}
    where line_no = 1

)

select
    cast(payments.payment_id as varchar) as payment_id,
    cast(payments.contract_id as varchar) as contract_id,
    cast(contracts.agency_id as varchar) as agency_id,
    cast(contracts.agency as varchar) as agency,
    cast(year(payments.paid_on) as integer) as year,
    cast(payments.paid_on as date) as paid_on,
    cast(payments.amount_vnd as bigint) as amount_vnd,
    cast(payments.payment_kind as varchar) as kind,
    cast(
        coalesce(payments.paid_on > contracts.contract_liquidated_on, false) as boolean
    ) as is_after_liquidation,
    cast(contracts.contract_id is not null as boolean) as is_known_contract,
    cast(payments.source_file as varchar) as source_file,
    cast(payments.source_row_number as integer) as source_row_number,
    cast(payments.corrected_by_review as varchar) as corrected_by_review
from payments
left join contracts
    on payments.contract_id = contracts.contract_id
