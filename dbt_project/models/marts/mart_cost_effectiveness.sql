-- Cost per accepted item and per 1,000 potential reach (an estimate), by contract year,
-- agency, deliverable type and the content area of the contract line. Only accepted items count.

with

lines as (

    select * from {{ ref('int_contract_lines') }}

),

delivery as (

    select * from {{ ref('int_contract_lines__delivery') }}

),

grouped as (

    select
        lines.contract_year,
        lines.agency_id,
        lines.agency,
        lines.deliverable_type,
        lines.theme_area,
        sum(delivery.accepted_value_vnd) as accepted_value_vnd,
        sum(delivery.accepted_items) as accepted_items,
        sum(delivery.accepted_reach_estimate) as reach_estimate_total
    from lines
    inner join delivery
        on lines.contract_line_id = delivery.contract_line_id
    group by all

)

select
    cast(contract_year as integer) as year,
    cast(agency_id as varchar) as agency_id,
    cast(agency as varchar) as agency,
    cast(deliverable_type as varchar) as deliverable_type,
    cast(theme_area as integer) as theme_area,
    cast(accepted_value_vnd as bigint) as accepted_value_vnd,
    cast(accepted_items as integer) as accepted_items,
    cast(reach_estimate_total as bigint) as reach_estimate_total,
    cast(accepted_value_vnd / nullif(accepted_items, 0) as double) as cost_per_item_vnd,
    cast(accepted_value_vnd / nullif(reach_estimate_total / 1000.0, 0) as double)
        as cost_per_1000_reach_vnd
from grouped
