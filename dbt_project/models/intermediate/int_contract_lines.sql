-- One row per contract deliverable line, numbered within its contract in file order, with the
-- agency resolved, the contract-level period and value, and the agreed unit-price ceiling.

with

contracts as (

    select * from {{ ref('stg_inbox__contracts') }}

),

spellings as (

    select * from {{ ref('int_agencies__spellings') }}

),

agencies as (

    select * from {{ ref('int_agencies') }}

),

agreed_prices as (

    select * from {{ ref('agreed_unit_prices') }}

),

deliverable_types as (

    select * from {{ ref('deliverable_types') }}

),

numbered as (

    select
        *,
        row_number() over (
            partition by contract_id
            order by source_file, source_sheet, source_row_number
        ) as line_no
    from contracts

),

-- A line without a channel gets the most generous ceiling of its deliverable type.
ceiling_by_type as (

    select
        deliverable_type,
        max(max_unit_price_vnd) as max_unit_price_vnd
    from agreed_prices
    group by deliverable_type

)

select
    numbered.contract_id || '#' || numbered.line_no as contract_line_id,
    numbered.contract_id,
    numbered.line_no,
    agencies.agency_id,
    agencies.agency,
    numbered.agency_name as agency_as_written,
    numbered.signed_on,
    numbered.start_date,
    numbered.end_date,
    numbered.liquidated_on,
    numbered.deliverable_type,
    numbered.channel,
    numbered.theme_area,
    numbered.quantity,
    coalesce(deliverable_types.unit, 'item') as unit,
    numbered.unit_price_vnd,
    numbered.amount_vnd,
    coalesce(agreed_prices.max_unit_price_vnd, ceiling_by_type.max_unit_price_vnd)
        as max_unit_price_vnd,
    min(numbered.start_date) over (partition by numbered.contract_id) as contract_start_date,
    max(numbered.end_date) over (partition by numbered.contract_id) as contract_end_date,
    max(numbered.liquidated_on) over (partition by numbered.contract_id)
        as contract_liquidated_on,
    year(min(numbered.start_date) over (partition by numbered.contract_id)) as contract_year,
    sum(numbered.amount_vnd) over (partition by numbered.contract_id) as contract_value_vnd,
    numbered.source_file,
    numbered.source_row_number
from numbered
left join spellings
    on {{ fold_text('numbered.agency_name') }} = spellings.spelling_key
left join agencies
    on spellings.agency_id = agencies.agency_id
left join agreed_prices
    on
        numbered.deliverable_type = agreed_prices.deliverable_type
        and numbered.channel = agreed_prices.channel
left join ceiling_by_type
    on
        numbered.deliverable_type = ceiling_by_type.deliverable_type
        and numbered.channel is null
left join deliverable_types
    on numbered.deliverable_type = deliverable_types.deliverable_type
