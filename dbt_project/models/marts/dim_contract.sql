with

lines as (

    select * from {{ ref('int_contract_lines') }}

)

select
    cast(contract_line_id as varchar) as contract_line_id,
    cast(contract_id as varchar) as contract_id,
    cast(line_no as integer) as line_no,
    cast(agency_id as varchar) as agency_id,
    cast(agency as varchar) as agency,
    cast(contract_year as integer) as year,
    cast(signed_on as date) as signed_on,
    cast(start_date as date) as start_date,
    cast(end_date as date) as end_date,
    cast(liquidated_on as date) as liquidated_on,
    cast(deliverable_type as varchar) as deliverable_type,
    cast(channel as varchar) as channel,
    cast(theme_area as integer) as theme_area,
    cast(quantity as double) as quantity,
    cast(unit as varchar) as unit,
    cast(unit_price_vnd as bigint) as unit_price_vnd,
    cast(amount_vnd as bigint) as amount_vnd,
    cast(contract_value_vnd as bigint) as contract_value_vnd,
    cast(max_unit_price_vnd as bigint) as max_unit_price_vnd,
    cast(contract_start_date as date) as contract_start_date,
    cast(contract_end_date as date) as contract_end_date,
    cast(agency_as_written as varchar) as agency_as_written,
    cast(source_file as varchar) as source_file,
    cast(source_row_number as integer) as source_row_number
from lines
