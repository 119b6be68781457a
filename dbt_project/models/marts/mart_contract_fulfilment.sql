with

lines as (

    select * from {{ ref('int_contract_lines') }}

),

delivery as (

    select * from {{ ref('int_contract_lines__delivery') }}

)

select
    cast(lines.contract_line_id as varchar) as contract_line_id,
    cast(lines.contract_id as varchar) as contract_id,
    cast(lines.agency_id as varchar) as agency_id,
    cast(lines.agency as varchar) as agency,
    cast(lines.contract_year as integer) as year,
    cast(lines.deliverable_type as varchar) as deliverable_type,
    cast(lines.channel as varchar) as channel,
    cast(lines.theme_area as integer) as theme_area,
    cast(lines.unit as varchar) as unit,
    cast(delivery.ordered_qty as double) as ordered_qty,
    cast(delivery.delivered_qty as double) as delivered_qty,
    cast(delivery.accepted_qty as double) as accepted_qty,
    cast(delivery.on_time_qty as double) as on_time_qty,
    cast(delivery.delivered_items as integer) as delivered_items,
    cast(delivery.accepted_items as integer) as accepted_items,
    cast(delivery.accepted_qty / nullif(delivery.ordered_qty, 0) as double) as delivery_rate,
    cast(delivery.on_time_qty / nullif(delivery.delivered_qty, 0) as double) as on_time_rate,
    cast(lines.unit_price_vnd as bigint) as unit_price_vnd,
    cast(lines.amount_vnd as bigint) as amount_vnd,
    cast(delivery.accepted_value_vnd as bigint) as accepted_value_vnd,
    cast(delivery.accepted_reach_estimate as bigint) as accepted_reach_estimate
from lines
inner join delivery
    on lines.contract_line_id = delivery.contract_line_id
