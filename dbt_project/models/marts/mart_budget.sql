-- Settlement view per contract. Payable at settlement = accepted value (capped by the contract
-- value) less everything already disbursed (advances, payments, settlements), never below 0;
-- what was disbursed beyond the accepted value is shown as over_disbursed_vnd.

with

lines as (

    select * from {{ ref('int_contract_lines') }}

),

delivery as (

    select * from {{ ref('int_contract_lines__delivery') }}

),

ledger as (

    select * from {{ ref('int_payments__ledger') }}

),

contracts as (

    select
        lines.contract_id,
        arg_min(lines.agency_id, lines.line_no) as agency_id,
        arg_min(lines.agency, lines.line_no) as agency,
        min(lines.contract_year) as contract_year,
        min(lines.signed_on) as signed_on,
        min(lines.contract_start_date) as start_date,
        max(lines.contract_end_date) as end_date,
        max(lines.contract_liquidated_on) as liquidated_on,
        sum(lines.amount_vnd) as contract_value_vnd,
        sum(delivery.accepted_value_vnd) as accepted_lines_value_vnd,
        sum(delivery.delivered_items) as delivered_items,
        sum(delivery.accepted_items) as accepted_items
    from lines
    inner join delivery
        on lines.contract_line_id = delivery.contract_line_id
    group by lines.contract_id

),

settled as (

    select
        contracts.*,
        least(contracts.accepted_lines_value_vnd, contracts.contract_value_vnd)
            as accepted_value_vnd,
        coalesce(ledger.advanced_vnd, 0) as advanced_vnd,
        coalesce(ledger.paid_vnd, 0) as paid_vnd,
        coalesce(ledger.total_disbursed_vnd, 0) as total_disbursed_vnd
    from contracts
    left join ledger
        on contracts.contract_id = ledger.contract_id

)

select
    cast(contract_id as varchar) as contract_id,
    cast(agency_id as varchar) as agency_id,
    cast(agency as varchar) as agency,
    cast(contract_year as integer) as year,
    cast(signed_on as date) as signed_on,
    cast(start_date as date) as start_date,
    cast(end_date as date) as end_date,
    cast(liquidated_on as date) as liquidated_on,
    cast(contract_value_vnd as bigint) as contract_value_vnd,
    cast(accepted_value_vnd as bigint) as accepted_value_vnd,
    cast(advanced_vnd as bigint) as advanced_vnd,
    cast(paid_vnd as bigint) as paid_vnd,
    cast(total_disbursed_vnd as bigint) as total_disbursed_vnd,
    cast(greatest(accepted_value_vnd - total_disbursed_vnd, 0) as bigint) as payable_vnd,
    cast(greatest(total_disbursed_vnd - accepted_value_vnd, 0) as bigint) as over_disbursed_vnd,
    cast(accepted_value_vnd / nullif(total_disbursed_vnd, 0) as double)
        as accepted_to_disbursed_ratio,
    cast(delivered_items as integer) as delivered_items,
    cast(accepted_items as integer) as accepted_items
from settled
